/* weft-lane-races.h: the data races ThreadSanitizer reported, placed on the
 * lanes: one mark on each racing thread's lane at the report's time. Read
 * from the trace on demand (TSan reports each pair of places once, so there
 * are few), not stored in the model. No GTK, no cairo. */
#pragma once

#include "weft-lanes.h"

typedef struct {
  const WeftRace *race;
  uint32_t event; /* its RACE event, UINT32_MAX if not found */
  uint64_t time;
  int lane[2];    /* the two accesses' lanes, -1 if not shown */
} WeftLaneRace;

/* Data races (two accesses) in time order. */
size_t weft_lane_model_race_count(const WeftLaneModel *m);
bool weft_lane_model_race(const WeftLaneModel *m, size_t i, WeftLaneRace *out);
/* The data race a RACE event reports, or NULL. */
const WeftRace *weft_lane_model_race_of_event(const WeftLaneModel *m, uint32_t ev);
