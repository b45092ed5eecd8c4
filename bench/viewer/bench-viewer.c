/* bench-viewer.c: how fast the viewer opens a trace, how much memory it
 * takes per event, and how long a 1920x1080 frame takes at several zooms,
 * with the headless renderer.
 *
 * and what idle folding costs: finding the folds, and a whole-run frame
 * through 20 folds against the same frame on a linear axis.
 *
 *   weft-bench-viewer big.weft */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "weft-folds.h"
#include "weft-lane-misuse.h"
#include "weft-lanes.h"
#include "weft-render.h"
#include "weft-trace.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static long current_rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
      rss = 0;
    fclose(f);
  }
  return rss * 4;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: weft-bench-viewer TRACE [FRAMES_PER_ZOOM]\n");
    return 64;
  }
  int frames = argc > 2 ? atoi(argv[2]) : 8;
  long rss0 = current_rss_kb();
  double t0 = now();
  WeftTrace *trace;
  WeftStatus st = weft_trace_open(argv[1], &trace);
  if (st != WEFT_TRACE_OK) {
    fprintf(stderr, "cannot open %s: %s\n", argv[1], weft_status_name(st));
    return 65;
  }
  double t1 = now();
  long rss_read = current_rss_kb();
  WeftLaneModel *m = weft_lane_model_new(trace, NULL, NULL);
  double t2 = now();
  long rss_model = current_rss_kb();
  size_t n;
  weft_trace_events(trace, &n);
  long peak = peak_rss_kb();
  printf("trace        %s\n", argv[1]);
  printf("events       %zu over %zu lanes\n", n, weft_lane_model_lane_count(m));
  printf("open         %.3f s (read %.3f s + index %.3f s)\n", t2 - t0, t1 - t0, t2 - t1);
  /* the misuse marks, alone, then as the loader finds them: beside the indexing */
  double t3 = now();
  weft_lane_model_find_misuse(m);
  double t4 = now();
  WeftLaneModel *with = weft_lane_model_new_with_misuse(trace, NULL, NULL);
  double t5 = now();
  printf("misuse marks %.3f s alone (%zu marks), %.2f of the open; index with them beside "
         "%.3f s, %.2f of the index alone\n",
         t4 - t3, weft_lane_model_misuse_count(m), (t4 - t3) / (t2 - t0), t5 - t4,
         (t5 - t4) / (t2 - t1));
  weft_lane_model_free(with);
  printf("memory       peak RSS %.1f MB = %.1f bytes/event; after open %.1f bytes/event "
         "(reader %.1f + lane model %.1f)\n",
         peak / 1024.0, (double)(peak - rss0) * 1024 / (double)n,
         (double)(rss_model - rss0) * 1024 / (double)n,
         (double)(rss_read - rss0) * 1024 / (double)n,
         (double)(rss_model - rss_read) * 1024 / (double)n);

  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create(surf);
  WeftRenderOptions o;
  weft_render_options_init(&o, 1920, 1080);
  if (getenv("WEFT_BENCH_ARROWS"))
    o.arrows = (unsigned)atoi(getenv("WEFT_BENCH_ARROWS"));
  double dur = (double)weft_lane_model_duration(m);
  static const double all_zooms[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  const double *zooms = all_zooms;
  size_t nzooms = sizeof all_zooms / sizeof *all_zooms;
  double one_zoom;
  if (getenv("WEFT_BENCH_ZOOM")) {
    one_zoom = atof(getenv("WEFT_BENCH_ZOOM"));
    zooms = &one_zoom;
    nzooms = 1;
  }
  double worst = 0;
  o.t0 = o.t1 = 0;
  printf("first frame  %.2f ms (loads the fonts; not counted below)\n", weft_render(cr, m, &o) * 1e3);
  printf("frame 1920x1080, %d frames per zoom at spread positions:\n", frames);
  for (size_t z = 0; z < nzooms; z++) {
    double span = dur / zooms[z];
    if (span < 1000)
      break;
    double times[64];
    for (int f = 0; f < frames && f < 64; f++) {
      double start = (dur - span) * (f + 0.5) / frames;
      o.t0 = start;
      o.t1 = start + span;
      times[f] = weft_render(cr, m, &o);
    }
    qsort(times, (size_t)frames, sizeof *times, cmp_double);
    if (times[frames - 1] > worst)
      worst = times[frames - 1];
    char buf[32];
    weft_format_duration(buf, sizeof buf, span);
    printf("  zoom x%-8g window %-10s median %6.2f ms  max %6.2f ms\n", zooms[z], buf,
           times[frames / 2] * 1e3, times[frames - 1] * 1e3);
  }
  printf("worst frame  %.2f ms\n", worst * 1e3);

  /* idle folding: the folds of this run, then 20 folds of 2.5% each (a
   * synthetic trace has no idle stretch of its own) */
  double f0 = now();
  WeftFolds *found = weft_folds_new(m);
  double f1 = now();
  printf("folds        %zu found in %.2f ms (%.1f ns/event)\n", weft_folds_count(found),
         (f1 - f0) * 1e3, (f1 - f0) * 1e9 / (double)(n ? n : 1));
  weft_folds_free(found);
  WeftFold twenty[20];
  for (int k = 0; k < 20; k++)
    twenty[k] = (WeftFold){dur * (k + 0.5) / 20, dur * (k + 0.5) / 20 + dur * 0.025, dur * 0.001};
  WeftFolds *folds = weft_folds_from(twenty, 20);
  /* Folded, the half of the run left unfolded fills the width: as many
   * ns per pixel as a linear window of half the run, the fair comparison. */
  double flat[16], folded[16], half[16];
  for (int f = 0; f < 16; f++) {
    o.folds = NULL;
    o.t0 = o.t1 = 0;
    flat[f] = weft_render(cr, m, &o);
    o.t0 = dur * 0.25;
    o.t1 = dur * 0.75;
    half[f] = weft_render(cr, m, &o);
    o.folds = folds;
    o.t0 = o.t1 = 0;
    folded[f] = weft_render(cr, m, &o);
  }
  o.folds = NULL;
  qsort(flat, 16, sizeof *flat, cmp_double);
  qsort(half, 16, sizeof *half, cmp_double);
  qsort(folded, 16, sizeof *folded, cmp_double);
  printf("whole run    through 20 folds %.2f ms; linear, as many ns a pixel (half the run) "
         "%.2f ms: ratio %.2f; linear, the whole run %.2f ms (medians of 16)\n",
         folded[8] * 1e3, half[8] * 1e3, folded[8] / half[8], flat[8] * 1e3);
  weft_folds_free(folds);
  if (getenv("WEFT_BENCH_PNG")) {
    o.t0 = 0;
    o.t1 = 0;
    weft_render(cr, m, &o);
    cairo_surface_write_to_png(surf, getenv("WEFT_BENCH_PNG"));
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  weft_lane_model_free(m);
  weft_trace_free(trace);
  return 0;
}
