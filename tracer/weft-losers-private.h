/* weft-losers-private.h: a loser tree, to merge k runs of events by time
 * (the reader's whole-trace merge and the streaming cursor). Each node keeps
 * the loser of the match below it; the winner goes up. Ties go by run, so
 * equal times keep the runs' order (threads in id order). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* A run's head time, and its tie, which orders equal times by run; an
 * exhausted run has the time UINT64_MAX and a tie above every live run's.
 * The run is tie & (kk - 1). */
typedef struct {
  uint64_t key;
  uint64_t tie;
} WeftLoserNode;

typedef struct {
  WeftLoserNode *tree; /* 1..kk-1 losers */
  size_t kk;           /* leaves: a power of two >= the runs */
  WeftLoserNode win;
} WeftLosers;

static inline bool _weft_loser_less(WeftLoserNode a, WeftLoserNode b) {
  return (a.key < b.key) | ((a.key == b.key) & (a.tie < b.tie));
}

static inline WeftLoserNode _weft_loser_leaf(const WeftLosers *l, size_t run, bool live,
                                             uint64_t time) {
  return live ? (WeftLoserNode){time, run} : (WeftLoserNode){UINT64_MAX, l->kk + run};
}

/* k runs whose first times are heads[i] (UINT64_MAX with live[i] false for
 * an empty one). Returns -1 when out of memory. */
static inline int _weft_losers_build(WeftLosers *l, size_t k, const uint64_t *heads,
                                     const bool *live) {
  size_t kk = 1;
  while (kk < k)
    kk *= 2;
  l->kk = kk;
  l->tree = malloc(2 * kk * sizeof *l->tree);
  WeftLoserNode *up = malloc(2 * kk * sizeof *up);
  if (!l->tree || !up) {
    free(l->tree);
    free(up);
    l->tree = NULL;
    return -1;
  }
  for (size_t i = 0; i < kk; i++)
    up[kk + i] = _weft_loser_leaf(l, i, i < k && live[i], i < k ? heads[i] : UINT64_MAX);
  /* bottom up: the winner below each node goes up, the loser stays */
  for (size_t node = kk - 1; node >= 1; node--) {
    WeftLoserNode a = up[2 * node], b = up[2 * node + 1];
    bool al = _weft_loser_less(a, b);
    up[node] = al ? a : b;
    l->tree[node] = al ? b : a;
  }
  l->win = kk > 1 ? up[1] : up[kk];
  free(up);
  return 0;
}

/* The run that holds the earliest head; UINT64_MAX key when all are done. */
static inline size_t _weft_losers_top(const WeftLosers *l) {
  return (size_t)l->win.tie & (l->kk - 1);
}

static inline bool _weft_losers_done(const WeftLosers *l) {
  return l->win.tie >= l->kk;
}

/* The top run's head moved on (leaf: its new head, _weft_loser_leaf()). */
static inline void _weft_losers_replace(WeftLosers *l, WeftLoserNode leaf) {
  size_t w = _weft_losers_top(l);
  WeftLoserNode win = leaf;
  for (size_t node = (l->kk + w) / 2; node >= 1; node /= 2) {
    WeftLoserNode o = l->tree[node];
    bool swap = _weft_loser_less(o, win); /* unpredictable: kept branch-free */
    l->tree[node] = swap ? win : o;
    win = swap ? o : win;
  }
  l->win = win;
}

static inline void _weft_losers_free(WeftLosers *l) {
  free(l->tree);
  l->tree = NULL;
}
