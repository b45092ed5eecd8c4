/* weft-cmd-view.c: `weft view [FILE...]`: the GTK timeline viewer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "weft-commands.h"
#include "weft-compare.h"
#include "weft-i18n.h"
#include "weft-viewer.h"

/* `weft view --compare A B [--shared-playhead event|time]`. */
static int view_compare(int argc, char **argv) {
  const char *files[2] = {NULL, NULL};
  int nfiles = 0;
  WeftCompareBy by = WEFT_COMPARE_BY_EVENT;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--compare"))
      continue;
    if (!strcmp(argv[i], "--shared-playhead") && i + 1 < argc) {
      if (!weft_compare_by_parse(argv[++i], &by)) {
        fprintf(stderr, _("weft view: bad shared playhead '%s': event or time\n"), argv[i]);
        return WEFT_EXIT_USAGE;
      }
    } else if (argv[i][0] == '-' || nfiles == 2) {
      fprintf(stderr, _("weft view: --compare takes two traces and --shared-playhead; unexpected "
                        "'%s'\n"),
              argv[i]);
      return WEFT_EXIT_USAGE;
    } else {
      files[nfiles++] = argv[i];
    }
  }
  if (nfiles != 2) {
    fprintf(stderr, _("weft view: --compare needs two traces: weft view --compare BUGGY.weft "
                      "FIXED.weft\n"));
    return WEFT_EXIT_USAGE;
  }
  for (int i = 0; i < 2; i++) {
    struct stat st;
    if (stat(files[i], &st) < 0) {
      fprintf(stderr, _("weft: cannot open '%s': %s\n"), files[i], strerror(errno));
      return WEFT_EXIT_NOINPUT;
    }
  }
  int status = weft_compare_run(files[0], files[1], by);
  if (status == WEFT_VIEWER_NO_DISPLAY) {
    fprintf(stderr, _("weft view: cannot open a display; use 'weft render' to draw a trace "
                      "without one\n"));
    return WEFT_EXIT_UNAVAILABLE;
  }
  return status;
}

int weft_cmd_view(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--compare"))
      return view_compare(argc, argv);
  int kept = 1; /* argv without our options, for the application */
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf(_("Usage: weft view [--source-root DIR] [FILE...]\n"
               "       weft view --compare BUGGY.weft FIXED.weft [--shared-playhead event|time]\n\n"
               "Opens traces in the timeline viewer: one lane per thread, its states,\n"
               "the arrows between related events, the deadlock in red, and a playhead\n"
               "that steps through the run event by event, saying each event with its\n"
               "source line. With no file, opens an empty window (File, Open; or drop a\n"
               "trace on it).\n\n"
               "Options:\n"
               "      --source-root DIR  also look for source files under DIR\n"
               "      --follow           read each trace again as it grows, until its run\n"
               "                         ends (a run being recorded: weft record --view)\n"
               "      --compare A B      two runs in one window, one above the other, with one\n"
               "                         playhead: the same event number in both, or with\n"
               "                         --shared-playhead time, the same time into each run\n"
               "  -h, --help             show this help\n\n"
               "Keys: Ctrl+O open, + and - zoom, 0 fit, arrows pan, . and , next and\n"
               "previous event, F5 presentation mode, Ctrl+? all shortcuts.\n"));
      printf(_("      --no-children      the trace FILE alone, without the traces of the\n"
               "                         processes it started (FILE-PID.weft)\n"));
      return 0;
    }
    if (!strcmp(argv[i], "--no-children")) {
      weft_viewer_set_open_children(0);
      continue;
    }
    const char *root = NULL;
    if (!strcmp(argv[i], "--follow")) {
      weft_viewer_set_follow(1);
      continue;
    }
    if (!strcmp(argv[i], "--source-root")) {
      if (i + 1 >= argc) {
        fprintf(stderr, _("weft view: --source-root needs a folder; usage: weft view "
                          "[--source-root DIR] [FILE...]\n"));
        return WEFT_EXIT_USAGE;
      }
      root = argv[++i];
    } else if (!strncmp(argv[i], "--source-root=", 14)) {
      root = argv[i] + 14;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, _("weft view: unknown option '%s'; try 'weft view --help'\n"), argv[i]);
      return WEFT_EXIT_USAGE;
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    struct stat st;
    if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
      fprintf(stderr, _("weft view: --source-root: '%s' is not a folder\n"), root);
      return WEFT_EXIT_NOINPUT;
    }
    weft_viewer_set_source_root(root);
  }
  argc = kept;
  int status = weft_viewer_run(argc, argv);
  if (status == WEFT_VIEWER_NO_DISPLAY) {
    fprintf(stderr, _("weft view: cannot open a display; use 'weft render' to draw a trace "
                      "without one\n"));
    return WEFT_EXIT_UNAVAILABLE;
  }
  return status;
}
