/* weft-cmd-view.c: `weft view [FILE...]`: the GTK timeline viewer. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-viewer.h"

int weft_cmd_view(int argc, char **argv) {
  int kept = 1; /* argv without our options, for the application */
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf(_("Usage: weft view [--source-root DIR] [FILE...]\n\n"
               "Opens traces in the timeline viewer: one lane per thread, its states,\n"
               "the arrows between related events, the deadlock in red, and a playhead\n"
               "that steps through the run event by event, saying each event with its\n"
               "source line. With no file, opens an empty window (File, Open; or drop a\n"
               "trace on it).\n\n"
               "Options:\n"
               "      --source-root DIR  also look for source files under DIR\n"
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
