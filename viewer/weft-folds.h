/* weft-folds.h: idle folding, a time axis that is not linear. A stretch
 * where nothing happens (no event on any thread) much longer than the run's
 * busy time is folded: shown as a short piece of the axis, marked on the
 * ruler with its real length, so that a 2 ms story and the 400 ms hang after
 * it fit one screen. Real time t maps to display time D(t): slope 1 outside
 * the folds, shown / length inside one. Plain arithmetic, no cairo. */
#pragma once

#include <stddef.h>

#include "weft-lanes.h"

typedef struct {
  double start, end; /* real ns */
  double shown;      /* display ns it takes, < end - start */
} WeftFold;

typedef struct WeftFolds WeftFolds;

/* The idle stretches of a run; NULL when out of memory. A run with nothing
 * to fold gives a map with no folds (the identity). */
WeftFolds *weft_folds_new(const WeftLaneModel *m);
/* A map from given folds, sorted and disjoint (tests, callers with their own
 * notion of idle). */
WeftFolds *weft_folds_from(const WeftFold *folds, size_t n);
void weft_folds_free(WeftFolds *f);

/* The whole run with a margin, as weft_lane_model_fit() but measured on the
 * folded axis (a margin of the hang would dwarf the story). */
void weft_folds_fit(const WeftFolds *f, const WeftLaneModel *m, double *t0, double *t1);

size_t weft_folds_count(const WeftFolds *f);
const WeftFold *weft_folds_get(const WeftFolds *f, size_t i);
double weft_folds_to_display(const WeftFolds *f, double t);
double weft_folds_to_real(const WeftFolds *f, double d);
/* The fold that holds real time t, or -1. */
ptrdiff_t weft_folds_find(const WeftFolds *f, double t);
