/* The analysis library on traces made with the writer: the state at an
 * instant, lock-order cycles and the gates that rule them out, each hint
 * once, display names, folded stacks. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-run.h"
#include "weft-deadlock-text.h"
#include "weft-diagnosis.h"
#include "weft-replay-cache.h"
#include "weft-replay.h"
#include "weft-severity.h"
#include "weft-stack-view.h"
#include "weft-thread-names.h"
#include "weft-writer.h"

static char path[64];
static WeftWriter *w;

static void begin(void) {
  snprintf(path, sizeof path, "/tmp/weft-test-analysis-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  w = weft_writer_create(path, WEFT_FEATURE_STACKS, 99);
  ck_assert_ptr_nonnull(w);
  uint64_t proc[] = {99, 1, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "prog", 4);
}

static WeftTrace *end(bool clean) {
  if (clean) {
    uint64_t z = 0;
    weft_writer_meta(w, 0, WEFT_META_END, 1, &z, NULL, 0);
  }
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(path, &t), WEFT_TRACE_OK);
  unlink(path);
  return t;
}

static void thread(uint32_t tid, const char *name) {
  uint64_t th[] = {tid, tid == 1 ? 0 : 1, 1000 + tid, 0, 0, 0};
  weft_writer_meta(w, tid, WEFT_META_THREAD, 6, th, NULL, 0);
  uint64_t a[] = {0, 0, tid};
  weft_writer_event(w, tid, tid, WEFT_EV_THREAD_NAME, 3, a, name, strlen(name));
}

static void object(uint32_t id, unsigned kind, const char *name) {
  uint64_t a[] = {id, kind, 0x600000 + id * 64, 0, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, a, name, strlen(name));
}

static void ev(uint32_t tid, uint64_t t, unsigned type, uint64_t obj, uint64_t flags, uint64_t arg,
               uint64_t stack) {
  uint64_t a[] = {obj, flags, arg, stack};
  weft_writer_event(w, tid, 100 + t, type, 4, a, NULL, 0);
}

static void deadlock(uint64_t t, unsigned kind, const uint32_t *tids, size_t n,
                     const uint32_t *objs) {
  uint8_t blob[64], *p = blob;
  *p++ = (uint8_t)n;
  for (size_t i = 0; i < n; i++)
    *p++ = (uint8_t)tids[i];
  *p++ = (uint8_t)n;
  for (size_t i = 0; i < n; i++)
    *p++ = (uint8_t)objs[i];
  uint64_t a[] = {0, 0, kind};
  weft_writer_event(w, 0, 100 + t, WEFT_EV_DEADLOCK, 3, a, blob, (size_t)(p - blob));
}

static void string(uint64_t id, const char *s) {
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, &id, s, strlen(s));
}

static void frame(uint64_t pc, uint64_t fn, uint64_t file, uint64_t line, uint64_t origin) {
  uint64_t f[] = {0, pc, fn, file, line, origin};
  weft_writer_meta(w, 0, WEFT_META_FRAME, 6, f, NULL, 0);
}

/* Stack 1: the C library, then weft_chan_recv, then the program's worker
 * and main; stack 2: the program's main alone. */
static void stacks(void) {
  string(1, "__futex_wait");
  string(2, "weft_chan_recv");
  string(3, "worker");
  string(4, "pool.c");
  string(5, "main");
  string(6, "weft-chan.c");
  frame(0x7000, 1, 0, 0, WEFT_ORIGIN_SYSTEM);
  frame(0x8000, 2, 6, 99, WEFT_ORIGIN_WEFT);
  frame(0x401000, 3, 4, 11, WEFT_ORIGIN_PROGRAM);
  frame(0x402000, 5, 4, 30, WEFT_ORIGIN_PROGRAM);
  uint64_t s1[] = {1, 0, 0x7000, 0x8000, 0x401000, 0x402000};
  weft_writer_meta(w, 0, WEFT_META_STACK, 6, s1, NULL, 0);
  uint64_t s2[] = {2, 0, 0x402000};
  weft_writer_meta(w, 0, WEFT_META_STACK, 3, s2, NULL, 0);
}

START_TEST(test_replay_at_an_instant) {
  begin();
  thread(1, "main");
  thread(2, "worker");
  object(1, WEFT_OBJ_MUTEX, "mu");
  object(2, WEFT_OBJ_CHANNEL, "jobs");
  object(3, WEFT_OBJ_WAITGROUP, "wg");
  ev(1, 10, WEFT_EV_CHAN_MAKE, 2, 0, 2, 0);
  ev(1, 20, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 0);
  ev(1, 30, WEFT_EV_CHAN_SEND, 2, 0, 1, 0);
  ev(1, 40, WEFT_EV_WAITGROUP, 3, WEFT_WG_ADD, 4 /* zigzag 2 */, 0);
  ev(2, 50, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0, 0);
  ev(1, 60, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);
  ev(2, 70, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE | WEFT_F_WAITED, 0, 0);
  ev(2, 80, WEFT_EV_CHAN_RECV, 2, WEFT_CHAN_OK, 1, 0);
  WeftTrace *t = end(true);
  size_t nev;
  const WeftEvent *e = weft_trace_events(t, &nev);
  size_t at_wait = 0;
  while (e[at_wait].type != WEFT_EV_LOCK_WAIT)
    at_wait++;
  /* just after the wait began: main holds mu, the worker waits for it */
  WeftReplay *r = weft_replay_at(t, at_wait);
  ck_assert_uint_eq(weft_replay_object(r, 1)->holder, 1);
  ck_assert_uint_eq(weft_replay_thread(r, 2)->wait_event, WEFT_EV_LOCK_WAIT);
  ck_assert_int_eq(weft_replay_object(r, 2)->in_buffer, 1);
  ck_assert_int_eq(weft_replay_object(r, 2)->capacity, 2);
  ck_assert_int_eq(weft_replay_object(r, 3)->wg_count, 2);
  /* to the end, then back: the same replay answers an earlier instant */
  ck_assert(weft_replay_seek(r, nev - 1));
  ck_assert_uint_eq(weft_replay_object(r, 1)->holder, 2);
  ck_assert_uint_eq(weft_replay_thread(r, 2)->wait_event, 0);
  ck_assert_int_eq(weft_replay_object(r, 2)->in_buffer, 0);
  ck_assert(weft_replay_seek(r, at_wait));
  ck_assert_uint_eq(weft_replay_object(r, 1)->holder, 1);
  weft_replay_free(r);
  weft_trace_free(t);
}
END_TEST

/* Two threads take a then b and b then a; `how` decides what separates them. */
enum { CONCURRENT, GATED, JOINED, TRYLOCK, BARRIER };
static WeftDiagnosis *inversion_case(int how, WeftTrace **tp) {
  begin();
  thread(1, "main");
  thread(2, "transfer");
  thread(3, "transfer");
  object(1, WEFT_OBJ_MUTEX, "a");
  object(2, WEFT_OBJ_MUTEX, "b");
  object(3, WEFT_OBJ_MUTEX, "gate");
  object(4, WEFT_OBJ_BARRIER, "phase");
  ev(1, 0, WEFT_EV_OBJ_INIT, 4, 0, 2, 0); /* a barrier of two */
  ev(1, 1, WEFT_EV_THREAD_CREATE, 0, 0, 2, 0);
  uint64_t t0 = 10;
  for (uint32_t tid = 2; tid <= 3; tid++, t0 += 100) {
    if (how == JOINED && tid == 3) {
      ev(1, t0 - 20, WEFT_EV_JOIN_BEGIN, 0, 0, 2, 0);
      ev(1, t0 - 15, WEFT_EV_JOIN_END, 0, WEFT_F_WAITED, 2, 0);
    }
    if (tid == 3)
      ev(1, t0 - 10, WEFT_EV_THREAD_CREATE, 0, 0, 3, 0);
    ev(tid, t0, WEFT_EV_THREAD_START, 0, 0, 1, 0);
    if (how == BARRIER && tid == 3) { /* waits until thread 2 is past its order */
      ev(tid, t0 + 1, WEFT_EV_BARRIER_WAIT, 4, 0, 0, 0);
      ev(tid, 300, WEFT_EV_BARRIER_LEAVE, 4, 0, 0, 0);
      t0 = 300;
    }
    uint32_t first = tid == 2 ? 1 : 2, second = tid == 2 ? 2 : 1;
    if (how == GATED)
      ev(tid, t0 + 1, WEFT_EV_LOCK_ACQUIRE, 3, WEFT_F_WRITE, 0, 0);
    ev(tid, t0 + 2, WEFT_EV_LOCK_ACQUIRE, first, WEFT_F_WRITE, 0, 0);
    unsigned try_ = how == TRYLOCK && tid == 3 ? WEFT_F_TRY : 0;
    ev(tid, t0 + 3, WEFT_EV_LOCK_ACQUIRE, second, WEFT_F_WRITE | try_, 0, 0);
    ev(tid, t0 + 4, WEFT_EV_LOCK_RELEASE, second, 0, 0, 0);
    ev(tid, t0 + 5, WEFT_EV_LOCK_RELEASE, first, 0, 0, 0);
    if (how == GATED)
      ev(tid, t0 + 6, WEFT_EV_LOCK_RELEASE, 3, 0, 0, 0);
    if (how == BARRIER && tid == 2) { /* then meets thread 3 at the barrier */
      ev(tid, 290, WEFT_EV_BARRIER_WAIT, 4, 0, 0, 0);
      ev(tid, 299, WEFT_EV_BARRIER_LEAVE, 4, 0, 1, 0);
    }
    ev(tid, how == BARRIER && tid == 2 ? 305 : t0 + 7, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  }
  *tp = end(true);
  return weft_diagnose(*tp);
}

START_TEST(test_inversion_found) {
  WeftTrace *t;
  WeftDiagnosis *d = inversion_case(CONCURRENT, &t);
  ck_assert_uint_eq(d->ninversions, 1);
  ck_assert_uint_eq(d->inversions[0].n, 2);
  /* each edge by its own thread */
  ck_assert_uint_ne(d->inversions[0].edges[0].thread, d->inversions[0].edges[1].thread);
  char name[64];
  ck_assert_str_eq(weft_thread_display_name(t, 3, name, sizeof name), "transfer #3");
  weft_diagnosis_free(d);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_inversion_ruled_out) {
  static const int cases[] = {GATED, JOINED, TRYLOCK, BARRIER};
  for (size_t i = 0; i < 4; i++) {
    WeftTrace *t;
    WeftDiagnosis *d = inversion_case(cases[i], &t);
    ck_assert_msg(d->ninversions == 0, "case %zu: a false alarm", i);
    /* a gate or a join rules the cycle out; a trylock never makes one */
    ck_assert_uint_eq(d->inversions_ruled_out, cases[i] == TRYLOCK ? 0 : 1);
    weft_diagnosis_free(d);
    weft_trace_free(t);
  }
}
END_TEST

/* jobs: main sent, then waits on the WaitGroup; workers 2 and 3 wait in
 * their range loop; nobody closes jobs. */
START_TEST(test_hint_channel_never_closed_once) {
  begin();
  stacks();
  thread(1, "main");
  thread(2, "worker");
  thread(3, "worker");
  object(1, WEFT_OBJ_CHANNEL, "jobs");
  object(2, WEFT_OBJ_WAITGROUP, "wg");
  ev(1, 10, WEFT_EV_CHAN_MAKE, 1, 0, 0, 0);
  ev(1, 11, WEFT_EV_WAITGROUP, 2, WEFT_WG_ADD, 4, 2);
  ev(1, 20, WEFT_EV_CHAN_SEND, 1, 0, 1, 2);
  ev(2, 21, WEFT_EV_CHAN_RECV, 1, WEFT_CHAN_OK, 1, 1);
  ev(2, 30, WEFT_EV_CHAN_RECV_WAIT, 1, 0, 0, 1);
  ev(3, 31, WEFT_EV_CHAN_RECV_WAIT, 1, 0, 0, 1);
  ev(1, 40, WEFT_EV_WAITGROUP_WAIT, 2, 0, 0, 2);
  uint32_t tids[] = {1, 2, 3}, objs[] = {2, 1, 1};
  deadlock(500, WEFT_DEADLOCK_ALL_ASLEEP, tids, 3, objs);
  WeftTrace *t = end(false);
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  ck_assert_uint_eq(n, 1);
  char *hints = weft_deadlock_hints(t, &dl[0]);
  ck_assert_ptr_nonnull(strstr(hints, "hint: jobs is never closed: worker #2..#3 wait to "
                                      "receive from it at pool.c:11"));
  ck_assert_ptr_nonnull(strstr(hints, "its only sender, main, waits for the WaitGroup wg at "
                                      "pool.c:30"));
  /* one hint for jobs although two threads wait on it, one for wg */
  ck_assert_ptr_null(strstr(strstr(hints, "jobs is never closed") + 1, "jobs is never closed"));
  /* wg's missing Dones are the workers', blocked on jobs: not a cause of its own */
  ck_assert_ptr_null(strstr(hints, "hint: the WaitGroup"));
  free(hints);
  /* the report folds the library frames into the call */
  char *report = weft_deadlock_report(t, &dl[0]);
  ck_assert_ptr_nonnull(strstr(report, "    weft_chan_recv on jobs\n    worker (pool.c:11)\n"
                                       "    main (pool.c:30)\n"));
  ck_assert_ptr_null(strstr(report, "__futex_wait"));
  free(report);
  weft_trace_free(t);
}
END_TEST

/* Add(2), one Done, and main waits alone: the count is the cause. */
START_TEST(test_hint_waitgroup_count) {
  begin();
  stacks();
  thread(1, "main");
  thread(2, "worker");
  object(1, WEFT_OBJ_WAITGROUP, "wg");
  ev(1, 10, WEFT_EV_WAITGROUP, 1, WEFT_WG_ADD, 4 /* 2 */, 2);
  ev(2, 20, WEFT_EV_WAITGROUP, 1, WEFT_WG_DONE, 2 /* 1 */, 1);
  ev(2, 21, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  ev(1, 30, WEFT_EV_WAITGROUP_WAIT, 1, 0, 0, 2);
  uint32_t tids[] = {1}, objs[] = {1};
  deadlock(500, WEFT_DEADLOCK_ALL_ASLEEP, tids, 1, objs);
  WeftTrace *t = end(false);
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  char *hints = weft_deadlock_hints(t, &dl[0]);
  ck_assert_str_eq(hints, "hint: the WaitGroup wg still counts 1: Add was called 1 time(s), last "
                          "by main at pool.c:30, and Done 1 time(s), last by worker at pool.c:11. "
                          "Each Add needs a Done, and Add must come before the thread starts.\n");
  free(hints);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_hint_lock_of_ended_thread_and_condvar) {
  begin();
  stacks();
  thread(1, "main");
  thread(2, "spender");
  thread(3, "auditor");
  object(1, WEFT_OBJ_MUTEX, "account.mu");
  object(2, WEFT_OBJ_CONDVAR, "ready");
  object(3, WEFT_OBJ_MUTEX, "ready_mu");
  ev(1, 5, WEFT_EV_COND_SIGNAL, 2, 0, 0, 0); /* nobody waits yet: lost */
  ev(2, 10, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 2);
  ev(2, 20, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  ev(3, 30, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0, 2);
  ev(1, 31, WEFT_EV_LOCK_ACQUIRE, 3, WEFT_F_WRITE, 0, 0);
  ev(1, 32, WEFT_EV_COND_WAIT, 2, 0, 3, 2);
  uint32_t tids[] = {1, 3}, objs[] = {2, 1};
  deadlock(500, WEFT_DEADLOCK_ALL_ASLEEP, tids, 2, objs);
  WeftTrace *t = end(false);
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  char *hints = weft_deadlock_hints(t, &dl[0]);
  ck_assert_ptr_nonnull(strstr(hints, "hint: account.mu was locked by spender at pool.c:30, and "
                                      "spender ended without unlocking it"));
  ck_assert_ptr_nonnull(strstr(hints, "hint: ready was signalled earlier while nobody waited"));
  free(hints);
  /* and the misuse is found after the run too */
  WeftDiagnosis *d = weft_diagnose(t);
  ck_assert_uint_eq(d->nmisuse, 1);
  ck_assert_uint_eq(d->misuse[0].kind, WEFT_MISUSE_EXIT_HOLDING_LOCK);
  char *m = weft_misuse_sentence(t, &d->misuse[0]);
  ck_assert_str_eq(m, "spender ended while holding account.mu, taken at pool.c:30: no other "
                      "thread can take it again. Unlock it on every way out of the critical "
                      "section.");
  free(m);
  weft_diagnosis_free(d);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_severity_covers_every_misuse_kind) {
  size_t n;
  const WeftSeverityRow *rows = weft_severity_table(&n);
  for (unsigned k = 1; k < WEFT_MISUSE_KIND_LIMIT_; k++) {
    const char *id = weft_misuse_kind_id(k);
    ck_assert_msg(strcmp(id, "unknown") != 0, "misuse kind %u has no id", k);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
      found = !strcmp(rows[i].finding, id);
    ck_assert_msg(found, "misuse kind %s has no severity row", id);
  }
  ck_assert_int_eq(weft_severity_of("lock-order-note"), WEFT_SEVERITY_NOTE);
  ck_assert_int_eq(weft_severity_of("deadlock"), WEFT_SEVERITY_ERROR);
  ck_assert_int_eq(weft_misuse_severity(WEFT_MISUSE_CALL_FAILED), WEFT_SEVERITY_NOTE);
  ck_assert_str_eq(weft_severity_name(weft_misuse_severity(WEFT_MISUSE_DOUBLE_UNLOCK)), "error");
}
END_TEST

/* The kinds of misuse the analysis reads from plain events: a double
 * unlock, a wait without the mutex, an unlock of another thread's spinlock,
 * a second join, one thread's both lock orders as a note (not an
 * inversion), and a thread at a barrier whose round filled is no leak. */
START_TEST(test_misuse_from_events) {
  begin();
  thread(1, "main");
  thread(2, "worker");
  thread(3, "late");
  object(1, WEFT_OBJ_MUTEX, "counter_mu");
  object(2, WEFT_OBJ_MUTEX, "other_mu");
  object(3, WEFT_OBJ_CONDVAR, "ready");
  object(4, WEFT_OBJ_BARRIER, "phase");
  ev(1, 1, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 0);
  ev(1, 2, WEFT_EV_LOCK_ACQUIRE, 2, WEFT_F_WRITE, 0, 0);
  ev(1, 3, WEFT_EV_LOCK_RELEASE, 2, 0, 0, 0);
  ev(1, 4, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);
  ev(1, 5, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);                       /* again */
  ev(1, 6, WEFT_EV_LOCK_ACQUIRE, 2, WEFT_F_WRITE, 0, 0);
  ev(1, 7, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 0);           /* both orders */
  ev(1, 8, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);
  ev(1, 9, WEFT_EV_LOCK_RELEASE, 2, 0, 0, 0);
  ev(1, 10, WEFT_EV_COND_WAIT, 3, WEFT_F_TIMED, 1, 0);              /* counter_mu not held */
  ev(1, 11, WEFT_EV_COND_WAKE, 3, WEFT_F_TIMED | WEFT_F_WAITED, 1, 0);
  ev(1, 12, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);
  ev(1, 13, WEFT_EV_OBJ_INIT, 4, 0, 2, 0);
  ev(2, 20, WEFT_EV_BARRIER_WAIT, 4, 0, 0, 0);
  ev(3, 21, WEFT_EV_BARRIER_WAIT, 4, 0, 0, 0);
  ev(2, 22, WEFT_EV_BARRIER_LEAVE, 4, WEFT_F_WAITED, 1, 0);
  ev(2, 23, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  ev(1, 24, WEFT_EV_JOIN_BEGIN, 0, 0, 2, 0);
  ev(1, 25, WEFT_EV_JOIN_END, 0, WEFT_F_WAITED, 2, 0);
  ev(1, 26, WEFT_EV_JOIN_BEGIN, 0, 0, 2, 0);                         /* joined already */
  ev(1, 27, WEFT_EV_JOIN_END, 0, WEFT_WITH_RESULT(WEFT_F_WAITED, EINVAL), 2, 0);
  ev(1, 30, WEFT_EV_THREAD_END, 0, 0, WEFT_END_PROCESS_EXIT, 0);
  WeftTrace *t = end(true);
  WeftDiagnosis *d = weft_diagnose(t);
  unsigned want[] = {WEFT_MISUSE_DOUBLE_UNLOCK, WEFT_MISUSE_COND_WAIT_NOT_HELD,
                     WEFT_MISUSE_JOIN_JOINED};
  ck_assert_uint_eq(d->nmisuse, 3);
  for (size_t i = 0; i < 3; i++)
    ck_assert_str_eq(weft_misuse_kind_id(d->misuse[i].kind), weft_misuse_kind_id(want[i]));
  char *m = weft_misuse_sentence(t, &d->misuse[1]);
  ck_assert_ptr_nonnull(strstr(m, "main waits on ready at ? without holding counter_mu"));
  free(m);
  ck_assert_uint_eq(d->ninversions, 0);
  ck_assert_uint_eq(d->norder_notes, 1);
  ck_assert(d->leaks_checked);
  ck_assert_uint_eq(d->nleaks, 0); /* late passed the barrier: its round filled */
  weft_diagnosis_free(d);
  weft_trace_free(t);
}
END_TEST

/* A hand-off stamped on two cores: late's acquire reaches the trace before
 * worker's release of the same mutex. Neither the replay nor the misuse
 * finder may call late's own unlock a double unlock, or the mutex free. */
START_TEST(test_handoff_stamped_out_of_order) {
  begin();
  thread(1, "main");
  thread(2, "worker");
  thread(3, "late");
  object(1, WEFT_OBJ_MUTEX, "counter_mu");
  ev(2, 1, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 0);
  ev(3, 2, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0, 0);
  ev(3, 3, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE | WEFT_F_WAITED, 0, 0);
  ev(2, 4, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0); /* stamped late */
  ev(3, 5, WEFT_EV_LOG, 0, 0, 0, 0);
  ev(3, 6, WEFT_EV_LOCK_RELEASE, 1, 0, 0, 0);
  ev(2, 7, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  ev(3, 8, WEFT_EV_THREAD_END, 0, 0, 0, 0);
  ev(1, 9, WEFT_EV_THREAD_END, 0, 0, WEFT_END_PROCESS_EXIT, 0);
  WeftTrace *t = end(true);
  size_t nev, late_release = 0;
  const WeftEvent *e = weft_trace_events(t, &nev);
  while (late_release < nev && !(e[late_release].type == WEFT_EV_LOCK_RELEASE &&
                                 e[late_release].thread == 2))
    late_release++;
  ck_assert_uint_lt(late_release + 2, nev);
  WeftReplay *r = weft_replay_at(t, late_release);
  ck_assert_uint_eq(weft_replay_object(r, 1)->holder, 3);
  ck_assert(weft_replay_seek(r, late_release + 2)); /* after late's own */
  ck_assert_uint_eq(weft_replay_object(r, 1)->holder, 0);
  weft_replay_free(r);
  WeftDiagnosis *d = weft_diagnose(t);
  ck_assert_uint_eq(d->nmisuse, 0);
  weft_diagnosis_free(d);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_lock_cycle_sentence_and_order_hint) {
  begin();
  thread(1, "main");
  thread(2, "philo");
  thread(3, "philo");
  object(1, WEFT_OBJ_MUTEX, "fork_a");
  object(2, WEFT_OBJ_MUTEX, "fork_b");
  ev(2, 10, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0, 0);
  ev(3, 11, WEFT_EV_LOCK_ACQUIRE, 2, WEFT_F_WRITE, 0, 0);
  ev(2, 20, WEFT_EV_LOCK_WAIT, 2, WEFT_F_WRITE, 0, 0);
  ev(3, 21, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0, 0);
  uint32_t tids[] = {2, 3}, objs[] = {2, 1};
  deadlock(500, WEFT_DEADLOCK_MUTEX_CYCLE, tids, 2, objs);
  WeftTrace *t = end(false);
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  char *s = weft_deadlock_sentence(t, &dl[0]);
  ck_assert_str_eq(s, "philo #2 holds fork_a and waits for fork_b, which philo #3 holds while it "
                      "waits for fork_a, which philo #2 holds.");
  free(s);
  char *hints = weft_deadlock_hints(t, &dl[0]);
  ck_assert_ptr_nonnull(strstr(hints, "the cause is the order of the locks: philo #2 takes "
                                      "fork_a then fork_b, philo #3 takes fork_b then fork_a"));
  ck_assert_ptr_nonnull(strstr(hints, "only by luck"));
  free(hints);
  /* the deadlock it hit is not also a potential one */
  WeftDiagnosis *d = weft_diagnose(t);
  ck_assert_uint_eq(d->ninversions, 0);
  weft_diagnosis_free(d);
  weft_trace_free(t);
}
END_TEST

/* The viewer's cache (forward steps, snapshots, jumps back) says what a
 * replay from the start says, at any instant, in any order. */
START_TEST(test_replay_cache_matches_replay) {
  begin();
  enum { THREADS = 4, ROUNDS = 70000 };
  thread(1, "main");
  for (uint32_t tid = 2; tid <= THREADS; tid++)
    thread(tid, "worker");
  object(1, WEFT_OBJ_MUTEX, "a");
  object(2, WEFT_OBJ_MUTEX, "b");
  object(3, WEFT_OBJ_CHANNEL, "jobs");
  ev(1, 1, WEFT_EV_CHAN_MAKE, 3, 0, 1000000, 0);
  uint64_t tick = 10;
  for (uint64_t i = 0; i < ROUNDS; i++) {
    uint32_t tid = 1 + (uint32_t)(i % THREADS), lock = 1 + (uint32_t)(i % 2);
    ev(tid, tick++, WEFT_EV_LOCK_ACQUIRE, lock, WEFT_F_WRITE, 0, 0);
    ev(tid, tick++, WEFT_EV_CHAN_SEND, 3, 0, i + 1, 0);
    if (i % 3 == 0)
      ev(tid, tick++, WEFT_EV_CHAN_RECV, 3, WEFT_CHAN_OK, i + 1, 0);
    ev(tid, tick++, WEFT_EV_LOCK_RELEASE, lock, 0, 0, 0);
  }
  WeftTrace *t = end(true);
  size_t nev;
  weft_trace_events(t, &nev);
  ck_assert_uint_gt(nev, 3 * 65536); /* past a few snapshots */
  WeftReplayCache *c = weft_replay_cache_new(t);
  unsigned seed = 7;
  for (int k = 0; k < 60; k++) {
    seed = seed * 1103515245u + 12345u;
    size_t at = k % 3 == 2 ? (size_t)seed % nev : (size_t)(k * 4099) % nev;
    const WeftReplay *got = weft_replay_cache_at(c, at);
    WeftReplay *want = weft_replay_at(t, at);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(weft_replay_position(got), weft_replay_position(want));
    for (uint32_t o = 1; o <= 3; o++) {
      const WeftObjectNow *g = weft_replay_object(got, o), *x = weft_replay_object(want, o);
      ck_assert_int_eq(!g, !x);
      if (g)
        ck_assert(g->holder == x->holder && g->in_buffer == x->in_buffer);
    }
    for (uint32_t tid = 1; tid <= THREADS; tid++) {
      const WeftThreadNow *g = weft_replay_thread(got, tid), *x = weft_replay_thread(want, tid);
      ck_assert_int_eq(!g, !x);
      if (g)
        ck_assert_int_eq(g->nheld, x->nheld);
    }
    weft_replay_free(want);
  }
  weft_replay_cache_free(c);
  weft_trace_free(t);
}
END_TEST

START_TEST(test_frames) {
  WeftFrame user = {0x401000, "worker", "pool.c", 11, WEFT_ORIGIN_PROGRAM};
  WeftFrame lib = {0x8000, "weft_chan_recv", "weft-chan.c", 99, WEFT_ORIGIN_WEFT};
  WeftFrame sig = {0x7000, "__restore_rt", NULL, 0, WEFT_ORIGIN_SYSTEM};
  WeftFrame old_user = {0x401000, "worker", "pool.c", 11, WEFT_ORIGIN_UNKNOWN};
  WeftFrame old_lib = {0x7000, "pthread_mutex_lock", NULL, 0, WEFT_ORIGIN_UNKNOWN};
  ck_assert(weft_frame_is_user(&user));
  ck_assert(!weft_frame_is_user(&lib));
  ck_assert(weft_frame_is_user(&old_user)); /* a trace from before origins: by name */
  ck_assert(!weft_frame_is_user(&old_lib));
  char out[128];
  weft_format_frame(out, sizeof out, &sig);
  ck_assert_str_eq(out, "<signal handler>");
  WeftFrame st[] = {lib, user};
  ck_assert_uint_eq(weft_stack_user_frame(st, 2), 1);
}
END_TEST

int main(void) {
  Suite *s = suite_create("analysis");
  TCase *tc = tcase_create("analysis");
  tcase_add_test(tc, test_replay_at_an_instant);
  tcase_add_test(tc, test_inversion_found);
  tcase_add_test(tc, test_inversion_ruled_out);
  tcase_add_test(tc, test_hint_channel_never_closed_once);
  tcase_add_test(tc, test_hint_waitgroup_count);
  tcase_add_test(tc, test_hint_lock_of_ended_thread_and_condvar);
  tcase_add_test(tc, test_severity_covers_every_misuse_kind);
  tcase_add_test(tc, test_misuse_from_events);
  tcase_add_test(tc, test_handoff_stamped_out_of_order);
  tcase_add_test(tc, test_lock_cycle_sentence_and_order_hint);
  tcase_add_test(tc, test_frames);
  tcase_add_test(tc, test_replay_cache_matches_replay);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
