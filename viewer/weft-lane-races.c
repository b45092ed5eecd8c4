/* weft-lane-races.c: ThreadSanitizer's data races on the lanes. */
#include "weft-lane-races.h"

/* The i-th report that is a data race (two accesses), or NULL. */
static const WeftRace *nth_race(const WeftLaneModel *m, size_t i, size_t *index) {
  size_t n;
  const WeftRace *r = weft_trace_races(weft_lane_model_trace(m), &n);
  for (size_t k = 0; k < n; k++)
    if (r[k].naccesses >= 2 && i-- == 0) {
      *index = k;
      return &r[k];
    }
  return NULL;
}

size_t weft_lane_model_race_count(const WeftLaneModel *m) {
  size_t n, count = 0;
  const WeftRace *r = weft_trace_races(weft_lane_model_trace(m), &n);
  for (size_t k = 0; k < n; k++)
    count += r[k].naccesses >= 2;
  return count;
}

bool weft_lane_model_race(const WeftLaneModel *m, size_t i, WeftLaneRace *out) {
  size_t index;
  const WeftRace *r = nth_race(m, i, &index);
  if (!r)
    return false;
  out->race = r;
  out->time = r->time;
  out->event = UINT32_MAX;
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  for (size_t e = weft_lane_model_event_at_time(m, r->time); e < nev && ev[e].time == r->time; e++)
    if (ev[e].type == WEFT_EV_RACE && ev[e].arg == index + 1)
      out->event = (uint32_t)e;
  for (int a = 0; a < 2; a++)
    out->lane[a] = r->accesses[a].thread ? weft_lane_model_lane_of(m, r->accesses[a].thread) : -1;
  return true;
}

const WeftRace *weft_lane_model_race_of_event(const WeftLaneModel *m, uint32_t ev) {
  size_t nev, n;
  const WeftEvent *e = weft_trace_events(weft_lane_model_trace(m), &nev);
  const WeftRace *r = weft_trace_races(weft_lane_model_trace(m), &n);
  if (ev >= nev || e[ev].type != WEFT_EV_RACE || !e[ev].arg || e[ev].arg > n)
    return NULL;
  const WeftRace *race = &r[e[ev].arg - 1];
  return race->naccesses >= 2 ? race : NULL;
}
