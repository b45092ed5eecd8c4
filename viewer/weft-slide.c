/* weft-slide.c: a step of a run as a slide, and decks of them. */
#include "weft-slide.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "weft-narrate.h"
#include "weft-render.h"
#include "weft-waitgraph.h"

#define SLIDE_FONT "Cantarell, Inter, Noto Sans, DejaVu Sans, sans-serif"

void weft_slide_options_init(WeftSlideOptions *o) {
  memset(o, 0, sizeof *o);
  o->width = 1600;
  o->height = 900;
  o->scale = 1.5;
  o->arrows = WEFT_ARROWS_ALL;
  o->legend = true;
}

/* A wrapped paragraph at (x, y), at most `width` wide; returns its height. */
static double paragraph(cairo_t *cr, const char *text, double size, bool bold, double x, double y,
                        double width) {
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string(SLIDE_FONT);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight(font, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(layout, text, -1);
  int pw, ph;
  pango_layout_get_pixel_size(layout, &pw, &ph);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(font);
  g_object_unref(layout);
  return ph;
}

static void timeline_options(const WeftLaneModel *m, const WeftSlideOptions *o, size_t ev,
                             double height, WeftRenderOptions *r) {
  size_t nev;
  const WeftEvent *events = weft_trace_events(weft_lane_model_trace(m), &nev);
  weft_render_options_init(r, o->width, (int)height);
  r->scale = o->scale > 0 ? o->scale * 0.8 : 1;
  r->dark = o->dark;
  r->arrows = o->arrows;
  r->legend = o->legend;
  if (o->t1 > o->t0) {
    r->t0 = o->t0;
    r->t1 = o->t1;
  } else {
    weft_lane_model_fit(m, &r->t0, &r->t1);
  }
  if (ev < nev) {
    r->has_playhead = true;
    r->playhead = (double)events[ev].time;
    r->selected = (uint32_t)ev;
  }
}

/* The height the timeline's lanes, ruler and legend take at their ease. */
static double timeline_natural_height(const WeftLaneModel *m, const WeftSlideOptions *o) {
  WeftRenderOptions r;
  timeline_options(m, o, SIZE_MAX, 10000, &r);
  r.lane_height = 40 * r.scale;
  WeftRenderLayout L;
  weft_render_layout(m, &r, &L);
  return L.ruler_height + L.legend_height + 10 * r.scale +
         L.lane_height * (double)weft_lane_model_lane_count(m);
}

static void draw_timeline(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o,
                          size_t ev, double y, double height) {
  WeftRenderOptions r;
  timeline_options(m, o, ev, height, &r);
  cairo_save(cr);
  cairo_translate(cr, 0, y);
  cairo_rectangle(cr, 0, 0, o->width, height);
  cairo_clip(cr);
  weft_render(cr, m, &r);
  if (r.has_playhead) { /* what has not happened yet at this step, veiled */
    WeftRenderLayout L;
    weft_render_layout(m, &r, &L);
    double x = weft_time_axis_to_x(&L.axis, r.playhead) + 2 * r.scale;
    if (x < o->width) {
      double v = o->dark ? 0.12 : 1;
      cairo_set_source_rgba(cr, v, v, v, 0.55);
      cairo_rectangle(cr, x, L.lanes_top, o->width - x, L.lanes_bottom - L.lanes_top);
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);
}

/* The wait-for graph and the channels at the step. */
typedef struct {
  WeftWorld w;
  WeftWaitGraph g;
} World;

static void world_build(World *x, const WeftLaneModel *m, const WeftSlideOptions *o, size_t ev) {
  weft_lane_model_world(m, ev, &x->w);
  weft_wait_graph_build(m, &x->w, &x->g);
  weft_wait_graph_layout(&x->g, m, &x->w, o->scale > 0 ? o->scale : 1);
}

static void world_clear(World *x) {
  weft_wait_graph_clear(&x->g);
  weft_world_clear(&x->w);
}

/* Scaled down to fit the box. */
static void draw_world(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o, World *x,
                       double left, double y, double width, double height) {
  double s = o->scale > 0 ? o->scale : 1;
  double need = weft_render_world(NULL, m, &x->w, &x->g, width, s, o->dark);
  double f = need > height ? height / need : 1;
  cairo_save(cr);
  cairo_translate(cr, left + width * (1 - f) / 2, y);
  cairo_scale(cr, f, f);
  weft_render_world(cr, m, &x->w, &x->g, width, s, o->dark);
  cairo_restore(cr);
}

void weft_slide_draw(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o,
                     const WeftSlide *slide) {
  double s = o->scale > 0 ? o->scale : 1;
  double margin = 16 * s, width = o->width - 2 * margin;
  double fg = o->dark ? 0.92 : 0.1, dim = o->dark ? 0.65 : 0.4;
  cairo_save(cr);
  if (o->dark)
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.13);
  else
    cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  double y = margin;
  if (slide->caption) {
    cairo_set_source_rgb(cr, dim, dim, dim);
    y += paragraph(cr, slide->caption, 11 * s, false, margin, y, width) + 4 * s;
  }
  char *said = weft_narrate_event(m, slide->event);
  cairo_set_source_rgb(cr, fg, fg, fg);
  if (slide->title) {
    y += paragraph(cr, slide->title, 20 * s, true, margin, y, width) + 4 * s;
    if (slide->note && *slide->note)
      y += paragraph(cr, slide->note, 13 * s, false, margin, y, width) + 4 * s;
    if (said) {
      cairo_set_source_rgb(cr, dim, dim, dim);
      y += paragraph(cr, said, 11 * s, false, margin, y, width) + 4 * s;
    }
  } else if (said) {
    y += paragraph(cr, said, 16 * s, true, margin, y, width) + 4 * s;
  }
  g_free(said);
  y += 6 * s;
  double rest = o->height - y - margin;
  if (rest > 40 * s) { /* the world gets what it needs, the timeline at least a third */
    World x;
    world_build(&x, m, o, slide->event);
    double world = weft_render_world(NULL, m, &x.w, &x.g, width, s, o->dark);
    double timeline = fmin(timeline_natural_height(m, o), fmax(rest / 3, rest - world - 8 * s));
    draw_timeline(cr, m, o, slide->event, y, timeline);
    y += timeline + 8 * s;
    draw_world(cr, m, o, &x, margin, y, width, o->height - y - margin);
    world_clear(&x);
  }
  cairo_restore(cr);
}

typedef struct {
  const WeftLaneModel *m;
  const WeftSlideOptions *o;
  const WeftSlide *slide;
} OneSlide;

static void draw_one(cairo_t *cr, void *data) {
  OneSlide *j = data;
  weft_slide_draw(cr, j->m, j->o, j->slide);
}

static int deck_to_pdf(const WeftLaneModel *m, const WeftSlideOptions *o, const WeftSlide *slides,
                       size_t n, const char *path) {
  cairo_surface_t *surf = cairo_pdf_surface_create(path, o->width, o->height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    errno = errno ? errno : EIO;
    return -1;
  }
  cairo_t *cr = cairo_create(surf);
  for (size_t i = 0; i < n; i++) {
    weft_slide_draw(cr, m, o, &slides[i]);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  cairo_status_t st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    errno = errno ? errno : EIO;
    return -1;
  }
  return 0;
}

static int deck_to_folder(const WeftLaneModel *m, const WeftSlideOptions *o,
                          const WeftSlide *slides, size_t n, const char *dir) {
  if (g_mkdir_with_parents(dir, 0777) < 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    char name[32];
    g_snprintf(name, sizeof name, "step-%03zu.png", i + 1);
    char *file = g_build_filename(dir, name, NULL);
    OneSlide j = {m, o, &slides[i]};
    int rc = weft_render_draw_to_file(file, o->width, o->height, draw_one, &j);
    g_free(file);
    if (rc < 0)
      return -1;
  }
  return 0;
}

int weft_slides_to_file(const WeftLaneModel *m, const WeftSlideOptions *o, const WeftSlide *slides,
                        size_t n, const char *path, bool folder) {
  errno = 0;
  if (folder)
    return deck_to_folder(m, o, slides, n, path);
  if (n == 1) {
    OneSlide j = {m, o, &slides[0]};
    return weft_render_draw_to_file(path, o->width, o->height, draw_one, &j);
  }
  const char *dot = strrchr(path, '.');
  if (!dot || g_ascii_strcasecmp(dot, ".pdf")) {
    errno = EINVAL; /* several pages: only a PDF holds them */
    return -1;
  }
  return deck_to_pdf(m, o, slides, n, path);
}
