/* weft-framing.c: the windows that frame what happened. */
#include "weft-framing.h"

#include <math.h>

/* Events shown before a deadlock closes: enough to see how it came about,
 * few enough to read each one. */
#define EVENTS_BEFORE_DEADLOCK 40

/* When deadlock d closed: the last of its threads started its wait. The
 * DEADLOCK event comes later, when the tracer was sure. */
static double deadlock_closed(const WeftLaneModel *m, const WeftLaneDeadlock *d, double reported) {
  double closed = -1;
  for (size_t j = 0; j < d->nthreads; j++) {
    int li = weft_lane_model_lane_of(m, d->threads[j]);
    const WeftLane *l = li >= 0 ? weft_lane_model_lane(m, (size_t)li) : NULL;
    if (l && l->deadlock_from != UINT64_MAX)
      closed = fmax(closed, (double)l->deadlock_from);
  }
  return closed >= 0 ? closed : reported;
}

void weft_frame_deadlock(const WeftLaneModel *m, size_t i, double *t0, double *t1) {
  const WeftLaneDeadlock *d = weft_lane_model_deadlock(m, i);
  size_t n;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &n);
  if (!d || d->event >= n) {
    weft_lane_model_fit(m, t0, t1);
    return;
  }
  double close = deadlock_closed(m, d, (double)ev[d->event].time);
  size_t last = weft_lane_model_event_at_time(m, (uint64_t)close);
  size_t k = last > EVENTS_BEFORE_DEADLOCK ? last - EVENTS_BEFORE_DEADLOCK : 0;
  double start = (double)ev[k].time;
  for (size_t j = 0; j < d->nthreads; j++) { /* each wait of the cycle from its start */
    int li = weft_lane_model_lane_of(m, d->threads[j]);
    const WeftLane *l = li >= 0 ? weft_lane_model_lane(m, (size_t)li) : NULL;
    if (l && l->deadlock_from != UINT64_MAX)
      start = fmin(start, (double)l->deadlock_from);
  }
  double span = fmax(close - start, 1000);
  *t0 = start - span * 0.1;
  *t1 = close + span * 0.3;
}

void weft_frame_story(const WeftLaneModel *m, double *t0, double *t1) {
  weft_lane_model_fit(m, t0, t1);
  size_t n;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &n);
  if (!n)
    return;
  double first = (double)weft_lane_model_first_time(m), end;
  if (weft_lane_model_deadlock_count(m)) {
    const WeftLaneDeadlock *d = weft_lane_model_deadlock(m, 0);
    end = deadlock_closed(m, d, (double)ev[d->event < n ? d->event : n - 1].time);
  } else {
    end = (double)ev[n - 1].time;
  }
  double tail = (double)weft_lane_model_duration(m) - end;
  if (tail <= (end - first) * 0.25)
    return; /* no idle tail worth cutting */
  *t1 = end + fmax((end - first) * 0.1, 1000);
}

size_t weft_frame_deadlock_closing(const WeftLaneModel *m, size_t i) {
  const WeftLaneDeadlock *d = weft_lane_model_deadlock(m, i);
  size_t n;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &n);
  if (!d || d->event >= n)
    return n ? n - 1 : 0;
  size_t e = weft_lane_model_event_at_time(m, (uint64_t)deadlock_closed(m, d, (double)ev[d->event].time));
  return e < n ? e : d->event;
}
