/* weft-timeline.h: the timeline widget. It holds the visible window, the
 * selection and the playhead, handles zoom and pan, and paints only through
 * the cairo renderer. */
#pragma once

#include <gtk/gtk.h>

#include "weft-lanes.h"
#include "weft-render.h"

G_BEGIN_DECLS

#define WEFT_TYPE_TIMELINE (weft_timeline_get_type())
G_DECLARE_FINAL_TYPE(WeftTimeline, weft_timeline, WEFT, TIMELINE, GtkWidget)

GtkWidget *weft_timeline_new(void);
/* The model is borrowed: it must outlive its use here (set NULL first). */
void weft_timeline_set_model(WeftTimeline *self, const WeftLaneModel *model, const char *message);
const WeftLaneModel *weft_timeline_get_model(WeftTimeline *self);

void weft_timeline_zoom(WeftTimeline *self, double factor);
void weft_timeline_zoom_at(WeftTimeline *self, double factor, double x);
void weft_timeline_pan(WeftTimeline *self, double dx, double dy);
void weft_timeline_fit(WeftTimeline *self);
void weft_timeline_set_window(WeftTimeline *self, double t0, double t1);
void weft_timeline_get_window(WeftTimeline *self, double *t0, double *t1);
/* Moves the window so that t is visible, keeping the zoom; and the lane. */
void weft_timeline_reveal(WeftTimeline *self, double t, int lane);

void weft_timeline_select(WeftTimeline *self, guint32 event);
guint32 weft_timeline_get_selected(WeftTimeline *self);
void weft_timeline_set_playhead(WeftTimeline *self, gboolean on, double t);

void weft_timeline_set_arrows(WeftTimeline *self, unsigned mask);
unsigned weft_timeline_get_arrows(WeftTimeline *self);
void weft_timeline_set_text_scale(WeftTimeline *self, double scale);
double weft_timeline_get_text_scale(WeftTimeline *self);
/* Milliseconds the last frame took to draw. */
double weft_timeline_get_frame_ms(WeftTimeline *self);

G_END_DECLS
