/* weft-window-panes.c: the side pane (the selected event, the world at the
 * playhead with its wait-for graph), the overview and the status line. */
#include <math.h>

#include "weft-lane-misuse.h"
#include "weft-lane-races.h"
#include "weft-severity.h"
#include "weft-source.h"
#include "weft-thread-names.h"
#include "weft-viewer-private.h"
#include "weft-stack-view.h"
#include "weft-window-private.h"

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

static char *event_title(WeftWindow *self, const WeftEvent *e) {
  const char *call = weft_event_call_name(self->loaded->trace, e);
  return g_markup_printf_escaped("<tt>%s</tt>", call ? call : weft_event_type_name(e->type));
}

/* ---- selection and details ---- */


static void on_related_clicked(GtkButton *b, WeftWindow *self) {
  guint32 ev = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(b), "event"));
  weft_window_select_and_reveal(self, ev);
}

/* A button that selects event `ev`: "→ CHAN_SEND · producer · 1.2 ms". */
static GtkWidget *event_button(WeftWindow *self, guint32 ev, guint32 sel) {
  size_t n;
  const WeftEvent *all = weft_window_events(self, &n);
  const WeftEvent *r = &all[ev];
  const char *call = weft_event_call_name(self->loaded->trace, r);
  char *when = fmt_time((double)r->time);
  char *text = g_strdup_printf("%s %s · %s · %s", ev > sel ? "→" : "←",
                               call ? call : weft_event_type_name(r->type),
                               weft_window_thread_name(self, r->thread), when);
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

static void on_frame_clicked(GtkButton *b, WeftWindow *self) {
  self->source_hidden = FALSE;
  weft_window_show_source(self, g_object_get_data(G_OBJECT(b), "frame"));
}

/* A frame of the stack; one with a source line shows it when clicked. */
static GtkWidget *frame_button(WeftWindow *self, const WeftFrame *f, const char *markup) {
  GtkWidget *l = label(markup, "stack-frame");
  gtk_label_set_selectable(GTK_LABEL(l), FALSE);
  if (!f->file || !f->line)
    return l;
  GtkWidget *b = gtk_button_new();
  gtk_button_set_child(GTK_BUTTON(b), l);
  gtk_widget_add_css_class(b, "flat");
  gtk_widget_add_css_class(b, "frame-button");
  gtk_widget_set_tooltip_text(b, _("Show this line of the source"));
  g_object_set_data(G_OBJECT(b), "frame", (gpointer)f);
  g_signal_connect(b, "clicked", G_CALLBACK(on_frame_clicked), self);
  return b;
}

/* A stack under a heading as the report folds it: the call the program made,
 * then the program's own frames (weft's and the C library's folded); a frame
 * with a source line shows it when clicked. */
static void append_stack(WeftWindow *self, const WeftFrame *f, size_t depth, const char *heading) {
  if (!depth)
    return;
  gtk_box_append(GTK_BOX(self->details), label(heading, "dim-label"));
  size_t call, shown[24];
  size_t nshown = weft_stack_fold(f, depth, &call, shown, 24);
  if (call != SIZE_MAX) {
    char *s = g_markup_printf_escaped("<span alpha='65%%'>%s</span>",
                                      f[call].function ? f[call].function : "?");
    gtk_box_append(GTK_BOX(self->details), label(s, "stack-frame"));
    g_free(s);
  }
  for (size_t k = 0; k < nshown; k++) {
    size_t i = shown[k];
    char *s;
    if (weft_frame_is_signal(&f[i]))
      s = g_markup_printf_escaped("%s", _("<signal handler>"));
    else if (f[i].function && f[i].file)
      s = g_markup_printf_escaped("%s <span alpha='65%%'>(%s:%u)</span>", f[i].function,
                                  f[i].file, f[i].line);
    else if (f[i].function)
      s = g_markup_printf_escaped("%s", f[i].function);
    else
      s = g_markup_printf_escaped("<span alpha='65%%'>0x%llx</span>", (unsigned long long)f[i].pc);
    gtk_box_append(GTK_BOX(self->details), frame_button(self, &f[i], s));
    g_free(s);
  }
}

/* A data race: what was raced on, then each access's thread and stack. */
static void append_race(WeftWindow *self, const WeftRace *race) {
  char *v = g_markup_printf_escaped("<b>%s</b>", race->variable   ? race->variable
                                                 : race->location ? race->location
                                                                  : "?");
  add_row(self->details, _("Data race on"), v);
  g_free(v);
  for (size_t i = 0; i < 2 && i < race->naccesses; i++) {
    const WeftRaceAccess *a = &race->accesses[i];
    char *h = g_strdup_printf(a->write ? _("%s writes %u bytes") : _("%s reads %u bytes"),
                              weft_window_thread_name(self, a->thread), a->size);
    size_t depth;
    const WeftFrame *f = weft_trace_stack(self->loaded->trace, a->stack, &depth);
    append_stack(self, f, depth, h);
    g_free(h);
  }
}

void weft_window_update_details(WeftWindow *self) {
  guint32 sel = weft_session_get_selected(self->session);
  box_clear(self->details);
  gtk_box_append(GTK_BOX(self->details), label(_("Selected event"), "heading"));
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
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
                  ? g_markup_printf_escaped(_("created by %s at %s"),
                                            weft_window_thread_name(self, th->parent), site)
                  : g_markup_printf_escaped(_("created by %s"), weft_window_thread_name(self, th->parent));
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
                         label(weft_window_thread_name(self, w.held[i].holder), "value"));
      }
    weft_world_clear(&w);
  }
  /* a misuse found at this event: its sentence, as weft report says it */
  const WeftMisuse *mu = weft_lane_model_misuse_of_event(m, sel);
  if (mu) {
    char *said = weft_misuse_sentence(t, mu);
    char *v = g_markup_printf_escaped("<b>%s</b>\n%s", weft_misuse_kind_title(mu->kind),
                                      said ? said : "");
    add_row(self->details, weft_misuse_severity(mu->kind) == WEFT_SEVERITY_NOTE
                               ? _("Misuse (a note)")
                               : _("Misuse"),
            v);
    g_free(v);
    free(said);
  }
  const WeftRace *race = weft_lane_model_race_of_event(m, sel);
  if (race) {
    append_race(self, race);
  } else {
    size_t depth;
    const WeftFrame *f = weft_event_stack(t, e, &depth);
    append_stack(self, f, depth, _("Stack"));
  }
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

static double graph_scale(WeftWindow *self) {
  return weft_session_get_text_scale(self->session);
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
                    self->graph_scale, weft_widget_is_dark(self->graph));
}

void weft_window_graph_resized(GtkDrawingArea *a, int w, int h, WeftWindow *self) {
  (void)a, (void)h;
  graph_fit_height(self, w);
}

void weft_window_graph_clear(WeftWindow *self) {
  if (self->graph_valid) {
    weft_wait_graph_clear(&self->graph_g);
    weft_world_clear(&self->graph_world);
  }
  self->graph_valid = FALSE;
}

void weft_window_update_graph(WeftWindow *self) {
  weft_window_graph_clear(self);
  size_t n;
  weft_window_events(self, &n);
  guint32 ph = weft_session_get_playhead(self->session);
  if (ph < n) {
    const WeftLaneModel *m = self->loaded->model;
    weft_lane_model_world(m, ph, &self->graph_world);
    weft_wait_graph_build(m, &self->graph_world, &self->graph_g);
    self->graph_scale = graph_scale(self);
    weft_wait_graph_layout(&self->graph_g, m, &self->graph_world, self->graph_scale);
    self->graph_valid = TRUE;
    graph_fit_height(self, gtk_widget_get_width(self->graph));
  }
  gtk_widget_set_visible(self->graph, self->graph_valid);
  gtk_widget_queue_draw(self->graph);
}

void weft_window_update_world(WeftWindow *self) {
  box_clear(self->world);
  weft_window_update_graph(self);
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 ph = weft_session_get_playhead(self->session);
  if (ph >= n) {
    gtk_label_set_text(GTK_LABEL(self->world_when),
                       _("Step through the run with . and , (< and >: the selected thread "
                         "only; b: where threads block; m: messages; f: findings), or play it "
                         "with Space: here you will see who holds which lock and who waits "
                         "for what."));
    return;
  }
  const WeftTrace *t = self->loaded->trace;
  WeftWorld w;
  weft_lane_model_world(self->loaded->model, ph, &w);
  char *at = fmt_time((double)ev[ph].time);
  char *s = g_markup_printf_escaped(_("event %zu of %zu, at %s"), (size_t)ph + 1, n, at);
  gtk_label_set_markup(GTK_LABEL(self->world_when), s);
  g_free(s);
  g_free(at);
  gtk_box_append(GTK_BOX(self->world), label(_("Holding"), "subheading"));
  if (!w.nheld)
    gtk_box_append(GTK_BOX(self->world), label(_("no lock is held"), "dim-label"));
  for (size_t i = 0; i < w.nheld; i++) {
    const WeftObject *o = weft_trace_object(t, w.held[i].object);
    if (w.held[i].holder)
      s = g_markup_printf_escaped(_("<b>%s</b> is held by %s"), o ? o->name : "?",
                                  weft_window_thread_name(self, w.held[i].holder));
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
                                  weft_window_thread_name(self, wt->tid), weft_window_thread_name(self, wt->target), since);
    else if (wt->state == WEFT_STATE_SLEEP)
      s = g_markup_printf_escaped(_("%s sleeps <span alpha='60%%'>since %s</span>"),
                                  weft_window_thread_name(self, wt->tid), since);
    else if (wt->state == WEFT_STATE_IO && o)
      s = g_markup_printf_escaped(_("%s is blocked in <b>%s</b> on <b>%s</b> <span "
                                    "alpha='60%%'>since %s</span>"),
                                  weft_window_thread_name(self, wt->tid),
                                  weft_io_call_name(wt->io_call), o->name, since);
    else if (wt->state == WEFT_STATE_IO)
      s = g_markup_printf_escaped(_("%s is blocked in <b>%s</b> <span alpha='60%%'>since "
                                    "%s</span>"),
                                  weft_window_thread_name(self, wt->tid),
                                  weft_io_call_name(wt->io_call), since);
    else if (o)
      s = g_markup_printf_escaped(_("%s: %s <b>%s</b> <span alpha='60%%'>since %s</span>"),
                                  weft_window_thread_name(self, wt->tid), weft_lane_state_name(wt->state),
                                  o->name, since);
    else
      s = g_markup_printf_escaped(_("%s: %s <span alpha='60%%'>since %s</span>"),
                                  weft_window_thread_name(self, wt->tid), weft_lane_state_name(wt->state),
                                  since);
    gtk_box_append(GTK_BOX(self->world), label(s, NULL));
    g_free(s);
    g_free(since);
  }
  weft_world_clear(&w);
}

void weft_window_update_status(WeftWindow *self) {
  if (!self->loaded || !self->loaded->model) {
    gtk_label_set_text(GTK_LABEL(self->status), "");
    return;
  }
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  char *a = fmt_time(t0), *b = fmt_time(t1), *span = fmt_time(t1 - t0);
  char *s = g_strdup_printf(_("%s – %s (%s shown) · playback %g× · frame %.1f ms"), a, b, span,
                            weft_window_speeds[self->speed],
                            weft_timeline_get_frame_ms(weft_window_timeline(self)));
  const WeftFolds *folds = weft_session_get_folds(self->session);
  double idle = 0; /* of the time shown, how much is folded */
  for (size_t i = 0; i < weft_folds_count(folds); i++) {
    const WeftFold *f = weft_folds_get(folds, i);
    idle += fmax(0, fmin(f->end, t1) - fmax(f->start, t0));
  }
  if (idle > 0) {
    char *folded = fmt_time(idle);
    /* TRANSLATORS: the status line, then how much of the time shown is folded */
    char *s2 = g_strdup_printf(_("%s · %s of it folded (i unfolds)"), s, folded);
    g_free(s);
    g_free(folded);
    s = s2;
  }
  gtk_label_set_text(GTK_LABEL(self->status), s);
  g_free(s);
  g_free(a);
  g_free(b);
  g_free(span);
}

/* ---- narration ---- */

/* The event at the playhead (else the selected one) as a sentence, on screen
 * and as the timeline's accessible description for screen readers. */
void weft_window_update_narration(WeftWindow *self) {
  size_t n;
  weft_window_events(self, &n);
  guint32 ev = weft_session_get_playhead(self->session);
  if (ev >= n)
    ev = weft_session_get_selected(self->session);
  char *s = ev < n ? weft_lane_model_narrate(self->loaded->model, ev) : NULL;
  gtk_label_set_text(GTK_LABEL(self->narration), s ? s : "");
  gtk_widget_set_visible(self->narration, s != NULL);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->timeline), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                 s ? s : "", -1);
  free(s);
}

/* ---- overview ---- */

static void draw_overview(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a;
  WeftWindow *self = data;
  if (!self->loaded || !self->loaded->model)
    return;
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  weft_render_overview(cr, self->loaded->model, w, h, weft_widget_is_dark(self->overview), t0, t1);
}

static void overview_jump(WeftWindow *self, double x) {
  if (!self->loaded)
    return;
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  double fa, fb;
  weft_lane_model_fit(self->loaded->model, &fa, &fb);
  double t = fa + x / fmax(gtk_widget_get_width(self->overview), 1) * (fb - fa), span = t1 - t0;
  weft_timeline_set_window(weft_window_timeline(self), t - span / 2, t + span / 2);
}

void weft_window_overview_pressed(GtkGestureClick *g, int n, double x, double y, WeftWindow *self) {
  (void)g, (void)n, (void)y;
  overview_jump(self, x);
}

void weft_window_overview_dragged(GtkGestureDrag *g, double ox, double oy, WeftWindow *self) {
  (void)oy;
  double sx, sy;
  gtk_gesture_drag_get_start_point(g, &sx, &sy);
  overview_jump(self, sx + ox);
}


void weft_window_panes_init(WeftWindow *self) {
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->overview), draw_overview, self, NULL);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(self->graph), draw_graph, self, NULL);
  weft_window_update_details(self);
  weft_window_update_world(self);
}
