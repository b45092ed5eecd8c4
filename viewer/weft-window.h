/* weft-window.h: one trace in one window: header bar, overview, timeline,
 * details pane, playhead, deadlock banner, loading and errors. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WEFT_TYPE_WINDOW (weft_window_get_type())
G_DECLARE_FINAL_TYPE(WeftWindow, weft_window, WEFT, WINDOW, GtkApplicationWindow)

WeftWindow *weft_window_new(GtkApplication *app);
/* Loads a trace off the main thread; the window shows progress, then the
 * timeline, or what went wrong. */
void weft_window_open(WeftWindow *self, GFile *file);
/* True if the window shows nothing yet (a file opened from the app goes there). */
gboolean weft_window_is_empty(WeftWindow *self);

/* The path of the trace shown, or NULL. */
const char *weft_window_loaded_path(WeftWindow *self);

G_END_DECLS
