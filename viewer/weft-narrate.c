/* weft-narrate.c: an event as a sentence. */
#include "weft-narrate.h"

#include <glib.h>
#include <stdlib.h>

#include "weft-deadlock-text.h"

#include "weft-timeaxis.h"
#include "weft-source.h"
#include "weft-viewer-private.h"

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = weft_trace_object(t, id);
  return o ? o->name : "?";
}

/* Who holds a lock, and what a thread holds, just after the event. */
static void held_by(const WeftLaneModel *m, size_t ev, uint32_t object, uint32_t tid,
                    uint32_t *holder, GString *holds) {
  WeftWorld w;
  weft_lane_model_world(m, ev, &w);
  *holder = 0;
  for (size_t i = 0; i < w.nheld; i++) {
    if (w.held[i].object == object)
      *holder = w.held[i].holder;
    if (w.held[i].holder == tid) {
      if (holds->len)
        g_string_append(holds, ", ");
      g_string_append(holds, object_name(weft_lane_model_trace(m), w.held[i].object));
    }
  }
  weft_world_clear(&w);
}

char *weft_narrate_event(const WeftLaneModel *m, size_t index) {
  const WeftTrace *t = weft_lane_model_trace(m);
  size_t n;
  const WeftEvent *events = weft_trace_events(t, &n);
  if (index >= n)
    return NULL;
  const WeftEvent *e = &events[index];
  char who[160], other[160], dur[48];
  weft_lane_model_thread_label(m, e->thread, who, sizeof who);
  const char *obj = object_name(t, e->object);
  GString *holds = g_string_new(NULL);
  uint32_t holder = 0;
  gboolean took = e->type == WEFT_EV_LOCK_ACQUIRE;
  char *s;
  switch (e->type) {
  case WEFT_EV_LOCK_ACQUIRE:
    held_by(m, index, e->object, e->thread, &holder, holds);
    s = g_strdup_printf(_("%s takes %s"), who, obj);
    break;
  case WEFT_EV_LOCK_WAIT:
    held_by(m, index, e->object, e->thread, &holder, holds);
    s = g_strdup_printf(_("%s waits for %s"), who, obj);
    break;
  case WEFT_EV_LOCK_FAIL: s = g_strdup_printf(_("%s tries %s, but it is taken"), who, obj); break;
  case WEFT_EV_LOCK_RELEASE:
    held_by(m, index, e->object, e->thread, &holder, holds);
    s = g_strdup_printf(_("%s releases %s"), who, obj);
    break;
  case WEFT_EV_COND_WAIT:
    s = g_strdup_printf(_("%s waits on %s, letting go of %s"), who, obj, object_name(t, (uint32_t)e->arg));
    break;
  case WEFT_EV_COND_WAKE:
    s = g_strdup_printf(_("%s wakes up from %s and holds %s again"), who, obj,
                        object_name(t, (uint32_t)e->arg));
    break;
  case WEFT_EV_COND_SIGNAL: s = g_strdup_printf(_("%s signals %s"), who, obj); break;
  case WEFT_EV_COND_BROADCAST: s = g_strdup_printf(_("%s wakes every waiter of %s"), who, obj); break;
  case WEFT_EV_CHAN_MAKE: s = g_strdup_printf(_("%s makes the channel %s"), who, obj); break;
  case WEFT_EV_CHAN_SEND_WAIT:
    s = g_strdup_printf(_("%s waits to send on %s: no receiver is ready"), who, obj);
    break;
  case WEFT_EV_CHAN_SEND: s = g_strdup_printf(_("%s sends a value on %s"), who, obj); break;
  case WEFT_EV_CHAN_RECV_WAIT:
    s = g_strdup_printf(_("%s waits to receive from %s: nothing is there yet"), who, obj);
    break;
  case WEFT_EV_CHAN_RECV:
    s = e->arg ? g_strdup_printf(_("%s receives a value from %s"), who, obj)
               : g_strdup_printf(_("%s finds %s closed and empty"), who, obj);
    break;
  case WEFT_EV_CHAN_CLOSE: s = g_strdup_printf(_("%s closes %s"), who, obj); break;
  case WEFT_EV_THREAD_CREATE:
    weft_lane_model_thread_label(m, (uint32_t)e->arg, other, sizeof other);
    s = g_strdup_printf(_("%s starts the thread %s"), who, other);
    break;
  case WEFT_EV_THREAD_START: s = g_strdup_printf(_("%s begins"), who); break;
  case WEFT_EV_THREAD_END: s = g_strdup_printf(_("%s ends"), who); break;
  case WEFT_EV_JOIN_BEGIN:
    weft_lane_model_thread_label(m, (uint32_t)e->arg, other, sizeof other);
    s = g_strdup_printf(_("%s waits for %s to end"), who, other);
    break;
  case WEFT_EV_JOIN_END:
    weft_lane_model_thread_label(m, (uint32_t)e->arg, other, sizeof other);
    s = g_strdup_printf(_("%s sees %s end"), who, other);
    break;
  case WEFT_EV_SLEEP_BEGIN:
    weft_format_duration(dur, sizeof dur, (double)e->arg);
    s = g_strdup_printf(_("%s sleeps for %s"), who, dur);
    break;
  case WEFT_EV_SLEEP_END: s = g_strdup_printf(_("%s wakes up"), who); break;
  case WEFT_EV_BARRIER_WAIT: s = g_strdup_printf(_("%s waits at %s for the others"), who, obj); break;
  case WEFT_EV_BARRIER_LEAVE: s = g_strdup_printf(_("%s goes on past %s"), who, obj); break;
  case WEFT_EV_WAITGROUP_WAIT: s = g_strdup_printf(_("%s waits for %s to reach zero"), who, obj); break;
  case WEFT_EV_DEADLOCK: { /* the shared analysis's sentence, as weft report says it */
    size_t nd;
    const WeftDeadlock *d = weft_trace_deadlocks(t, &nd);
    char *said = e->stack && e->stack <= nd ? weft_deadlock_sentence(t, &d[e->stack - 1]) : NULL;
    s = g_strdup(said ? said : _("weft finds a deadlock: these threads wait for each other for ever"));
    free(said);
    break;
  }
  case WEFT_EV_MISUSE: s = g_strdup_printf(_("%s misuses %s"), who, obj); break;
  default: {
    const char *call = weft_event_call_name(t, e);
    s = e->object ? g_strdup_printf(_("%s: %s on %s"), who, call ? call : weft_event_type_name(e->type), obj)
                  : g_strdup_printf(_("%s: %s"), who, call ? call : weft_event_type_name(e->type));
  }
  }
  const WeftFrame *f = weft_event_source_frame(t, e);
  if (f) {
    char where[256];
    g_snprintf(where, sizeof where, "%s:%u", f->file, f->line);
    char *s2 = g_strdup_printf(_("%s at %s"), s, where);
    g_free(s);
    s = s2;
  }
  if (holder && e->type == WEFT_EV_LOCK_WAIT) { /* after the place: it is the waiter's */
    weft_lane_model_thread_label(m, holder, other, sizeof other);
    char *s2 = g_strdup_printf(_("%s, held by %s"), s, other);
    g_free(s);
    s = s2;
  }
  if (holds->len) {
    char *s2 = took ? g_strdup_printf(_("%s; it now holds %s"), s, holds->str)
                    : g_strdup_printf(_("%s; it holds %s"), s, holds->str);
    g_free(s);
    s = s2;
  }
  g_string_free(holds, TRUE);
  return s;
}
