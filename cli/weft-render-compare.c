/* weft-render-compare.c: two runs, one playhead, as slides. */
#include "weft-render-compare.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-lane-misuse.h"
#include "weft-timeaxis.h"

typedef struct {
  WeftSlideRun (*pairs)[2];
  char **captions;
} Pages;

typedef struct {
  const WeftSlideOptions *so;
  Pages *p;
} Job;

static void draw_pair(cairo_t *cr, size_t i, void *data) {
  Job *j = data;
  weft_slide_draw_pair(cr, j->so, j->p->pairs[i], j->p->captions[i]);
}

int weft_render_compare(const WeftLaneModel *m, const char *name, const char *other_path,
                        WeftCompareBy by, const WeftSlideOptions *so, const size_t *events,
                        size_t n, const char *output, bool folder) {
  WeftTrace *other;
  int rc = weft_cli_open_trace(other_path, &other);
  if (rc)
    return rc;
  WeftLaneModel *om = weft_lane_model_new(other, NULL, NULL);
  if (om)
    weft_lane_model_find_misuse(om);
  Pages p = {calloc(n, sizeof *p.pairs), calloc(n, sizeof *p.captions)};
  char *other_name = g_path_get_basename(other_path);
  if (!om || !p.pairs || !p.captions) {
    fprintf(stderr, _("weft render: out of memory\n"));
    rc = WEFT_EXIT_SOFTWARE;
  }
  size_t nev = 0, nother = 0;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  weft_trace_events(other, &nother);
  for (size_t i = 0; !rc && i < n; i++) {
    size_t e = weft_compare_follow(m, events[i], om, by);
    char at[48];
    weft_format_duration(at, sizeof at, (double)(ev[events[i]].time - weft_lane_model_first_time(m)));
    p.captions[i] = by == WEFT_COMPARE_BY_TIME
                        ? g_strdup_printf(_("Step %zu of %zu, at %s into each run"), i + 1, n, at)
                        : g_strdup_printf(_("Step %zu of %zu: event %zu of each run"), i + 1, n,
                                          events[i] + 1);
    p.pairs[i][0] = (WeftSlideRun){m, events[i], name};
    p.pairs[i][1] = (WeftSlideRun){om, e, other_name};
  }
  Job j = {so, &p};
  if (!rc && weft_slide_pages_to_file(so, draw_pair, &j, n, output, folder) < 0) {
    fprintf(stderr, _("weft render: cannot write '%s': %s\n"), output, strerror(errno));
    rc = WEFT_EXIT_CANTCREAT;
  }
  for (size_t i = 0; p.captions && i < n; i++)
    g_free(p.captions[i]);
  free(p.captions);
  free(p.pairs);
  g_free(other_name);
  weft_lane_model_free(om);
  weft_trace_free(other);
  return rc;
}
