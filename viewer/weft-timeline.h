/* weft-timeline.h: the timeline widget. It shows its session (visible
 * window, selection, playhead), handles zoom and pan by changing it, and
 * paints only through the cairo renderer. */
#pragma once

#include <gtk/gtk.h>

#include "weft-lanes.h"
#include "weft-render.h"
#include "weft-session.h"

G_BEGIN_DECLS

#define WEFT_TYPE_TIMELINE (weft_timeline_get_type())
G_DECLARE_FINAL_TYPE(WeftTimeline, weft_timeline, WEFT, TIMELINE, GtkWidget)

GtkWidget *weft_timeline_new(WeftSession *session);
/* The session it shows and changes: its model, visible range, selection,
 * playhead, arrows and text scale. */
WeftSession *weft_timeline_get_session(WeftTimeline *self);
/* A line shown at the bottom of the view, or NULL. */
void weft_timeline_set_message(WeftTimeline *self, const char *message);
/* Bookmarks' times (ns), flagged on the ruler. */
void weft_timeline_set_marks(WeftTimeline *self, const double *times, size_t n);

void weft_timeline_zoom(WeftTimeline *self, double factor);
void weft_timeline_zoom_at(WeftTimeline *self, double factor, double x);
void weft_timeline_pan(WeftTimeline *self, double dx, double dy);
void weft_timeline_fit(WeftTimeline *self);
void weft_timeline_set_window(WeftTimeline *self, double t0, double t1);
/* Moves the window so that t is visible, keeping the zoom; and the lane. */
void weft_timeline_reveal(WeftTimeline *self, double t, int lane);
/* Milliseconds the last frame took to draw. */
double weft_timeline_get_frame_ms(WeftTimeline *self);

/* True if a widget's text is light: the renderer's dark palette goes with it. */
gboolean weft_widget_is_dark(GtkWidget *w);

G_END_DECLS
