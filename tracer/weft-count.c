/* weft-count.c: a trace's totals in one streaming pass, constant memory.
 * `weft record` prints its closing summary from this: loading a trace of
 * 100 million events to count them would need gigabytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-scan-private.h"
#include "weft-trace.h"

typedef struct {
  uint8_t *has_base; /* bit per thread id: a TIME_BASE was seen, events count */
  uint8_t *seen;     /* bit per thread id: the reader will list this thread */
  WeftTraceCounts *out;
} Counter;

static bool bit(const uint8_t *set, uint64_t id) { return set[id >> 3] & (1u << (id & 7)); }
static void set_bit(uint8_t *set, uint64_t id) { set[id >> 3] |= (uint8_t)(1u << (id & 7)); }

static void see_thread(Counter *c, uint64_t tid) {
  if (tid == 0 || tid > WEFT_MAX_ID || bit(c->seen, tid))
    return;
  set_bit(c->seen, tid);
  c->out->threads++;
}

static void count_record(Counter *c, uint32_t thread, const WeftRecord *r) {
  if (weft_rec_is_event(r->type)) {
    if (r->nargs == 0 || thread > WEFT_MAX_ID)
      return;
    if (r->type == WEFT_EV_TIME_BASE) {
      set_bit(c->has_base, thread);
      return;
    }
    if (!bit(c->has_base, thread))
      return;
    c->out->events++;
    see_thread(c, thread);
    c->out->deadlocks += r->type == WEFT_EV_DEADLOCK;
    if ((r->type == WEFT_EV_THREAD_NAME && r->blob_len) || r->type == WEFT_EV_THREAD_CREATE)
      see_thread(c, r->nargs > 3 ? r->args[3] : 0);
    return;
  }
  switch (r->type) {
  case WEFT_META_THREAD:
    if (r->nargs > 0)
      see_thread(c, r->args[0]);
    break;
  case WEFT_META_LOST:
    c->out->lost_events += r->nargs > 0 ? r->args[0] : 0;
    break;
  case WEFT_META_END: c->out->closed_cleanly = true; break;
  case WEFT_META_DROPPED:
    c->out->dropped_chunks += r->nargs > 0 ? r->args[0] : 0;
    c->out->dropped_bytes += r->nargs > 1 ? r->args[1] : 0;
    c->out->max_size = r->nargs > 2 ? r->args[2] : 0;
    break;
  default: break;
  }
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

WeftStatus weft_trace_count(const char *path, WeftTraceCounts *out) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return WEFT_ERR_IO;
  WeftFileHeader h;
  WeftStatus st = WEFT_TRACE_OK;
  if (!read_at(fd, &h, sizeof h, 0))
    st = WEFT_ERR_TRUNCATED;
  else if (memcmp(h.magic, WEFT_MAGIC, WEFT_MAGIC_LEN))
    st = WEFT_ERR_NOT_TRACE;
  else if (h.major != WEFT_FORMAT_MAJOR)
    st = WEFT_ERR_VERSION;
  else if (h.byte_order != WEFT_BYTE_ORDER_LITTLE)
    st = WEFT_ERR_BYTE_ORDER;
  else if (h.header_size < sizeof h)
    st = WEFT_ERR_CORRUPT;
  size_t bits = (WEFT_MAX_ID >> 3) + 1, cap = 0;
  Counter c = {calloc(bits, 1), calloc(bits, 1), out};
  uint8_t *chunk = NULL;
  if (st == WEFT_TRACE_OK && (!c.has_base || !c.seen))
    st = WEFT_ERR_NO_MEMORY;
  for (uint64_t off = h.header_size; st == WEFT_TRACE_OK;) {
    WeftChunkHeader ch;
    if (!read_at(fd, &ch, sizeof ch, off) || ch.magic != WEFT_CHUNK_MAGIC ||
        ch.length > WEFT_CHUNK_MAX_PAYLOAD)
      break; /* the end, or a truncated trace: the reader stops there too */
    if (ch.length > cap) {
      uint8_t *grown = realloc(chunk, ch.length);
      if (!grown) {
        st = WEFT_ERR_NO_MEMORY;
        break;
      }
      chunk = grown;
      cap = ch.length;
    }
    if (!read_at(fd, chunk, ch.length, off + sizeof ch))
      break;
    off += sizeof ch + ch.length;
    if (!ch.length || (ch.flags & WEFT_CHUNK_PADDING) || (uint32_t)crc32(0L, chunk, ch.length) != ch.crc32)
      continue; /* an empty chunk holds nothing (and chunk may still be NULL) */
    const uint8_t *p = chunk, *end = chunk + ch.length;
    WeftRecord r;
    while (p < end && _weft_get_record(&p, end, &r) == 0)
      count_record(&c, ch.thread, &r);
  }
  free(chunk);
  free(c.has_base);
  free(c.seen);
  close(fd);
  if (st != WEFT_TRACE_OK)
    memset(out, 0, sizeof *out);
  return st;
}
