/* test-export.c: `weft export` read back with json-glib, as Perfetto would
 * read it: one name per thread, slices that never overlap on a thread, one
 * flow pair per channel message, the deadlock as a marker; and its errors. */
#include <check.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft-trace.h"

static const char *weft_exe, *traces_dir;

/* Runs weft with args; returns its exit status, stderr in err. */
static int run_weft(const char *args, char *err, size_t errsize) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "LC_ALL=C '%s' %s 2>&1 >/dev/null", weft_exe, args);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  size_t n = fread(err, 1, errsize - 1, p);
  err[n] = 0;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static JsonArray *export_trace(const char *trace, JsonParser **parser, char *json_path) {
  strcpy(json_path, "/tmp/weft-test-export-XXXXXX.json");
  int fd = mkstemps(json_path, 5);
  ck_assert_int_ge(fd, 0);
  close(fd);
  char args[2048], err[1024];
  snprintf(args, sizeof args, "export '%s' -o '%s'", trace, json_path);
  ck_assert_int_eq(run_weft(args, err, sizeof err), 0);
  *parser = json_parser_new();
  GError *error = NULL;
  ck_assert_msg(json_parser_load_from_file(*parser, json_path, &error), "%s",
                error ? error->message : "");
  JsonObject *root = json_node_get_object(json_parser_get_root(*parser));
  ck_assert_ptr_nonnull(root);
  ck_assert_str_eq(json_object_get_string_member(root, "displayTimeUnit"), "ns");
  return json_object_get_array_member(root, "traceEvents");
}

/* Messages in the trace: receives whose send is in the trace too. */
static size_t count_messages(const WeftTrace *t) {
  size_t n, m = 0;
  const WeftEvent *ev = weft_trace_events(t, &n);
  for (size_t i = 0; i < n; i++) {
    if (ev[i].type != WEFT_EV_CHAN_RECV || !ev[i].arg)
      continue;
    for (size_t j = 0; j < n; j++)
      if (ev[j].type == WEFT_EV_CHAN_SEND && ev[j].arg == ev[i].arg) {
        m++;
        break;
      }
  }
  return m;
}

typedef struct {
  gint64 tid;
  double ts, end;
} Slice;

static int by_tid_ts(const void *a, const void *b) {
  const Slice *x = a, *y = b;
  if (x->tid != y->tid)
    return x->tid < y->tid ? -1 : 1;
  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static void check_trace(const char *name, size_t expect_deadlocks) {
  char trace[1024], json_path[64];
  snprintf(trace, sizeof trace, "%s/%s", traces_dir, name);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(trace, &t), WEFT_TRACE_OK);
  JsonParser *parser;
  JsonArray *events = export_trace(trace, &parser, json_path);
  guint n = json_array_get_length(events);
  size_t nthreads;
  const WeftThread *threads = weft_trace_threads(t, &nthreads);
  size_t names = 0, flows_s = 0, flows_f = 0, messages_s = 0, messages_f = 0, deadlocks = 0;
  Slice *slices = calloc(n, sizeof *slices);
  size_t nslices = 0;
  for (guint i = 0; i < n; i++) {
    JsonObject *e = json_array_get_object_element(events, i);
    const char *ph = json_object_get_string_member(e, "ph");
    const char *cat = json_object_has_member(e, "cat") ? json_object_get_string_member(e, "cat") : "";
    if (!strcmp(ph, "M") && !strcmp(json_object_get_string_member(e, "name"), "thread_name")) {
      gint64 tid = json_object_get_int_member(e, "tid");
      const WeftThread *th = weft_trace_thread(t, (uint32_t)tid);
      ck_assert_ptr_nonnull(th);
      const char *tn = json_object_get_string_member(json_object_get_object_member(e, "args"), "name");
      ck_assert_str_eq(tn, th->name);
      names++;
    } else if (!strcmp(ph, "X")) {
      double dur = json_object_get_double_member(e, "dur");
      ck_assert(dur >= 0);
      slices[nslices++] = (Slice){json_object_get_int_member(e, "tid"),
                                  json_object_get_double_member(e, "ts"),
                                  json_object_get_double_member(e, "ts") + dur};
    } else if (!strcmp(ph, "s")) {
      flows_s++;
      messages_s += !strcmp(cat, "message");
    } else if (!strcmp(ph, "f")) {
      flows_f++;
      messages_f += !strcmp(cat, "message");
    } else if (!strcmp(ph, "i") && !strcmp(json_object_get_string_member(e, "name"), "deadlock")) {
      deadlocks++;
      JsonObject *args = json_object_get_object_member(e, "args");
      ck_assert_int_gt(json_array_get_length(json_object_get_array_member(args, "threads")), 0);
    }
  }
  ck_assert_uint_eq(names, nthreads);
  for (size_t i = 0; i < nthreads; i++) /* one name per thread: no two for one tid */
    for (size_t j = i + 1; j < nthreads; j++)
      ck_assert_uint_ne(threads[i].id, threads[j].id);
  qsort(slices, nslices, sizeof *slices, by_tid_ts);
  ck_assert_uint_gt(nslices, nthreads - 1);
  for (size_t i = 1; i < nslices; i++)
    if (slices[i].tid == slices[i - 1].tid) /* microseconds with ns precision */
      ck_assert_msg(slices[i].ts >= slices[i - 1].end - 0.0005, "%s: slices overlap on thread %lld at %.3f",
                    name, (long long)slices[i].tid, slices[i].ts);
  ck_assert_uint_eq(flows_s, flows_f);
  ck_assert_uint_eq(messages_s, count_messages(t));
  ck_assert_uint_eq(messages_f, messages_s);
  ck_assert_uint_eq(deadlocks, expect_deadlocks);
  free(slices);
  g_object_unref(parser);
  unlink(json_path);
  weft_trace_free(t);
}

START_TEST(test_pipeline) { check_trace("pipeline.weft", 0); }
END_TEST

START_TEST(test_worker_pool) { check_trace("worker-pool.weft", 0); }
END_TEST

START_TEST(test_philosophers_deadlock) { check_trace("philosophers.weft", 1); }
END_TEST

START_TEST(test_philosophers_fixed) { check_trace("philosophers-fixed.weft", 0); }
END_TEST

static void expect_error(const char *args, int status, const char *text) {
  char err[1024];
  ck_assert_int_eq(run_weft(args, err, sizeof err), status);
  ck_assert_msg(strstr(err, text), "'%s' not in: %s", text, err);
  ck_assert_msg(strchr(err, '\n') == err + strlen(err) - 1, "not one line: %s", err);
}

START_TEST(test_bad_input) {
  char args[2048];
  expect_error("export /nonexistent/run.weft", 66, "run.weft");
  expect_error("export --bogus x.weft", 64, "unknown option '--bogus'");
  expect_error("export", 64, "expected one trace file");
  snprintf(args, sizeof args, "export '%s/pipeline.weft' -o", traces_dir);
  expect_error(args, 64, "-o needs a value");
  snprintf(args, sizeof args, "export '%s/pipeline.weft' -o /nonexistent/dir/out.json", traces_dir);
  expect_error(args, 73, "cannot write '/nonexistent/dir/out.json'");
  ck_assert_int_ne(access("/nonexistent/dir/out.json", F_OK), 0);
  char notrace[] = "/tmp/weft-test-export-XXXXXX";
  int fd = mkstemp(notrace);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "hello\n", 6), 6);
  close(fd);
  snprintf(args, sizeof args, "export '%s' -o /tmp/weft-test-export-never.json", notrace);
  expect_error(args, 65, "not a weft trace");
  ck_assert_int_ne(access("/tmp/weft-test-export-never.json", F_OK), 0);
  unlink(notrace);
}
END_TEST

int main(void) {
  weft_exe = getenv("WEFT_EXE");
  traces_dir = getenv("WEFT_TRACES");
  if (!weft_exe || !traces_dir) {
    fprintf(stderr, "test-export: WEFT_EXE and WEFT_TRACES must be set\n");
    return 1;
  }
  Suite *s = suite_create("export");
  TCase *tc = tcase_create("chrome");
  tcase_add_test(tc, test_pipeline);
  tcase_add_test(tc, test_worker_pool);
  tcase_add_test(tc, test_philosophers_deadlock);
  tcase_add_test(tc, test_philosophers_fixed);
  tcase_add_test(tc, test_bad_input);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
