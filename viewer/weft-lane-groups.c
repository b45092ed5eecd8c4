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

typedef struct {
  const char *fn;
  uint32_t process; /* a family's processes stay apart */
  uint32_t lane;
} ByFunction;

static int by_function(const void *a, const void *b) {
  const ByFunction *x = a, *y = b;
  int c = strcmp(x->fn, y->fn);
  if (!c)
    c = (x->process > y->process) - (x->process < y->process);
  return c ? c : (x->lane > y->lane) - (x->lane < y->lane);
}

static int by_first_lane(const void *a, const void *b) {
  const WeftLaneGroup *x = a, *y = b;
  return (x->lanes[0] > y->lanes[0]) - (x->lanes[0] < y->lanes[0]);
}

/* Sorted by function, process, then lane: a server's thousand threads group in
 * n log n, not n squared. */
WeftLaneGroups *weft_lane_groups_new(const WeftLaneModel *m) {
  size_t n = weft_lane_model_lane_count(m);
  WeftLaneGroups *g = calloc(1, sizeof *g);
  ByFunction *order = malloc((n ? n : 1) * sizeof *order);
  if (!g || !order) {
    free(order);
    free(g);
    return NULL;
  }
  g->nlanes_all = n;
  g->group_of = malloc((n ? n : 1) * sizeof *g->group_of);
  g->lanes = malloc((n ? n : 1) * sizeof *g->lanes);
  g->v = malloc((n ? n : 1) * sizeof *g->v);
  if (!g->group_of || !g->lanes || !g->v) {
    free(order);
    weft_lane_groups_free(g);
    return NULL;
  }
  size_t nf = 0;
  for (size_t i = 0; i < n; i++) {
    g->group_of[i] = -1;
    const char *f = start_function(m, i);
    if (f)
      order[nf++] = (ByFunction){f, weft_lane_model_lane(m, i)->thread->process, (uint32_t)i};
  }
  qsort(order, nf, sizeof *order, by_function);
  size_t used = 0;
  for (size_t i = 0, j; i < nf; i = j) {
    for (j = i + 1; j < nf && !strcmp(order[j].fn, order[i].fn) && order[j].process == order[i].process;
         j++)
      ;
    if (j - i < 2)
      continue;
    WeftLaneGroup *grp = &g->v[g->n++];
    grp->name = order[i].fn;
    grp->lanes = g->lanes + used;
    grp->nlanes = j - i;
    for (size_t k = i; k < j; k++)
      g->lanes[used++] = order[k].lane;
  }
  free(order);
  /* each group in the order of its first lane */
  qsort(g->v, g->n, sizeof *g->v, by_first_lane);
  for (size_t k = 0; k < g->n; k++)
    for (size_t l = 0; l < g->v[k].nlanes; l++)
      g->group_of[g->v[k].lanes[l]] = (int)k;
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
