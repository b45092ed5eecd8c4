/* weft-cmd-export.c: `weft export FILE -o OUT.json`: the trace in Chrome
 * Trace Event JSON, for ui.perfetto.dev and chrome://tracing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-bookmarks.h"
#include "weft-cli.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-diagnosis.h"
#include "weft-export-chrome.h"
#include "weft-export-findings.h"
#include "weft-i18n.h"
#include "weft-trace.h"

static void export_usage(FILE *out) {
  fprintf(out, _("Usage: weft export [OPTIONS] FILE\n\n"
                 "Writes a trace as Chrome Trace Event JSON, which ui.perfetto.dev and\n"
                 "chrome://tracing open: one track per thread, states as slices, channel\n"
                 "messages and lock hand-offs as flows, each finding of weft report as a\n"
                 "marker with its explanation, and the bookmarks of FILE.notes.\n\n"
                 "Options:\n"
                 "  -o, --output OUT   where to write (default: FILE with .json; - for stdout)\n"
                 "  -h, --help         show this help\n"));
  weft_cli_family_usage(out);
}

/* "run.weft" -> "run.json", "run" -> "run.json". */
static char *default_output(const char *trace) {
  size_t n = strlen(trace);
  if (n > 5 && !strcmp(trace + n - 5, ".weft"))
    n -= 5;
  char *out = malloc(n + 6);
  if (out) {
    memcpy(out, trace, n);
    memcpy(out + n, ".json", 6);
  }
  return out;
}

/* The bookmarks beside the trace (NAME.weft.notes) as markers; a damaged
 * notes file costs the markers, never the export. */
static void export_bookmarks(WeftChromeExport *x, const char *trace, const WeftEvent *ev,
                             size_t n) {
  char *notes = weft_bookmarks_path(trace);
  WeftBookmarks b = {0};
  GError *error = NULL;
  if (weft_bookmarks_load(&b, notes, ev, n, &error)) {
    for (size_t i = 0; i < b.n; i++)
      weft_chrome_export_marker(x, b.v[i].time, b.v[i].title, b.v[i].note);
  } else {
    fprintf(stderr, _("weft export: warning: %s; exported without its bookmarks\n"),
            error->message);
    g_error_free(error);
  }
  weft_bookmarks_clear(&b);
  g_free(notes);
}

int weft_cmd_export(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *output = NULL;
  int c;
  int family_rc = weft_cli_family_take_options("export", &argc, argv);
  if (family_rc)
    return family_rc;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
    if (c == 'o') {
      output = optarg;
    } else if (c == 'h') {
      export_usage(stdout);
      return 0;
    } else if (optopt) {
      fprintf(stderr, _("weft export: %s needs a value; try 'weft export --help'\n"),
              argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    } else {
      fprintf(stderr, _("weft export: unknown option '%s'; try 'weft export --help'\n"),
              argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, _("weft export: expected one trace file; usage: weft export FILE -o OUT.json\n"));
    return WEFT_EXIT_USAGE;
  }
  const char *path = argv[optind];
  WeftTrace *t;
  int rc = weft_cli_open_trace_streamed(path, WEFT_REPORT_WHOLE_MAX, &t);
  if (rc)
    return rc;
  char *fallback = output ? NULL : default_output(path);
  const char *dest = output ? output : fallback;
  bool to_stdout = dest && !strcmp(dest, "-");
  FILE *out = to_stdout ? stdout : dest ? fopen(dest, "w") : NULL;
  if (!out) {
    fprintf(stderr, _("weft export: cannot write '%s': %s\n"), dest ? dest : path,
            strerror(dest ? errno : ENOMEM));
    free(fallback);
    weft_trace_free(t);
    return WEFT_EXIT_CANTCREAT;
  }
  WeftDiagnosis *d = weft_diagnose(t);
  WeftChromeExport *x = d ? weft_chrome_export_begin(out, t) : NULL;
  int failed = !x;
  if (x) {
    size_t n;
    const WeftEvent *ev = weft_trace_events(t, &n); /* none when streamed: times then */
    export_bookmarks(x, path, ev, n);
    WeftEventCursor *cur = weft_event_cursor_new(t);
    WeftEvent e;
    while (cur && weft_event_cursor_next(cur, &e))
      weft_chrome_export_event(x, &e);
    failed |= !cur;
    weft_event_cursor_free(cur);
    if (weft_trace_streamed(t))
      fprintf(stderr,
              _("weft export: not checked on a trace this long (%zu events, read streamed): "
                "crashes and stuck dumps, main ending early, one &i given to several threads, "
                "WaitGroup Adds\n"),
              weft_trace_event_count(t));
    /* said, so that a short list never reads as a clean run */
    if (!weft_export_findings(x, t, d))
      fprintf(stderr, _("weft export: memory ran out during the diagnosis: the findings in '%s' "
                        "are incomplete\n"),
              dest);
    failed = weft_chrome_export_end(x, NULL) != 0 || failed;
  }
  weft_diagnosis_free(d);
  int saved = errno;
  if (!to_stdout && fclose(out) != 0)
    failed = 1, saved = errno;
  if (failed) {
    fprintf(stderr, _("weft export: cannot write '%s': %s\n"), dest, strerror(saved ? saved : ENOMEM));
    if (!to_stdout)
      unlink(dest);
    rc = WEFT_EXIT_CANTCREAT;
  } else if (!to_stdout) {
    fprintf(stderr, _("weft: exported to %s; open it in ui.perfetto.dev or chrome://tracing\n"), dest);
  }
  free(fallback);
  weft_trace_free(t);
  return rc;
}
