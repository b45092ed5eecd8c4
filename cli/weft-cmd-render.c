/* weft-cmd-render.c: `weft render FILE -o OUT.png|.svg|.pdf`: the timeline of
 * a trace, drawn by the same renderer as the viewer, for slides and tests. */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-lanes.h"
#include "weft-folds.h"
#include "weft-render.h"
#include "weft-trace.h"
#include "weft-waitgraph.h"

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
            "      --graph-at T    draw the state of the world at T instead: the\n"
            "                      wait-for graph (who waits for what, who holds it,\n"
            "                      any deadlock in red) and the channels' buffers\n"
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

int weft_cmd_render(int argc, char **argv) {
  enum {
    OPT_FROM = 256, OPT_TO, OPT_SCALE, OPT_DARK, OPT_NO_ARROWS, OPT_ARROWS, OPT_NO_LEGEND,
    OPT_GRAPH_AT,
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
      {"fold-idle", no_argument, NULL, OPT_FOLD_IDLE},
      {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
  };
  const char *output = NULL;
  uint64_t from = 0, to = 0, graph_at = 0;
  bool have_from = false, have_to = false, have_graph = false, have_width = false;
  bool fold_idle = false;
  int width = 1600, height = 0;
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
      if (!weft_parse_time(optarg, &from))
        return bad(_("bad time '%s' for --from; write it with a unit, e.g. 1.5s, 20ms, 300us"),
                   optarg);
      have_from = true;
      break;
    case OPT_TO:
      if (!weft_parse_time(optarg, &to))
        return bad(_("bad time '%s' for --to; write it with a unit, e.g. 1.5s, 20ms, 300us"),
                   optarg);
      have_to = true;
      break;
    case 'W':
      if (!parse_int(optarg, 64, 16384, &width))
        return bad(_("bad width '%s': a number of pixels from 64 to 16384"), optarg);
      have_width = true;
      break;
    case OPT_GRAPH_AT:
      if (!weft_parse_time(optarg, &graph_at))
        return bad(_("bad time '%s' for --graph-at; write it with a unit, e.g. 1.5s, 20ms, "
                     "300us"),
                   optarg);
      have_graph = true;
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
  if (optind >= argc) {
    fprintf(stderr, _("weft render: no trace given; try 'weft render --help'\n"));
    return WEFT_EXIT_USAGE;
  }
  if (optind + 1 < argc)
    return bad(_("one trace at a time; unexpected '%s'"), argv[optind + 1]);
  const char *path = argv[optind];
  if (!output)
    return bad(_("no output file; add -o %s.png (or .svg, .pdf)"), "OUT");
  if (!weft_render_format_known(output))
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
  if (have_graph) {
    size_t nev, upto = weft_lane_model_event_at_time(m, graph_at + 1);
    weft_trace_events(trace, &nev);
    upto = upto ? upto - 1 : 0; /* the last event at or before T */
    int rc = 0;
    if (nev && weft_render_world_to_file(m, upto, have_width ? width : 720, scale, o.dark,
                                         output) < 0) {
      fprintf(stderr, _("weft render: cannot write '%s': %s\n"), output, strerror(errno));
      rc = WEFT_EXIT_CANTCREAT;
    }
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
  if (have_from || have_to) {
    double fa, fb;
    weft_lane_model_fit(m, &fa, &fb);
    o.t0 = have_from ? (double)from : fa;
    o.t1 = have_to ? (double)to : fb;
    if (o.t1 <= o.t0)
      o.t1 = o.t0 + 1000;
  }
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
