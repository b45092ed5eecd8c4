/* weft-folds.c: idle stretches, and the map that folds them. */
#include "weft-folds.h"

#include <stdlib.h>
#include <string.h>

struct WeftFolds {
  WeftFold *v;
  double *removed; /* display time taken out by the folds before fold i */
  size_t n;
};

/* A gap is idle when it is longer than this share of the run (at most 20
 * of them: the few long waits a story is told around, not its rhythm)... */
#define IDLE_SHARE 0.05
/* ...and a fold shows as this share of the busy time (what is not folded),
 * wide enough for its length to be written, the folds together at most
 * FOLDS_SHARE of it. */
#define SHOWN_SHARE 0.06
#define FOLDS_SHARE 0.3

WeftFolds *weft_folds_from(const WeftFold *folds, size_t n) {
  WeftFolds *f = calloc(1, sizeof *f);
  if (!f)
    return NULL;
  f->v = malloc((n ? n : 1) * sizeof *f->v);
  f->removed = malloc((n ? n : 1) * sizeof *f->removed);
  if (!f->v || !f->removed) {
    weft_folds_free(f);
    return NULL;
  }
  if (n)
    memcpy(f->v, folds, n * sizeof *folds);
  f->n = n;
  double removed = 0;
  for (size_t i = 0; i < n; i++) {
    f->removed[i] = removed;
    removed += f->v[i].end - f->v[i].start - f->v[i].shown;
  }
  return f;
}

WeftFolds *weft_folds_new(const WeftLaneModel *m) {
  size_t n;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &n);
  double end = (double)weft_lane_model_duration(m);
  double first = n ? (double)ev[0].time : 0, span = end - first;
  WeftFold *v = NULL;
  size_t nv = 0, cap = 0;
  double folded = 0;
  for (size_t i = 0; i < n && span > 0; i++) {
    double a = (double)ev[i].time, b = i + 1 < n ? (double)ev[i + 1].time : end;
    if (b - a <= IDLE_SHARE * span)
      continue;
    if (nv == cap) {
      cap = cap ? 2 * cap : 16;
      WeftFold *g = realloc(v, cap * sizeof *v);
      if (!g) {
        free(v);
        return NULL;
      }
      v = g;
    }
    v[nv++] = (WeftFold){a, b, 0};
    folded += b - a;
  }
  /* Each fold shows as a share of the busy time; a gap that would not
   * shrink by half stays as it is. */
  double share = nv && FOLDS_SHARE / (double)nv < SHOWN_SHARE ? FOLDS_SHARE / (double)nv : SHOWN_SHARE;
  double shown = (span - folded) * share;
  if (shown <= 0)
    shown = span * share;
  size_t w = 0;
  for (size_t i = 0; i < nv; i++)
    if (v[i].end - v[i].start > 2 * shown) {
      v[i].shown = shown;
      v[w++] = v[i];
    }
  WeftFolds *f = weft_folds_from(v, w);
  free(v);
  return f;
}

void weft_folds_fit(const WeftFolds *f, const WeftLaneModel *m, double *t0, double *t1) {
  double a = weft_folds_to_display(f, (double)weft_lane_model_first_time(m));
  double b = weft_folds_to_display(f, (double)weft_lane_model_duration(m));
  double margin = (b - a) * 0.02;
  if (margin <= 0)
    margin = 500;
  *t0 = weft_folds_to_real(f, a - margin > 0 ? a - margin : 0);
  *t1 = weft_folds_to_real(f, b + margin);
}

void weft_folds_free(WeftFolds *f) {
  if (!f)
    return;
  free(f->v);
  free(f->removed);
  free(f);
}

size_t weft_folds_count(const WeftFolds *f) { return f ? f->n : 0; }

const WeftFold *weft_folds_get(const WeftFolds *f, size_t i) {
  return f && i < f->n ? &f->v[i] : NULL;
}

/* The number of folds that start at or before real time t. */
static size_t folds_upto(const WeftFolds *f, double t) {
  size_t lo = 0, hi = f->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->v[mid].start <= t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

ptrdiff_t weft_folds_find(const WeftFolds *f, double t) {
  if (!f || !f->n)
    return -1;
  size_t k = folds_upto(f, t);
  return k && t < f->v[k - 1].end ? (ptrdiff_t)k - 1 : -1;
}

double weft_folds_to_display(const WeftFolds *f, double t) {
  if (!f || !f->n)
    return t;
  size_t k = folds_upto(f, t);
  if (!k)
    return t;
  const WeftFold *g = &f->v[k - 1];
  if (t >= g->end)
    return t - f->removed[k - 1] - (g->end - g->start - g->shown);
  return g->start - f->removed[k - 1] + (t - g->start) * g->shown / (g->end - g->start);
}

double weft_folds_to_real(const WeftFolds *f, double d) {
  if (!f || !f->n)
    return d;
  size_t lo = 0, hi = f->n; /* folds whose display start is at or before d */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->v[mid].start - f->removed[mid] <= d)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (!lo)
    return d;
  const WeftFold *g = &f->v[lo - 1];
  double ds = g->start - f->removed[lo - 1];
  if (d < ds + g->shown)
    return g->start + (d - ds) * (g->end - g->start) / g->shown;
  return d + f->removed[lo - 1] + (g->end - g->start - g->shown);
}
