/* The viewer without a display: time <-> pixel arithmetic, the lane model
 * built from a known trace, and pixels of rendered images. */
#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-run.h"
#include "test-viewer-fixture.h"
#include "weft-lanes.h"
#include "weft-render.h"
#include "weft-timeaxis.h"
#include "weft-folds.h"
#include "weft-framing.h"
#include "weft-lane-groups.h"
#include "weft-narration.h"
#include "weft-source.h"
#include "weft-steps.h"
#include "weft-trace.h"
#include "weft-waitgraph.h"
#include "weft-writer.h"

static char trace_path[64];
static WeftTrace *trace;
static WeftLaneModel *model;

static void setup(void) {
  snprintf(trace_path, sizeof trace_path, "/tmp/weft-test-viewer-XXXXXX");
  int fd = mkstemp(trace_path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  weft_test_write_fixture(trace_path);
  ck_assert_int_eq(weft_trace_open(trace_path, &trace), WEFT_TRACE_OK);
  model = weft_lane_model_new(trace, NULL, NULL);
  ck_assert_ptr_nonnull(model);
}

static void teardown(void) {
  weft_lane_model_free(model);
  weft_trace_free(trace);
  unlink(trace_path);
}

/* ---- source files ---- */

static void touch(const char *path) {
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs("int main(void) { return 0; }\n", f);
  fclose(f);
}

static void expect_found(const char *compiled, const char *file, const char *trace_file,
                         const char *root, const char *want) {
  char *p = weft_source_find(compiled, file, trace_file, root);
  ck_assert_str_eq(p, want);
  g_free(p);
}

START_TEST(test_source_find) {
  char *top = g_dir_make_tmp("weft-source-XXXXXX", NULL);
  ck_assert_ptr_nonnull(top);
  char *traces = g_build_filename(top, "traces", NULL), *src = g_build_filename(top, "src", NULL),
       *deep = g_build_filename(top, "src", "a", "b", NULL);
  g_mkdir_with_parents(traces, 0700);
  g_mkdir_with_parents(deep, 0700);
  char *trace_file = g_build_filename(traces, "run.weft", NULL);
  char *next = g_build_filename(traces, "next.c", NULL), *under = g_build_filename(deep, "deep.c", NULL);
  touch(next);
  touch(under);
  expect_found(NULL, "next.c", trace_file, NULL, next); /* next to the trace_file */
  ck_assert_ptr_null(weft_source_find(NULL, "deep.c", trace_file, NULL)); /* not under the trace_file's folder */
  expect_found(NULL, "deep.c", trace_file, src, under); /* a few levels under the root */
  expect_found(NULL, under, NULL, NULL, under); /* an absolute path as it is */
  ck_assert_ptr_null(weft_source_find(NULL, "missing.c", trace_file, src));
  ck_assert_ptr_null(weft_source_find(NULL, NULL, trace_file, src));
  /* where the compiler read it comes first, before a file of that name
   * next to the trace or under the root; gone, the others are looked at */
  char *compiled = g_build_filename(deep, "next.c", NULL);
  touch(compiled);
  expect_found(compiled, "next.c", trace_file, src, compiled);
  unlink(compiled);
  expect_found(compiled, "next.c", trace_file, src, next);
  expect_found("/nowhere/deep.c", "deep.c", trace_file, src, under);
  ck_assert_ptr_null(weft_source_find("/nowhere/missing.c", "missing.c", trace_file, src));
  /* a packed trace's relative path picks its file under the root, not a
   * namesake right in the root, which the name alone finds */
  char *namesake = g_build_filename(src, "deep.c", NULL);
  touch(namesake);
  expect_found(NULL, "deep.c", trace_file, src, namesake);
  expect_found("a/b/deep.c", "deep.c", trace_file, src, under);
  unlink(namesake);
  g_free(namesake);
  g_free(compiled);
  unlink(next);
  unlink(under);
  char *b = g_path_get_dirname(deep);
  rmdir(deep);
  rmdir(b);
  rmdir(src);
  rmdir(traces);
  rmdir(top);
  g_free(b);
  g_free(top), g_free(traces), g_free(src), g_free(deep), g_free(trace_file), g_free(next), g_free(under);
}
END_TEST

/* ---- narration ---- */

static size_t find_event(uint32_t tid, uint64_t us, unsigned type) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(trace, &n);
  for (size_t i = 0; i < n; i++)
    if (ev[i].thread == tid && ev[i].time == us * US && ev[i].type == type)
      return i;
  ck_abort_msg("no event of thread %u at %llu us", tid, (unsigned long long)us);
  return 0;
}

/* The window says what the command line says: the lane model's narration
 * is the shared analysis's, word for word, for every event. */
START_TEST(test_narration_shared) {
  size_t n;
  weft_trace_events(trace, &n);
  for (size_t i = 0; i < n; i++) {
    char *viewer = weft_lane_model_narrate(model, i), *cli = weft_narrate(trace, i, NULL);
    ck_assert_ptr_nonnull(viewer);
    ck_assert_str_eq(viewer, cli);
    free(viewer);
    free(cli);
  }
  ck_assert_ptr_null(weft_lane_model_narrate(model, n));
  /* backwards too: the replay cache goes back to a snapshot */
  char *late = weft_lane_model_narrate(model, find_event(5, 210, WEFT_EV_LOCK_WAIT));
  char *early = weft_lane_model_narrate(model, find_event(4, 100, WEFT_EV_LOCK_ACQUIRE));
  ck_assert_str_eq(early, "philo-a takes fork_a; it now holds fork_a");
  ck_assert(strstr(late, "held by philo-a") != NULL);
  free(late);
  free(early);
}
END_TEST

/* ---- framing ---- */

START_TEST(test_frame_deadlock_story) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(trace, &n);
  /* the cycle closes when philo-b waits for fork_a at 210 us; main sleeps on
   * to 990 us: the story ends at the closing, the tail is cut */
  double t0, t1;
  weft_frame_story(model, &t0, &t1);
  ck_assert(t0 <= 0);
  ck_assert(t1 > 211 * US && t1 < 300 * US);
  size_t c = weft_frame_deadlock_closing(model, 0);
  ck_assert_uint_eq(ev[c].type, WEFT_EV_LOCK_WAIT);
  ck_assert_uint_eq(ev[c].thread, 5);
  ck_assert_uint_eq(ev[c].time, 210 * US);
  /* "Show the deadlock": both waits of the cycle from their start, a few
   * events before, and not the whole run */
  weft_frame_deadlock(model, 0, &t0, &t1);
  ck_assert(t0 < 200 * US && t1 > 211 * US);
  ck_assert(t1 - t0 < 500 * US);
}
END_TEST

/* ---- steps ---- */

/* The times (us) and types of the events a step kind stops at, walking
 * forward from the start; then the same walk backward, reversed. */
static size_t step_walk(WeftStepKind kind, uint32_t key, size_t *out, size_t max) {
  size_t n = 0;
  for (size_t i = weft_step(model, WEFT_STEP_NONE, 1, kind, key); i != WEFT_STEP_NONE && n < max;
       i = weft_step(model, i, 1, kind, key))
    out[n++] = i;
  size_t back[64], nb = 0;
  for (size_t i = weft_step(model, WEFT_STEP_NONE, -1, kind, key); i != WEFT_STEP_NONE && nb < 64;
       i = weft_step(model, i, -1, kind, key))
    back[nb++] = i;
  ck_assert_uint_eq(nb, n < max ? n : nb);
  for (size_t i = 0; i < nb && i < n; i++)
    ck_assert_uint_eq(back[nb - 1 - i], out[i]);
  return n;
}

static void expect_steps(WeftStepKind kind, uint32_t key, const uint64_t *us, const unsigned *types,
                         size_t count) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(trace, &n);
  size_t got[64];
  size_t k = step_walk(kind, key, got, 64);
  if (count != SIZE_MAX)
    ck_assert_uint_eq(k, count);
  for (size_t i = 0; i < k && i < (count == SIZE_MAX ? 3 : count); i++) {
    ck_assert_uint_eq(ev[got[i]].time, us[i] * US);
    ck_assert_uint_eq(ev[got[i]].type, types[i]);
  }
}

START_TEST(test_steps_each_kind) {
  size_t n;
  weft_trace_events(trace, &n);
  ck_assert_uint_eq(weft_step(model, WEFT_STEP_NONE, 1, WEFT_STEP_EVENT, 0), 0);
  ck_assert_uint_eq(weft_step(model, WEFT_STEP_NONE, -1, WEFT_STEP_EVENT, 0), n - 1);
  ck_assert_uint_eq(weft_step(model, n - 1, 1, WEFT_STEP_EVENT, 0), WEFT_STEP_NONE);
  ck_assert_uint_eq(weft_step(model, 0, -1, WEFT_STEP_EVENT, 0), WEFT_STEP_NONE);
  /* the first waits: main joins, the producer sleeps, the consumer waits on jobs */
  static const uint64_t block_us[] = {50, 60, 65};
  static const unsigned block_t[] = {WEFT_EV_JOIN_BEGIN, WEFT_EV_SLEEP_BEGIN,
                                     WEFT_EV_CHAN_RECV_WAIT};
  expect_steps(WEFT_STEP_BLOCKING, 0, block_us, block_t, SIZE_MAX);
  /* messages: two sends on results, one receive, then jobs' first message */
  static const uint64_t msg_us[] = {21, 22, 27};
  static const unsigned msg_t[] = {WEFT_EV_CHAN_SEND, WEFT_EV_CHAN_SEND, WEFT_EV_CHAN_RECV};
  expect_steps(WEFT_STEP_MESSAGE, 0, msg_us, msg_t, SIZE_MAX);
  /* 2 sends on results, 1 receive; 5 sends and 5 receives on jobs */
  size_t got[64];
  ck_assert_uint_eq(step_walk(WEFT_STEP_MESSAGE, 0, got, 64), 13);
  /* one finding: the deadlock */
  static const uint64_t find_us[] = {211};
  static const unsigned find_t[] = {WEFT_EV_DEADLOCK};
  expect_steps(WEFT_STEP_FINDING, 0, find_us, find_t, 1);
  /* philo-a's own events */
  static const uint64_t th_us[] = {35, 36, 100, 200};
  static const unsigned th_t[] = {WEFT_EV_THREAD_START, WEFT_EV_THREAD_NAME,
                                  WEFT_EV_LOCK_ACQUIRE, WEFT_EV_LOCK_WAIT};
  expect_steps(WEFT_STEP_THREAD, 4, th_us, th_t, 4);
  /* fork_a: philo-a takes it, philo-b waits for it */
  static const uint64_t obj_us[] = {100, 210};
  static const unsigned obj_t[] = {WEFT_EV_LOCK_ACQUIRE, WEFT_EV_LOCK_WAIT};
  expect_steps(WEFT_STEP_OBJECT, 3, obj_us, obj_t, 2);
  ck_assert_uint_eq(weft_step(model, WEFT_STEP_NONE, 1, WEFT_STEP_OBJECT, 0), WEFT_STEP_NONE);
}
END_TEST

/* Two threads take two locks in opposite orders, and do not deadlock:
 * the inversion is a finding, at the second lock each one asks for. */
START_TEST(test_steps_findings_inversion) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-inversion-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  WeftWriter *w = weft_writer_create(path, 0, 42);
  ck_assert_ptr_nonnull(w);
  for (uint64_t t = 1; t <= 3; t++) {
    uint64_t th[] = {t, t == 1 ? 0 : 1, 100 + t, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)t, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  for (uint64_t id = 1; id <= 2; id++) {
    uint64_t a[] = {id, WEFT_OBJ_MUTEX, 0x700000 + id * 64, 0, 0, 0};
    weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, a, id == 1 ? "m1" : "m2", 2);
  }
  struct { uint32_t tid; uint64_t us; unsigned type; uint64_t obj; } evs[] = {
      {1, 0, WEFT_EV_THREAD_START, 0},   {1, 1, WEFT_EV_THREAD_CREATE, 0},
      {1, 2, WEFT_EV_THREAD_CREATE, 0},  {2, 5, WEFT_EV_THREAD_START, 0},
      {2, 10, WEFT_EV_LOCK_ACQUIRE, 1},  {2, 11, WEFT_EV_LOCK_ACQUIRE, 2},
      {2, 12, WEFT_EV_LOCK_RELEASE, 2},  {2, 13, WEFT_EV_LOCK_RELEASE, 1},
      {3, 20, WEFT_EV_THREAD_START, 0},  {3, 30, WEFT_EV_LOCK_ACQUIRE, 2},
      {3, 31, WEFT_EV_LOCK_ACQUIRE, 1},  {3, 32, WEFT_EV_LOCK_RELEASE, 1},
      {3, 33, WEFT_EV_LOCK_RELEASE, 2},  {2, 40, WEFT_EV_THREAD_END, 0},
      {3, 41, WEFT_EV_THREAD_END, 0},    {1, 50, WEFT_EV_THREAD_END, 0},
  };
  for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
    uint64_t a[] = {evs[i].obj, evs[i].type == WEFT_EV_LOCK_ACQUIRE ? WEFT_F_WRITE : 0,
                    evs[i].type == WEFT_EV_THREAD_CREATE ? (i == 1 ? 2 : 3) : 0};
    weft_writer_event(w, evs[i].tid, evs[i].us * US, evs[i].type, 3, a, NULL, 0);
  }
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(path, &t), WEFT_TRACE_OK);
  WeftLaneModel *m = weft_lane_model_new(t, NULL, NULL);
  size_t nf, n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  uint32_t *f = weft_step_findings(m, &nf);
  ck_assert_uint_ge(nf, 1);
  for (size_t i = 0; i < nf; i++) { /* each at a second lock: m2 by thread 2, m1 by thread 3 */
    ck_assert_uint_eq(ev[f[i]].type, WEFT_EV_LOCK_ACQUIRE);
    ck_assert(ev[f[i]].time == 11 * US || ev[f[i]].time == 31 * US);
  }
  ck_assert_uint_eq(weft_step_in(f, nf, WEFT_STEP_NONE, 1), f[0]);
  ck_assert_uint_eq(weft_step_in(f, nf, f[0], 1), nf > 1 ? f[1] : WEFT_STEP_NONE);
  ck_assert_uint_eq(weft_step_in(f, nf, f[0], -1), WEFT_STEP_NONE);
  ck_assert_uint_eq(weft_step_in(f, nf, WEFT_STEP_NONE, -1), f[nf - 1]);
  free(f);
  weft_lane_model_free(m);
  weft_trace_free(t);
  unlink(path);
}
END_TEST

/* "Next finding" stops at each kind, in time order: an inversion's second
 * locks, a misuse the tracer saw, one the analysis finds after the run, a
 * data race, a stuck dump (once, not once a thread) and
 * a crash; backwards the same stops reversed. */
START_TEST(test_steps_findings_every_kind) {
  WeftTrace *t = weft_test_open_findings_fixture();
  ck_assert_ptr_nonnull(t);
  WeftLaneModel *m = weft_lane_model_new(t, NULL, NULL);
  ck_assert_ptr_nonnull(m);
  size_t nf, n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  uint32_t *f = weft_step_findings(m, &nf);
  static const struct { uint64_t us; unsigned type; uint32_t thread; } want[] = {
      {11, WEFT_EV_LOCK_ACQUIRE, 2}, {31, WEFT_EV_LOCK_ACQUIRE, 3}, {40, WEFT_EV_MISUSE, 3},
      {45, WEFT_EV_LOCK_RELEASE, 3}, {50, WEFT_EV_RACE, 2},         {60, WEFT_EV_DUMP, 0},
      {70, WEFT_EV_DUMP, 0},
  };
  size_t nw = sizeof want / sizeof want[0];
  ck_assert_uint_eq(nf, nw);
  size_t at = WEFT_STEP_NONE;
  for (size_t i = 0; i < nw; i++) {
    at = weft_step_in(f, nf, at, 1);
    ck_assert_uint_ne(at, WEFT_STEP_NONE);
    ck_assert_uint_eq(ev[at].time, want[i].us * US);
    ck_assert_uint_eq(ev[at].type, want[i].type);
    ck_assert_uint_eq(ev[at].thread, want[i].thread);
  }
  /* the dump's stop is its first thread; the crash is its own reason */
  ck_assert_uint_eq(ev[f[5]].object, 2);
  ck_assert_uint_eq(ev[f[6]].flags >> WEFT_DUMP_REASON_SHIFT & WEFT_DUMP_REASON_MASK, WEFT_DUMP_CRASH);
  ck_assert_uint_eq(weft_step_in(f, nf, at, 1), WEFT_STEP_NONE);
  for (size_t i = nw; i-- > 0;) {
    at = weft_step_in(f, nf, i + 1 < nw ? f[i + 1] : WEFT_STEP_NONE, -1);
    ck_assert_uint_eq(at, f[i]);
    ck_assert_uint_eq(ev[at].time, want[i].us * US);
  }
  ck_assert_uint_eq(weft_step_in(f, nf, f[0], -1), WEFT_STEP_NONE);
  /* the plain step knows the race and the misuse by their type */
  ck_assert_uint_eq(ev[weft_step(m, f[1], 1, WEFT_STEP_FINDING, 0)].type, WEFT_EV_MISUSE);
  ck_assert_uint_eq(ev[weft_step(m, f[3], 1, WEFT_STEP_FINDING, 0)].type, WEFT_EV_RACE);
  free(f);
  weft_lane_model_free(m);
  weft_trace_free(t);
}
END_TEST

/* No step skips an event it should stop at. */
START_TEST(test_steps_skip_nothing) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(trace, &n);
  for (int k = 0; k < WEFT_STEP_KIND_COUNT; k++)
    for (size_t from = 0; from < n; from++) {
      uint32_t key = k == WEFT_STEP_THREAD ? ev[from].thread : ev[from].object;
      size_t to = weft_step(model, from, 1, (WeftStepKind)k, key);
      size_t end = to == WEFT_STEP_NONE ? n : to;
      for (size_t i = from + 1; i < end; i++)
        ck_assert(!weft_step_matches(trace, &ev[i], (WeftStepKind)k, key));
      if (to != WEFT_STEP_NONE)
        ck_assert(weft_step_matches(trace, &ev[to], (WeftStepKind)k, key));
    }
}
END_TEST

/* ---- arithmetic ---- */

START_TEST(test_axis_round_trip) {
  WeftTimeAxis a = {1000, 11000, 100, 1000};
  ck_assert_double_eq_tol(weft_time_axis_ns_per_px(&a), 10, 1e-9);
  ck_assert_double_eq_tol(weft_time_axis_to_x(&a, 1000), 100, 1e-9);
  ck_assert_double_eq_tol(weft_time_axis_to_x(&a, 6000), 600, 1e-9);
  ck_assert_double_eq_tol(weft_time_axis_to_time(&a, 600), 6000, 1e-9);
  for (double t = 0; t < 20000; t += 137)
    ck_assert_double_eq_tol(weft_time_axis_to_time(&a, weft_time_axis_to_x(&a, t)), t, 1e-6);
}
END_TEST

START_TEST(test_axis_zoom_keeps_anchor) {
  WeftTimeAxis a = {0, 1e6, 0, 1000};
  double before = weft_time_axis_to_time(&a, 250);
  weft_time_axis_zoom(&a, 4, 250, 1e6, 10);
  ck_assert_double_eq_tol(a.t1 - a.t0, 250000, 1e-6);
  ck_assert_double_eq_tol(weft_time_axis_to_time(&a, 250), before, 1e-6);
  /* zooming out past the whole run clamps to it */
  weft_time_axis_zoom(&a, 0.001, 900, 1e6, 10);
  ck_assert_double_eq_tol(a.t0, 0, 1e-9);
  ck_assert_double_eq_tol(a.t1, 1e6, 1e-9);
  /* never below the minimum span */
  weft_time_axis_zoom(&a, 1e9, 500, 1e6, 10);
  ck_assert_double_eq_tol(a.t1 - a.t0, 10, 1e-9);
  /* panning stops at the ends */
  a = (WeftTimeAxis){0, 1000, 0, 100};
  weft_time_axis_pan(&a, -50, 1e6);
  ck_assert_double_eq_tol(a.t0, 0, 1e-9);
  weft_time_axis_pan(&a, 1e9, 1e6);
  ck_assert_double_eq_tol(a.t1, 1e6, 1e-9);
}
END_TEST

/* ---- idle folding ---- */

/* Two folds: [1000, 11000) shown as 500 ns, [20000, 40000) as 1000 ns. */
START_TEST(test_folds_map) {
  WeftFold v[] = {{1000, 11000, 500}, {20000, 40000, 1000}};
  WeftFolds *f = weft_folds_from(v, 2);
  ck_assert_double_eq_tol(weft_folds_to_display(f, 500), 500, 1e-9);   /* before: as is */
  ck_assert_double_eq_tol(weft_folds_to_display(f, 6000), 1250, 1e-9); /* half way: half shown */
  ck_assert_double_eq_tol(weft_folds_to_display(f, 11000), 1500, 1e-9);
  ck_assert_double_eq_tol(weft_folds_to_display(f, 15000), 5500, 1e-9); /* between: slope 1 */
  ck_assert_double_eq_tol(weft_folds_to_display(f, 50000), 50000 - 9500 - 19000, 1e-9);
  for (double t = 0; t < 60000; t += 77) { /* monotonic, and undone by to_real */
    ck_assert_double_eq_tol(weft_folds_to_real(f, weft_folds_to_display(f, t)), t, 1e-6);
    ck_assert(weft_folds_to_display(f, t + 77) > weft_folds_to_display(f, t));
  }
  ck_assert_int_eq(weft_folds_find(f, 999), -1);
  ck_assert_int_eq(weft_folds_find(f, 1000), 0);
  ck_assert_int_eq(weft_folds_find(f, 25000), 1);
  ck_assert_int_eq(weft_folds_find(f, 40000), -1);
  /* an axis over it: pixels go round, the pieces tile the window */
  WeftTimeAxis a = {0, 50000, 100, 1000, f};
  double npp = weft_time_axis_ns_per_px(&a);
  ck_assert_double_eq_tol(npp, (50000 - 9500 - 19000) / 1000.0, 1e-9);
  for (double x = 100; x <= 1100; x += 7)
    ck_assert_double_eq_tol(weft_time_axis_to_x(&a, weft_time_axis_to_time(&a, x)), x, 1e-6);
  WeftAxisPiece p[8];
  size_t np = weft_time_axis_pieces(&a, p, 8);
  ck_assert_uint_eq(np, 5);
  static const double ends[] = {1000, 11000, 20000, 40000, 50000};
  static const int folds[] = {-1, 0, -1, 1, -1};
  for (size_t i = 0; i < np; i++) {
    ck_assert_double_eq_tol(p[i].t0, i ? ends[i - 1] : 0, 1e-9);
    ck_assert_double_eq_tol(p[i].t1, ends[i], 1e-9);
    ck_assert_int_eq(p[i].fold, folds[i]);
    ck_assert_double_eq_tol(p[i].x1 - p[i].x0, (i == 1 ? 500 : i == 3 ? 1000 : ends[i] - (i ? ends[i - 1] : 0)) / npp, 1e-6);
  }
  /* a window that starts inside a fold */
  a.t0 = 30000;
  np = weft_time_axis_pieces(&a, p, 8);
  ck_assert_uint_eq(np, 2);
  ck_assert_int_eq(p[0].fold, 1);
  ck_assert_double_eq_tol(p[0].x0, 100, 1e-9);
  /* zoom and pan keep the time under the pointer, on the folded axis */
  a = (WeftTimeAxis){0, 50000, 100, 1000, f};
  double before = weft_time_axis_to_time(&a, 400);
  weft_time_axis_zoom(&a, 2, 400, 50000, 10);
  ck_assert_double_eq_tol(weft_time_axis_to_time(&a, 400), before, 1e-3);
  weft_time_axis_pan(&a, 1e9, 50000);
  ck_assert_double_eq_tol(a.t1, 50000, 1e-6);
  weft_folds_free(f);
}
END_TEST

/* The fixture's idle stretches: main's sleep after everyone else ended
 * (730..990 us) folds, nothing with an event inside folds, a fold shows
 * shorter than it lasts. */
START_TEST(test_folds_of_fixture) {
  WeftFolds *f = weft_folds_new(model);
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_ge(weft_folds_count(f), 1);
  size_t n;
  const WeftEvent *ev = weft_trace_events(trace, &n);
  bool sleep_folded = false;
  for (size_t k = 0; k < weft_folds_count(f); k++) {
    const WeftFold *g = weft_folds_get(f, k);
    ck_assert(g->shown > 0 && g->shown < (g->end - g->start) / 2);
    for (size_t i = 0; i < n; i++)
      ck_assert_msg(!((double)ev[i].time > g->start && (double)ev[i].time < g->end),
                    "event at %llu inside fold [%.0f, %.0f)", (unsigned long long)ev[i].time,
                    g->start, g->end);
    sleep_folded |= g->start == 730 * US && g->end == 990 * US;
  }
  ck_assert(sleep_folded);
  weft_folds_free(f);
}
END_TEST

START_TEST(test_ruler_steps) {
  ck_assert_uint_eq(weft_ruler_step(1, 100), 100);
  ck_assert_uint_eq(weft_ruler_step(1.5, 100), 200);
  ck_assert_uint_eq(weft_ruler_step(3, 100), 500);
  ck_assert_uint_eq(weft_ruler_step(6e4, 100), 10000000);
  char buf[32];
  weft_format_time(buf, sizeof buf, 2e7, 10000000);
  ck_assert_str_eq(buf, "20 ms");
  weft_format_time(buf, sizeof buf, 1.5e9, 500000000);
  ck_assert_str_eq(buf, "1.5 s");
  weft_format_time(buf, sizeof buf, 300e3, 100e3);
  ck_assert_str_eq(buf, "300 µs");
  weft_format_duration(buf, sizeof buf, 12345678);
  ck_assert_str_eq(buf, "12.3 ms");
}
END_TEST

START_TEST(test_parse_time) {
  uint64_t ns;
  ck_assert(weft_parse_time("1.5s", &ns));
  ck_assert_uint_eq(ns, 1500000000);
  ck_assert(weft_parse_time("20ms", &ns));
  ck_assert_uint_eq(ns, 20000000);
  ck_assert(weft_parse_time("300us", &ns));
  ck_assert_uint_eq(ns, 300000);
  ck_assert(weft_parse_time("300µs", &ns));
  ck_assert_uint_eq(ns, 300000);
  ck_assert(weft_parse_time("100ns", &ns));
  ck_assert_uint_eq(ns, 100);
  ck_assert(weft_parse_time("42", &ns));
  ck_assert_uint_eq(ns, 42);
  ck_assert(!weft_parse_time("", &ns));
  ck_assert(!weft_parse_time("ms", &ns));
  ck_assert(!weft_parse_time("-3ms", &ns));
  ck_assert(!weft_parse_time("3 parsecs", &ns));
  ck_assert(!weft_parse_time("1e30s", &ns));
}
END_TEST

/* ---- the model ---- */

static const WeftLane *lane_named(const char *name, int *index) {
  for (size_t i = 0; i < weft_lane_model_lane_count(model); i++) {
    const WeftLane *l = weft_lane_model_lane(model, i);
    if (!strcmp(l->thread->name, name)) {
      if (index)
        *index = (int)i;
      return l;
    }
  }
  ck_abort_msg("no lane named %s", name);
  return NULL;
}

static WeftLaneState state_at(const WeftLane *l, uint64_t t) {
  ptrdiff_t s = weft_lane_segment_at(l, t);
  return s < 0 ? WEFT_STATE_NONE : (WeftLaneState)l->seg_state[s];
}

START_TEST(test_model_lanes_and_states) {
  ck_assert_uint_eq(weft_lane_model_lane_count(model), 5);
  static const char *const order[] = {"main", "producer", "consumer", "philo-a", "philo-b"};
  for (size_t i = 0; i < 5; i++)
    ck_assert_str_eq(weft_lane_model_lane(model, i)->thread->name, order[i]);
  const WeftLane *cons = lane_named("consumer", NULL);
  ck_assert_int_eq(state_at(cons, 80 * US), WEFT_STATE_CHAN_RECV);
  ck_assert_int_eq(state_at(cons, 103 * US), WEFT_STATE_RUNNING);
  ck_assert_int_eq(state_at(cons, 550 * US), WEFT_STATE_MUTEX);
  ck_assert(cons->ended);
  ck_assert_uint_eq(cons->end_time, 700 * US);
  const WeftLane *prod = lane_named("producer", NULL);
  ck_assert_int_eq(state_at(prod, 300 * US), WEFT_STATE_CHAN_SEND);
  ck_assert_int_eq(state_at(prod, 70 * US), WEFT_STATE_SLEEP);
  ck_assert_uint_eq(prod->nregions, 1);
  ck_assert_str_eq(weft_lane_region_name(model, prod, 0), "produce");
  const WeftLane *main_ = lane_named("main", NULL);
  ck_assert_int_eq(state_at(main_, 300 * US), WEFT_STATE_JOIN);
  ck_assert_int_eq(state_at(main_, 650 * US), WEFT_STATE_CONDVAR);
  ck_assert(!main_->ended);
  /* the deadlock: both philosophers red from their last wait */
  ck_assert_uint_eq(weft_lane_model_deadlock_count(model), 1);
  const WeftLaneDeadlock *d = weft_lane_model_deadlock(model, 0);
  ck_assert_uint_eq(d->nthreads, 2);
  ck_assert_uint_eq(d->threads[0], 4);
  ck_assert_uint_eq(d->nobjects, 2);
  ck_assert_uint_eq(lane_named("philo-a", NULL)->deadlock_from, 200 * US);
  ck_assert_uint_eq(lane_named("philo-b", NULL)->deadlock_from, 210 * US);
  ck_assert_uint_eq(main_->deadlock_from, UINT64_MAX);
}
END_TEST

START_TEST(test_model_arrows) {
  size_t nev, n;
  const WeftEvent *ev = weft_trace_events(trace, &nev);
  const WeftArrow *a = weft_lane_model_arrows(model, WEFT_ARROW_CHANNEL, &n);
  ck_assert_uint_eq(n, 6);
  ck_assert_uint_eq(ev[a[0].src].time, 21 * US); /* results: message 101 */
  ck_assert_uint_eq(ev[a[0].dst].time, 27 * US);
  ck_assert_uint_eq(ev[a[1].src].time, 100 * US);
  ck_assert_uint_eq(ev[a[1].dst].time, 101 * US);
  ck_assert_uint_eq(ev[a[1].dst].thread, 3);
  a = weft_lane_model_arrows(model, WEFT_ARROW_CREATE, &n);
  ck_assert_uint_eq(n, 4);
  a = weft_lane_model_arrows(model, WEFT_ARROW_JOIN, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ev[a[0].src].time, 520 * US);
  a = weft_lane_model_arrows(model, WEFT_ARROW_SIGNAL, &n);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(ev[a[0].dst].time, 705 * US);
  a = weft_lane_model_arrows(model, WEFT_ARROW_LOCK, &n);
  ck_assert_uint_ge(n, 2); /* main -> consumer at 560 us and at 600 us (via the cond wait) */
  bool found = false;
  for (size_t i = 0; i < n; i++)
    if (ev[a[i].src].time == 560 * US && ev[a[i].dst].thread == 3)
      found = true;
  ck_assert(found);
}
END_TEST

START_TEST(test_model_world) {
  /* at 650 us: main waits on done_cv, consumer holds counter_mu, the
   * philosophers each hold a fork and wait for the other */
  size_t upto = weft_lane_model_event_at_time(model, 650 * US);
  WeftWorld w;
  weft_lane_model_world(model, upto, &w);
  bool cons_holds = false, a_holds = false;
  for (size_t i = 0; i < w.nheld; i++) {
    if (w.held[i].object == 1 && w.held[i].holder == 3)
      cons_holds = true;
    if (w.held[i].object == 3 && w.held[i].holder == 4)
      a_holds = true;
  }
  ck_assert(cons_holds);
  ck_assert(a_holds);
  bool main_waits = false, b_waits = false;
  for (size_t i = 0; i < w.nwaiting; i++) {
    if (w.waiting[i].tid == 1 && w.waiting[i].state == WEFT_STATE_CONDVAR && w.waiting[i].object == 5)
      main_waits = true;
    if (w.waiting[i].tid == 5 && w.waiting[i].state == WEFT_STATE_MUTEX && w.waiting[i].object == 3)
      b_waits = true;
  }
  ck_assert(main_waits);
  ck_assert(b_waits);
  weft_world_clear(&w);
}
END_TEST

START_TEST(test_dominant_matches_segments) {
  /* Over any window the summary must pick a state that is present there;
   * over one segment, that segment's state. */
  const WeftLane *cons = lane_named("consumer", NULL);
  for (size_t s = 0; s < cons->nsegs; s++) {
    double a = (double)weft_lane_seg_start(cons, s), b = (double)weft_lane_segment_end(cons, s);
    if (b - a < 2)
      continue;
    ck_assert_int_eq(weft_lane_dominant(cons, a + 0.5, b - 0.5, NULL), cons->seg_state[s]);
  }
  WeftLaneState d = weft_lane_dominant(cons, 25 * US, 700 * US, NULL);
  ck_assert(d == WEFT_STATE_RUNNING || d == WEFT_STATE_CHAN_RECV);
}
END_TEST

/* Segment starts are 4-byte offsets from a per-block base: they must stay
 * exact across gaps of seconds (wide blocks) and dense runs alike. */
START_TEST(test_segments_exact_over_long_gaps) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-gaps-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  WeftWriter *w = weft_writer_create(path, 0, 99);
  ck_assert_ptr_nonnull(w);
  uint64_t th[] = {1, 0, 1001, 0, 0, 0};
  weft_writer_meta(w, 1, WEFT_META_THREAD, 6, th, NULL, 0);
  enum { N = 2001 };
  static uint64_t times[N];
  uint64_t t = 7;
  for (size_t i = 0; i < N; i++) {
    times[i] = t;
    uint64_t a[] = {0, i ? WEFT_F_WAITED : 0, 1000};
    unsigned type = i == 0       ? WEFT_EV_THREAD_START
                    : i % 2 == 1 ? WEFT_EV_SLEEP_BEGIN
                                 : WEFT_EV_SLEEP_END;
    weft_writer_event(w, 1, t, type, type == WEFT_EV_SLEEP_BEGIN ? 3 : 2, a, NULL, 0);
    /* dense, then a 5 s gap, then 20 ms apart (a block spans 5 s), then a
     * gap of exactly 2^32 ns, then dense again */
    t += i == 300 ? 5000000000ull : i > 600 && i < 1200 ? 20000000 : i == 1500 ? 1ull << 32 : 3;
  }
  uint64_t a[] = {0};
  weft_writer_event(w, 1, t, WEFT_EV_THREAD_END, 0, a, NULL, 0);
  /* thread 2: regions, one inside another, one of 6 s, one never ended */
  uint64_t th2[] = {2, 1, 1002, 0, 0, 0};
  weft_writer_meta(w, 2, WEFT_META_THREAD, 6, th2, NULL, 0);
  weft_writer_event(w, 2, 10, WEFT_EV_THREAD_START, 0, a, NULL, 0);
  uint64_t r[] = {0, 0, 1};
  weft_writer_event(w, 2, 20, WEFT_EV_REGION_BEGIN, 3, r, "outer", 5);
  weft_writer_event(w, 2, 30, WEFT_EV_REGION_BEGIN, 3, r, "inner", 5);
  weft_writer_event(w, 2, 40, WEFT_EV_REGION_END, 0, a, NULL, 0);
  weft_writer_event(w, 2, 6000000020ull, WEFT_EV_REGION_END, 0, a, NULL, 0);
  weft_writer_event(w, 2, 6000000030ull, WEFT_EV_REGION_BEGIN, 3, r, "open", 4);
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *tr;
  ck_assert_int_eq(weft_trace_open(path, &tr), WEFT_TRACE_OK);
  WeftLaneModel *m = weft_lane_model_new(tr, NULL, NULL);
  ck_assert_ptr_nonnull(m);
  const WeftLane *l = weft_lane_model_lane(m, 0);
  ck_assert_uint_eq(l->nsegs, N);
  size_t nev, k = 0;
  const WeftEvent *evs = weft_trace_events(tr, &nev);
  ck_assert_uint_eq(nev, N + 1 + 6);
  uint64_t first = UINT64_MAX, written0 = times[0];
  for (size_t i = 0; i < nev; i++) /* the reader's times start from the first tick */
    if (evs[i].thread == 1) {
      if (first == UINT64_MAX)
        first = evs[i].time;
      ck_assert_uint_eq(evs[i].time - first, (k < N ? times[k] : t) - written0);
      if (k < N)
        times[k] = evs[i].time;
      else
        t = evs[i].time;
      k++;
    }
  ck_assert_uint_eq(k, N + 1);
  size_t wide = 0, narrow = 0;
  for (size_t b = 0; b <= N >> WEFT_TIMES_SHIFT; b++)
    if (l->seg.base[b] & WEFT_TIMES_WIDE)
      wide++;
    else
      narrow++;
  ck_assert_uint_gt(wide, 0);
  ck_assert_uint_gt(narrow, 0);
  for (size_t i = 0; i < N; i++) {
    ck_assert_uint_eq(weft_lane_seg_start(l, i), times[i]);
    ck_assert_int_eq(l->seg_state[i], i % 2 == 1 ? WEFT_STATE_SLEEP : WEFT_STATE_RUNNING);
    ck_assert_int_eq(weft_lane_segment_at(l, times[i]), (ptrdiff_t)i);
    if (times[i])
      ck_assert_int_eq(weft_lane_segment_at(l, times[i] - 1), (ptrdiff_t)i - 1);
    ck_assert_uint_eq(weft_lane_find(l, (double)times[i], 0), i);
  }
  ck_assert_uint_eq(weft_lane_seg_start(l, N), t);
  ck_assert_uint_eq(weft_lane_segment_end(l, N - 1), t);
  /* over the 5 s gap, sleep; over a dense stretch, either state */
  ck_assert_int_eq(weft_lane_dominant(l, (double)times[300], (double)times[301], NULL),
                   WEFT_STATE_RUNNING);
  ck_assert_int_eq(weft_lane_dominant(l, (double)times[0], (double)t, NULL), WEFT_STATE_RUNNING);
  WeftLaneState d = weft_lane_dominant(l, (double)times[1], (double)times[299], NULL);
  ck_assert(d == WEFT_STATE_RUNNING || d == WEFT_STATE_SLEEP);
  /* regions: times, depths, names, the long one and the open one */
  const WeftLane *l2 = weft_lane_model_lane(m, 1);
  ck_assert_uint_eq(l2->tid, 2);
  ck_assert_uint_eq(l2->nregions, 3);
  ck_assert_uint_eq(l2->max_depth, 2);
  uint64_t s0 = l2->start_time - 10;
  ck_assert_uint_eq(weft_lane_region_start(l2, 0) - s0, 20);
  ck_assert_uint_eq(weft_lane_region_end(l2, 0) - s0, 6000000020ull);
  ck_assert_uint_eq(weft_lane_region_start(l2, 1) - s0, 30);
  ck_assert_uint_eq(weft_lane_region_end(l2, 1) - s0, 40);
  ck_assert_uint_eq(weft_lane_region_start(l2, 2) - s0, 6000000030ull);
  ck_assert_uint_eq(weft_lane_region_end(l2, 2), l2->end_time);
  ck_assert_uint_eq(l2->region_depth[0], 0);
  ck_assert_uint_eq(l2->region_depth[1], 1);
  ck_assert_uint_eq(l2->region_depth[2], 0);
  ck_assert_str_eq(weft_lane_region_name(m, l2, 0), "outer");
  ck_assert_str_eq(weft_lane_region_name(m, l2, 1), "inner");
  ck_assert_str_eq(weft_lane_region_name(m, l2, 2), "open");
  ck_assert_uint_ge(l2->region_max_len, 6000000000ull);
  /* the renderer draws it at any zoom */
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 300);
  cairo_t *cr = cairo_create(surf);
  WeftRenderOptions o;
  weft_render_options_init(&o, 800, 300);
  for (double span = (double)t; span > 100; span /= 7) {
    o.t0 = (double)times[300] - span / 2;
    o.t1 = o.t0 + span;
    weft_render(cr, m, &o);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  weft_lane_model_free(m);
  weft_trace_free(tr);
  unlink(path);
}
END_TEST

static int u32_cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Arrows are kept by source with a tree of their latest destinations: the
 * arrows that cross a time, and the related events, must be what a scan of
 * them all finds (hand-offs near and far, receives recorded before sends). */
START_TEST(test_arrows_across_match_scan) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-arrows-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  WeftWriter *w = weft_writer_create(path, 0, 98);
  ck_assert_ptr_nonnull(w);
  enum { THREADS = 8 };
  for (uint64_t t = 1; t <= THREADS; t++) {
    uint64_t th[] = {t, t == 1 ? 0 : 1, 1000 + t, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)t, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  uint64_t rng = 12345, t = 100, msg = 1;
  for (uint32_t th = 1; th <= THREADS; th++) {
    uint64_t a[] = {0};
    weft_writer_event(w, th, t++, WEFT_EV_THREAD_START, 0, a, NULL, 0);
  }
  uint32_t far_holder = 0;
  for (int step = 0; step < 6000; step++) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    uint32_t th = 1 + (uint32_t)(rng % THREADS), other = 1 + (uint32_t)((rng >> 8) % THREADS);
    uint64_t mu = 1 + (rng >> 16) % 4;
    uint64_t acq[] = {mu, WEFT_F_WRITE}, rel[] = {mu};
    weft_writer_event(w, th, t, WEFT_EV_LOCK_ACQUIRE, 2, acq, NULL, 0);
    weft_writer_event(w, th, t + 1, WEFT_EV_LOCK_RELEASE, 1, rel, NULL, 0);
    t += 2;
    if (step % 500 == 0) { /* a far hand-off: mutex 9, released now, taken 500 steps later */
      uint64_t acq9[] = {9, WEFT_F_WRITE}, rel9[] = {9};
      if (far_holder)
        weft_writer_event(w, th, t++, WEFT_EV_LOCK_ACQUIRE, 2, acq9, NULL, 0);
      weft_writer_event(w, th, t++, WEFT_EV_LOCK_RELEASE, 1, rel9, NULL, 0);
      far_holder = th;
    }
    if (step % 7 == 0 && other != th) { /* a message; one in three received "before" */
      uint64_t snd[] = {20, 0, msg}, rcv[] = {20, WEFT_CHAN_OK, msg};
      bool early = (rng >> 24) % 3 == 0;
      weft_writer_event(w, early ? other : th, t, early ? WEFT_EV_CHAN_RECV : WEFT_EV_CHAN_SEND, 3,
                        early ? rcv : snd, NULL, 0);
      weft_writer_event(w, early ? th : other, t + 1, early ? WEFT_EV_CHAN_SEND : WEFT_EV_CHAN_RECV,
                        3, early ? snd : rcv, NULL, 0);
      t += 2;
      msg++;
    }
  }
  ck_assert_int_eq(weft_writer_close(w), 0);
  WeftTrace *tr;
  ck_assert_int_eq(weft_trace_open(path, &tr), WEFT_TRACE_OK);
  WeftLaneModel *m = weft_lane_model_new(tr, NULL, NULL);
  ck_assert_ptr_nonnull(m);
  size_t nev;
  weft_trace_events(tr, &nev);
  size_t nlock, nchan;
  const WeftArrow *lock = weft_lane_model_arrows(m, WEFT_ARROW_LOCK, &nlock);
  weft_lane_model_arrows(m, WEFT_ARROW_CHANNEL, &nchan);
  ck_assert_uint_gt(nlock, 3000);
  ck_assert_uint_gt(nchan, 500);
  static uint32_t got[8192], want[8192];
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    size_t na;
    const WeftArrow *v = weft_lane_model_arrows(m, k, &na);
    for (size_t i = 1; i < na; i++)
      ck_assert_uint_le(v[i - 1].src, v[i].src);
    for (int q = 0; q < 300; q++) {
      rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
      uint32_t at = (uint32_t)(rng % nev), until = at + (uint32_t)((rng >> 20) % 3000);
      size_t ng = weft_lane_model_arrows_across(m, k, at, until, got, 8192), nw = 0;
      for (size_t i = 0; i < na; i++)
        if (v[i].src < at && v[i].dst >= at && v[i].dst < until)
          want[nw++] = (uint32_t)i;
      ck_assert_uint_eq(ng, nw);
      qsort(got, ng, sizeof *got, u32_cmp);
      for (size_t i = 0; i < ng; i++)
        ck_assert_uint_eq(got[i], want[i]);
      size_t from = weft_lane_model_arrows_from(m, k, at, 0);
      ck_assert(from == na || v[from].src >= at);
      ck_assert(from == 0 || v[from - 1].src < at);
    }
  }
  (void)lock;
  for (int q = 0; q < 2000; q++) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    uint32_t e = (uint32_t)(rng % nev);
    size_t ng = weft_lane_model_related(m, e, got, 8192), nw = 0;
    for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
      size_t na;
      const WeftArrow *v = weft_lane_model_arrows(m, k, &na);
      for (size_t i = 0; i < na; i++) {
        if (v[i].dst == e)
          want[nw++] = v[i].src;
        if (v[i].src == e)
          want[nw++] = v[i].dst;
      }
    }
    ck_assert_uint_eq(ng, nw);
    qsort(got, ng, sizeof *got, u32_cmp);
    qsort(want, nw, sizeof *want, u32_cmp);
    for (size_t i = 0; i < ng; i++)
      ck_assert_uint_eq(got[i], want[i]);
  }
  /* and it draws, crowded or not */
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 900, 400);
  cairo_t *cr = cairo_create(surf);
  WeftRenderOptions o;
  weft_render_options_init(&o, 900, 400);
  for (double span = (double)weft_lane_model_duration(m); span > 50; span /= 5) {
    o.t0 = (double)weft_lane_model_duration(m) / 3;
    o.t1 = o.t0 + span;
    weft_render(cr, m, &o);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  weft_lane_model_free(m);
  weft_trace_free(tr);
  unlink(path);
}
END_TEST

/* ---- the state of the world, the wait-for graph ---- */

static const WeftChanState *chan(const WeftWorld *w, uint32_t object) {
  for (size_t i = 0; i < w->nchans; i++)
    if (w->chans[i].object == object)
      return &w->chans[i];
  return NULL;
}

START_TEST(test_world_channels) {
  WeftWorld w;
  /* at 40 us: results holds message 102, jobs is unbuffered and empty */
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 40 * US) - 1, &w);
  const WeftChanState *r = chan(&w, 6), *j = chan(&w, 2);
  ck_assert_ptr_nonnull(r);
  ck_assert_ptr_nonnull(j);
  ck_assert_int_eq(r->capacity, 3);
  ck_assert_uint_eq(r->count, 1);
  ck_assert_int_eq(j->capacity, 0);
  ck_assert_uint_eq(j->count, 0);
  ck_assert(!r->closed);
  weft_world_clear(&w);
  /* at 22 us, before the receive: two values */
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 23 * US) - 1, &w);
  ck_assert_uint_eq(chan(&w, 6)->count, 2);
  weft_world_clear(&w);
  /* at 80 us the consumer waits to receive on jobs; at 300 us the producer to send */
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 80 * US), &w);
  ck_assert_uint_eq(chan(&w, 2)->receivers, 1);
  ck_assert_uint_eq(chan(&w, 2)->senders, 0);
  weft_world_clear(&w);
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 300 * US), &w);
  ck_assert_uint_eq(chan(&w, 2)->senders, 1);
  weft_world_clear(&w);
}
END_TEST

static ptrdiff_t edge_between(const WeftWaitGraph *g, WeftNodeKind ka, uint32_t a, WeftNodeKind kb,
                              uint32_t b) {
  ptrdiff_t na = weft_wait_graph_find(g, ka, a), nb = weft_wait_graph_find(g, kb, b);
  for (size_t i = 0; na >= 0 && nb >= 0 && i < g->nedges; i++)
    if (g->edges[i].from == (uint32_t)na && g->edges[i].to == (uint32_t)nb)
      return (ptrdiff_t)i;
  return -1;
}

START_TEST(test_wait_graph_deadlock) {
  WeftWorld w;
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 250 * US), &w);
  WeftWaitGraph g;
  weft_wait_graph_build(model, &w, &g);
  ck_assert_uint_eq(g.ndeadlocked, 2);
  /* the cycle: philo-a waits for fork_b, held by philo-b, who waits for
   * fork_a, held by philo-a; all of it red */
  ptrdiff_t e = edge_between(&g, WEFT_NODE_THREAD, 4, WEFT_NODE_OBJECT, 4);
  ck_assert_int_ge(e, 0);
  ck_assert(g.edges[e].deadlock && g.edges[e].kind == WEFT_EDGE_WAITS);
  e = edge_between(&g, WEFT_NODE_OBJECT, 4, WEFT_NODE_THREAD, 5);
  ck_assert_int_ge(e, 0);
  ck_assert(g.edges[e].deadlock && g.edges[e].kind == WEFT_EDGE_HELD_BY);
  ck_assert_int_ge(edge_between(&g, WEFT_NODE_THREAD, 5, WEFT_NODE_OBJECT, 3), 0);
  ck_assert_int_ge(edge_between(&g, WEFT_NODE_OBJECT, 3, WEFT_NODE_THREAD, 4), 0);
  ck_assert(g.nodes[weft_wait_graph_find(&g, WEFT_NODE_OBJECT, 3)].deadlock);
  /* main joins the producer: an edge, not red */
  e = edge_between(&g, WEFT_NODE_THREAD, 1, WEFT_NODE_THREAD, 2);
  ck_assert_int_ge(e, 0);
  ck_assert(!g.edges[e].deadlock);
  ck_assert(!g.nodes[weft_wait_graph_find(&g, WEFT_NODE_THREAD, 1)].deadlock);
  /* laid out: the boxes do not overlap */
  weft_wait_graph_layout(&g, model, &w, 1.0);
  ck_assert(g.width > 0 && g.height > 0);
  for (size_t i = 0; i < g.nnodes; i++)
    for (size_t k = i + 1; k < g.nnodes; k++) {
      const WeftGraphNode *a = &g.nodes[i], *b = &g.nodes[k];
      bool apart = a->x + a->w <= b->x || b->x + b->w <= a->x || a->y + a->h <= b->y ||
                   b->y + b->h <= a->y;
      ck_assert_msg(apart, "nodes %zu and %zu overlap", i, k);
    }
  weft_wait_graph_clear(&g);
  weft_world_clear(&w);
}
END_TEST

START_TEST(test_wait_graph_before_deadlock) {
  /* at 205 us philo-a waits for fork_b, held by philo-b, who still runs */
  WeftWorld w;
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 205 * US) - 1, &w);
  WeftWaitGraph g;
  weft_wait_graph_build(model, &w, &g);
  ck_assert_uint_eq(g.ndeadlocked, 0);
  ptrdiff_t e = edge_between(&g, WEFT_NODE_THREAD, 4, WEFT_NODE_OBJECT, 4);
  ck_assert_int_ge(e, 0);
  ck_assert(!g.edges[e].deadlock);
  ck_assert_int_ge(edge_between(&g, WEFT_NODE_OBJECT, 4, WEFT_NODE_THREAD, 5), 0);
  ck_assert_int_lt(edge_between(&g, WEFT_NODE_THREAD, 5, WEFT_NODE_OBJECT, 3), 0);
  weft_wait_graph_clear(&g);
  weft_world_clear(&w);
}
END_TEST

START_TEST(test_related_events) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(trace, &nev);
  /* the consumer's wait at 65 us ends with the receive of message 1 at
   * 101 us, whose matching send (same message id) is the producer's */
  uint32_t wait = (uint32_t)weft_lane_model_event_at_time(model, 65 * US);
  ck_assert_uint_eq(ev[wait].type, WEFT_EV_CHAN_RECV_WAIT);
  uint32_t end = weft_lane_model_wait_end(model, wait);
  ck_assert_uint_ne(end, UINT32_MAX);
  ck_assert_uint_eq(ev[end].type, WEFT_EV_CHAN_RECV);
  ck_assert_uint_eq(ev[end].time, 101 * US);
  uint32_t rel[8];
  size_t n = weft_lane_model_related(model, end, rel, 8);
  bool send = false;
  for (size_t i = 0; i < n; i++)
    if (ev[rel[i]].type == WEFT_EV_CHAN_SEND && ev[rel[i]].arg == ev[end].arg &&
        ev[rel[i]].thread == 2)
      send = true;
  ck_assert(send);
  /* the consumer's lock wait at 540 us: main holds counter_mu since 530 us */
  wait = (uint32_t)weft_lane_model_event_at_time(model, 540 * US);
  ck_assert_uint_eq(ev[wait].type, WEFT_EV_LOCK_WAIT);
  uint32_t acq = weft_lane_model_acquisition(model, 1, 1, wait);
  ck_assert_uint_ne(acq, UINT32_MAX);
  ck_assert_uint_eq(ev[acq].time, 530 * US);
  ck_assert_uint_eq(weft_lane_model_acquisition(model, 1, 3, wait), UINT32_MAX);
  /* and the wait ended when it got the lock, at 561 us */
  ck_assert_uint_eq(ev[weft_lane_model_wait_end(model, wait)].time, 561 * US);
  /* a deadlocked wait never ends */
  ck_assert_uint_eq(weft_lane_model_wait_end(model,
                                             (uint32_t)weft_lane_model_event_at_time(model, 200 * US)),
                    UINT32_MAX);
}
END_TEST

/* ---- pixels ---- */

typedef struct {
  cairo_surface_t *surf;
  WeftRenderOptions o;
  WeftRenderLayout L;
} Image;

/* Draws with img->o as set (1200x400), kept as `name` under WEFT_TEST_KEEP. */
static void render_as(Image *img, const char *name) {
  img->surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1200, 400);
  cairo_t *cr = cairo_create(img->surf);
  weft_render(cr, model, &img->o);
  cairo_destroy(cr);
  cairo_surface_flush(img->surf);
  weft_render_layout(model, &img->o, &img->L);
  if (getenv("WEFT_TEST_KEEP"))
    cairo_surface_write_to_png(img->surf, name);
}

static void render(Image *img, unsigned arrows) {
  weft_render_options_init(&img->o, 1200, 400);
  img->o.arrows = arrows;
  render_as(img, "test-viewer.png");
}

static WeftRgb pixel(Image *img, double x, double y) {
  unsigned char *d = cairo_image_surface_get_data(img->surf);
  int stride = cairo_image_surface_get_stride(img->surf);
  uint32_t p = *(uint32_t *)(d + (int)y * stride + (int)x * 4);
  return (WeftRgb){((p >> 16) & 255) / 255.0, ((p >> 8) & 255) / 255.0, (p & 255) / 255.0};
}

static bool close_to(WeftRgb a, WeftRgb b, double tol) {
  return fabs(a.r - b.r) <= tol && fabs(a.g - b.g) <= tol && fabs(a.b - b.b) <= tol;
}

static double lane_center(Image *img, int lane) {
  /* the bar's middle: lanes start below the ruler with a small margin */
  WeftHit h;
  for (double y = img->L.lanes_top; y < img->L.lanes_bottom; y++) {
    weft_render_hit(model, &img->o, img->L.axis.x0 + 1, y, &h);
    if (h.lane == lane)
      return y + img->L.lane_height / 2;
  }
  ck_abort_msg("lane %d not on screen", lane);
  return 0;
}

START_TEST(test_render_blocked_colour) {
  Image img;
  render(&img, 0);
  int cons, prod;
  lane_named("consumer", &cons);
  lane_named("producer", &prod);
  double x = weft_time_axis_to_x(&img.L.axis, 80 * US);
  WeftRgb c = pixel(&img, x, lane_center(&img, cons));
  ck_assert_msg(close_to(c, weft_state_colour(WEFT_STATE_CHAN_RECV, false), 0.02),
                "consumer at 80us is %.2f %.2f %.2f", c.r, c.g, c.b);
  x = weft_time_axis_to_x(&img.L.axis, 300 * US);
  ck_assert(close_to(pixel(&img, x, lane_center(&img, prod)),
                     weft_state_colour(WEFT_STATE_CHAN_SEND, false), 0.02));
  /* the thread is where its lane is: running just after it got the value */
  x = weft_time_axis_to_x(&img.L.axis, 104 * US);
  ck_assert(close_to(pixel(&img, x, lane_center(&img, cons)),
                     weft_state_colour(WEFT_STATE_RUNNING, false), 0.02));
  /* and nothing before it started nor after it ended */
  x = weft_time_axis_to_x(&img.L.axis, 800 * US);
  WeftRgb bg = pixel(&img, x, lane_center(&img, cons));
  ck_assert(!close_to(bg, weft_state_colour(WEFT_STATE_RUNNING, false), 0.1));
  /* the deadlock is red on both philosophers */
  int pa;
  lane_named("philo-a", &pa);
  x = weft_time_axis_to_x(&img.L.axis, 600 * US);
  WeftRgb red = weft_deadlock_colour(false);
  bool found = false;
  for (double dy = -4; dy <= 4 && !found; dy++)
    found = close_to(pixel(&img, x, lane_center(&img, pa) + dy), red, 0.05);
  ck_assert(found);
  cairo_surface_destroy(img.surf);
}
END_TEST

/* Folded, the story takes more of the screen: the deadlock's closing (210 us)
 * is further right; the sleep's fold is hatched on the ruler and its lanes
 * are still drawn, dimmed. */
START_TEST(test_render_folded) {
  Image flat, folded;
  render(&flat, 0);
  WeftFolds *f = weft_folds_new(model);
  weft_render_options_init(&folded.o, 1200, 400);
  folded.o.arrows = 0;
  folded.o.folds = f;
  render_as(&folded, "test-viewer-folded.png");
  ck_assert_ptr_eq(folded.L.axis.folds, f);
  double x_flat = weft_time_axis_to_x(&flat.L.axis, 210 * US);
  double x_fold = weft_time_axis_to_x(&folded.L.axis, 210 * US);
  ck_assert_msg(x_fold - folded.L.axis.x0 > 1.2 * (x_flat - flat.L.axis.x0), "%.0f vs %.0f", x_fold,
                x_flat);
  /* the whole run is still in view */
  ck_assert(folded.L.axis.t1 >= (double)weft_lane_model_duration(model));
  /* the sleep's fold on the ruler: not the ruler's plain background */
  double xs = weft_time_axis_to_x(&folded.L.axis, 735 * US), xe = weft_time_axis_to_x(&folded.L.axis, 985 * US);
  ck_assert(xe - xs >= 4);
  double rh = folded.L.ruler_height;
  int marked = 0;
  WeftRgb plain = pixel(&folded, folded.L.axis.x0 + 2, 3);
  for (double x = xs; x <= xe; x++)
    marked += !close_to(pixel(&folded, x, 3), plain, 0.02) || !close_to(pixel(&folded, x, rh / 2), plain, 0.02);
  ck_assert_int_gt(marked, 0);
  /* main sleeps through it: its lane is drawn there, not blank */
  int main_lane;
  lane_named("main", &main_lane);
  WeftHit h;
  weft_render_hit(model, &folded.o, (xs + xe) / 2, lane_center(&folded, main_lane), &h);
  ck_assert_int_eq(h.lane, main_lane);
  ck_assert(h.time > 730 * US && h.time < 990 * US);
  cairo_surface_destroy(flat.surf);
  cairo_surface_destroy(folded.surf);
  weft_folds_free(f);
}
END_TEST

/* The philosophers run one function: one group lane, that shows what the
 * worse off of them does; a hit on it names the group, the row of either
 * philosopher is the group's. */
START_TEST(test_render_group_lane) {
  WeftLaneGroups *g = weft_lane_groups_new(model);
  ck_assert_uint_eq(weft_lane_groups_count(g), 1);
  const WeftLaneGroup *grp = weft_lane_groups_get(g, 0);
  ck_assert_str_eq(grp->name, "philosopher");
  int pa, pb;
  lane_named("philo-a", &pa);
  lane_named("philo-b", &pb);
  ck_assert_uint_eq(grp->nlanes, 2);
  ck_assert_uint_eq(grp->lanes[0], (uint32_t)pa);
  ck_assert_uint_eq(grp->lanes[1], (uint32_t)pb);
  ck_assert_int_eq(weft_lane_groups_of_lane(g, 0), -1);
  ck_assert_int_eq(weft_lane_groups_of_lane(g, (size_t)pb), 0);
  ck_assert_uint_eq(weft_lane_groups_row_lane(g, WEFT_ROW_GROUP), (uint32_t)pa);
  ck_assert(weft_lane_groups_row_shows(g, WEFT_ROW_GROUP, (size_t)pb));
  ck_assert(!weft_lane_groups_row_shows(g, WEFT_ROW_GROUP, 0));
  /* worse: waiting on another thread, then on time, then running */
  ck_assert_int_gt(weft_lane_state_severity(WEFT_STATE_MUTEX), weft_lane_state_severity(WEFT_STATE_SLEEP));
  ck_assert_int_gt(weft_lane_state_severity(WEFT_STATE_CHAN_SEND), weft_lane_state_severity(WEFT_STATE_IO));
  ck_assert_int_gt(weft_lane_state_severity(WEFT_STATE_SLEEP), weft_lane_state_severity(WEFT_STATE_RUNNING));
  ck_assert_int_gt(weft_lane_state_severity(WEFT_STATE_RUNNING), weft_lane_state_severity(WEFT_STATE_NONE));

  Image img;
  static const uint32_t rows[] = {0, 1, 2, WEFT_ROW_GROUP | 0};
  weft_render_options_init(&img.o, 1200, 400);
  img.o.arrows = 0;
  img.o.rows = rows;
  img.o.nrows = 4;
  img.o.groups = g;
  render_as(&img, "test-viewer-group.png");
  ck_assert_int_eq(weft_render_row_of_lane(model, &img.o, pa), 3);
  ck_assert_int_eq(weft_render_row_of_lane(model, &img.o, pb), 3);
  ck_assert_int_eq(weft_render_row_of_lane(model, &img.o, 1), 1);
  double y = lane_center(&img, pa);
  WeftHit h;
  weft_render_hit(model, &img.o, 20, y, &h);
  ck_assert_int_eq(h.group, 0);
  ck_assert_int_eq(h.area, WEFT_HIT_NAME);
  weft_render_hit(model, &img.o, 20, lane_center(&img, 1), &h);
  ck_assert_int_eq(h.group, -1);
  /* 40 us: philo-a runs, philo-b has not begun: running */
  ck_assert(close_to(pixel(&img, weft_time_axis_to_x(&img.L.axis, 40 * US), y),
                     weft_state_colour(WEFT_STATE_RUNNING, false), 0.02));
  /* 30 us: neither has begun: not running */
  ck_assert(!close_to(pixel(&img, weft_time_axis_to_x(&img.L.axis, 30 * US), y),
                      weft_state_colour(WEFT_STATE_RUNNING, false), 0.1));
  /* 205 us: philo-a is deadlocked, philo-b still runs: the group is red */
  WeftRgb red = weft_deadlock_colour(false);
  bool found = false;
  for (double dy = -4; dy <= 4 && !found; dy++)
    found = close_to(pixel(&img, weft_time_axis_to_x(&img.L.axis, 205 * US), y + dy), red, 0.05);
  ck_assert(found);
  cairo_surface_destroy(img.surf);
  weft_lane_groups_free(g);
}
END_TEST

START_TEST(test_render_arrow_ends_on_receiver) {
  /* Zoomed on the first message, channel arrows only. */
  Image img;
  weft_render_options_init(&img.o, 1200, 400);
  img.o.arrows = 1u << WEFT_ARROW_CHANNEL;
  img.o.t0 = 90 * US;
  img.o.t1 = 110 * US;
  img.surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1200, 400);
  cairo_t *cr = cairo_create(img.surf);
  weft_render(cr, model, &img.o);
  cairo_destroy(cr);
  weft_render_layout(model, &img.o, &img.L);
  if (getenv("WEFT_TEST_KEEP"))
    cairo_surface_write_to_png(img.surf, "test-viewer-arrow.png");
  int cons, prod;
  lane_named("consumer", &cons);
  lane_named("producer", &prod);
  WeftRgb ac = weft_arrow_colour(WEFT_ARROW_CHANNEL, false);
  double xr = weft_time_axis_to_x(&img.L.axis, 101 * US), yr = lane_center(&img, cons);
  /* the head sits just left of the receive, on the receiving lane */
  bool head = false;
  for (double dx = -6; dx <= 0 && !head; dx++)
    head = close_to(pixel(&img, xr + dx, yr), ac, 0.12);
  WeftRgb got = pixel(&img, xr - 3, yr);
  ck_assert_msg(head, "no arrow head at the receive (%.0f, %.0f): %.2f %.2f %.2f", xr, yr, got.r,
                got.g, got.b);
  /* and its tail on the sender's lane at the send */
  double xs = weft_time_axis_to_x(&img.L.axis, 100 * US), ys = lane_center(&img, prod);
  bool tail = false;
  for (double dx = -2; dx <= 2 && !tail; dx++)
    tail = close_to(pixel(&img, xs + dx, ys), ac, 0.12);
  ck_assert_msg(tail, "no arrow tail at the send");
  /* with arrows off, no arrow colour there */
  cairo_surface_destroy(img.surf);
  render(&img, 0);
  cairo_surface_destroy(img.surf);
}
END_TEST

START_TEST(test_render_formats) {
  WeftRenderOptions o;
  weft_render_options_init(&o, 800, 300);
  char path[96];
  static const char *const ext[] = {"png", "svg", "pdf"};
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s.%s", trace_path, ext[i]);
    ck_assert(weft_render_format_known(path));
    ck_assert_int_eq(weft_render_to_file(model, &o, path), 0);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char head[8] = {0};
    ck_assert_uint_gt(fread(head, 1, sizeof head, f), 3);
    fclose(f);
    if (i == 0)
      ck_assert_int_eq(memcmp(head, "\x89PNG", 4), 0);
    else if (i == 1)
      ck_assert(strstr(head, "<?xml") || strstr(head, "<svg"));
    else
      ck_assert_int_eq(memcmp(head, "%PDF", 4), 0);
    unlink(path);
  }
  ck_assert(!weft_render_format_known("out.jpg"));
  ck_assert(!weft_render_format_known("png"));
  ck_assert_int_eq(weft_render_to_file(model, &o, "/tmp/x.bmp"), -1);
}
END_TEST

START_TEST(test_render_huge_zoom_and_empty) {
  /* a window of 10 ns, and one beyond the end: no crash, something drawn */
  Image img;
  weft_render_options_init(&img.o, 640, 200);
  img.surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 640, 200);
  cairo_t *cr = cairo_create(img.surf);
  img.o.t0 = 100 * US;
  img.o.t1 = 100 * US + 10;
  weft_render(cr, model, &img.o);
  img.o.t0 = 5000 * US;
  img.o.t1 = 6000 * US;
  weft_render(cr, model, &img.o);
  img.o.dark = true;
  img.o.scale = 2;
  img.o.t1 = 0;
  weft_render(cr, model, &img.o);
  cairo_destroy(cr);
  cairo_surface_destroy(img.surf);
}
END_TEST

START_TEST(test_render_world_cycle_red) {
  WeftWorld w;
  weft_lane_model_world(model, weft_lane_model_event_at_time(model, 250 * US), &w);
  WeftWaitGraph g;
  weft_wait_graph_build(model, &w, &g);
  weft_wait_graph_layout(&g, model, &w, 1.0);
  int W = (int)ceil(g.width) + 40;
  double h = weft_render_world(NULL, model, &w, &g, W, 1.0, false);
  ck_assert(h > g.height);
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, (int)ceil(h));
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  double h2 = weft_render_world(cr, model, &w, &g, W, 1.0, false);
  cairo_destroy(cr);
  cairo_surface_flush(surf);
  if (getenv("WEFT_TEST_KEEP"))
    cairo_surface_write_to_png(surf, "test-viewer-graph.png");
  ck_assert(fabs(h - h2) < 0.5);
  Image img = {surf, {0}, {0}};
  double ox = (W - g.width) / 2, oy = 4; /* where weft_render_world puts the graph */
  /* the middle of the edge philo-a -> fork_b is red */
  const WeftGraphNode *a = &g.nodes[weft_wait_graph_find(&g, WEFT_NODE_THREAD, 4)];
  const WeftGraphNode *b = &g.nodes[weft_wait_graph_find(&g, WEFT_NODE_OBJECT, 4)];
  double mx = ox + (a->x + a->w / 2 + b->x + b->w / 2) / 2;
  double my = oy + (a->y + a->h / 2 + b->y + b->h / 2) / 2;
  bool red = false;
  for (int dx = -1; dx <= 1; dx++)
    for (int dy = -1; dy <= 1; dy++)
      red |= close_to(pixel(&img, mx + dx, my + dy), weft_deadlock_colour(false), 0.12);
  ck_assert_msg(red, "no red at the middle of the deadlocked wait");
  /* and philo-a's box has the mutex colour, the channel's buffer the send colour */
  ck_assert(close_to(pixel(&img, ox + a->x + 6, oy + a->y + a->h / 2),
                     weft_state_colour(WEFT_STATE_MUTEX, false), 0.02));
  cairo_surface_destroy(surf);
  weft_wait_graph_clear(&g);
  weft_world_clear(&w);
}
END_TEST

START_TEST(test_render_world_file) {
  char path[] = "/tmp/weft-test-world-XXXXXX.svg";
  int fd = mkstemps(path, 4);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_int_eq(weft_render_world_to_file(model, weft_lane_model_event_at_time(model, 650 * US),
                                             500, 1.0, true, path),
                   0);
  FILE *f = fopen(path, "r");
  ck_assert_ptr_nonnull(f);
  char head[64] = {0};
  ck_assert_uint_gt(fread(head, 1, sizeof head - 1, f), 0);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(head, "<?xml"));
  unlink(path);
}
END_TEST

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--write-fixture")) { /* for the GUI test */
    weft_test_write_fixture(argv[2]);
    return 0;
  }
  Suite *s = suite_create("viewer");
  TCase *tc = tcase_create("arithmetic");
  tcase_add_test(tc, test_axis_round_trip);
  tcase_add_test(tc, test_folds_map);
  tcase_add_test(tc, test_steps_findings_inversion);
  tcase_add_test(tc, test_source_find);
  tcase_add_test(tc, test_axis_zoom_keeps_anchor);
  tcase_add_test(tc, test_ruler_steps);
  tcase_add_test(tc, test_parse_time);
  suite_add_tcase(s, tc);
  tc = tcase_create("model");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_model_lanes_and_states);
  tcase_add_test(tc, test_model_arrows);
  tcase_add_test(tc, test_model_world);
  tcase_add_test(tc, test_folds_of_fixture);
  tcase_add_test(tc, test_dominant_matches_segments);
  tcase_add_test(tc, test_segments_exact_over_long_gaps);
  tcase_add_test(tc, test_arrows_across_match_scan);
  tcase_add_test(tc, test_world_channels);
  tcase_add_test(tc, test_wait_graph_deadlock);
  tcase_add_test(tc, test_wait_graph_before_deadlock);
  tcase_add_test(tc, test_related_events);
  tcase_add_test(tc, test_steps_each_kind);
  tcase_add_test(tc, test_frame_deadlock_story);
  tcase_add_test(tc, test_narration_shared);
  tcase_add_test(tc, test_steps_skip_nothing);
  tcase_add_test(tc, test_steps_findings_every_kind);
  suite_add_tcase(s, tc);
  tc = tcase_create("render");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_render_blocked_colour);
  tcase_add_test(tc, test_render_folded);
  tcase_add_test(tc, test_render_group_lane);
  tcase_add_test(tc, test_render_arrow_ends_on_receiver);
  tcase_add_test(tc, test_render_formats);
  tcase_add_test(tc, test_render_huge_zoom_and_empty);
  tcase_add_test(tc, test_render_world_cycle_red);
  tcase_add_test(tc, test_render_world_file);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
