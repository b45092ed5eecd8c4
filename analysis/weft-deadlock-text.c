/* weft-deadlock-text.c: headlines, sentences and hints for deadlocks. */
#include "weft-deadlock-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-analysis-i18n.h"
#include "weft-deadlock-words.h"
#include "weft-stack-view.h"
#include "weft-thread-names.h"

const char *weft_deadlock_kind_id(unsigned kind) {
  switch (kind) {
  case WEFT_DEADLOCK_MUTEX_CYCLE: return "mutex-cycle";
  case WEFT_DEADLOCK_SELF_RELOCK: return "self-relock";
  case WEFT_DEADLOCK_JOIN_CYCLE: return "join-cycle";
  case WEFT_DEADLOCK_RWLOCK_UPGRADE: return "rwlock-upgrade";
  case WEFT_DEADLOCK_ALL_ASLEEP: return "all-asleep";
  case WEFT_DEADLOCK_HOLDER_GONE: return "holder-gone";
  default: return "unknown";
  }
}

const char *weft_deadlock_headline(unsigned kind) {
  return _(weft_deadlock_headline_msgid(kind));
}

const char *weft_wait_phrase(uint8_t event) {
  switch (event) {
  case WEFT_EV_LOCK_WAIT: return _("waits for");
  case WEFT_EV_COND_WAIT: return _("waits on the condition");
  case WEFT_EV_BARRIER_WAIT: return _("waits at the barrier");
  case WEFT_EV_JOIN_BEGIN: return _("waits to join");
  case WEFT_EV_CHAN_SEND_WAIT: return _("waits to send on");
  case WEFT_EV_CHAN_RECV_WAIT: return _("waits to receive from");
  case WEFT_EV_SELECT_WAIT: return _("waits in a select");
  case WEFT_EV_WAITGROUP_WAIT: return _("waits for the WaitGroup");
  case WEFT_EV_SLEEP_BEGIN: return _("sleeps");
  case WEFT_EV_IO_WAIT: return _("is blocked in a system call");
  default: return _("waits");
  }
}

static const char *tname(const WeftTrace *t, uint32_t tid) {
  static char buf[8][128];
  static int next;
  char *b = buf[next++ % 8];
  return weft_thread_display_name(t, tid, b, sizeof buf[0]);
}

static const char *oname(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = weft_trace_object(t, id);
  return o ? o->name : "?";
}

static unsigned object_kind(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = weft_trace_object(t, id);
  return o ? o->kind : 0;
}

/* The end of the run of threads from i: same name, consecutive ids. */
static size_t run_end(const WeftTrace *t, const uint32_t *tids, size_t n, size_t i) {
  const WeftThread *a = weft_trace_thread(t, tids[i]);
  size_t j = i + 1;
  while (j < n && a && tids[j] == tids[j - 1] + 1 && weft_trace_thread(t, tids[j]) &&
         !strcmp(weft_trace_thread(t, tids[j])->name, a->name))
    j++;
  return j;
}

void weft_thread_list(WeftText *x, const WeftTrace *t, const uint32_t *tids, size_t n) {
  size_t ngroups = 0;
  for (size_t i = 0; i < n; i = run_end(t, tids, n, i))
    ngroups++;
  size_t group = 0;
  for (size_t i = 0, j; i < n; i = j, group++) {
    j = run_end(t, tids, n, i);
    if (group)
      weft_text_add(x, "%s", group + 1 == ngroups ? _(" and ") : ", ");
    if (j - i > 1)
      weft_text_add(x, "%s #%u..#%u", weft_trace_thread(t, tids[i])->name, tids[i], tids[j - 1]);
    else
      weft_text_add(x, "%s", tname(t, tids[i]));
  }
}

/* The IO_WAIT that began s's wait: its WeftIoCall, and its detail. */
static bool io_wait_call(const WeftTrace *t, const WeftThreadNow *s, unsigned *call,
                         uint64_t *detail) {
  (void)t;
  if (s->wait_event != WEFT_EV_IO_WAIT)
    return false;
  *call = (unsigned)(s->wait_arg & 0xff);
  *detail = s->wait_arg >> 8;
  return true;
}

static bool waits_for_child(unsigned call) {
  return call == WEFT_IO_WAITPID || call == WEFT_IO_WAIT || call == WEFT_IO_WAIT4 ||
         call == WEFT_IO_WAITID;
}

static void describe_wait(WeftText *x, const WeftTrace *t, const WeftThreadNow *s) {
  unsigned call;
  uint64_t detail;
  if (io_wait_call(t, s, &call, &detail) && waits_for_child(call)) {
    int64_t pid = (int64_t)(detail >> 1) ^ -(int64_t)(detail & 1);
    if (pid > 0)
      weft_text_add(x, _("waits in %s for child process %lld"), weft_io_call_name(call),
                    (long long)pid);
    else
      weft_text_add(x, _("waits in %s for a child process"), weft_io_call_name(call));
    return;
  }
  if (io_wait_call(t, s, &call, &detail)) {
    weft_text_add(x, _("is blocked in %s"), weft_io_call_name(call));
    if (s->wait_object)
      weft_text_add(x, _(" on %s"), oname(t, s->wait_object));
    return;
  }
  weft_text_add(x, "%s", weft_wait_phrase(s->wait_event));
  if (s->wait_event == WEFT_EV_JOIN_BEGIN)
    weft_text_add(x, " %s", tname(t, s->wait_target));
  else if (s->wait_object && s->wait_event == WEFT_EV_IO_WAIT)
    weft_text_add(x, _(" on %s"), oname(t, s->wait_object));
  else if (s->wait_object && s->wait_event != WEFT_EV_SELECT_WAIT)
    weft_text_add(x, " %s", oname(t, s->wait_object));
}

WeftReplay *weft_deadlock_replay(const WeftTrace *t, const WeftDeadlock *d) {
  return weft_replay_at_time(t, d->time);
}

static const WeftThreadNow *thread_now(const WeftReplay *r, uint32_t tid) {
  static const WeftThreadNow none;
  const WeftThreadNow *s = weft_replay_thread(r, tid);
  return s ? s : &none;
}

char *weft_deadlock_sentence(const WeftTrace *t, const WeftDeadlock *d) {
  WeftReplay *r = weft_deadlock_replay(t, d);
  if (!r)
    return NULL;
  char *s = weft_deadlock_sentence_at(t, d, r);
  weft_replay_free(r);
  return s;
}

char *weft_deadlock_sentence_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r) {
  WeftText x = {0};
  size_t n = d->nthreads;
  const uint32_t *th = d->threads;
  switch (n ? d->kind : 0) {
  case WEFT_DEADLOCK_MUTEX_CYCLE:
    for (size_t i = 0; i < n; i++) {
      if (i == 0)
        weft_text_add(&x, _("%s holds %s and "), tname(t, th[0]),
                      oname(t, thread_now(r, th[n - 1])->wait_object));
      else
        weft_text_add(&x, _(", which %s holds while it "), tname(t, th[i]));
      describe_wait(&x, t, thread_now(r, th[i]));
    }
    weft_text_add(&x, _(", which %s holds."), tname(t, th[0]));
    break;
  case WEFT_DEADLOCK_SELF_RELOCK:
    weft_text_add(&x,
                  _("%s waits for %s, which it already holds: a mutex that is not recursive "
                    "cannot be locked twice by the same thread."),
                  tname(t, th[0]), oname(t, thread_now(r, th[0])->wait_object));
    break;
  case WEFT_DEADLOCK_RWLOCK_UPGRADE:
    weft_text_add(&x,
                  _("%s holds %s for reading and asks for it for writing: it waits for itself "
                    "to release the read lock."),
                  tname(t, th[0]), oname(t, thread_now(r, th[0])->wait_object));
    break;
  case WEFT_DEADLOCK_HOLDER_GONE:
    weft_text_add(&x,
                  _("%s waits for %s, whose holder does not exist in this process any more (a "
                    "thread that ended holding it, or a lock held by another thread when the "
                    "process forked): nobody can unlock it."),
                  tname(t, th[0]), oname(t, d->nobjects ? d->objects[0] : 0));
    break;
  case WEFT_DEADLOCK_JOIN_CYCLE:
    for (size_t i = 0; i < n; i++)
      weft_text_add(&x, i ? _(", %s waits for %s to end") : _("%s waits for %s to end"),
                    tname(t, th[i]), tname(t, th[(i + 1) % n]));
    weft_text_add(&x, _(": none of them can end first."));
    break;
  case WEFT_DEADLOCK_ALL_ASLEEP:
    weft_text_add(&x, _("Every thread is blocked and none can wake another: "));
    bool child = false;
    for (size_t i = 0; i < n; i++) {
      weft_text_add(&x, "%s%s ", i ? (i + 1 == n ? _(" and ") : ", ") : "", tname(t, th[i]));
      describe_wait(&x, t, thread_now(r, th[i]));
      unsigned call;
      uint64_t detail;
      child |= io_wait_call(t, thread_now(r, th[i]), &call, &detail) && waits_for_child(call);
    }
    weft_text_add(&x, ".");
    if (child)
      weft_text_add(&x, _(" The child processes waited for are asleep for good themselves: "
                          "their own traces say why."));
    break;
  default:
    weft_text_add(&x, _("The threads wait for each other."));
  }
  return weft_text_take(&x);
}

/* ---- hints: one a cause ---- */

typedef struct {
  int kind;
  uint32_t object;
} Cause;

typedef struct {
  Cause seen[64];
  size_t n;
} Causes;

static bool first_time(Causes *c, int kind, uint32_t object) {
  for (size_t i = 0; i < c->n; i++)
    if (c->seen[i].kind == kind && c->seen[i].object == object)
      return false;
  if (c->n < 64)
    c->seen[c->n++] = (Cause){kind, object};
  return true;
}

#define MAX_LISTED 256

/* The deadlocked threads that wait with `event` on `object` (the first
 * MAX_LISTED of them in out). */
static size_t waiting_on(const WeftReplay *r, const WeftDeadlock *d, uint8_t event,
                         uint32_t object, uint32_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < d->nthreads && n < MAX_LISTED; i++) {
    const WeftThreadNow *s = weft_replay_thread(r, d->threads[i]);
    if (s && s->wait_event == event && s->wait_object == object)
      out[n++] = d->threads[i];
  }
  return n;
}

static const char *site(const WeftTrace *t, uint32_t stack) {
  static char buf[4][256];
  static int next;
  char *b = buf[next++ % 4];
  if (!weft_stack_user_site(t, stack, b, sizeof buf[0]))
    snprintf(b, sizeof buf[0], "?");
  return b;
}

static bool has_site(const WeftTrace *t, uint32_t stack) {
  char b[256];
  return weft_stack_user_site(t, stack, b, sizeof b);
}

static void hint_channel_recv(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                              const WeftDeadlock *d, const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  uint32_t who[MAX_LISTED];
  size_t n = waiting_on(r, d, WEFT_EV_CHAN_RECV_WAIT, s->wait_object, who);
  WeftText list = {0};
  weft_thread_list(&list, t, who, n);
  const char *name = oname(t, s->wait_object);
  if (!o || !o->sender) {
    weft_text_add(x,
                  P_("hint: nobody ever sends on %s: %s waits to receive from it at %s.\n",
                     "hint: nobody ever sends on %s: %s wait to receive from it at %s.\n", n),
                  name, list.s, site(t, s->wait_stack));
  } else if (!o->other_sender) {
    const WeftThreadNow *snd = weft_replay_thread(r, o->sender);
    WeftText what = {0};
    if (!snd || snd->ended)
      weft_text_add(&what, "%s", _("ended without closing it"));
    else if (snd->wait_event) {
      describe_wait(&what, t, snd);
      weft_text_add(&what, _(" at %s"), site(t, snd->wait_stack));
    } else
      weft_text_add(&what, "%s", _("does not close it"));
    weft_text_add(x,
                  P_("hint: %s is never closed: %s waits to receive from it at %s (a range "
                     "loop ends only when the channel is closed); its only sender, %s, %s. "
                     "Close it once the last value is sent.\n",
                     "hint: %s is never closed: %s wait to receive from it at %s (a range "
                     "loop ends only when the channel is closed); its only sender, %s, %s. "
                     "Close it once the last value is sent.\n",
                     n),
                  name, list.s, site(t, s->wait_stack), tname(t, o->sender), what.s);
    weft_text_clear(&what);
  } else {
    weft_text_add(x,
                  P_("hint: %s is never closed: %s waits to receive from it at %s, and none of "
                     "its senders will send again or close it. Close it once the last value "
                     "is sent.\n",
                     "hint: %s is never closed: %s wait to receive from it at %s, and none of "
                     "its senders will send again or close it. Close it once the last value "
                     "is sent.\n",
                     n),
                  name, list.s, site(t, s->wait_stack));
  }
  weft_text_clear(&list);
}

static void hint_channel_send(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                              const WeftDeadlock *d, const WeftThreadNow *s) {
  uint32_t who[MAX_LISTED];
  size_t n = waiting_on(r, d, WEFT_EV_CHAN_SEND_WAIT, s->wait_object, who);
  WeftText list = {0};
  weft_thread_list(&list, t, who, n);
  weft_text_add(x,
                P_("hint: nobody receives from %s any more: %s waits to send on it at %s. Is a "
                   "receiver missing, or did it stop early?\n",
                   "hint: nobody receives from %s any more: %s wait to send on it at %s. Is a "
                   "receiver missing, or did it stop early?\n",
                   n),
                oname(t, s->wait_object), list.s, site(t, s->wait_stack));
  weft_text_clear(&list);
}

static void hint_waitgroup(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                           const WeftDeadlock *d, const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  if (!o)
    return;
  /* Dones that blocked threads of the deadlock may still owe are not the
   * cause: what blocks them is (said in its own hint). */
  uint32_t waiters[MAX_LISTED];
  size_t others = d->nthreads - waiting_on(r, d, WEFT_EV_WAITGROUP_WAIT, s->wait_object, waiters);
  if (o->wg_count > 0 && (uint64_t)o->wg_count <= others)
    return;
  const char *name = oname(t, s->wait_object);
  if (!o->wg_dones)
    weft_text_add(x,
                  _("hint: the WaitGroup %s still counts %lld and Done was never called: Add "
                    "was last called by %s at %s. Each Add needs a Done.\n"),
                  name, (long long)o->wg_count, tname(t, o->wg_add_thread),
                  site(t, o->wg_add_stack));
  else
    weft_text_add(x,
                  _("hint: the WaitGroup %s still counts %lld: Add was called %u time(s), "
                    "last by %s at %s, and Done %u time(s), last by %s at %s. Each Add needs "
                    "a Done, and Add must come before the thread starts.\n"),
                  name, (long long)o->wg_count, o->wg_adds, tname(t, o->wg_add_thread),
                  site(t, o->wg_add_stack), o->wg_dones, tname(t, o->wg_done_thread),
                  site(t, o->wg_done_stack));
}

static void hint_lock(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                      const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  const WeftThreadNow *h = o && o->holder ? weft_replay_thread(r, o->holder) : NULL;
  if (!h || !h->ended)
    return;
  weft_text_add(x,
                _("hint: %s was locked by %s at %s, and %s ended without unlocking it: every "
                  "way out of the critical section, early returns and error paths too, must "
                  "unlock.\n"),
                oname(t, s->wait_object), tname(t, o->holder), site(t, o->holder_stack),
                tname(t, o->holder));
}

/* A semaphore nobody posts any more: its start, and what came and went. */
static void hint_semaphore(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                           const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  if (!o)
    return;
  const char *name = oname(t, s->wait_object);
  unsigned long long start = o->init_value;
  bool started = o->init_seen && has_site(t, o->init_stack);
  bool untouched = !o->sem_posts && !o->sem_takes;
  if (untouched && started)
    weft_text_add(x,
                  _("hint: nobody ever posts %s, which starts at %llu (%s): give it the "
                    "starting value its waiters need, or call sem_post where a unit is given "
                    "back.\n"),
                  name, start, site(t, o->init_stack));
  else if (untouched)
    weft_text_add(x,
                  _("hint: nobody ever posts %s: call sem_post where a unit is given back, or "
                    "give it a starting value.\n"),
                  name);
  else if (o->init_seen)
    weft_text_add(x,
                  _("hint: every unit of %s is taken: it started at %llu, sem_post added %u "
                    "and the waits took %u. Is a sem_post missing where a unit is given "
                    "back?\n"),
                  name, start, o->sem_posts, o->sem_takes);
  else
    weft_text_add(x,
                  _("hint: every unit of %s is taken: sem_post added %u and the waits took %u. "
                    "Is a sem_post missing where a unit is given back?\n"),
                  name, o->sem_posts, o->sem_takes);
}

/* A barrier whose count more threads must reach than ever will. */
static void hint_barrier(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                         const WeftDeadlock *d, const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  if (!o || !o->init_seen || !has_site(t, o->init_stack))
    return;
  size_t there = 0;
  for (size_t i = 0; i < d->nthreads; i++) {
    const WeftThreadNow *w = weft_replay_thread(r, d->threads[i]);
    there += w && w->wait_event == WEFT_EV_BARRIER_WAIT && w->wait_object == s->wait_object;
  }
  if (there >= o->init_value)
    return;
  weft_text_add(x,
                P_("hint: %s lets threads through %llu at a time (%s), and only %zu reached it: "
                   "give pthread_barrier_init the number of threads that call "
                   "pthread_barrier_wait.\n",
                   "hint: %s lets threads through %llu at a time (%s), and only %zu reached it: "
                   "give pthread_barrier_init the number of threads that call "
                   "pthread_barrier_wait.\n",
                   there),
                oname(t, s->wait_object), (unsigned long long)o->init_value,
                site(t, o->init_stack), there);
}

static void hint_condvar(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                         const WeftThreadNow *s) {
  const WeftObjectNow *o = weft_replay_object(r, s->wait_object);
  if (o && o->last_signal != UINT64_MAX && o->last_signal >= s->wait_since &&
      o->last_signal_one && o->waiting_at_signal > 1)
    weft_text_add(x,
                  _("hint: %s signalled %s while %u threads waited on it, and "
                    "pthread_cond_signal wakes only one of them: use pthread_cond_broadcast "
                    "when every waiter must wake.\n"),
                  tname(t, o->last_signaller), oname(t, s->wait_object), o->waiting_at_signal);
  else if (o && o->unheard)
    weft_text_add(x,
                  _("hint: %s was signalled earlier while nobody waited on it: a lost "
                    "wake-up? Check the condition in a loop under the mutex.\n"),
                  oname(t, s->wait_object));
  else
    weft_text_add(x, _("hint: nobody ever signals %s after this wait began.\n"),
                  oname(t, s->wait_object));
}

/* The lock a thread of a cycle holds last: the one the others wait for. */
static const WeftHeldLock *last_held(const WeftThreadNow *s) {
  return s && s->nheld ? &s->held[s->nheld - 1] : NULL;
}

/* Whether every thread of the cycle took its held lock at one line and asks
 * for the next at one other (the philosophers' one function). */
static bool cycle_on_same_lines(const WeftTrace *t, const WeftReplay *r, const WeftDeadlock *d) {
  char held_at[256] = "", asked_at[256] = "";
  for (size_t i = 0; i < d->nthreads; i++) {
    const WeftThreadNow *s = weft_replay_thread(r, d->threads[i]);
    const WeftHeldLock *h = last_held(s);
    if (!h)
      continue;
    if (!held_at[0]) {
      snprintf(held_at, sizeof held_at, "%s", site(t, h->stack));
      snprintf(asked_at, sizeof asked_at, "%s", site(t, s->wait_stack));
    } else if (strcmp(held_at, site(t, h->stack)) || strcmp(asked_at, site(t, s->wait_stack))) {
      return false;
    }
  }
  return true;
}

/* The lock cycle: say it is the order, where each lock was taken (the lines
 * a fix changes: said once when every thread runs the same lines), and that
 * luck is what untraced runs have (weft's timing turns a rare interleaving
 * into a certain one). */
static void hint_lock_order(WeftText *x, const WeftTrace *t, const WeftReplay *r,
                            const WeftDeadlock *d) {
  if (d->nthreads < 2)
    return;
  bool same_lines = cycle_on_same_lines(t, r, d);
  WeftText orders = {0};
  const WeftThreadNow *one = NULL;
  for (size_t i = 0; i < d->nthreads; i++) {
    const WeftThreadNow *s = weft_replay_thread(r, d->threads[i]);
    const WeftHeldLock *h = last_held(s);
    if (!h)
      continue;
    one = s;
    weft_text_add(&orders, "%s", orders.len ? _(", ") : "");
    if (same_lines || !has_site(t, h->stack) || !has_site(t, s->wait_stack))
      weft_text_add(&orders, _("%s takes %s then %s"), tname(t, d->threads[i]),
                    oname(t, h->object), oname(t, s->wait_object));
    else
      weft_text_add(&orders, _("%s takes %s at %s then %s at %s"), tname(t, d->threads[i]),
                    oname(t, h->object), site(t, h->stack), oname(t, s->wait_object),
                    site(t, s->wait_stack));
  }
  if (same_lines && one && has_site(t, last_held(one)->stack) && has_site(t, one->wait_stack)) {
    const char *first = site(t, last_held(one)->stack), *second = site(t, one->wait_stack);
    if (strcmp(first, second)) /* else a function's name, no lines: built without -g */
      weft_text_add(&orders, _(", each the first at %s and the second at %s"), first, second);
    else
      weft_text_add(&orders, _(", all in %s"), first);
  }
  weft_text_add(x,
                _("hint: the cause is the order of the locks: %s. Take them in one order "
                  "everywhere. A run without weft may finish, but only by luck.\n"),
                orders.s ? orders.s : "?");
  weft_text_clear(&orders);
}

/* A lock asked for in a signal handler that interrupted its holder. */
static bool hint_handler(WeftText *x, const WeftTrace *t, const WeftDeadlock *d,
                         const WeftThreadNow *s) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, s->wait_stack, &depth);
  size_t sig = 0;
  while (sig < depth && !weft_frame_is_signal(&f[sig]))
    sig++;
  if (sig == depth)
    return false;
  size_t handler = weft_stack_user_frame(f, sig);
  weft_text_add(x,
                _("hint: %s was asked for in the signal handler %s, which interrupted %s while "
                  "it held it. A handler may only call async-signal-safe functions: set a "
                  "volatile sig_atomic_t flag there and act on it outside.\n"),
                oname(t, s->wait_object),
                handler < sig && f[handler].function ? f[handler].function : "?",
                tname(t, d->threads[0]));
  return true;
}

/* Where the thread took the lock it now asks for again. */
static const WeftHeldLock *held_lock(const WeftThreadNow *s, uint32_t object) {
  for (int k = 0; s && k < s->nheld; k++)
    if (s->held[k].object == object)
      return &s->held[k];
  return NULL;
}

/* A mutex locked twice: mostly a helper, called with the lock held, that
 * locks it again. */
static void hint_relock(WeftText *x, const WeftTrace *t, const WeftDeadlock *d,
                        const WeftThreadNow *s) {
  const WeftHeldLock *h = held_lock(s, s->wait_object);
  if (!h || !has_site(t, h->stack) || !has_site(t, s->wait_stack))
    return;
  weft_text_add(x,
                _("hint: %s locked %s at %s and asks for it again at %s without unlocking it "
                  "in between: unlock it first, and do not call a function that locks it while "
                  "you hold it.\n"),
                tname(t, d->threads[0]), oname(t, s->wait_object), site(t, h->stack),
                site(t, s->wait_stack));
}

/* A read lock cannot become a write lock in place. */
static void hint_upgrade(WeftText *x, const WeftTrace *t, const WeftThreadNow *s) {
  weft_text_add(x,
                _("hint: a read lock cannot become a write lock: unlock %s, then lock it for "
                  "writing and check the data again, since another writer may have changed "
                  "it in between.\n"),
                oname(t, s->wait_object));
}

char *weft_deadlock_hints(const WeftTrace *t, const WeftDeadlock *d) {
  WeftReplay *r = weft_deadlock_replay(t, d);
  if (!r)
    return NULL;
  char *s = weft_deadlock_hints_at(t, d, r);
  weft_replay_free(r);
  return s;
}

char *weft_deadlock_hints_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r) {
  if (!r)
    return NULL;
  WeftText x = {0};
  Causes c = {0};
  if (d->kind == WEFT_DEADLOCK_MUTEX_CYCLE)
    hint_lock_order(&x, t, r, d);
  const WeftThreadNow *first = d->nthreads ? weft_replay_thread(r, d->threads[0]) : NULL;
  if (d->kind == WEFT_DEADLOCK_SELF_RELOCK && first && !hint_handler(&x, t, d, first))
    hint_relock(&x, t, d, first);
  if (d->kind == WEFT_DEADLOCK_RWLOCK_UPGRADE && first)
    hint_upgrade(&x, t, first);
  for (size_t i = 0; i < d->nthreads; i++) {
    const WeftThreadNow *s = weft_replay_thread(r, d->threads[i]);
    if (!s || !s->wait_event || !first_time(&c, s->wait_event, s->wait_object))
      continue;
    switch (s->wait_event) {
    case WEFT_EV_LOCK_WAIT:
      if (object_kind(t, s->wait_object) == WEFT_OBJ_SEMAPHORE)
        hint_semaphore(&x, t, r, s);
      else
        hint_lock(&x, t, r, s);
      break;
    case WEFT_EV_COND_WAIT: hint_condvar(&x, t, r, s); break;
    case WEFT_EV_BARRIER_WAIT: hint_barrier(&x, t, r, d, s); break;
    case WEFT_EV_CHAN_RECV_WAIT: hint_channel_recv(&x, t, r, d, s); break;
    case WEFT_EV_CHAN_SEND_WAIT: hint_channel_send(&x, t, r, d, s); break;
    case WEFT_EV_WAITGROUP_WAIT: hint_waitgroup(&x, t, r, d, s); break;
    default: break;
    }
  }
  return weft_text_take(&x);
}

void weft_thread_holds(WeftText *x, const WeftTrace *t, const WeftThreadNow *s) {
  if (!s->nheld)
    return;
  weft_text_add(x, "%s", _("; it holds"));
  for (int k = 0; k < s->nheld; k++)
    weft_text_add(x, "%s %s", k ? "," : "", oname(t, s->held[k].object));
}

bool weft_thread_wait_entry(WeftText *x, const WeftTrace *t, const WeftReplay *r, uint32_t tid,
                            uint64_t time) {
  const WeftThreadNow *s = thread_now(r, tid);
  if (!s->wait_event)
    return false;
  WeftText what = {0};
  describe_wait(&what, t, s);
  char since[32];
  weft_format_ns(since, sizeof since, time > s->wait_since ? time - s->wait_since : 0);
  weft_text_add(x, _("thread %u \"%s\" %s, for %s"), tid, tname(t, tid), what.s ? what.s : "",
                since);
  weft_text_clear(&what);
  const WeftObjectNow *o =
      s->wait_event == WEFT_EV_LOCK_WAIT ? weft_replay_object(r, s->wait_object) : NULL;
  if (o && o->holder)
    weft_text_add(x, _(", held by thread %u \"%s\""), o->holder, tname(t, o->holder));
  weft_thread_holds(x, t, s);
  /* TRANSLATORS: ends the line above a blocked thread's stack. */
  weft_text_add(x, "%s", _(":\n"));
  weft_stack_describe(x, t, s->wait_stack, s->wait_object ? oname(t, s->wait_object) : NULL,
                      "    ");
  weft_text_add(x, "\n");
  return true;
}

WeftReplay *weft_replay_at_time(const WeftTrace *t, uint64_t time) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  size_t upto = 0;
  while (upto < nev && ev[upto].time <= time)
    upto++;
  return weft_replay_at(t, upto ? upto - 1 : SIZE_MAX);
}

char *weft_deadlock_report(const WeftTrace *t, const WeftDeadlock *d) {
  WeftReplay *r = weft_deadlock_replay(t, d);
  char *s = weft_deadlock_report_at(t, d, r);
  weft_replay_free(r);
  return s;
}

char *weft_deadlock_report_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r) {
  WeftText x = {0};
  weft_text_add(&x, "\n");
  if (!r) {
    weft_text_add(&x, _("weft: %s (not enough memory to describe it)\n"),
                  weft_deadlock_headline(d->kind));
    return weft_text_take(&x);
  }
  weft_text_add(&x, _("weft: %s\n\n"), weft_deadlock_headline(d->kind));
  for (size_t i = 0; i < d->nthreads; i++)
    weft_thread_wait_entry(&x, t, r, d->threads[i], d->time);
  char *sentence = weft_deadlock_sentence_at(t, d, r);
  char *hints = weft_deadlock_hints_at(t, d, r);
  weft_text_add(&x, "%s\n%s", sentence ? sentence : "", hints ? hints : "");
  free(sentence);
  free(hints);
  return weft_text_take(&x);
}
