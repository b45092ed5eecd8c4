/* weft-window.c: the viewer's window. */
#include "weft-window.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "weft-lane-races.h"
#include "weft-load.h"
#include "weft-timeline.h"
#include "weft-thread-names.h"
#include "weft-viewer-private.h"
#include "weft-waitgraph.h"

struct _WeftWindow {
  GtkApplicationWindow parent;
  GtkWidget *stack;        /* "empty", "loading", "error", "trace" */
  GtkWidget *progress, *progress_label;
  GtkWidget *error_title, *error_label;
  GtkWidget *timeline, *overview;
  GtkWidget *banner, *banner_label, *banner_button;
  GtkWidget *notice, *notice_label; /* what could not be read */
  GtkWidget *details;      /* a box rebuilt on selection */
  GtkWidget *world;        /* a box rebuilt when the playhead moves */
  GtkWidget *graph;        /* the wait-for graph at the playhead, in the world box */
  WeftWorld graph_world;   /* what the graph shows */
  WeftWaitGraph graph_g;
  gboolean graph_valid;
  double graph_scale;      /* the text scale it was laid out with */
  GtkWidget *status;
  GtkWidget *play_button;
  GtkWidget *recent_menu_button;
  WeftLoaded *loaded;
  WeftLoad *load;
  GCancellable *cancel;
  guint progress_updates;   /* of the current load, for the test script */
  double progress_last;
  gboolean progress_backwards;
  size_t playhead; /* event index, SIZE_MAX: none */
  guint play_source;
  int speed; /* index in speeds[] */
  char *script;
  guint script_source;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE(WeftWindow, weft_window, GTK_TYPE_APPLICATION_WINDOW)

static const double speeds[] = {1, 2, 5, 10, 25, 100, 500};

static const WeftEvent *events(WeftWindow *self, size_t *n) {
  if (!self->loaded || !self->loaded->trace) {
    *n = 0;
    return NULL;
  }
  return weft_trace_events(self->loaded->trace, n);
}

static WeftTimeline *tl(WeftWindow *self) { return WEFT_TIMELINE(self->timeline); }

/* ---- small widgets ---- */

static GtkWidget *label(const char *markup, const char *css) {
  GtkWidget *l = gtk_label_new(NULL);
  gtk_label_set_markup(GTK_LABEL(l), markup);
  gtk_label_set_xalign(GTK_LABEL(l), 0);
  gtk_label_set_wrap(GTK_LABEL(l), TRUE);
  gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable(GTK_LABEL(l), TRUE);
  if (css)
    gtk_widget_add_css_class(l, css);
  return l;
}

static void box_clear(GtkWidget *box) {
  GtkWidget *c;
  while ((c = gtk_widget_get_first_child(box)))
    gtk_box_remove(GTK_BOX(box), c);
}

static void add_row(GtkWidget *box, const char *key, const char *value_markup) {
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append(GTK_BOX(row), label(key, "dim-label"));
  gtk_box_append(GTK_BOX(row), label(value_markup, "value"));
  gtk_box_append(GTK_BOX(box), row);
}

static char *fmt_time(double ns) {
  char buf[48];
  weft_format_duration(buf, sizeof buf, ns);
  return g_strdup(buf);
}

/* "worker #3" when several threads are called "worker"; valid until the
 * fourth call after. */
static const char *thread_name(WeftWindow *self, uint32_t tid) {
  static char bufs[4][160];
  static unsigned next;
  char *b = bufs[next++ % 4];
  return weft_lane_model_thread_label(self->loaded->model, tid, b, sizeof bufs[0]);
}

static char *event_title(WeftWindow *self, const WeftEvent *e) {
  const char *call = weft_event_call_name(self->loaded->trace, e);
  return g_markup_printf_escaped("<tt>%s</tt>", call ? call : weft_event_type_name(e->type));
}

/* ---- selection and details ---- */

static void select_and_reveal(WeftWindow *self, guint32 ev);

static void on_related_clicked(GtkButton *b, WeftWindow *self) {
  guint32 ev = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(b), "event"));
  select_and_reveal(self, ev);
}

/* A button that selects event `ev`: "→ CHAN_SEND · producer · 1.2 ms". */
static GtkWidget *event_button(WeftWindow *self, guint32 ev, guint32 sel) {
  size_t n;
  const WeftEvent *all = events(self, &n);
  const WeftEvent *r = &all[ev];
  const char *call = weft_event_call_name(self->loaded->trace, r);
  char *when = fmt_time((double)r->time);
  char *text = g_strdup_printf("%s %s · %s · %s", ev > sel ? "→" : "←",
                               call ? call : weft_event_type_name(r->type),
                               thread_name(self, r->thread), when);
  GtkWidget *b = gtk_button_new_with_label(text);
  gtk_widget_add_css_class(b, "flat");
  gtk_widget_add_css_class(b, "related");
  gtk_label_set_xalign(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(b))), 0);
  gtk_label_set_ellipsize(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(b))), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text(b, text);
  g_object_set_data(G_OBJECT(b), "event", GUINT_TO_POINTER(ev));
  g_signal_connect(b, "clicked", G_CALLBACK(on_related_clicked), self);
  g_free(text);
  g_free(when);
  return b;
}

/* A stack under a heading, innermost frame first. */
static void append_stack(WeftWindow *self, uint32_t stack, const char *heading) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(self->loaded->trace, stack, &depth);
  if (!depth)
    return;
  gtk_box_append(GTK_BOX(self->details), label(heading, "dim-label"));
  for (size_t i = 0; i < depth && i < 24; i++) {
    char *s;
    if (f[i].function && f[i].file)
      s = g_markup_printf_escaped("%s <span alpha='65%%'>(%s:%u)</span>", f[i].function,
                                  f[i].file, f[i].line);
    else if (f[i].function)
      s = g_markup_printf_escaped("%s", f[i].function);
    else
      s = g_markup_printf_escaped("<span alpha='65%%'>0x%llx</span>", (unsigned long long)f[i].pc);
    gtk_box_append(GTK_BOX(self->details), label(s, "frame"));
    g_free(s);
  }
}

/* A data race: what was raced on, then each access's thread and stack. */
static void append_race(WeftWindow *self, const WeftRace *race) {
  char *v = g_markup_printf_escaped("<b>%s</b>", race->variable ? race->variable
                                                 : race->location ? race->location : "?");
  add_row(self->details, _("Data race on"), v);
  g_free(v);
  for (size_t i = 0; i < 2 && i < race->naccesses; i++) {
    const WeftRaceAccess *a = &race->accesses[i];
    char *h = g_strdup_printf(a->write ? _("%s writes %u bytes") : _("%s reads %u bytes"),
                              thread_name(self, a->thread), a->size);
    append_stack(self, a->stack, h);
    g_free(h);
  }
}

static void update_details(WeftWindow *self, guint32 sel) {
  box_clear(self->details);
  gtk_box_append(GTK_BOX(self->details), label(_("Selected event"), "heading"));
  size_t n;
  const WeftEvent *ev = events(self, &n);
  if (sel == G_MAXUINT32 || sel >= n) {
    gtk_box_append(GTK_BOX(self->details),
                   label(_("Click a lane to see an event: what it is, its object, its times "
                           "and the stack where it happened."),
                         "dim-label"));
    return;
  }
  const WeftTrace *t = self->loaded->trace;
  const WeftLaneModel *m = self->loaded->model;
  const WeftEvent *e = &ev[sel];
  char *title = event_title(self, e);
  add_row(self->details, _("Event"), title);
  g_free(title);
  const WeftThread *th = weft_trace_thread(t, e->thread);
  char *s = g_markup_printf_escaped("%s <span alpha='60%%'>#%u</span>", th ? th->name : "?",
                                    e->thread);
  if (th && th->parent) {
    char site[256]; /* the program's own line, not a spawn helper's */
    char *c = weft_thread_create_line(t, th->id, site, sizeof site)
                  ? g_markup_printf_escaped(_("created by %s at %s"), thread_name(self, th->parent),
                                            site)
                  : g_markup_printf_escaped(_("created by %s"), thread_name(self, th->parent));
    char *s2 = g_strdup_printf("%s\n<span alpha='70%%'>%s</span>", s, c);
    g_free(s);
    g_free(c);
    s = s2;
  }
  if (th) /* a process-level event (a deadlock report) has no thread */
    add_row(self->details, _("Thread"), s);
  g_free(s);
  const WeftObject *o = weft_trace_object(t, e->object);
  if (o) {
    s = g_markup_printf_escaped("<b>%s</b> <span alpha='60%%'>%s</span>", o->name,
                                weft_object_kind_name(o->kind));
    add_row(self->details, _("Object"), s);
    g_free(s);
  }
  char *at = fmt_time((double)e->time);
  add_row(self->details, _("Time"), at);
  g_free(at);
  /* the state this event is in, with its duration */
  int li = weft_lane_model_lane_of(m, e->thread);
  if (li >= 0) {
    const WeftLane *l = weft_lane_model_lane(m, (size_t)li);
    ptrdiff_t seg = weft_lane_segment_at(l, e->time);
    if (seg >= 0) {
      char *a = fmt_time((double)weft_lane_seg_start(l, seg));
      char *d = fmt_time((double)(weft_lane_segment_end(l, (size_t)seg) - weft_lane_seg_start(l, seg)));
      s = g_markup_printf_escaped(_("%s from %s for %s"), weft_lane_state_name(l->seg_state[seg]),
                                  a, d);
      add_row(self->details, _("State"), s);
      g_free(s);
      g_free(a);
      g_free(d);
    }
  }
  /* who held the lock at that moment, and since when */
  if (e->type == WEFT_EV_LOCK_WAIT && o) {
    WeftWorld w;
    weft_lane_model_world(m, sel, &w);
    for (size_t i = 0; i < w.nheld; i++)
      if (w.held[i].object == e->object && w.held[i].holder) {
        gtk_box_append(GTK_BOX(self->details), label(_("Held by"), "dim-label"));
        uint32_t acq = weft_lane_model_acquisition(m, e->object, w.held[i].holder, sel);
        if (acq != UINT32_MAX)
          gtk_box_append(GTK_BOX(self->details), event_button(self, acq, sel));
        else
          gtk_box_append(GTK_BOX(self->details),
                         label(thread_name(self, w.held[i].holder), "value"));
      }
    weft_world_clear(&w);
  }
  const WeftRace *race = weft_lane_model_race_of_event(m, sel);
  if (race)
    append_race(self, race);
  else
    append_stack(self, e->stack, _("Stack"));
  /* the other ends of its arrows; for a wait, the event that ended it and
   * that one's other ends (a receive's matching send, by message id) */
  uint32_t rel[16];
  size_t nrel = 0;
  uint32_t end = weft_lane_model_wait_end(m, sel);
  if (end != UINT32_MAX) {
    rel[nrel++] = end;
    nrel += weft_lane_model_related(m, end, rel + nrel, 8);
  }
  nrel += weft_lane_model_related(m, sel, rel + nrel, 16 - nrel);
  if (nrel) {
    gtk_box_append(GTK_BOX(self->details), label(_("Related"), "dim-label"));
    for (size_t i = 0; i < nrel; i++)
      if (rel[i] != sel)
        gtk_box_append(GTK_BOX(self->details), event_button(self, rel[i], sel));
  }
}

/* ---- the wait-for graph at the playhead ---- */

static gboolean widget_is_dark(GtkWidget *w) {
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(w), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
}

static double graph_scale(WeftWindow *self) {
  return self->timeline ? fmin(weft_timeline_get_text_scale(tl(self)), 1.6) : 1;
}

static void graph_fit_height(WeftWindow *self, int width) {
  if (!self->graph_valid || !self->loaded)
    return;
  if (width <= 1)
    width = 320;
  double h = weft_render_world(NULL, self->loaded->model, &self->graph_world, &self->graph_g,
                               width, self->graph_scale, FALSE);
  gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(self->graph), (int)ceil(h));
}

static void draw_graph(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a, (void)h;
  WeftWindow *self = data;
  if (!self->graph_valid || !self->loaded)
    return;
  weft_render_world(cr, self->loaded->model, &self->graph_world, &self->graph_g, w,
                    self->graph_scale, widget_is_dark(self->graph));
}

static void on_graph_resize(GtkDrawingArea *a, int w, int h, WeftWindow *self) {
  (void)a, (void)h;
  graph_fit_height(self, w);
}

static void graph_clear(WeftWindow *self) {
  if (self->graph_valid) {
    weft_wait_graph_clear(&self->graph_g);
    weft_world_clear(&self->graph_world);
  }
  self->graph_valid = FALSE;
}

static void update_graph(WeftWindow *self) {
  graph_clear(self);
  size_t n;
  events(self, &n);
  if (self->playhead != SIZE_MAX && self->playhead < n) {
    const WeftLaneModel *m = self->loaded->model;
    weft_lane_model_world(m, self->playhead, &self->graph_world);
    weft_wait_graph_build(m, &self->graph_world, &self->graph_g);
    self->graph_scale = graph_scale(self);
    weft_wait_graph_layout(&self->graph_g, m, &self->graph_world, self->graph_scale);
    self->graph_valid = TRUE;
    graph_fit_height(self, gtk_widget_get_width(self->graph));
  }
  gtk_widget_set_visible(self->graph, self->graph_valid);
  gtk_widget_queue_draw(self->graph);
}

static void update_world(WeftWindow *self) {
  if (self->graph && gtk_widget_get_parent(self->graph) == self->world)
    gtk_box_remove(GTK_BOX(self->world), self->graph); /* kept across rebuilds */
  box_clear(self->world);
  gtk_box_append(GTK_BOX(self->world), label(_("At the playhead"), "heading"));
  update_graph(self);
  size_t n;
  const WeftEvent *ev = events(self, &n);
  if (self->playhead == SIZE_MAX || self->playhead >= n) {
    gtk_box_append(GTK_BOX(self->world),
                   label(_("Step through the run with . and , (Shift: the selected thread "
                           "only), or play it with Space: here you will see who holds which "
                           "lock and who waits for what."),
                         "dim-label"));
    return;
  }
  const WeftTrace *t = self->loaded->trace;
  WeftWorld w;
  weft_lane_model_world(self->loaded->model, self->playhead, &w);
  char *at = fmt_time((double)ev[self->playhead].time);
  char *s = g_markup_printf_escaped(_("event %zu of %zu, at %s"), self->playhead + 1, n, at);
  gtk_box_append(GTK_BOX(self->world), label(s, "dim-label"));
  g_free(s);
  g_free(at);
  gtk_box_append(GTK_BOX(self->world), self->graph);
  gtk_box_append(GTK_BOX(self->world), label(_("Holding"), "subheading"));
  if (!w.nheld)
    gtk_box_append(GTK_BOX(self->world), label(_("no lock is held"), "dim-label"));
  for (size_t i = 0; i < w.nheld; i++) {
    const WeftObject *o = weft_trace_object(t, w.held[i].object);
    if (w.held[i].holder)
      s = g_markup_printf_escaped(_("<b>%s</b> is held by %s"), o ? o->name : "?",
                                  thread_name(self, w.held[i].holder));
    else
      s = g_markup_printf_escaped(_("<b>%s</b> is held by %u readers"), o ? o->name : "?",
                                  w.held[i].readers);
    gtk_box_append(GTK_BOX(self->world), label(s, NULL));
    g_free(s);
  }
  gtk_box_append(GTK_BOX(self->world), label(_("Waiting"), "subheading"));
  if (!w.nwaiting)
    gtk_box_append(GTK_BOX(self->world), label(_("nobody waits"), "dim-label"));
  for (size_t i = 0; i < w.nwaiting; i++) {
    const WeftWaiting *wt = &w.waiting[i];
    const WeftObject *o = weft_trace_object(t, wt->object);
    char *since = fmt_time((double)wt->since);
    if (wt->state == WEFT_STATE_JOIN)
      s = g_markup_printf_escaped(_("%s waits for <b>%s</b> to end <span alpha='60%%'>since "
                                    "%s</span>"),
                                  thread_name(self, wt->tid), thread_name(self, wt->target), since);
    else if (wt->state == WEFT_STATE_SLEEP)
      s = g_markup_printf_escaped(_("%s sleeps <span alpha='60%%'>since %s</span>"),
                                  thread_name(self, wt->tid), since);
    else if (wt->state == WEFT_STATE_IO && o)
      s = g_markup_printf_escaped(_("%s is blocked in <b>%s</b> on <b>%s</b> <span "
                                    "alpha='60%%'>since %s</span>"),
                                  thread_name(self, wt->tid), weft_io_call_name(wt->io_call),
                                  o->name, since);
    else if (wt->state == WEFT_STATE_IO)
      s = g_markup_printf_escaped(_("%s is blocked in <b>%s</b> <span alpha='60%%'>since "
                                    "%s</span>"),
                                  thread_name(self, wt->tid), weft_io_call_name(wt->io_call),
                                  since);
    else if (o)
      s = g_markup_printf_escaped(_("%s: %s <b>%s</b> <span alpha='60%%'>since %s</span>"),
                                  thread_name(self, wt->tid), weft_lane_state_name(wt->state),
                                  o->name, since);
    else
      s = g_markup_printf_escaped(_("%s: %s <span alpha='60%%'>since %s</span>"),
                                  thread_name(self, wt->tid), weft_lane_state_name(wt->state),
                                  since);
    gtk_box_append(GTK_BOX(self->world), label(s, NULL));
    g_free(s);
    g_free(since);
  }
  weft_world_clear(&w);
}

static void update_status(WeftWindow *self) {
  if (!self->loaded || !self->loaded->model) {
    gtk_label_set_text(GTK_LABEL(self->status), "");
    return;
  }
  double t0, t1;
  weft_timeline_get_window(tl(self), &t0, &t1);
  char *a = fmt_time(t0), *b = fmt_time(t1), *span = fmt_time(t1 - t0);
  char *s = g_strdup_printf(_("%s – %s (%s shown) · playback %g events/s · frame %.1f ms"), a, b,
                            span, speeds[self->speed], weft_timeline_get_frame_ms(tl(self)));
  gtk_label_set_text(GTK_LABEL(self->status), s);
  g_free(s);
  g_free(a);
  g_free(b);
  g_free(span);
}

static void on_selected(WeftTimeline *t, guint ev, WeftWindow *self) {
  (void)t;
  update_details(self, ev);
}

static void on_view_changed(WeftTimeline *t, WeftWindow *self) {
  (void)t;
  gtk_widget_queue_draw(self->overview);
  update_status(self);
}

static void select_and_reveal(WeftWindow *self, guint32 ev) {
  size_t n;
  const WeftEvent *e = events(self, &n);
  if (ev >= n)
    return;
  weft_timeline_select(tl(self), ev);
  weft_timeline_reveal(tl(self), (double)e[ev].time,
                       weft_lane_model_lane_of(self->loaded->model, e[ev].thread));
}

/* ---- playhead ---- */

static void set_playhead(WeftWindow *self, size_t i) {
  size_t n;
  const WeftEvent *ev = events(self, &n);
  if (!n)
    return;
  if (i >= n)
    i = n - 1;
  self->playhead = i;
  weft_timeline_set_playhead(tl(self), TRUE, (double)ev[i].time);
  select_and_reveal(self, (guint32)i);
  update_world(self);
}

static void step(WeftWindow *self, int dir, gboolean same_thread) {
  size_t n;
  const WeftEvent *ev = events(self, &n);
  if (!n)
    return;
  if (self->playhead == SIZE_MAX) {
    double t0, t1;
    weft_timeline_get_window(tl(self), &t0, &t1);
    size_t i = weft_lane_model_event_at_time(self->loaded->model, t0 > 0 ? (uint64_t)t0 : 0);
    set_playhead(self, dir > 0 ? i : (i ? i - 1 : 0));
    return;
  }
  size_t i = self->playhead;
  uint32_t tid = 0;
  if (same_thread) {
    guint32 sel = weft_timeline_get_selected(tl(self));
    tid = sel < n ? ev[sel].thread : ev[i].thread;
  }
  do {
    if (dir > 0 && i + 1 >= n)
      return;
    if (dir < 0 && i == 0)
      return;
    i += dir > 0 ? 1 : (size_t)-1;
  } while (tid && ev[i].thread != tid);
  set_playhead(self, i);
}

static gboolean play_tick(gpointer data) {
  WeftWindow *self = data;
  size_t n;
  events(self, &n);
  if (self->playhead != SIZE_MAX && self->playhead + 1 >= n) {
    self->play_source = 0;
    gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-start-symbolic");
    return G_SOURCE_REMOVE;
  }
  step(self, 1, FALSE);
  return G_SOURCE_CONTINUE;
}

static void stop_playing(WeftWindow *self) {
  if (self->play_source) {
    g_source_remove(self->play_source);
    self->play_source = 0;
  }
  gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-start-symbolic");
}

static void start_playing(WeftWindow *self) {
  stop_playing(self);
  self->play_source = g_timeout_add((guint)(1000 / speeds[self->speed]), play_tick, self);
  gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-pause-symbolic");
}

/* ---- loading ---- */

static void show_trace(WeftWindow *self) {
  WeftLoaded *l = self->loaded;
  char *partial = weft_load_partial_message(l);
  weft_timeline_set_model(tl(self), l->model, NULL); /* the notice says it */
  gtk_widget_set_visible(self->notice, partial != NULL);
  if (partial)
    gtk_label_set_text(GTK_LABEL(self->notice_label), partial);
  g_free(partial);
  size_t nd = weft_lane_model_deadlock_count(l->model);
  gtk_widget_set_visible(self->banner, nd > 0);
  if (nd) {
    char *sentence = weft_viewer_deadlock_sentence(l->model, 0);
    gtk_label_set_text(GTK_LABEL(self->banner_label), sentence);
    g_free(sentence);
  }
  char *base = g_path_get_basename(l->path);
  size_t n, nth;
  weft_trace_events(l->trace, &n);
  weft_trace_threads(l->trace, &nth);
  char *dur = fmt_time((double)weft_lane_model_duration(l->model));
  char *sub = g_strdup_printf(_("%zu threads · %zu events · %s"), nth, n, dur);
  GtkWidget *title = gtk_header_bar_get_title_widget(
      GTK_HEADER_BAR(gtk_window_get_titlebar(GTK_WINDOW(self))));
  GtkWidget *t1 = gtk_widget_get_first_child(title), *t2 = gtk_widget_get_next_sibling(t1);
  gtk_label_set_text(GTK_LABEL(t1), base);
  gtk_label_set_text(GTK_LABEL(t2), sub);
  gtk_widget_set_visible(t2, TRUE);
  gtk_window_set_title(GTK_WINDOW(self), base);
  g_free(dur);
  g_free(sub);
  g_free(base);
  self->playhead = SIZE_MAX;
  weft_timeline_set_playhead(tl(self), FALSE, 0);
  update_details(self, G_MAXUINT32);
  update_world(self);
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "trace");
  gtk_widget_grab_focus(self->timeline);
  update_status(self);
  GtkRecentManager *rm = gtk_recent_manager_get_default();
  char *uri = g_filename_to_uri(l->path, NULL, NULL);
  if (uri) {
    GtkRecentData rd = {.display_name = NULL, .mime_type = (char *)"application/x-weft-trace",
                        .app_name = (char *)"weft", .app_exec = (char *)"weft view %u"};
    gtk_recent_manager_add_full(rm, uri, &rd);
    g_free(uri);
  }
}

/* On the main thread, as the worker reads and indexes the trace. */
static void on_load_progress(WeftLoad *load, double fraction, gboolean indexing, gpointer data) {
  WeftWindow *self = data;
  if (self->disposed || load != self->load)
    return; /* a load that was replaced by another one */
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->progress), fraction);
  if (indexing)
    gtk_label_set_text(GTK_LABEL(self->progress_label), _("Indexing threads and arrows…"));
  if (fraction < self->progress_last)
    self->progress_backwards = TRUE;
  self->progress_last = fraction;
  self->progress_updates++;
}

static void script_start(WeftWindow *self);

static void on_loaded(GObject *src, GAsyncResult *res, gpointer data) {
  (void)src;
  WeftWindow *self = data;
  gboolean current = !self->disposed && g_task_get_task_data(G_TASK(res)) == (gpointer)self->load;
  WeftLoaded *l = weft_load_finish(res);
  if (!current) { /* the window closed, or another trace was opened since */
    weft_loaded_free(l);
    g_object_unref(self);
    return;
  }
  self->load = NULL;
  if (g_getenv("WEFT_VIEWER_TEST_SCRIPT"))
    g_print("progress: %u updates, %s, last %.3f\n", self->progress_updates,
            self->progress_backwards ? "not increasing" : "increasing", self->progress_last);
  if (l->status != WEFT_TRACE_OK) {
    char *msg = weft_load_error_message(l);
    gtk_label_set_text(GTK_LABEL(self->error_label), msg);
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "error");
    if (g_getenv("WEFT_VIEWER_TEST_SCRIPT"))
      g_print("message: %s\n", msg);
    g_free(msg);
    weft_loaded_free(l);
  } else {
    weft_timeline_set_model(tl(self), NULL, NULL);
    graph_clear(self);
    weft_loaded_free(self->loaded);
    self->loaded = l;
    show_trace(self);
    if (g_getenv("WEFT_VIEWER_TEST_SCRIPT")) {
      char *partial = weft_load_partial_message(l);
      if (partial)
        g_print("message: %s\n", partial);
      g_free(partial);
      g_print("loaded: %s in %.3f s\n", l->path, l->seconds);
    }
  }
  script_start(self);
  g_object_unref(self);
}

void weft_window_open(WeftWindow *self, GFile *file) {
  char *path = g_file_get_path(file);
  if (!path) {
    gtk_label_set_text(GTK_LABEL(self->error_label), _("Only local files can be opened."));
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "error");
    return;
  }
  stop_playing(self);
  if (self->cancel)
    g_cancellable_cancel(self->cancel);
  g_clear_object(&self->cancel);
  self->cancel = g_cancellable_new();
  char *base = g_path_get_basename(path);
  char *text = g_strdup_printf(_("Opening “%s”"), base);
  gtk_window_set_title(GTK_WINDOW(self), base);
  gtk_label_set_text(GTK_LABEL(self->progress_label), text);
  g_free(text);
  g_free(base);
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(self->progress), 0);
  self->progress_updates = 0;
  self->progress_last = 0;
  self->progress_backwards = FALSE;
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "loading");
  self->load = weft_load_start(path, self->cancel, on_load_progress, on_loaded, g_object_ref(self));
  g_free(path);
}

gboolean weft_window_is_empty(WeftWindow *self) {
  const char *page = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
  return !self->loaded && !self->load && g_strcmp0(page, "empty") == 0;
}

/* ---- actions ---- */

static void on_open_response(GtkNativeDialog *d, int response, WeftWindow *self) {
  if (response == GTK_RESPONSE_ACCEPT) {
    GFile *f = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(d));
    if (f) {
      weft_window_open(self, f);
      g_object_unref(f);
    }
  }
  g_object_unref(d);
}

static void act_open(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a, (void)p;
  WeftWindow *self = data;
  GtkFileChooserNative *d = gtk_file_chooser_native_new(
      _("Open a Trace"), GTK_WINDOW(self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *f = gtk_file_filter_new();
  gtk_file_filter_set_name(f, _("weft traces"));
  gtk_file_filter_add_pattern(f, "*.weft");
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), f);
  GtkFileFilter *all = gtk_file_filter_new();
  gtk_file_filter_set_name(all, _("All files"));
  gtk_file_filter_add_pattern(all, "*");
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), all);
  g_object_unref(f);
  g_object_unref(all);
  g_signal_connect(d, "response", G_CALLBACK(on_open_response), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_open_recent(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  WeftWindow *self = data;
  GFile *f = g_file_new_for_uri(g_variant_get_string(p, NULL));
  weft_window_open(self, f);
  g_object_unref(f);
}

static void on_export_response(GtkNativeDialog *d, int response, WeftWindow *self) {
  if (response == GTK_RESPONSE_ACCEPT && self->loaded) {
    GFile *f = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(d));
    char *path = f ? g_file_get_path(f) : NULL;
    if (path) {
      if (!weft_render_format_known(path)) {
        char *p2 = g_strconcat(path, ".png", NULL);
        g_free(path);
        path = p2;
      }
      WeftRenderOptions o;
      weft_render_options_init(&o, gtk_widget_get_width(self->timeline),
                               gtk_widget_get_height(self->timeline));
      weft_timeline_get_window(tl(self), &o.t0, &o.t1);
      o.arrows = weft_timeline_get_arrows(tl(self));
      o.scale = weft_timeline_get_text_scale(tl(self));
      o.selected = weft_timeline_get_selected(tl(self));
      if (weft_render_to_file(self->loaded->model, &o, path) < 0) {
        char *msg = g_strdup_printf(_("Cannot write “%s”: %s"), path, g_strerror(errno));
        gtk_label_set_text(GTK_LABEL(self->notice_label), msg);
        gtk_widget_set_visible(self->notice, TRUE);
        g_free(msg);
      }
    }
    g_free(path);
    g_clear_object(&f);
  }
  g_object_unref(d);
}

static void act_export(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a, (void)p;
  WeftWindow *self = data;
  if (!self->loaded)
    return;
  GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Export the View"), GTK_WINDOW(self),
                                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                        _("_Cancel"));
  char *base = g_path_get_basename(self->loaded->path);
  char *dot = strrchr(base, '.');
  if (dot)
    *dot = 0;
  char *name = g_strconcat(base, ".png", NULL);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), name);
  g_free(name);
  g_free(base);
  g_signal_connect(d, "response", G_CALLBACK(on_export_response), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

#define SIMPLE(fn, body)                                                                           \
  static void fn(GSimpleAction *a, GVariant *p, gpointer data) {                                   \
    (void)a, (void)p;                                                                              \
    WeftWindow *self = data;                                                                       \
    body;                                                                                          \
  }

SIMPLE(act_zoom_in, weft_timeline_zoom(tl(self), 1.5))
SIMPLE(act_zoom_out, weft_timeline_zoom(tl(self), 1 / 1.5))
SIMPLE(act_fit, weft_timeline_fit(tl(self)))
SIMPLE(act_next, step(self, 1, FALSE))
SIMPLE(act_prev, step(self, -1, FALSE))
SIMPLE(act_next_thread, step(self, 1, TRUE))
SIMPLE(act_prev_thread, step(self, -1, TRUE))
SIMPLE(act_play, if (self->play_source) stop_playing(self); else if (self->loaded) start_playing(self))
SIMPLE(act_faster, self->speed = MIN(self->speed + 1, (int)G_N_ELEMENTS(speeds) - 1);
       if (self->play_source) start_playing(self); update_status(self))
SIMPLE(act_slower, self->speed = MAX(self->speed - 1, 0); if (self->play_source) start_playing(self);
       update_status(self))
SIMPLE(act_text_larger,
       weft_timeline_set_text_scale(tl(self), weft_timeline_get_text_scale(tl(self)) * 1.15);
       update_graph(self))
SIMPLE(act_text_smaller,
       weft_timeline_set_text_scale(tl(self), weft_timeline_get_text_scale(tl(self)) / 1.15);
       update_graph(self))
SIMPLE(act_close, gtk_window_destroy(GTK_WINDOW(self)))

static void act_show_deadlock(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a, (void)p;
  WeftWindow *self = data;
  if (!self->loaded || !weft_lane_model_deadlock_count(self->loaded->model))
    return;
  const WeftLaneModel *m = self->loaded->model;
  const WeftLaneDeadlock *d = weft_lane_model_deadlock(m, 0);
  size_t n;
  const WeftEvent *ev = events(self, &n);
  uint64_t from = ev[d->event].time, to = weft_lane_model_duration(m);
  for (size_t i = 0; i < d->nthreads; i++) {
    int li = weft_lane_model_lane_of(m, d->threads[i]);
    if (li >= 0 && weft_lane_model_lane(m, (size_t)li)->deadlock_from < from)
      from = weft_lane_model_lane(m, (size_t)li)->deadlock_from;
  }
  double span = fmax((double)(to - from), (double)to * 0.02);
  weft_timeline_set_window(tl(self), (double)from - span * 0.6, (double)from + span * 1.2);
  set_playhead(self, d->event);
}

static void act_fullscreen(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)p;
  WeftWindow *self = data;
  GVariant *st = g_action_get_state(G_ACTION(a));
  gboolean on = !g_variant_get_boolean(st);
  g_variant_unref(st);
  g_simple_action_set_state(a, g_variant_new_boolean(on));
  if (on)
    gtk_window_fullscreen(GTK_WINDOW(self));
  else
    gtk_window_unfullscreen(GTK_WINDOW(self));
}

static void act_present(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a, (void)p;
  WeftWindow *self = data;
  gboolean on = !gtk_window_is_fullscreen(GTK_WINDOW(self));
  weft_timeline_set_text_scale(tl(self), on ? 1.6 : 1.0);
  update_graph(self);
  GAction *fs = g_action_map_lookup_action(G_ACTION_MAP(self), "fullscreen");
  g_simple_action_set_state(G_SIMPLE_ACTION(fs), g_variant_new_boolean(on));
  if (on)
    gtk_window_fullscreen(GTK_WINDOW(self));
  else
    gtk_window_unfullscreen(GTK_WINDOW(self));
}

static const char *const arrow_actions[WEFT_ARROW_KIND_COUNT] = {
    "arrows-channel", "arrows-lock", "arrows-signal", "arrows-create", "arrows-join"};

static void act_arrows(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)p;
  WeftWindow *self = data;
  GVariant *st = g_action_get_state(G_ACTION(a));
  gboolean on = !g_variant_get_boolean(st);
  g_variant_unref(st);
  g_simple_action_set_state(a, g_variant_new_boolean(on));
  unsigned mask = weft_timeline_get_arrows(tl(self));
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    if (!strcmp(g_action_get_name(G_ACTION(a)), arrow_actions[k]))
      mask = on ? mask | 1u << k : mask & ~(1u << k);
  weft_timeline_set_arrows(tl(self), mask);
}

/* ---- drag and drop ---- */

static gboolean on_drop(GtkDropTarget *t, const GValue *value, double x, double y,
                        WeftWindow *self) {
  (void)t, (void)x, (void)y;
  if (!G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = gdk_file_list_get_files(g_value_get_boxed(value));
  if (!files)
    return FALSE;
  weft_window_open(self, files->data);
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  for (GSList *l = files->next; l; l = l->next) { /* more files: more windows */
    WeftWindow *w = weft_window_new(app);
    gtk_window_present(GTK_WINDOW(w));
    weft_window_open(w, l->data);
  }
  g_slist_free(files);
  return TRUE;
}

/* ---- recent files ---- */

static void rebuild_recent(GtkRecentManager *rm, WeftWindow *self) {
  GMenu *menu = g_menu_new();
  GList *items = gtk_recent_manager_get_items(rm);
  int count = 0;
  for (GList *l = items; l && count < 10; l = l->next) {
    GtkRecentInfo *info = l->data;
    const char *uri = gtk_recent_info_get_uri(info);
    if (!g_str_has_suffix(uri, ".weft") || !gtk_recent_info_exists(info))
      continue;
    GMenuItem *it = g_menu_item_new(gtk_recent_info_get_display_name(info), NULL);
    g_menu_item_set_action_and_target_value(it, "win.open-recent", g_variant_new_string(uri));
    g_menu_append_item(menu, it);
    g_object_unref(it);
    count++;
  }
  g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
  if (!count) {
    GMenuItem *it = g_menu_item_new(_("No recent traces"), "win.none");
    g_menu_append_item(menu, it);
    g_object_unref(it);
  }
  gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(self->recent_menu_button), G_MENU_MODEL(menu));
  g_object_unref(menu);
}

/* ---- overview ---- */

static void draw_overview(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a;
  WeftWindow *self = data;
  if (!self->loaded || !self->loaded->model)
    return;
  double t0, t1;
  weft_timeline_get_window(tl(self), &t0, &t1);
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(self->overview), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gboolean dark = 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
  weft_render_overview(cr, self->loaded->model, w, h, dark, t0, t1);
}

static void overview_jump(WeftWindow *self, double x) {
  if (!self->loaded)
    return;
  double t0, t1;
  weft_timeline_get_window(tl(self), &t0, &t1);
  double fa, fb;
  weft_lane_model_fit(self->loaded->model, &fa, &fb);
  double t = fa + x / fmax(gtk_widget_get_width(self->overview), 1) * (fb - fa), span = t1 - t0;
  weft_timeline_set_window(tl(self), t - span / 2, t + span / 2);
}

static void on_overview_press(GtkGestureClick *g, int n, double x, double y, WeftWindow *self) {
  (void)g, (void)n, (void)y;
  overview_jump(self, x);
}

static void on_overview_drag(GtkGestureDrag *g, double ox, double oy, WeftWindow *self) {
  (void)oy;
  double sx, sy;
  gtk_gesture_drag_get_start_point(g, &sx, &sy);
  overview_jump(self, sx + ox);
}

/* ---- test scripts ---- */

static gboolean script_step(gpointer data) {
  WeftWindow *self = data;
  if (self->load)
    return G_SOURCE_CONTINUE; /* wait for the trace */
  if (!self->script || !*self->script) {
    self->script_source = 0;
    return G_SOURCE_REMOVE;
  }
  char *semi = strchr(self->script, ';');
  char *cmd = g_strndup(self->script, semi ? (size_t)(semi - self->script) : strlen(self->script));
  char *rest = g_strdup(semi ? semi + 1 : "");
  g_free(self->script);
  self->script = rest;
  g_strstrip(cmd);
  char *arg = strchr(cmd, ':');
  if (arg)
    *arg++ = 0;
  g_print("script: %s%s%s\n", cmd, arg ? " " : "", arg ? arg : "");
  if (!strcmp(cmd, "screenshot") && arg) {
    GtkWidget *w = GTK_WIDGET(self);
    GdkPaintable *pt = gtk_widget_paintable_new(w);
    int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
    GtkSnapshot *snap = gtk_snapshot_new();
    gdk_paintable_snapshot(pt, snap, width, height);
    GskRenderNode *node = gtk_snapshot_free_to_node(snap);
    if (node) {
      GskRenderer *r = gtk_native_get_renderer(gtk_widget_get_native(w));
      GdkTexture *tex = gsk_renderer_render_texture(r, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
      g_print("screenshot: %s %s\n", arg, gdk_texture_save_to_png(tex, arg) ? "ok" : "failed");
      g_object_unref(tex);
      gsk_render_node_unref(node);
    }
    g_object_unref(pt);
  } else if (!strcmp(cmd, "select") && arg && self->loaded) {
    /* select:LANE:TIME_NS, as a click on that lane at that time */
    int lane = atoi(arg);
    const char *tm = strchr(arg, ':');
    double t = tm ? g_ascii_strtod(tm + 1, NULL) : 0;
    const WeftLane *l = weft_lane_model_lane(self->loaded->model, (size_t)lane);
    if (l) {
      ptrdiff_t s = weft_lane_segment_at(l, (uint64_t)t);
      if (s >= 0)
        select_and_reveal(self, weft_lane_segment_event(self->loaded->model, l, (size_t)s));
      size_t n;
      const WeftEvent *ev = events(self, &n);
      guint32 sel = weft_timeline_get_selected(tl(self));
      if (sel < n)
        g_print("selected: %s on %s at %.0f ns\n", weft_event_type_name(ev[sel].type),
                thread_name(self, ev[sel].thread), (double)ev[sel].time);
    }
  } else if (!strcmp(cmd, "select-event") && arg && self->loaded) { /* by index in the trace */
    size_t n;
    events(self, &n);
    if ((size_t)atol(arg) < n)
      select_and_reveal(self, (guint32)atol(arg));
  } else if (!strcmp(cmd, "open") && arg) { /* the script goes on once it is loaded */
    GFile *f = g_file_new_for_path(arg);
    weft_window_open(self, f);
    g_object_unref(f);
  } else if (!strcmp(cmd, "window") && arg) {
    double a = g_ascii_strtod(arg, NULL);
    const char *b = strchr(arg, ':');
    weft_timeline_set_window(tl(self), a, b ? g_ascii_strtod(b + 1, NULL) : a * 2);
  } else if (!strcmp(cmd, "print")) {
    const char *page = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
    g_print("page: %s\n", page);
    if (gtk_widget_get_visible(self->banner))
      g_print("banner: %s\n", gtk_label_get_text(GTK_LABEL(self->banner_label)));
    if (!strcmp(page, "error"))
      g_print("error: %s\n", gtk_label_get_text(GTK_LABEL(self->error_label)));
    if (gtk_widget_get_visible(self->notice))
      g_print("notice: %s\n", gtk_label_get_text(GTK_LABEL(self->notice_label)));
    double t0, t1;
    weft_timeline_get_window(tl(self), &t0, &t1);
    g_print("window: %.0f %.0f\n", t0, t1);
    if (self->graph_valid) {
      g_print("graph: %zu nodes, %zu edges, %zu threads deadlocked\n", self->graph_g.nnodes,
              self->graph_g.nedges, self->graph_g.ndeadlocked);
      for (size_t i = 0; i < self->graph_world.nchans; i++) {
        const WeftChanState *c = &self->graph_world.chans[i];
        const WeftObject *o = weft_trace_object(self->loaded->trace, c->object);
        g_print("channel: %s %llu/%lld%s\n", o ? o->name : "?", (unsigned long long)c->count,
                (long long)c->capacity, c->closed ? " closed" : "");
      }
    }
  } else if (!strcmp(cmd, "quit")) {
    g_application_quit(G_APPLICATION(gtk_window_get_application(GTK_WINDOW(self))));
  } else {
    /* any window action: zoom-in, next-event, show-deadlock, ... */
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self), cmd);
    if (a)
      g_action_activate(a, NULL);
    else
      g_print("script: unknown command %s\n", cmd);
  }
  g_free(cmd);
  return G_SOURCE_CONTINUE;
}

static void script_start(WeftWindow *self) {
  if (self->script && !self->script_source)
    self->script_source = g_timeout_add(250, script_step, self);
}

void weft_window_run_script(WeftWindow *self, const char *script) {
  g_free(self->script);
  self->script = g_strdup(script);
  if (!self->load)
    script_start(self);
}

/* ---- construction ---- */

static GtkWidget *icon_button(const char *icon, const char *action, const char *tip) {
  GtkWidget *b = gtk_button_new_from_icon_name(icon);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
  gtk_widget_set_tooltip_text(b, tip);
  return b;
}

static GtkWidget *status_page(const char *icon, const char *title, GtkWidget **title_out,
                              const char *text, GtkWidget **text_out, GtkWidget *extra) {
  gboolean selectable = text_out != NULL; /* an error message can be copied */
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(box, "status-page");
  GtkWidget *img = gtk_image_new_from_icon_name(icon);
  gtk_image_set_pixel_size(GTK_IMAGE(img), 96);
  gtk_widget_add_css_class(img, "status-icon");
  gtk_box_append(GTK_BOX(box), img);
  GtkWidget *t = gtk_label_new(title);
  gtk_widget_add_css_class(t, "title-1");
  gtk_box_append(GTK_BOX(box), t);
  GtkWidget *l = gtk_label_new(text);
  gtk_label_set_wrap(GTK_LABEL(l), TRUE);
  gtk_label_set_justify(GTK_LABEL(l), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars(GTK_LABEL(l), 60);
  gtk_label_set_selectable(GTK_LABEL(l), selectable);
  gtk_widget_add_css_class(l, "body");
  gtk_box_append(GTK_BOX(box), l);
  if (extra)
    gtk_box_append(GTK_BOX(box), extra);
  if (title_out)
    *title_out = t;
  if (text_out)
    *text_out = l;
  return box;
}

static GMenuModel *primary_menu(void) {
  GMenu *m = g_menu_new();
  GMenu *s1 = g_menu_new();
  g_menu_append(s1, _("_Open…"), "win.open");
  g_menu_append(s1, _("_Export View…"), "win.export");
  g_menu_append_section(m, NULL, G_MENU_MODEL(s1));
  GMenu *arrows = g_menu_new();
  static const char *const names[WEFT_ARROW_KIND_COUNT] = {
      N_("Channel messages"), N_("Lock hand-offs"), N_("Signals"), N_("Thread creation"),
      N_("Exit to join")};
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    char *act = g_strconcat("win.", arrow_actions[k], NULL);
    g_menu_append(arrows, _(names[k]), act);
    g_free(act);
  }
  g_menu_append_submenu(m, _("_Arrows"), G_MENU_MODEL(arrows));
  GMenu *s2 = g_menu_new();
  g_menu_append(s2, _("_Presentation Mode"), "win.present");
  g_menu_append(s2, _("_Full Screen"), "win.fullscreen");
  g_menu_append(s2, _("Larger Text"), "win.text-larger");
  g_menu_append(s2, _("Smaller Text"), "win.text-smaller");
  g_menu_append_section(m, NULL, G_MENU_MODEL(s2));
  GMenu *s3 = g_menu_new();
  g_menu_append(s3, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append(s3, _("_About weft"), "app.about");
  g_menu_append_section(m, NULL, G_MENU_MODEL(s3));
  g_object_unref(s1);
  g_object_unref(s2);
  g_object_unref(s3);
  g_object_unref(arrows);
  return G_MENU_MODEL(m);
}

static void weft_window_dispose(GObject *o) {
  WeftWindow *self = WEFT_WINDOW(o);
  self->disposed = TRUE;
  self->load = NULL;
  if (self->cancel)
    g_cancellable_cancel(self->cancel);
  g_clear_object(&self->cancel);
  if (self->play_source)
    g_source_remove(self->play_source);
  self->play_source = 0;
  if (self->script_source)
    g_source_remove(self->script_source);
  self->script_source = 0;
  g_clear_pointer(&self->script, g_free);
  g_signal_handlers_disconnect_by_data(gtk_recent_manager_get_default(), self);
  if (self->timeline)
    weft_timeline_set_model(tl(self), NULL, NULL);
  graph_clear(self);
  g_clear_object(&self->graph);
  g_clear_pointer(&self->loaded, weft_loaded_free);
  G_OBJECT_CLASS(weft_window_parent_class)->dispose(o);
}

static void weft_window_class_init(WeftWindowClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = weft_window_dispose;
}

static void weft_window_init(WeftWindow *self) {
  self->playhead = SIZE_MAX;
  self->speed = 2;
  static const GActionEntry entries[] = {
      {"open", act_open, NULL, NULL, NULL, {0}},
      {"open-recent", act_open_recent, "s", NULL, NULL, {0}},
      {"export", act_export, NULL, NULL, NULL, {0}},
      {"zoom-in", act_zoom_in, NULL, NULL, NULL, {0}},
      {"zoom-out", act_zoom_out, NULL, NULL, NULL, {0}},
      {"fit", act_fit, NULL, NULL, NULL, {0}},
      {"next-event", act_next, NULL, NULL, NULL, {0}},
      {"previous-event", act_prev, NULL, NULL, NULL, {0}},
      {"next-event-thread", act_next_thread, NULL, NULL, NULL, {0}},
      {"previous-event-thread", act_prev_thread, NULL, NULL, NULL, {0}},
      {"play", act_play, NULL, NULL, NULL, {0}},
      {"faster", act_faster, NULL, NULL, NULL, {0}},
      {"slower", act_slower, NULL, NULL, NULL, {0}},
      {"show-deadlock", act_show_deadlock, NULL, NULL, NULL, {0}},
      {"fullscreen", act_fullscreen, NULL, "false", NULL, {0}},
      {"present", act_present, NULL, NULL, NULL, {0}},
      {"text-larger", act_text_larger, NULL, NULL, NULL, {0}},
      {"text-smaller", act_text_smaller, NULL, NULL, NULL, {0}},
      {"close", act_close, NULL, NULL, NULL, {0}},
      {"arrows-channel", act_arrows, NULL, "true", NULL, {0}},
      {"arrows-lock", act_arrows, NULL, "true", NULL, {0}},
      {"arrows-signal", act_arrows, NULL, "true", NULL, {0}},
      {"arrows-create", act_arrows, NULL, "true", NULL, {0}},
      {"arrows-join", act_arrows, NULL, "true", NULL, {0}},
  };
  g_action_map_add_action_entries(G_ACTION_MAP(self), entries, G_N_ELEMENTS(entries), self);
  gtk_window_set_default_size(GTK_WINDOW(self), 1400, 860);
  gtk_window_set_icon_name(GTK_WINDOW(self), "org.weft.Viewer");
  gtk_window_set_title(GTK_WINDOW(self), "weft");

  /* header bar */
  GtkWidget *hb = gtk_header_bar_new();
  GtkWidget *title = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign(title, GTK_ALIGN_CENTER);
  GtkWidget *t1 = gtk_label_new("weft");
  gtk_widget_add_css_class(t1, "title");
  GtkWidget *t2 = gtk_label_new("");
  gtk_widget_add_css_class(t2, "subtitle");
  gtk_widget_set_visible(t2, FALSE);
  gtk_box_append(GTK_BOX(title), t1);
  gtk_box_append(GTK_BOX(title), t2);
  gtk_header_bar_set_title_widget(GTK_HEADER_BAR(hb), title);
  GtkWidget *open = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class(open, "linked");
  GtkWidget *ob = gtk_button_new_with_mnemonic(_("_Open"));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(ob), "win.open");
  gtk_widget_set_tooltip_text(ob, _("Open a trace (Ctrl+O)"));
  self->recent_menu_button = gtk_menu_button_new();
  gtk_widget_set_tooltip_text(self->recent_menu_button, _("Recent traces"));
  gtk_box_append(GTK_BOX(open), ob);
  gtk_box_append(GTK_BOX(open), self->recent_menu_button);
  gtk_header_bar_pack_start(GTK_HEADER_BAR(hb), open);
  GtkWidget *play = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class(play, "linked");
  gtk_box_append(GTK_BOX(play), icon_button("media-skip-backward-symbolic", "win.previous-event",
                                            _("Previous event (,)")));
  self->play_button =
      icon_button("media-playback-start-symbolic", "win.play", _("Play / pause (Space)"));
  gtk_box_append(GTK_BOX(play), self->play_button);
  gtk_box_append(GTK_BOX(play), icon_button("media-skip-forward-symbolic", "win.next-event",
                                            _("Next event (.)")));
  gtk_header_bar_pack_start(GTK_HEADER_BAR(hb), play);
  GtkWidget *menu = gtk_menu_button_new();
  gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(menu), "open-menu-symbolic");
  gtk_menu_button_set_primary(GTK_MENU_BUTTON(menu), TRUE);
  GMenuModel *mm = primary_menu();
  gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(menu), mm);
  g_object_unref(mm);
  gtk_header_bar_pack_end(GTK_HEADER_BAR(hb), menu);
  GtkWidget *zoom = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class(zoom, "linked");
  gtk_box_append(GTK_BOX(zoom), icon_button("zoom-out-symbolic", "win.zoom-out", _("Zoom out (-)")));
  gtk_box_append(GTK_BOX(zoom), icon_button("zoom-fit-best-symbolic", "win.fit", _("Show the whole run (0)")));
  gtk_box_append(GTK_BOX(zoom), icon_button("zoom-in-symbolic", "win.zoom-in", _("Zoom in (+)")));
  gtk_header_bar_pack_end(GTK_HEADER_BAR(hb), zoom);
  gtk_window_set_titlebar(GTK_WINDOW(self), hb);

  /* pages */
  self->stack = gtk_stack_new();
  gtk_stack_set_transition_type(GTK_STACK(self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  GtkWidget *open2 = gtk_button_new_with_mnemonic(_("_Open a Trace…"));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(open2), "win.open");
  gtk_widget_add_css_class(open2, "suggested-action");
  gtk_widget_add_css_class(open2, "pill");
  gtk_widget_set_halign(open2, GTK_ALIGN_CENTER);
  gtk_stack_add_named(GTK_STACK(self->stack),
                      status_page("org.weft.Viewer", _("See your threads"), NULL,
                                  _("Record a run with “weft record -- ./program”, then open its "
                                    "trace here, or drop the file on this window."),
                                  NULL, open2),
                      "empty");
  GtkWidget *lbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  self->progress = gtk_progress_bar_new();
  gtk_widget_set_size_request(self->progress, 360, -1);
  self->progress_label = gtk_label_new("");
  gtk_box_append(GTK_BOX(lbox), self->progress_label);
  gtk_box_append(GTK_BOX(lbox), self->progress);
  gtk_widget_set_valign(lbox, GTK_ALIGN_CENTER);
  gtk_widget_set_halign(lbox, GTK_ALIGN_CENTER);
  gtk_stack_add_named(GTK_STACK(self->stack), lbox, "loading");
  GtkWidget *open3 = gtk_button_new_with_mnemonic(_("_Open Another Trace…"));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(open3), "win.open");
  gtk_widget_add_css_class(open3, "pill");
  gtk_widget_set_halign(open3, GTK_ALIGN_CENTER);
  gtk_stack_add_named(GTK_STACK(self->stack),
                      status_page("dialog-error-symbolic", _("This trace cannot be opened"),
                                  &self->error_title, "", &self->error_label, open3),
                      "error");

  /* the trace page */
  GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  self->banner = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class(self->banner, "deadlock-banner");
  GtkWidget *warn = gtk_image_new_from_icon_name("dialog-warning-symbolic");
  self->banner_label = gtk_label_new("");
  gtk_label_set_wrap(GTK_LABEL(self->banner_label), TRUE);
  gtk_label_set_xalign(GTK_LABEL(self->banner_label), 0);
  gtk_widget_set_hexpand(self->banner_label, TRUE);
  self->banner_button = gtk_button_new_with_mnemonic(_("_Show the Deadlock"));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->banner_button), "win.show-deadlock");
  gtk_widget_set_valign(self->banner_button, GTK_ALIGN_CENTER);
  gtk_box_append(GTK_BOX(self->banner), warn);
  gtk_box_append(GTK_BOX(self->banner), self->banner_label);
  gtk_box_append(GTK_BOX(self->banner), self->banner_button);
  gtk_widget_set_visible(self->banner, FALSE);
  gtk_box_append(GTK_BOX(page), self->banner);
  self->notice = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class(self->notice, "notice-banner");
  gtk_box_append(GTK_BOX(self->notice), gtk_image_new_from_icon_name("dialog-information-symbolic"));
  self->notice_label = gtk_label_new("");
  gtk_label_set_wrap(GTK_LABEL(self->notice_label), TRUE);
  gtk_label_set_xalign(GTK_LABEL(self->notice_label), 0);
  gtk_box_append(GTK_BOX(self->notice), self->notice_label);
  gtk_widget_set_visible(self->notice, FALSE);
  gtk_box_append(GTK_BOX(page), self->notice);

  GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand(paned, TRUE);
  GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  self->overview = gtk_drawing_area_new();
  gtk_widget_add_css_class(self->overview, "overview");
  gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(self->overview), 44);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->overview), draw_overview, self, NULL);
  gtk_widget_set_tooltip_text(self->overview, _("The whole run: click or drag to move the view"));
  GtkGesture *oc = gtk_gesture_click_new();
  g_signal_connect(oc, "pressed", G_CALLBACK(on_overview_press), self);
  gtk_widget_add_controller(self->overview, GTK_EVENT_CONTROLLER(oc));
  GtkGesture *od = gtk_gesture_drag_new();
  g_signal_connect(od, "drag-update", G_CALLBACK(on_overview_drag), self);
  gtk_widget_add_controller(self->overview, GTK_EVENT_CONTROLLER(od));
  gtk_box_append(GTK_BOX(left), self->overview);
  self->timeline = weft_timeline_new();
  g_signal_connect(self->timeline, "selected", G_CALLBACK(on_selected), self);
  g_signal_connect(self->timeline, "view-changed", G_CALLBACK(on_view_changed), self);
  gtk_box_append(GTK_BOX(left), self->timeline);
  gtk_paned_set_start_child(GTK_PANED(paned), left);
  gtk_paned_set_resize_start_child(GTK_PANED(paned), TRUE);
  gtk_paned_set_shrink_start_child(GTK_PANED(paned), FALSE);
  GtkWidget *side = gtk_box_new(GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class(side, "side-pane");
  self->details = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  self->world = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  self->graph = gtk_drawing_area_new();
  g_object_ref_sink(self->graph); /* moved in and out of the world box */
  gtk_widget_add_css_class(self->graph, "wait-graph");
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->graph), draw_graph, self, NULL);
  g_signal_connect(self->graph, "resize", G_CALLBACK(on_graph_resize), self);
  gtk_widget_set_visible(self->graph, FALSE);
  gtk_box_append(GTK_BOX(side), self->details);
  gtk_box_append(GTK_BOX(side), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append(GTK_BOX(side), self->world);
  GtkWidget *sw = gtk_scrolled_window_new();
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(sw), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), side);
  gtk_widget_set_size_request(sw, 300, -1);
  gtk_paned_set_end_child(GTK_PANED(paned), sw);
  gtk_paned_set_resize_end_child(GTK_PANED(paned), FALSE);
  gtk_paned_set_shrink_end_child(GTK_PANED(paned), FALSE);
  gtk_paned_set_position(GTK_PANED(paned), 1040);
  gtk_box_append(GTK_BOX(page), paned);
  self->status = gtk_label_new("");
  gtk_label_set_xalign(GTK_LABEL(self->status), 0);
  gtk_label_set_ellipsize(GTK_LABEL(self->status), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class(self->status, "statusbar");
  gtk_box_append(GTK_BOX(page), self->status);
  gtk_stack_add_named(GTK_STACK(self->stack), page, "trace");
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "empty");
  gtk_window_set_child(GTK_WINDOW(self), self->stack);
  update_details(self, G_MAXUINT32);
  update_world(self);

  GtkDropTarget *drop = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect(drop, "drop", G_CALLBACK(on_drop), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(drop));

  GtkRecentManager *rm = gtk_recent_manager_get_default();
  g_signal_connect(rm, "changed", G_CALLBACK(rebuild_recent), self);
  rebuild_recent(rm, self);
}

WeftWindow *weft_window_new(GtkApplication *app) {
  return g_object_new(WEFT_TYPE_WINDOW, "application", app, NULL);
}
