/* weft-render.c: the timeline drawn with cairo and pango, per pixel column. */
#include "weft-lane-misuse.h"
#include "weft-lane-races.h"
#include "weft-pango.h"
#include "weft-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "weft-folds.h"
#include "weft-viewer-private.h"

#define FONT_FAMILY "Cantarell, Inter, Noto Sans, DejaVu Sans, sans-serif"

/* Okabe & Ito's colour-blind-safe palette first, then luminance steps of it
 * for the states that need more colours than the palette has. */
static const WeftRgb state_light[WEFT_STATE_COUNT] = {
    [WEFT_STATE_NONE] = {0.85, 0.85, 0.85},
    [WEFT_STATE_RUNNING] = {0.000, 0.620, 0.451},   /* bluish green #009E73 */
    [WEFT_STATE_MUTEX] = {0.835, 0.369, 0.000},     /* vermillion #D55E00 */
    [WEFT_STATE_RWLOCK] = {0.902, 0.624, 0.000},    /* orange #E69F00 */
    [WEFT_STATE_SEMAPHORE] = {0.941, 0.894, 0.259}, /* yellow #F0E442 */
    [WEFT_STATE_BARRIER] = {0.545, 0.353, 0.169},   /* brown #8B5A2B */
    [WEFT_STATE_CONDVAR] = {0.800, 0.475, 0.655},   /* reddish purple #CC79A7 */
    [WEFT_STATE_CHAN_SEND] = {0.000, 0.447, 0.698}, /* blue #0072B2 */
    [WEFT_STATE_CHAN_RECV] = {0.337, 0.706, 0.914}, /* sky blue #56B4E9 */
    [WEFT_STATE_SELECT] = {0.647, 0.722, 0.851},    /* light slate #A5B8D9 */
    [WEFT_STATE_WAITGROUP] = {0.416, 0.239, 0.604}, /* purple #6A3D9A */
    [WEFT_STATE_JOIN] = {0.600, 0.600, 0.200},      /* olive #999933 */
    [WEFT_STATE_SLEEP] = {0.733, 0.733, 0.733},     /* grey #BBBBBB */
    [WEFT_STATE_IO] = {0.533, 0.133, 0.333},        /* wine #882255 (Tol) */
};

WeftRgb weft_state_colour(WeftLaneState s, bool dark) {
  WeftRgb c = state_light[s < WEFT_STATE_COUNT ? s : 0];
  if (dark && s == WEFT_STATE_SLEEP)
    c = (WeftRgb){0.42, 0.42, 0.45};
  if (dark && s == WEFT_STATE_NONE)
    c = (WeftRgb){0.25, 0.25, 0.28};
  if (dark && s == WEFT_STATE_WAITGROUP)
    c = (WeftRgb){0.62, 0.45, 0.80};
  if (dark && s == WEFT_STATE_IO)
    c = (WeftRgb){0.78, 0.36, 0.56};
  return c;
}

WeftRgb weft_arrow_colour(WeftArrowKind k, bool dark) {
  static const WeftRgb light[WEFT_ARROW_KIND_COUNT] = {
      [WEFT_ARROW_CHANNEL] = {0.00, 0.30, 0.55}, [WEFT_ARROW_LOCK] = {0.70, 0.25, 0.00},
      [WEFT_ARROW_SIGNAL] = {0.60, 0.25, 0.48},  [WEFT_ARROW_CREATE] = {0.20, 0.20, 0.22},
      [WEFT_ARROW_JOIN] = {0.45, 0.45, 0.48},
  };
  static const WeftRgb darkc[WEFT_ARROW_KIND_COUNT] = {
      [WEFT_ARROW_CHANNEL] = {0.45, 0.75, 1.00}, [WEFT_ARROW_LOCK] = {1.00, 0.55, 0.30},
      [WEFT_ARROW_SIGNAL] = {0.95, 0.60, 0.82},  [WEFT_ARROW_CREATE] = {0.88, 0.88, 0.90},
      [WEFT_ARROW_JOIN] = {0.65, 0.65, 0.70},
  };
  return dark ? darkc[k] : light[k];
}

WeftRgb weft_deadlock_colour(bool dark) {
  return dark ? (WeftRgb){1.0, 0.23, 0.23} : (WeftRgb){0.86, 0.0, 0.09};
}

/* Told apart by its shape (a bolt) more than its colour: near black or white. */
WeftRgb weft_race_colour(bool dark) {
  return dark ? (WeftRgb){0.97, 0.97, 0.97} : (WeftRgb){0.08, 0.08, 0.10};
}

/* A warning sign's amber: told apart by its shape (a triangle) too. */
WeftRgb weft_misuse_colour(bool dark) {
  return dark ? (WeftRgb){1.0, 0.76, 0.16} : (WeftRgb){0.93, 0.62, 0.0};
}

typedef struct {
  WeftRgb bg, fg, dim, grid, stripe, name_bg, ruler_bg, accent, select_bg;
} Theme;

static Theme theme(bool dark) {
  if (dark)
    return (Theme){{0.118, 0.118, 0.133}, {0.92, 0.92, 0.94}, {0.60, 0.60, 0.65},
                   {0.24, 0.24, 0.27}, {0.145, 0.145, 0.165}, {0.157, 0.157, 0.176},
                   {0.165, 0.165, 0.188}, {0.38, 0.68, 1.0}, {0.20, 0.30, 0.45}};
  return (Theme){{0.992, 0.992, 0.996}, {0.13, 0.13, 0.16}, {0.42, 0.42, 0.47},
                 {0.86, 0.86, 0.89}, {0.955, 0.957, 0.965}, {0.965, 0.965, 0.972},
                 {0.945, 0.945, 0.955}, {0.11, 0.39, 0.85}, {0.82, 0.89, 1.0}};
}

static void set_rgb(cairo_t *cr, WeftRgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }
static void set_rgba(cairo_t *cr, WeftRgb c, double a) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

static bool is_light(WeftRgb c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 0.55; }

void weft_render_options_init(WeftRenderOptions *o, int width, int height) {
  memset(o, 0, sizeof *o);
  o->width = width;
  o->height = height;
  o->scale = 1.0;
  o->arrows = WEFT_ARROWS_ALL;
  o->legend = true;
  o->ruler = true;
  o->selected = UINT32_MAX;
  o->hover_lane = -1;
}

/* ---- text ---- */

typedef struct {
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *normal, *small, *bold, *tiny;
} Text;

static void text_init(Text *t, cairo_t *cr, double scale) {
  t->cr = cr;
  t->layout = pango_cairo_create_layout(cr);
  t->normal = pango_font_description_from_string(FONT_FAMILY);
  pango_font_description_set_absolute_size(t->normal, 13 * scale * PANGO_SCALE);
  t->small = pango_font_description_copy(t->normal);
  pango_font_description_set_absolute_size(t->small, 11 * scale * PANGO_SCALE);
  t->tiny = pango_font_description_copy(t->normal);
  pango_font_description_set_absolute_size(t->tiny, 9.5 * scale * PANGO_SCALE);
  t->bold = pango_font_description_copy(t->normal);
  pango_font_description_set_weight(t->bold, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description(t->layout, t->normal);
}

static void text_free(Text *t) {
  g_object_unref(t->layout);
  pango_font_description_free(t->normal);
  pango_font_description_free(t->small);
  pango_font_description_free(t->bold);
  pango_font_description_free(t->tiny);
}

/* Sets the text; returns its logical width and height in pixels. */
static void text_set(Text *t, const PangoFontDescription *font, const char *s, double max_w,
                     double *w, double *h) {
  weft_layout_set(t->layout, font, s, max_w, w, h);
}

static void text_show(Text *t, double x, double y) {
  weft_layout_show(t->cr, t->layout, x, y);
}

/* ---- layout ---- */

static double name_column_width(const WeftLaneModel *m, double scale) {
  (void)m;
  return round(190 * scale);
}

/* ---- legend placement, shared by the layout and the drawing ---- */

enum { LEG_STATE, LEG_DEADLOCK, LEG_RACE, LEG_MISUSE, LEG_MISUSE_NOTE, LEG_ARROW };
typedef struct {
  int kind;
  unsigned id;
  const char *text;
  double x, row, text_w;
} LegendItem;

enum { MAX_LEGEND = WEFT_STATE_COUNT + WEFT_ARROW_KIND_COUNT + 4 };

static double measure(PangoLayout *layout, const char *text) {
  int w, h;
  pango_layout_set_text(layout, text, -1);
  pango_layout_get_pixel_size(layout, &w, &h);
  return w;
}

/* Places the legend's items in rows; returns the number of items and sets
 * *rows. Cached per thread: the layout runs on every pointer motion. */
static size_t legend_place(const WeftLaneModel *m, const WeftRenderOptions *o, LegendItem *items,
                           int *rows) {
  static __thread struct {
    const WeftLaneModel *m;
    int width;
    double scale;
    unsigned arrows, states;
    size_t misuse;
    size_t n;
    int rows;
    LegendItem items[MAX_LEGEND];
  } cache;
  double s = o->scale > 0 ? o->scale : 1;
  unsigned states = weft_lane_model_states_used(m) | 1u << WEFT_STATE_RUNNING;
  unsigned arrows = weft_lane_model_arrows_used(m) & o->arrows;
  size_t misuse = weft_lane_model_misuse_count(m);
  if (cache.m == m && cache.width == o->width && cache.scale == s && cache.arrows == arrows &&
      cache.states == states && cache.misuse == misuse) {
    memcpy(items, cache.items, cache.n * sizeof *items);
    *rows = cache.rows;
    return cache.n;
  }
  size_t n = 0;
  for (unsigned st = 1; st < WEFT_STATE_COUNT; st++)
    if (states & (1u << st))
      items[n++] = (LegendItem){LEG_STATE, st, weft_lane_state_name(st), 0, 0, 0};
  if (weft_lane_model_deadlock_count(m))
    items[n++] = (LegendItem){LEG_DEADLOCK, 0, _("deadlock"), 0, 0, 0};
  if (weft_lane_model_race_count(m))
    items[n++] = (LegendItem){LEG_RACE, 0, _("data race"), 0, 0, 0};
  bool errors = false, notes = false;
  for (size_t i = 0; i < weft_lane_model_misuse_count(m); i++) {
    const WeftLaneMisuse *mu = weft_lane_model_misuse(m, i);
    errors |= !mu->note;
    notes |= mu->note;
  }
  if (errors)
    items[n++] = (LegendItem){LEG_MISUSE, 0, _("misuse"), 0, 0, 0};
  if (notes)
    items[n++] = (LegendItem){LEG_MISUSE_NOTE, 0, _("misuse (a note)"), 0, 0, 0};
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    if (arrows & (1u << k))
      items[n++] = (LegendItem){LEG_ARROW, k, weft_arrow_kind_name(k), 0, 0, 0};
  PangoContext *ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
  PangoLayout *layout = pango_layout_new(ctx);
  PangoFontDescription *font = pango_font_description_from_string(FONT_FAMILY);
  pango_font_description_set_absolute_size(font, 11 * s * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  double x = 12 * s;
  int row = 0;
  for (size_t i = 0; i < n; i++) {
    items[i].text_w = measure(layout, items[i].text);
    double sw = items[i].kind == LEG_ARROW ? 27 * s : 19 * s;
    double w = sw + items[i].text_w;
    if (i && items[i].kind == LEG_ARROW && items[i - 1].kind != LEG_ARROW)
      x += 8 * s;
    if (x + w > o->width - 8 * s && x > 12 * s) {
      row++;
      x = 12 * s;
    }
    items[i].x = x;
    items[i].row = row;
    x += w + 16 * s;
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  g_object_unref(ctx);
  *rows = n ? row + 1 : 0;
  cache.m = m;
  cache.width = o->width;
  cache.scale = s;
  cache.arrows = arrows;
  cache.states = states;
  cache.misuse = misuse;
  cache.n = n;
  cache.rows = *rows;
  memcpy(cache.items, items, n * sizeof *items);
  return n;
}

static size_t row_count(const WeftLaneModel *m, const WeftRenderOptions *o) {
  return o->rows ? o->nrows : weft_lane_model_lane_count(m);
}

/* The group drawn in row r, or NULL for a thread's lane. */
static const WeftLaneGroup *row_group(const WeftRenderOptions *o, size_t r) {
  if (!o->rows || !(o->rows[r] & WEFT_ROW_GROUP))
    return NULL;
  return weft_lane_groups_get(o->groups, o->rows[r] & ~WEFT_ROW_GROUP);
}

/* The lane drawn in row r: a group lane's first. */
static size_t row_lane(const WeftRenderOptions *o, size_t r) {
  const WeftLaneGroup *g = row_group(o, r);
  return g ? g->lanes[0] : o->rows ? o->rows[r] & ~WEFT_ROW_GROUP : r;
}

/* A thread of row r's. */
static bool row_has_thread(const WeftLaneModel *m, const WeftRenderOptions *o, size_t r,
                           uint32_t tid) {
  const WeftLaneGroup *g = row_group(o, r);
  if (!g)
    return weft_lane_model_lane(m, row_lane(o, r))->tid == tid;
  for (size_t k = 0; k < g->nlanes; k++)
    if (weft_lane_model_lane(m, g->lanes[k])->tid == tid)
      return true;
  return false;
}

int weft_render_row_of_lane(const WeftLaneModel *m, const WeftRenderOptions *o, int lane) {
  if (lane < 0 || (size_t)lane >= weft_lane_model_lane_count(m))
    return -1;
  if (!o->rows)
    return lane;
  for (size_t r = 0; r < o->nrows; r++)
    if (o->rows[r] == (uint32_t)lane)
      return (int)r;
  int g = weft_lane_groups_of_lane(o->groups, (size_t)lane);
  for (size_t r = 0; g >= 0 && r < o->nrows; r++)
    if (o->rows[r] == (WEFT_ROW_GROUP | (uint32_t)g))
      return (int)r;
  return -1;
}


void weft_render_layout(const WeftLaneModel *m, const WeftRenderOptions *o, WeftRenderLayout *L) {
  memset(L, 0, sizeof *L);
  double s = o->scale > 0 ? o->scale : 1.0;
  L->name_width = name_column_width(m, s);
  if (L->name_width > o->width / 3.0)
    L->name_width = floor(o->width / 3.0);
  L->ruler_height = o->ruler ? round(30 * s) : 0;
  L->legend_height = 0;
  if (o->legend) {
    LegendItem items[MAX_LEGEND];
    int rows;
    legend_place(m, o, items, &rows);
    L->legend_height = round((8 + 22 * (rows ? rows : 1)) * s);
  }
  if (o->message && *o->message)
    L->legend_height += round(22 * s);
  L->lanes_top = L->ruler_height;
  L->lanes_bottom = o->height - L->legend_height;
  if (L->lanes_bottom < L->lanes_top + 1)
    L->lanes_bottom = L->lanes_top + 1;
  size_t n = row_count(m, o);
  double avail = L->lanes_bottom - L->lanes_top - round(6 * s);
  if (o->lane_height > 0)
    L->lane_height = o->lane_height;
  else
    L->lane_height = n ? fmin(floor(avail / (double)n), round(44 * s)) : 30 * s;
  if (L->lane_height < 2)
    L->lane_height = 2;
  L->content_height = L->lane_height * (double)n;
  double dur = (double)weft_lane_model_duration(m);
  double t0 = o->t0, t1 = o->t1;
  if (t1 <= t0) {
    if (o->folds)
      weft_folds_fit(o->folds, m, &t0, &t1);
    else
      weft_lane_model_fit(m, &t0, &t1);
    (void)dur;
  }
  L->axis = (WeftTimeAxis){t0, t1, L->name_width + round(8 * s),
                           o->width - L->name_width - round(16 * s), o->folds};
  if (L->axis.width < 1)
    L->axis.width = 1;
}

static double lane_y(const WeftRenderLayout *L, const WeftRenderOptions *o, size_t i) {
  return L->lanes_top + round(4 * (o->scale > 0 ? o->scale : 1)) + (double)i * L->lane_height -
         o->scroll_y;
}

/* ---- lanes ---- */

typedef struct {
  int x0, x1;
  uint8_t state;
} Run;

typedef struct {
  Run *v;
  size_t n, cap;
} Runs;

static void runs_grow(Runs *r) {
  size_t c = r->cap ? r->cap * 2 : 1024;
  Run *v = realloc(r->v, c * sizeof *v);
  if (!v)
    return;
  r->v = v;
  r->cap = c;
}

/* Called per pixel column: the common cases inline. */
static inline void runs_add(Runs *r, int x0, int x1, unsigned state) {
  if (r->n && r->v[r->n - 1].state == state && r->v[r->n - 1].x1 == x0) {
    r->v[r->n - 1].x1 = x1;
    return;
  }
  if (r->n == r->cap) {
    runs_grow(r);
    if (r->n == r->cap)
      return;
  }
  r->v[r->n++] = (Run){x0, x1, (uint8_t)state};
}

typedef struct {
  int x0, x1;
  size_t seg;
} Label;

/* Fills runs with the lane's state per pixel column [c0, c1) of the axis;
 * wide segments go to labels. */
static void lane_columns(const WeftLane *l, const WeftTimeAxis *ax, int ncols, Runs *runs,
                         Label *labels, size_t *nlabels, size_t max_labels, int min_label_px) {
  double npp = weft_time_axis_ns_per_px(ax);
  double ls = (double)l->start_time, le = (double)l->end_time;
  if (!l->nsegs || le <= ax->t0 || ls >= ax->t1)
    return;
  int c = (int)floor((ls - ax->t0) / npp);
  int cend = (int)ceil((le - ax->t0) / npp);
  if (c < 0)
    c = 0;
  if (cend > ncols)
    cend = ncols;
  if (cend <= c && c < ncols)
    cend = c + 1; /* a lane shorter than a pixel still shows */
  /* A sweep: s is the segment that holds ta, [s0, s1) its times; it moves
   * forward one segment at a time while that is cheap, by galloping else. */
  size_t n = l->nsegs;
  double ta0 = ax->t0 + c * npp;
  size_t s = weft_lane_find(l, ta0 > ls ? ta0 : ls, 0);
  double s0 = (double)weft_lane_seg_start(l, s), s1 = (double)weft_lane_seg_start(l, s + 1);
  double wide = 2 * l->mip_w0; /* columns at least this wide: the time summary answers */
  while (c < cend) {
    double ta = ax->t0 + c * npp, tb = ta + npp;
    if (ta < ls)
      ta = ls;
    if (l->mip && tb - ta >= wide) {
      double purity;
      int quick = weft_lane_summary(l, ta, tb, &purity);
      if (quick >= 0 && purity < 0.999) { /* a mixed column: no segment can cover it */
        runs_add(runs, c, c + 1, (unsigned)quick);
        c++;
        continue;
      }
    }
    if (s1 <= ta && s + 1 < n) {
      int k = 0;
      do {
        s++;
        s0 = s1;
        s1 = (double)weft_lane_seg_start(l, s + 1);
      } while (s1 <= ta && s + 1 < n && ++k < 8);
      if (s1 <= ta && s + 1 < n) {
        s = weft_lane_find(l, ta, s);
        s0 = (double)weft_lane_seg_start(l, s);
        s1 = (double)weft_lane_seg_start(l, s + 1);
      }
    }
    if (s1 >= tb || s + 1 >= n) {
      int ce = (int)floor((s1 - ax->t0) / npp);
      if (ce > cend)
        ce = cend;
      if (ce <= c)
        ce = c + 1;
      /* the label spans the segment's visible part */
      int lx0 = (int)floor((s0 - ax->t0) / npp);
      if (lx0 < c)
        lx0 = c;
      if (ce - lx0 >= min_label_px && *nlabels < max_labels &&
          (*nlabels == 0 || labels[*nlabels - 1].seg != s))
        labels[(*nlabels)++] = (Label){lx0, ce, s};
      runs_add(runs, c, ce, l->seg_state[s]);
      c = ce;
      continue;
    }
    /* A column of several segments: add them up while they are few, ask
     * the lane's summaries (O(log n)) when they are many. */
    double votes[16];
    for (int k = 0; k < 16; k += 2)
      votes[k] = votes[k + 1] = 0;
    unsigned best = 0;
    double bestv = -1;
    size_t k = s;
    double k0 = s0 > ta ? s0 : ta, k1 = s1;
    int steps = 0;
    for (;;) {
      unsigned st = l->seg_state[k];
      double v = votes[st] += (k1 < tb ? k1 : tb) - k0;
      if (v > bestv)
        bestv = v, best = st;
      if (k1 >= tb || k + 1 >= n || ++steps > 16)
        break;
      k++;
      k0 = k1;
      k1 = (double)weft_lane_seg_start(l, k + 1);
    }
    if (k1 >= tb || k + 1 >= n) {
      s = k; /* holds tb, where the next column begins */
      s0 = k0;
      s1 = k1;
    } else {
      size_t hint = k;
      best = weft_lane_dominant(l, ta, tb, &hint);
      s = hint;
      s0 = (double)weft_lane_seg_start(l, s);
      s1 = (double)weft_lane_seg_start(l, s + 1);
    }
    runs_add(runs, c, c + 1, best);
    c++;
  }
}

static const char *segment_label(const WeftLaneModel *m, const WeftLane *l, size_t seg, char *buf,
                                 size_t size) {
  const WeftTrace *t = weft_lane_model_trace(m);
  size_t n;
  const WeftEvent *ev = weft_trace_events(t, &n);
  uint32_t ei = weft_lane_segment_event(m, l, seg);
  if (ei == UINT32_MAX)
    return NULL;
  const WeftEvent *e = &ev[ei];
  WeftLaneState st = l->seg_state[seg];
  const WeftObject *o = weft_trace_object(t, e->object);
  double dur = (double)(weft_lane_segment_end(l, seg) - weft_lane_seg_start(l, seg));
  char d[32];
  weft_format_duration(d, sizeof d, dur);
  switch (st) {
  case WEFT_STATE_RUNNING:
  case WEFT_STATE_NONE:
    return NULL;
  case WEFT_STATE_SLEEP:
    snprintf(buf, size, _("sleep %s"), d);
    return buf;
  case WEFT_STATE_JOIN: {
    const WeftThread *th = weft_trace_thread(t, (uint32_t)e->arg);
    snprintf(buf, size, _("join %s"), th ? th->name : "?");
    return buf;
  }
  case WEFT_STATE_SELECT:
    snprintf(buf, size, "%s", _("select"));
    return buf;
  case WEFT_STATE_CHAN_SEND:
    snprintf(buf, size, _("send %s"), o ? o->name : "?");
    return buf;
  case WEFT_STATE_CHAN_RECV:
    snprintf(buf, size, _("recv %s"), o ? o->name : "?");
    return buf;
  case WEFT_STATE_IO: /* "read fd 0 (pipe)": a C name, not translated */
    snprintf(buf, size, "%s%s%s", weft_io_call_name((unsigned)(e->arg & 0xff)), o ? " " : "",
             o ? o->name : "");
    return buf;
  default:
    snprintf(buf, size, "%s", o ? o->name : weft_lane_state_name(st));
    return buf;
  }
}

static void hatch(cairo_t *cr, double x0, double y0, double x1, double y1, double step) {
  cairo_save(cr);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_clip(cr);
  double h = y1 - y0;
  for (double x = x0 - h - fmod(x0, step); x < x1; x += step) {
    cairo_move_to(cr, x, y1);
    cairo_line_to(cr, x + h, y0);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* A strip of pixels for one dense lane's bar. On an image target one strip
 * is reused; on recording or vector targets, which keep a reference to what
 * they paint, each lane gets its own. */
typedef struct {
  cairo_surface_t *surf;
  unsigned char *data;
  int w, h, stride;
  bool reuse;
} Strip;

static bool strip_begin(Strip *st, cairo_t *cr, int w, int h) {
  if (st->surf && (!st->reuse || st->w != w || st->h < h)) {
    cairo_surface_destroy(st->surf);
    st->surf = NULL;
  }
  if (!st->surf) {
    st->reuse = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
    st->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h > 0 ? h : 1);
    if (cairo_surface_status(st->surf) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(st->surf);
      st->surf = NULL;
      return false;
    }
    st->w = w;
    st->h = h;
  }
  cairo_surface_flush(st->surf);
  st->data = cairo_image_surface_get_data(st->surf);
  st->stride = cairo_image_surface_get_stride(st->surf);
  memset(st->data, 0, (size_t)st->stride * (size_t)h);
  return st->data != NULL;
}

static void strip_end(Strip *st) {
  if (st->surf)
    cairo_surface_destroy(st->surf);
  st->surf = NULL;
}

/* First region starting at or after t, galloping from `from`. */
static size_t regions_lower(const WeftLane *l, double t, size_t from) {
  size_t n = l->nregions, lo = from, hi = from, step = 1;
  while (hi < n && (double)weft_lane_region_start(l, hi) < t) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n)
    hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((double)weft_lane_region_start(l, mid) < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

enum { MAX_PIECES = 128 }; /* folds are over 2% of a run each: at most 50 */

/* lane_columns() through folds: each piece of the axis is linear, its
 * columns found as for a linear axis and shifted into place. */
static void lane_columns_folded(const WeftLane *l, const WeftTimeAxis *ax, int ncols, Runs *runs,
                                Runs *piece_runs, Label *labels, size_t *nlabels,
                                size_t max_labels, int min_label_px) {
  if (!ax->folds) {
    lane_columns(l, ax, ncols, runs, labels, nlabels, max_labels, min_label_px);
    return;
  }
  WeftAxisPiece pieces[MAX_PIECES];
  size_t np = weft_time_axis_pieces(ax, pieces, MAX_PIECES);
  for (size_t i = 0; i < np; i++) {
    int c0 = (int)round(pieces[i].x0 - ax->x0), c1 = (int)round(pieces[i].x1 - ax->x0);
    if (c1 > ncols)
      c1 = ncols;
    if (c1 <= c0)
      continue;
    WeftTimeAxis sub = {pieces[i].t0, pieces[i].t1, 0, c1 - c0, NULL};
    piece_runs->n = 0;
    size_t nl0 = *nlabels;
    lane_columns(l, &sub, c1 - c0, piece_runs, labels, nlabels, max_labels,
                 pieces[i].fold >= 0 ? 1 << 30 : min_label_px);
    for (size_t k = nl0; k < *nlabels; k++)
      labels[k].x0 += c0, labels[k].x1 += c0;
    for (size_t k = 0; k < piece_runs->n; k++)
      runs_add(runs, piece_runs->v[k].x0 + c0, piece_runs->v[k].x1 + c0, piece_runs->v[k].state);
  }
}

/* The worst state of a group's lanes in each column, as runs. */
static void group_columns(const WeftLaneModel *m, const WeftLaneGroup *g, const WeftTimeAxis *ax,
                          int ncols, Runs *runs, Runs *tmp, Runs *piece_runs) {
  uint8_t *worst = calloc((size_t)(ncols > 0 ? ncols : 1), 1);
  if (!worst)
    return;
  Label none[1];
  for (size_t k = 0; k < g->nlanes; k++) {
    size_t nl = 0;
    tmp->n = 0;
    lane_columns_folded(weft_lane_model_lane(m, g->lanes[k]), ax, ncols, tmp, piece_runs, none, &nl,
                        0, 1 << 30);
    for (size_t r = 0; r < tmp->n; r++)
      for (int x = tmp->v[r].x0 < 0 ? 0 : tmp->v[r].x0; x < tmp->v[r].x1 && x < ncols; x++)
        if (weft_lane_state_severity(tmp->v[r].state) > weft_lane_state_severity(worst[x]))
          worst[x] = tmp->v[r].state;
  }
  for (int x = 0; x < ncols; x++)
    if (worst[x])
      runs_add(runs, x, x + 1, worst[x]);
  free(worst);
}

static void draw_lanes(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftRenderOptions *o,
                       const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  size_t n = row_count(m, o);
  const WeftTimeAxis *ax = &L->axis;
  int ncols = (int)ceil(ax->width);
  double lh = L->lane_height;
  Runs runs = {0}, piece_runs = {0}, group_runs = {0};
  Strip strip = {0};
  uint32_t *rows = NULL; /* two rows of a dense strip */
  uint32_t px_of[WEFT_STATE_COUNT];
  bool px_ready = false;
  enum { MAX_LABELS = 256 };
  Label labels[MAX_LABELS];
  size_t first = 0;
  if (o->scroll_y > 0)
    first = (size_t)(o->scroll_y / lh);
  const WeftTrace *trace = weft_lane_model_trace(m);
  size_t nev;
  const WeftEvent *events = weft_trace_events(trace, &nev);
  double npp = weft_time_axis_ns_per_px(ax);
  /* Event ticks only when few enough events are visible to tell apart. */
  size_t e0 = weft_lane_model_event_at_time(m, ax->t0 > 0 ? (uint64_t)ax->t0 : 0);
  size_t e1 = weft_lane_model_event_at_time(m, (uint64_t)ax->t1);
  bool ticks = e1 - e0 < (size_t)ax->width / 2 && lh >= 12;

  cairo_save(cr);
  cairo_rectangle(cr, 0, L->lanes_top, o->width, L->lanes_bottom - L->lanes_top);
  cairo_clip(cr);
  for (size_t i = first; i < n; i++) {
    double y = lane_y(L, o, i);
    if (y > L->lanes_bottom)
      break;
    const WeftLane *l = weft_lane_model_lane(m, row_lane(o, i));
    const WeftLaneGroup *grp = row_group(o, i);
    /* Row background. */
    if (i % 2 == 1) {
      set_rgb(cr, th->stripe);
      cairo_rectangle(cr, 0, y, o->width, lh);
      cairo_fill(cr);
    }
    if ((int)row_lane(o, i) == o->hover_lane) {
      set_rgba(cr, th->accent, 0.07);
      cairo_rectangle(cr, 0, y, o->width, lh);
      cairo_fill(cr);
    }
    double pad = lh >= 16 ? round(lh * 0.18) : lh >= 6 ? 1 : 0;
    bool region_text = lh >= 38 * s;
    double region_h = grp || !l->max_depth || lh < 16 ? 0 : region_text ? round(12 * s) : fmin(4 * s, lh / 8);
    int region_levels = grp ? 0 : l->max_depth < 3 ? l->max_depth : 3;
    if (region_text && region_levels > 1) /* several levels: no room for text */
      region_text = false, region_h = fmin(4 * s, lh / 8);
    double by0 = y + pad + region_h * region_levels, by1 = y + lh - pad;
    if (region_h > 0 && region_text)
      by0 += 1, pad = round(pad * 0.5), by0 = y + pad + region_h * region_levels + 1;
    if (by1 - by0 < 1)
      by1 = by0 + 1;
    /* Lifetime line: from start to end, under the bar. */
    runs.n = 0;
    size_t nlabels = 0;
    if (grp)
      group_columns(m, grp, ax, ncols, &runs, &group_runs, &piece_runs);
    else
      lane_columns_folded(l, ax, ncols, &runs, &piece_runs, labels, &nlabels, MAX_LABELS,
                          (int)(56 * s));
    int bar_top = (int)round(by0), bar_h = (int)round(by1) - bar_top;
    if (runs.n > 64 && bar_h > 0 && (rows || (rows = calloc(2 * (size_t)(ncols > 0 ? ncols : 1), sizeof *rows))) &&
        strip_begin(&strip, cr, ncols, bar_h)) {
      /* Dense: write the pixels of the bar, then paint them in one go. Two
       * rows are built, the full-height states' and the thin ones' (idle:
       * sleeping, joining) with them, then copied down the strip. */
      Strip *ov = &strip;
      if (!px_ready) {
        for (unsigned st = 0; st < WEFT_STATE_COUNT; st++) {
          WeftRgb c = weft_state_colour(st, o->dark);
          px_of[st] = st ? 0xff000000u | (uint32_t)(c.r * 255 + 0.5) << 16 |
                               (uint32_t)(c.g * 255 + 0.5) << 8 | (uint32_t)(c.b * 255 + 0.5)
                         : 0;
        }
        px_ready = true;
      }
      int w = ov->w < ncols ? ov->w : ncols;
      uint32_t *full = rows, *thin = rows + ncols;
      memset(rows, 0, 2 * (size_t)ncols * sizeof *rows);
      bool any_thin = false;
      for (size_t r = 0; r < runs.n; r++) {
        unsigned st = runs.v[r].state;
        if (!st)
          continue;
        uint32_t px = px_of[st];
        bool idle = st == WEFT_STATE_SLEEP || st == WEFT_STATE_JOIN;
        any_thin |= idle;
        int x0 = runs.v[r].x0 < 0 ? 0 : runs.v[r].x0, x1 = runs.v[r].x1 > w ? w : runs.v[r].x1;
        for (int x = x0; x < x1; x++)
          thin[x] = px;
        if (!idle)
          for (int x = x0; x < x1; x++)
            full[x] = px;
      }
      double mid = bar_h / 2.0, hh = bar_h * 0.34;
      int y0 = any_thin ? (int)round(mid - hh) : bar_h, y1 = any_thin ? (int)round(mid + hh) : bar_h;
      size_t bytes = (size_t)w * sizeof(uint32_t);
      for (int yy = 0; yy < bar_h; yy++)
        memcpy(ov->data + (size_t)yy * (size_t)ov->stride, yy >= y0 && yy < y1 ? thin : full,
               bytes);
      cairo_surface_mark_dirty(ov->surf);
      cairo_set_source_surface(cr, ov->surf, ax->x0, bar_top);
      cairo_rectangle(cr, ax->x0, bar_top, ncols, bar_h);
      cairo_fill(cr);
    } else {
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
      for (unsigned st = 1; st < WEFT_STATE_COUNT; st++) {
        bool any = false;
        for (size_t r = 0; r < runs.n; r++)
          if (runs.v[r].state == st) {
            double yy0 = by0, yy1 = by1;
            if (st == WEFT_STATE_SLEEP || st == WEFT_STATE_JOIN) { /* idle: a thinner bar */
              double mid = (by0 + by1) / 2, hh = (by1 - by0) * 0.34;
              yy0 = round(mid - hh);
              yy1 = round(mid + hh);
            }
            cairo_rectangle(cr, ax->x0 + runs.v[r].x0, yy0, runs.v[r].x1 - runs.v[r].x0,
                            yy1 - yy0);
            any = true;
          }
        if (any) {
          set_rgb(cr, weft_state_colour(st, o->dark));
          cairo_fill(cr);
        }
      }
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    }
    /* Regions: thin nested bands above the bar; one per pixel at most, and
     * those that touch at one depth merged into one rectangle. */
    if (region_h > 0 && l->nregions) {
      size_t r = regions_lower(l, ax->t0 - (double)l->region_max_len, 0);
      double last_x = -1;
      Label region_labels[64];
      size_t nregion_labels = 0;
      struct {
        double x0, x1;
      } band[3];
      bool open_band[3] = {false, false, false};
      cairo_set_source_rgba(cr, o->dark ? 0.85 : 0.25, o->dark ? 0.85 : 0.25, o->dark ? 0.9 : 0.3,
                            0.55);
      while (r < l->nregions) {
        double rs = (double)weft_lane_region_start(l, r);
        if (rs > ax->t1)
          break;
        size_t ri = r++;
        unsigned depth = l->region_depth[ri];
        if (depth >= 3)
          continue;
        double re = (double)weft_lane_region_end(l, ri);
        if (re < ax->t0)
          continue;
        double x0 = weft_time_axis_to_x(ax, rs);
        double x1 = weft_time_axis_to_x(ax, re);
        if (x1 - x0 < 1) { /* a pixel, whole, so that neighbours make one band */
          x0 = floor(x0);
          x1 = x0 + 1;
          if (x0 == last_x) {
            r = regions_lower(l, weft_time_axis_to_time(ax, x0 + 1), r);
            continue;
          }
        }
        last_x = floor(x0);
        if (open_band[depth] && x0 <= band[depth].x1) {
          if (x1 > band[depth].x1)
            band[depth].x1 = x1;
        } else {
          if (open_band[depth])
            cairo_rectangle(cr, band[depth].x0, y + pad + depth * region_h,
                            band[depth].x1 - band[depth].x0, region_h - 1);
          band[depth].x0 = x0;
          band[depth].x1 = x1;
          open_band[depth] = true;
        }
        if (region_text && x1 - x0 > 40 * s && nregion_labels < 64 &&
            weft_lane_region_name(m, l, ri))
          region_labels[nregion_labels++] = (Label){(int)fmax(x0, ax->x0), (int)fmin(x1, ax->x0 + ax->width), ri};
      }
      for (unsigned d = 0; d < 3; d++)
        if (open_band[d])
          cairo_rectangle(cr, band[d].x0, y + pad + d * region_h, band[d].x1 - band[d].x0,
                          region_h - 1);
      cairo_fill(cr);
      for (size_t k = 0; k < nregion_labels; k++) {
        size_t ri = region_labels[k].seg;
        double w, h;
        text_set(tx, tx->tiny, weft_lane_region_name(m, l, ri), region_labels[k].x1 - region_labels[k].x0 - 8 * s, &w, &h);
        set_rgb(cr, o->dark ? (WeftRgb){0.1, 0.1, 0.12} : (WeftRgb){1, 1, 1});
        text_show(tx, region_labels[k].x0 + 4 * s, y + pad + l->region_depth[ri] * region_h + (region_h - 1 - h) / 2);
      }
    }
    /* Deadlock: red, hatched, from the last wait to the end (a group's:
     * each of its deadlocked threads'). */
    for (size_t k = 0; k < (grp ? grp->nlanes : 1); k++) {
      if (grp)
        l = weft_lane_model_lane(m, grp->lanes[k]);
      if (l->deadlock_from == UINT64_MAX || (double)l->end_time < ax->t0)
        continue;
      double x0 = fmax(weft_time_axis_to_x(ax, (double)l->deadlock_from), ax->x0);
      double x1 = fmin(weft_time_axis_to_x(ax, (double)l->end_time), ax->x0 + ax->width);
      if (x1 - x0 < 2)
        x1 = x0 + 2;
      WeftRgb red = weft_deadlock_colour(o->dark);
      set_rgb(cr, red);
      cairo_rectangle(cr, x0, by0 - 1, x1 - x0, by1 - by0 + 2);
      cairo_fill(cr);
      cairo_set_source_rgba(cr, 1, 1, 1, 0.35);
      cairo_set_line_width(cr, 2 * s);
      hatch(cr, x0, by0 - 1, x1, by1 + 1, 8 * s);
    }
    l = weft_lane_model_lane(m, row_lane(o, i));
    /* Labels inside segments that are wide enough. */
    if (by1 - by0 >= 11 * s) {
      char buf[160];
      for (size_t k = 0; k < nlabels; k++) {
        const char *text = segment_label(m, l, labels[k].seg, buf, sizeof buf);
        if (!text)
          continue;
        char dl[200];
        if (l->deadlock_from != UINT64_MAX && weft_lane_seg_start(l, labels[k].seg) >= l->deadlock_from) {
          snprintf(dl, sizeof dl, _("deadlock · waits for %s"), text);
          text = dl;
        }
        double room = labels[k].x1 - labels[k].x0 - 8 * s;
        double w, h;
        text_set(tx, tx->small, text, room, &w, &h);
        if (room < 24 * s)
          continue;
        WeftLaneState st = l->seg_state[labels[k].seg];
        WeftRgb bg = weft_state_colour(st, o->dark);
        if (l->deadlock_from != UINT64_MAX && weft_lane_seg_start(l, labels[k].seg) >= l->deadlock_from)
          bg = weft_deadlock_colour(o->dark);
        if (is_light(bg))
          cairo_set_source_rgb(cr, 0.08, 0.08, 0.1);
        else
          cairo_set_source_rgb(cr, 1, 1, 1);
        double tyc = (by0 + by1) / 2 - h / 2;
        text_show(tx, ax->x0 + labels[k].x0 + 4 * s, tyc);
      }
    }
    /* Event ticks. */
    if (ticks && !grp) {
      set_rgba(cr, th->fg, 0.55);
      cairo_set_line_width(cr, 1);
      for (size_t e = e0; e < e1; e++)
        if (events[e].thread == l->tid) {
          double x = round(weft_time_axis_to_x(ax, (double)events[e].time)) + 0.5;
          cairo_move_to(cr, x, by1);
          cairo_line_to(cr, x, by1 + fmin(pad, 4 * s));
        }
      cairo_stroke(cr);
    }
    /* Selected event: a marker. */
    if (o->selected != UINT32_MAX && o->selected < nev && row_has_thread(m, o, i, events[o->selected].thread)) {
      double x = weft_time_axis_to_x(ax, (double)events[o->selected].time);
      double cy = (by0 + by1) / 2, r = fmax(4 * s, (by1 - by0) / 2 + 2);
      cairo_move_to(cr, x, cy - r);
      cairo_line_to(cr, x + r * 0.7, cy);
      cairo_line_to(cr, x, cy + r);
      cairo_line_to(cr, x - r * 0.7, cy);
      cairo_close_path(cr);
      set_rgb(cr, th->bg);
      cairo_fill_preserve(cr);
      set_rgb(cr, th->accent);
      cairo_set_line_width(cr, 2 * s);
      cairo_stroke(cr);
    }
  }
  free(runs.v);
  free(piece_runs.v);
  free(group_runs.v);
  strip_end(&strip);
  free(rows);
  (void)npp;
  cairo_restore(cr);
}

static void draw_names(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftRenderOptions *o,
                       const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  size_t n = row_count(m, o);
  cairo_save(cr);
  cairo_rectangle(cr, 0, L->lanes_top, L->name_width, L->lanes_bottom - L->lanes_top);
  cairo_clip(cr);
  set_rgb(cr, th->name_bg);
  cairo_paint(cr);
  size_t first = o->scroll_y > 0 ? (size_t)(o->scroll_y / L->lane_height) : 0;
  for (size_t i = first; i < n; i++) {
    double y = lane_y(L, o, i);
    if (y > L->lanes_bottom)
      break;
    if (i % 2 == 1) {
      set_rgb(cr, th->stripe);
      cairo_rectangle(cr, 0, y, L->name_width, L->lane_height);
      cairo_fill(cr);
    }
    if (L->lane_height < 9)
      continue;
    const WeftLane *l = weft_lane_model_lane(m, row_lane(o, i));
    const WeftLaneGroup *grp = row_group(o, i);
    bool dead = l->deadlock_from != UINT64_MAX;
    char idbuf[24], gname[160];
    const char *name = l->thread->name;
    snprintf(idbuf, sizeof idbuf, "#%u", l->tid);
    if (grp) { /* "▸ bot_listen", its threads counted where the id goes */
      for (size_t k = 0; k < grp->nlanes; k++)
        dead |= weft_lane_model_lane(m, grp->lanes[k])->deadlock_from != UINT64_MAX;
      snprintf(gname, sizeof gname, "▸ %s", grp->name);
      name = gname;
      /* TRANSLATORS: the number of threads in a group lane */
      snprintf(idbuf, sizeof idbuf, _("×%zu"), grp->nlanes);
    }
    double iw, ih;
    const PangoFontDescription *f = L->lane_height >= 18 * s ? tx->normal : tx->small;
    text_set(tx, tx->small, idbuf, 0, &iw, &ih);
    double w, h;
    text_set(tx, f, name, L->name_width - iw - 40 * s, &w, &h);
    if (h > L->lane_height + 2) {
      text_set(tx, tx->small, name, L->name_width - iw - 40 * s, &w, &h);
    }
    double ty = y + (L->lane_height - h) / 2;
    if (dead)
      set_rgb(cr, weft_deadlock_colour(o->dark));
    else if (l->ended)
      set_rgb(cr, th->fg);
    else
      set_rgb(cr, th->fg);
    text_show(tx, 22 * s, ty);
    if (dead) {
      double dw, dh;
      text_set(tx, f, "⚠", 0, &dw, &dh);
      set_rgb(cr, weft_deadlock_colour(o->dark));
      text_show(tx, 5 * s, ty);
    }
    text_set(tx, tx->small, idbuf, 0, &iw, &ih);
    set_rgb(cr, th->dim);
    text_show(tx, L->name_width - iw - 10 * s, y + (L->lane_height - ih) / 2);
  }
  cairo_restore(cr);
  /* separator */
  set_rgb(cr, th->grid);
  cairo_rectangle(cr, L->name_width - 1, L->lanes_top, 1, L->lanes_bottom - L->lanes_top);
  cairo_fill(cr);
}

/* The folds' labels on the ruler, placed once for the ruler's own labels to
 * keep clear of them: on each fold, over its edges when it is narrower,
 * inside the axis, none over another. */
typedef struct {
  double x, w, h; /* the text's left, width, height */
  char text[96];
} FoldLabel;

typedef struct {
  size_t n;
  FoldLabel v[MAX_PIECES];
} FoldLabels;

static void place_fold_labels(Text *tx, const WeftRenderOptions *o, const WeftTimeAxis *ax,
                              FoldLabels *out) {
  out->n = 0;
  if (!ax->folds)
    return;
  double s = o->scale > 0 ? o->scale : 1, free_from = -INFINITY;
  WeftAxisPiece pieces[MAX_PIECES];
  size_t np = weft_time_axis_pieces(ax, pieces, MAX_PIECES);
  for (size_t p = 0; p < np; p++) {
    if (pieces[p].fold < 0)
      continue;
    const WeftFold *f = weft_folds_get(ax->folds, (size_t)pieces[p].fold);
    double x0 = round(pieces[p].x0), x1 = round(pieces[p].x1);
    char len[48];
    FoldLabel *l = &out->v[out->n];
    weft_format_duration(len, sizeof len, f->end - f->start);
    /* TRANSLATORS: a stretch of the run where nothing happened, folded
     * on the time ruler; %s is its real length */
    snprintf(l->text, sizeof l->text, _("%s idle"), len);
    text_set(tx, tx->small, l->text, 0, &l->w, &l->h);
    if (l->w + 8 * s > x1 - x0) {
      snprintf(l->text, sizeof l->text, "%s", len);
      text_set(tx, tx->small, l->text, 0, &l->w, &l->h);
    }
    l->x = fmin(fmax((x0 + x1 - l->w) / 2, ax->x0 + 3 * s), ax->x0 + ax->width - l->w - 3 * s);
    if (l->x - 3 * s < free_from)
      continue; /* no room: the fold's hatching says it is one */
    free_from = l->x + l->w + 6 * s;
    out->n++;
  }
}

static bool over_fold_label(const FoldLabels *fl, double x0, double x1, double s) {
  for (size_t i = 0; i < fl->n; i++)
    if (x1 > fl->v[i].x - 4 * s && x0 < fl->v[i].x + fl->v[i].w + 4 * s)
      return true;
  return false;
}

/* The window's pieces: one for a linear axis, else the unfolded stretches
 * and the folds between them. */
static size_t axis_pieces(const WeftTimeAxis *ax, WeftAxisPiece *out) {
  if (!ax->folds) {
    out[0] = (WeftAxisPiece){ax->t0, ax->t1, ax->x0, ax->x0 + ax->width, -1};
    return 1;
  }
  return weft_time_axis_pieces(ax, out, MAX_PIECES);
}

static void draw_ruler(cairo_t *cr, Text *tx, const WeftRenderOptions *o, const WeftRenderLayout *L,
                       const Theme *th, const FoldLabels *fl, bool grid_only) {
  double s = o->scale > 0 ? o->scale : 1;
  const WeftTimeAxis *ax = &L->axis;
  double npp = weft_time_axis_ns_per_px(ax);
  uint64_t step = weft_ruler_step(npp, 110 * s);
  uint64_t minor = step / (step % 5 == 0 && (step / 5) * 5 == step && step >= 5 ? 5 : 2);
  if (minor == 0)
    minor = 1;
  WeftAxisPiece pieces[MAX_PIECES];
  size_t np = axis_pieces(ax, pieces);
  /* ticks only where time runs linearly: a fold has its own mark */
  if (grid_only) {
    set_rgb(cr, th->grid);
    for (size_t p = 0; p < np; p++)
      for (double t = pieces[p].fold < 0 ? floor(pieces[p].t0 / (double)step) * (double)step : INFINITY;
           t <= pieces[p].t1; t += (double)step) {
        double x = round(weft_time_axis_to_x(ax, t)) + 0.5;
        if (x < ax->x0 || t < pieces[p].t0)
          continue;
        cairo_rectangle(cr, x - 0.5, L->lanes_top, 1, L->lanes_bottom - L->lanes_top);
      }
    cairo_fill(cr);
    return;
  }
  set_rgb(cr, th->ruler_bg);
  cairo_rectangle(cr, 0, 0, o->width, L->ruler_height);
  cairo_fill(cr);
  set_rgb(cr, th->grid);
  cairo_rectangle(cr, 0, L->ruler_height - 1, o->width, 1);
  cairo_fill(cr);
  set_rgb(cr, th->dim);
  for (size_t p = 0; p < np; p++)
    for (double t = pieces[p].fold < 0 ? floor(pieces[p].t0 / (double)minor) * (double)minor : INFINITY;
         t <= pieces[p].t1; t += (double)minor) {
      double x = round(weft_time_axis_to_x(ax, t)) + 0.5;
      if (x < ax->x0 || x > ax->x0 + ax->width || t < pieces[p].t0)
        continue;
      bool major = fmod(t, (double)step) == 0;
      double len = major ? 10 * s : 4 * s;
      cairo_rectangle(cr, x - 0.5, L->ruler_height - len, 1, len);
    }
  cairo_fill(cr);
  char buf[48];
  double free_from = -INFINITY; /* labels never overlap, across a fold either */
  for (size_t p = 0; p < np; p++) {
    if (pieces[p].fold >= 0) {
      free_from = fmax(free_from, pieces[p].x1);
      continue;
    }
    for (double t = floor(pieces[p].t0 / (double)step) * (double)step; t <= pieces[p].t1;
         t += (double)step) {
      double x = weft_time_axis_to_x(ax, t);
      if (x < ax->x0 - 1 || t < pieces[p].t0 || x < free_from)
        continue;
      weft_format_time(buf, sizeof buf, t, step);
      double w, h;
      text_set(tx, tx->small, buf, 0, &w, &h);
      if (x + 4 + w > o->width || over_fold_label(fl, x, x + 4 * s + w, s))
        continue;
      set_rgb(cr, th->fg);
      text_show(tx, x + 4 * s, L->ruler_height - 10 * s - h + 2 * s);
      free_from = x + 4 * s + w + 4 * s;
    }
  }
  /* corner: the span shown */
  weft_format_duration(buf, sizeof buf, ax->t1 - ax->t0);
  char label[96];
  snprintf(label, sizeof label, _("%s shown"), buf);
  double w, h;
  text_set(tx, tx->small, label, L->name_width - 16 * s, &w, &h);
  set_rgb(cr, th->dim);
  text_show(tx, 12 * s, (L->ruler_height - h) / 2);
}

/* Each fold: hatched on the ruler with its real length, its lanes washed
 * over and its edges drawn as a break of the axis. */
static void draw_folds(cairo_t *cr, Text *tx, const WeftRenderOptions *o, const WeftRenderLayout *L,
                       const Theme *th, const FoldLabels *fl) {
  const WeftTimeAxis *ax = &L->axis;
  if (!ax->folds)
    return;
  double s = o->scale > 0 ? o->scale : 1;
  WeftAxisPiece pieces[MAX_PIECES];
  size_t np = axis_pieces(ax, pieces);
  cairo_save(cr);
  cairo_rectangle(cr, ax->x0, 0, ax->width, L->lanes_bottom);
  cairo_clip(cr);
  for (size_t p = 0; p < np; p++) {
    if (pieces[p].fold < 0)
      continue;
    double x0 = round(pieces[p].x0), x1 = round(pieces[p].x1);
    if (x1 - x0 < 1)
      x1 = x0 + 1;
    set_rgba(cr, th->bg, 0.45); /* the lanes: dimmed, their state still seen */
    cairo_rectangle(cr, x0, L->lanes_top, x1 - x0, L->lanes_bottom - L->lanes_top);
    cairo_fill(cr);
    double rh = L->ruler_height - 1;
    set_rgb(cr, th->stripe);
    cairo_rectangle(cr, x0, 0, x1 - x0, rh);
    cairo_fill(cr);
    set_rgb(cr, th->dim); /* hatching on the ruler */
    cairo_set_line_width(cr, 1);
    cairo_save(cr);
    cairo_rectangle(cr, x0, 0, x1 - x0, rh);
    cairo_clip(cr);
    for (double hx = x0 - rh; hx < x1; hx += 6 * s) {
      cairo_move_to(cr, hx, rh);
      cairo_line_to(cr, hx + rh, 0);
    }
    cairo_set_source_rgba(cr, th->dim.r, th->dim.g, th->dim.b, 0.35);
    cairo_stroke(cr);
    cairo_restore(cr);
    /* the break: a zigzag down each edge of the ruler, a line down the lanes */
    set_rgb(cr, th->dim);
    cairo_set_line_width(cr, 1.2 * s);
    double zig = 3 * s;
    for (int side = 0; side < 2; side++) {
      double x = (side ? x1 : x0) + (side ? -0.5 : 0.5);
      cairo_move_to(cr, x, 0);
      int k = 0;
      for (double y = 0; y < rh; y += 2 * zig, k++)
        cairo_line_to(cr, x + (k % 2 ? -zig : zig) * 0.5, y + zig);
      cairo_stroke(cr);
      cairo_rectangle(cr, side ? x1 - 1 : x0, L->lanes_top, 1, L->lanes_bottom - L->lanes_top);
    }
    cairo_fill(cr);
  }
  double rh = L->ruler_height - 1;
  for (size_t i = 0; i < fl->n; i++) {
    double lx = fl->v[i].x, w = fl->v[i].w, h = fl->v[i].h;
    set_rgb(cr, th->ruler_bg);
    cairo_rectangle(cr, lx - 3 * s, (rh - h) / 2 - 1, w + 6 * s, h + 2);
    cairo_fill_preserve(cr);
    set_rgb(cr, th->dim);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    double tw, th_;
    text_set(tx, tx->small, fl->v[i].text, 0, &tw, &th_);
    set_rgb(cr, th->fg);
    text_show(tx, lx, (rh - h) / 2);
  }
  cairo_restore(cr);
}

static void arrow_head(cairo_t *cr, double x, double y, double angle, double size) {
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x - size * cos(angle - 0.42), y - size * sin(angle - 0.42));
  cairo_line_to(cr, x - size * cos(angle + 0.42), y - size * sin(angle + 0.42));
  cairo_close_path(cr);
  cairo_fill(cr);
}

typedef struct {
  double x0, y0, x1, y1;
} Seg;

/* One arrow's line into the current path; its head and tail into `heads`. */
static void arrow_path(cairo_t *cr, const Seg *a, double s) {
  double dx = a->x1 - a->x0;
  double bend = fmax(fmin(fabs(a->y1 - a->y0) * 0.35, 40 * s), 6 * s);
  double c0x = a->x0 + fmax(dx * 0.35, bend), c1x = a->x1 - fmax(dx * 0.35, bend);
  if (dx < 0) { /* received before sent on the clock: a plain curve */
    c0x = a->x0;
    c1x = a->x1;
  }
  double hs = 9 * s;
  /* the curve arrives horizontally; the line stops where the head begins */
  double ang = dx >= 0 ? 0 : atan2(a->y1 - a->y0, dx);
  cairo_move_to(cr, a->x0, a->y0);
  cairo_curve_to(cr, c0x, a->y0, c1x, a->y1, a->x1 - hs * 0.8 * cos(ang),
                 a->y1 - hs * 0.8 * sin(ang));
}

static void arrow_ends(cairo_t *cr, const Seg *a, double s) {
  double dx = a->x1 - a->x0, hs = 9 * s;
  double ang = dx >= 0 ? 0 : atan2(a->y1 - a->y0, dx);
  cairo_move_to(cr, a->x1, a->y1);
  cairo_line_to(cr, a->x1 - hs * cos(ang - 0.42), a->y1 - hs * sin(ang - 0.42));
  cairo_line_to(cr, a->x1 - hs * cos(ang + 0.42), a->y1 - hs * sin(ang + 0.42));
  cairo_close_path(cr);
  cairo_new_sub_path(cr);
  cairo_arc(cr, a->x0, a->y0, 2.2 * s, 0, 2 * M_PI);
  cairo_close_path(cr);
}

static void draw_arrows(cairo_t *cr, const WeftLaneModel *m, const WeftRenderOptions *o,
                        const WeftRenderLayout *L) {
  double s = o->scale > 0 ? o->scale : 1;
  const WeftTimeAxis *ax = &L->axis;
  double npp = weft_time_axis_ns_per_px(ax);
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  cairo_save(cr);
  cairo_rectangle(cr, ax->x0 - 4, L->lanes_top, ax->width + 8, L->lanes_bottom - L->lanes_top);
  cairo_clip(cr);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_tolerance(cr, 0.5);
  double half = L->lane_height / 2;
  /* Arrows closer than `bucket` pixels (per kind) are a smear: draw the
   * first of each bucket only, and skip the rest by binary search, so the
   * cost never grows with the events. */
  double bucket_px = 2;
  enum { MAX_ARROWS = 1024 };
  Seg *segs = malloc(MAX_ARROWS * sizeof *segs);
  if (!segs) {
    cairo_restore(cr);
    return;
  }
  /* the events in view, [e0, e1): arrows are searched by event index */
  uint32_t e0 = (uint32_t)weft_lane_model_event_at_time(m, ax->t0 > 0 ? (uint64_t)ceil(ax->t0) : 0);
  uint32_t e1 = (uint32_t)weft_lane_model_event_at_time(m, ax->t1 > 0 ? (uint64_t)ceil(ax->t1) : 0);
  uint32_t *across = malloc(MAX_ARROWS * sizeof *across);
  if (!across) {
    free(segs);
    cairo_restore(cr);
    return;
  }
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    if (!(o->arrows & (1u << k)))
      continue;
    size_t na;
    const WeftArrow *v = weft_lane_model_arrows(m, k, &na);
    if (!na)
      continue;
    /* how many start in view decides the thinning */
    size_t lo = weft_lane_model_arrows_from(m, k, e0, 0);
    size_t hi = weft_lane_model_arrows_from(m, k, e1, lo);
    bool dense = hi - lo > 120;
    double bucket = dense ? fmax(bucket_px, ax->width / 64) : 0;
    size_t nsegs = 0;
    /* those that start in view; then, unless crowded, those that end in it */
    size_t nacross = dense ? 0 : weft_lane_model_arrows_across(m, k, e0, e1, across, MAX_ARROWS);
    for (size_t i = lo, j = 0; nsegs < MAX_ARROWS;) {
      const WeftArrow *a;
      if (i < hi)
        a = &v[i++];
      else if (j < nacross)
        a = &v[across[j++]];
      else
        break;
      double ts = (double)ev[a->src].time, td = (double)ev[a->dst].time;
      if (bucket > 0) { /* the rest of this bucket: skipped */
        double next = ax->t0 + (floor((ts - ax->t0) / (bucket * npp)) + 1) * bucket * npp;
        if (ax->folds) { /* the bucket's end in pixels: a fold's pixel holds far more time */
          double x = weft_time_axis_to_x(ax, ts);
          next = weft_time_axis_to_time(ax, ax->x0 + (floor((x - ax->x0) / bucket) + 1) * bucket);
        }
        uint32_t en = (uint32_t)weft_lane_model_event_at_time(m, (uint64_t)ceil(next));
        i = weft_lane_model_arrows_from(m, k, en, i);
      }
      if (o->arrows_thread && ev[a->src].thread != o->arrows_thread &&
          ev[a->dst].thread != o->arrows_thread)
        continue;
      if (o->arrows_object && ev[a->src].object != o->arrows_object &&
          ev[a->dst].object != o->arrows_object)
        continue;
      int ls = weft_lane_model_lane_of(m, ev[a->src].thread);
      int ld = weft_lane_model_lane_of(m, ev[a->dst].thread);
      if (o->rows) {
        ls = weft_render_row_of_lane(m, o, ls);
        ld = weft_render_row_of_lane(m, o, ld);
      }
      if (ls < 0 || ld < 0 || ls == ld)
        continue;
      segs[nsegs++] = (Seg){weft_time_axis_to_x(ax, ts), lane_y(L, o, (size_t)ls) + half,
                            weft_time_axis_to_x(ax, td), lane_y(L, o, (size_t)ld) + half};
    }
    if (!nsegs)
      continue;
    WeftRgb c = weft_arrow_colour(k, o->dark);
    /* a halo in the background colour keeps arrows readable over the bars */
    bool crowded = nsegs > 48;
    cairo_set_antialias(cr, crowded ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
    for (int layer = crowded ? 1 : 0; layer < 2; layer++) {
      if (layer == 0) {
        Theme th = theme(o->dark);
        set_rgba(cr, th.bg, 0.75);
        cairo_set_line_width(cr, 3.6 * s);
      } else {
        set_rgba(cr, c, crowded ? 1.0 : 0.95); /* opaque: cairo fills the spans directly */
        cairo_set_line_width(cr, 1.7 * s);
      }
      if (k == WEFT_ARROW_JOIN || k == WEFT_ARROW_CREATE) {
        double d[] = {4 * s, 3 * s};
        cairo_set_dash(cr, d, 2, 0);
      }
      /* antialiased, one stroke each: the scan converter then works over
       * each curve's own extents, not over all of theirs (2 ms of a deep
       * zoom's frame) */
      for (size_t j = 0; j < nsegs; j++) {
        arrow_path(cr, &segs[j], s);
        if (!crowded)
          cairo_stroke(cr);
      }
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
    }
    set_rgb(cr, c);
    for (size_t j = 0; j < nsegs; j++)
      arrow_ends(cr, &segs[j], s);
    cairo_fill(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  }
  free(segs);
  free(across);
  cairo_restore(cr);
}

/* ---- data races: a bolt on each racing lane, joined by a dashed line ---- */

static void race_bolt(cairo_t *cr, double x, double cy, double size, WeftRgb c, WeftRgb halo) {
  double u = size / 10;
  cairo_move_to(cr, x + 1 * u, cy - 5 * u);
  cairo_line_to(cr, x - 3 * u, cy + 1 * u);
  cairo_line_to(cr, x + 0 * u, cy + 1 * u);
  cairo_line_to(cr, x - 1 * u, cy + 5 * u);
  cairo_line_to(cr, x + 3 * u, cy - 1 * u);
  cairo_line_to(cr, x + 0 * u, cy - 1 * u);
  cairo_close_path(cr);
  set_rgb(cr, halo);
  cairo_set_line_width(cr, 2.2 * u);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve(cr);
  set_rgb(cr, c);
  cairo_fill(cr);
}

static double race_bolt_size(const WeftRenderLayout *L, double s) {
  return fmin(L->lane_height * 0.8, 16 * s);
}

static void draw_races(cairo_t *cr, const WeftLaneModel *m, const WeftRenderOptions *o,
                       const WeftRenderLayout *L, const Theme *th) {
  size_t n = weft_lane_model_race_count(m);
  if (!n)
    return;
  double s = o->scale > 0 ? o->scale : 1;
  WeftRgb c = weft_race_colour(o->dark);
  double size = race_bolt_size(L, s);
  cairo_save(cr);
  cairo_rectangle(cr, L->name_width, L->lanes_top, o->width - L->name_width,
                  L->lanes_bottom - L->lanes_top);
  cairo_clip(cr);
  for (size_t i = 0; i < n; i++) {
    WeftLaneRace r;
    if (!weft_lane_model_race(m, i, &r))
      continue;
    bool selected = r.event != UINT32_MAX && r.event == o->selected;
    double x[2], y[2];
    int shown = 0;
    for (int a = 0; a < 2; a++) {
      if (r.lane[a] < 0)
        continue;
      /* an access by a thread that had ended when TSan spoke: at its end */
      const WeftLane *l = weft_lane_model_lane(m, (size_t)r.lane[a]);
      x[shown] = weft_time_axis_to_x(&L->axis, (double)(r.time < l->end_time ? r.time : l->end_time));
      y[shown++] = lane_y(L, o, (size_t)r.lane[a]) + L->lane_height / 2 - s;
    }
    if (shown == 2 && y[0] != y[1]) {
      double d[] = {3 * s, 2.5 * s};
      cairo_set_dash(cr, d, 2, 0);
      set_rgba(cr, c, 0.85);
      cairo_set_line_width(cr, (selected ? 2.4 : 1.4) * s);
      cairo_move_to(cr, round(x[0]) + 0.5, y[0]);
      cairo_line_to(cr, round(x[1]) + 0.5, y[1]);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
    }
    for (int k = 0; k < shown; k++) {
      if (x[k] < L->name_width - size || x[k] > o->width + size)
        continue;
      if (selected) {
        set_rgba(cr, th->accent, 0.35);
        cairo_arc(cr, x[k], y[k], size * 0.75, 0, 2 * M_PI);
        cairo_fill(cr);
      }
      race_bolt(cr, x[k], y[k], size, c, th->bg);
    }
  }
  cairo_restore(cr);
}

/* ---- misuse: a warning sign on the thread's lane ---- */

/* A triangle with a "!": filled for an error, hollow for a note. */
static void misuse_sign(cairo_t *cr, double x, double cy, double size, bool dark, bool note,
                        WeftRgb halo) {
  double u = size / 10;
  WeftRgb c = weft_misuse_colour(dark), ink = {0.10, 0.08, 0.0};
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to(cr, x, cy - 5 * u);
  cairo_line_to(cr, x + 5.5 * u, cy + 4.5 * u);
  cairo_line_to(cr, x - 5.5 * u, cy + 4.5 * u);
  cairo_close_path(cr);
  set_rgb(cr, halo);
  cairo_set_line_width(cr, 3 * u);
  cairo_stroke_preserve(cr);
  set_rgb(cr, note ? halo : c);
  cairo_fill_preserve(cr);
  set_rgb(cr, note ? c : ink);
  cairo_set_line_width(cr, (note ? 1.4 : 0.8) * u);
  cairo_stroke(cr);
  set_rgb(cr, note ? c : ink);
  cairo_rectangle(cr, x - 0.6 * u, cy - 2 * u, 1.2 * u, 3.6 * u);
  cairo_rectangle(cr, x - 0.6 * u, cy + 2.4 * u, 1.2 * u, 1.2 * u);
  cairo_fill(cr);
  cairo_restore(cr);
}

/* Where a mark is drawn: at its time, or at its thread's end when the
 * finding came after it (a lock still held when the program ended). */
static double misuse_time(const WeftLaneModel *m, const WeftLaneMisuse *mu) {
  const WeftLane *l = weft_lane_model_lane(m, (size_t)mu->lane);
  return (double)(mu->time < l->end_time ? mu->time : l->end_time);
}

static void draw_misuse(cairo_t *cr, const WeftLaneModel *m, const WeftRenderOptions *o,
                        const WeftRenderLayout *L, const Theme *th) {
  size_t n = weft_lane_model_misuse_count(m);
  if (!n)
    return;
  double s = o->scale > 0 ? o->scale : 1;
  double size = race_bolt_size(L, s);
  double slack = weft_time_axis_to_time(&L->axis, L->name_width + size) -
                 weft_time_axis_to_time(&L->axis, L->name_width);
  double t0 = weft_time_axis_to_time(&L->axis, L->name_width) - slack;
  cairo_save(cr);
  cairo_rectangle(cr, L->name_width, L->lanes_top, o->width - L->name_width,
                  L->lanes_bottom - L->lanes_top);
  cairo_clip(cr);
  /* one sign a lane and pixel column: a loop of misuse is one mark when zoomed out */
  double last_x = -1;
  int last_lane = -1;
  for (size_t i = weft_lane_model_misuse_from(m, t0 > 0 ? (uint64_t)t0 : 0); i < n; i++) {
    const WeftLaneMisuse *mu = weft_lane_model_misuse(m, i);
    if (mu->lane < 0)
      continue;
    double x = weft_time_axis_to_x(&L->axis, misuse_time(m, mu));
    if (x > o->width + size)
      break;
    if (round(x) == last_x && mu->lane == last_lane && mu->event != o->selected)
      continue;
    last_x = round(x);
    last_lane = mu->lane;
    double y = lane_y(L, o, (size_t)mu->lane);
    if (y + L->lane_height < L->lanes_top || y > L->lanes_bottom)
      continue;
    double cy = y + L->lane_height / 2 - s;
    if (mu->event != UINT32_MAX && mu->event == o->selected) {
      set_rgba(cr, th->accent, 0.35);
      cairo_arc(cr, x, cy, size * 0.8, 0, 2 * M_PI);
      cairo_fill(cr);
    }
    misuse_sign(cr, x, cy, size, o->dark, mu->note, th->bg);
  }
  cairo_restore(cr);
}

static void draw_legend(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftRenderOptions *o,
                        const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  double y0 = o->height - L->legend_height;
  set_rgb(cr, th->ruler_bg);
  cairo_rectangle(cr, 0, y0, o->width, L->legend_height);
  cairo_fill(cr);
  set_rgb(cr, th->grid);
  cairo_rectangle(cr, 0, y0, o->width, 1);
  cairo_fill(cr);
  LegendItem items[MAX_LEGEND];
  int rows = 0;
  size_t n = o->legend ? legend_place(m, o, items, &rows) : 0;
  double w, h;
  for (size_t i = 0; i < n; i++) {
    const LegendItem *it = &items[i];
    double x = it->x, cy = y0 + (4 + 22 * it->row + 11) * s;
    text_set(tx, tx->small, it->text, 0, &w, &h);
    if (it->kind == LEG_ARROW) {
      set_rgb(cr, weft_arrow_colour(it->id, o->dark));
      cairo_set_line_width(cr, 1.7 * s);
      if (it->id == WEFT_ARROW_JOIN || it->id == WEFT_ARROW_CREATE) {
        double d[] = {4 * s, 3 * s};
        cairo_set_dash(cr, d, 2, 0);
      }
      cairo_move_to(cr, x, cy);
      cairo_line_to(cr, x + 16 * s, cy);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
      arrow_head(cr, x + 22 * s, cy, 0, 8 * s);
      set_rgb(cr, th->fg);
      text_show(tx, x + 27 * s, cy - h / 2);
    } else if (it->kind == LEG_RACE) {
      race_bolt(cr, x + 7 * s, cy, 14 * s, weft_race_colour(o->dark), th->ruler_bg);
      set_rgb(cr, th->fg);
      text_show(tx, x + 19 * s, cy - h / 2);
    } else if (it->kind == LEG_MISUSE || it->kind == LEG_MISUSE_NOTE) {
      misuse_sign(cr, x + 7 * s, cy, 14 * s, o->dark, it->kind == LEG_MISUSE_NOTE, th->ruler_bg);
      set_rgb(cr, th->fg);
      text_show(tx, x + 19 * s, cy - h / 2);
    } else {
      WeftRgb c = it->kind == LEG_DEADLOCK ? weft_deadlock_colour(o->dark)
                                           : weft_state_colour(it->id, o->dark);
      set_rgb(cr, c);
      cairo_rectangle(cr, x, cy - 5 * s, 14 * s, 10 * s);
      cairo_fill(cr);
      if (it->kind == LEG_DEADLOCK)
        set_rgb(cr, c);
      else
        set_rgb(cr, th->fg);
      text_show(tx, x + 19 * s, cy - h / 2);
    }
  }
  if (o->message && *o->message) {
    text_set(tx, tx->small, o->message, o->width - 24 * s, &w, &h);
    set_rgb(cr, weft_deadlock_colour(o->dark));
    text_show(tx, 12 * s, o->height - 20 * s);
  }
}

/* Each stuck dump or crash: a dashed line at its time, and what brought it. */
static void draw_dumps(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftRenderOptions *o,
                       const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  const WeftTimeAxis *ax = &L->axis;
  for (size_t i = 0; i < weft_lane_model_dump_count(m); i++) {
    const WeftEvent *e = weft_lane_model_dump(m, i);
    if ((double)e->time < ax->t0 || (double)e->time > ax->t1)
      continue;
    unsigned reason = (unsigned)e->flags >> WEFT_DUMP_REASON_SHIFT & WEFT_DUMP_REASON_MASK;
    char label[96];
    switch (reason) {
    case WEFT_DUMP_INTERRUPT: snprintf(label, sizeof label, "%s", _("Ctrl-C: every thread")); break;
    case WEFT_DUMP_QUIT: snprintf(label, sizeof label, "%s", _("Ctrl-\\: every thread")); break;
    case WEFT_DUMP_TIMEOUT: snprintf(label, sizeof label, "%s", _("--timeout: every thread")); break;
    case WEFT_DUMP_WATCH: snprintf(label, sizeof label, "%s", _("suspected hang")); break;
    case WEFT_DUMP_CRASH: {
      const WeftThread *who = weft_trace_thread(weft_lane_model_trace(m), e->object);
      const char *sig = sigabbrev_np((int)e->arg);
      snprintf(label, sizeof label, _("%s crashed: SIG%s"), who ? who->name : "?", sig ? sig : "?");
      break;
    }
    default: snprintf(label, sizeof label, "%s", _("dump"));
    }
    double x = round(weft_time_axis_to_x(ax, (double)e->time)) + 0.5;
    WeftRgb c = reason == WEFT_DUMP_CRASH ? weft_deadlock_colour(o->dark) : th->accent;
    cairo_save(cr);
    double dash = 4 * s;
    cairo_set_dash(cr, &dash, 1, 0);
    cairo_set_line_width(cr, 1.5 * s);
    set_rgb(cr, c);
    cairo_move_to(cr, x, L->lanes_top);
    cairo_line_to(cr, x, L->lanes_bottom);
    cairo_stroke(cr);
    cairo_restore(cr);
    double w, h;
    text_set(tx, tx->small, label, 0, &w, &h);
    double bx = fmin(x + 2 * s, o->width - w - 12 * s);
    set_rgb(cr, c);
    cairo_rectangle(cr, bx, L->lanes_top + 2 * s, w + 10 * s, h + 4 * s);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    text_show(tx, bx + 5 * s, L->lanes_top + 4 * s);
  }
}

/* An exec on its lane: a bar across it, and the new program's name. */
static void draw_execs(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftRenderOptions *o,
                       const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  const WeftTimeAxis *ax = &L->axis;
  const WeftTrace *t = weft_lane_model_trace(m);
  for (size_t i = 0; i < weft_lane_model_exec_count(m); i++) {
    const WeftEvent *e = weft_lane_model_exec(m, i);
    int lane = weft_lane_model_lane_of(m, e->thread);
    if (lane < 0 || (double)e->time < ax->t0 || (double)e->time > ax->t1)
      continue;
    double x = round(weft_time_axis_to_x(ax, (double)e->time)) + 0.5;
    double y = lane_y(L, o, (size_t)lane);
    if (y + L->lane_height < L->lanes_top || y > L->lanes_bottom)
      continue;
    set_rgb(cr, th->accent);
    cairo_rectangle(cr, x - s, y, 2 * s, L->lane_height);
    cairo_fill(cr);
    const char *path = weft_trace_string(t, e->arg);
    const char *base = path && strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char label[96];
    snprintf(label, sizeof label, _("exec %s"), base ? base : "?");
    double w, h;
    text_set(tx, tx->small, label, 0, &w, &h);
    double bx = fmin(x + 2 * s, o->width - w - 12 * s);
    cairo_rectangle(cr, bx, y, w + 8 * s, h + 2 * s);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    text_show(tx, bx + 4 * s, y + s);
  }
}

static void draw_overlays(cairo_t *cr, Text *tx, const WeftRenderOptions *o,
                          const WeftRenderLayout *L, const Theme *th) {
  double s = o->scale > 0 ? o->scale : 1;
  const WeftTimeAxis *ax = &L->axis;
  for (size_t i = 0; o->ruler && i < o->nmarks; i++) /* bookmarks: a flag on the ruler */
    if (o->marks[i] >= ax->t0 && o->marks[i] <= ax->t1) {
      double x = round(weft_time_axis_to_x(ax, o->marks[i])), top = L->ruler_height - 14 * s;
      cairo_set_source_rgb(cr, 0.80, 0.47, 0.74); /* reddish purple, apart from the states */
      cairo_rectangle(cr, x, top, 1.5 * s, 14 * s);
      cairo_fill(cr);
      cairo_move_to(cr, x, top);
      cairo_line_to(cr, x + 9 * s, top + 3.5 * s);
      cairo_line_to(cr, x, top + 7 * s);
      cairo_close_path(cr);
      cairo_fill(cr);
    }
  if (o->range_to != o->range_from) {
    double x0 = weft_time_axis_to_x(ax, fmin(o->range_from, o->range_to));
    double x1 = weft_time_axis_to_x(ax, fmax(o->range_from, o->range_to));
    set_rgba(cr, th->accent, 0.16);
    cairo_rectangle(cr, x0, L->lanes_top, x1 - x0, L->lanes_bottom - L->lanes_top);
    cairo_fill(cr);
    set_rgba(cr, th->accent, 0.7);
    cairo_rectangle(cr, round(x0), L->lanes_top, 1, L->lanes_bottom - L->lanes_top);
    cairo_rectangle(cr, round(x1), L->lanes_top, 1, L->lanes_bottom - L->lanes_top);
    cairo_fill(cr);
  }
  if (o->has_playhead && o->playhead >= ax->t0 && o->playhead <= ax->t1) {
    double x = round(weft_time_axis_to_x(ax, o->playhead));
    set_rgb(cr, th->accent);
    cairo_rectangle(cr, x - 1, 0, 2 * s, L->lanes_bottom);
    cairo_fill(cr);
    char buf[48];
    weft_format_time(buf, sizeof buf, o->playhead, weft_ruler_step(weft_time_axis_ns_per_px(ax), 1));
    double w, h;
    text_set(tx, tx->small, buf, 0, &w, &h);
    double bx = fmin(x + 1, o->width - w - 12 * s);
    set_rgb(cr, th->accent);
    cairo_rectangle(cr, bx, 2 * s, w + 10 * s, h + 4 * s);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    text_show(tx, bx + 5 * s, 4 * s);
  }
}

double weft_render(cairo_t *cr, const WeftLaneModel *m, const WeftRenderOptions *o) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  WeftRenderLayout L;
  weft_render_layout(m, o, &L);
  Theme th = theme(o->dark);
  Text tx;
  cairo_save(cr);
  text_init(&tx, cr, o->scale > 0 ? o->scale : 1);
  set_rgb(cr, th.bg);
  cairo_paint(cr);
  FoldLabels fl;
  place_fold_labels(&tx, o, &L.axis, &fl);
  if (o->ruler)
    draw_ruler(cr, &tx, o, &L, &th, &fl, true);
  draw_lanes(cr, &tx, m, o, &L, &th);
  if (o->arrows)
    draw_arrows(cr, m, o, &L);
  draw_races(cr, m, o, &L, &th);
  draw_misuse(cr, m, o, &L, &th);
  draw_execs(cr, &tx, m, o, &L, &th);
  draw_names(cr, &tx, m, o, &L, &th);
  if (o->ruler)
    draw_ruler(cr, &tx, o, &L, &th, &fl, false);
  draw_folds(cr, &tx, o, &L, &th, &fl);
  if (o->legend || (o->message && *o->message))
    draw_legend(cr, &tx, m, o, &L, &th);
  draw_dumps(cr, &tx, m, o, &L, &th);
  draw_overlays(cr, &tx, o, &L, &th);
  text_free(&tx);
  cairo_restore(cr);
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

void weft_render_overview(cairo_t *cr, const WeftLaneModel *m, int width, int height, bool dark,
                          double t0, double t1) {
  Theme th = theme(dark);
  set_rgb(cr, th.ruler_bg);
  cairo_paint(cr);
  size_t n = weft_lane_model_lane_count(m);
  double fa, fb;
  weft_lane_model_fit(m, &fa, &fb);
  if (fb <= fa || !n)
    return;
  double dur = fb;
  WeftTimeAxis ax = {fa, fb, 0, width};
  double rh = (height - 2.0) / (double)n;
  Runs runs = {0};
  Label dummy[1];
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  for (size_t i = 0; i < n; i++) {
    const WeftLane *l = weft_lane_model_lane(m, i);
    runs.n = 0;
    size_t nl = 0;
    lane_columns(l, &ax, width, &runs, dummy, &nl, 0, 1 << 30);
    double y0 = 1 + floor(i * rh), y1 = 1 + floor((i + 1) * rh);
    if (y1 <= y0)
      y1 = y0 + 1;
    for (unsigned st = 1; st < WEFT_STATE_COUNT; st++) {
      bool any = false;
      for (size_t r = 0; r < runs.n; r++)
        if (runs.v[r].state == st) {
          cairo_rectangle(cr, runs.v[r].x0, y0, runs.v[r].x1 - runs.v[r].x0, y1 - y0);
          any = true;
        }
      if (any) {
        set_rgb(cr, weft_state_colour(st, dark));
        cairo_fill(cr);
      }
    }
    if (l->deadlock_from != UINT64_MAX) {
      set_rgb(cr, weft_deadlock_colour(dark));
      double x0 = weft_time_axis_to_x(&ax, (double)l->deadlock_from);
      double x1 = weft_time_axis_to_x(&ax, (double)l->end_time);
      cairo_rectangle(cr, x0, y0, fmax(x1 - x0, 2), y1 - y0);
      cairo_fill(cr);
    }
  }
  free(runs.v);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  if (t1 > t0 && (t0 > 0 || t1 < dur)) {
    double x0 = weft_time_axis_to_x(&ax, t0), x1 = weft_time_axis_to_x(&ax, t1);
    if (x1 - x0 < 3)
      x1 = x0 + 3;
    cairo_set_source_rgba(cr, 0, 0, 0, dark ? 0.45 : 0.28);
    cairo_rectangle(cr, 0, 0, x0, height);
    cairo_rectangle(cr, x1, 0, width - x1, height);
    cairo_fill(cr);
    set_rgb(cr, th.accent);
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, x0 + 1, 1, x1 - x0 - 2, height - 2);
    cairo_stroke(cr);
  }
}

void weft_render_hit(const WeftLaneModel *m, const WeftRenderOptions *o, double x, double y,
                     WeftHit *out) {
  WeftRenderLayout L;
  weft_render_layout(m, o, &L);
  memset(out, 0, sizeof *out);
  out->lane = -1;
  out->group = -1;
  out->segment = -1;
  out->event = UINT32_MAX;
  out->time = weft_time_axis_to_time(&L.axis, x);
  if (y < L.lanes_top) {
    out->area = WEFT_HIT_RULER;
    return;
  }
  if (y >= L.lanes_bottom) {
    out->area = WEFT_HIT_LEGEND;
    return;
  }
  double rel = y - lane_y(&L, o, 0);
  if (rel < 0 || rel >= L.content_height) {
    out->area = WEFT_HIT_NONE;
    return;
  }
  size_t row = (size_t)(rel / L.lane_height);
  out->lane = (int)row_lane(o, row);
  const WeftLaneGroup *grp = row_group(o, row);
  out->group = grp ? (int)(o->rows[row] & ~WEFT_ROW_GROUP) : -1;
  out->area = x < L.name_width ? WEFT_HIT_NAME : WEFT_HIT_LANE;
  if (out->area != WEFT_HIT_LANE || grp)
    return; /* a group lane: its threads' events are in their own lanes */
  const WeftLane *l = weft_lane_model_lane(m, (size_t)out->lane);
  double t = out->time;
  if (t >= (double)l->start_time && t <= (double)l->end_time)
    out->segment = weft_lane_segment_at(l, t < 0 ? 0 : (uint64_t)t);
  double d = 6 * (o->scale > 0 ? o->scale : 1); /* pixels, in time where the pointer is */
  double slack = fmax(t - weft_time_axis_to_time(&L.axis, x - d), weft_time_axis_to_time(&L.axis, x + d) - t);
  out->event = weft_lane_model_event_near(m, l->tid, t < 0 ? 0 : (uint64_t)t, (uint64_t)slack);
  /* a race's bolt selects its report, on either of its lanes */
  for (size_t i = 0, n = weft_lane_model_race_count(m); i < n; i++) {
    WeftLaneRace r;
    if (!weft_lane_model_race(m, i, &r) || r.event == UINT32_MAX)
      continue;
    double at = (double)(r.time < l->end_time ? r.time : l->end_time);
    if (fabs(at - t) <= slack && (r.lane[0] == out->lane || r.lane[1] == out->lane))
      out->event = r.event;
  }
  /* a misuse sign selects the event it was found at */
  for (size_t i = weft_lane_model_misuse_from(m, t > slack ? (uint64_t)(t - slack) : 0),
              n = weft_lane_model_misuse_count(m);
       i < n; i++) {
    const WeftLaneMisuse *mu = weft_lane_model_misuse(m, i);
    if ((double)mu->time > t + slack)
      break;
    if (mu->lane == out->lane && mu->event != UINT32_MAX && fabs(misuse_time(m, mu) - t) <= slack)
      out->event = mu->event;
  }
}

/* ---- files ---- */

static const char *extension(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  return dot && (!slash || dot > slash) ? dot + 1 : "";
}

bool weft_render_format_known(const char *path) {
  const char *e = extension(path);
  return !strcasecmp(e, "png") || !strcasecmp(e, "svg") || !strcasecmp(e, "pdf");
}

int weft_render_draw_to_file(const char *path, int width, int height,
                             void (*draw)(cairo_t *cr, void *data), void *data) {
  const char *e = extension(path);
  cairo_surface_t *surf;
  bool png = false;
  if (!strcasecmp(e, "png")) {
    surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    png = true;
  } else if (!strcasecmp(e, "svg")) {
    surf = cairo_svg_surface_create(path, width, height);
  } else if (!strcasecmp(e, "pdf")) {
    surf = cairo_pdf_surface_create(path, width, height);
  } else {
    errno = EINVAL;
    return -1;
  }
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    errno = EIO;
    return -1;
  }
  cairo_t *cr = cairo_create(surf);
  draw(cr, data);
  cairo_destroy(cr);
  cairo_status_t st = CAIRO_STATUS_SUCCESS;
  if (png)
    st = cairo_surface_write_to_png(surf, path);
  cairo_surface_finish(surf);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    if (!errno)
      errno = EIO;
    return -1;
  }
  return 0;
}

typedef struct {
  const WeftLaneModel *m;
  const WeftRenderOptions *o;
} TimelineJob;

static void draw_timeline(cairo_t *cr, void *data) {
  TimelineJob *j = data;
  weft_render(cr, j->m, j->o);
}

int weft_render_to_file(const WeftLaneModel *m, const WeftRenderOptions *o, const char *path) {
  TimelineJob j = {m, o};
  return weft_render_draw_to_file(path, o->width, o->height, draw_timeline, &j);
}
