/* weft-findings-course.c: the course's wrong-answer bugs, found after the run.
 *
 * Early exit: the tracer ends the lane of the thread that ends the process
 * (THREAD_END, WEFT_END_PROCESS_EXIT) when main returns or a thread calls
 * exit(); threads that had not ended then, and were not blocked for ever (a
 * leak, said elsewhere), had their work cut short.
 *
 * The same stack address to several threads: the preload writes a
 * THREAD_ARG after a THREAD_CREATE whose argument points into the creator's
 * stack; two creates or more with one address share one variable, which the
 * creator goes on changing (the `&i` of a loop).
 *
 * WaitGroup Adds, as Go's vet and runtime judge them: an Add that takes the
 * counter up from zero must come before the Wait it is meant for, so it
 * belongs to the thread that sets the work up, before it starts the worker.
 * An Add made by a worker whose creator waits on the same WaitGroup may come
 * after that Wait returned; an Add from zero while another thread waits, or
 * after a Wait returned, races it. One sentence per WaitGroup. */
#include "weft-findings-course.h"

#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-deadlock-text.h"
#include "weft-findings-text.h"
#include "weft-stack-view.h"
#include "weft-i18n.h"

/* "a, b and c" */
static void thread_list(char *out, size_t size, const WeftTrace *t, const uint32_t *tids,
                        size_t n) {
  size_t len = 0;
  out[0] = 0;
  for (size_t i = 0; i < n && len + 64 < size; i++) {
    const char *sep = i == 0 ? "" : i + 1 == n ? _(" and ") : ", ";
    len += (size_t)snprintf(out + len, size - len, "%s%s", sep, weft_findings_label(t, tids[i]));
  }
}

/* Threads of the channel library's own, which a process may leave running. */
static bool library_thread(const WeftThread *th) { return !strcmp(th->name, "weft-timers"); }

bool weft_find_early_exit(const WeftTrace *t, WeftEarlyExit *out) {
  memset(out, 0, sizeof *out);
  size_t nev, nth;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  const WeftThread *th = weft_trace_threads(t, &nth);
  size_t end = nev;
  for (size_t i = 0; i < nev && end == nev; i++) { /* the program's exit, not a child's */
    const WeftThread *by = weft_trace_thread(t, ev[i].thread);
    if (ev[i].type == WEFT_EV_THREAD_END && ev[i].arg == WEFT_END_PROCESS_EXIT &&
        (!by || !by->process))
      end = i;
  }
  if (end == nev)
    return false;
  out->by = ev[end].thread;
  out->time = ev[end].time;
  for (size_t i = end; i-- > 0 && ev[i].time + 1000000000u >= out->time;)
    if (ev[i].thread == out->by && ev[i].type == WEFT_EV_PROCESS_EXIT) {
      out->called_exit = true;
      break;
    }
  WeftReplay *w = weft_replay_at_time(t, out->time);
  if (!w)
    return false;
  out->threads = calloc(nth ? nth : 1, sizeof *out->threads);
  for (size_t i = 0; out->threads && i < nth; i++) {
    if (th[i].id == out->by || th[i].start_time > out->time || th[i].end_time <= out->time ||
        library_thread(&th[i]) || th[i].process)
      continue;
    const WeftThreadNow *now = weft_replay_thread(w, th[i].id);
    if (now && now->wait_event && weft_thread_blocked_for_ever(now) &&
        now->wait_event != WEFT_EV_IO_WAIT)
      continue; /* blocked for ever: a leak */
    out->threads[out->nthreads++] = th[i].id;
  }
  weft_replay_free(w);
  if (!out->nthreads) {
    weft_early_exit_free(out);
    return false;
  }
  return true;
}

void weft_early_exit_free(WeftEarlyExit *e) {
  free(e->threads);
  e->threads = NULL;
  e->nthreads = 0;
}

/* The thread's last event with a stack before `time`: where it was last
 * seen; *started: it had an event of its own by then. */
static uint32_t last_stack(const WeftTrace *t, uint32_t tid, uint64_t time, bool *started) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  *started = false;
  for (size_t i = nev; i-- > 0;) {
    if (ev[i].thread != tid || ev[i].time > time)
      continue;
    *started = true;
    if (ev[i].stack && ev[i].type != WEFT_EV_THREAD_NAME)
      return ev[i].stack;
  }
  return 0;
}

void weft_print_early_exit(FILE *out, const WeftTrace *t, const WeftEarlyExit *e) {
  WeftReplay *w = weft_replay_at_time(t, e->time);
  fprintf(out, "\n");
  for (size_t i = 0; i < e->nthreads; i++) {
    uint32_t tid = e->threads[i];
    if (w && weft_findings_wait(out, t, w, tid, e->time))
      continue;
    bool started;
    uint32_t stack = last_stack(t, tid, e->time, &started);
    if (!started) {
      fprintf(out, _("thread %u \"%s\" had not even started\n"), tid, weft_findings_label(t, tid));
      continue;
    }
    fprintf(out, _("thread %u \"%s\" was running"), tid, weft_findings_label(t, tid));
    size_t depth;
    const WeftFrame *f = weft_trace_stack(t, stack, &depth);
    size_t k = weft_stack_place_frame(f, depth);
    if (k < depth) {
      char at[512];
      weft_format_frame(at, sizeof at, &f[k]);
      fprintf(out, _(", last seen in %s"), at);
    }
    fprintf(out, "\n");
  }
  weft_replay_free(w);
  /* One sentence naming them all. */
  char names[1024];
  thread_list(names, sizeof names, t, e->threads, e->nthreads);
  const char *ender = weft_findings_label(t, e->by);
  unsigned long n = (unsigned long)e->nthreads;
  if (e->called_exit)
    fprintf(out,
            ngettext("weft: %s called exit() while %s still ran: its work was cut short; wait "
                     "for it (pthread_join, a WaitGroup) before ending the program.\n",
                     "weft: %s called exit() while %s still ran: their work was cut short; wait "
                     "for them (pthread_join, a WaitGroup) before ending the program.\n",
                     n),
            ender, names);
  else
    fprintf(out,
            ngettext("weft: %s returned while %s still ran: its work was cut short; join it "
                     "(pthread_join) or wait for it (a WaitGroup) before main returns.\n",
                     "weft: %s returned while %s still ran: their work was cut short; join them "
                     "(pthread_join) or wait for them (a WaitGroup) before main returns.\n",
                     n),
            ender, names);
}

WeftSharedArg *weft_find_shared_args(const WeftTrace *t, size_t *count) {
  size_t nev, n = 0;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  WeftSharedArg *out = NULL;
  *count = 0;
  for (size_t i = 0; i < nev; i++) {
    if (ev[i].type != WEFT_EV_THREAD_ARG)
      continue;
    /* its create: the same thread's event just before */
    size_t c = i;
    while (c-- > 0 && ev[c].thread != ev[i].thread) {
    }
    if (c == SIZE_MAX || ev[c].type != WEFT_EV_THREAD_CREATE || !ev[c].arg)
      continue;
    WeftSharedArg *a = NULL;
    for (size_t k = 0; k < n && !a; k++)
      if (out[k].creator == ev[i].thread && out[k].address == ev[i].arg)
        a = &out[k];
    if (!a) {
      WeftSharedArg *grown = realloc(out, (n + 1) * sizeof *out);
      if (!grown)
        break;
      out = grown;
      a = &out[n++];
      memset(a, 0, sizeof *a);
      a->creator = ev[i].thread;
      a->address = ev[i].arg;
      a->stack = ev[c].stack;
      a->has_offset = ev[i].object != 0;
      if (a->has_offset) {
        uint64_t z = ev[i].object - 1;
        a->offset = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
      }
    }
    uint32_t *grown = realloc(a->threads, (a->nthreads + 1) * sizeof *grown);
    if (!grown)
      break;
    a->threads = grown;
    a->threads[a->nthreads++] = (uint32_t)ev[c].arg;
  }
  size_t nobj, kept = 0;
  const WeftObject *objs = weft_trace_objects(t, &nobj);
  for (size_t k = 0; k < n; k++) {
    for (size_t o = 0; o < nobj && !out[k].variable; o++)
      if (objs[o].kind == WEFT_OBJ_VARIABLE && objs[o].address == out[k].address &&
          objs[o].from_source)
        out[k].variable = objs[o].name;
    if (out[k].nthreads >= 2)
      out[kept++] = out[k];
    else
      free(out[k].threads);
  }
  *count = kept;
  if (!kept) {
    free(out);
    return NULL;
  }
  return out;
}

void weft_shared_args_free(WeftSharedArg *a, size_t count) {
  for (size_t i = 0; i < count; i++)
    free(a[i].threads);
  free(a);
}

void weft_print_shared_arg(FILE *out, const WeftTrace *t, const WeftSharedArg *a) {
  char names[1024];
  thread_list(names, sizeof names, t, a->threads, a->nthreads);
  char where[512] = "";
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, a->stack, &depth);
  size_t k = weft_stack_place_frame(f, depth);
  if (k < depth)
    weft_format_frame(where, sizeof where, &f[k]);
  const char *creator = weft_findings_label(t, a->creator);
  fprintf(out, "\n");
  /* "i (main)": the variable as the program writes it, without its function */
  char var[256] = "";
  if (a->variable)
    snprintf(var, sizeof var, "%.*s", (int)strcspn(a->variable, " "), a->variable);
  if (*var)
    fprintf(out, _("weft: warning: %s gave %s the same argument, &%s, the address of its own "
                   "variable %s"),
            creator, names, var, var);
  else if (a->has_offset)
    fprintf(out,
            _("weft: warning: %s gave %s the same address, a variable of its own stack (%+lld "
              "bytes from its frame), as their argument"),
            creator, names, (long long)a->offset);
  else
    fprintf(out, _("weft: warning: %s gave %s the same address in its own stack as their argument"),
            creator, names);
  if (*where)
    fprintf(out, _(", at %s"), where);
  if (*var)
    fprintf(out, _(": each thread reads %s when it runs, and by then %s may have changed it. "
                   "Give each thread its own copy: an array element, or a malloc'ed one.\n"),
            var, creator);
  else
    fprintf(out, _(": each thread reads it when it runs, and by then %s may have changed it (the "
                 "&i of a loop?). Give each thread its own copy: an array element, or a "
                 "malloc'ed one.\n"),
          creator);
}

static uint32_t parent_of(const WeftTrace *t, uint32_t tid) {
  const WeftThread *th = weft_trace_thread(t, tid);
  return th ? th->parent : 0;
}

WeftWaitGroupAdd *weft_find_wg_adds(const WeftTrace *t, size_t *count) {
  size_t nev, n = 0;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  WeftWaitGroupAdd *out = NULL;
  *count = 0;
  /* the WaitGroups (the first 64: each costs a pass over the events) */
  uint32_t wgs[64];
  size_t nwgs = 0;
  for (size_t i = 0; i < nev && nwgs < 64; i++) {
    if (ev[i].type != WEFT_EV_WAITGROUP || !ev[i].object)
      continue;
    bool seen = false;
    for (size_t k = 0; k < nwgs && !seen; k++)
      seen = wgs[k] == ev[i].object;
    if (!seen)
      wgs[nwgs++] = ev[i].object;
  }
  for (size_t w = 0; w < nwgs; w++) {
    size_t i = 0;
    uint32_t wg = wgs[w], waiting = 0;
    uint64_t counter = 0;
    bool woke = false;
    WeftWaitGroupAdd found = {0};
    for (size_t j = i; j < nev && !found.kind; j++) {
      const WeftEvent *e = &ev[j];
      if (e->object != wg)
        continue;
      if (e->type == WEFT_EV_WAITGROUP_WAIT)
        waiting = e->thread;
      else if (e->type == WEFT_EV_WAITGROUP_WAKE) {
        waiting = 0;
        woke = true;
      } else if (e->type == WEFT_EV_WAITGROUP) {
        uint64_t after = (e->arg >> 1) ^ -(e->arg & 1); /* zigzag */
        bool from_zero = !(e->flags & WEFT_WG_DONE) && counter == 0 && after > 0;
        counter = after;
        if (!from_zero)
          continue;
        uint32_t parent = parent_of(t, e->thread);
        if ((waiting && waiting != e->thread) || (woke && parent && parent != e->thread))
          found = (WeftWaitGroupAdd){WEFT_MISUSE_WG_ADD_RACES_WAIT, wg, e->thread,
                                     waiting ? waiting : parent, e->stack, e->time, !waiting};
        else if (parent) /* a worker counting itself in: does its creator wait? */
          for (size_t k = j + 1; k < nev; k++)
            if (ev[k].type == WEFT_EV_WAITGROUP_WAIT && ev[k].object == wg &&
                ev[k].thread == parent) {
              found = (WeftWaitGroupAdd){WEFT_MISUSE_WG_ADD_IN_WORKER, wg, e->thread, parent,
                                         e->stack, e->time, false};
              break;
            }
      }
    }
    if (!found.kind)
      continue;
    WeftWaitGroupAdd *grown = realloc(out, (n + 1) * sizeof *out);
    if (!grown)
      break;
    out = grown;
    out[n++] = found;
  }
  *count = n;
  return out;
}

void weft_print_wg_add(FILE *out, const WeftTrace *t, const WeftWaitGroupAdd *a) {
  const WeftObject *o = weft_trace_object(t, a->wg);
  const char *wg = o ? o->name : "?";
  char adder[128];
  snprintf(adder, sizeof adder, "%s", weft_findings_label(t, a->adder));
  const char *waiter = weft_findings_label(t, a->waiter);
  fprintf(out, "\n");
  if (a->kind == WEFT_MISUSE_WG_ADD_IN_WORKER)
    fprintf(out,
            _("weft: warning: %s calls Add on the WaitGroup %s itself, but %s, which started "
              "it, waits on %s and may reach Wait first, and Wait then returns at once: call "
              "Add in %s before starting each thread"),
            adder, wg, waiter, wg, waiter);
  else if (a->after_return)
    fprintf(out,
            _("weft: warning: %s calls Add on the WaitGroup %s from zero after the Wait of %s "
              "on it returned: that Wait did not wait for this work; call Add in %s before "
              "starting each thread"),
            adder, wg, waiter, waiter);
  else
    fprintf(out,
            _("weft: warning: %s calls Add on the WaitGroup %s from zero while %s waits on it: "
              "Add races Wait; every Add from zero must come before the Wait it counts for"),
            adder, wg, waiter);
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, a->stack, &depth);
  for (size_t k = 0; k < depth; k++)
    if (f[k].file && f[k].function && strncmp(f[k].function, "weft_wg", 7)) {
      char at[512];
      weft_format_frame(at, sizeof at, &f[k]);
      fprintf(out, _(" (Add at %s)"), at);
      break;
    }
  fprintf(out, ".\n");
}

bool weft_print_course(FILE *out, const WeftTrace *t) {
  size_t nadds;
  WeftWaitGroupAdd *adds = weft_find_wg_adds(t, &nadds);
  for (size_t i = 0; i < nadds; i++)
    weft_print_wg_add(out, t, &adds[i]);
  free(adds);
  size_t nshared;
  WeftSharedArg *shared = weft_find_shared_args(t, &nshared);
  for (size_t i = 0; i < nshared; i++)
    weft_print_shared_arg(out, t, &shared[i]);
  weft_shared_args_free(shared, nshared);
  WeftEarlyExit e;
  bool early = weft_find_early_exit(t, &e);
  if (early) {
    weft_print_early_exit(out, t, &e);
    weft_early_exit_free(&e);
  }
  return nadds || nshared || early;
}

void weft_json_course(FILE *out, const WeftTrace *t) {
  WeftEarlyExit e;
  fprintf(out, "  \"early_exit\": ");
  if (weft_find_early_exit(t, &e)) {
    fprintf(out, "{\"by\": %u, \"how\": \"%s\", \"time_ns\": %llu, \"threads\": [", e.by,
            e.called_exit ? "exit" : "return", (unsigned long long)e.time);
    for (size_t i = 0; i < e.nthreads; i++)
      fprintf(out, "%s%u", i ? ", " : "", e.threads[i]);
    fprintf(out, "]}");
    weft_early_exit_free(&e);
  } else {
    fprintf(out, "null");
  }
  size_t nshared;
  WeftSharedArg *shared = weft_find_shared_args(t, &nshared);
  fprintf(out, ",\n  \"shared_stack_args\": [");
  for (size_t i = 0; i < nshared; i++) {
    fprintf(out, "%s\n    {\"creator\": %u, \"offset\": ", i ? "," : "", shared[i].creator);
    if (shared[i].has_offset)
      fprintf(out, "%lld", (long long)shared[i].offset);
    else
      fprintf(out, "null");
    fprintf(out, ", \"variable\": ");
    if (shared[i].variable)
      weft_json_string(out, shared[i].variable);
    else
      fprintf(out, "null");
    fprintf(out, ", \"threads\": [");
    for (size_t k = 0; k < shared[i].nthreads; k++)
      fprintf(out, "%s%u", k ? ", " : "", shared[i].threads[k]);
    fprintf(out, "]}");
  }
  fprintf(out, "%s],\n", nshared ? "\n  " : "");
  weft_shared_args_free(shared, nshared);
  size_t nadds;
  WeftWaitGroupAdd *adds = weft_find_wg_adds(t, &nadds);
  fprintf(out, "  \"waitgroup_adds\": [");
  for (size_t i = 0; i < nadds; i++) {
    const WeftObject *o = weft_trace_object(t, adds[i].wg);
    fprintf(out, "%s\n    {\"kind\": \"%s\", \"waitgroup\": ", i ? "," : "",
            adds[i].kind == WEFT_MISUSE_WG_ADD_IN_WORKER ? "add-in-worker" : "add-races-wait");
    weft_json_string(out, o ? o->name : "?");
    fprintf(out, ", \"adder\": %u, \"waiter\": %u}", adds[i].adder, adds[i].waiter);
  }
  fprintf(out, "%s]\n", nadds ? "\n  " : "");
  free(adds);
}
