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

static void on_record(void *ctx, uint32_t thread, const WeftRecord *r) { count_record(ctx, thread, r); }

/* The header's verdict, as the reader gives it. */
static WeftStatus check_header(int fd) {
  WeftFileHeader h;
  if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
    return WEFT_ERR_TRUNCATED;
  if (memcmp(h.magic, WEFT_MAGIC, WEFT_MAGIC_LEN))
    return WEFT_ERR_NOT_TRACE;
  if (h.major != WEFT_FORMAT_MAJOR)
    return WEFT_ERR_VERSION;
  if (h.byte_order != WEFT_BYTE_ORDER_LITTLE)
    return WEFT_ERR_BYTE_ORDER;
  if (h.header_size < sizeof h)
    return WEFT_ERR_CORRUPT;
  return WEFT_TRACE_OK;
}

WeftStatus weft_trace_count(const char *path, WeftTraceCounts *out) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return WEFT_ERR_IO;
  WeftStatus st = check_header(fd);
  size_t bits = (WEFT_MAX_ID >> 3) + 1;
  Counter c = {calloc(bits, 1), calloc(bits, 1), out};
  if (st == WEFT_TRACE_OK && (!c.has_base || !c.seen))
    st = WEFT_ERR_NO_MEMORY;
  if (st == WEFT_TRACE_OK && _weft_scan_file(fd, on_record, &c) < 0)
    st = errno == ENOMEM ? WEFT_ERR_NO_MEMORY : WEFT_ERR_CORRUPT;
  free(c.has_base);
  free(c.seen);
  close(fd);
  if (st != WEFT_TRACE_OK)
    memset(out, 0, sizeof *out);
  return st;
}
