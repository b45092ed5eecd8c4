/* weft-viewer.h: the GTK4 viewer application, entry point for `weft view`. */
#pragma once

#define WEFT_VIEWER_APP_ID "org.weft.Viewer"
#define WEFT_VIEWER_NO_DISPLAY (-2)

/* Runs the application on argv[1..] (files to open). Returns the exit status,
 * or WEFT_VIEWER_NO_DISPLAY if GTK cannot open a display. */
int weft_viewer_run(int argc, char **argv);

/* Where the source pane also looks for source files (`weft view
 * --source-root DIR`). */
void weft_viewer_set_source_root(const char *dir);

/* Whether a trace opens with its children's (`weft view --no-children`: 0). */
void weft_viewer_set_open_children(int on);

/* `weft view --follow`: each window reads its trace again as it grows (a
 * run being recorded, `weft record --view`), until the trace is closed. */
void weft_viewer_set_follow(int follow);

/* The application, not yet run (NULL without a display); unique FALSE for
 * tests that run beside an open viewer. A GtkApplication, declared opaque
 * here so that the command line needs no GTK headers. */
typedef struct _GtkApplication GtkApplication;
GtkApplication *weft_viewer_app_new(int unique);
