/* weft-races-report.c: ThreadSanitizer's findings in `weft report`.
 *
 * A data race is said in one sentence (who wrote or read what, where, and
 * that nothing ordered the two), then each access's stack. TSan's other
 * findings (lock-order inversions, signal-unsafe calls...) are shown as TSan
 * printed them, beside weft's own diagnosis. */
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-findings-text.h"
#include "weft-i18n.h"
#include "weft-stats.h"
#include "weft-races-report.h"
#include "weft-stack-view.h"

bool weft_race_is_data_race(const WeftRace *r) { return r->naccesses >= 2; }

/* The program's own line of a stack. */
static void site(char *out, size_t size, const WeftTrace *t, uint32_t stack) {
  if (!weft_stack_user_site(t, stack, out, size))
    snprintf(out, size, "%s", _("an unknown place"));
}

static void thread_name(char *out, size_t size, const WeftTrace *t, uint32_t id) {
  const WeftThread *th = id ? weft_trace_thread(t, id) : NULL;
  if (th)
    snprintf(out, size, _("%s (thread %u)"), th->name, id);
  else
    snprintf(out, size, "%s", _("a thread weft did not see"));
}

/* What was raced on, in the program's terms. */
static void variable(char *out, size_t size, const WeftTrace *t, const WeftRace *r) {
  if (r->variable) {
    snprintf(out, size, "%s", r->variable);
  } else if (r->location && !strcmp(r->location, "heap")) {
    char where[256];
    site(where, sizeof where, t, r->location_stack);
    snprintf(out, size, _("a heap block of %llu bytes allocated at %s"),
             (unsigned long long)r->location_size, where);
  } else if (r->location && (!strcmp(r->location, "stack") || !strcmp(r->location, "tls"))) {
    char who[256];
    thread_name(who, sizeof who, t, r->location_thread);
    snprintf(out, size,
             !strcmp(r->location, "stack") ? _("a local variable of %s")
                                           : _("a thread-local variable of %s"),
             who);
  } else {
    snprintf(out, size, _("the memory at 0x%llx"),
             (unsigned long long)(r->naccesses ? r->accesses[0].address : r->location_start));
  }
}

char *weft_race_sentence(const WeftTrace *t, const WeftRace *r) {
  char var[512], who[2][256], where[2][256];
  variable(var, sizeof var, t, r);
  for (int i = 0; i < 2; i++) {
    thread_name(who[i], sizeof who[i], t, r->accesses[i].thread);
    site(where[i], sizeof where[i], t, r->accesses[i].stack);
  }
  const WeftRaceAccess *a = &r->accesses[0], *b = &r->accesses[1];
  char *s = NULL;
  int n;
  /* TSan reports at the second access; the first one happened before it. */
  if (a->write && b->write)
    n = asprintf(&s, _("%s writes %s at %s while %s writes it at %s, with no lock or channel "
                       "between them."),
                 who[0], var, where[0], who[1], where[1]);
  else if (a->write)
    n = asprintf(&s, _("%s writes %s at %s while %s reads it at %s, with no lock or channel "
                       "between them."),
                 who[0], var, where[0], who[1], where[1]);
  else
    n = asprintf(&s, _("%s reads %s at %s while %s writes it at %s, with no lock or channel "
                       "between them."),
                 who[0], var, where[0], who[1], where[1]);
  return n < 0 ? NULL : s;
}

static void print_race(FILE *out, const WeftTrace *t, const WeftRace *r) {
  char *sentence = weft_race_sentence(t, r);
  fprintf(out, "  %s\n", sentence ? sentence : "");
  free(sentence);
  for (int i = 0; i < 2; i++) {
    const WeftRaceAccess *x = &r->accesses[i];
    char who[256];
    thread_name(who, sizeof who, t, x->thread);
    fprintf(out, x->write ? _("    %s writes %u bytes:\n") : _("    %s reads %u bytes:\n"), who,
            x->size);
    weft_findings_stack(out, t, x->stack, NULL, "      ");
  }
}

void weft_print_tsan_other(FILE *out, const WeftRace *r) {
  fprintf(out, _("\nThreadSanitizer also reported (%s):\n"), r->kind ? r->kind : "?");
  if (r->text && *r->text)
    fprintf(out, "%s%s", r->text, r->text[strlen(r->text) - 1] == '\n' ? "" : "\n");
}

void weft_print_races(FILE *out, const WeftTrace *t) {
  if (!weft_trace_race_detector(t))
    return;
  size_t n, nraces = 0;
  const WeftRace *r = weft_trace_races(t, &n);
  for (size_t i = 0; i < n; i++)
    nraces += weft_race_is_data_race(&r[i]);
  if (!nraces) {
    fprintf(out, _("\nData races: none found by ThreadSanitizer in this run.\n"));
  } else {
    fprintf(out, _("\nData races (found by ThreadSanitizer):\n"));
    for (size_t i = 0; i < n; i++)
      if (weft_race_is_data_race(&r[i]))
        print_race(out, t, &r[i]);
    fprintf(out, _("  Protect each shared variable with one mutex, or pass the value over a "
                   "channel, or make it atomic.\n"));
  }
  for (size_t i = 0; i < n; i++) {
    if (weft_race_is_data_race(&r[i]))
      continue;
    weft_print_tsan_other(out, &r[i]);
  }
}

void weft_print_races_summary(FILE *out, const WeftTrace *t, const char *trace_path) {
  size_t n, nraces = 0;
  const WeftRace *r = weft_trace_races(t, &n);
  for (size_t i = 0; i < n; i++)
    nraces += weft_race_is_data_race(&r[i]);
  if (nraces)
    fprintf(out,
            ngettext("weft: ThreadSanitizer found %zu data race; 'weft report %s' says where, "
                     "'weft view %s' shows it on the lanes\n",
                     "weft: ThreadSanitizer found %zu data races; 'weft report %s' says where, "
                     "'weft view %s' shows them on the lanes\n",
                     nraces),
            nraces, trace_path, trace_path);
  if (n > nraces)
    fprintf(out,
            ngettext("weft: ThreadSanitizer also reported %zu finding that is not a data race; "
                     "'weft report %s' keeps its words\n",
                     "weft: ThreadSanitizer also reported %zu findings that are not data races; "
                     "'weft report %s' keeps their words\n",
                     n - nraces),
            n - nraces, trace_path);
}

/* Whether the program synchronised at all: a lock, condition, barrier,
 * channel, WaitGroup or once. */
static bool synchronised(const WeftTrace *t) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < nev; i++)
    switch (ev[i].type) {
    case WEFT_EV_LOCK_WAIT ... WEFT_EV_BARRIER_LEAVE:
    case WEFT_EV_CHAN_MAKE ... WEFT_EV_SELECT_END:
    case WEFT_EV_WAITGROUP:
    case WEFT_EV_WAITGROUP_WAIT ... WEFT_EV_ONCE:
    case WEFT_EV_SELECT_WAIT: return true;
    default: break;
    }
  return false;
}

#define BUSY_NS 200000 /* each ran at least 0.2 ms: not a "hello" */

void weft_print_race_tip(FILE *out, const WeftTrace *t, int nprog, char *const program[]) {
  if (weft_trace_race_detector(t) || weft_trace_streamed(t) || synchronised(t))
    return;
  size_t nth;
  const WeftThread *th = weft_trace_threads(t, &nth);
  WeftStats *st = weft_stats_compute(t);
  if (!st)
    return;
  /* two threads of the program's own, each busy a while, that could run at
   * once: from their creation to the join that waited for their end (a late
   * start or an early end hides the race in this run, not the bug) */
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  uint32_t max_id = 0;
  for (size_t i = 0; i < nth; i++)
    max_id = th[i].id > max_id ? th[i].id : max_id;
  uint64_t *joined = malloc(((size_t)max_id + 1) * sizeof *joined);
  if (!joined) {
    weft_stats_free(st);
    return;
  }
  for (size_t i = 0; i <= max_id; i++)
    joined[i] = UINT64_MAX; /* never joined: nothing ordered it */
  for (size_t k = 0; k < nev; k++)
    if (ev[k].type == WEFT_EV_JOIN_END && ev[k].arg <= max_id && joined[ev[k].arg] == UINT64_MAX)
      joined[ev[k].arg] = ev[k].time;
  size_t busy = 0;
  uint64_t from = 0, to = UINT64_MAX;
  for (size_t i = 0; i < nth && i < st->nthreads; i++) {
    if (!th[i].parent || st->threads[i].running < BUSY_NS)
      continue;
    uint64_t begin = th[i].create_event < nev ? ev[th[i].create_event].time : th[i].start_time;
    uint64_t end = joined[th[i].id];
    if (busy && (begin >= to || end <= from))
      continue;
    from = busy && from > begin ? from : begin;
    to = busy && to < end ? to : end;
    busy++;
  }
  weft_stats_free(st);
  free(joined);
  if (busy < 2)
    return;
  char cmd[1024];
  weft_cli_join_args(cmd, sizeof cmd, nprog, program);
  fprintf(out,
          _("weft: tip: %zu threads could run at the same time with no lock, condition, "
            "semaphore or channel between them: if they write a shared variable that is not "
            "atomic, that is a data race, which 'weft record --race -- %s' finds\n"),
          busy, cmd);
}

static void json_frames(FILE *out, const WeftTrace *t, uint32_t stack) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  fprintf(out, "[");
  for (size_t i = 0; i < depth; i++) {
    char buf[512];
    weft_format_frame(buf, sizeof buf, &f[i]);
    fprintf(out, "%s", i ? ", " : "");
    weft_json_string(out, buf);
  }
  fprintf(out, "]");
}

static void json_text(FILE *out, const char *text) {
  if (text)
    weft_json_string(out, text);
  else
    fprintf(out, "null");
}

void weft_json_races(FILE *out, const WeftTrace *t) {
  if (!weft_trace_race_detector(t)) {
    fprintf(out, "  \"races\": null,\n  \"tsan_findings\": null,\n");
    return;
  }
  size_t n;
  const WeftRace *r = weft_trace_races(t, &n);
  fprintf(out, "  \"races\": [");
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (!weft_race_is_data_race(&r[i]))
      continue;
    char var[512];
    variable(var, sizeof var, t, &r[i]);
    fprintf(out, "%s\n    {\"variable\": ", first ? "" : ",");
    first = false;
    weft_json_string(out, var);
    fprintf(out, ", \"location\": ");
    json_text(out, r[i].location);
    fprintf(out, ", \"time_ns\": %llu, \"accesses\": [", (unsigned long long)r[i].time);
    for (size_t k = 0; k < r[i].naccesses; k++) {
      const WeftRaceAccess *a = &r[i].accesses[k];
      fprintf(out, "%s{\"thread\": %u, \"tsan_thread\": %u, \"kind\": \"%s\", \"size\": %u, "
                   "\"atomic\": %s, \"frames\": ",
              k ? ", " : "", a->thread, a->tsan_tid, a->write ? "write" : "read", a->size,
              a->atomic ? "true" : "false");
      json_frames(out, t, a->stack);
      fprintf(out, "}");
    }
    fprintf(out, "], \"text\": ");
    json_text(out, r[i].text);
    fprintf(out, "}");
  }
  fprintf(out, "%s],\n  \"tsan_findings\": [", first ? "" : "\n  ");
  first = true;
  for (size_t i = 0; i < n; i++) {
    if (weft_race_is_data_race(&r[i]))
      continue;
    fprintf(out, "%s\n    {\"kind\": ", first ? "" : ",");
    first = false;
    json_text(out, r[i].kind);
    fprintf(out, ", \"time_ns\": %llu, \"threads\": [", (unsigned long long)r[i].time);
    for (size_t k = 0; k < r[i].nthreads; k++)
      fprintf(out, "%s%u", k ? ", " : "", r[i].threads[k]);
    fprintf(out, "], \"text\": ");
    json_text(out, r[i].text);
    fprintf(out, "}");
  }
  fprintf(out, "%s],\n", first ? "" : "\n  "); /* the dumps and the course's findings follow */
}
