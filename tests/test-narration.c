/* The shared narration (analysis/weft-narration.c): the sentences the
 * viewer's narration line and `weft dump --narrate` say, on known traces. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-race-fixture.h"
#include "test-run.h"
#include "test-viewer-fixture.h"
#include "weft-narration.h"
#include "weft-trace.h"
#include "weft-writer.h"

static WeftTrace *open_written(void (*write)(const char *path)) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-narration-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  write(path);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(path, &t), WEFT_TRACE_OK);
  unlink(path);
  return t;
}

static void write_findings(const char *path) {
  unsigned char blob[1024];
  size_t len = weft_test_race_blob(blob, sizeof blob);
  weft_test_write_findings_fixture(path, blob, len);
}

static size_t find_event(const WeftTrace *t, uint32_t tid, uint64_t us, unsigned type) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  for (size_t i = 0; i < n; i++)
    if (ev[i].thread == tid && ev[i].time == us * US && ev[i].type == type)
      return i;
  ck_abort_msg("no event of thread %u at %llu us", tid, (unsigned long long)us);
  return 0;
}

static void expect(const WeftTrace *t, uint32_t tid, uint64_t us, unsigned type, const char *want) {
  char *s = weft_narrate(t, find_event(t, tid, us, type), NULL);
  ck_assert_ptr_nonnull(s);
  ck_assert_str_eq(s, want);
  free(s);
}

START_TEST(test_narration_fixture) {
  WeftTrace *t = open_written(weft_test_write_fixture);
  expect(t, 4, 100, WEFT_EV_LOCK_ACQUIRE, "philo-a takes fork_a; it now holds fork_a");
  expect(t, 5, 110, WEFT_EV_LOCK_ACQUIRE, "philo-b takes fork_b; it now holds fork_b");
  /* the waiter's line, who holds what it waits for, what it holds itself */
  expect(t, 5, 210, WEFT_EV_LOCK_WAIT,
         "philo-b waits for fork_a at fixture.c:12, held by philo-a; it holds fork_b");
  expect(t, 3, 27, WEFT_EV_CHAN_RECV, "consumer receives a value from results");
  expect(t, 3, 65, WEFT_EV_CHAN_RECV_WAIT,
         "consumer waits to receive from jobs: nothing is there yet");
  expect(t, 2, 21, WEFT_EV_CHAN_SEND, "producer sends a value on results");
  expect(t, 2, 275, WEFT_EV_CHAN_SEND_WAIT, "producer waits to send on jobs: no receiver is ready");
  expect(t, 1, 10, WEFT_EV_THREAD_CREATE, "main starts the thread producer");
  expect(t, 1, 50, WEFT_EV_JOIN_BEGIN, "main waits for producer to end");
  expect(t, 1, 525, WEFT_EV_JOIN_END, "main sees producer end");
  expect(t, 1, 600, WEFT_EV_COND_WAIT, "main waits on done_cv, letting go of counter_mu");
  expect(t, 1, 705, WEFT_EV_COND_WAKE, "main wakes up from done_cv and holds counter_mu again");
  expect(t, 3, 650, WEFT_EV_COND_SIGNAL, "consumer signals done_cv; it holds counter_mu");
  /* a release says what is still held, here nothing */
  expect(t, 1, 720, WEFT_EV_LOCK_RELEASE, "main releases counter_mu");
  expect(t, 1, 730, WEFT_EV_SLEEP_BEGIN, "main sleeps for 260.0µs");
  expect(t, 2, 520, WEFT_EV_THREAD_END, "producer ends");
  /* the deadlock as weft report says it */
  char *s = weft_narrate(t, find_event(t, 5, 211, WEFT_EV_DEADLOCK), NULL);
  ck_assert_msg(strstr(s, "philo-a holds fork_a and waits for fork_b") != NULL, "%s", s);
  free(s);
  size_t n;
  weft_trace_events(t, &n);
  ck_assert_ptr_null(weft_narrate(t, n, NULL));
  weft_trace_free(t);
}
END_TEST

/* A replay moved along gives the same words as one made for each event. */
START_TEST(test_narration_replay_moved) {
  WeftTrace *t = open_written(weft_test_write_fixture);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  WeftReplay *r = weft_replay_new(t);
  for (size_t i = 0; i < n; i++) {
    ck_assert(weft_replay_feed(r, &ev[i]));
    char *moved = weft_narrate(t, i, r), *fresh = weft_narrate(t, i, NULL);
    ck_assert_str_eq(moved, fresh);
    free(moved);
    free(fresh);
  }
  weft_replay_free(r);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_narration_findings) {
  WeftTrace *t = open_written(write_findings);
  expect(t, 2, 11, WEFT_EV_LOCK_ACQUIRE, "a takes m2; it now holds m1, m2");
  /* weft report's sentence for it */
  char *s = weft_narrate(t, find_event(t, 3, 40, WEFT_EV_MISUSE), NULL);
  ck_assert_msg(strstr(s, "b unlocks m1 at ?, but another thread holds it") == s, "%s", s);
  free(s);
  expect(t, 2, 50, WEFT_EV_RACE, "ThreadSanitizer reports a data race in a");
  expect(t, 0, 60, WEFT_EV_DUMP, "Ctrl-\\: weft shows where each thread was");
  expect(t, 0, 70, WEFT_EV_DUMP, "b crashes (signal SIGSEGV); weft shows where each thread was");
  weft_trace_free(t);
}
END_TEST

/* main reads a pipe, takes m, then asks for it again: the course's
 * self-deadlock. */
static void write_relock(const char *path) {
  WeftWriter *w = weft_writer_create(path, 0, 9);
  ck_assert_ptr_nonnull(w);
  uint64_t th[] = {1, 0, 900, 0, 0, 0}, m[] = {1, WEFT_OBJ_MUTEX, 0x5000, 0, 0, 0},
           fd[] = {2, WEFT_OBJ_FD, 3, 0, 0, 0};
  weft_writer_meta(w, 1, WEFT_META_THREAD, 6, th, NULL, 0);
  weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, m, "m", 1);
  weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, fd, "fd 3 (pipe)", 11);
  uint64_t start[] = {0}, take[] = {1, WEFT_F_WRITE}, rd[] = {2, 0, WEFT_IO_READ}, done[] = {2, 0, 5};
  weft_writer_event(w, 1, 0, WEFT_EV_THREAD_START, 0, start, NULL, 0);
  weft_writer_event(w, 1, 500, WEFT_EV_IO_WAIT, 3, rd, NULL, 0);
  weft_writer_event(w, 1, 600, WEFT_EV_IO_DONE, 3, done, NULL, 0);
  weft_writer_event(w, 1, 1 * US, WEFT_EV_LOCK_ACQUIRE, 2, take, NULL, 0);
  weft_writer_event(w, 1, 2 * US, WEFT_EV_LOCK_WAIT, 2, take, NULL, 0);
  ck_assert_int_eq(weft_writer_close(w), 0);
}

START_TEST(test_narration_relock_and_read) {
  WeftTrace *t = open_written(write_relock);
  expect(t, 1, 2, WEFT_EV_LOCK_WAIT, "main waits for m, which it holds itself: it waits for ever");
  size_t n;
  weft_trace_events(t, &n);
  char *s = weft_narrate(t, 1, NULL); /* waits outside pthreads say the call and the fd */
  ck_assert_str_eq(s, "main waits in read on fd 3 (pipe)");
  free(s);
  s = weft_narrate(t, 2, NULL);
  ck_assert_str_eq(s, "main is done waiting on fd 3 (pipe)");
  free(s);
  weft_trace_free(t);
}
END_TEST

int main(void) {
  Suite *s = suite_create("narration");
  TCase *tc = tcase_create("sentences");
  tcase_add_test(tc, test_narration_fixture);
  tcase_add_test(tc, test_narration_replay_moved);
  tcase_add_test(tc, test_narration_findings);
  tcase_add_test(tc, test_narration_relock_and_read);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
