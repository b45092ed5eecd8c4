/* weft-replay-cache.c: a replay, its snapshots, and the nearest one. */
#include "weft-replay-cache.h"

#include <stdlib.h>

#define MAX_SNAPSHOTS 64
#define FIRST_INTERVAL 65536
#define BUDGET ((size_t)64 << 20) /* bytes for all the snapshots */

struct WeftReplayCache {
  const WeftTrace *t;
  WeftReplay *cur;
  WeftReplay *snap[MAX_SNAPSHOTS]; /* snap[k] after k + 1 intervals of events */
  size_t nsnap;
  size_t interval;
};

WeftReplayCache *weft_replay_cache_new(const WeftTrace *t) {
  WeftReplayCache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->t = t;
  c->interval = FIRST_INTERVAL;
  c->cur = weft_replay_new(t);
  if (!c->cur) {
    free(c);
    return NULL;
  }
  return c;
}

void weft_replay_cache_free(WeftReplayCache *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->nsnap; i++)
    weft_replay_free(c->snap[i]);
  weft_replay_free(c->cur);
  free(c);
}

/* Full: keep every other snapshot, twice as far apart. */
static void thin_out(WeftReplayCache *c) {
  size_t kept = 0;
  for (size_t i = 0; i < c->nsnap; i++) {
    if (i % 2 == 1)
      c->snap[kept++] = c->snap[i];
    else
      weft_replay_free(c->snap[i]);
  }
  c->nsnap = kept;
  c->interval *= 2;
}

/* Feeds the trace's events up to `target` events fed, saving a snapshot at
 * each interval past the last one. */
static bool forward(WeftReplayCache *c, size_t target) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(c->t, &nev);
  if (target > nev)
    target = nev;
  for (size_t pos = weft_replay_position(c->cur); pos < target; pos++) {
    if (!weft_replay_feed(c->cur, &ev[pos]))
      return false;
    size_t fed = pos + 1;
    if (fed % c->interval == 0 && fed / c->interval == c->nsnap + 1) {
      /* within the count and the memory budget, fewer and further apart */
      size_t bytes = weft_replay_size(c->cur);
      while (c->nsnap && (c->nsnap == MAX_SNAPSHOTS || (c->nsnap + 1) * bytes > BUDGET))
        thin_out(c);
      if (bytes > BUDGET)
        continue;
      if (fed % c->interval == 0 && fed / c->interval == c->nsnap + 1) {
        WeftReplay *copy = weft_replay_copy(c->cur);
        if (copy)
          c->snap[c->nsnap++] = copy;
      }
    }
  }
  return true;
}

const WeftReplay *weft_replay_cache_at(WeftReplayCache *c, size_t upto) {
  size_t target = upto + 1;
  size_t pos = weft_replay_position(c->cur);
  /* the nearest snapshot at or before the target, if nearer than cur */
  size_t k = target / c->interval;
  if (k > c->nsnap)
    k = c->nsnap;
  size_t snap_pos = k ? k * c->interval : 0;
  if (pos > target || (snap_pos > pos)) {
    WeftReplay *from = k ? weft_replay_copy(c->snap[k - 1]) : weft_replay_new(c->t);
    if (!from)
      return NULL;
    weft_replay_free(c->cur);
    c->cur = from;
  }
  return forward(c, target) ? c->cur : NULL;
}
