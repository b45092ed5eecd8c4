/* ThreadSanitizer's reports in the reader: RACE events decoded, TSan's thread
 * numbers mapped to weft's by OS id and liveness (an OS id reused), a damaged
 * blob read safely, and "not checked" told from "none found". */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-race-fixture.h"
#include "test-run.h"
#include "weft-encode-private.h"
#include "weft-trace.h"
#include "weft-writer.h"

static char path[64];

static WeftTrace *open_fixture(int with_detector) {
  WeftTrace *t = weft_test_open_race_fixture(with_detector);
  ck_assert_ptr_nonnull(t);
  return t;
}

START_TEST(test_races_decoded) {
  WeftTrace *t = open_fixture(1);
  ck_assert_str_eq(weft_trace_race_detector(t), "ThreadSanitizer");
  size_t n;
  const WeftRace *r = weft_trace_races(t, &n);
  ck_assert_uint_eq(n, 3);
  ck_assert_str_eq(r[0].kind, "data-race");
  ck_assert_str_eq(r[0].variable, "hits");
  ck_assert_str_eq(r[0].location, "global");
  ck_assert_uint_eq(r[0].time, 500 * RACE_US);
  ck_assert_uint_eq(r[0].thread, 3);
  ck_assert_uint_eq(r[0].naccesses, 2);
  ck_assert(r[0].accesses[0].write && !r[0].accesses[1].write);
  ck_assert_uint_eq(r[0].accesses[0].size, 8);
  ck_assert_uint_eq(r[0].accesses[1].size, 4);
  ck_assert_uint_eq(r[0].accesses[0].stack, 1);
  ck_assert_uint_eq(r[0].accesses[1].stack, 2);
  ck_assert_uint_eq(r[0].accesses[0].tsan_tid, 7);
  ck_assert_str_eq(r[0].text, "WARNING: ThreadSanitizer: data race\n");
  /* the heap race: no name from TSan, the allocating thread mapped */
  ck_assert_ptr_null(r[1].variable);
  ck_assert_str_eq(r[1].location, "heap");
  ck_assert_uint_eq(r[1].location_stack, 2);
  /* TSan's other findings keep their kind and text, and have no accesses */
  ck_assert_str_eq(r[2].kind, "lock-order-inversion");
  ck_assert_uint_eq(r[2].naccesses, 0);
  ck_assert_uint_eq(r[2].nthreads, 2);
  ck_assert_uint_eq(r[2].threads[1], 1);
  /* each RACE event's arg is its report's number */
  size_t nev, seen = 0;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < nev; i++)
    if (ev[i].type == WEFT_EV_RACE) {
      ck_assert_uint_eq(ev[i].arg, ++seen);
      ck_assert_uint_eq(ev[i].time, r[seen - 1].time);
      ck_assert_uint_eq(ev[i].stack, r[seen - 1].naccesses ? r[seen - 1].accesses[0].stack : 0);
    }
  ck_assert_uint_eq(seen, 3);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_race_threads_mapped) {
  WeftTrace *t = open_fixture(1);
  size_t n;
  const WeftRace *r = weft_trace_races(t, &n);
  /* T7 is running: w-new (3); T5 had finished: w-other (4) */
  ck_assert_uint_eq(r[0].accesses[0].thread, 3);
  ck_assert_uint_eq(r[0].accesses[1].thread, 4);
  /* T3 had finished and has w-new's OS id: the thread that ended before,
   * w-old (2), not the one alive with the same id */
  ck_assert_uint_eq(r[1].accesses[0].thread, 3);
  ck_assert_uint_eq(r[1].accesses[1].thread, 2);
  ck_assert_uint_eq(r[1].location_thread, 2);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_no_detector_is_not_checked) {
  WeftTrace *t = open_fixture(0);
  ck_assert_ptr_null(weft_trace_race_detector(t));
  size_t n;
  weft_trace_races(t, &n);
  ck_assert_uint_eq(n, 0);
  weft_trace_free(t);
}
END_TEST

/* A blob cut anywhere, or with a count that lies: read without going past
 * its end (the sanitizer build watches), never a race with garbage. */
START_TEST(test_damaged_blob) {
  unsigned char blob[1024];
  size_t len = weft_test_race_blob(blob, sizeof blob);
  for (size_t cut = 0; cut <= len; cut++) {
    snprintf(path, sizeof path, "/tmp/weft-test-races-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    WeftWriter *w = weft_writer_create(path, 0, 1);
    uint64_t d = WEFT_RACE_DETECTOR_TSAN, th[] = {1, 0, 1, 0, 0, 0}, a[] = {0, 0, 0, 0};
    weft_writer_meta(w, 0, WEFT_META_RACE_DETECTOR, 1, &d, NULL, 0);
    weft_writer_meta(w, 1, WEFT_META_THREAD, 6, th, NULL, 0);
    weft_writer_event(w, 1, 10, WEFT_EV_THREAD_START, 0, a, NULL, 0);
    unsigned char copy[1024];
    memcpy(copy, blob, cut);
    if (cut > 12)
      copy[12] = 0x7f; /* a count or length that claims too much */
    weft_writer_event(w, 1, 20, WEFT_EV_RACE, 4, a, copy, cut);
    ck_assert_int_eq(weft_writer_close(w), 0);
    WeftTrace *t;
    ck_assert_int_eq(weft_trace_open(path, &t), WEFT_TRACE_OK);
    unlink(path);
    size_t n;
    const WeftRace *r = weft_trace_races(t, &n);
    ck_assert_uint_le(n, 1);
    for (size_t i = 0; i < n; i++) {
      ck_assert_uint_le(r[i].naccesses, 2);
      for (size_t k = 0; k < r[i].naccesses; k++)
        ck_assert_uint_le(r[i].accesses[k].thread, 1);
    }
    weft_trace_free(t);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("races");
  TCase *tc = tcase_create("reader");
  tcase_add_test(tc, test_races_decoded);
  tcase_add_test(tc, test_race_threads_mapped);
  tcase_add_test(tc, test_no_detector_is_not_checked);
  tcase_add_test(tc, test_damaged_blob);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
