/* weft-cmd-render.c: `weft render FILE -o OUT.png|.svg|.pdf`: the timeline of
 * a trace, drawn by the same renderer as the viewer, for slides and tests. */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-bookmarks.h"
#include "weft-cli-args.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-lane-misuse.h"
#include "weft-lanes.h"
#include "weft-render-compare.h"
#include "weft-render-steps.h"
#include "weft-folds.h"
#include "weft-render.h"
#include "weft-slide.h"
#include "weft-trace.h"
#include "weft-waitgraph.h"

/* A deck longer than this is a mistake in the span, not a lecture. */
#define WEFT_MAX_SLIDES 2000

static void usage(FILE *out) {
  fprintf(out,
          _("Usage: weft render FILE -o OUT.png|OUT.svg|OUT.pdf [OPTIONS]\n\n"
            "Draws the timeline of a trace: one lane per thread, its states, the\n"
            "arrows between related events, and any deadlock in red.\n\n"
            "Options:\n"
            "  -o, --output FILE   the image to write; its extension picks the format\n"
            "      --from T        start of the window (default: the start of the run)\n"
            "      --to T          end of the window (default: the end of the run)\n"
            "                      T takes a unit: 1.5s, 20ms, 300us, 100ns\n"
            "  -W, --width W       width in pixels (default 1600)\n"
            "  -H, --height H      height in pixels (default: fits the lanes)\n"
            "      --scale S       text and lane size, 1 to 3 (default 1)\n"
            "      --dark          dark theme\n"
            "      --no-arrows     no arrows (or --arrows=channel,lock,signal,create,join)\n"
            "      --no-legend     no legend\n"
            "      --fold-idle     fold the stretches where nothing happens (a hang after\n"
            "                      a short story), each marked with its real length\n"
            "      --graph-at T    a slide of the moment T instead: what happens\n"
            "                      there in a sentence, the timeline with the playhead\n"
            "                      at T, the wait-for graph (who waits for what, who\n"
            "                      holds it, any deadlock in red), the channels' buffers\n"
            "      --steps A..B    one slide per step from A to B (event numbers as the\n"
            "                      viewer counts them, or times: 10ms..40ms): pages of\n"
            "                      one PDF, or step-001.png... in a folder (-o DIR/)\n"
            "      --by KIND       the steps: event (default), blocking, message, finding\n"
            "      --bookmarks[=NOTES]  one slide per bookmark (those among --steps,\n"
            "                      if given), with its title and note; NOTES: the\n"
            "                      notes file (default: FILE.notes, as weft view saves it)\n"
            "      --compare OTHER the slides show OTHER's run below FILE's, at a\n"
            "                      shared playhead (a buggy run and its fix)\n"
            "      --shared-playhead event|time  the same event number (default), or\n"
            "                      the same time into each run\n"
            "  -h, --help          this help\n\n"
            "Example: weft render philosophers.weft -o philosophers.png --from 10ms --to 40ms\n"));
  weft_cli_family_usage(out);
}

static int bad(const char *fmt, const char *arg) {
  fputs(_("weft render: "), stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n", stderr);
  return WEFT_EXIT_USAGE;
}

static bool parse_int(const char *s, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi)
    return false;
  *out = (int)v;
  return true;
}

static bool parse_arrows(const char *s, unsigned *mask) {
  static const char *const names[WEFT_ARROW_KIND_COUNT] = {"channel", "lock", "signal", "create",
                                                           "join"};
  *mask = 0;
  char *copy = strdup(s), *save = NULL;
  bool ok = copy != NULL;
  for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && ok;
       tok = strtok_r(NULL, ",", &save)) {
    bool found = false;
    for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
      if (!strcmp(tok, names[k]) || (!strcmp(tok, "all"))) {
        *mask |= !strcmp(tok, "all") ? WEFT_ARROWS_ALL : 1u << k;
        found = true;
      }
    ok = found;
  }
  free(copy);
  return ok;
}

/* The slides of --graph-at, --steps and --bookmarks: the sentence (under a
 * bookmark's title and note), the timeline with its playhead, the world
 * there. marks: the bookmarks of events[], or NULL. */
static int render_slides(const WeftLaneModel *m, const WeftSlideOptions *so,
                         const size_t *events, size_t n, const WeftBookmark *marks,
                         const char *output, bool folder) {
  WeftSlide *slides = calloc(n, sizeof *slides);
  char **captions = calloc(n, sizeof *captions);
  int rc = 0;
  if (!slides || !captions) {
    fprintf(stderr, _("weft render: out of memory\n"));
    rc = WEFT_EXIT_SOFTWARE;
  }
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  for (size_t i = 0; !rc && i < n; i++) {
    char at[48];
    weft_format_duration(at, sizeof at, (double)ev[events[i]].time);
    if (marks)
      captions[i] = g_strdup_printf(_("Bookmark %zu of %zu: event %zu of %zu, at %s"), i + 1, n,
                                    events[i] + 1, nev, at);
    else if (n > 1)
      captions[i] = g_strdup_printf(_("Step %zu of %zu: event %zu of %zu, at %s"), i + 1, n,
                                    events[i] + 1, nev, at);
    else
      captions[i] = g_strdup_printf(_("Event %zu of %zu, at %s"), events[i] + 1, nev, at);
    slides[i].event = events[i];
    slides[i].caption = captions[i];
    if (marks) {
      slides[i].title = marks[i].title;
      slides[i].note = marks[i].note;
    }
  }
  if (!rc && weft_slides_to_file(m, so, slides, n, output, folder) < 0) {
    fprintf(stderr, _("weft render: cannot write '%s': %s\n"), output, strerror(errno));
    rc = WEFT_EXIT_CANTCREAT;
  }
  for (size_t i = 0; captions && i < n; i++)
    g_free(captions[i]);
  free(captions);
  free(slides);
  return rc;
}

/* A slide's size and look: the page's (0: a 1600x900 slide), the rest as
 * the timeline's options say. */
static void slide_options(const WeftRenderOptions *ro, int width, int height, double scale,
                          WeftSlideOptions *so) {
  weft_slide_options_init(so);
  if (width)
    so->width = width;
  if (height)
    so->height = height;
  if (scale > 0)
    so->scale = scale;
  so->dark = ro->dark;
  so->arrows = ro->arrows;
  so->legend = ro->legend;
  so->t0 = ro->t0;
  so->t1 = ro->t1;
}

/* The bookmarks of the notes file that fall among the steps (all of them
 * without --steps) first in b, in order, and their events; 0, or an exit
 * status after saying what is wrong. */
static int pick_bookmarks(const WeftLaneModel *m, const char *notes, const size_t *steps,
                          size_t nsteps, bool all, WeftBookmarks *b, size_t **events, size_t *n) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  GError *error = NULL;
  *n = 0;
  if (!g_file_test(notes, G_FILE_TEST_EXISTS)) {
    fprintf(stderr, _("weft render: no bookmarks: '%s' does not exist; make some in weft view "
                      "(Ctrl+B)\n"),
            notes);
    return WEFT_EXIT_NOINPUT;
  }
  if (!weft_bookmarks_load(b, notes, ev, nev, &error)) {
    fprintf(stderr, "weft render: %s\n", error->message);
    g_error_free(error);
    return WEFT_EXIT_DATAERR;
  }
  *events = calloc(b->n ? b->n : 1, sizeof **events);
  if (!*events)
    return WEFT_EXIT_SOFTWARE;
  for (size_t i = 0; i < b->n; i++) {
    bool in = all;
    for (size_t k = 0; !in && k < nsteps; k++)
      in = steps[k] == b->v[i].event;
    if (in) { /* to the front, in order: b->v[k] is the bookmark of (*events)[k] */
      WeftBookmark keep = b->v[i];
      b->v[i] = b->v[*n];
      b->v[*n] = keep;
      (*events)[(*n)++] = keep.event;
    }
  }
  return 0;
}

static bool is_folder_output(const char *path) {
  size_t len = strlen(path);
  return (len && path[len - 1] == '/') || g_file_test(path, G_FILE_TEST_IS_DIR);
}

int weft_cmd_render(int argc, char **argv) {
  enum {
    OPT_FROM = 256, OPT_TO, OPT_SCALE, OPT_DARK, OPT_NO_ARROWS, OPT_ARROWS, OPT_NO_LEGEND,
    OPT_GRAPH_AT, OPT_STEPS, OPT_BY, OPT_BOOKMARKS, OPT_COMPARE, OPT_SHARED,
    OPT_FOLD_IDLE
  };
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},  {"from", required_argument, NULL, OPT_FROM},
      {"to", required_argument, NULL, OPT_TO},    {"width", required_argument, NULL, 'W'},
      {"height", required_argument, NULL, 'H'},   {"scale", required_argument, NULL, OPT_SCALE},
      {"dark", no_argument, NULL, OPT_DARK},      {"no-arrows", no_argument, NULL, OPT_NO_ARROWS},
      {"arrows", required_argument, NULL, OPT_ARROWS},
      {"no-legend", no_argument, NULL, OPT_NO_LEGEND},
      {"graph-at", required_argument, NULL, OPT_GRAPH_AT},
      {"steps", required_argument, NULL, OPT_STEPS},  {"by", required_argument, NULL, OPT_BY},
      {"bookmarks", optional_argument, NULL, OPT_BOOKMARKS},
      {"compare", required_argument, NULL, OPT_COMPARE},
      {"shared-playhead", required_argument, NULL, OPT_SHARED},
      {"fold-idle", no_argument, NULL, OPT_FOLD_IDLE},
      {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
  };
  const char *output = NULL;
  uint64_t from = 0, to = 0, graph_at = 0;
  bool have_from = false, have_to = false, have_graph = false, have_width = false;
  bool have_scale = false;
  bool fold_idle = false;
  int width = 1600, height = 0;
  const char *steps = NULL, *notes = NULL, *compare = NULL;
  WeftCompareBy compare_by = WEFT_COMPARE_BY_EVENT;
  bool bookmarks = false;
  WeftStepBound step_from = {0}, step_to = {0};
  bool has_step_from = false, has_step_to = false;
  WeftStepKind step_kind = WEFT_STEP_EVENT;
  double scale = 1.0;
  WeftRenderOptions o;
  weft_render_options_init(&o, 0, 0);
  int family_rc = weft_cli_family_take_options("render", &argc, argv);
  if (family_rc)
    return family_rc;
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "o:W:H:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case OPT_FROM:
      if (!weft_cli_time_arg("render", "--from", optarg, &from))
        return WEFT_EXIT_USAGE;
      have_from = true;
      break;
    case OPT_TO:
      if (!weft_cli_time_arg("render", "--to", optarg, &to))
        return WEFT_EXIT_USAGE;
      have_to = true;
      break;
    case 'W':
      if (!parse_int(optarg, 64, 16384, &width))
        return bad(_("bad width '%s': a number of pixels from 64 to 16384"), optarg);
      have_width = true;
      break;
    case OPT_GRAPH_AT:
      if (!weft_cli_time_arg("render", "--graph-at", optarg, &graph_at))
        return WEFT_EXIT_USAGE;
      have_graph = true;
      break;
    case OPT_STEPS:
      steps = optarg;
      if (!weft_steps_parse(optarg, &step_from, &step_to, &has_step_from, &has_step_to))
        return bad(_("bad steps '%s': write FROM..TO, event numbers from 1 (5..20) or times "
                     "with a unit (10ms..40ms)"),
                   optarg);
      break;
    case OPT_COMPARE: compare = optarg; break;
    case OPT_SHARED:
      if (!weft_compare_by_parse(optarg, &compare_by))
        return bad(_("bad shared playhead '%s': event (the same event number) or time (the "
                     "same time into each run)"),
                   optarg);
      break;
    case OPT_BOOKMARKS:
      bookmarks = true;
      notes = optarg;
      break;
    case OPT_BY:
      if (!weft_step_kind_parse(optarg, &step_kind))
        return bad(_("bad step kind '%s': event, blocking, message or finding"), optarg);
      break;
    case 'H':
      if (!parse_int(optarg, 64, 16384, &height))
        return bad(_("bad height '%s': a number of pixels from 64 to 16384"), optarg);
      break;
    case OPT_SCALE: {
      char *end;
      scale = g_ascii_strtod(optarg, &end); /* "1.5" whatever the locale */
      if (end == optarg || *end || !(scale >= 0.5 && scale <= 4))
        return bad(_("bad scale '%s': a number from 0.5 to 4"), optarg);
      have_scale = true;
      break;
    }
    case OPT_DARK: o.dark = true; break;
    case OPT_NO_ARROWS: o.arrows = 0; break;
    case OPT_ARROWS:
      if (!parse_arrows(optarg, &o.arrows))
        return bad(_("bad arrow kinds '%s': a list of channel, lock, signal, create, join"),
                   optarg);
      break;
    case OPT_NO_LEGEND: o.legend = false; break;
    case OPT_FOLD_IDLE: fold_idle = true; break;
    case 'h': usage(stdout); return 0;
    case '?':
    default:
      if (optopt && optopt < 256)
        fprintf(stderr, _("weft render: unknown or incomplete option '-%c'; try 'weft render --help'\n"),
                optopt);
      else
        fprintf(stderr, _("weft render: unknown or incomplete option '%s'; try 'weft render --help'\n"),
                argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    }
  }
  const char *path;
  int usage_status = weft_cli_one_trace("render", argc, argv, optind, &path);
  if (usage_status)
    return usage_status;
  if (!output)
    return bad(_("no output file; add -o %s.png (or .svg, .pdf)"), "OUT");
  bool pages = steps || bookmarks;
  bool folder = pages && is_folder_output(output);
  if (compare && !pages && !have_graph)
    return bad(_("--compare %s makes slides of two runs: give the steps with --steps, "
                 "--bookmarks or --graph-at"),
               compare);
  if (pages && have_graph) {
    fprintf(stderr, _("weft render: --steps and --graph-at both choose the slides; give one\n"));
    return WEFT_EXIT_USAGE;
  }
  if (pages && !folder && !g_str_has_suffix(output, ".pdf") && !g_str_has_suffix(output, ".PDF"))
    return bad(_("--steps makes pages: write them to a .pdf, or to a folder ending in / "
                 "(not '%s')"),
               output);
  if (!folder && !weft_render_format_known(output))
    return bad(_("cannot tell the format of '%s': the output must end in .png, .svg or .pdf"),
               output);
  if (have_from && have_to && to <= from) {
    fprintf(stderr, _("weft render: --to must be later than --from\n"));
    return WEFT_EXIT_USAGE;
  }

  struct WeftTrace *trace;
  int status = weft_cli_open_trace(path, &trace);
  if (status)
    return status;
  WeftLaneModel *m = weft_lane_model_new(trace, NULL, NULL);
  if (!m) {
    fprintf(stderr, _("weft render: out of memory while indexing '%s'\n"), path);
    weft_trace_free(trace);
    return WEFT_EXIT_SOFTWARE;
  }
  if (!weft_lane_model_find_misuse(m))
    fprintf(stderr, _("weft render: out of memory while looking for misuse: some of its marks "
                      "may be missing\n"));
  uint64_t dur = weft_lane_model_duration(m);
  if (have_from && from >= dur && dur > 0) {
    char buf[48];
    weft_format_duration(buf, sizeof buf, (double)dur);
    fprintf(stderr, _("weft render: --from is after the end of the run (%s)\n"), buf);
    weft_lane_model_free(m);
    weft_trace_free(trace);
    return WEFT_EXIT_USAGE;
  }
  /* The renderer's text goes to pango, which takes UTF-8 whatever the locale. */
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  if (have_from || have_to) {
    double fa, fb;
    weft_lane_model_fit(m, &fa, &fb);
    o.t0 = have_from ? (double)from : fa;
    o.t1 = have_to ? (double)to : fb;
    if (o.t1 <= o.t0)
      o.t1 = o.t0 + 1000;
  }
  if (have_graph || pages) {
    size_t nev, n = 0, one, *events = NULL;
    weft_trace_events(trace, &nev);
    WeftBookmarks marks = {0};
    int rc = 0;
    if (have_graph && nev) {
      one = weft_lane_model_event_at_time(m, graph_at + 1);
      one = one ? one - 1 : 0; /* the last event at or before T */
      events = &one;
      n = 1;
    } else if (steps) {
      events = weft_steps_select(m, step_kind, &step_from, has_step_from, &step_to, has_step_to, &n);
    }
    if (bookmarks) {
      char *file = notes ? g_strdup(notes) : weft_bookmarks_path(path);
      size_t *steps_events = events, nsteps = n;
      rc = pick_bookmarks(m, file, steps_events, nsteps, !steps, &marks, &events, &n);
      free(steps_events);
      if (!rc && !n) {
        if (steps)
          fprintf(stderr, _("weft render: none of the bookmarks in '%s' is in '%s'\n"), file, steps);
        else
          fprintf(stderr, _("weft render: '%s' holds no bookmark\n"), file);
        rc = WEFT_EXIT_USAGE;
      }
      g_free(file);
    }
    if (rc) {
      /* said */
    } else if (steps && !n) {
      char buf[48];
      weft_format_duration(buf, sizeof buf, (double)dur);
      fprintf(stderr, _("weft render: no step in '%s': the run has %zu events and lasts %s\n"),
              steps, nev, buf);
      rc = WEFT_EXIT_USAGE;
    } else if (n > WEFT_MAX_SLIDES) {
      fprintf(stderr, _("weft render: '%s' makes %zu pages, more than %d; take a shorter span or "
                        "--by blocking\n"),
              steps, n, WEFT_MAX_SLIDES);
      rc = WEFT_EXIT_USAGE;
    } else if (n) {
      WeftSlideOptions so;
      slide_options(&o, have_width ? width : 0, height, have_scale ? scale : 0, &so);
      if (compare) {
        char *name = g_path_get_basename(path);
        rc = weft_render_compare(m, name, compare, compare_by, &so, events, n, output, folder);
        g_free(name);
      } else {
        rc = render_slides(m, &so, events, n, bookmarks ? marks.v : NULL, output, folder);
      }
    }
    if (events != &one)
      free(events);
    weft_bookmarks_clear(&marks);
    weft_lane_model_free(m);
    weft_trace_free(trace);
    return rc;
  }
  o.scale = scale;
  o.width = width;
  if (!height) {
    WeftRenderLayout L;
    o.height = 10000;
    o.lane_height = 40 * scale;
    weft_render_layout(m, &o, &L);
    height = (int)(L.ruler_height + L.legend_height + 10 * scale +
                   L.lane_height * (double)weft_lane_model_lane_count(m));
    if (height < 160)
      height = 160;
    if (height > 4000) {
      height = 4000;
      o.lane_height = 0;
    }
  }
  o.height = height;
  WeftFolds *folds = fold_idle ? weft_folds_new(m) : NULL;
  if (fold_idle && !folds) {
    fprintf(stderr, _("weft render: out of memory while indexing '%s'\n"), path);
    weft_lane_model_free(m);
    weft_trace_free(trace);
    return WEFT_EXIT_SOFTWARE;
  }
  o.folds = folds;
  int rc = 0;
  if (weft_render_to_file(m, &o, output) < 0) {
    fprintf(stderr, _("weft render: cannot write '%s': %s\n"), output, strerror(errno));
    rc = WEFT_EXIT_CANTCREAT;
  }
  weft_folds_free(folds);
  weft_lane_model_free(m);
  weft_trace_free(trace);
  return rc;
}
