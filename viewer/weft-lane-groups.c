/* weft-lane-groups.c: lanes by start function. */
#include "weft-lane-groups.h"

#include <stdlib.h>
#include <string.h>

struct WeftLaneGroups {
  WeftLaneGroup *v;
  size_t n;
  uint32_t *lanes;   /* every group's lanes, one group after the other */
  int *group_of;     /* by lane */
  size_t nlanes_all;
};

static const char *start_function(const WeftLaneModel *m, size_t lane) {
  const WeftLane *l = weft_lane_model_lane(m, lane);
  return l && l->thread && l->thread->start_function ? l->thread->start_function : NULL;
}

/* Lanes j and i run one function, in one process (a family's processes
 * stay apart). */
static bool same_group(const WeftLaneModel *m, size_t i, size_t j) {
  const char *f = start_function(m, i), *fj = start_function(m, j);
  return f && fj && !strcmp(f, fj) &&
         weft_lane_model_lane(m, i)->thread->process == weft_lane_model_lane(m, j)->thread->process;
}

WeftLaneGroups *weft_lane_groups_new(const WeftLaneModel *m) {
  size_t n = weft_lane_model_lane_count(m);
  WeftLaneGroups *g = calloc(1, sizeof *g);
  if (!g)
    return NULL;
  g->nlanes_all = n;
  g->group_of = malloc((n ? n : 1) * sizeof *g->group_of);
  g->lanes = malloc((n ? n : 1) * sizeof *g->lanes);
  g->v = malloc((n ? n : 1) * sizeof *g->v);
  if (!g->group_of || !g->lanes || !g->v) {
    weft_lane_groups_free(g);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    g->group_of[i] = -1;
  size_t used = 0;
  /* each group in the order of its first lane, its lanes in order */
  for (size_t i = 0; i < n; i++) {
    const char *f = start_function(m, i);
    if (!f || g->group_of[i] >= 0)
      continue;
    size_t count = 0;
    for (size_t j = i; j < n; j++)
      count += same_group(m, i, j);
    if (count < 2)
      continue;
    WeftLaneGroup *grp = &g->v[g->n];
    grp->name = f;
    grp->lanes = g->lanes + used;
    grp->nlanes = 0;
    for (size_t j = i; j < n; j++) {
      if (same_group(m, i, j)) {
        g->lanes[used++] = (uint32_t)j;
        grp->nlanes++;
        g->group_of[j] = (int)g->n;
      }
    }
    g->n++;
  }
  return g;
}

void weft_lane_groups_free(WeftLaneGroups *g) {
  if (!g)
    return;
  free(g->v);
  free(g->lanes);
  free(g->group_of);
  free(g);
}

size_t weft_lane_groups_count(const WeftLaneGroups *g) { return g ? g->n : 0; }

const WeftLaneGroup *weft_lane_groups_get(const WeftLaneGroups *g, size_t i) {
  return g && i < g->n ? &g->v[i] : NULL;
}

int weft_lane_groups_of_lane(const WeftLaneGroups *g, size_t lane) {
  return g && lane < g->nlanes_all ? g->group_of[lane] : -1;
}

uint32_t weft_lane_groups_row_lane(const WeftLaneGroups *g, uint32_t row) {
  if (!(row & WEFT_ROW_GROUP))
    return row;
  const WeftLaneGroup *grp = weft_lane_groups_get(g, row & ~WEFT_ROW_GROUP);
  return grp ? grp->lanes[0] : 0;
}

bool weft_lane_groups_row_shows(const WeftLaneGroups *g, uint32_t row, size_t lane) {
  if (!(row & WEFT_ROW_GROUP))
    return row == lane;
  return weft_lane_groups_of_lane(g, lane) == (int)(row & ~WEFT_ROW_GROUP);
}

int weft_lane_state_severity(WeftLaneState s) {
  static const int severity[WEFT_STATE_COUNT] = {
      [WEFT_STATE_NONE] = 0,       [WEFT_STATE_RUNNING] = 1,   [WEFT_STATE_SLEEP] = 2,
      [WEFT_STATE_JOIN] = 3,       [WEFT_STATE_IO] = 4,        [WEFT_STATE_SELECT] = 5,
      [WEFT_STATE_WAITGROUP] = 6,  [WEFT_STATE_BARRIER] = 7,   [WEFT_STATE_CONDVAR] = 8,
      [WEFT_STATE_CHAN_RECV] = 9,  [WEFT_STATE_CHAN_SEND] = 10, [WEFT_STATE_SEMAPHORE] = 11,
      [WEFT_STATE_RWLOCK] = 12,    [WEFT_STATE_MUTEX] = 13,
  };
  return (unsigned)s < WEFT_STATE_COUNT ? severity[s] : 0;
}
