/* weft-compare.c: the shared playhead of two runs. */
#include "weft-compare.h"

#include <string.h>

size_t weft_compare_follow(const WeftLaneModel *from, size_t ev, const WeftLaneModel *to,
                           WeftCompareBy by) {
  size_t nfrom, nto;
  const WeftEvent *a = weft_trace_events(weft_lane_model_trace(from), &nfrom);
  weft_trace_events(weft_lane_model_trace(to), &nto);
  if (!nto || ev >= nfrom)
    return SIZE_MAX;
  if (by == WEFT_COMPARE_BY_EVENT)
    return ev < nto ? ev : nto - 1;
  /* times count from each run's first event: the runs started at different moments */
  uint64_t t = a[ev].time - weft_lane_model_first_time(from) + weft_lane_model_first_time(to);
  size_t after = weft_lane_model_event_at_time(to, t + 1); /* the first one later than t */
  return after ? after - 1 : SIZE_MAX;
}

bool weft_compare_by_parse(const char *name, WeftCompareBy *by) {
  if (!strcmp(name, "event"))
    *by = WEFT_COMPARE_BY_EVENT;
  else if (!strcmp(name, "time"))
    *by = WEFT_COMPARE_BY_TIME;
  else
    return false;
  return true;
}
