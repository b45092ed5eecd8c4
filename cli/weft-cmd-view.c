/* weft-cmd-view.c: `weft view [FILE...]`: the GTK timeline viewer. */
#include <stdio.h>
#include <string.h>

#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-viewer.h"

int weft_cmd_view(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf(_("Usage: weft view [FILE...]\n\n"
               "Opens traces in the timeline viewer: one lane per thread, its states,\n"
               "the arrows between related events, the deadlock in red, and a playhead\n"
               "that steps through the run event by event. With no file, opens an empty\n"
               "window (File, Open; or drop a trace on it).\n\n"
               "Keys: Ctrl+O open, + and - zoom, 0 fit, arrows pan, . and , next and\n"
               "previous event, F11 full screen, Ctrl+? all shortcuts.\n"));
      return 0;
    }
  int status = weft_viewer_run(argc, argv);
  if (status == WEFT_VIEWER_NO_DISPLAY) {
    fprintf(stderr, _("weft view: cannot open a display; use 'weft render' to draw a trace "
                      "without one\n"));
    return WEFT_EXIT_UNAVAILABLE;
  }
  return status;
}
