/* weft-timeline.c: the timeline widget. */
#include "weft-timeline.h"

#include <math.h>
#include <string.h>

#include "weft-thread-names.h"
#include "weft-viewer-private.h"

struct _WeftTimeline {
  GtkWidget parent;
  WeftSession *session; /* the visible range, selection, playhead, arrows, scale */
  const WeftLaneModel *model; /* the session's */
  char *message;
  GArray *marks; /* bookmarks' times (double ns), flagged on the ruler */
  WeftTimeAxis axis; /* t0/t1 mirror the session's range; x0/width follow the size */
  gboolean fitted;   /* the whole run is shown: keep it so on resize */
  double scroll_y;
  int hover_lane;
  double pointer_x;
  double frame_ms;
  /* dragging */
  double drag_t0, drag_t1, drag_scroll;
  gboolean drag_range, dragged;
  double range_from, range_to;
  double pinch_start_span;
};

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE(WeftTimeline, weft_timeline, GTK_TYPE_WIDGET)

/* The run with a margin: measured on the folded axis when folding. */
static void fit_range(WeftTimeline *self, double *a, double *b) {
  const WeftFolds *folds = weft_session_get_folds(self->session);
  if (folds)
    weft_folds_fit(folds, self->model, a, b);
  else
    weft_lane_model_fit(self->model, a, b);
}

static double total(WeftTimeline *self) {
  if (!self->model)
    return 1000;
  double a, b;
  fit_range(self, &a, &b);
  return fmax(b, 1000);
}

/* Keeps the window inside the run's fitted range [first event - margin,
 * end + margin] when it is narrower than that range. */
static void clamp_window(WeftTimeline *self) {
  weft_time_axis_clamp(&self->axis, total(self));
  if (!self->model)
    return;
  /* on the folded axis when folding: a span there is what the eye sees */
  const WeftFolds *f = self->axis.folds;
  double fa, fb;
  fit_range(self, &fa, &fb);
  double d0 = weft_folds_to_display(f, self->axis.t0), span = weft_folds_to_display(f, self->axis.t1) - d0;
  double da = weft_folds_to_display(f, fa), db = weft_folds_to_display(f, fb);
  if (span >= db - da) {
    d0 = fmin(d0, da);
    self->axis.t0 = weft_folds_to_real(f, d0);
    self->axis.t1 = weft_folds_to_real(f, d0 + span);
    return;
  }
  if (d0 < da) {
    self->axis.t0 = fa;
    self->axis.t1 = weft_folds_to_real(f, da + span);
  }
}

static void fit_window(WeftTimeline *self) {
  self->axis.t0 = 0;
  self->axis.t1 = total(self);
  if (self->model)
    fit_range(self, &self->axis.t0, &self->axis.t1);
}

gboolean weft_widget_is_dark(GtkWidget *w) {
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(w), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
}

static void fill_options(WeftTimeline *self, WeftRenderOptions *o) {
  GtkWidget *w = GTK_WIDGET(self);
  weft_render_options_init(o, gtk_widget_get_width(w), gtk_widget_get_height(w));
  o->t0 = self->axis.t0;
  o->t1 = self->axis.t1;
  o->scale = weft_session_get_text_scale(self->session);
  o->dark = weft_widget_is_dark(w);
  o->arrows = weft_session_get_arrows(self->session);
  o->lane_height = round(40 * o->scale);
  o->scroll_y = self->scroll_y;
  guint32 ph = weft_session_get_playhead(self->session);
  size_t n = 0;
  const WeftEvent *ev =
      self->model ? weft_trace_events(weft_lane_model_trace(self->model), &n) : NULL;
  o->has_playhead = ph < n;
  o->playhead = ph < n ? (double)ev[ph].time : 0;
  o->selected = weft_session_get_selected(self->session);
  o->hover_lane = self->hover_lane;
  o->range_from = self->range_from;
  o->range_to = self->range_to;
  o->message = self->message;
  o->rows = weft_session_get_rows(self->session, &o->nrows);
  o->folds = weft_session_get_folds(self->session);
  o->groups = weft_session_get_groups(self->session);
  weft_session_get_arrows_scope(self->session, &o->arrows_thread, &o->arrows_object);
  o->marks = self->marks ? (const double *)(void *)self->marks->data : NULL;
  o->nmarks = self->marks ? self->marks->len : 0;
}

/* Keeps the layout's pixel axis in self->axis, for zoom around the pointer. */
static void sync_axis(WeftTimeline *self) {
  if (!self->model)
    return;
  WeftRenderOptions o;
  WeftRenderLayout L;
  fill_options(self, &o);
  weft_render_layout(self->model, &o, &L);
  self->axis.x0 = L.axis.x0;
  self->axis.width = L.axis.width;
  self->axis.folds = L.axis.folds;
  double max_scroll = fmax(0, L.content_height + 8 - (L.lanes_bottom - L.lanes_top));
  self->scroll_y = CLAMP(self->scroll_y, 0, max_scroll);
}

/* Publishes the window moved here to the session; its notification redraws. */
static void changed(WeftTimeline *self) {
  weft_session_set_visible(self->session, self->axis.t0, self->axis.t1);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void weft_timeline_snapshot(GtkWidget *w, GtkSnapshot *snap) {
  WeftTimeline *self = WEFT_TIMELINE(w);
  int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
  if (!self->model || width <= 0 || height <= 0)
    return;
  sync_axis(self);
  if (self->fitted)
    fit_window(self);
  WeftRenderOptions o;
  fill_options(self, &o);
  cairo_t *cr = gtk_snapshot_append_cairo(snap, &GRAPHENE_RECT_INIT(0, 0, width, height));
  self->frame_ms = weft_render(cr, self->model, &o) * 1e3;
  cairo_destroy(cr);
}

/* ---- API ---- */

GtkWidget *weft_timeline_new(WeftSession *session) {
  return g_object_new(WEFT_TYPE_TIMELINE, "session", session, NULL);
}

WeftSession *weft_timeline_get_session(WeftTimeline *self) { return self->session; }

void weft_timeline_set_message(WeftTimeline *self, const char *message) {
  g_free(self->message);
  self->message = g_strdup(message);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void weft_timeline_set_marks(WeftTimeline *self, const double *times, size_t n) {
  if (!self->marks)
    self->marks = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_set_size(self->marks, 0);
  g_array_append_vals(self->marks, times, (guint)n);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void weft_timeline_set_window(WeftTimeline *self, double t0, double t1) {
  if (t1 <= t0)
    return;
  self->fitted = FALSE;
  self->axis.t0 = t0;
  self->axis.t1 = fmax(t1, t0 + 10);
  clamp_window(self);
  changed(self);
}

void weft_timeline_zoom_at(WeftTimeline *self, double factor, double x) {
  if (!self->model)
    return;
  sync_axis(self);
  self->fitted = FALSE;
  weft_time_axis_zoom(&self->axis, factor, x, total(self), 20);
  clamp_window(self);
  double fa, fb;
  fit_range(self, &fa, &fb);
  if (self->axis.t0 <= fa && self->axis.t1 >= fb)
    self->fitted = TRUE;
  changed(self);
}

void weft_timeline_zoom(WeftTimeline *self, double factor) {
  if (!self->model)
    return;
  sync_axis(self);
  double x = self->axis.x0 + self->axis.width / 2;
  WeftRenderOptions o;
  fill_options(self, &o);
  if (o.has_playhead && o.playhead >= self->axis.t0 && o.playhead <= self->axis.t1)
    x = weft_time_axis_to_x(&self->axis, o.playhead);
  weft_timeline_zoom_at(self, factor, x);
}

void weft_timeline_pan(WeftTimeline *self, double dx, double dy) {
  if (!self->model)
    return;
  sync_axis(self);
  if (dx != 0) {
    self->fitted = FALSE;
    weft_time_axis_pan(&self->axis, dx, total(self));
    clamp_window(self);
  }
  self->scroll_y += dy;
  sync_axis(self);
  changed(self);
}

void weft_timeline_fit(WeftTimeline *self) {
  fit_window(self);
  changed(self);
  self->fitted = TRUE;
}

void weft_timeline_reveal(WeftTimeline *self, double t, int lane) {
  if (!self->model)
    return;
  double span = self->axis.t1 - self->axis.t0;
  if (t < self->axis.t0 || t > self->axis.t1) { /* bring it in, 10% from the edge */
    self->fitted = FALSE;
    self->axis.t0 = t < self->axis.t0 ? t - span * 0.1 : t - span * 0.9;
    self->axis.t1 = self->axis.t0 + span;
    clamp_window(self);
  }
  if (lane >= 0) {
    WeftRenderOptions o;
    WeftRenderLayout L;
    fill_options(self, &o);
    weft_render_layout(self->model, &o, &L);
    int row = weft_render_row_of_lane(self->model, &o, lane);
    double top = (row < 0 ? 0 : row) * L.lane_height, view = L.lanes_bottom - L.lanes_top - 8;
    if (top < self->scroll_y)
      self->scroll_y = top;
    else if (top + L.lane_height > self->scroll_y + view)
      self->scroll_y = top + L.lane_height - view;
    sync_axis(self);
  }
  changed(self);
}

double weft_timeline_get_frame_ms(WeftTimeline *self) { return self->frame_ms; }

/* ---- the session ---- */

static void on_session_model(WeftSession *s, GParamSpec *ps, WeftTimeline *self) {
  (void)ps;
  self->model = weft_session_get_model(s);
  self->scroll_y = 0;
  self->range_from = self->range_to = 0;
  self->hover_lane = -1;
  weft_timeline_fit(self);
}

static void on_session_visible(WeftSession *s, GParamSpec *ps, WeftTimeline *self) {
  (void)ps;
  double t0, t1;
  weft_session_get_visible(s, &t0, &t1);
  if (t0 == self->axis.t0 && t1 == self->axis.t1)
    return; /* our own change */
  self->fitted = FALSE;
  self->axis.t0 = t0;
  self->axis.t1 = t1;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_session_scale(WeftSession *s, GParamSpec *ps, WeftTimeline *self) {
  (void)s, (void)ps;
  if (self->model)
    sync_axis(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* Folding is for seeing the whole run on one screen: it fits the run;
 * unfolding keeps the stretch of time in view. */
static void on_session_fold(WeftSession *s, GParamSpec *ps, WeftTimeline *self) {
  (void)ps;
  if (!self->model)
    return;
  sync_axis(self);
  if (weft_session_get_fold_idle(s))
    weft_timeline_fit(self);
  else
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void set_session(WeftTimeline *self, WeftSession *session) {
  if (self->session == session)
    return;
  if (self->session)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_set_object(&self->session, session);
  if (!session)
    return;
  g_signal_connect(session, "notify::model", G_CALLBACK(on_session_model), self);
  g_signal_connect(session, "notify::visible-start", G_CALLBACK(on_session_visible), self);
  g_signal_connect(session, "notify::visible-end", G_CALLBACK(on_session_visible), self);
  g_signal_connect(session, "notify::text-scale", G_CALLBACK(on_session_scale), self);
  g_signal_connect_swapped(session, "notify::selected", G_CALLBACK(gtk_widget_queue_draw), self);
  g_signal_connect_swapped(session, "notify::playhead", G_CALLBACK(gtk_widget_queue_draw), self);
  g_signal_connect_swapped(session, "notify::arrows", G_CALLBACK(gtk_widget_queue_draw), self);
  g_signal_connect_swapped(session, "notify::arrows-scope", G_CALLBACK(gtk_widget_queue_draw), self);
  g_signal_connect_swapped(session, "notify::rows", G_CALLBACK(gtk_widget_queue_draw), self);
  g_signal_connect(session, "notify::fold-idle", G_CALLBACK(on_session_fold), self);
  g_signal_connect_swapped(session, "notify::group-lanes", G_CALLBACK(gtk_widget_queue_draw), self);
  self->model = weft_session_get_model(session);
  weft_session_get_visible(session, &self->axis.t0, &self->axis.t1);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_SESSION]);
}

/* ---- input ---- */

static void hit(WeftTimeline *self, double x, double y, WeftHit *h) {
  WeftRenderOptions o;
  fill_options(self, &o);
  weft_render_hit(self->model, &o, x, y, h);
}

static gboolean on_scroll(GtkEventControllerScroll *c, double dx, double dy, WeftTimeline *self) {
  if (!self->model)
    return FALSE;
  GdkModifierType mods = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(c));
  gboolean smooth = gtk_event_controller_scroll_get_unit(c) == GDK_SCROLL_UNIT_SURFACE;
  double step = smooth ? 1 : 60;
  if (mods & GDK_CONTROL_MASK) {
    double x = self->pointer_x >= 0 ? self->pointer_x : self->axis.x0 + self->axis.width / 2;
    weft_timeline_zoom_at(self, pow(smooth ? 1.01 : 1.25, -dy), x);
    return TRUE;
  }
  if (mods & GDK_SHIFT_MASK) {
    double t = dx;
    dx = dy;
    dy = t;
  }
  weft_timeline_pan(self, dx * step, dy * step);
  return TRUE;
}

static void on_drag_begin(GtkGestureDrag *g, double x, double y, WeftTimeline *self) {
  (void)y;
  sync_axis(self);
  self->drag_t0 = self->axis.t0;
  self->drag_t1 = self->axis.t1;
  self->drag_scroll = self->scroll_y;
  self->dragged = FALSE;
  GdkModifierType mods = gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(g));
  self->drag_range = (mods & GDK_SHIFT_MASK) != 0;
  if (self->drag_range)
    self->range_from = self->range_to = weft_time_axis_to_time(&self->axis, x);
  gtk_widget_grab_focus(GTK_WIDGET(self));
}

static void on_drag_update(GtkGestureDrag *g, double ox, double oy, WeftTimeline *self) {
  if (!self->model)
    return;
  if (fabs(ox) + fabs(oy) > 3)
    self->dragged = TRUE;
  if (!self->dragged)
    return;
  if (self->drag_range) {
    double sx, sy;
    gtk_gesture_drag_get_start_point(g, &sx, &sy);
    self->range_to = weft_time_axis_to_time(&self->axis, sx + ox);
    gtk_widget_queue_draw(GTK_WIDGET(self));
    return;
  }
  gtk_widget_set_cursor_from_name(GTK_WIDGET(self), "grabbing");
  double npp = (self->drag_t1 - self->drag_t0) / fmax(self->axis.width, 1);
  self->axis.t0 = self->drag_t0 - ox * npp;
  self->axis.t1 = self->drag_t1 - ox * npp;
  if (fabs(ox) > 0.5)
    self->fitted = FALSE;
  clamp_window(self);
  self->scroll_y = self->drag_scroll - oy;
  sync_axis(self);
  changed(self);
}

static void on_drag_end(GtkGestureDrag *g, double ox, double oy, WeftTimeline *self) {
  (void)g, (void)ox, (void)oy;
  gtk_widget_set_cursor(GTK_WIDGET(self), NULL);
  if (self->drag_range && self->dragged) {
    double a = fmin(self->range_from, self->range_to), b = fmax(self->range_from, self->range_to);
    self->range_from = self->range_to = 0;
    if (b - a > 10)
      weft_timeline_set_window(self, a, b);
  }
  self->range_from = self->range_to = 0;
  self->drag_range = FALSE;
}

static void on_click(GtkGestureClick *g, int n, double x, double y, WeftTimeline *self) {
  (void)g;
  if (!self->model || self->dragged)
    return;
  gtk_widget_grab_focus(GTK_WIDGET(self));
  WeftHit h;
  hit(self, x, y, &h);
  if (n == 2 && h.area == WEFT_HIT_LANE) {
    weft_timeline_zoom_at(self, 2.0, x);
    return;
  }
  if (h.area != WEFT_HIT_LANE && h.area != WEFT_HIT_NAME)
    return;
  if (h.group >= 0) { /* a group lane opens into its threads' lanes */
    weft_session_toggle_group(self->session, (guint)h.group);
    return;
  }
  guint32 ev = h.event;
  if (ev == G_MAXUINT32 && h.segment >= 0) {
    const WeftLane *l = weft_lane_model_lane(self->model, (size_t)h.lane);
    ev = weft_lane_segment_event(self->model, l, (size_t)h.segment);
  }
  if (ev == G_MAXUINT32 && h.area == WEFT_HIT_NAME) {
    const WeftLane *l = weft_lane_model_lane(self->model, (size_t)h.lane);
    if (l->nsegs)
      ev = weft_lane_segment_event(self->model, l, 0);
  }
  weft_session_set_selected(self->session, ev);
}

static void on_motion(GtkEventControllerMotion *c, double x, double y, WeftTimeline *self) {
  (void)c;
  if (!self->model)
    return;
  WeftHit h;
  self->pointer_x = x;
  hit(self, x, y, &h);
  if (h.lane != self->hover_lane) {
    self->hover_lane = h.lane;
    gtk_widget_queue_draw(GTK_WIDGET(self));
  }
}

static void on_leave(GtkEventControllerMotion *c, WeftTimeline *self) {
  (void)c;
  self->hover_lane = -1;
  self->pointer_x = -1;
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void on_pinch_begin(GtkGesture *g, GdkEventSequence *s, WeftTimeline *self) {
  (void)g, (void)s;
  self->pinch_start_span = self->axis.t1 - self->axis.t0;
}

static void on_pinch(GtkGestureZoom *g, double scale, WeftTimeline *self) {
  double cx, cy;
  if (!gtk_gesture_get_bounding_box_center(GTK_GESTURE(g), &cx, &cy))
    cx = self->axis.x0 + self->axis.width / 2;
  double want = self->pinch_start_span / fmax(scale, 0.01);
  weft_timeline_zoom_at(self, (self->axis.t1 - self->axis.t0) / want, cx);
}

static gboolean on_query_tooltip(GtkWidget *w, int x, int y, gboolean kb, GtkTooltip *tip,
                                 gpointer data) {
  (void)kb, (void)data;
  WeftTimeline *self = WEFT_TIMELINE(w);
  if (!self->model)
    return FALSE;
  WeftHit h;
  hit(self, x, y, &h);
  if (h.group >= 0) {
    const WeftLaneGroup *g = weft_lane_groups_get(weft_session_get_groups(self->session), (size_t)h.group);
    char *name = g_markup_escape_text(g->name, -1);
    char *text = g_strdup_printf(_("<b>%zu threads running %s()</b>\nthe worst state of any of them; click to see each one"),
                                 g->nlanes, name);
    gtk_tooltip_set_markup(tip, text);
    g_free(text);
    g_free(name);
    return TRUE;
  }
  if (h.area == WEFT_HIT_NAME && h.lane >= 0) { /* who the thread is, who made it, where */
    const WeftLane *l = weft_lane_model_lane(self->model, (size_t)h.lane);
    const WeftThread *th = l->thread;
    const WeftThread *parent = weft_trace_thread(weft_lane_model_trace(self->model), th->parent);
    GString *s = g_string_new(NULL);
    char *name = g_markup_escape_text(th->name, -1);
    g_string_append_printf(s, "<b>%s</b> #%u", name, th->id);
    g_free(name);
    if (th->start_function)
      g_string_append_printf(s, _("\nruns %s()"), th->start_function);
    if (parent)
      g_string_append_printf(s, _("\ncreated by %s"), parent->name);
    char site[256]; /* the program's own line, not a spawn helper's */
    if (weft_thread_create_line(weft_lane_model_trace(self->model), th->id, site, sizeof site))
      g_string_append_printf(s, _(" at %s"), site);
    if (l->deadlock_from != UINT64_MAX)
      g_string_append(s, _("\n<b>deadlocked</b>"));
    else if (!l->ended)
      g_string_append(s, _("\nstill running when the trace ends"));
    gtk_tooltip_set_markup(tip, s->str);
    g_string_free(s, TRUE);
    return TRUE;
  }
  if (h.area != WEFT_HIT_LANE || h.lane < 0)
    return FALSE;
  const WeftLane *l = weft_lane_model_lane(self->model, (size_t)h.lane);
  const WeftTrace *t = weft_lane_model_trace(self->model);
  size_t nev;
  const WeftEvent *events = weft_trace_events(t, &nev);
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "<b>%s</b>", l->thread->name);
  if (h.segment >= 0) {
    WeftLaneState st = l->seg_state[h.segment];
    char a[32], d[32];
    weft_format_duration(a, sizeof a, (double)weft_lane_seg_start(l, h.segment));
    weft_format_duration(d, sizeof d,
                         (double)(weft_lane_segment_end(l, (size_t)h.segment) -
                                  weft_lane_seg_start(l, h.segment)));
    const WeftEvent *e = &events[weft_lane_segment_event(self->model, l, (size_t)h.segment)];
    const WeftObject *o = weft_trace_object(t, e->object);
    char *name = o ? g_markup_escape_text(o->name, -1) : NULL;
    g_string_append_printf(s, "\n%s%s%s", weft_lane_state_name(st), name ? " · " : "",
                           name ? name : "");
    g_string_append_printf(s, _("\nfrom %s, for %s"), a, d);
    g_free(name);
  }
  if (h.event != G_MAXUINT32) {
    const WeftEvent *e = &events[h.event];
    const char *call = weft_event_call_name(t, e);
    char at[32];
    weft_format_duration(at, sizeof at, (double)e->time);
    g_string_append_printf(s, "\n<tt>%s</tt> %s %s", call ? call : weft_event_type_name(e->type),
                           _("at"), at);
  }
  gtk_tooltip_set_markup(tip, s->str);
  g_string_free(s, TRUE);
  return TRUE;
}

/* ---- key bindings ---- */

static void act_pan(GtkWidget *w, const char *name, GVariant *p) {
  (void)p;
  WeftTimeline *self = WEFT_TIMELINE(w);
  double step = self->axis.width * 0.15;
  if (!strcmp(name, "timeline.pan-left"))
    weft_timeline_pan(self, -step, 0);
  else if (!strcmp(name, "timeline.pan-right"))
    weft_timeline_pan(self, step, 0);
  else if (!strcmp(name, "timeline.pan-up"))
    weft_timeline_pan(self, 0, -40 * weft_session_get_text_scale(self->session));
  else if (!strcmp(name, "timeline.pan-down"))
    weft_timeline_pan(self, 0, 40 * weft_session_get_text_scale(self->session));
}

static void weft_timeline_css_changed(GtkWidget *w, GtkCssStyleChange *change) {
  GTK_WIDGET_CLASS(weft_timeline_parent_class)->css_changed(w, change);
  gtk_widget_queue_draw(w); /* light or dark: the renderer picks its palette from the colour */
}

static void weft_timeline_dispose(GObject *o) {
  WeftTimeline *self = WEFT_TIMELINE(o);
  g_clear_pointer(&self->message, g_free);
  g_clear_pointer(&self->marks, g_array_unref);
  set_session(self, NULL);
  self->model = NULL;
  G_OBJECT_CLASS(weft_timeline_parent_class)->dispose(o);
}

static void weft_timeline_get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  if (id == PROP_SESSION)
    g_value_set_object(v, WEFT_TIMELINE(o)->session);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void weft_timeline_set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  if (id == PROP_SESSION)
    set_session(WEFT_TIMELINE(o), g_value_get_object(v));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void weft_timeline_class_init(WeftTimelineClass *klass) {
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = weft_timeline_dispose;
  wc->snapshot = weft_timeline_snapshot;
  wc->css_changed = weft_timeline_css_changed;
  gtk_widget_class_set_css_name(wc, "timeline");
  gtk_widget_class_set_accessible_role(wc, GTK_ACCESSIBLE_ROLE_IMG);
  G_OBJECT_CLASS(klass)->get_property = weft_timeline_get_property;
  G_OBJECT_CLASS(klass)->set_property = weft_timeline_set_property;
  props[PROP_SESSION] = g_param_spec_object("session", NULL, NULL, WEFT_TYPE_SESSION,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(G_OBJECT_CLASS(klass), N_PROPS, props);
  static const char *const pans[] = {"timeline.pan-left", "timeline.pan-right", "timeline.pan-up",
                                     "timeline.pan-down"};
  static const guint keys[] = {GDK_KEY_Left, GDK_KEY_Right, GDK_KEY_Up, GDK_KEY_Down};
  for (int i = 0; i < 4; i++) {
    gtk_widget_class_install_action(wc, pans[i], NULL, act_pan);
    gtk_widget_class_add_binding_action(wc, keys[i], 0, pans[i], NULL);
  }
}

static void weft_timeline_init(WeftTimeline *self) {
  GtkWidget *w = GTK_WIDGET(self);
  self->hover_lane = -1;
  self->pointer_x = -1;
  self->axis = (WeftTimeAxis){0, 1000, 0, 1};
  WeftSession *own = weft_session_new(); /* until one is given */
  set_session(self, own);
  g_object_unref(own);
  self->fitted = TRUE;
  gtk_widget_set_focusable(w, TRUE);
  gtk_widget_set_hexpand(w, TRUE);
  gtk_widget_set_vexpand(w, TRUE);
  gtk_widget_set_has_tooltip(w, TRUE);
  g_signal_connect(w, "query-tooltip", G_CALLBACK(on_query_tooltip), NULL);

  GtkEventController *scroll =
      gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), self);
  gtk_widget_add_controller(w, scroll);

  GtkGesture *drag = gtk_gesture_drag_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), GDK_BUTTON_PRIMARY);
  g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
  g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
  g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
  gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(drag));

  GtkGesture *click = gtk_gesture_click_new();
  g_signal_connect(click, "released", G_CALLBACK(on_click), self);
  gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(click));

  GtkEventController *motion = gtk_event_controller_motion_new();
  g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
  g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
  gtk_widget_add_controller(w, motion);

  GtkGesture *zoom = gtk_gesture_zoom_new();
  g_signal_connect(zoom, "begin", G_CALLBACK(on_pinch_begin), self);
  g_signal_connect(zoom, "scale-changed", G_CALLBACK(on_pinch), self);
  gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(zoom));
}
