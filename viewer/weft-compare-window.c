/* weft-compare-window.c: `weft view --compare A B`: two runs in one window,
 * one above the other (a buggy run and its fix), each with its timeline, its
 * sentence and its wait-for graph, and one playhead: stepping or clicking
 * in either moves the other to the same event number or the same time into
 * its run (weft-compare.c). */
#include "weft-compare-window.h"

#include <string.h>

#include "weft-compare.h"
#include "weft-lane-misuse.h"
#include "weft-session.h"
#include "weft-timeline.h"
#include "weft-viewer-private.h"
#include "weft-waitgraph.h"

typedef struct {
  char *name;
  WeftTrace *trace;
  WeftLaneModel *model;
  WeftSession *session;
  GtkWidget *timeline, *sentence, *graph;
} Run;

typedef struct {
  GtkWidget *window, *by_time, *where;
  Run run[2];
  WeftCompareBy by;
  gboolean following; /* moving the other run: its notification is ours */
} Compare;

static size_t playhead(Run *r) {
  size_t n;
  weft_trace_events(r->trace, &n);
  guint32 ph = weft_session_get_playhead(r->session);
  return ph < n ? ph : SIZE_MAX;
}

static void update_run(Run *r) {
  size_t ev = playhead(r);
  char *s = ev != SIZE_MAX ? weft_lane_model_narrate(r->model, ev) : NULL;
  gtk_label_set_text(GTK_LABEL(r->sentence), s ? s : _("not started yet"));
  free(s);
  gtk_widget_queue_draw(r->graph);
}

static void update_where(Compare *c) {
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 2; i++) {
    size_t n, ev = playhead(&c->run[i]);
    weft_trace_events(c->run[i].trace, &n);
    if (i)
      g_string_append(s, "  ·  ");
    if (ev == SIZE_MAX)
      g_string_append_printf(s, _("%s: not started"), c->run[i].name);
    else
      g_string_append_printf(s, _("%s: event %zu of %zu"), c->run[i].name, ev + 1, n);
  }
  gtk_label_set_text(GTK_LABEL(c->where), s->str);
  g_string_free(s, TRUE);
}

static void move(Run *r, size_t ev) {
  size_t n;
  const WeftEvent *e = weft_trace_events(r->trace, &n);
  weft_session_set_playhead(r->session, ev < n ? (guint32)ev : WEFT_NO_EVENT);
  weft_session_set_selected(r->session, ev < n ? (guint32)ev : WEFT_NO_EVENT);
  if (ev < n)
    weft_timeline_reveal(WEFT_TIMELINE(r->timeline), (double)e[ev].time,
                         weft_lane_model_lane_of(r->model, e[ev].thread));
  update_run(r);
}

/* Run `lead` moved to ev: the other follows. */
static void lead_to(Compare *c, int lead, size_t ev) {
  c->following = TRUE;
  move(&c->run[lead], ev);
  Run *a = &c->run[lead], *b = &c->run[!lead];
  move(b, ev != SIZE_MAX ? weft_compare_follow(a->model, ev, b->model, c->by) : SIZE_MAX);
  c->following = FALSE;
  update_where(c);
}

/* A click on an event of either timeline selects it: the playhead goes there. */
static void on_selected(WeftSession *s, GParamSpec *ps, Compare *c) {
  (void)ps;
  if (c->following)
    return;
  int lead = s == c->run[1].session;
  guint32 sel = weft_session_get_selected(s);
  size_t n;
  weft_trace_events(c->run[lead].trace, &n);
  if (sel < n)
    lead_to(c, lead, sel);
}

static void step(Compare *c, int dir) {
  size_t n, ev = playhead(&c->run[0]);
  weft_trace_events(c->run[0].trace, &n);
  if (!n)
    return;
  if (ev == SIZE_MAX)
    ev = dir > 0 ? 0 : n - 1;
  else if (dir > 0 && ev + 1 < n)
    ev++;
  else if (dir < 0 && ev > 0)
    ev--;
  lead_to(c, 0, ev);
}

static void by_toggled(GtkToggleButton *b, Compare *c) {
  c->by = gtk_toggle_button_get_active(b) ? WEFT_COMPARE_BY_TIME : WEFT_COMPARE_BY_EVENT;
  size_t ev = playhead(&c->run[0]);
  if (ev != SIZE_MAX)
    lead_to(c, 0, ev);
}

static void act_step(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)p;
  Compare *c = data;
  const char *name = g_action_get_name(G_ACTION(a));
  size_t n;
  weft_trace_events(c->run[0].trace, &n);
  if (!strcmp(name, "next-event"))
    step(c, 1);
  else if (!strcmp(name, "previous-event"))
    step(c, -1);
  else if (n)
    lead_to(c, 0, !strcmp(name, "first-event") ? 0 : n - 1);
}

static void act_by_time(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a, (void)p;
  Compare *c = data;
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(c->by_time),
                               !gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(c->by_time)));
}

/* The window's actions, and their keys (as in the one-run window). */
static void add_actions(Compare *c) {
  const GActionEntry entries[] = {
      {"next-event", act_step, NULL, NULL, NULL, {0}},
      {"previous-event", act_step, NULL, NULL, NULL, {0}},
      {"first-event", act_step, NULL, NULL, NULL, {0}},
      {"last-event", act_step, NULL, NULL, NULL, {0}},
      {"by-time", act_by_time, NULL, NULL, NULL, {0}},
  };
  g_action_map_add_action_entries(G_ACTION_MAP(c->window), entries, G_N_ELEMENTS(entries), c);
  static const struct {
    const char *keys, *action;
  } keys[] = {
      {"period", "win.next-event"}, {"comma", "win.previous-event"}, {"Home", "win.first-event"},
      {"End", "win.last-event"},    {"t", "win.by-time"},
  };
  GtkEventController *sc = gtk_shortcut_controller_new();
  for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(sc),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string(keys[i].keys),
                         gtk_named_action_new(keys[i].action)));
  gtk_widget_add_controller(c->window, sc);
}

static void draw_graph(GtkDrawingArea *a, cairo_t *cr, int w, int h, gpointer data) {
  (void)a, (void)h;
  Run *r = data;
  size_t ev = playhead(r);
  WeftWorld world;
  weft_lane_model_world(r->model, ev == SIZE_MAX ? 0 : ev, &world);
  WeftWaitGraph g;
  weft_wait_graph_build(r->model, &world, &g);
  weft_wait_graph_layout(&g, r->model, &world, 1.0);
  cairo_translate(cr, 8, 8);
  weft_render_world(cr, r->model, &world, &g, w - 16, 1.0, weft_widget_is_dark(r->graph));
  weft_wait_graph_clear(&g);
  weft_world_clear(&world);
}

static GtkWidget *run_view(Compare *c, Run *r) {
  r->session = weft_session_new();
  weft_session_set_model(r->session, r->model);
  r->timeline = weft_timeline_new(r->session);
  gtk_widget_set_hexpand(r->timeline, TRUE);
  gtk_widget_set_vexpand(r->timeline, TRUE);
  gtk_widget_set_focusable(r->timeline, FALSE); /* the window's keys step both runs */
  g_signal_connect(r->session, "notify::selected", G_CALLBACK(on_selected), c);
  GtkWidget *name = gtk_label_new(r->name);
  gtk_widget_add_css_class(name, "heading");
  gtk_label_set_xalign(GTK_LABEL(name), 0);
  r->sentence = gtk_label_new(NULL);
  gtk_widget_set_name(r->sentence, r == &c->run[0] ? "sentence-0" : "sentence-1");
  gtk_label_set_wrap(GTK_LABEL(r->sentence), TRUE);
  gtk_label_set_xalign(GTK_LABEL(r->sentence), 0);
  gtk_widget_add_css_class(r->sentence, "narration");
  GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append(GTK_BOX(left), name);
  gtk_box_append(GTK_BOX(left), r->timeline);
  gtk_box_append(GTK_BOX(left), r->sentence);
  r->graph = gtk_drawing_area_new();
  gtk_widget_set_size_request(r->graph, 360, 200);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(r->graph), draw_graph, r, NULL);
  GtkWidget *row = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child(GTK_PANED(row), left);
  gtk_paned_set_end_child(GTK_PANED(row), r->graph);
  gtk_paned_set_resize_end_child(GTK_PANED(row), FALSE);
  gtk_widget_set_margin_start(row, 6);
  gtk_widget_set_margin_end(row, 6);
  update_run(r);
  return row;
}

static void free_compare(gpointer data) {
  Compare *c = data;
  for (int i = 0; i < 2; i++) {
    Run *r = &c->run[i];
    if (r->session) {
      g_signal_handlers_disconnect_by_data(r->session, c);
      weft_session_set_model(r->session, NULL);
      g_object_unref(r->session);
    }
    weft_lane_model_free(r->model);
    if (r->trace)
      weft_trace_free(r->trace);
    g_free(r->name);
  }
  g_free(c);
}

static bool load(Run *r, const char *path, GError **error) {
  r->name = g_path_get_basename(path);
  WeftStatus st = weft_trace_open(path, &r->trace);
  if (st != WEFT_TRACE_OK) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot open '%s': %s"), path,
                weft_status_name(st));
    return false;
  }
  r->model = weft_lane_model_new(r->trace, NULL, NULL);
  if (!r->model) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("not enough memory to read '%s'"), path);
    return false;
  }
  weft_lane_model_find_misuse(r->model);
  return true;
}

GtkWidget *weft_compare_window_new(GtkApplication *app, const char *a, const char *b,
                                   WeftCompareBy by, GError **error) {
  Compare *c = g_new0(Compare, 1);
  c->by = by;
  if (!load(&c->run[0], a, error) || !load(&c->run[1], b, error)) {
    free_compare(c);
    return NULL;
  }
  c->window = gtk_application_window_new(app);
  char *title = g_strdup_printf(_("%s and %s"), c->run[0].name, c->run[1].name);
  gtk_window_set_title(GTK_WINDOW(c->window), title);
  g_free(title);
  gtk_window_set_default_size(GTK_WINDOW(c->window), 1280, 800);
  GtkWidget *header = gtk_header_bar_new();
  c->by_time = gtk_toggle_button_new_with_mnemonic(_("Same _time (t)"));
  gtk_widget_set_tooltip_text(c->by_time, _("The runs share the playhead by time into each run, "
                                            "not by event number"));
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(c->by_time), by == WEFT_COMPARE_BY_TIME);
  g_signal_connect(c->by_time, "toggled", G_CALLBACK(by_toggled), c);
  gtk_header_bar_pack_start(GTK_HEADER_BAR(header), c->by_time);
  gtk_window_set_titlebar(GTK_WINDOW(c->window), header);
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *halves = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child(GTK_PANED(halves), run_view(c, &c->run[0]));
  gtk_paned_set_end_child(GTK_PANED(halves), run_view(c, &c->run[1]));
  gtk_widget_set_vexpand(halves, TRUE);
  c->where = gtk_label_new(NULL);
  gtk_widget_set_name(c->where, "where");
  gtk_label_set_xalign(GTK_LABEL(c->where), 0);
  gtk_widget_add_css_class(c->where, "dim-label");
  gtk_widget_set_margin_start(c->where, 8);
  gtk_widget_set_margin_bottom(c->where, 4);
  gtk_box_append(GTK_BOX(box), halves);
  gtk_box_append(GTK_BOX(box), c->where);
  gtk_window_set_child(GTK_WINDOW(c->window), box);
  add_actions(c);
  g_object_set_data_full(G_OBJECT(c->window), "weft-compare", c, free_compare);
  update_where(c);
  return c->window;
}

typedef struct {
  const char *a, *b;
  WeftCompareBy by;
  int status;
} Start;

static void on_activate(GApplication *app, Start *s) {
  GError *e = NULL;
  GtkWidget *w = weft_compare_window_new(GTK_APPLICATION(app), s->a, s->b, s->by, &e);
  if (!w) {
    g_printerr(_("weft view: %s\n"), e->message);
    g_error_free(e);
    s->status = 65;
    return;
  }
  gtk_window_present(GTK_WINDOW(w));
}

int weft_compare_run(const char *a, const char *b, WeftCompareBy by) {
  GtkApplication *app = weft_viewer_app_new(FALSE);
  if (!app)
    return WEFT_VIEWER_NO_DISPLAY;
  /* the viewer's own activation would open an empty window beside ours */
  g_signal_handlers_disconnect_matched(app, G_SIGNAL_MATCH_ID,
                                       g_signal_lookup("activate", G_TYPE_APPLICATION), 0, NULL,
                                       NULL, NULL);
  Start s = {a, b, by, 0};
  g_signal_connect(app, "activate", G_CALLBACK(on_activate), &s);
  char *argv[] = {(char *)"view", NULL};
  int status = g_application_run(G_APPLICATION(app), 1, argv);
  g_object_unref(app);
  return s.status ? s.status : status;
}
