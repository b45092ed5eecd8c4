/* test-race-fixture.c: RACE events as the preload encodes them
 * (tracer/preload/weft-hook-tsan.c, docs/ARCHITECTURE.md "Data races"). */
#include "test-race-fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-encode-private.h"
#include "weft-trace.h"
#include "weft-writer.h"

typedef struct {
  unsigned char *p, *end;
} Buf;

static void v(Buf *b, uint64_t x) {
  if (b->end - b->p >= 10)
    b->p = _weft_put_varint(b->p, x);
}

static void str(Buf *b, const char *s) {
  size_t n = strlen(s);
  v(b, n);
  memcpy(b->p, s, n);
  b->p += n;
}

typedef struct {
  uint64_t tsan_tid, flags, size, addr, stack;
} Access;

typedef struct {
  uint64_t tsan_tid, os_tid, running, parent;
  const char *name;
} Thread;

static size_t race_blob(unsigned char *out, size_t size, const char *kind, const Access *acc,
                        size_t nacc, const char *loc, uint64_t loc_start, uint64_t loc_tid,
                        uint64_t loc_stack, const char *variable, const Thread *th, size_t nth,
                        const char *text) {
  Buf b = {out, out + size};
  v(&b, WEFT_RACE_BLOB_VERSION);
  str(&b, kind);
  v(&b, nacc);
  for (size_t i = 0; i < nacc; i++) {
    v(&b, acc[i].tsan_tid);
    v(&b, acc[i].flags);
    v(&b, acc[i].size);
    v(&b, acc[i].addr);
    v(&b, acc[i].stack);
  }
  str(&b, loc);
  v(&b, loc_start);
  v(&b, 8);
  v(&b, loc_tid);
  v(&b, loc_stack);
  str(&b, variable);
  v(&b, nth);
  for (size_t i = 0; i < nth; i++) {
    v(&b, th[i].tsan_tid);
    v(&b, th[i].os_tid);
    v(&b, th[i].running);
    v(&b, th[i].parent);
    str(&b, th[i].name);
  }
  v(&b, 0); /* no other stacks */
  str(&b, text);
  return (size_t)(b.p - out);
}

static const Access hits_acc[] = {{7, WEFT_RACE_WRITE, 8, 0x4010, 1}, {5, 0, 4, 0x4010, 2}};
static const Thread hits_th[] = {{7, 2002, 1, 0, "w-new"}, {5, 2004, 0, 0, "w-other"}};

size_t weft_test_race_blob(unsigned char *out, size_t size) {
  return race_blob(out, size, "data-race", hits_acc, 2, "global", 0x4010, 0, 0, "hits", hits_th,
                   2, "WARNING: ThreadSanitizer: data race\n");
}

static WeftWriter *w;

static void ev(uint32_t tid, uint64_t t_us, unsigned type, uint64_t arg) {
  uint64_t a[] = {0, 0, arg};
  weft_writer_event(w, tid, t_us * RACE_US, type, arg ? 3 : 0, a, NULL, 0);
}

static void race(uint32_t tid, uint64_t t_us, const unsigned char *blob, size_t len) {
  uint64_t a[] = {0, 0, 0};
  weft_writer_event(w, tid, t_us * RACE_US, WEFT_EV_RACE, 3, a, blob, len);
}

void weft_test_write_race_fixture(const char *path, int with_detector) {
  w = weft_writer_create(path, 0, 1000);
  if (!w) {
    perror(path);
    exit(1);
  }
  uint64_t proc[] = {1000, 1, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "racy", 4);
  if (with_detector) {
    uint64_t d = WEFT_RACE_DETECTOR_TSAN;
    weft_writer_meta(w, 0, WEFT_META_RACE_DETECTOR, 1, &d, NULL, 0);
  }
  static const uint64_t os[] = {0, 1000, 2002, 2002, 2004};
  for (uint64_t t = 1; t <= 4; t++) {
    uint64_t th[] = {t, t == 1 ? 0 : 1, os[t], 0, 0, 0};
    weft_writer_meta(w, (uint32_t)t, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  for (uint64_t s = 1; s <= 3; s++) {
    uint64_t st[] = {s, 0, 0x1000 + s * 16, 0x2000};
    weft_writer_meta(w, 0, WEFT_META_STACK, 4, st, NULL, 0);
  }
  ev(1, 0, WEFT_EV_THREAD_START, 0);
  ev(1, 5, WEFT_EV_THREAD_CREATE, 2);
  ev(1, 140, WEFT_EV_THREAD_CREATE, 4);
  ev(1, 190, WEFT_EV_THREAD_CREATE, 3);
  ev(1, 1000, WEFT_EV_THREAD_END, 0);
  ev(2, 10, WEFT_EV_THREAD_START, 1);
  ev(2, 100, WEFT_EV_THREAD_END, 0);
  ev(4, 150, WEFT_EV_THREAD_START, 1);
  ev(4, 400, WEFT_EV_THREAD_END, 0);
  ev(3, 200, WEFT_EV_THREAD_START, 1);
  if (with_detector) {
    unsigned char blob[1024];
    race(3, 500, blob, weft_test_race_blob(blob, sizeof blob));
    static const Access heap_acc[] = {{7, WEFT_RACE_WRITE, 8, 0x9000, 1},
                                      {3, WEFT_RACE_WRITE, 8, 0x9000, 3}};
    static const Thread heap_th[] = {{7, 2002, 1, 0, "w-new"}, {3, 2002, 0, 0, "w-old"}};
    size_t n = race_blob(blob, sizeof blob, "data-race", heap_acc, 2, "heap", 0x9000, 3, 2, "",
                         heap_th, 2, "WARNING: ThreadSanitizer: data race (heap)\n");
    race(3, 600, blob, n);
    static const Thread inv_th[] = {{7, 2002, 1, 0, "w-new"}, {0, 1000, 1, 0, "main"}};
    n = race_blob(blob, sizeof blob, "lock-order-inversion", NULL, 0, "", 0, 0, 0, "", inv_th, 2,
                  "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)\n");
    race(3, 700, blob, n);
  }
  ev(3, 900, WEFT_EV_THREAD_END, 0);
  if (weft_writer_close(w) < 0) {
    perror(path);
    exit(1);
  }
}

WeftTrace *weft_test_open_race_fixture(int with_detector) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-races-XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) {
    perror(path);
    exit(1);
  }
  close(fd);
  weft_test_write_race_fixture(path, with_detector);
  WeftTrace *t = NULL;
  WeftStatus st = weft_trace_open(path, &t);
  unlink(path);
  return st == WEFT_TRACE_OK ? t : NULL;
}
