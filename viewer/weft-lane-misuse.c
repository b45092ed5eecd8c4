/* weft-lane-misuse.c: misuse on the lanes, found after the run. */
#include "weft-lane-misuse.h"

#include <pthread.h>
#include <stdlib.h>

#include "weft-severity.h"

typedef struct {
  uint32_t event, mark;
} EventMark;

struct WeftLaneMisuseMarks {
  WeftMisuse *found;
  WeftLaneMisuse *marks; /* in time order */
  size_t n;
  EventMark *by_event; /* in event order, for the lookup */
};

void weft_lane_misuse_marks_free(WeftLaneMisuseMarks *k) {
  if (!k)
    return;
  free(k->found);
  free(k->marks);
  free(k->by_event);
  free(k);
}

/* The event a finding was made at: the preload's MISUSE event of that kind
 * when there is one, else its thread's first event at that time. */
static uint32_t event_of(const WeftLaneModel *m, const WeftMisuse *mu) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  uint32_t first = UINT32_MAX;
  for (size_t i = weft_lane_model_event_at_time(m, mu->time); i < nev && ev[i].time == mu->time;
       i++) {
    if (ev[i].thread != mu->thread)
      continue;
    if (ev[i].type == WEFT_EV_MISUSE && ev[i].arg == mu->kind)
      return (uint32_t)i;
    if (first == UINT32_MAX)
      first = (uint32_t)i;
  }
  return first;
}

static int by_time(const void *a, const void *b) {
  const WeftLaneMisuse *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->event < y->event ? -1 : x->event > y->event;
}

static int by_event(const void *a, const void *b) {
  uint32_t x = ((const EventMark *)a)->event, y = ((const EventMark *)b)->event;
  return x < y ? -1 : x > y;
}

bool weft_lane_model_place_misuse(WeftLaneModel *m, WeftMisuse *found, size_t n) {
  WeftLaneMisuseMarks *k = calloc(1, sizeof *k);
  if (!k) {
    free(found);
    return false;
  }
  k->found = found;
  k->marks = n ? calloc(n, sizeof *k->marks) : NULL;
  k->by_event = n ? calloc(n, sizeof *k->by_event) : NULL;
  if (n && (!k->marks || !k->by_event)) {
    weft_lane_misuse_marks_free(k);
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    const WeftMisuse *mu = &found[i];
    k->marks[k->n++] =
        (WeftLaneMisuse){mu, event_of(m, mu), mu->time, weft_lane_model_lane_of(m, mu->thread),
                         weft_misuse_severity(mu->kind) == WEFT_SEVERITY_NOTE};
  }
  qsort(k->marks, k->n, sizeof *k->marks, by_time);
  for (size_t i = 0; i < k->n; i++)
    k->by_event[i] = (EventMark){k->marks[i].event, (uint32_t)i};
  qsort(k->by_event, k->n, sizeof *k->by_event, by_event);
  weft_lane_model_keep_misuse(m, k);
  return true;
}

bool weft_lane_model_find_misuse(WeftLaneModel *m) {
  bool complete;
  size_t n;
  WeftMisuse *found = weft_misuse_find(weft_lane_model_trace(m), &n, &complete);
  return weft_lane_model_place_misuse(m, found, n) && complete;
}

static const WeftLaneMisuseMarks *marks_of(const WeftLaneModel *m) {
  return weft_lane_model_misuse_marks(m);
}

size_t weft_lane_model_misuse_count(const WeftLaneModel *m) {
  const WeftLaneMisuseMarks *k = marks_of(m);
  return k ? k->n : 0;
}

const WeftLaneMisuse *weft_lane_model_misuse(const WeftLaneModel *m, size_t i) {
  const WeftLaneMisuseMarks *k = marks_of(m);
  return k && i < k->n ? &k->marks[i] : NULL;
}

static uint64_t time_at(const WeftLaneMisuseMarks *k, size_t i) {
  return k->marks[i].time;
}
static uint64_t event_at(const WeftLaneMisuseMarks *k, size_t i) {
  return k->by_event[i].event;
}

/* The first i whose key(k, i) is not below `key`, keys ascending. */
static size_t lower_bound(const WeftLaneMisuseMarks *k, uint64_t key,
                          uint64_t (*key_at)(const WeftLaneMisuseMarks *, size_t)) {
  size_t lo = 0, hi = k ? k->n : 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (key_at(k, mid) < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

size_t weft_lane_model_misuse_from(const WeftLaneModel *m, uint64_t t) {
  return lower_bound(marks_of(m), t, time_at);
}

const WeftMisuse *weft_lane_model_misuse_of_event(const WeftLaneModel *m, uint32_t ev) {
  const WeftLaneMisuseMarks *k = marks_of(m);
  size_t i = lower_bound(k, ev, event_at);
  return k && i < k->n && k->by_event[i].event == ev ? k->marks[k->by_event[i].mark].misuse : NULL;
}

typedef struct {
  const WeftTrace *trace;
  WeftMisuse *found;
  size_t n;
} Search;

static void *search(void *data) {
  Search *s = data;
  bool complete;
  s->found = weft_misuse_find(s->trace, &s->n, &complete);
  return NULL;
}

WeftLaneModel *weft_lane_model_new_with_misuse(const WeftTrace *trace, WeftProgressFunc progress,
                                               void *data) {
  /* Both only read the trace, and of the two only the finder resolves
   * stacks (which the reader does lazily, so one resolver at a time). */
  Search s = {trace, NULL, 0};
  pthread_t beside;
  bool threaded = pthread_create(&beside, NULL, search, &s) == 0;
  WeftLaneModel *m = weft_lane_model_new(trace, progress, data);
  if (threaded)
    pthread_join(beside, NULL);
  else if (m)
    search(&s);
  if (m) /* memory short: some marks missing, as weft report would say */
    weft_lane_model_place_misuse(m, s.found, s.n);
  else
    free(s.found);
  return m;
}
