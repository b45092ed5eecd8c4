#include "weft-scan-private.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "weft-format.h"

int _weft_scan_records(const uint8_t *data, size_t size, WeftScanFn fn, void *ctx) {
  WeftFileHeader h;
  if (size < sizeof h)
    return -1;
  memcpy(&h, data, sizeof h);
  if (memcmp(h.magic, WEFT_MAGIC, WEFT_MAGIC_LEN) || h.major != WEFT_FORMAT_MAJOR ||
      h.header_size < sizeof h || h.header_size > size)
    return -1;
  size_t off = h.header_size;
  WeftChunkHeader c;
  WeftChunkCheck check;
  while ((check = _weft_chunk_check(data, size, off, &c)) != WEFT_CHUNK_STOP) {
    const uint8_t *p = data + off + sizeof c, *end = p + c.length;
    if (check == WEFT_CHUNK_VALID) {
      WeftRecord r;
      while (p < end && _weft_get_record(&p, end, &r) == 0)
        fn(ctx, c.thread, &r);
    }
    off += sizeof c + c.length;
  }
  return 0;
}

/* Reads exactly n bytes at off; false at the end of the file. */
static bool read_at(int fd, void *buf, size_t n, uint64_t off) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    done += (size_t)r;
  }
  return true;
}

int _weft_scan_file(int fd, WeftScanFn fn, void *ctx) {
  WeftFileHeader h;
  if (!read_at(fd, &h, sizeof h, 0) || memcmp(h.magic, WEFT_MAGIC, WEFT_MAGIC_LEN) ||
      h.major != WEFT_FORMAT_MAJOR || h.header_size < sizeof h) {
    errno = EINVAL;
    return -1;
  }
  uint8_t *chunk = NULL;
  size_t cap = 0;
  int rc = 0;
  for (uint64_t off = h.header_size;;) {
    WeftChunkHeader c;
    /* As _weft_chunk_check(): the end, or a header that cannot be trusted. */
    if (!read_at(fd, &c, sizeof c, off) || c.magic != WEFT_CHUNK_MAGIC ||
        c.length > WEFT_CHUNK_MAX_PAYLOAD)
      break;
    uint64_t next = off + sizeof c + c.length;
    if (c.flags & WEFT_CHUNK_PADDING || c.length == 0) {
      off = next;
      continue;
    }
    if (c.length > cap) {
      uint8_t *grown = realloc(chunk, c.length);
      if (!grown) {
        errno = ENOMEM;
        rc = -1;
        break;
      }
      chunk = grown;
      cap = c.length;
    }
    if (!read_at(fd, chunk, c.length, off + sizeof c))
      break; /* truncated */
    off = next;
    if ((uint32_t)crc32(0L, chunk, c.length) != c.crc32)
      continue;
    const uint8_t *p = chunk, *end = chunk + c.length;
    WeftRecord r;
    while (p < end && _weft_get_record(&p, end, &r) == 0)
      fn(ctx, c.thread, &r);
  }
  free(chunk);
  return rc;
}
