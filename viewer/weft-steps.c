/* weft-steps.c: the kinds of steps through a trace. */
#include "weft-steps.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "weft-diagnosis.h"

int weft_step_matches(const WeftTrace *t, const WeftEvent *ev, WeftStepKind kind, uint32_t key) {
  (void)t;
  switch (kind) {
  case WEFT_STEP_EVENT: return 1;
  case WEFT_STEP_THREAD: return ev->thread == key;
  case WEFT_STEP_OBJECT: return key && ev->object == key;
  case WEFT_STEP_BLOCKING: return weft_event_begins_wait(ev->type);
  case WEFT_STEP_MESSAGE: return ev->type == WEFT_EV_CHAN_SEND || ev->type == WEFT_EV_CHAN_RECV;
  case WEFT_STEP_FINDING:
    return ev->type == WEFT_EV_DEADLOCK || ev->type == WEFT_EV_MISUSE || ev->type == WEFT_EV_RACE ||
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

/* The first event of a thread on an object from a stack, or UINT32_MAX. */
static uint32_t find_call(const WeftEvent *ev, size_t n, uint32_t thread, uint32_t object,
                          uint32_t stack) {
  for (size_t i = 0; i < n; i++)
    if (ev[i].thread == thread && ev[i].object == object && ev[i].stack == stack &&
        (ev[i].type == WEFT_EV_LOCK_WAIT || ev[i].type == WEFT_EV_LOCK_ACQUIRE))
      return (uint32_t)i;
  return UINT32_MAX;
}

static int by_index(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

uint32_t *weft_step_findings(const WeftLaneModel *m, size_t *count) {
  const WeftTrace *t = weft_lane_model_trace(m);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(uint32_t));
  for (size_t i = 0; i < n; i++)
    if (weft_step_matches(t, &ev[i], WEFT_STEP_FINDING, 0)) {
      uint32_t e = (uint32_t)i;
      g_array_append_val(out, e);
    }
  /* a stuck dump or a crash once, at its first thread, not once a thread */
  for (size_t k = 0; k < weft_lane_model_dump_count(m); k++) {
    uint32_t e = (uint32_t)(weft_lane_model_dump(m, k) - ev);
    g_array_append_val(out, e);
  }
  WeftDiagnosis *d = weft_diagnose(t);
  /* misuse found after the run (most are), at the event it was found at */
  for (size_t k = 0; d && k < d->nmisuse; k++)
    for (size_t i = weft_lane_model_event_at_time(m, d->misuse[k].time);
         i < n && ev[i].time == d->misuse[k].time; i++)
      if (ev[i].thread == d->misuse[k].thread) {
        uint32_t e = (uint32_t)i;
        g_array_append_val(out, e);
        break;
      }
  for (size_t k = 0; d && k < d->ninversions; k++)
    for (size_t j = 0; j < d->inversions[k].n; j++) {
      const WeftLockEdge *edge = &d->inversions[k].edges[j];
      uint32_t e = find_call(ev, n, edge->thread, edge->second, edge->second_stack);
      if (e != UINT32_MAX)
        g_array_append_val(out, e);
    }
  for (size_t k = 0; d && k < d->nleaks; k++) {
    size_t i = weft_lane_model_event_at_time(m, d->leaks[k].since);
    for (; i < n && ev[i].time == d->leaks[k].since; i++)
      if (ev[i].thread == d->leaks[k].thread && weft_event_begins_wait(ev[i].type)) {
        uint32_t e = (uint32_t)i;
        g_array_append_val(out, e);
        break;
      }
  }
  weft_diagnosis_free(d);
  qsort(out->data, out->len, sizeof(uint32_t), by_index);
  size_t w = 0; /* once each */
  uint32_t *v = (uint32_t *)(void *)out->data;
  for (size_t i = 0; i < out->len; i++)
    if (!w || v[w - 1] != v[i])
      v[w++] = v[i];
  *count = w;
  uint32_t *res = w ? malloc(w * sizeof *res) : NULL;
  if (res)
    memcpy(res, v, w * sizeof *res);
  else
    *count = 0;
  g_array_unref(out);
  return res;
}

size_t weft_step_in(const uint32_t *events, size_t n, size_t from, int dir) {
  size_t lo = 0, hi = n; /* first index whose event is > from (or >= for backward) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (from != WEFT_STEP_NONE && (dir > 0 ? events[mid] <= from : events[mid] < from))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (dir > 0)
    return from == WEFT_STEP_NONE ? (n ? events[0] : WEFT_STEP_NONE)
                                  : (lo < n ? events[lo] : WEFT_STEP_NONE);
  if (from == WEFT_STEP_NONE)
    return n ? events[n - 1] : WEFT_STEP_NONE;
  return lo ? events[lo - 1] : WEFT_STEP_NONE;
}
