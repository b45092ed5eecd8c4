/* weft-session.h: what one window looks at in its trace: the visible time
 * range, the selected event, the playhead, the lanes and arrows shown, the
 * text scale. Every view of the window binds to these properties instead of
 * keeping its own copy, so that they never disagree. */
#pragma once

#include <glib-object.h>

#include "weft-lanes.h"

G_BEGIN_DECLS

#define WEFT_TYPE_SESSION (weft_session_get_type())
G_DECLARE_FINAL_TYPE(WeftSession, weft_session, WEFT, SESSION, GObject)

#define WEFT_NO_EVENT G_MAXUINT32

WeftSession *weft_session_new(void);

/* The lane model is borrowed: set NULL before freeing it. Setting it resets
 * the selection, the playhead and the filters. */
void weft_session_set_model(WeftSession *self, const WeftLaneModel *model);
const WeftLaneModel *weft_session_get_model(WeftSession *self);

/* "visible-start", "visible-end" (ns), notified together. */
void weft_session_set_visible(WeftSession *self, double t0, double t1);
void weft_session_get_visible(WeftSession *self, double *t0, double *t1);

/* "selected", "playhead": event indices, WEFT_NO_EVENT for none. */
void weft_session_set_selected(WeftSession *self, guint32 event);
guint32 weft_session_get_selected(WeftSession *self);
void weft_session_set_playhead(WeftSession *self, guint32 event);
guint32 weft_session_get_playhead(WeftSession *self);

/* "arrows": one bit per WeftArrowKind shown. */
void weft_session_set_arrows(WeftSession *self, unsigned mask);
unsigned weft_session_get_arrows(WeftSession *self);

/* "text-scale": lanes, ruler, legend and panes grow with it. */
void weft_session_set_text_scale(WeftSession *self, double scale);
double weft_session_get_text_scale(WeftSession *self);

G_END_DECLS
