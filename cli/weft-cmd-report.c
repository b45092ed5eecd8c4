/* weft-cmd-report.c: `weft report [--json] FILE`: threads, where their time
 * went, the most contended locks (mutrace's table), calls, lost events. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-deadlock-text.h"
#include "weft-report-source.h"
#include "weft-diagnosis.h"
#include "weft-findings-course.h"
#include "weft-findings-dump.h"
#include "weft-findings-locks.h"
#include "weft-findings-text.h"
#include "weft-i18n.h"
#include "weft-races-report.h"
#include "weft-severity.h"
#include "weft-stack-view.h"
#include "weft-stats.h"
#include "weft-thread-names.h"
#include "weft-trace.h"

/* The version of `report --json`'s layout, documented in docs/JSON.md: a change
 * that removes, renames or changes the meaning of a key bumps it. */
enum { WEFT_JSON_SCHEMA = 1 };

static void report_usage(FILE *out) {
  fprintf(out, _("Usage: weft report [OPTIONS] FILE\n\n"
                 "Summarises a trace: its threads, the time each spent running and\n"
                 "blocked and on what, and the most contended locks.\n\n"
                 "Options:\n"
                 "      --json   print the same facts as JSON\n"
                 "      --whole  read every event into memory, however long the trace\n"
                 "               (past 4 million events it is read streamed, and the\n"
                 "               findings that need every event at once are not checked)\n"
                 "      --streamed  read it streamed, however short\n"
                 "  -h, --help   show this help\n"));
  weft_cli_family_usage(out);
}

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(t, id) : NULL;
  return o ? o->name : "?";
}

/* Misuse grouped by kind, each kind under its title, in the order first met. */
static void print_misuse(const WeftTrace *t, const WeftDiagnosis *d) {
  if (d->nmisuse)
    printf(_("\nMisuse:\n"));
  for (size_t i = 0; i < d->nmisuse; i++) {
    unsigned kind = d->misuse[i].kind;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = d->misuse[j].kind == kind;
    if (seen)
      continue;
    size_t count = 0;
    for (size_t j = i; j < d->nmisuse; j++)
      count += d->misuse[j].kind == kind;
    printf(weft_misuse_severity(kind) == WEFT_SEVERITY_NOTE ? _("  %s (%zu, a note):\n")
                                                            : _("  %s (%zu):\n"),
           weft_misuse_kind_title(kind), count);
    for (size_t j = i; j < d->nmisuse; j++) {
      if (d->misuse[j].kind != kind)
        continue;
      char *sentence = weft_misuse_sentence(t, &d->misuse[j]);
      printf("    %s\n", sentence ? sentence : "");
      free(sentence);
      weft_findings_stack(stdout, t, d->misuse[j].stack, NULL, "        ");
    }
  }
}

/* The state at deadlock i: kept by the diagnosis's pass. */
static const WeftReplay *at_deadlock(const WeftDiagnosis *d, size_t i) {
  return i < d->nat_deadlock ? d->at_deadlock[i] : NULL;
}

static void report_text(const WeftTrace *t, const WeftStats *s, const WeftDiagnosis *d) {
  const WeftTraceInfo *info = weft_trace_info(t);
  size_t nth, nev = weft_trace_event_count(t);
  const WeftThread *th = weft_trace_threads(t, &nth);
  char dur[32];
  weft_cli_format_ns(dur, sizeof dur, info->duration);
  printf(_("Program: %s (pid %u)\n"), info->argv ? info->argv : "?", info->pid);
  printf(_("Duration: %s, %zu events, %zu threads"), dur, nev, nth);
  if (info->closed_cleanly)
    printf(_(", exit status %d"), info->exit_status);
  printf("\n");
  if (!info->closed_cleanly)
    printf(_("Unfinished: the trace has no end (the program or weft record was killed); it stops "
             "at its last flushed chunk.\n"));
  if (info->dropped_chunks) {
    char bound[32], dropped[32];
    weft_cli_format_bytes(bound, sizeof bound, info->max_size);
    weft_cli_format_bytes(dropped, sizeof dropped, info->dropped_bytes);
    printf(_("Bounded: the trace reached --max-size (%s); it keeps the start and the end of the "
             "run, %llu chunks (%s) from the middle were dropped.\n"),
           bound, (unsigned long long)info->dropped_chunks, dropped);
  }
  printf("\n");

  printf(_("Threads:\n"));
  printf("  %-4s %-20s %-6s %-22s %10s %10s  %s\n", _("id"), _("name"), _("parent"),
         _("start function"), _("running"), _("blocked"), _("blocked on"));
  for (size_t i = 0; i < nth; i++) {
    const WeftThreadStats *ts = &s->threads[i];
    char run[32], blk[32];
    weft_cli_format_ns(run, sizeof run, ts->running);
    weft_cli_format_ns(blk, sizeof blk, ts->blocked_total);
    char label[128];
    weft_thread_display_name(t, th[i].id, label, sizeof label);
    printf("  %-4u %-20.20s %-6u %-22.22s %10s %10s ", th[i].id, label, th[i].parent,
           th[i].start_function ? th[i].start_function : "-", run, blk);
    bool first = true;
    for (int k = 0; k < WEFT_WAIT_KIND_COUNT; k++) {
      if (!ts->blocked[k])
        continue;
      char each[32];
      weft_cli_format_ns(each, sizeof each, ts->blocked[k]);
      printf("%s%s %s", first ? " " : ", ", weft_wait_kind_name(k), each);
      first = false;
    }
    printf("\n");
  }

  size_t shown = 0;
  for (size_t i = 0; i < s->nlocks; i++)
    if (s->locks[i].acquisitions)
      shown++;
  if (shown) {
    printf(_("\nMost contended locks:\n"));
    printf("  %-24s %-10s %10s %10s %10s %10s %10s %10s  %s\n", _("lock"), _("kind"),
           _("acquired"), _("contended"), _("wait total"), _("wait max"), _("hold total"),
           _("hold max"), _("top holder"));
    for (size_t i = 0, k = 0; i < s->nlocks && k < 10; i++) {
      const WeftLockStats *l = &s->locks[i];
      if (!l->acquisitions)
        continue;
      k++;
      const WeftObject *o = weft_trace_object(t, l->object);
      char wt[32], wm[32], ht[32], hm[32];
      weft_cli_format_ns(wt, sizeof wt, l->wait_total);
      weft_cli_format_ns(wm, sizeof wm, l->wait_max);
      weft_cli_format_ns(ht, sizeof ht, l->hold_total);
      weft_cli_format_ns(hm, sizeof hm, l->hold_max);
      const WeftThread *top = l->top_holder[0] ? weft_trace_thread(t, l->top_holder[0]) : NULL;
      char top_name[128];
      if (top)
        weft_thread_display_name(t, top->id, top_name, sizeof top_name);
      printf("  %-24.24s %-10s %10llu %10llu %10s %10s %10s %10s  %s", o ? o->name : "?",
             weft_object_kind_name(o ? o->kind : 0), (unsigned long long)l->acquisitions,
             (unsigned long long)l->contended, wt, wm, ht, hm, top ? top_name : "-");
      if (top && l->hold_total)
        printf(_(" (%.0f%%)"), 100.0 * (double)l->top_hold[0] / (double)l->hold_total);
      printf("\n");
    }
  }

  if (s->nchans) {
    printf(_("\nChannels:\n"));
    printf("  %-24s %8s %8s %8s %8s %-7s %12s %12s\n", _("channel"), _("capacity"), _("sent"),
           _("received"), _("paired"), _("closed"), _("send wait"), _("recv wait"));
    for (size_t i = 0; i < s->nchans; i++) {
      const WeftChanStats *ch = &s->chans[i];
      const WeftObject *o = weft_trace_object(t, ch->object);
      char sw[32], rw[32];
      weft_cli_format_ns(sw, sizeof sw, ch->send_blocked);
      weft_cli_format_ns(rw, sizeof rw, ch->recv_blocked);
      printf("  %-24.24s %8llu %8llu %8llu %8llu %-7s %12s %12s\n", o ? o->name : "?",
             (unsigned long long)ch->capacity, (unsigned long long)ch->sends,
             (unsigned long long)ch->receives, (unsigned long long)ch->paired,
             ch->closed ? _("yes") : _("no"), sw, rw);
    }
  }

  size_t ndl;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &ndl);
  for (size_t i = 0; i < ndl; i++) {
    char *text = weft_deadlock_report_at(t, &dl[i], at_deadlock(d, i));
    fputs(text ? text : "", stdout);
    free(text);
  }
  if (weft_trace_streamed(t)) {
    printf(_("\nNot checked on a trace this long (%zu events, read streamed): crashes and stuck "
             "dumps, main ending early, one &i given to several threads, WaitGroup Adds. "
             "'weft report --whole' reads every event into memory (about 33 bytes each) and "
             "checks them.\n"),
           weft_trace_event_count(t));
  } else {
    size_t ndumps;
    WeftDumpFinding *dumps = weft_find_dumps(t, &ndumps);
    for (size_t i = 0; i < ndumps; i++)
      weft_print_dump(stdout, t, &dumps[i], 0);
    free(dumps);
    weft_print_course(stdout, t);
  }
  for (size_t i = 0; i < d->ninversions; i++)
    weft_print_inversion(stdout, t, &d->inversions[i]);
  for (size_t i = 0; i < d->norder_notes; i++)
    weft_print_order_note(stdout, t, &d->order_notes[i]);
  if (d->nleaks)
    printf(_("\nThreads still blocked when the program ended (leaked):\n"));
  for (size_t i = 0; i < d->nleaks; i++)
    weft_print_leak(stdout, t, &d->leaks[i]);
  print_misuse(t, d);
  weft_print_races(stdout, t);
  if (info->lost_events)
    printf(_("\n%llu events were lost: the trace is incomplete.\n"),
           (unsigned long long)info->lost_events);
}

/* "function (file:line)" of a stack's user frame (else its innermost), or null. */
static void json_stack_top(const WeftTrace *t, uint32_t stack) {
  char buf[512];
  if (weft_stack_user_line(t, stack, buf, sizeof buf))
    weft_json_string(stdout, buf);
  else
    printf("null");
}

/* The whole stack: {"frames": [...], "user_frame": index or null}. */
static void json_stack(const WeftTrace *t, uint32_t stack) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  printf("{\"frames\": [");
  for (size_t i = 0; i < depth; i++) {
    char buf[512];
    weft_format_frame(buf, sizeof buf, &f[i]);
    printf("%s", i ? ", " : "");
    weft_json_string(stdout, buf);
  }
  size_t u = weft_stack_user_frame(f, depth);
  if (u < depth)
    printf("], \"user_frame\": %zu}", u);
  else
    printf("], \"user_frame\": null}");
}

static void json_names(const WeftTrace *t, const uint32_t *ids, size_t n) {
  printf("[");
  for (size_t i = 0; i < n; i++) {
    const WeftObject *o = weft_trace_object(t, ids[i]);
    printf("%s", i ? ", " : "");
    weft_json_string(stdout, o ? o->name : "?");
  }
  printf("]");
}

/* Cycles of lock orders, each with its severity from the table. */
static void json_inversions(const WeftTrace *t, const WeftInversion *list, size_t n,
                            const char *finding) {
  printf("[");
  for (size_t i = 0; i < n; i++) {
    const WeftInversion *inv = &list[i];
    printf("%s\n    {\"severity\": \"%s\", \"locks\": ", i ? "," : "",
           weft_severity_name(weft_severity_of(finding)));
    json_names(t, inv->locks, inv->n);
    printf(", \"threads\": [");
    for (size_t k = 0; k < inv->n; k++) {
      char who[128];
      printf("%s{\"id\": %u, \"display_name\": ", k ? ", " : "", inv->edges[k].thread);
      weft_json_string(stdout, weft_thread_display_name(t, inv->edges[k].thread, who, sizeof who));
      printf("}");
    }
    printf("], \"objects\": ");
    json_names(t, inv->locks, inv->n);
    printf(", \"edges\": [");
    for (size_t k = 0; k < inv->n; k++) {
      const WeftLockEdge *e = &inv->edges[k];
      printf("%s{\"held\": ", k ? ", " : "");
      weft_json_string(stdout, object_name(t, e->first));
      printf(", \"acquired\": ");
      weft_json_string(stdout, object_name(t, e->second));
      printf(", \"thread\": %u, \"held_at\": ", e->thread);
      json_stack_top(t, e->first_stack);
      printf(", \"acquired_at\": ");
      json_stack_top(t, e->second_stack);
      printf("}");
    }
    printf("], \"stacks\": [");
    for (size_t k = 0; k < inv->n; k++) {
      printf("%s{\"held\": ", k ? ", " : "");
      json_stack(t, inv->edges[k].first_stack);
      printf(", \"acquired\": ");
      json_stack(t, inv->edges[k].second_stack);
      printf("}");
    }
    printf("], \"guarded_by\": []}");
  }
  printf("%s]", n ? "\n  " : "");
}

/* The frames of a stack as "function (file:line)", the program's own first. */
static void json_user_frames(const WeftTrace *t, uint32_t stack) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  size_t u = weft_stack_user_frame(f, depth);
  size_t shown = weft_stack_shown_depth(f, depth);
  printf("[");
  for (size_t i = u < depth ? u : 0; i < shown; i++) {
    char buf[512];
    weft_format_frame(buf, sizeof buf, &f[i]);
    printf("%s", i > (u < depth ? u : 0) ? ", " : "");
    weft_json_string(stdout, buf);
  }
  printf("]");
}

static void json_misuse(const WeftTrace *t, const WeftMisuse *m, bool first) {
  const WeftObject *o = m->object ? weft_trace_object(t, m->object) : NULL;
  printf("%s\n    {\"kind\": \"%s\", \"severity\": \"%s\", \"thread\": %u, \"object\": ",
         first ? "" : ",", weft_misuse_kind_id(m->kind),
         weft_severity_name(weft_misuse_severity(m->kind)), m->thread);
  weft_json_string(stdout, o ? o->name : "");
  printf(", \"errno\": ");
  if (m->err) {
    char eb[32];
    weft_json_string(stdout, weft_errno_name(m->err, eb, sizeof eb));
  } else {
    printf("null");
  }
  printf(", \"at\": ");
  json_stack_top(t, m->stack);
  printf(", \"frames\": ");
  json_user_frames(t, m->stack);
  char *sentence = weft_misuse_sentence(t, m);
  printf(", \"explanation\": ");
  weft_json_string(stdout, sentence ? sentence : "");
  free(sentence);
  printf(", \"stack\": ");
  json_stack(t, m->stack);
  printf("}");
}

static void json_ids(const uint32_t *ids, size_t n) {
  printf("[");
  for (size_t i = 0; i < n; i++)
    printf("%s%u", i ? ", " : "", ids[i]);
  printf("]");
}


static void json_diagnosis(const WeftTrace *t, const WeftDiagnosis *d) {
  size_t ndl;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &ndl);
  printf("  \"deadlocks\": [");
  for (size_t i = 0; i < ndl; i++) {
    printf("%s\n    {\"kind\": \"%s\", \"time_ns\": %llu, \"threads\": ", i ? "," : "",
           weft_deadlock_kind_id(dl[i].kind), (unsigned long long)dl[i].time);
    json_ids(dl[i].threads, dl[i].nthreads);
    uint32_t objs[256];
    size_t nobj = 0;
    for (size_t k = 0; k < dl[i].nobjects && nobj < 256; k++)
      if (dl[i].objects[k])
        objs[nobj++] = dl[i].objects[k];
    printf(", \"objects\": ");
    json_names(t, objs, nobj);
    const WeftReplay *r = at_deadlock(d, i);
    char *sentence = r ? weft_deadlock_sentence_at(t, &dl[i], r) : NULL;
    printf(", \"explanation\": ");
    weft_json_string(stdout, sentence ? sentence : "");
    free(sentence);
    char *hints = r ? weft_deadlock_hints_at(t, &dl[i], r) : NULL;
    printf(", \"hints\": ");
    weft_json_string(stdout, hints ? hints : "");
    free(hints);
    /* where each thread waits, every frame */
    printf(", \"stacks\": [");
    for (size_t k = 0; k < dl[i].nthreads; k++) {
      const WeftThreadNow *s = r ? weft_replay_thread(r, dl[i].threads[k]) : NULL;
      printf("%s", k ? ", " : "");
      json_stack(t, s ? s->wait_stack : 0);
    }
    printf("]}");
  }
  printf("%s],\n  \"lock_order_inversions\": ", ndl ? "\n  " : "");
  json_inversions(t, d->inversions, d->ninversions, "lock-order-inversion");
  printf(",\n  \"lock_order_notes\": ");
  json_inversions(t, d->order_notes, d->norder_notes, "lock-order-note");
  printf(",\n  \"leaks\": %s", d->leaks_checked ? "[" : "null");
  for (size_t i = 0; i < d->nleaks; i++) {
    const WeftLeak *l = &d->leaks[i];
    const WeftObject *o = l->object ? weft_trace_object(t, l->object) : NULL;
    printf("%s\n    {\"thread\": %u, \"waiting_on\": ", i ? "," : "", l->thread);
    weft_json_string(stdout, o ? o->name : weft_event_type_name(l->event));
    printf(", \"at\": ");
    json_stack_top(t, l->stack);
    printf(", \"stack\": ");
    json_stack(t, l->stack);
    printf("}");
  }
  if (d->leaks_checked)
    printf("%s]", d->nleaks ? "\n  " : "");
  printf(",\n  \"misuse\": [");
  for (size_t i = 0; i < d->nmisuse; i++)
    json_misuse(t, &d->misuse[i], i == 0);
  printf("%s],\n", d->nmisuse ? "\n  " : "");
  weft_json_races(stdout, t);
  if (weft_trace_streamed(t)) /* not checked */
    printf("  \"dumps\": null,\n  \"crash\": null,\n  \"early_exit\": null,\n"
           "  \"shared_stack_args\": null,\n  \"waitgroup_adds\": null\n");
  else {
    weft_json_dumps(stdout, t);
    weft_json_course(stdout, t); /* the last keys: no comma after them */
  }
}

static void report_json(const WeftTrace *t, const WeftStats *s, const WeftDiagnosis *d) {
  const WeftTraceInfo *info = weft_trace_info(t);
  size_t nth, nev = weft_trace_event_count(t);
  const WeftThread *th = weft_trace_threads(t, &nth);
  printf("{\n  \"schema\": %d,\n", WEFT_JSON_SCHEMA);
  printf("  \"format\": {\"major\": %u, \"minor\": %u},\n", info->major, info->minor);
  printf("  \"program\": ");
  weft_json_string(stdout, info->argv);
  printf(",\n  \"pid\": %u,\n  \"duration_ns\": %llu,\n  \"events\": %zu,\n", info->pid,
         (unsigned long long)info->duration, nev);
  printf("  \"streamed\": %s,\n", weft_trace_streamed(t) ? "true" : "false");
  if (info->closed_cleanly)
    printf("  \"exit_status\": %d,\n", info->exit_status);
  else
    printf("  \"exit_status\": null,\n");
  printf("  \"lost_events\": %llu,\n", (unsigned long long)info->lost_events);
  printf("  \"threads\": [");
  for (size_t i = 0; i < nth; i++) {
    const WeftThreadStats *ts = &s->threads[i];
    printf("%s\n    {\"id\": %u, \"name\": ", i ? "," : "", th[i].id);
    weft_json_string(stdout, th[i].name);
    char label[128], site[512];
    printf(", \"display_name\": ");
    weft_json_string(stdout, weft_thread_display_name(t, th[i].id, label, sizeof label));
    printf(", \"parent\": %u, \"start_function\": ", th[i].parent);
    if (th[i].start_function)
      weft_json_string(stdout, th[i].start_function);
    else
      printf("null");
    printf(", \"create_site\": ");
    if (weft_thread_create_line(t, th[i].id, site, sizeof site))
      weft_json_string(stdout, site);
    else
      printf("null");
    printf(", \"running_ns\": %llu, \"blocked_ns\": {", (unsigned long long)ts->running);
    bool first = true;
    for (int k = 0; k < WEFT_WAIT_KIND_COUNT; k++) {
      if (!ts->blocked[k])
        continue;
      printf("%s\"%s\": %llu", first ? "" : ", ", weft_wait_kind_name(k),
             (unsigned long long)ts->blocked[k]);
      first = false;
    }
    printf("}, \"ended\": %s, \"pid\": %u}", th[i].end_time != UINT64_MAX ? "true" : "false",
           th[i].pid);
  }
  printf("\n  ],\n  \"calls\": {");
  for (size_t i = 0; i < s->ncalls; i++)
    printf("%s\n    \"%s\": %llu", i ? "," : "", s->call_names[i],
           (unsigned long long)s->calls[i]);
  printf("\n  },\n  \"locks\": [");
  for (size_t i = 0, k = 0; i < s->nlocks; i++) {
    const WeftLockStats *l = &s->locks[i];
    if (!l->acquisitions && !l->contended)
      continue;
    const WeftObject *o = weft_trace_object(t, l->object);
    printf("%s\n    {\"name\": ", k++ ? "," : "");
    weft_json_string(stdout, o ? o->name : "?");
    printf(", \"kind\": \"%s\", \"acquisitions\": %llu, \"contended\": %llu, "
           "\"wait_total_ns\": %llu, \"wait_max_ns\": %llu, \"hold_total_ns\": %llu, "
           "\"hold_max_ns\": %llu, \"top_holders\": [",
           weft_object_kind_name(o ? o->kind : 0), (unsigned long long)l->acquisitions,
           (unsigned long long)l->contended, (unsigned long long)l->wait_total,
           (unsigned long long)l->wait_max, (unsigned long long)l->hold_total,
           (unsigned long long)l->hold_max);
    for (int h = 0; h < 3 && l->top_holder[h]; h++)
      printf("%s{\"thread\": %u, \"hold_ns\": %llu}", h ? ", " : "", l->top_holder[h],
             (unsigned long long)l->top_hold[h]);
    printf("]}");
  }
  printf("\n  ],\n  \"channels\": [");
  for (size_t i = 0; i < s->nchans; i++) {
    const WeftChanStats *c = &s->chans[i];
    const WeftObject *o = weft_trace_object(t, c->object);
    printf("%s\n    {\"name\": ", i ? "," : "");
    weft_json_string(stdout, o ? o->name : "?");
    printf(", \"capacity\": %llu, \"sends\": %llu, \"receives\": %llu, \"paired\": %llu, "
           "\"closed\": %s, \"send_blocked_ns\": %llu, \"recv_blocked_ns\": %llu}",
           (unsigned long long)c->capacity, (unsigned long long)c->sends,
           (unsigned long long)c->receives, (unsigned long long)c->paired,
           c->closed ? "true" : "false", (unsigned long long)c->send_blocked,
           (unsigned long long)c->recv_blocked);
  }
  printf("\n  ],\n");
  json_diagnosis(t, d);
  printf("}\n");
}

bool weft_report_json(const WeftTrace *t) {
  WeftStats *s = weft_stats_compute(t);
  WeftDiagnosis *d = weft_diagnose(t);
  bool ok = s && d;
  if (ok)
    report_json(t, s, d);
  weft_diagnosis_free(d);
  weft_stats_free(s);
  return ok;
}

int weft_cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                       {"whole", no_argument, NULL, 'w'},
                                       {"streamed", no_argument, NULL, 's'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  bool json = false;
  size_t whole_max = WEFT_REPORT_WHOLE_MAX;
  int c;
  int family_rc = weft_cli_family_take_options("report", &argc, argv);
  if (family_rc)
    return family_rc;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 'j': json = true; break;
    case 'w': whole_max = SIZE_MAX; break;
    case 's': whole_max = 0; break;
    case 'h': report_usage(stdout); return 0;
    default:
      fprintf(stderr, _("weft report: unknown option '%s'; try 'weft report --help'\n"),
              argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, _("weft report: expected one trace file; usage: weft report [--json] FILE\n"));
    return WEFT_EXIT_USAGE;
  }
  WeftTrace *t;
  int rc = weft_cli_open_trace_streamed(argv[optind], whole_max, &t);
  if (rc)
    return rc;
  WeftStats *s = weft_stats_compute(t);
  WeftDiagnosis *d = weft_diagnose(t);
  if (!s || !d) {
    fprintf(stderr, _("weft report: not enough memory to analyse '%s'\n"), argv[optind]);
    weft_diagnosis_free(d);
    weft_stats_free(s);
    weft_trace_free(t);
    return WEFT_EXIT_SOFTWARE;
  }
  /* Said before the report, so that a short report never reads as a clean run. */
  if (d->incomplete)
    fprintf(stderr, _("weft report: memory ran out during the diagnosis: the findings below are "
                      "incomplete\n"));
  if (json)
    report_json(t, s, d);
  else {
    report_text(t, s, d);
    weft_print_embedded_source(stdout, t, d, argv[optind]);
  }
  rc = d->incomplete ? WEFT_EXIT_SOFTWARE : 0;
  weft_diagnosis_free(d);
  weft_stats_free(s);
  weft_trace_free(t);
  return rc;
}
