/* test-export.c: `weft export` read back with json-glib, as Perfetto would
 * read it: one name per thread, slices that never overlap on a thread, one
 * flow pair per channel message; each finding of weft report as an instant
 * with the report's words, the bookmarks as markers, numbers in the C
 * locale under a French one; and its errors. */
#include <check.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-run.h"
#include "weft-trace.h"

static const char *weft_exe, *traces_dir, *programs_dir;

/* Runs weft with args in a locale; returns its exit status, stderr in err. */
static int run_weft_in(const char *locale, const char *args, char *err, size_t errsize) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "LANGUAGE= LC_ALL=%s '%s' %s 2>&1 >/dev/null", locale, weft_exe, args);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  size_t n = fread(err, 1, errsize - 1, p);
  err[n] = 0;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_weft(const char *args, char *err, size_t errsize) {
  return run_weft_in("C", args, err, errsize);
}

/* Exports trace in a locale (its stderr in err) and reads the JSON back. */
static JsonArray *export_trace_in(const char *locale, const char *trace, JsonParser **parser,
                                  char *json_path, char *err, size_t errsize) {
  strcpy(json_path, "/tmp/weft-test-export-XXXXXX.json");
  int fd = mkstemps(json_path, 5);
  ck_assert_int_ge(fd, 0);
  close(fd);
  char args[2048];
  snprintf(args, sizeof args, "export '%s' -o '%s'", trace, json_path);
  ck_assert_msg(run_weft_in(locale, args, err, errsize) == 0, "export %s: %s", trace, err);
  *parser = json_parser_new();
  GError *error = NULL;
  ck_assert_msg(json_parser_load_from_file(*parser, json_path, &error), "%s",
                error ? error->message : "");
  JsonObject *root = json_node_get_object(json_parser_get_root(*parser));
  ck_assert_ptr_nonnull(root);
  ck_assert_str_eq(json_object_get_string_member(root, "displayTimeUnit"), "ns");
  return json_object_get_array_member(root, "traceEvents");
}

static JsonArray *export_trace(const char *trace, JsonParser **parser, char *json_path) {
  char err[1024];
  return export_trace_in("C", trace, parser, json_path, err, sizeof err);
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

/* ---- findings, bookmarks, locale ---- */

static char work_dir[] = "/tmp/weft-test-export-dir-XXXXXX";

/* What a command prints on stdout, whole (g_free). */
static char *command_output(const char *cmd) {
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  GString *out = g_string_new(NULL);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    g_string_append_len(out, buf, (gssize)n);
  pclose(p);
  return g_string_free(out, FALSE);
}

/* Records `PROGRAM ARGS` from the test programs into work_dir/NAME.weft,
 * with weft record's options first in `program` ("--timeout 1 -- stuck spin"). */
static char *record(const char *name, const char *program) {
  char *trace = g_strdup_printf("%s/%s.weft", work_dir, name);
  const char *dashes = strstr(program, "-- ");
  char *cmd = g_strdup_printf("cd '%s' && LC_ALL=C '%s' record -o '%s' %.*s-- %s/%s >/dev/null 2>&1",
                              work_dir, weft_exe, trace, dashes ? (int)(dashes - program) : 0,
                              program, programs_dir, dashes ? dashes + 3 : program);
  int st = system(cmd);
  ck_assert_msg(WIFEXITED(st), "%s", cmd);
  ck_assert_int_eq(access(trace, R_OK), 0);
  g_free(cmd);
  return trace;
}

static const char *member_string(JsonObject *o, const char *name) {
  return o && json_object_has_member(o, name) ? json_object_get_string_member(o, name) : NULL;
}

static guint array_length(JsonObject *o, const char *name) {
  JsonNode *n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_array_get_length(json_node_get_array(n)) : 0;
}

/* How many findings `weft report --json` lists, each class counted. */
static guint report_findings(const char *trace) {
  char *cmd = g_strdup_printf("LC_ALL=C '%s' report --json '%s'", weft_exe, trace);
  char *text = command_output(cmd);
  JsonParser *p = json_parser_new();
  ck_assert_msg(json_parser_load_from_data(p, text, -1, NULL), "report --json: %s", text);
  JsonObject *r = json_node_get_object(json_parser_get_root(p));
  static const char *const lists[] = {"deadlocks", "lock_order_inversions", "lock_order_notes",
                                      "leaks", "misuse", "races", "tsan_findings", "dumps",
                                      "shared_stack_args", "waitgroup_adds"};
  guint n = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
    n += array_length(r, lists[i]);
  for (const char *const *one = (const char *const[]){"crash", "early_exit", NULL}; *one; one++)
    n += json_object_has_member(r, *one) && !json_object_get_null_member(r, *one);
  g_object_unref(p);
  g_free(text);
  g_free(cmd);
  return n;
}

/* A line of text is `line`, give or take its indent. */
static bool report_has_line(const char *text, const char *line) {
  char **lines = g_strsplit(text, "\n", -1);
  bool found = false;
  for (char **l = lines; *l && !found; l++)
    found = *line && !strcmp(g_strstrip(*l), line);
  g_strfreev(lines);
  return found;
}

/* Exports trace; checks each finding instant against the report and
 * returns their names, space-separated around each (g_free). */
static char *check_findings(const char *trace) {
  char json_path[64], err[1024];
  JsonParser *parser;
  JsonArray *events = export_trace_in("C", trace, &parser, json_path, err, sizeof err);
  WeftTrace *t;
  ck_assert_int_eq(weft_trace_open(trace, &t), WEFT_TRACE_OK);
  char *cmd = g_strdup_printf("LC_ALL=C '%s' report '%s'", weft_exe, trace);
  char *report = command_output(cmd);
  GString *names = g_string_new(" ");
  guint findings = 0;
  double end_us = (double)weft_trace_info(t)->duration / 1000 + 0.001;
  for (guint i = 0; i < json_array_get_length(events); i++) {
    JsonObject *e = json_array_get_object_element(events, i);
    const char *cat = member_string(e, "cat");
    if (strcmp(json_object_get_string_member(e, "ph"), "i") || !cat || strcmp(cat, "finding"))
      continue;
    findings++;
    const char *name = member_string(e, "name");
    JsonObject *args = json_object_get_object_member(e, "args");
    const char *severity = member_string(args, "severity");
    const char *explanation = member_string(args, "explanation");
    ck_assert_ptr_nonnull(severity);
    ck_assert_msg(!strcmp(severity, "error") || !strcmp(severity, "note"), "%s: %s", name, severity);
    ck_assert_str_eq(severity, !strcmp(name, "lock-order-note") ||
                                       !strcmp(name, "process-end-holding-lock") ||
                                       !strcmp(name, "call-failed")
                                   ? "note"
                                   : "error");
    /* the report's own words: its first line is a line of the report */
    ck_assert_msg(explanation && *explanation, "%s has no explanation", name);
    char *first = g_strndup(explanation, strcspn(explanation, "\n"));
    ck_assert_msg(report_has_line(report, g_strstrip(first)), "%s: '%s' is no line of the report:\n%s",
                  name, first, report);
    g_free(first);
    /* on the track of a thread of the trace, within the run */
    const char *scope = member_string(e, "s");
    gint64 tid = json_object_get_int_member(e, "tid");
    if (!strcmp(scope, "t"))
      ck_assert_msg(weft_trace_thread(t, (uint32_t)tid), "%s on no thread (%lld)", name,
                    (long long)tid);
    else
      ck_assert_str_eq(scope, "g");
    double ts = json_object_get_double_member(e, "ts");
    ck_assert_msg(ts > 0 && ts <= end_us, "%s at %.3f, not within the run (0, %.3f]", name, ts, end_us);
    g_string_append_printf(names, "%s ", name);
  }
  ck_assert_uint_eq(findings, report_findings(trace));
  g_free(report);
  g_free(cmd);
  g_object_unref(parser);
  unlink(json_path);
  weft_trace_free(t);
  return g_string_free(names, FALSE);
}

static void expect_findings(const char *name, const char *program, const char *const *expected) {
  char *trace = record(name, program);
  char *found = check_findings(trace);
  for (; *expected; expected++) {
    char *word = g_strdup_printf(" %s ", *expected);
    ck_assert_msg(strstr(found, word), "%s: no %s among%s", program, *expected, found);
    g_free(word);
  }
  g_free(found);
  g_free(trace);
}

START_TEST(test_findings_deadlock) {
  char trace[1024];
  snprintf(trace, sizeof trace, "%s/philosophers.weft", traces_dir);
  char *found = check_findings(trace);
  ck_assert_str_eq(found, " deadlock ");
  g_free(found);
}
END_TEST

START_TEST(test_findings_misuse) {
  expect_findings("misuse", "gallery misuse",
                  (const char *const[]){"unlock-not-owner", "destroy-locked", NULL});
  expect_findings("double-unlock", "misuse double-unlock",
                  (const char *const[]){"double-unlock", NULL});
}
END_TEST

START_TEST(test_findings_locks) {
  expect_findings("inversion", "gallery inversion",
                  (const char *const[]){"lock-order-inversion", NULL});
  expect_findings("leak", "gallery leak", (const char *const[]){"leak", NULL});
}
END_TEST

START_TEST(test_findings_course) {
  expect_findings("early", "course-bugs early-return", (const char *const[]){"early-exit", NULL});
  expect_findings("amp-i", "course-bugs amp-i", (const char *const[]){"shared-stack-arg", NULL});
  expect_findings("wg-add", "course-bugs wg-add-in-worker",
                  (const char *const[]){"waitgroup-add", NULL});
}
END_TEST

START_TEST(test_findings_crash_race) {
  expect_findings("crash", "stuck crash", (const char *const[]){"crash", NULL});
  expect_findings("hang", "--timeout 1 -- stuck spin", (const char *const[]){"hang", NULL});
  expect_findings("races", "races shuffle", (const char *const[]){"race", NULL});
}
END_TEST

/* A copy of pipeline.weft in work_dir, and its notes file with `notes`. */
static char *trace_with_notes(const char *name, const char *notes) {
  char *trace = g_strdup_printf("%s/%s.weft", work_dir, name);
  char *src = g_strdup_printf("%s/pipeline.weft", traces_dir), *data;
  gsize len;
  ck_assert(g_file_get_contents(src, &data, &len, NULL));
  ck_assert(g_file_set_contents(trace, data, (gssize)len, NULL));
  char *path = g_strconcat(trace, ".notes", NULL);
  ck_assert(g_file_set_contents(path, notes, -1, NULL));
  g_free(path);
  g_free(data);
  g_free(src);
  return trace;
}

START_TEST(test_bookmarks_as_markers) {
  WeftTrace *t;
  char *trace = trace_with_notes("marked", "");
  ck_assert_int_eq(weft_trace_open(trace, &t), WEFT_TRACE_OK);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  ck_assert_uint_gt(n, 20);
  char *notes = g_strdup_printf(
      "{\"weft_notes\": 1, \"bookmarks\": ["
      "{\"event\": 3, \"time_ns\": %llu, \"title\": \"The first send\", \"note\": \"« who waits? »\"},"
      "{\"event\": 20, \"time_ns\": %llu, \"title\": \"Quoted \\\"end\\\"\"}]}",
      (unsigned long long)ev[2].time, (unsigned long long)ev[19].time);
  g_free(trace);
  trace = trace_with_notes("marked", notes);
  char json_path[64], err[1024];
  JsonParser *parser;
  JsonArray *events = export_trace_in("C", trace, &parser, json_path, err, sizeof err);
  ck_assert_msg(!strstr(err, "warning"), "%s", err);
  const char *titles[] = {"The first send", "Quoted \"end\""}, *notes_of[] = {"« who waits? »", ""};
  uint64_t times[] = {ev[2].time, ev[19].time};
  size_t found = 0;
  for (guint i = 0; i < json_array_get_length(events); i++) {
    JsonObject *e = json_array_get_object_element(events, i);
    const char *cat = member_string(e, "cat");
    if (!cat || strcmp(cat, "bookmark"))
      continue;
    ck_assert_uint_lt(found, 2);
    ck_assert_str_eq(json_object_get_string_member(e, "ph"), "i");
    ck_assert_str_eq(json_object_get_string_member(e, "s"), "g");
    ck_assert_str_eq(json_object_get_string_member(e, "name"), titles[found]);
    ck_assert_str_eq(member_string(json_object_get_object_member(e, "args"), "note"),
                     notes_of[found]);
    double ts = json_object_get_double_member(e, "ts");
    ck_assert_msg(ts > times[found] / 1000.0 - 0.0005 && ts < times[found] / 1000.0 + 0.0005,
                  "bookmark %zu at %.3f us, its event at %llu ns", found, ts,
                  (unsigned long long)times[found]);
    found++;
  }
  ck_assert_uint_eq(found, 2);
  g_object_unref(parser);
  unlink(json_path);
  weft_trace_free(t);
  g_free(notes);
  g_free(trace);
}
END_TEST

START_TEST(test_damaged_notes) {
  char *trace = trace_with_notes("damaged", "{\"weft_notes\": 1, \"bookmarks\": [");
  char json_path[64], err[1024];
  JsonParser *parser;
  JsonArray *events = export_trace_in("C", trace, &parser, json_path, err, sizeof err);
  /* one warning line, then the usual last line */
  const char *second = strchr(err, '\n') + 1;
  char *first = g_strndup(err, (gsize)(second - err));
  ck_assert_msg(g_str_has_prefix(first, "weft export: warning: damaged.weft.notes is damaged (") &&
                    g_str_has_suffix(first, "; exported without its bookmarks\n") &&
                    g_str_has_prefix(second, "weft: exported to ") &&
                    strchr(second, '\n') == err + strlen(err) - 1,
                "%s", err);
  g_free(first);
  size_t threads = 0;
  for (guint i = 0; i < json_array_get_length(events); i++) {
    JsonObject *e = json_array_get_object_element(events, i);
    const char *cat = member_string(e, "cat");
    ck_assert(!cat || strcmp(cat, "bookmark"));
    threads += !strcmp(member_string(e, "name") ? member_string(e, "name") : "", "thread_name");
  }
  ck_assert_uint_gt(threads, 1); /* the export itself is whole */
  g_object_unref(parser);
  unlink(json_path);
  g_free(trace);
}
END_TEST

/* Every "ts" and "dur" of the file: digits, a point, three digits. */
static size_t check_numbers(const char *json_path) {
  char *text;
  ck_assert(g_file_get_contents(json_path, &text, NULL, NULL));
  GRegex *number = g_regex_new("\"(ts|dur)\":([^,}]*)", 0, 0, NULL);
  GMatchInfo *m;
  size_t n = 0;
  g_regex_match(number, text, 0, &m);
  for (; g_match_info_matches(m); g_match_info_next(m, NULL), n++) {
    char *value = g_match_info_fetch(m, 2);
    ck_assert_msg(g_regex_match_simple("^[0-9]+\\.[0-9]{3}$", value, 0, 0), "number '%s'", value);
    g_free(value);
  }
  g_match_info_free(m);
  g_regex_unref(number);
  g_free(text);
  return n;
}

START_TEST(test_french_locale) {
  char trace[1024], c_path[64], fr_path[64], err[1024];
  snprintf(trace, sizeof trace, "%s/philosophers.weft", traces_dir);
  JsonParser *c_parser, *fr_parser;
  JsonArray *c_events = export_trace_in("C", trace, &c_parser, c_path, err, sizeof err);
  JsonArray *fr_events = export_trace_in("fr_FR.UTF-8", trace, &fr_parser, fr_path, err, sizeof err);
  ck_assert_msg(strstr(err, "weft : exporté dans "), "not run in French: %s", err);
  size_t nc = check_numbers(c_path), nfr = check_numbers(fr_path);
  ck_assert_uint_gt(nc, 20);
  ck_assert_uint_eq(nc, nfr);
  ck_assert_uint_eq(json_array_get_length(c_events), json_array_get_length(fr_events));
  /* the same numbers; the explanations in French */
  size_t translated = 0;
  for (guint i = 0; i < json_array_get_length(c_events); i++) {
    JsonObject *a = json_array_get_object_element(c_events, i);
    JsonObject *b = json_array_get_object_element(fr_events, i);
    if (json_object_has_member(a, "ts"))
      ck_assert(json_object_get_double_member(a, "ts") == json_object_get_double_member(b, "ts"));
    const char *cat = member_string(a, "cat");
    if (cat && !strcmp(cat, "finding")) {
      const char *ea = member_string(json_object_get_object_member(a, "args"), "explanation");
      const char *eb = member_string(json_object_get_object_member(b, "args"), "explanation");
      translated += strcmp(ea, eb) != 0;
    }
  }
  ck_assert_uint_eq(translated, 1);
  g_object_unref(c_parser);
  g_object_unref(fr_parser);
  unlink(c_path);
  unlink(fr_path);
}
END_TEST

int main(void) {
  weft_exe = getenv("WEFT_EXE");
  traces_dir = getenv("WEFT_TRACES");
  programs_dir = getenv("WEFT_PROGRAMS");
  if (!weft_exe || !traces_dir || !programs_dir) {
    fprintf(stderr, "test-export: WEFT_EXE, WEFT_TRACES and WEFT_PROGRAMS must be set\n");
    return 1;
  }
  if (!mkdtemp(work_dir)) {
    perror("test-export: mkdtemp");
    return 1;
  }
  Suite *s = suite_create("export");
  TCase *tc = tcase_create("chrome");
  tcase_add_test(tc, test_pipeline);
  tcase_add_test(tc, test_worker_pool);
  tcase_add_test(tc, test_philosophers_deadlock);
  tcase_add_test(tc, test_philosophers_fixed);
  tcase_add_test(tc, test_bad_input);
  tcase_add_test(tc, test_findings_deadlock);
  tcase_add_test(tc, test_findings_misuse);
  tcase_add_test(tc, test_findings_locks);
  tcase_add_test(tc, test_findings_course);
  tcase_add_test(tc, test_findings_crash_race);
  tcase_add_test(tc, test_bookmarks_as_markers);
  tcase_add_test(tc, test_damaged_notes);
  tcase_add_test(tc, test_french_locale);
  suite_add_tcase(s, tc);
  int status = weft_test_run(s);
  char *rm = g_strdup_printf("rm -rf '%s'", work_dir);
  if (system(rm) != 0)
    fprintf(stderr, "test-export: could not remove %s\n", work_dir);
  g_free(rm);
  return status;
}
