/* weft-diagnosis.c: inversions, leaks and misuse, in one pass over the
 * events with a replay. */
#include "weft-diagnosis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-analysis-i18n.h"
#include "weft-replay.h"
#include "weft-stack-view.h"
#include "weft-text.h"
#include "weft-thread-names.h"

/* An inversion whose locks are exactly those of a deadlock this run hit is
 * that deadlock, already reported: not a potential one. */
static bool deadlocked(const WeftTrace *t, const WeftInversion *inv) {
  size_t ndl;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &ndl);
  for (size_t k = 0; k < ndl; k++) {
    if (dl[k].kind != WEFT_DEADLOCK_MUTEX_CYCLE || dl[k].nobjects != inv->n)
      continue;
    bool same = true;
    for (size_t a = 0; a < inv->n && same; a++) {
      bool found = false;
      for (size_t b = 0; b < dl[k].nobjects && !found; b++)
        found = dl[k].objects[b] == inv->locks[a];
      same = found;
    }
    if (same)
      return true;
  }
  return false;
}

/* Returned from main or called exit(): the tracer ended the exiting thread's
 * lane. A kill, a crash or an abort ends none (threads were cut off wherever
 * they were), nor does _exit. Fed every event: *state 0 unknown, 1 a lane
 * ended so, -1 an immediate exit. */
static void watch_exit(const WeftTrace *t, const WeftEvent *e, int *state) {
  if (*state < 0 || (e->type != WEFT_EV_PROCESS_EXIT && e->type != WEFT_EV_THREAD_END))
    return;
  const WeftThread *th = weft_trace_thread(t, e->thread);
  if (th && th->process) /* a child of a family: its exit is not the program's */
    return;
  if (e->type == WEFT_EV_PROCESS_EXIT && (e->flags & WEFT_EXIT_IMMEDIATE))
    *state = -1;
  else if (e->type == WEFT_EV_THREAD_END && e->arg == WEFT_END_PROCESS_EXIT)
    *state = 1;
}

static void find_leaks(const WeftTrace *t, const WeftReplay *r, const WeftMisuseFinder *mf,
                       WeftDiagnosis *d, bool ended_by_exit) {
  size_t ndl;
  weft_trace_deadlocks(t, &ndl);
  d->leaks_checked = weft_trace_info(t)->closed_cleanly && ndl == 0 && ended_by_exit;
  if (!d->leaks_checked)
    return;
  for (uint32_t tid = 1; tid <= weft_replay_max_thread(r); tid++) {
    const WeftThreadNow *s = weft_replay_thread(r, tid);
    if (!weft_thread_blocked_for_ever(s))
      continue;
    /* its round filled: it was on its way out when the program ended */
    if (s->wait_event == WEFT_EV_BARRIER_WAIT && weft_misuse_barrier_opened(mf, tid))
      continue;
    WeftLeak *l = realloc(d->leaks, (d->nleaks + 1) * sizeof *l);
    if (!l) {
      d->incomplete = true;
      return;
    }
    d->leaks = l;
    l[d->nleaks++] = (WeftLeak){tid, s->wait_event == WEFT_EV_JOIN_BEGIN ? 0 : s->wait_object,
                                s->wait_event, s->wait_stack, s->wait_since};
  }
}

WeftDiagnosis *weft_diagnose(const WeftTrace *t) {
  WeftDiagnosis *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  WeftReplay *r = weft_replay_new(t);
  WeftLockOrder *lo = weft_lock_order_new();
  WeftMisuseFinder *mf = weft_misuse_finder_new(t);
  if (!r || !lo || !mf) {
    weft_replay_free(r);
    weft_lock_order_free(lo);
    weft_misuse_finder_free(mf);
    d->incomplete = true;
    return d;
  }
  WeftEventCursor *c = weft_event_cursor_new(t);
  size_t ndl;
  weft_trace_deadlocks(t, &ndl);
  d->at_deadlock = ndl ? calloc(ndl, sizeof *d->at_deadlock) : NULL;
  d->nat_deadlock = d->at_deadlock ? ndl : 0;
  d->incomplete |= !c || (ndl && !d->at_deadlock);
  WeftEvent ev, *e = &ev;
  int exit_state = 0;
  while (c && weft_event_cursor_next(c, e)) {
    d->incomplete |= !weft_misuse_feed(mf, r, e);
    weft_lock_order_feed(lo, r, e);
    watch_exit(t, e, &exit_state);
    if (!weft_replay_feed(r, e)) {
      d->incomplete = true;
      break;
    }
    /* what each deadlocked thread waited for, held for the report */
    if (e->type == WEFT_EV_DEADLOCK && e->stack && e->stack <= d->nat_deadlock &&
        !d->at_deadlock[e->stack - 1])
      d->incomplete |= !(d->at_deadlock[e->stack - 1] = weft_replay_copy(r));
  }
  weft_event_cursor_free(c);
  d->incomplete |= !weft_misuse_finish(mf, r);
  d->misuse = weft_misuse_take(mf, &d->nmisuse);
  size_t n;
  WeftInversion *inv = weft_lock_order_inversions(lo, t, &n);
  d->inversions_ruled_out = weft_lock_order_ruled_out(lo);
  d->incomplete |= weft_lock_order_out_of_memory(lo);
  for (size_t i = 0; i < n; i++) {
    if (deadlocked(t, &inv[i])) {
      free(inv[i].locks);
      free(inv[i].edges);
    } else {
      inv[d->ninversions++] = inv[i];
    }
  }
  d->inversions = inv;
  d->order_notes = weft_lock_order_single_thread(lo, &d->norder_notes);
  find_leaks(t, r, mf, d, exit_state > 0);
  weft_replay_free(r);
  weft_lock_order_free(lo);
  weft_misuse_finder_free(mf);
  return d;
}

void weft_diagnosis_free(WeftDiagnosis *d) {
  if (!d)
    return;
  weft_inversions_free(d->inversions, d->ninversions);
  weft_inversions_free(d->order_notes, d->norder_notes);
  free(d->leaks);
  free(d->misuse);
  for (size_t i = 0; i < d->nat_deadlock; i++)
    weft_replay_free(d->at_deadlock[i]);
  free(d->at_deadlock);
  free(d);
}

/* Where a misuse was made, "?" when the stack does not say: one line a
 * kind and place, unknown places together. */
static const char *misuse_site(const WeftTrace *t, const WeftMisuse *m, char *out, size_t size) {
  if (!weft_stack_user_site(t, m->stack, out, size))
    snprintf(out, size, "?");
  return out;
}

char *weft_findings_summary(const WeftTrace *t, const WeftDiagnosis *d, const char *trace_path) {
  WeftText x = {0};
  size_t ndl;
  weft_trace_deadlocks(t, &ndl);
  if (ndl)
    weft_text_add(&x, _("weft: deadlock, explained above; to see it on the timeline: weft view %s\n"),
                  trace_path);
  if (d->ninversions)
    weft_text_add(&x,
                  P_("weft: %zu potential deadlock (locks taken in opposite orders); for both "
                     "stacks: weft report %s\n",
                     "weft: %zu potential deadlocks (locks taken in opposite orders); for both "
                     "stacks: weft report %s\n",
                     d->ninversions),
                  d->ninversions, trace_path);
  if (d->norder_notes)
    weft_text_add(&x,
                  P_("weft: note: %zu set of locks one thread took in both orders; for where: "
                     "weft report %s\n",
                     "weft: note: %zu sets of locks one thread took in both orders; for where: "
                     "weft report %s\n",
                     d->norder_notes),
                  d->norder_notes, trace_path);
  if (d->nleaks)
    weft_text_add(&x,
                  P_("weft: %zu thread was still blocked when the program ended; for where: "
                     "weft report %s\n",
                     "weft: %zu threads were still blocked when the program ended; for where: "
                     "weft report %s\n",
                     d->nleaks),
                  d->nleaks, trace_path);
  if (d->nmisuse)
    weft_text_add(&x,
                  P_("weft: %zu misuse of a lock or channel; for what and where: weft report %s\n",
                     "weft: %zu misuses of locks or channels; for what and where: weft report "
                     "%s\n",
                     d->nmisuse),
                  d->nmisuse, trace_path);
  /* the first few by kind and line, so that the run's last words say what;
   * one line for each kind and line however many threads made it */
  enum { SHOWN = 5 };
  size_t lines = 0, said = 0;
  for (size_t i = 0; i < d->nmisuse && lines < SHOWN; i++) {
    char at[256], other[256];
    misuse_site(t, &d->misuse[i], at, sizeof at);
    bool before = false;
    for (size_t k = 0; k < i && !before; k++)
      before = d->misuse[k].kind == d->misuse[i].kind &&
               !strcmp(misuse_site(t, &d->misuse[k], other, sizeof other), at);
    if (before)
      continue;
    size_t times = 0;
    for (size_t k = i; k < d->nmisuse; k++)
      times += d->misuse[k].kind == d->misuse[i].kind &&
               !strcmp(misuse_site(t, &d->misuse[k], other, sizeof other), at);
    if (times > 1)
      weft_text_add(&x, _("weft:   %s, at %s (%zu times)\n"),
                    weft_misuse_kind_title(d->misuse[i].kind), at, times);
    else
      weft_text_add(&x, _("weft:   %s, at %s\n"), weft_misuse_kind_title(d->misuse[i].kind), at);
    lines++;
    said += times;
  }
  if (d->nmisuse > said)
    weft_text_add(&x, _("weft:   and %zu more\n"), d->nmisuse - said);
  return weft_text_take(&x);
}
