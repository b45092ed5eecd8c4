/* weft-narration.c: an event as a sentence. */
#include "weft-narration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-analysis-i18n.h"
#include "weft-deadlock-text.h"
#include "weft-misuse.h"
#include "weft-stack-view.h"
#include "weft-text.h"
#include "weft-thread-names.h"

const WeftFrame *weft_event_stack(const WeftTrace *t, const WeftEvent *e, size_t *depth) {
  if (e->type == WEFT_EV_DEADLOCK || e->type == WEFT_EV_THREAD_NAME) {
    *depth = 0;
    return NULL;
  }
  return weft_trace_stack(t, e->stack, depth);
}

const WeftFrame *weft_event_source_frame(const WeftTrace *t, const WeftEvent *e) {
  size_t depth;
  const WeftFrame *f = weft_event_stack(t, e, &depth);
  size_t u = weft_stack_user_frame(f, depth);
  if (u < depth && f[u].file && f[u].line)
    return &f[u];
  for (size_t i = 0; i < depth; i++)
    if (f[i].file && f[i].line)
      return &f[i];
  return NULL;
}

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = weft_trace_object(t, id);
  return o ? o->name : "?";
}

/* The locks the thread holds, oldest first, "a, b". */
static void holdings(const WeftTrace *t, const WeftReplay *r, uint32_t tid, WeftText *out) {
  const WeftThreadNow *th = weft_replay_thread(r, tid);
  for (int i = 0; th && i < th->nheld; i++)
    weft_text_add(out, "%s%s", out->len ? ", " : "", object_name(t, th->held[i].object));
}

/* Why weft stopped the world: the label of a stuck dump or a crash. */
static void say_dump(WeftText *x, const WeftEvent *e, const char *who) {
  unsigned reason = (unsigned)e->flags >> WEFT_DUMP_REASON_SHIFT & WEFT_DUMP_REASON_MASK;
  switch (reason) {
  case WEFT_DUMP_CRASH: {
    char sig[32];
    const char *abbrev = e->arg < 65 ? sigabbrev_np((int)e->arg) : NULL;
    if (abbrev)
      snprintf(sig, sizeof sig, "SIG%s", abbrev);
    else
      snprintf(sig, sizeof sig, "%llu", (unsigned long long)e->arg);
    weft_text_add(x, _("%s crashes (signal %s); weft shows where each thread was"), who, sig);
    break;
  }
  case WEFT_DUMP_INTERRUPT: weft_text_add(x, "%s", _("Ctrl-C: weft shows where each thread was")); break;
  case WEFT_DUMP_QUIT: weft_text_add(x, "%s", _("Ctrl-\\: weft shows where each thread was")); break;
  case WEFT_DUMP_TIMEOUT:
    weft_text_add(x, "%s", _("--timeout: weft shows where each thread was, then ends the program"));
    break;
  default:
    weft_text_add(x, "%s", _("no thread makes progress: weft suspects a hang and shows where each thread was"));
  }
}

static void say(WeftText *x, const WeftTrace *t, const WeftEvent *e, const char *who,
                const WeftReplay *after) {
  const char *obj = object_name(t, e->object);
  char other[160], dur[48];
  switch (e->type) {
  case WEFT_EV_LOCK_ACQUIRE: weft_text_add(x, _("%s takes %s"), who, obj); break;
  case WEFT_EV_LOCK_WAIT: weft_text_add(x, _("%s waits for %s"), who, obj); break;
  case WEFT_EV_LOCK_FAIL: weft_text_add(x, _("%s tries %s, but it is taken"), who, obj); break;
  case WEFT_EV_LOCK_RELEASE: weft_text_add(x, _("%s releases %s"), who, obj); break;
  case WEFT_EV_COND_WAIT: {
    const WeftThreadNow *s = after ? weft_replay_thread(after, e->thread) : NULL;
    weft_text_add(x, s && s->wait_unheld ? _("%s waits on %s without holding %s")
                                         : _("%s waits on %s, letting go of %s"),
                  who, obj, object_name(t, (uint32_t)e->arg));
    break;
  }
  case WEFT_EV_COND_WAKE:
    weft_text_add(x, _("%s wakes up from %s and holds %s again"), who, obj,
                  object_name(t, (uint32_t)e->arg));
    break;
  case WEFT_EV_COND_SIGNAL: weft_text_add(x, _("%s signals %s"), who, obj); break;
  case WEFT_EV_COND_BROADCAST: weft_text_add(x, _("%s wakes every waiter of %s"), who, obj); break;
  case WEFT_EV_CHAN_MAKE: weft_text_add(x, _("%s makes the channel %s"), who, obj); break;
  case WEFT_EV_CHAN_SEND_WAIT:
    weft_text_add(x, _("%s waits to send on %s: no receiver is ready"), who, obj);
    break;
  case WEFT_EV_CHAN_SEND: weft_text_add(x, _("%s sends a value on %s"), who, obj); break;
  case WEFT_EV_CHAN_RECV_WAIT:
    weft_text_add(x, _("%s waits to receive from %s: nothing is there yet"), who, obj);
    break;
  case WEFT_EV_CHAN_RECV:
    if (e->arg)
      weft_text_add(x, _("%s receives a value from %s"), who, obj);
    else
      weft_text_add(x, _("%s finds %s closed and empty"), who, obj);
    break;
  case WEFT_EV_CHAN_CLOSE: weft_text_add(x, _("%s closes %s"), who, obj); break;
  case WEFT_EV_THREAD_CREATE:
    weft_thread_display_name(t, (uint32_t)e->arg, other, sizeof other);
    weft_text_add(x, _("%s starts the thread %s"), who, other);
    break;
  case WEFT_EV_THREAD_START: weft_text_add(x, _("%s begins"), who); break;
  case WEFT_EV_THREAD_END: weft_text_add(x, _("%s ends"), who); break;
  case WEFT_EV_JOIN_BEGIN:
    weft_thread_display_name(t, (uint32_t)e->arg, other, sizeof other);
    weft_text_add(x, _("%s waits for %s to end"), who, other);
    break;
  case WEFT_EV_JOIN_END:
    weft_thread_display_name(t, (uint32_t)e->arg, other, sizeof other);
    weft_text_add(x, _("%s sees %s end"), who, other);
    break;
  case WEFT_EV_SLEEP_BEGIN:
    weft_format_ns(dur, sizeof dur, e->arg);
    weft_text_add(x, _("%s sleeps for %s"), who, dur);
    break;
  case WEFT_EV_SLEEP_END: weft_text_add(x, _("%s wakes up"), who); break;
  case WEFT_EV_BARRIER_WAIT: weft_text_add(x, _("%s waits at %s for the others"), who, obj); break;
  case WEFT_EV_BARRIER_LEAVE: weft_text_add(x, _("%s goes on past %s"), who, obj); break;
  case WEFT_EV_WAITGROUP_WAIT: weft_text_add(x, _("%s waits for %s to reach zero"), who, obj); break;
  case WEFT_EV_DEADLOCK: { /* weft report's own sentence */
    size_t nd;
    const WeftDeadlock *d = weft_trace_deadlocks(t, &nd);
    char *said = e->stack && e->stack <= nd ? weft_deadlock_sentence_at(t, &d[e->stack - 1], after)
                                            : NULL;
    weft_text_add(x, "%s", said ? said : _("weft finds a deadlock: these threads wait for each other for ever"));
    free(said);
    break;
  }
  case WEFT_EV_MISUSE: { /* weft report's own sentence, with its place */
    WeftMisuse m = {.thread = e->thread, .object = e->object, .stack = e->stack,
                    .kind = (unsigned)e->arg, .time = e->time};
    char *said = weft_misuse_sentence(t, &m);
    weft_text_add(x, "%s", said ? said : "");
    free(said);
    break;
  }
  case WEFT_EV_OBJ_INIT: weft_text_add(x, _("%s sets up %s"), who, obj); break;
  case WEFT_EV_OBJ_DESTROY: weft_text_add(x, _("%s destroys %s"), who, obj); break;
  case WEFT_EV_THREAD_ARG:
    weft_text_add(x, _("%s gives the new thread the address of a variable of its own"), who);
    break;
  case WEFT_EV_THREAD_NAME:
    if (e->stack == e->thread || !e->stack) { /* the target thread is in stack */
      weft_text_add(x, _("%s takes its name"), who);
    } else {
      weft_thread_display_name(t, e->stack, other, sizeof other);
      weft_text_add(x, _("%s names the thread %s"), who, other);
    }
    break;
  case WEFT_EV_DETACH:
    weft_thread_display_name(t, (uint32_t)e->arg, other, sizeof other);
    weft_text_add(x, _("%s detaches %s: nobody will wait for it"), who, other);
    break;
  case WEFT_EV_WAITGROUP:
    if (e->flags & WEFT_WG_DONE)
      weft_text_add(x, _("%s calls Done on %s: %lld left"), who, obj, (long long)e->arg);
    else
      weft_text_add(x, _("%s calls Add on %s: %lld to wait for"), who, obj, (long long)e->arg);
    break;
  case WEFT_EV_WAITGROUP_WAKE: weft_text_add(x, _("%s sees %s reach zero"), who, obj); break;
  case WEFT_EV_SELECT_WAIT: weft_text_add(x, _("%s waits in a select: no case is ready"), who); break;
  case WEFT_EV_SELECT_END:
    if (e->arg)
      weft_text_add(x, _("%s's select goes on with %s"), who, obj);
    else if (e->flags & WEFT_SELECT_F_TIMEOUT)
      weft_text_add(x, _("%s's select times out"), who);
    else
      weft_text_add(x, _("%s's select takes its default case"), who);
    break;
  case WEFT_EV_SELECT_BEGIN:
    weft_text_add(x, _("%s enters a select of %llu cases"), who, (unsigned long long)e->arg);
    break;
  case WEFT_EV_IO_WAIT: {
    const char *call = weft_io_call_name((unsigned)(e->arg & 0xff));
    if (e->object)
      weft_text_add(x, _("%s waits in %s on %s"), who, call, obj);
    else
      weft_text_add(x, _("%s waits in %s"), who, call);
    break;
  }
  case WEFT_EV_IO_DONE:
    if (e->flags & WEFT_F_TRY) /* a wait for children that did not block */
      weft_text_add(x, _("%s reaps child process %llu, which had already ended"), who,
                    (unsigned long long)e->arg);
    else if (e->object)
      weft_text_add(x, _("%s is done waiting on %s"), who, obj);
    else
      weft_text_add(x, _("%s is done waiting"), who);
    break;
  case WEFT_EV_SPAWN: {
    const char *name = weft_trace_string(t, e->arg);
    weft_text_add(x, _("%s spawns %s"), who, name && *name ? name : "?");
    break;
  }
  case WEFT_EV_REGION_BEGIN:
  case WEFT_EV_REGION_END: {
    const char *name = weft_trace_string(t, e->arg);
    if (e->type == WEFT_EV_REGION_BEGIN)
      weft_text_add(x, _("%s enters %s"), who, name ? name : "?");
    else
      weft_text_add(x, _("%s leaves %s"), who, name ? name : "?");
    break;
  }
  case WEFT_EV_RACE: weft_text_add(x, _("ThreadSanitizer reports a data race in %s"), who); break;
  case WEFT_EV_DUMP:
    weft_thread_display_name(t, e->object, other, sizeof other);
    say_dump(x, e, other);
    break;
  case WEFT_EV_FORK:
    weft_text_add(x, _("%s starts process %llu (a copy of this one: fork, or spawn)"), who,
                  (unsigned long long)e->arg);
    break;
  case WEFT_EV_EXEC: {
    const char *path = weft_trace_string(t, e->arg);
    weft_text_add(x, _("%s replaces its program with %s (exec)"), who, path ? path : "?");
    break;
  }
  case WEFT_EV_PROCESS_EXIT:
    weft_text_add(x, _("%s ends its process with status %lld"), who, (long long)(int64_t)e->arg);
    break;
  default: {
    const char *call = weft_event_call_name(t, e);
    if (!call)
      call = weft_event_type_name(e->type);
    if (e->object)
      weft_text_add(x, _("%s: %s on %s"), who, call, obj);
    else
      weft_text_add(x, _("%s: %s"), who, call);
  }
  }
}

/* s said again through fmt ("%s at %s"), arg its second part. */
static char *wrap(char *s, const char *fmt, const char *arg) {
  WeftText x = {0};
  weft_text_add(&x, fmt, s, arg);
  free(s);
  return weft_text_take(&x);
}

char *weft_narrate(const WeftTrace *t, size_t index, const WeftReplay *after) {
  size_t n;
  const WeftEvent *events = weft_trace_events(t, &n);
  if (index >= n)
    return NULL;
  WeftReplay *own = NULL;
  if (!after && !(after = own = weft_replay_at(t, index)))
    return NULL;
  char *s = weft_narrate_event(t, &events[index], after);
  weft_replay_free(own);
  return s;
}

char *weft_narrate_event(const WeftTrace *t, const WeftEvent *e, const WeftReplay *after) {
  char who[160], other[160];
  weft_thread_display_name(t, e->thread, who, sizeof who);
  WeftText x = {0};
  say(&x, t, e, who, after);
  char *s = weft_text_take(&x);
  const WeftFrame *f = weft_event_source_frame(t, e);
  if (f && e->type != WEFT_EV_DUMP && e->type != WEFT_EV_THREAD_ARG && e->type != WEFT_EV_MISUSE) {
    char where[256];
    snprintf(where, sizeof where, "%s:%u", f->file, f->line);
    s = wrap(s, _("%s at %s"), where);
  }
  const WeftObjectNow *o = e->type == WEFT_EV_LOCK_WAIT ? weft_replay_object(after, e->object) : NULL;
  if (o && o->holder && o->holder != e->thread) { /* after the place: it is the waiter's */
    weft_thread_display_name(t, o->holder, other, sizeof other);
    s = wrap(s, _("%s, held by %s"), other);
  }
  bool self_held = o && o->holder == e->thread; /* the course's self-deadlock */
  if (self_held)
    s = wrap(s, e->flags & WEFT_F_TIMED ? _("%s%s, which it holds itself")
                                        : _("%s%s, which it holds itself: it waits for ever"), "");
  WeftText held = {0};
  if (!self_held && (e->type == WEFT_EV_LOCK_ACQUIRE || e->type == WEFT_EV_LOCK_WAIT ||
      e->type == WEFT_EV_LOCK_RELEASE || e->type == WEFT_EV_COND_SIGNAL ||
      e->type == WEFT_EV_COND_BROADCAST))
    holdings(t, after, e->thread, &held);
  if (held.len)
    s = wrap(s, e->type == WEFT_EV_LOCK_ACQUIRE ? _("%s; it now holds %s") : _("%s; it holds %s"),
             held.s);
  weft_text_clear(&held);
  return s;
}
