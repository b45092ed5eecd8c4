/* weft-timeaxis.c: time <-> pixel arithmetic. */
#include "weft-timeaxis.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double weft_time_axis_ns_per_px(const WeftTimeAxis *a) {
  return a->width > 0 ? (a->t1 - a->t0) / a->width : 1.0;
}

double weft_time_axis_to_x(const WeftTimeAxis *a, double t) {
  return a->x0 + (t - a->t0) / weft_time_axis_ns_per_px(a);
}

double weft_time_axis_to_time(const WeftTimeAxis *a, double x) {
  return a->t0 + (x - a->x0) * weft_time_axis_ns_per_px(a);
}

void weft_time_axis_clamp(WeftTimeAxis *a, double total) {
  double span = a->t1 - a->t0;
  if (total <= 0)
    total = 1;
  if (span > total) {
    a->t0 = 0;
    a->t1 = total;
    return;
  }
  if (a->t0 < 0) {
    a->t0 = 0;
    a->t1 = span;
  }
  if (a->t1 > total) {
    a->t1 = total;
    a->t0 = total - span;
  }
}

void weft_time_axis_zoom(WeftTimeAxis *a, double factor, double x, double total,
                         double min_span) {
  if (factor <= 0)
    return;
  double anchor = weft_time_axis_to_time(a, x);
  double span = (a->t1 - a->t0) / factor;
  if (span < min_span)
    span = min_span;
  if (total > 0 && span > total)
    span = total;
  double frac = a->width > 0 ? (x - a->x0) / a->width : 0.5;
  a->t0 = anchor - frac * span;
  a->t1 = a->t0 + span;
  weft_time_axis_clamp(a, total);
}

void weft_time_axis_pan(WeftTimeAxis *a, double dx, double total) {
  double dt = dx * weft_time_axis_ns_per_px(a);
  a->t0 += dt;
  a->t1 += dt;
  weft_time_axis_clamp(a, total);
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

