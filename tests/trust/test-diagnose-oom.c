/* Out of memory in the diagnosis says so: whichever allocation fails, the
 * diagnosis is either whole or marked incomplete, never a short one that
 * reads as a clean run (issue #11). Allocations are failed through the
 * linker's --wrap, one after another. */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#include "weft-diagnosis.h"
#include "weft-writer.h"

static long fail_countdown = -1; /* the allocation that fails; -1: none */

static bool should_fail(void) { return fail_countdown >= 0 && fail_countdown-- == 0; }

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return should_fail() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

/* Forty locks taken in both orders by two threads: forty inversions, enough
 * edges to grow the edge arrays more than once. */
static WeftTrace *inversions_trace(void) {
  char path[] = "/tmp/weft-test-oom-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  WeftWriter *w = weft_writer_create(path, 0, 1);
  ck_assert_ptr_nonnull(w);
  enum { PAIRS = 40 };
  for (uint64_t tid = 1; tid <= 2; tid++) {
    uint64_t th[] = {tid, tid - 1, tid, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)tid, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  for (uint64_t id = 1; id <= 2 * PAIRS; id++) {
    uint64_t obj[] = {id, WEFT_OBJ_MUTEX, 0x1000 * id, 0, 0, 0};
    weft_writer_meta(w, 1, WEFT_META_OBJECT, 6, obj, NULL, 0);
  }
  uint64_t tick = 100;
  for (uint64_t tid = 1; tid <= 2; tid++)
    for (uint64_t k = 0; k < PAIRS; k++) {
      uint64_t a = 2 * k + 1, b = 2 * k + 2;
      uint64_t first = tid == 1 ? a : b, second = tid == 1 ? b : a;
      uint64_t e1[] = {first, WEFT_F_WRITE}, e2[] = {second, WEFT_F_WRITE};
      weft_writer_event(w, (uint32_t)tid, tick++, WEFT_EV_LOCK_ACQUIRE, 2, e1, NULL, 0);
      weft_writer_event(w, (uint32_t)tid, tick++, WEFT_EV_LOCK_ACQUIRE, 2, e2, NULL, 0);
      weft_writer_event(w, (uint32_t)tid, tick++, WEFT_EV_LOCK_RELEASE, 1, e2, NULL, 0);
      weft_writer_event(w, (uint32_t)tid, tick++, WEFT_EV_LOCK_RELEASE, 1, e1, NULL, 0);
    }
  uint64_t status[] = {0};
  weft_writer_meta(w, 0, WEFT_META_END, 1, status, NULL, 0);
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(path, &t), WEFT_TRACE_OK);
  unlink(path);
  return t;
}

START_TEST(test_every_failed_allocation_is_said) {
  WeftTrace *t = inversions_trace();
  WeftDiagnosis *whole = weft_diagnose(t);
  ck_assert_ptr_nonnull(whole);
  ck_assert(!whole->incomplete);
  ck_assert_uint_eq(whole->ninversions, 40);
  unsigned failures_seen = 0;
  for (long k = 0; k < 400; k++) {
    fail_countdown = k;
    WeftDiagnosis *d = weft_diagnose(t);
    bool failed = fail_countdown < 0; /* the k-th allocation was reached */
    fail_countdown = -1;
    if (d && !d->incomplete)
      ck_assert_msg(d->ninversions == whole->ninversions,
                    "allocation %ld failed: %zu inversions and no word of it", k, d->ninversions);
    if (failed)
      ck_assert_msg(!d || d->incomplete, "allocation %ld failed silently", k);
    failures_seen += failed;
    weft_diagnosis_free(d);
  }
  ck_assert_uint_gt(failures_seen, 40); /* the edge arrays grew under failure too */
  weft_diagnosis_free(whole);
  weft_trace_free(t);
}
END_TEST

int main(void) {
  Suite *s = suite_create("diagnose-oom");
  TCase *tc = tcase_create("oom");
  tcase_add_test(tc, test_every_failed_allocation_is_said);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK); /* the countdown is this process's */
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
