/* weft-slide.h: one step of a run as a slide for a lecture: the sentence
 * that says the step, the timeline with the playhead on it, and the state
 * of the world there (the wait-for graph, the channels' buffers). Pages of
 * such slides make a multi-page PDF or a folder of numbered PNGs. The text
 * is real text (pango on cairo): pdftotext reads a page's sentence back.
 * No GTK. */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "weft-lanes.h"

typedef struct {
  int width, height; /* a page, in pixels (PDF points) */
  double scale;      /* text size */
  bool dark;
  double t0, t1;     /* the timeline's window; t1 <= t0: the whole run */
  unsigned arrows;   /* bit per WeftArrowKind */
  bool legend;
} WeftSlideOptions;

void weft_slide_options_init(WeftSlideOptions *o);

typedef struct {
  size_t event;        /* the playhead: the state just after this event */
  const char *title;   /* a bookmark's title, or NULL: the step's sentence is the title */
  const char *note;    /* a bookmark's note, or NULL */
  const char *caption; /* a small line above it all ("Step 3 of 12"), or NULL */
} WeftSlide;

void weft_slide_draw(cairo_t *cr, const WeftLaneModel *m, const WeftSlideOptions *o,
                     const WeftSlide *slide);

/* Two runs on one page, one above the other (a buggy run and its fix at a
 * shared playhead): each its name and step's sentence, its timeline and its
 * wait-for graph. event SIZE_MAX: the run has not reached that point. */
typedef struct {
  const WeftLaneModel *m;
  size_t event;
  const char *name;
} WeftSlideRun;
void weft_slide_draw_pair(cairo_t *cr, const WeftSlideOptions *o, const WeftSlideRun runs[2],
                          const char *caption);

/* Writes pages drawn by page(cr, i, data), i from 0 to n - 1: one PNG, SVG
 * or PDF for one page; a multi-page PDF for several; with `folder` set,
 * PNGs named step-001.png... inside path (made if missing). Returns 0, or
 * -1 with errno. */
typedef void (*WeftSlidePageFn)(cairo_t *cr, size_t i, void *data);
int weft_slide_pages_to_file(const WeftSlideOptions *o, WeftSlidePageFn page, void *data,
                             size_t n, const char *path, bool folder);
/* The same for slides of one run. */
int weft_slides_to_file(const WeftLaneModel *m, const WeftSlideOptions *o, const WeftSlide *slides,
                        size_t n, const char *path, bool folder);
