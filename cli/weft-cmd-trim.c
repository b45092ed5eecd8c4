/* weft-cmd-trim.c: `weft trim TRACE --from T --to T -o OUT`: the part of a
 * run worth showing, as a trace of its own (weft-rewrite.c does the work). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli-args.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-rewrite.h"
#include "weft-text.h"
#include "weft-trace.h"

static void usage(FILE *out) {
  fputs(_("Usage: weft trim TRACE --from T --to T -o OUT\n\n"
          "Writes the part of a run between two times as a trace of its own:\n"
          "what was true at the start of the span (threads alive, locks held,\n"
          "waits begun, objects made) is set at its start, so it reads as a\n"
          "whole run in weft view, report and render.\n\n"
          "Options:\n"
          "      --from T        start of the span (default: the start of the run)\n"
          "      --to T          end of the span (default: the end of the run)\n"
          "                      T takes a unit: 1.5s, 20ms, 300us, 100ns\n"
          "  -o, --output FILE   the trace to write\n"
          "  -h, --help          this help\n\n"
          "Example: weft trim philosophers.weft --from 1ms --to 3ms -o cycle.weft\n"),
        out);
}

static int bad(const char *fmt, const char *arg) { return weft_cli_bad("trim", fmt, arg); }

int weft_cmd_trim(int argc, char **argv) {
  enum { OPT_FROM = 256, OPT_TO };
  static const struct option longopts[] = {
      {"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},
      {"output", required_argument, NULL, 'o'},   {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *output = NULL;
  uint64_t from = 0, to = UINT64_MAX;
  bool have_from = false, have_to = false;
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case OPT_FROM:
      if (!weft_cli_time_arg("trim", "--from", optarg, &from))
        return WEFT_EXIT_USAGE;
      have_from = true;
      break;
    case OPT_TO:
      if (!weft_cli_time_arg("trim", "--to", optarg, &to))
        return WEFT_EXIT_USAGE;
      have_to = true;
      break;
    case 'h': usage(stdout); return 0;
    default:
      return bad(_("unknown or incomplete option '%s'; try 'weft trim --help'"), argv[optind - 1]);
    }
  }
  const char *path;
  int usage_status = weft_cli_trace_to_trace("trim", argc, argv, optind, output, "OUT.weft", &path);
  if (usage_status)
    return usage_status;
  if (!have_from && !have_to) {
    fprintf(stderr, _("weft trim: give the span with --from, --to or both\n"));
    return WEFT_EXIT_USAGE;
  }
  if (have_from && have_to && to <= from) {
    fprintf(stderr, _("weft trim: --to must be later than --from\n"));
    return WEFT_EXIT_USAGE;
  }
  WeftTrace *trace;
  weft_cli_family_root_only(); /* it rewrites this one file */
  int status = weft_cli_open_trace(path, &trace);
  if (status)
    return status;
  uint64_t dur = weft_trace_info(trace)->duration;
  char end[48];
  weft_format_ns(end, sizeof end, dur);
  if (from > dur) {
    fprintf(stderr, _("weft trim: --from is after the end of the run (%s)\n"), end);
    weft_trace_free(trace);
    return WEFT_EXIT_USAGE;
  }
  WeftRewriteOptions o = {.span = true, .from = from, .to = to};
  WeftExtraMeta trimmed = {.type = WEFT_META_TRIMMED, .nargs = 3, .args = {from, to, dur}};
  o.extra = &trimmed;
  o.nextra = 1;
  WeftRewriteStats st;
  int rc = 0;
  if (weft_rewrite(path, trace, output, &o, &st) < 0) {
    fprintf(stderr, _("weft trim: cannot write '%s': %s\n"), output, strerror(errno));
    rc = WEFT_EXIT_CANTCREAT;
  } else {
    char a[48], b[48];
    weft_format_ns(a, sizeof a, from);
    weft_format_ns(b, sizeof b, to < dur ? to : dur);
    fprintf(stderr, _("weft: %s: %zu events from %s to %s (%zu of them set the scene at its start)\n"),
            output, st.events, a, b, st.prologue);
  }
  weft_trace_free(trace);
  return rc;
}
