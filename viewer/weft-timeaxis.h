/* weft-timeaxis.h: time <-> pixel arithmetic, ruler steps, durations as text.
 * Plain functions on plain structs: no cairo, no GTK, tested headless. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct WeftFolds WeftFolds;

/* A visible time window [t0, t1) mapped onto the pixels [x0, x0 + width):
 * linearly, or through folds (weft-folds.h) that shrink idle stretches. */
typedef struct {
  double t0, t1; /* nanoseconds since the trace started (real time, folded or not) */
  double x0, width;
  const WeftFolds *folds; /* NULL: linear */
} WeftTimeAxis;

double weft_time_axis_to_x(const WeftTimeAxis *a, double t);
double weft_time_axis_to_time(const WeftTimeAxis *a, double x);
/* Nanoseconds covered by one pixel (outside folds, with folds). */
double weft_time_axis_ns_per_px(const WeftTimeAxis *a);

/* A piece of the window where the axis is linear: an unfolded stretch, or
 * one fold. */
typedef struct {
  double t0, t1; /* real ns */
  double x0, x1; /* pixels */
  ptrdiff_t fold; /* its fold, -1 when not folded */
} WeftAxisPiece;
/* The pieces of the window, left to right, at most max; their count. */
size_t weft_time_axis_pieces(const WeftTimeAxis *a, WeftAxisPiece *out, size_t max);

/* Zooms by factor (>1 zooms in) keeping the time under pixel x in place, and
 * clamps the window inside [0, total] and to at least min_span ns. */
void weft_time_axis_zoom(WeftTimeAxis *a, double factor, double x, double total, double min_span);
/* Pans by dx pixels (positive: later times come into view), clamped. */
void weft_time_axis_pan(WeftTimeAxis *a, double dx, double total);
/* Keeps the window inside [0, total] without changing its span when it fits. */
void weft_time_axis_clamp(WeftTimeAxis *a, double total);

/* The ruler step: the smallest 1, 2 or 5 x 10^k ns whose tick spacing is at
 * least min_px pixels. */
uint64_t weft_ruler_step(double ns_per_px, double min_px);

/* "1.5 s", "20 ms", "300 µs", "100 ns": the unit chosen from step (the
 * ruler's step, or the value itself when step is 0), and as many decimals
 * as step needs. */
void weft_format_time(char *buf, size_t size, double ns, uint64_t step);
/* A duration for people: 3 significant digits, "12.3 ms". */
void weft_format_duration(char *buf, size_t size, double ns);

/* Parses "1.5s", "20ms", "300us", "300µs", "100ns", "2m", or a bare number of
 * nanoseconds. Returns false on anything else (or negative). */
bool weft_parse_time(const char *text, uint64_t *ns);
