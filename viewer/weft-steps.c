/* weft-steps.c: the kinds of steps through a trace. */
#include "weft-steps.h"

#include <glib.h>
#include <string.h>

int weft_step_matches(const WeftTrace *t, const WeftEvent *ev, WeftStepKind kind, uint32_t key) {
  (void)t;
  switch (kind) {
  case WEFT_STEP_EVENT: return 1;
  case WEFT_STEP_THREAD: return ev->thread == key;
  case WEFT_STEP_OBJECT: return key && ev->object == key;
  case WEFT_STEP_BLOCKING: return weft_event_begins_wait(ev->type);
  case WEFT_STEP_MESSAGE: return ev->type == WEFT_EV_CHAN_SEND || ev->type == WEFT_EV_CHAN_RECV;
  case WEFT_STEP_FINDING:
    return ev->type == WEFT_EV_DEADLOCK || ev->type == WEFT_EV_MISUSE ||
           (ev->type == WEFT_EV_THREAD_END && ev->arg == WEFT_END_PROCESS_EXIT);
  default: return 0;
  }
}

size_t weft_step(const WeftLaneModel *m, size_t from, int dir, WeftStepKind kind, uint32_t key) {
  const WeftTrace *t = weft_lane_model_trace(m);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  if (!n)
    return WEFT_STEP_NONE;
  size_t i;
  if (dir > 0) {
    for (i = from == WEFT_STEP_NONE ? 0 : from + 1; i < n; i++)
      if (weft_step_matches(t, &ev[i], kind, key))
        return i;
  } else {
    for (i = from == WEFT_STEP_NONE || from > n ? n : from; i-- > 0;)
      if (weft_step_matches(t, &ev[i], kind, key))
        return i;
  }
  return WEFT_STEP_NONE;
}

static int contains(const char *text, const char *folded) {
  if (!text)
    return 0;
  char *f = g_utf8_casefold(text, -1);
  int hit = strstr(f, folded) != NULL;
  g_free(f);
  return hit;
}

int weft_event_matches_text(const WeftLaneModel *m, const WeftEvent *ev, const char *folded) {
  const WeftTrace *t = weft_lane_model_trace(m);
  char label[160];
  weft_lane_model_thread_label(m, ev->thread, label, sizeof label);
  const WeftObject *o = weft_trace_object(t, ev->object);
  return contains(label, folded) || (o && (contains(o->name, folded) ||
                                           contains(weft_object_kind_name(o->kind), folded))) ||
         contains(weft_event_type_name(ev->type), folded) ||
         contains(weft_event_call_name(t, ev), folded);
}

size_t weft_step_search(const WeftLaneModel *m, size_t from, int dir, const char *query) {
  if (!query || !*query)
    return WEFT_STEP_NONE;
  size_t n;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &n);
  char *folded = g_utf8_casefold(query, -1);
  size_t found = WEFT_STEP_NONE;
  if (dir > 0) {
    for (size_t i = from == WEFT_STEP_NONE ? 0 : from + 1; i < n && found == WEFT_STEP_NONE; i++)
      if (weft_event_matches_text(m, &ev[i], folded))
        found = i;
  } else {
    for (size_t i = from == WEFT_STEP_NONE || from > n ? n : from; i-- > 0 && found == WEFT_STEP_NONE;)
      if (weft_event_matches_text(m, &ev[i], folded))
        found = i;
  }
  g_free(folded);
  return found;
}
