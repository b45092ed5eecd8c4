/* weft-lane-groups.h: lanes grouped by their thread's start function: the
 * chat's four bots (bot_listen) in one group lane that shows, in each pixel
 * column, the worst state of its threads. Groups of two threads or more;
 * the others stand alone. No GTK, no cairo. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-lanes.h"

typedef struct {
  const char *name; /* the start function */
  const uint32_t *lanes; /* lane indices, in order */
  size_t nlanes;
} WeftLaneGroup;

typedef struct WeftLaneGroups WeftLaneGroups;

/* In a list of rows (weft-render.h), the group lane of group g is
 * WEFT_ROW_GROUP | g; any other entry is a lane index. */
#define WEFT_ROW_GROUP 0x80000000u

/* NULL when out of memory. */
WeftLaneGroups *weft_lane_groups_new(const WeftLaneModel *m);
void weft_lane_groups_free(WeftLaneGroups *g);
size_t weft_lane_groups_count(const WeftLaneGroups *g);
const WeftLaneGroup *weft_lane_groups_get(const WeftLaneGroups *g, size_t i);
/* The group of a lane, or -1. */
int weft_lane_groups_of_lane(const WeftLaneGroups *g, size_t lane);

/* The lane a row entry stands for: a group lane's first thread's. */
uint32_t weft_lane_groups_row_lane(const WeftLaneGroups *g, uint32_t row);
/* Row entry `row` shows lane `lane` (itself, or its collapsed group). */
bool weft_lane_groups_row_shows(const WeftLaneGroups *g, uint32_t row, size_t lane);

/* How bad a state looks in a group lane: a wait on another thread (a lock, a
 * channel) is worse than a wait on time (sleep, join, I/O), itself worse
 * than running. */
int weft_lane_state_severity(WeftLaneState s);
