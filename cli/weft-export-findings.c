/* weft-export-findings.c: the findings of a trace as instant events of the
 * Chrome export, on the track of the thread each is about, at its time.
 *
 * The explanation is what weft report prints: a sentence where the analysis
 * has one, else the report's own paragraph (written by the same function
 * into memory), so the two never say different things. */
#include "weft-export-findings.h"

#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-deadlock-text.h"
#include "weft-findings-course.h"
#include "weft-findings-dump.h"
#include "weft-findings-locks.h"
#include "weft-races-report.h"
#include "weft-severity.h"
#include "weft-stack-view.h"

/* A report function's output, caught in memory. */
typedef struct {
  FILE *f;
  char *buf;
  size_t len;
} Capture;

static FILE *capture_open(Capture *c) {
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
  return c->f;
}

/* The text without the blank lines and indent around it (free()), or NULL. */
static char *capture_take(Capture *c) {
  if (!c->f || fclose(c->f) != 0) {
    free(c->buf);
    return NULL;
  }
  char *s = c->buf;
  size_t n = strlen(s), skip = strspn(s, " \n");
  while (n > skip && (s[n - 1] == '\n' || s[n - 1] == ' '))
    n--;
  memmove(s, s + skip, n - skip);
  s[n - skip] = 0;
  return s;
}

static void put_object(FILE *out, const WeftTrace *t, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(t, id) : NULL;
  if (o && o->name) {
    fputs(",\"object\":", out);
    weft_json_string(out, o->name);
  }
}

/* ,"at":"function (file:line)": the program's own line of a stack. */
static void put_at(FILE *out, const WeftTrace *t, uint32_t stack) {
  char buf[512];
  if (stack && weft_stack_user_line(t, stack, buf, sizeof buf)) {
    fputs(",\"at\":", out);
    weft_json_string(out, buf);
  }
}

static void put_threads(FILE *out, const WeftTrace *t, const uint32_t *ids, size_t n) {
  fputs(",\"threads\":[", out);
  for (size_t i = 0; i < n; i++) {
    const WeftThread *th = weft_trace_thread(t, ids[i]);
    if (i)
      fputc(',', out);
    weft_json_string(out, th && th->name ? th->name : "?");
  }
  fputc(']', out);
}

/* Each deadlock, told from the state the diagnosis kept at its time. */
static bool deadlocks(WeftChromeExport *x, const WeftTrace *t, const WeftDiagnosis *diag) {
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    const WeftDeadlock *d = &dl[i];
    const WeftReplay *r = i < diag->nat_deadlock ? diag->at_deadlock[i] : NULL;
    char *sentence = r ? weft_deadlock_sentence_at(t, d, r) : NULL;
    char *hints = r ? weft_deadlock_hints_at(t, d, r) : NULL;
    ok = ok && sentence && hints;
    FILE *out = weft_chrome_export_finding(x, "deadlock", weft_severity_of("deadlock"),
                                           d->nthreads ? d->threads[0] : 0, d->time, sentence);
    fputs(",\"kind\":", out);
    weft_json_string(out, weft_deadlock_kind_id(d->kind));
    fputs(",\"hints\":", out);
    weft_json_string(out, hints ? hints : "");
    put_threads(out, t, d->threads, d->nthreads);
    fputs(",\"waits_for\":[", out);
    for (size_t k = 0; k < d->nobjects; k++) {
      const WeftObject *o = d->objects[k] ? weft_trace_object(t, d->objects[k]) : NULL;
      if (k)
        fputc(',', out);
      weft_json_string(out, o && o->name ? o->name : d->objects[k] ? "?" : "a thread's end");
    }
    fputc(']', out);
    weft_chrome_export_finding_end(x);
    free(sentence);
    free(hints);
  }
  return ok;
}

/* When each edge of the inversions and notes had its second lock asked for:
 * the first LOCK_WAIT or LOCK_ACQUIRE on that thread, lock and stack. One
 * pass over the events, the edges sorted by lock. */
typedef struct {
  const WeftLockEdge *edge;
  uint64_t time; /* 0 while not found */
} EdgeTime;

typedef struct {
  EdgeTime *v;
  size_t n;
} EdgeTimes;

static int by_second_lock(const void *a, const void *b) {
  uint32_t x = ((const EdgeTime *)a)->edge->second, y = ((const EdgeTime *)b)->edge->second;
  return x < y ? -1 : x > y;
}

static bool edge_times_find(EdgeTimes *et, const WeftTrace *t, const WeftDiagnosis *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->ninversions; i++)
    n += d->inversions[i].n;
  for (size_t i = 0; i < d->norder_notes; i++)
    n += d->order_notes[i].n;
  et->n = 0;
  et->v = calloc(n ? n : 1, sizeof *et->v);
  if (!et->v)
    return false;
  for (size_t i = 0; i < d->ninversions; i++)
    for (size_t k = 0; k < d->inversions[i].n; k++)
      et->v[et->n++].edge = &d->inversions[i].edges[k];
  for (size_t i = 0; i < d->norder_notes; i++)
    for (size_t k = 0; k < d->order_notes[i].n; k++)
      et->v[et->n++].edge = &d->order_notes[i].edges[k];
  if (!et->n)
    return true;
  qsort(et->v, et->n, sizeof *et->v, by_second_lock);
  WeftEventCursor *c = weft_event_cursor_new(t);
  if (!c)
    return false;
  WeftEvent ev, *e = &ev;
  while (weft_event_cursor_next(c, e)) {
    if (e->type != WEFT_EV_LOCK_WAIT && e->type != WEFT_EV_LOCK_ACQUIRE)
      continue;
    size_t lo = 0, hi = et->n;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (et->v[mid].edge->second < e->object)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t j = lo; j < et->n && et->v[j].edge->second == e->object; j++)
      if (!et->v[j].time && et->v[j].edge->thread == e->thread &&
          et->v[j].edge->second_stack == e->stack)
        et->v[j].time = e->time;
  }
  weft_event_cursor_free(c);
  return true;
}

static uint64_t edge_time(const EdgeTimes *et, const WeftLockEdge *e) {
  for (size_t i = 0; i < et->n; i++)
    if (et->v[i].edge == e)
      return et->v[i].time;
  return 0;
}

/* A cycle of lock orders: on the thread whose request closed it, then. */
static bool inversion(WeftChromeExport *x, const WeftTrace *t, const EdgeTimes *et,
                      const WeftInversion *inv, const char *finding) {
  uint64_t time = 0;
  uint32_t thread = inv->n ? inv->edges[0].thread : 0;
  for (size_t k = 0; k < inv->n; k++) {
    uint64_t at = edge_time(et, &inv->edges[k]);
    if (at >= time) {
      time = at;
      thread = inv->edges[k].thread;
    }
  }
  Capture c;
  FILE *mem = capture_open(&c);
  if (mem) {
    if (!strcmp(finding, "lock-order-note"))
      weft_print_order_note(mem, t, inv);
    else
      weft_print_inversion(mem, t, inv);
  }
  char *text = capture_take(&c);
  FILE *out = weft_chrome_export_finding(x, finding, weft_severity_of(finding), thread, time, text);
  fputs(",\"locks\":[", out);
  for (size_t k = 0; k < inv->n; k++) {
    const WeftObject *o = weft_trace_object(t, inv->locks[k]);
    if (k)
      fputc(',', out);
    weft_json_string(out, o && o->name ? o->name : "?");
  }
  fputc(']', out);
  weft_chrome_export_finding_end(x);
  free(text);
  return text != NULL;
}

static bool leak(WeftChromeExport *x, const WeftTrace *t, const WeftLeak *l) {
  Capture c;
  FILE *mem = capture_open(&c);
  if (mem)
    weft_print_leak(mem, t, l);
  char *text = capture_take(&c);
  FILE *out =
      weft_chrome_export_finding(x, "leak", weft_severity_of("leak"), l->thread, l->since, text);
  put_object(out, t, l->object);
  put_at(out, t, l->stack);
  weft_chrome_export_finding_end(x);
  free(text);
  return text != NULL;
}

static bool misuse(WeftChromeExport *x, const WeftTrace *t, const WeftMisuse *m) {
  char *sentence = weft_misuse_sentence(t, m);
  FILE *out = weft_chrome_export_finding(x, weft_misuse_kind_id(m->kind),
                                         weft_misuse_severity(m->kind), m->thread, m->time,
                                         sentence);
  put_object(out, t, m->object);
  put_at(out, t, m->stack);
  weft_chrome_export_finding_end(x);
  free(sentence);
  return sentence != NULL;
}

/* Data races in a sentence; TSan's other reports as it printed them. */
static bool races(WeftChromeExport *x, const WeftTrace *t) {
  size_t n;
  const WeftRace *r = weft_trace_races(t, &n);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    bool data = weft_race_is_data_race(&r[i]);
    char *text;
    if (data) {
      text = weft_race_sentence(t, &r[i]);
    } else {
      Capture c;
      FILE *mem = capture_open(&c);
      if (mem)
        weft_print_tsan_other(mem, &r[i]);
      text = capture_take(&c);
    }
    ok = ok && text;
    const char *kind = r[i].kind ? r[i].kind : "?";
    FILE *out = weft_chrome_export_finding(x, data ? "race" : kind,
                                           weft_severity_of(data ? "race" : kind), r[i].thread,
                                           r[i].time, text);
    fputs(",\"tsan_kind\":", out);
    weft_json_string(out, kind);
    if (data)
      put_at(out, t, r[i].accesses[0].stack);
    weft_chrome_export_finding_end(x);
    free(text);
  }
  return ok;
}

/* A stuck dump tells every thread: it marks the whole timeline; a crash is
 * on the thread that crashed. */
static bool dumps(WeftChromeExport *x, const WeftTrace *t) {
  size_t n, nev;
  WeftDumpFinding *d = weft_find_dumps(t, &n);
  const WeftEvent *ev = weft_trace_events(t, &nev);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    bool crash = d[i].reason == WEFT_DUMP_CRASH;
    Capture c;
    FILE *mem = capture_open(&c);
    if (mem)
      weft_print_dump(mem, t, &d[i], 0);
    char *text = capture_take(&c);
    ok = ok && text;
    const char *finding = crash ? "crash" : "hang";
    FILE *out = weft_chrome_export_finding(x, finding, weft_severity_of(finding),
                                           crash ? ev[d[i].first].object : 0, d[i].time, text);
    fputs(",\"reason\":", out);
    weft_json_string(out, weft_dump_reason_id(d[i].reason));
    weft_chrome_export_finding_end(x);
    free(text);
  }
  free(d);
  return ok;
}

static uint64_t created_at(const WeftTrace *t, uint32_t thread) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  const WeftThread *th = weft_trace_thread(t, thread);
  if (!th)
    return 0;
  return th->create_event < n ? ev[th->create_event].time : th->start_time;
}

/* The course's wrong-answer bugs, each in the report's paragraph. */
static bool course(WeftChromeExport *x, const WeftTrace *t) {
  bool ok = true;
  Capture c;
  size_t nadds;
  WeftWaitGroupAdd *adds = weft_find_wg_adds(t, &nadds);
  for (size_t i = 0; i < nadds; i++) {
    FILE *mem = capture_open(&c);
    if (mem)
      weft_print_wg_add(mem, t, &adds[i]);
    char *text = capture_take(&c);
    ok = ok && text;
    FILE *out = weft_chrome_export_finding(x, "waitgroup-add", weft_severity_of("waitgroup-add"),
                                           adds[i].adder, adds[i].time, text);
    put_object(out, t, adds[i].wg);
    put_at(out, t, adds[i].stack);
    weft_chrome_export_finding_end(x);
    free(text);
  }
  free(adds);
  size_t nshared;
  WeftSharedArg *shared = weft_find_shared_args(t, &nshared);
  for (size_t i = 0; i < nshared; i++) {
    const WeftSharedArg *a = &shared[i];
    FILE *mem = capture_open(&c);
    if (mem)
      weft_print_shared_arg(mem, t, a);
    char *text = capture_take(&c);
    ok = ok && text;
    /* the bug is there once a second thread gets the address */
    uint64_t time = a->nthreads ? created_at(t, a->threads[a->nthreads > 1]) : 0;
    FILE *out = weft_chrome_export_finding(x, "shared-stack-arg",
                                           weft_severity_of("shared-stack-arg"), a->creator, time,
                                           text);
    put_threads(out, t, a->threads, a->nthreads);
    put_at(out, t, a->stack);
    weft_chrome_export_finding_end(x);
    free(text);
  }
  weft_shared_args_free(shared, nshared);
  WeftEarlyExit e;
  if (weft_find_early_exit(t, &e)) {
    FILE *mem = capture_open(&c);
    if (mem)
      weft_print_early_exit(mem, t, &e);
    char *text = capture_take(&c);
    ok = ok && text;
    FILE *out = weft_chrome_export_finding(x, "early-exit", weft_severity_of("early-exit"), e.by,
                                           e.time, text);
    put_threads(out, t, e.threads, e.nthreads);
    weft_chrome_export_finding_end(x);
    free(text);
    weft_early_exit_free(&e);
  }
  return ok;
}

bool weft_export_findings(WeftChromeExport *x, const WeftTrace *t, const WeftDiagnosis *d) {
  bool ok = deadlocks(x, t, d);
  EdgeTimes et;
  ok = edge_times_find(&et, t, d) && ok; /* without it, the inversions at time 0 */
  for (size_t i = 0; i < d->ninversions; i++)
    ok = inversion(x, t, &et, &d->inversions[i], "lock-order-inversion") && ok;
  for (size_t i = 0; i < d->norder_notes; i++)
    ok = inversion(x, t, &et, &d->order_notes[i], "lock-order-note") && ok;
  free(et.v);
  for (size_t i = 0; i < d->nleaks; i++)
    ok = leak(x, t, &d->leaks[i]) && ok;
  for (size_t i = 0; i < d->nmisuse; i++)
    ok = misuse(x, t, &d->misuse[i]) && ok;
  ok = races(x, t) && ok;
  if (!weft_trace_streamed(t)) { /* they need every event at hand: said by the caller */
    ok = dumps(x, t) && ok;
    ok = course(x, t) && ok;
  }
  return ok && !d->incomplete;
}
