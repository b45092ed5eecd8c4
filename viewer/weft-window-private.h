/* weft-window-private.h: the window's parts, shared by its files:
 * weft-window.c (the template, loading, the session's effects),
 * weft-window-actions.c (what the keys and buttons do),
 * weft-window-panes.c (the side pane, overview and status line),
 * weft-window-numbers.c (the statistics pane),
 * weft-window-source.c (the source pane),
 * weft-window-search.c (find, lanes hidden and pinned, arrows' scope),
 * weft-window-present.c (its scale, presentation mode),
 * weft-window-dnd.c (files dropped on it, recent files),
 * weft-window-bookmarks.c (bookmarks: their side page, flags, keys),
 * weft-window-follow.c (a live run: its trace read again as it grows). */
#pragma once

#include "weft-bookmarks.h"
#include "weft-load.h"
#include "weft-session.h"
#include "weft-timeline.h"
#include "weft-waitgraph.h"
#include "weft-window.h"

struct _WeftWindow {
  GtkApplicationWindow parent;
  /* bound from data/ui/weft-window.ui */
  WeftSession *session;
  GtkWidget *header_bar, *title_label, *subtitle_label, *recent_menu_button, *play_button;
  GtkWidget *stack; /* "empty", "loading", "error", "trace" */
  GtkWidget *progress, *progress_label;
  GtkWidget *error_title, *error_label;
  GtkWidget *banner, *banner_label, *banner_button;
  GtkWidget *notice, *notice_label; /* what could not be read */
  gboolean notice_shown;            /* out of presentation mode */
  GtkWidget *paned, *overview, *timeline;
  GtkWidget *side_box, *side_stack; /* pages "now", "numbers" */
  GtkWidget *side_scroller, *side_pane;
  GtkWidget *numbers; /* the statistics, built once a trace is loaded */
  GtkWidget *narration; /* the event at the playhead as a sentence */
  GtkWidget *search_bar, *search_entry, *search_lanes, *search_count;
  GtkWidget *source_paned, *source_box, *source_label, *source_view;
  const WeftFrame *source_frame; /* shown in the source pane, or NULL */
  gboolean source_hidden;        /* closed: only a clicked frame opens it */
  GtkWidget *details;    /* rebuilt on selection */
  GtkWidget *world_when; /* "event 3 of 40, at 1.2 ms" */
  GtkWidget *graph;      /* the wait-for graph at the playhead */
  GtkWidget *world;      /* holding and waiting, rebuilt when the playhead moves */
  GtkWidget *status;
  /* the graph's data */
  WeftWorld graph_world;
  WeftWaitGraph graph_g;
  gboolean graph_valid;
  double graph_scale; /* the text scale it was laid out with */
  /* the trace */
  WeftLoaded *loaded;
  WeftLoad *load;
  GCancellable *cancel;
  /* the findings' events (weft_step_findings()), found at the first f */
  uint32_t *findings;
  size_t nfindings;
  gboolean findings_ready;
  /* playback */
  guint play_source;
  size_t play_stride; /* events a tick */
  int speed;          /* index in weft_window_speeds[] */
  /* the scale of the whole window, and presentation mode */
  GtkCssProvider *scale_css;
  gboolean presenting;
  double present_scale, normal_scale;
  gboolean disposed;
};

/* Playback speeds, 1: the normal pace. */
extern const double weft_window_speeds[];
extern const int weft_window_speed_count;

static inline WeftTimeline *weft_window_timeline(WeftWindow *self) {
  return WEFT_TIMELINE(self->timeline);
}

/* The loaded trace's events (NULL, 0 when none). */
const WeftEvent *weft_window_events(WeftWindow *self, size_t *n);
/* "worker #3" when several threads are called "worker"; valid until the
 * fourth call after. */
const char *weft_window_thread_name(WeftWindow *self, uint32_t tid);

/* A line under the banner (NULL: none), hidden in presentation mode. */
void weft_window_show_notice(WeftWindow *self, const char *text);

/* weft-window-actions.c */
void weft_window_class_install_actions(GtkWidgetClass *wc);
void weft_window_select_and_reveal(WeftWindow *self, guint32 ev);
void weft_window_stop_playing(WeftWindow *self);

/* weft-window-panes.c */
void weft_window_panes_init(WeftWindow *self);
void weft_window_update_details(WeftWindow *self);
void weft_window_update_world(WeftWindow *self);
void weft_window_update_graph(WeftWindow *self);
void weft_window_graph_clear(WeftWindow *self);
void weft_window_update_status(WeftWindow *self);
void weft_window_update_narration(WeftWindow *self);
void weft_window_overview_pressed(GtkGestureClick *g, int n, double x, double y, WeftWindow *self);
void weft_window_overview_dragged(GtkGestureDrag *g, double ox, double oy, WeftWindow *self);
void weft_window_graph_resized(GtkDrawingArea *a, int w, int h, WeftWindow *self);

/* weft-window-numbers.c */
void weft_window_update_numbers(WeftWindow *self);

/* weft-window-source.c */
void weft_window_source_init(WeftWindow *self);
void weft_window_update_source(WeftWindow *self);
void weft_window_show_source(WeftWindow *self, const WeftFrame *f);

/* weft-window-search.c */
void weft_window_search_changed(GtkSearchEntry *e, WeftWindow *self);
void weft_window_search_lanes_toggled(GtkCheckButton *b, WeftWindow *self);
void weft_window_search_next(GtkSearchEntry *e, WeftWindow *self);
void weft_window_search_previous(GtkSearchEntry *e, WeftWindow *self);
void weft_window_search_stop(GtkSearchEntry *e, WeftWindow *self);
void weft_window_find(WeftWindow *self);
void weft_window_close_find(WeftWindow *self);
void weft_window_hide_lane(WeftWindow *self);
void weft_window_pin_lane(WeftWindow *self);
void weft_window_show_all_lanes(WeftWindow *self);
void weft_window_cycle_arrows_scope(WeftWindow *self);
void weft_window_select_next_lane(WeftWindow *self, int dir);

/* weft-window-present.c */
void weft_window_present_init(WeftWindow *self);
void weft_window_apply_scale(WeftWindow *self);
void weft_window_set_presenting(WeftWindow *self, gboolean on);

/* weft-window.c: a live run's trace read again, the one shown kept meanwhile */
void weft_window_reload(WeftWindow *self, GFile *file);
gboolean weft_window_is_loading(WeftWindow *self);

/* weft-window-follow.c */
void weft_window_follow_init(WeftWindow *self);

/* weft-window-bookmarks.c */
void weft_window_bookmarks_install(GtkWidgetClass *wc);
void weft_window_bookmarks_init(WeftWindow *self);
/* The bookmark at event ev (the first made there), or NULL. */
const WeftBookmark *weft_window_bookmark_at(WeftWindow *self, guint32 ev);

/* weft-window-slide.c */
void weft_window_slide_install(GtkWidgetClass *wc);
/* The step at the playhead as a slide (PNG, SVG or PDF by the extension);
 * false after saying why not in the notice line. */
gboolean weft_window_export_slide(WeftWindow *self, const char *path);

/* weft-window-dnd.c */
void weft_window_dnd_init(WeftWindow *self);
void weft_window_dnd_dispose(WeftWindow *self);
