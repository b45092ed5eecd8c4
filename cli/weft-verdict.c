/* weft-verdict.c: a recorded run's findings, weighed, and the verdict. */
#include "weft-verdict.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-commands.h"
#include "weft-deadlock-text.h"
#include "weft-diagnosis.h"
#include "weft-findings-course.h"
#include "weft-findings-dump.h"
#include "weft-i18n.h"
#include "weft-misuse.h"
#include "weft-text.h"
#include "weft-thread-names.h"

static const struct {
  const char *id;
  int status;
} classes[WEFT_VERDICT_COUNT_] = {
    [WEFT_VERDICT_DEADLOCK] = {"deadlock", 10},
    [WEFT_VERDICT_CRASH] = {"crash", 11},
    [WEFT_VERDICT_HANG] = {"hang", 12},
    [WEFT_VERDICT_RACE] = {"race", 13},
    [WEFT_VERDICT_MISUSE] = {"misuse", 14},
    [WEFT_VERDICT_POTENTIAL_DEADLOCK] = {"potential-deadlock", 15},
    [WEFT_VERDICT_LEAK] = {"leaked-threads", 16},
    [WEFT_VERDICT_EARLY_EXIT] = {"early-exit", 17},
    [WEFT_VERDICT_INCONCLUSIVE] = {"inconclusive", 20},
    [WEFT_VERDICT_CLEAN] = {"clean", 0},
};

const char *weft_verdict_id(WeftVerdictClass c) {
  return c < WEFT_VERDICT_COUNT_ ? classes[c].id : "?";
}

int weft_verdict_status(WeftVerdictClass c) {
  return c < WEFT_VERDICT_COUNT_ ? classes[c].status : WEFT_EXIT_SOFTWARE;
}

WeftVerdictClass weft_verdict_from_id(const char *id) {
  for (int c = 0; c < WEFT_VERDICT_COUNT_; c++)
    if (!strcmp(classes[c].id, id))
      return (WeftVerdictClass)c;
  return WEFT_VERDICT_COUNT_;
}

/* ---- the grading file ---- */

static char *trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = 0;
  return s;
}

static bool known_finding(const char *id) {
  size_t n;
  const WeftSeverityRow *rows = weft_severity_table(&n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(rows[i].finding, id))
      return true;
  return false;
}

bool weft_grading_load(const char *path, WeftGrading *g, char *err, size_t errsize) {
  memset(g, 0, sizeof *g);
  FILE *f = fopen(path, "re");
  if (!f) {
    snprintf(err, errsize, _("cannot read the grading file '%s': %s"), path, strerror(errno));
    return false;
  }
  char line[512];
  bool ok = true;
  for (unsigned no = 1; ok && fgets(line, sizeof line, f); no++) {
    char *hash = strchr(line, '#');
    if (hash)
      *hash = 0;
    char *s = trim(line);
    if (!*s)
      continue;
    char *eq = strchr(s, '=');
    if (eq)
      *eq = 0;
    char *key = trim(s), *value = eq ? trim(eq + 1) : NULL;
    WeftSeverity sev;
    if (!value || (strcmp(value, "error") && strcmp(value, "note"))) {
      snprintf(err, errsize, _("%s:%u: expected 'FINDING = error' or 'FINDING = note'"), path, no);
      ok = false;
    } else if (!known_finding(key)) {
      snprintf(err, errsize, _("%s:%u: unknown finding '%s' (docs/JSON.md lists them)"), path,
               no, key);
      ok = false;
    } else {
      sev = strcmp(value, "error") ? WEFT_SEVERITY_NOTE : WEFT_SEVERITY_ERROR;
      char **k = realloc(g->finding, (g->n + 1) * sizeof *k);
      if (k)
        g->finding = k;
      WeftSeverity *v = realloc(g->severity, (g->n + 1) * sizeof *v);
      if (v)
        g->severity = v;
      if (!k || !v || !(g->finding[g->n] = strdup(key))) {
        snprintf(err, errsize, "%s", strerror(ENOMEM));
        ok = false;
      } else {
        g->severity[g->n++] = sev;
      }
    }
  }
  fclose(f);
  if (!ok)
    weft_grading_free(g);
  return ok;
}

void weft_grading_free(WeftGrading *g) {
  for (size_t i = 0; i < g->n; i++)
    free(g->finding[i]);
  free(g->finding);
  free(g->severity);
  memset(g, 0, sizeof *g);
}

static WeftSeverity weigh(const WeftGrading *g, const char *finding) {
  for (size_t i = g ? g->n : 0; i-- > 0;) /* the last line about a finding wins */
    if (!strcmp(g->finding[i], finding))
      return g->severity[i];
  return weft_severity_of(finding);
}

/* ---- findings ---- */

typedef struct {
  WeftVerdict *v;
  const WeftGrading *g;
  bool oom;
} Judge;

static void add(Judge *j, WeftVerdictClass c, const char *finding, char *text) {
  if (!text) {
    j->oom = true;
    return;
  }
  WeftVerdictFinding *f = realloc(j->v->findings, (j->v->nfindings + 1) * sizeof *f);
  if (!f) {
    free(text);
    j->oom = true;
    return;
  }
  j->v->findings = f;
  f[j->v->nfindings++] = (WeftVerdictFinding){c, finding, weigh(j->g, finding), text};
}

__attribute__((format(printf, 1, 2))) static char *text_of(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0)
    s = NULL;
  va_end(ap);
  return s;
}

static void why_inconclusive(Judge *j, char *text) {
  char **w = text ? realloc(j->v->inconclusive, (j->v->ninconclusive + 1) * sizeof *w) : NULL;
  if (!w) {
    free(text);
    j->oom = true;
    return;
  }
  j->v->inconclusive = w;
  w[j->v->ninconclusive++] = text;
}

/* What a stream of text a printer writes: its one finding's sentence. */
static char *printed(void (*print)(FILE *, const WeftTrace *, const void *), const WeftTrace *t,
                     const void *what) {
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  if (!f)
    return NULL;
  print(f, t, what);
  fclose(f);
  /* one line: the printers start with a blank line and end with a newline */
  char *s = buf, *e;
  while (*s == '\n')
    s++;
  memmove(buf, s, strlen(s) + 1);
  while ((e = strchr(buf, '\n')) && e[1])
    *e = ' ';
  if ((e = strchr(buf, '\n')))
    *e = 0;
  return buf;
}

static void print_shared(FILE *f, const WeftTrace *t, const void *a) { weft_print_shared_arg(f, t, a); }
static void print_wg(FILE *f, const WeftTrace *t, const void *a) { weft_print_wg_add(f, t, a); }
static void print_early(FILE *f, const WeftTrace *t, const void *e) { weft_print_early_exit(f, t, e); }

static void course_findings(Judge *j, const WeftTrace *t) {
  size_t n;
  WeftSharedArg *shared = weft_find_shared_args(t, &n);
  for (size_t i = 0; i < n; i++)
    add(j, WEFT_VERDICT_MISUSE, "shared-stack-arg", printed(print_shared, t, &shared[i]));
  weft_shared_args_free(shared, n);
  WeftWaitGroupAdd *adds = weft_find_wg_adds(t, &n);
  for (size_t i = 0; i < n; i++)
    add(j, WEFT_VERDICT_MISUSE, "waitgroup-add", printed(print_wg, t, &adds[i]));
  free(adds);
  WeftEarlyExit e;
  if (weft_find_early_exit(t, &e)) {
    add(j, WEFT_VERDICT_EARLY_EXIT, "early-exit", printed(print_early, t, &e));
    weft_early_exit_free(&e);
  }
}

static char *inversion_text(const WeftTrace *t, const WeftInversion *inv, bool one_thread) {
  WeftText x = {0};
  weft_text_add(&x, "%s", one_thread ? _("one thread took these locks in both orders:")
                                     : _("threads took these locks in opposite orders:"));
  for (size_t k = 0; k < inv->n; k++) {
    const WeftObject *o = weft_trace_object(t, inv->locks[k]);
    weft_text_add(&x, "%s%s", k ? " -> " : " ", o ? o->name : "?");
  }
  const WeftObject *o = weft_trace_object(t, inv->locks[0]);
  weft_text_add(&x, " -> %s", o ? o->name : "?");
  return weft_text_take(&x);
}

static void diagnosis_findings(Judge *j, const WeftTrace *t, const WeftDiagnosis *d) {
  for (size_t i = 0; i < d->ninversions; i++)
    add(j, WEFT_VERDICT_POTENTIAL_DEADLOCK, "lock-order-inversion",
        inversion_text(t, &d->inversions[i], false));
  for (size_t i = 0; i < d->norder_notes; i++)
    add(j, WEFT_VERDICT_POTENTIAL_DEADLOCK, "lock-order-note",
        inversion_text(t, &d->order_notes[i], true));
  for (size_t i = 0; i < d->nleaks; i++) {
    const WeftLeak *l = &d->leaks[i];
    char name[128];
    const WeftObject *o = l->object ? weft_trace_object(t, l->object) : NULL;
    add(j, WEFT_VERDICT_LEAK, "leak",
        text_of(_("%s was still blocked (%s %s) when the program ended: it never finished"),
                weft_thread_display_name(t, l->thread, name, sizeof name),
                weft_wait_phrase(l->event), o ? o->name : ""));
  }
  for (size_t i = 0; i < d->nmisuse; i++)
    add(j, WEFT_VERDICT_MISUSE, weft_misuse_kind_id(d->misuse[i].kind),
        weft_misuse_sentence(t, &d->misuse[i]));
}

static void run_findings(Judge *j, const WeftTrace *t) {
  size_t n;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &n);
  for (size_t i = 0; i < n; i++)
    add(j, WEFT_VERDICT_DEADLOCK, "deadlock", weft_deadlock_sentence(t, &dl[i]));
  WeftDumpFinding *dumps = weft_find_dumps(t, &n);
  for (size_t i = 0; i < n; i++) {
    char when[32];
    weft_cli_format_ns(when, sizeof when, dumps[i].time);
    if (dumps[i].reason == WEFT_DUMP_TIMEOUT)
      add(j, WEFT_VERDICT_HANG, "hang",
          text_of(_("the program still ran at %s, past the time it was given: it hangs, or "
                    "it is far too slow"),
                  when));
    else if (dumps[i].reason == WEFT_DUMP_CRASH)
      add(j, WEFT_VERDICT_CRASH, "crash",
          text_of(_("a thread crashed at %s ('weft report' says which, and where)"), when));
  }
  free(dumps);
  if (weft_trace_race_detector(t)) {
    const WeftRace *r = weft_trace_races(t, &n);
    for (size_t i = 0; i < n; i++)
      if (r[i].naccesses >= 2)
        add(j, WEFT_VERDICT_RACE, "race",
            text_of(_("a data race on %s ('weft report' shows both accesses)"),
                    r[i].variable ? r[i].variable : _("a shared variable")));
  }
}

static void trust(Judge *j, const WeftTrace *t, const WeftDiagnosis *d, bool races_required) {
  const WeftTraceInfo *info = weft_trace_info(t);
  if (!info->closed_cleanly)
    why_inconclusive(j, text_of("%s", _("the trace has no end: the program or weft was killed")));
  if (info->lost_events)
    why_inconclusive(j, text_of(_("the trace lost %llu events"),
                                (unsigned long long)info->lost_events));
  if (info->dropped_chunks)
    why_inconclusive(j, text_of("%s", _("the trace reached --max-size: the middle of the run "
                                        "was dropped")));
  if (d->incomplete)
    why_inconclusive(j, text_of("%s", _("memory ran out during the analysis")));
  if (races_required && !weft_trace_race_detector(t))
    why_inconclusive(j, text_of("%s", _("data races were not checked: build the program with "
                                        "-fsanitize=thread -g, or pass --no-race-check")));
}

WeftVerdict *weft_verdict_judge(const WeftTrace *t, const WeftGrading *g, bool races_required) {
  WeftVerdict *v = calloc(1, sizeof *v);
  WeftDiagnosis *d = weft_diagnose(t);
  if (!v || !d) {
    weft_diagnosis_free(d);
    free(v);
    return NULL;
  }
  Judge j = {v, g, false};
  run_findings(&j, t);
  diagnosis_findings(&j, t, d);
  course_findings(&j, t);
  trust(&j, t, d, races_required);
  weft_diagnosis_free(d);
  if (j.oom) {
    weft_verdict_free(v);
    return NULL;
  }
  v->verdict = v->ninconclusive ? WEFT_VERDICT_INCONCLUSIVE : WEFT_VERDICT_CLEAN;
  for (size_t i = 0; i < v->nfindings; i++)
    if (v->findings[i].severity == WEFT_SEVERITY_ERROR && v->findings[i].verdict_class < v->verdict)
      v->verdict = v->findings[i].verdict_class;
  return v;
}

void weft_verdict_free(WeftVerdict *v) {
  if (!v)
    return;
  for (size_t i = 0; i < v->nfindings; i++)
    free(v->findings[i].text);
  free(v->findings);
  for (size_t i = 0; i < v->ninconclusive; i++)
    free(v->inconclusive[i]);
  free(v->inconclusive);
  free(v);
}
