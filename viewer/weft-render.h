/* weft-render.h: draws any time window of a lane model onto any cairo
 * surface. Shared by the GTK timeline and `weft render`; no GTK in it.
 *
 * The cost of a frame is bounded by pixels x lanes: each lane is drawn one
 * pixel column at a time from the model's per-column summary, never event by
 * event. */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "weft-lane-groups.h"
#include "weft-lanes.h"
#include "weft-timeaxis.h"

typedef struct {
  double t0, t1;      /* the visible window, ns; t1 <= t0 means the whole run */
  int width, height;  /* device pixels */
  double scale;       /* text and lane size multiplier: 1.0, 1.5 in a lecture hall */
  bool dark;
  unsigned arrows;    /* bit per WeftArrowKind */
  double lane_height; /* 0: fit every lane in the height */
  double scroll_y;    /* pixels of lanes scrolled off the top */
  bool legend;
  bool ruler;
  bool has_playhead;
  double playhead;     /* ns */
  uint32_t selected;   /* event index, UINT32_MAX for none */
  int hover_lane;      /* -1 for none */
  double range_from, range_to; /* a selected range to shade; equal: none */
  const char *message; /* a line shown at the bottom (e.g. what could not be read) */
  /* The lanes shown, top to bottom, by lane index (NULL: all, in order):
   * lanes can be hidden and pinned at the top. An entry with WEFT_ROW_GROUP
   * set is a group lane, the group (entry & ~WEFT_ROW_GROUP) of groups:
   * the worst state of its threads in each column. */
  const uint32_t *rows;
  size_t nrows;
  const WeftLaneGroups *groups;
  /* Only the arrows with an end on this thread, or on this object (0: all). */
  uint32_t arrows_thread, arrows_object;
  /* Bookmarks: a flag on the ruler at each of these times (ns). */
  const double *marks;
  size_t nmarks;
  /* Idle stretches shown folded, each marked on the ruler with its real
   * length (weft-folds.h); NULL: a linear axis. */
  const WeftFolds *folds;
} WeftRenderOptions;

void weft_render_options_init(WeftRenderOptions *o, int width, int height);

/* Where things are, for hit testing and scrolling. */
typedef struct {
  double name_width; /* the lane-name column on the left */
  double ruler_height;
  double legend_height;
  double lanes_top, lanes_bottom; /* the lanes' viewport */
  double lane_height;
  double content_height; /* all lanes */
  WeftTimeAxis axis;
} WeftRenderLayout;

void weft_render_layout(const WeftLaneModel *m, const WeftRenderOptions *o, WeftRenderLayout *out);

/* The row a lane is drawn in (its group's when in a group lane), or -1 if
 * it is hidden. */
int weft_render_row_of_lane(const WeftLaneModel *m, const WeftRenderOptions *o, int lane);

/* Draws the whole view. Returns the time spent, in seconds. */
double weft_render(cairo_t *cr, const WeftLaneModel *m, const WeftRenderOptions *o);

/* An overview of the whole run, one thin row per lane, with the window
 * [t0, t1) outlined. */
void weft_render_overview(cairo_t *cr, const WeftLaneModel *m, int width, int height, bool dark,
                          double t0, double t1);

typedef enum {
  WEFT_HIT_NONE,
  WEFT_HIT_RULER,
  WEFT_HIT_NAME,
  WEFT_HIT_LANE,
  WEFT_HIT_LEGEND,
} WeftHitArea;

typedef struct {
  WeftHitArea area;
  int lane;          /* lane index (not row), -1 outside lanes; a group lane's first */
  int group;         /* the group lane's group, -1 on a thread's lane */
  double time;       /* ns under the pointer */
  ptrdiff_t segment; /* the lane's segment under the pointer, -1 if none */
  uint32_t event;    /* nearest event of the lane within a few pixels, or UINT32_MAX */
} WeftHit;

void weft_render_hit(const WeftLaneModel *m, const WeftRenderOptions *o, double x, double y,
                     WeftHit *out);

/* Colours, exposed for tests and the GTK legend. */
typedef struct {
  double r, g, b;
} WeftRgb;
WeftRgb weft_state_colour(WeftLaneState s, bool dark);
WeftRgb weft_arrow_colour(WeftArrowKind k, bool dark);
WeftRgb weft_deadlock_colour(bool dark);
WeftRgb weft_race_colour(bool dark);
WeftRgb weft_misuse_colour(bool dark);

/* Writes a PNG, SVG or PDF by the file name's extension. Returns 0, or -1
 * with errno (EINVAL: unknown extension). */
int weft_render_to_file(const WeftLaneModel *m, const WeftRenderOptions *o, const char *path);
/* The same for any drawing: a surface of the file's format, draw(cr, data). */
int weft_render_draw_to_file(const char *path, int width, int height,
                             void (*draw)(cairo_t *cr, void *data), void *data);
/* True if the extension is one weft_render_to_file() knows. */
bool weft_render_format_known(const char *path);
