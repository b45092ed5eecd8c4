#include "weft-scan-private.h"

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
