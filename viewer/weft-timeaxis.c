/* weft-timeaxis.c: time <-> pixel arithmetic. */
#include "weft-timeaxis.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-folds.h"

/* Display time: real time with the folds shrunk (the same without folds). */
static double D(const WeftTimeAxis *a, double t) { return weft_folds_to_display(a->folds, t); }
static double R(const WeftTimeAxis *a, double d) { return weft_folds_to_real(a->folds, d); }

double weft_time_axis_ns_per_px(const WeftTimeAxis *a) {
  return a->width > 0 ? (D(a, a->t1) - D(a, a->t0)) / a->width : 1.0;
}

double weft_time_axis_to_x(const WeftTimeAxis *a, double t) {
  return a->x0 + (D(a, t) - D(a, a->t0)) / weft_time_axis_ns_per_px(a);
}

double weft_time_axis_to_time(const WeftTimeAxis *a, double x) {
  return R(a, D(a, a->t0) + (x - a->x0) * weft_time_axis_ns_per_px(a));
}

/* The window in display time, kept inside [0, total], back in real time. */
static void clamp_display(WeftTimeAxis *a, double d0, double d1, double total) {
  double span = d1 - d0, dtotal = D(a, total > 0 ? total : 1);
  if (span > dtotal) {
    d0 = 0;
    d1 = dtotal;
  } else if (d0 < 0) {
    d0 = 0;
    d1 = span;
  } else if (d1 > dtotal) {
    d1 = dtotal;
    d0 = dtotal - span;
  }
  a->t0 = R(a, d0);
  a->t1 = R(a, d1);
}

void weft_time_axis_clamp(WeftTimeAxis *a, double total) {
  if (total <= 0)
    total = 1;
  clamp_display(a, D(a, a->t0), D(a, a->t1), total);
}

void weft_time_axis_zoom(WeftTimeAxis *a, double factor, double x, double total,
                         double min_span) {
  if (factor <= 0)
    return;
  double anchor = D(a, weft_time_axis_to_time(a, x));
  double span = (D(a, a->t1) - D(a, a->t0)) / factor;
  if (span < min_span)
    span = min_span;
  if (total > 0 && span > D(a, total))
    span = D(a, total);
  double frac = a->width > 0 ? (x - a->x0) / a->width : 0.5;
  double d0 = anchor - frac * span;
  clamp_display(a, d0, d0 + span, total);
}

void weft_time_axis_pan(WeftTimeAxis *a, double dx, double total) {
  double dt = dx * weft_time_axis_ns_per_px(a);
  clamp_display(a, D(a, a->t0) + dt, D(a, a->t1) + dt, total);
}

size_t weft_time_axis_pieces(const WeftTimeAxis *a, WeftAxisPiece *out, size_t max) {
  size_t n = 0;
  double t = a->t0;
  ptrdiff_t k = a->folds ? weft_folds_find(a->folds, t) : -1;
  size_t next = 0; /* the first fold not yet passed */
  while (next < weft_folds_count(a->folds) && weft_folds_get(a->folds, next)->end <= t)
    next++;
  while (t < a->t1 && n < max) {
    const WeftFold *f = weft_folds_get(a->folds, next);
    double end;
    if (k >= 0 || (f && f->start <= t)) { /* inside fold `next` */
      k = (ptrdiff_t)next++;
      end = f->end;
    } else {
      end = f ? f->start : a->t1;
    }
    if (end > a->t1)
      end = a->t1;
    out[n++] = (WeftAxisPiece){t, end, weft_time_axis_to_x(a, t), weft_time_axis_to_x(a, end), k};
    t = end;
    k = -1;
  }
  return n;
}

uint64_t weft_ruler_step(double ns_per_px, double min_px) {
  double want = ns_per_px * min_px;
  uint64_t step = 1;
  for (;;) {
    static const unsigned mult[] = {1, 2, 5};
    for (int i = 0; i < 3; i++)
      if ((double)(step * mult[i]) >= want)
        return step * mult[i];
    if (step > UINT64_MAX / 100)
      return step;
    step *= 10;
  }
}

typedef struct {
  double div;
  const char *name;
} Unit;

static const Unit units[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}};

static const Unit *unit_for(double ns) {
  ns = fabs(ns);
  for (size_t i = 0; i < 3; i++)
    if (ns >= units[i].div)
      return &units[i];
  return &units[3];
}

void weft_format_time(char *buf, size_t size, double ns, uint64_t step) {
  const Unit *u = unit_for(step ? (double)step : ns);
  if (step && ns != 0 && fabs(ns) >= u->div * 1000 && u != &units[0])
    u = unit_for(ns); /* a large value with a fine step: bigger unit, more decimals */
  int decimals = 0;
  if (step) {
    double s = (double)step / u->div;
    while (decimals < 9 && fabs(s - floor(s + 1e-9)) > 1e-9) {
      s *= 10;
      decimals++;
    }
  } else {
    double v = fabs(ns) / u->div;
    decimals = v >= 100 || u == &units[3] ? 0 : v >= 10 ? 1 : 2;
  }
  snprintf(buf, size, "%.*f %s", decimals, ns / u->div, u->name);
}

void weft_format_duration(char *buf, size_t size, double ns) {
  weft_format_time(buf, size, ns, 0);
}

