/* The trace format: what the writer writes, the reader reads back equal; a
 * truncated or corrupted file reads a prefix or fails cleanly. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test-run.h"
#include "weft-encode-private.h"
#include "weft-trace.h"
#include "weft-writer.h"

static char tmp_path[64];

static void make_tmp(void) {
  snprintf(tmp_path, sizeof tmp_path, "/tmp/weft-test-format-XXXXXX");
  int fd = mkstemp(tmp_path);
  ck_assert_int_ge(fd, 0);
  close(fd);
}

static void *slurp(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *buf = malloc((size_t)n + 1);
  ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *size = (size_t)n;
  return buf;
}

/* Two threads, a mutex, a stack, names: a small but complete trace. The tick
 * unit is nanoseconds (no TSC feature), so times come back unchanged. */
static void write_small_trace(const char *path, int events_per_thread) {
  WeftWriter *w = weft_writer_create(path, WEFT_FEATURE_STACKS, 4242);
  ck_assert_ptr_nonnull(w);
  uint64_t proc[] = {4242, 1, 0, 1000};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "prog\0arg", 8);
  uint64_t th1[] = {1, 0, 4242, 0, 0, 0};
  uint64_t th2[] = {2, 1, 4243, 0x401000, 0x401234, 0};
  weft_writer_meta(w, 1, WEFT_META_THREAD, 6, th1, NULL, 0);
  weft_writer_meta(w, 2, WEFT_META_THREAD, 6, th2, NULL, 0);
  uint64_t obj[] = {1, WEFT_OBJ_MUTEX, 0x601040, 0x401111, 0, 0};
  weft_writer_meta(w, 1, WEFT_META_OBJECT, 6, obj, NULL, 0);
  uint64_t str_fn[] = {1}, str_file[] = {2}, str_sym[] = {3};
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, str_fn, "worker", 6);
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, str_file, "prog.c", 6);
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, str_sym, "counter_mu", 10);
  uint64_t frame[] = {0, 0x401000, 1, 2, 17};
  weft_writer_meta(w, 0, WEFT_META_FRAME, 5, frame, NULL, 0);
  uint64_t objname[] = {1, 3};
  weft_writer_meta(w, 0, WEFT_META_OBJECT_NAME, 2, objname, NULL, 0);
  uint64_t stack[] = {7, 0, 0x401000, 0x402000};
  weft_writer_meta(w, 2, WEFT_META_STACK, 4, stack, NULL, 0);

  uint64_t create[] = {0, 0, 2};
  weft_writer_event(w, 1, 1000, WEFT_EV_THREAD_CREATE, 3, create, NULL, 0);
  uint64_t start[] = {0, 0, 1};
  weft_writer_event(w, 2, 1500, WEFT_EV_THREAD_START, 3, start, NULL, 0);
  uint64_t name[] = {0, 0, 2};
  weft_writer_event(w, 2, 1600, WEFT_EV_THREAD_NAME, 3, name, "cook", 4);
  for (int i = 0; i < events_per_thread; i++) {
    uint64_t acq[] = {1, WEFT_F_WRITE, 0, (uint64_t)(i % 3 == 0 ? 7 : 0)};
    uint64_t rel[] = {1};
    weft_writer_event(w, 1, 2000 + 10 * (uint64_t)i, WEFT_EV_LOCK_ACQUIRE, 4, acq, NULL, 0);
    weft_writer_event(w, 1, 2003 + 10 * (uint64_t)i, WEFT_EV_LOCK_RELEASE, 1, rel, NULL, 0);
    weft_writer_event(w, 2, 2005 + 10 * (uint64_t)i, WEFT_EV_LOCK_ACQUIRE, 4, acq, NULL, 0);
    weft_writer_event(w, 2, 2008 + 10 * (uint64_t)i, WEFT_EV_LOCK_RELEASE, 1, rel, NULL, 0);
  }
  uint64_t end[] = {0, 0, WEFT_END_RETURN};
  weft_writer_event(w, 2, 3000000, WEFT_EV_THREAD_END, 3, end, NULL, 0);
  uint64_t status[] = {0};
  weft_writer_meta(w, 0, WEFT_META_END, 1, status, NULL, 0);
  ck_assert_int_eq(weft_writer_close(w), 0);
}

START_TEST(test_varint_round_trip) {
  uint64_t values[] = {0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, UINT64_MAX};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    uint8_t buf[16];
    uint8_t *e = _weft_put_varint(buf, values[i]);
    ck_assert_uint_eq((size_t)(e - buf), _weft_varint_size(values[i]));
    const uint8_t *p = buf;
    uint64_t v;
    ck_assert_int_eq(_weft_get_varint(&p, e, &v), 0);
    ck_assert_uint_eq(v, values[i]);
    ck_assert_ptr_eq(p, e);
    /* one byte short must fail, not read past the end */
    p = buf;
    ck_assert_int_eq(_weft_get_varint(&p, e - 1, &v), -1);
  }
  ck_assert_int_eq(_weft_unzigzag(_weft_zigzag(-5)), -5);
  ck_assert_int_eq(_weft_unzigzag(_weft_zigzag(INT64_MIN)), INT64_MIN);
}
END_TEST

START_TEST(test_record_forms) {
  uint8_t buf[256];
  uint64_t a1[] = {5};
  uint8_t *e = _weft_put_record(buf, WEFT_EV_LOCK_RELEASE, 1, a1, NULL, 0);
  ck_assert_uint_eq((size_t)(e - buf), 2); /* type + one-byte varint */
  uint64_t a5[] = {1, 2, 3, 4, 500};
  e = _weft_put_record(e, WEFT_EV_LOCK_WAIT, 5, a5, "xy", 2);
  const uint8_t *p = buf;
  WeftRecord r;
  ck_assert_int_eq(_weft_get_record(&p, e, &r), 0);
  ck_assert_uint_eq(r.type, WEFT_EV_LOCK_RELEASE);
  ck_assert_uint_eq(r.nargs, 1);
  ck_assert_uint_eq(r.args[0], 5);
  ck_assert_int_eq(_weft_get_record(&p, e, &r), 0);
  ck_assert_uint_eq(r.type, WEFT_EV_LOCK_WAIT);
  ck_assert_uint_eq(r.nargs, 5);
  ck_assert_uint_eq(r.args[4], 500);
  ck_assert_uint_eq(r.blob_len, 2);
  ck_assert_int_eq(memcmp(r.blob, "xy", 2), 0);
  ck_assert_ptr_eq(p, e);
}
END_TEST

/* Types 63 and above escape to a varint: events 64-127, metadata from 128. */
START_TEST(test_extended_types) {
  uint8_t buf[256];
  uint64_t a2[] = {7, 8};
  uint8_t *e = _weft_put_record(buf, 70, 2, a2, NULL, 0);
  ck_assert_uint_eq((size_t)(e - buf), _weft_record_size(70, 2, a2, 0));
  ck_assert_uint_eq(buf[0] & WEFT_REC_TYPE_MASK, WEFT_REC_EXTENDED);
  uint64_t a5[] = {1, 2, 3, 4, 300};
  uint8_t *e2 = _weft_put_record(e, 200, 5, a5, "abc", 3);
  ck_assert_uint_eq((size_t)(e2 - e), _weft_record_size(200, 5, a5, 3));
  const uint8_t *p = buf;
  WeftRecord r;
  ck_assert_int_eq(_weft_get_record(&p, e2, &r), 0);
  ck_assert_uint_eq(r.type, 70);
  ck_assert_uint_eq(r.nargs, 2);
  ck_assert_uint_eq(r.args[1], 8);
  ck_assert_int_eq(_weft_get_record(&p, e2, &r), 0);
  ck_assert_uint_eq(r.type, 200);
  ck_assert_uint_eq(r.args[4], 300);
  ck_assert_uint_eq(r.blob_len, 3);
  ck_assert_ptr_eq(p, e2);
  ck_assert(weft_rec_is_event(44) && weft_rec_is_event(64) && weft_rec_is_event(127));
  ck_assert(!weft_rec_is_event(48) && !weft_rec_is_event(63) && !weft_rec_is_event(128));
}
END_TEST

START_TEST(test_round_trip) {
  make_tmp();
  write_small_trace(tmp_path, 1000);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(tmp_path, &t), WEFT_TRACE_OK);
  const WeftTraceInfo *info = weft_trace_info(t);
  ck_assert_uint_eq(info->pid, 4242);
  ck_assert(info->closed_cleanly);
  ck_assert_uint_eq(info->bytes_ignored, 0);
  ck_assert_uint_eq(info->corrupt_chunks, 0);
  ck_assert_str_eq(info->argv, "prog arg");

  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  ck_assert_uint_eq(n, 3 + 4 * 1000 + 1);
  for (size_t i = 1; i < n; i++)
    ck_assert_uint_le(ev[i - 1].time, ev[i].time);
  /* times are relative to the process start at 1000 ns */
  ck_assert_uint_eq(ev[0].time, 0);
  ck_assert_uint_eq(ev[0].type, WEFT_EV_THREAD_CREATE);
  ck_assert_uint_eq(ev[0].arg, 2);
  ck_assert_uint_eq(ev[3].type, WEFT_EV_LOCK_ACQUIRE);
  ck_assert_uint_eq(ev[3].time, 1000);
  ck_assert_uint_eq(ev[3].thread, 1);
  ck_assert_uint_eq(ev[3].object, 1);
  ck_assert_uint_eq(ev[3].stack, 7);
  ck_assert_uint_eq(ev[3].flags, WEFT_F_WRITE);
  ck_assert_uint_eq(ev[n - 1].type, WEFT_EV_THREAD_END);

  size_t nth;
  const WeftThread *th = weft_trace_threads(t, &nth);
  ck_assert_uint_eq(nth, 2);
  ck_assert_str_eq(th[0].name, "main");
  ck_assert_str_eq(th[1].name, "cook");
  ck_assert_str_eq(th[1].start_function, "worker");
  ck_assert_uint_eq(th[1].parent, 1);
  ck_assert_uint_eq(th[1].create_event, 0);
  ck_assert_uint_eq(th[1].end_time, 3000000 - 1000);

  const WeftObject *o = weft_trace_object(t, 1);
  ck_assert_ptr_nonnull(o);
  ck_assert_str_eq(o->name, "counter_mu");
  ck_assert_uint_eq(o->kind, WEFT_OBJ_MUTEX);
  ck_assert_str_eq(weft_event_call_name(t, &ev[3]), "pthread_mutex_lock");

  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, 7, &depth);
  ck_assert_uint_eq(depth, 2);
  ck_assert_str_eq(f[0].function, "worker");
  ck_assert_str_eq(f[0].file, "prog.c");
  ck_assert_uint_eq(f[0].line, 17);
  ck_assert_ptr_null(f[1].function);
  ck_assert_uint_eq(f[1].pc, 0x402000);
  weft_trace_free(t);
  unlink(tmp_path);
}
END_TEST

/* Every prefix of a trace opens as a prefix (or fails with a clean status),
 * never crashes, never reads more events than the whole file has. */
START_TEST(test_truncation_every_offset) {
  make_tmp();
  write_small_trace(tmp_path, 30);
  size_t size;
  uint8_t *data = slurp(tmp_path, &size);
  WeftTrace *whole;
  ck_assert_int_eq(weft_trace_open_memory(data, size, &whole), WEFT_TRACE_OK);
  size_t total;
  weft_trace_events(whole, &total);
  size_t last_n = 0;
  for (size_t cut = 0; cut < size; cut++) {
    WeftTrace *t;
    WeftStatus st = weft_trace_open_memory(data, cut, &t);
    if (cut < sizeof(WeftFileHeader)) {
      ck_assert_int_ne(st, WEFT_TRACE_OK);
      ck_assert_ptr_null(t);
      continue;
    }
    ck_assert_int_eq(st, WEFT_TRACE_OK);
    size_t n;
    weft_trace_events(t, &n);
    ck_assert_uint_le(n, total);
    ck_assert_uint_ge(n, last_n); /* a longer prefix never reads less */
    last_n = n;
    ck_assert_uint_lt(weft_trace_info(t)->bytes_ignored, cut);
    weft_trace_free(t);
  }
  weft_trace_free(whole);
  free(data);
  unlink(tmp_path);
}
END_TEST

START_TEST(test_corrupt_chunk_detected) {
  make_tmp();
  write_small_trace(tmp_path, 5000); /* several chunks per thread */
  size_t size;
  uint8_t *data = slurp(tmp_path, &size);
  /* flip a byte in the middle of the first chunk's payload */
  size_t off = sizeof(WeftFileHeader) + sizeof(WeftChunkHeader) + 3;
  data[off] ^= 0x5a;
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open_memory(data, size, &t), WEFT_TRACE_OK);
  ck_assert_uint_eq(weft_trace_info(t)->corrupt_chunks, 1);
  weft_trace_free(t);
  free(data);
  unlink(tmp_path);
}
END_TEST

START_TEST(test_bad_headers) {
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open("/nonexistent/x.weft", &t), WEFT_ERR_IO);
  ck_assert_ptr_null(t);
  ck_assert_int_eq(weft_trace_open("/", &t), WEFT_ERR_IO);
  const char text[] = "hello, this is not a trace at all, just text\n";
  ck_assert_int_eq(weft_trace_open_memory(text, sizeof text, &t), WEFT_ERR_NOT_TRACE);
  ck_assert_int_eq(weft_trace_open_memory("", 0, &t), WEFT_ERR_NOT_TRACE);
  ck_assert_int_eq(weft_trace_open_memory(WEFT_MAGIC, 5, &t), WEFT_ERR_TRUNCATED);
  WeftFileHeader h;
  weft_file_header_init(&h, 0, 1, 0);
  h.major = WEFT_FORMAT_MAJOR + 1;
  ck_assert_int_eq(weft_trace_open_memory(&h, sizeof h, &t), WEFT_ERR_VERSION);
  weft_file_header_init(&h, 0, 1, 0);
  h.minor = WEFT_FORMAT_MINOR + 7; /* a newer minor still opens */
  ck_assert_int_eq(weft_trace_open_memory(&h, sizeof h, &t), WEFT_TRACE_OK);
  weft_trace_free(t);
  weft_file_header_init(&h, 0, 1, 0);
  h.header_size = 4;
  ck_assert_int_eq(weft_trace_open_memory(&h, sizeof h, &t), WEFT_ERR_CORRUPT);
}
END_TEST

START_TEST(test_unknown_records_skipped) {
  make_tmp();
  WeftWriter *w = weft_writer_create(tmp_path, 0, 1);
  uint64_t a[] = {9, 9, 9, 9};
  weft_writer_meta(w, 1, 62, 4, a, "future", 6); /* metadata types from the future */
  weft_writer_meta(w, 1, 200, 1, a, NULL, 0);
  uint64_t rel[] = {3};
  weft_writer_event(w, 1, 10, 127, 1, rel, "zz", 2); /* an unknown (extended) event type */
  weft_writer_event(w, 1, 20, WEFT_EV_LOCK_RELEASE, 1, rel, NULL, 0);
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(tmp_path, &t), WEFT_TRACE_OK);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  ck_assert_uint_eq(n, 2);
  ck_assert_uint_eq(ev[1].type, WEFT_EV_LOCK_RELEASE);
  ck_assert_uint_eq(ev[1].time - ev[0].time, 10);
  ck_assert_uint_eq(ev[0].type, 127);
  ck_assert_str_eq(weft_event_type_name(127), "unknown");
  ck_assert_str_eq(weft_event_type_name(9999), "unknown");
  weft_trace_free(t);
  unlink(tmp_path);
}
END_TEST

/* Damage inside chunks whose checksums are made to match again: the reader
 * must read something or nothing, never crash or read out of bounds (the
 * suite also runs under ASan and UBSan). */
START_TEST(test_fuzz_valid_checksums) {
  make_tmp();
  write_small_trace(tmp_path, 40);
  size_t size;
  uint8_t *orig = slurp(tmp_path, &size);
  uint8_t *data = malloc(size + 64);
  unsigned seed = 12345;
  for (int it = 0; it < 3000; it++) {
    memcpy(data, orig, size);
    size_t n = size;
    for (int k = 0; k < 1 + it % 5; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = sizeof(WeftFileHeader) + (seed >> 8) % (n - sizeof(WeftFileHeader));
      data[at] = (uint8_t)(seed >> 3);
    }
    /* re-checksum every chunk so the damage reaches the decoder */
    size_t off = sizeof(WeftFileHeader);
    while (off + sizeof(WeftChunkHeader) <= n) {
      WeftChunkHeader h;
      memcpy(&h, data + off, sizeof h);
      if (h.magic != WEFT_CHUNK_MAGIC || h.length > n - off - sizeof h)
        break;
      h.crc32 = (uint32_t)crc32(0L, data + off + sizeof h, h.length);
      memcpy(data + off, &h, sizeof h);
      off += sizeof h + h.length;
    }
    WeftTrace *t;
    if (weft_trace_open_memory(data, n, &t) != WEFT_TRACE_OK)
      continue;
    size_t ne, nt, no;
    const WeftEvent *ev = weft_trace_events(t, &ne);
    weft_trace_threads(t, &nt);
    weft_trace_objects(t, &no);
    for (size_t i = 0; i < ne; i++) {
      size_t depth;
      weft_trace_stack(t, ev[i].stack, &depth);
      weft_event_call_name(t, &ev[i]);
      ck_assert_uint_le(ev[i].thread, WEFT_MAX_ID);
      ck_assert_uint_le(ev[i].object, WEFT_MAX_ID);
    }
    weft_trace_free(t);
  }
  free(data);
  free(orig);
  unlink(tmp_path);
}
END_TEST

typedef struct {
  int calls;
  double last;
  bool increasing;
} Progress;

static void on_progress(double fraction, void *user) {
  Progress *p = user;
  if (fraction < p->last)
    p->increasing = false;
  p->last = fraction;
  p->calls++;
}

/* A trace large enough for the reader's big-trace path (mapped arrays given
 * back while merging), with equal times across threads: the order is time,
 * then thread id, each thread keeping its own order; progress climbs to 1. */
START_TEST(test_large_trace_order_and_progress) {
  make_tmp();
  WeftWriter *w = weft_writer_create(tmp_path, 0, 7);
  enum { THREADS = 6, PER_THREAD = 40000 };
  for (uint32_t th = 1; th <= THREADS; th++) {
    uint64_t meta[] = {th, th > 1 ? 1 : 0, 100 + th, 0, 0, 0};
    weft_writer_meta(w, th, WEFT_META_THREAD, 6, meta, NULL, 0);
  }
  for (uint64_t i = 0; i < PER_THREAD; i++)
    for (uint32_t th = THREADS; th >= 1; th--) {
      /* two events per thread at each tick: both keep their order */
      uint64_t a[] = {th, 0, i * 2};
      uint64_t b[] = {th, 0, i * 2 + 1};
      weft_writer_event(w, th, 1000 + i * 10, WEFT_EV_LOCK_ACQUIRE, 3, a, NULL, 0);
      weft_writer_event(w, th, 1000 + i * 10, WEFT_EV_LOCK_RELEASE, 3, b, NULL, 0);
    }
  ck_assert_int_eq(weft_writer_close(w), 0);
  Progress p = {0, 0.0, true};
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open_with_progress(tmp_path, on_progress, &p, &t), WEFT_TRACE_OK);
  ck_assert(p.increasing);
  ck_assert_int_ge(p.calls, 2);
  ck_assert(p.last == 1.0);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  ck_assert_uint_eq(n, (size_t)THREADS * PER_THREAD * 2);
  for (size_t i = 1; i < n; i++) {
    const WeftEvent *x = &ev[i - 1], *y = &ev[i];
    ck_assert_uint_le(x->time, y->time);
    if (x->time == y->time) {
      ck_assert_uint_le(x->thread, y->thread);
      if (x->thread == y->thread)
        ck_assert_uint_lt(x->arg, y->arg);
    }
  }
  weft_trace_free(t);
  unlink(tmp_path);
}
END_TEST

int main(void) {
  Suite *s = suite_create("format");
  TCase *tc = tcase_create("format");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_varint_round_trip);
  tcase_add_test(tc, test_record_forms);
  tcase_add_test(tc, test_extended_types);
  tcase_add_test(tc, test_round_trip);
  tcase_add_test(tc, test_truncation_every_offset);
  tcase_add_test(tc, test_corrupt_chunk_detected);
  tcase_add_test(tc, test_bad_headers);
  tcase_add_test(tc, test_unknown_records_skipped);
  tcase_add_test(tc, test_fuzz_valid_checksums);
  tcase_add_test(tc, test_large_trace_order_and_progress);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
