/* weft-session.h: what one window looks at in its trace: the visible time
 * range, the selected event, the playhead, the lanes and arrows shown, the
 * text scale. Every view of the window binds to these properties instead of
 * keeping its own copy, so that they never disagree. */
#pragma once

#include <glib-object.h>

#include "weft-folds.h"
#include "weft-lane-groups.h"
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

/* Lanes shown, top to bottom ("rows"): pinned lanes first, then the others
 * in order, less the hidden ones and, with a lane filter, those whose
 * thread's name or start function does not contain it. NULL when every
 * lane shows in order. */
const uint32_t *weft_session_get_rows(WeftSession *self, size_t *n);
void weft_session_hide_lane(WeftSession *self, uint32_t lane);
void weft_session_pin_lane(WeftSession *self, uint32_t lane); /* again: unpinned */
void weft_session_show_all_lanes(WeftSession *self);
void weft_session_set_lane_filter(WeftSession *self, const char *text); /* NULL or "": none */

/* "arrows-thread", "arrows-object": only arrows with an end there (0: all). */
void weft_session_set_arrows_scope(WeftSession *self, uint32_t thread, uint32_t object);
void weft_session_get_arrows_scope(WeftSession *self, uint32_t *thread, uint32_t *object);

/* "fold-idle": stretches where nothing happens shown folded (weft-folds.h).
 * The folds of the model, NULL when not folding; made once, owned here. */
void weft_session_set_fold_idle(WeftSession *self, gboolean fold);
gboolean weft_session_get_fold_idle(WeftSession *self);
const WeftFolds *weft_session_get_folds(WeftSession *self);

/* "group-lanes": the lanes of threads of one start function (two or more)
 * as one group lane, in "rows" as WEFT_ROW_GROUP | group; each group can be
 * expanded back into its threads' lanes and collapsed again. */
void weft_session_set_group_lanes(WeftSession *self, gboolean group);
gboolean weft_session_get_group_lanes(WeftSession *self);
const WeftLaneGroups *weft_session_get_groups(WeftSession *self); /* NULL when not grouping */
void weft_session_toggle_group(WeftSession *self, guint group);
/* The lane's group, -1 when not grouping or on its own. */
int weft_session_group_of_lane(WeftSession *self, uint32_t lane);

G_END_DECLS
