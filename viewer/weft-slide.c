/* weft-slide.c: a step of a run as a slide, and decks of them. */
#include "weft-slide.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "weft-viewer-private.h"
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
                             double width, double height, WeftRenderOptions *r) {
  size_t nev;
  const WeftEvent *events = weft_trace_events(weft_lane_model_trace(m), &nev);
  weft_render_options_init(r, (int)width, (int)height);
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
  timeline_options(m, o, SIZE_MAX, o->width, 10000, &r);
  r.lane_height = 40 * r.scale;
  WeftRenderLayout L;
  weft_render_layout(m, &r, &L);
  return L.ruler_height + L.legend_height + 10 * r.scale +
         L.lane_height * (double)weft_lane_model_lane_count(m);
}

/* In the box at (x, y), width x height. */
static void draw_timeline(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o,
                          size_t ev, double x, double y, double width, double height) {
  WeftRenderOptions r;
  timeline_options(m, o, ev, width, height, &r);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_clip(cr);
  weft_render(cr, m, &r);
  if (r.has_playhead) { /* what has not happened yet at this step, veiled */
    WeftRenderLayout L;
    weft_render_layout(m, &r, &L);
    double px = weft_time_axis_to_x(&L.axis, r.playhead) + 2 * r.scale;
    if (px < width) {
      double v = o->dark ? 0.12 : 1;
      cairo_set_source_rgba(cr, v, v, v, 0.55);
      cairo_rectangle(cr, px, L.lanes_top, width - px, L.lanes_bottom - L.lanes_top);
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

/* A blank page and its caption; returns where the rest begins. */
static double page_begin(cairo_t *cr, const WeftSlideOptions *o, const char *caption) {
  double s = o->scale > 0 ? o->scale : 1, margin = 16 * s, dim = o->dark ? 0.65 : 0.4;
  if (o->dark)
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.13);
  else
    cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  double y = margin;
  if (caption) {
    cairo_set_source_rgb(cr, dim, dim, dim);
    y += paragraph(cr, caption, 11 * s, false, margin, y, o->width - 2 * margin) + 4 * s;
  }
  return y;
}

void weft_slide_draw(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o,
                     const WeftSlide *slide) {
  double s = o->scale > 0 ? o->scale : 1;
  double margin = 16 * s, width = o->width - 2 * margin;
  double fg = o->dark ? 0.92 : 0.1, dim = o->dark ? 0.65 : 0.4;
  cairo_save(cr);
  double y = page_begin(cr, o, slide->caption);
  char *said = weft_lane_model_narrate(m, slide->event);
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
  free(said);
  y += 6 * s;
  double rest = o->height - y - margin;
  if (rest > 40 * s) { /* the world gets what it needs, the timeline at least a third */
    World x;
    world_build(&x, m, o, slide->event);
    double world = weft_render_world(NULL, m, &x.w, &x.g, width, s, o->dark);
    double timeline = fmin(timeline_natural_height(m, o), fmax(rest / 3, rest - world - 8 * s));
    draw_timeline(cr, m, o, slide->event, 0, y, o->width, timeline);
    y += timeline + 8 * s;
    draw_world(cr, m, o, &x, margin, y, width, o->height - y - margin);
    world_clear(&x);
  }
  cairo_restore(cr);
}

/* One run of a pair, in the box from y, height h: its name and step's
 * sentence, then its timeline beside its wait-for graph. */
static void draw_run(cairo_t *cr, const WeftSlideOptions *o, const WeftSlideRun *run, double y,
                     double h) {
  double s = o->scale > 0 ? o->scale : 1;
  double margin = 16 * s, width = o->width - 2 * margin;
  double fg = o->dark ? 0.92 : 0.1;
  char *said = run->event != SIZE_MAX ? weft_lane_model_narrate(run->m, run->event) : NULL;
  size_t nev;
  weft_trace_events(weft_lane_model_trace(run->m), &nev);
  char *head = said ? g_strdup_printf(_("%s, event %zu of %zu: %s"), run->name, run->event + 1,
                                      nev, said)
                    : g_strdup_printf(_("%s: not started yet"), run->name);
  cairo_set_source_rgb(cr, fg, fg, fg);
  double top = y;
  y += paragraph(cr, head, 14 * s, true, margin, y, width) + 4 * s;
  g_free(head);
  free(said);
  double rest = h - (y - top);
  if (rest < 30 * s)
    return;
  double graph_w = o->width * 0.3;
  draw_timeline(cr, run->m, o, run->event, 0, y, o->width - graph_w, rest);
  World x;
  world_build(&x, run->m, o, run->event == SIZE_MAX ? 0 : run->event);
  draw_world(cr, run->m, o, &x, o->width - graph_w + 8 * s, y, graph_w - 8 * s - margin, rest);
  world_clear(&x);
}

void weft_slide_draw_pair(cairo_t *cr, const WeftSlideOptions *o, const WeftSlideRun runs[2],
                          const char *caption) {
  double s = o->scale > 0 ? o->scale : 1;
  cairo_save(cr);
  double y = page_begin(cr, o, caption);
  double half = (o->height - y - 16 * s) / 2;
  draw_run(cr, o, &runs[0], y, half - 6 * s);
  cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 0.5);
  cairo_rectangle(cr, 0, y + half - 2 * s, o->width, 1.5 * s);
  cairo_fill(cr);
  draw_run(cr, o, &runs[1], y + half + 6 * s, half - 6 * s);
  cairo_restore(cr);
}

typedef struct {
  WeftSlidePageFn page;
  void *data;
  size_t i;
} OnePage;

static void draw_page_job(cairo_t *cr, void *data) {
  OnePage *j = data;
  j->page(cr, j->i, j->data);
}

static int deck_to_pdf(const WeftSlideOptions *o, WeftSlidePageFn page, void *data, size_t n,
                       const char *path) {
  cairo_surface_t *surf = cairo_pdf_surface_create(path, o->width, o->height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    errno = errno ? errno : EIO;
    return -1;
  }
  cairo_t *cr = cairo_create(surf);
  for (size_t i = 0; i < n; i++) {
    page(cr, i, data);
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

static int deck_to_folder(const WeftSlideOptions *o, WeftSlidePageFn page, void *data, size_t n,
                          const char *dir) {
  if (g_mkdir_with_parents(dir, 0777) < 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    char name[32];
    g_snprintf(name, sizeof name, "step-%03zu.png", i + 1);
    char *file = g_build_filename(dir, name, NULL);
    OnePage j = {page, data, i};
    int rc = weft_render_draw_to_file(file, o->width, o->height, draw_page_job, &j);
    g_free(file);
    if (rc < 0)
      return -1;
  }
  return 0;
}

int weft_slide_pages_to_file(const WeftSlideOptions *o, WeftSlidePageFn page, void *data,
                             size_t n, const char *path, bool folder) {
  errno = 0;
  if (folder)
    return deck_to_folder(o, page, data, n, path);
  if (n == 1) {
    OnePage j = {page, data, 0};
    return weft_render_draw_to_file(path, o->width, o->height, draw_page_job, &j);
  }
  const char *dot = strrchr(path, '.');
  if (!dot || g_ascii_strcasecmp(dot, ".pdf")) {
    errno = EINVAL; /* several pages: only a PDF holds them */
    return -1;
  }
  return deck_to_pdf(o, page, data, n, path);
}

typedef struct {
  const WeftLaneModel *m;
  const WeftSlideOptions *o;
  const WeftSlide *slides;
} Deck;

static void deck_page(cairo_t *cr, size_t i, void *data) {
  Deck *d = data;
  weft_slide_draw(cr, d->m, d->o, &d->slides[i]);
}

int weft_slides_to_file(const WeftLaneModel *m, const WeftSlideOptions *o, const WeftSlide *slides,
                        size_t n, const char *path, bool folder) {
  Deck d = {m, o, slides};
  return weft_slide_pages_to_file(o, deck_page, &d, n, path, folder);
}
