/* test-viewer-gui.c: the viewer driven by a script, for tests/gui-*.sh.
 *
 *   test-viewer-gui SCRIPT [FILE...]
 *
 * runs the viewer as `weft view FILE...` does, and in its first window runs
 * SCRIPT: commands separated by ';', one every 250 ms once the trace is
 * loaded, printing what they find. A command is a window action (zoom-in,
 * next-event, show-deadlock, ...) or one of those below. */
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "weft-viewer.h"
#include "weft-window-private.h"

typedef struct {
  WeftWindow *window;
  char *script;
  guint source;
  int screenshot_tries, size_tries;
  /* the progress bar of the current load */
  guint progress_updates;
  double progress_last;
  gboolean progress_backwards;
} Script;

static Script script;

static void on_progress(GtkProgressBar *bar, GParamSpec *ps, Script *s) {
  (void)ps;
  double f = gtk_progress_bar_get_fraction(bar);
  if (f == 0 && s->progress_updates == 0)
    return; /* the reset when a load starts */
  if (f < s->progress_last)
    s->progress_backwards = TRUE;
  s->progress_last = f;
  s->progress_updates++;
}

/* FALSE if nothing was drawn yet (just after a change of layout). */
static gboolean screenshot(GtkWidget *w, const char *path, gboolean last_try) {
  GdkPaintable *pt = gtk_widget_paintable_new(w);
  int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
  GtkSnapshot *snap = gtk_snapshot_new();
  gdk_paintable_snapshot(pt, snap, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node(snap);
  if (node) {
    GskRenderer *r = gtk_native_get_renderer(gtk_widget_get_native(w));
    GdkTexture *tex = gsk_renderer_render_texture(r, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
    g_print("screenshot: %s %s %dx%d\n", path, gdk_texture_save_to_png(tex, path) ? "ok" : "failed",
            width, height);
    g_object_unref(tex);
    gsk_render_node_unref(node);
  } else if (last_try) {
    g_print("screenshot: %s failed: nothing drawn\n", path);
  }
  g_object_unref(pt);
  return node != NULL || last_try;
}

static void print_state(WeftWindow *self) {
  const char *page = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
  g_print("page: %s\n", page);
  if (gtk_widget_get_visible(self->banner))
    g_print("banner: %s\n", gtk_label_get_text(GTK_LABEL(self->banner_label)));
  if (!strcmp(page, "error"))
    g_print("error: %s\n", gtk_label_get_text(GTK_LABEL(self->error_label)));
  if (gtk_widget_get_visible(self->notice))
    g_print("notice: %s\n", gtk_label_get_text(GTK_LABEL(self->notice_label)));
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  g_print("window: %.0f %.0f\n", t0, t1);
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 ph = weft_session_get_playhead(self->session);
  if (ph < n)
    g_print("playhead: %u, %s at %.0f ns\n", ph, weft_event_type_name(ev[ph].type),
            (double)ev[ph].time);
  g_print("scale: %.2f%s\n", weft_session_get_text_scale(self->session),
          self->presenting ? ", presenting" : "");
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
}

/* Prints every visible widget that reaches out of the window, and every
 * ellipsized label; then the count. Scrolled content is not looked into:
 * it is reachable. */
static int check_clipping(GtkWidget *w, GtkWidget *win, int width, int height) {
  if (!gtk_widget_get_visible(w) || !gtk_widget_get_mapped(w))
    return 0;
  int bad = 0;
  graphene_rect_t r;
  if (gtk_widget_compute_bounds(w, win, &r) &&
      (r.origin.x < -1 || r.origin.y < -1 || r.origin.x + r.size.width > width + 1 ||
       r.origin.y + r.size.height > height + 1)) {
    g_print("clipped: %s at %.0f,%.0f %.0fx%.0f\n", gtk_widget_get_css_name(w), r.origin.x,
            r.origin.y, r.size.width, r.size.height);
    bad++;
  }
  if (GTK_IS_LABEL(w) && gtk_label_get_ellipsize(GTK_LABEL(w)) != PANGO_ELLIPSIZE_NONE) {
    int nat;
    gtk_widget_measure(w, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
    if (gtk_widget_get_width(w) + 1 < nat) {
      g_print("clipped: label \"%s\" %d of %d px\n", gtk_label_get_text(GTK_LABEL(w)),
              gtk_widget_get_width(w), nat);
      bad++;
    }
  }
  if (GTK_IS_SCROLLED_WINDOW(w))
    return bad;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
    bad += check_clipping(c, win, width, height);
  return bad;
}

/* The timeline's own drawing: its legend and ruler leave room for lanes. */
static int check_timeline_room(WeftWindow *self) {
  if (!self->loaded)
    return 0;
  WeftRenderOptions o;
  weft_render_options_init(&o, gtk_widget_get_width(self->timeline),
                           gtk_widget_get_height(self->timeline));
  o.scale = weft_session_get_text_scale(self->session);
  o.lane_height = round(40 * o.scale);
  WeftRenderLayout L;
  weft_render_layout(self->loaded->model, &o, &L);
  size_t lanes = weft_lane_model_lane_count(self->loaded->model);
  double room = L.lanes_bottom - L.lanes_top;
  g_print("timeline: %dx%d, %.0f px for lanes of %.0f px, names %.0f px\n",
          gtk_widget_get_width(self->timeline), gtk_widget_get_height(self->timeline), room,
          L.lane_height, L.name_width);
  if (room < L.lane_height * MIN(lanes, 3)) {
    g_print("clipped: timeline: the legend and ruler leave %.0f px for lanes\n", room);
    return 1;
  }
  return 0;
}

static void print_clipping(WeftWindow *self) {
  GtkWidget *w = GTK_WIDGET(self);
  int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
  GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(w));
  GdkMonitor *mon = gdk_display_get_monitor_at_surface(gtk_widget_get_display(w), surface);
  GdkRectangle g = {0};
  if (mon)
    gdk_monitor_get_geometry(mon, &g);
  g_print("size: window %dx%d, screen %dx%d\n", width, height, g.width, g.height);
  int bad = 0; /* the window's own bounds include its shadow: from its children */
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
    bad += check_clipping(c, w, MIN(width, g.width ? g.width : width),
                          MIN(height, g.height ? g.height : height));
  bad += check_timeline_room(self);
  g_print("clipping: %d\n", bad);
}

/* Every accelerator of a win.* action reaches an action of the window. */
static void print_keys(WeftWindow *self) {
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  char **names = gtk_application_list_action_descriptions(app);
  int missing = 0, found = 0;
  for (char **n = names; *n; n++) {
    if (!g_str_has_prefix(*n, "win."))
      continue;
    gboolean ok = g_action_group_has_action(G_ACTION_GROUP(self), *n + 4);
    const char *name, *prop;
    GType owner;
    const GVariantType *param;
    for (guint i = 0; !ok && gtk_widget_class_query_action(GTK_WIDGET_GET_CLASS(self), i, &owner,
                                                            &name, &param, &prop);
         i++)
      ok = !strcmp(name, *n);
    if (!ok)
      g_print("keys: %s has keys but no action\n", *n);
    missing += !ok;
    found += ok;
  }
  g_strfreev(names);
  g_print("keys: %d actions with keys, %d missing\n", found, missing);
}

static GtkWidget *find_list_box(GtkWidget *w) {
  if (GTK_IS_LIST_BOX(w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_list_box(c);
    if (found)
      return found;
  }
  return NULL;
}

/* The bookmarks page of the side pane: each row's title and note. */
static void print_bookmarks(WeftWindow *self) {
  GtkWidget *page = gtk_stack_get_child_by_name(GTK_STACK(self->side_stack), "notes");
  GtkWidget *list = page ? find_list_box(page) : NULL;
  int n = 0;
  for (GtkListBoxRow *row; list && (row = gtk_list_box_get_row_at_index(GTK_LIST_BOX(list), n)); n++) {
    GtkWidget *title = gtk_widget_get_first_child(gtk_list_box_row_get_child(row));
    GtkWidget *note = gtk_widget_get_next_sibling(title);
    g_print("bookmark %d: \"%s\" \"%s\"\n", n + 1, gtk_editable_get_text(GTK_EDITABLE(title)),
            gtk_editable_get_text(GTK_EDITABLE(note)));
  }
  g_print("bookmarks: %d\n", n);
}

/* Types into the focused entry, as a person would. */
static void type_text(WeftWindow *self, const char *text) {
  GtkWidget *f = gtk_root_get_focus(GTK_ROOT(self));
  while (f && !GTK_IS_EDITABLE(f))
    f = gtk_widget_get_parent(f);
  if (f)
    gtk_editable_set_text(GTK_EDITABLE(f), text);
  else
    g_print("type: nothing focused to type into\n");
}

static void on_focus(GtkWindow *w, GParamSpec *ps, gpointer data) {
  (void)ps, (void)data;
  GtkWidget *f = gtk_window_get_focus(w);
  g_print("focus: %s\n", f ? G_OBJECT_TYPE_NAME(f) : "none");
}

/* A thread's name, or "[bot_listen ×4]" for a group lane. */
static const char *row_name(WeftWindow *self, uint32_t row) {
  static char buf[160];
  const WeftLaneGroup *g = row & WEFT_ROW_GROUP
                               ? weft_lane_groups_get(weft_session_get_groups(self->session), row & ~WEFT_ROW_GROUP)
                               : NULL;
  if (g) {
    snprintf(buf, sizeof buf, "[%s ×%zu]", g->name, g->nlanes);
    return buf;
  }
  return weft_window_thread_name(self, weft_lane_model_lane(self->loaded->model, row)->tid);
}

static void on_watched(WeftSession *session, GParamSpec *ps, WeftWindow *self) {
  if (!strcmp(ps->name, "rows")) {
    size_t nrows;
    const uint32_t *rows = weft_session_get_rows(session, &nrows);
    GString *s = g_string_new(rows ? "" : "all");
    for (size_t i = 0; rows && i < nrows; i++)
      g_string_append_printf(s, "%s%s", i ? ", " : "", row_name(self, rows[i]));
    g_print("watch: lanes %s\n", s->str);
    g_string_free(s, TRUE);
    return;
  }
  if (!strcmp(ps->name, "arrows-scope")) {
    uint32_t thread, object;
    weft_session_get_arrows_scope(session, &thread, &object);
    const WeftObject *o = weft_trace_object(self->loaded->trace, object);
    g_print("watch: arrows of %s\n", thread ? weft_window_thread_name(self, thread) : o ? o->name : "all");
    return;
  }
  if (!strcmp(ps->name, "fold-idle")) { /* the whole run in view once folded */
    double t0, t1;
    weft_session_get_visible(session, &t0, &t1);
    const WeftLaneModel *m = self->loaded->model;
    gboolean whole = t0 <= (double)weft_lane_model_first_time(m) && t1 >= (double)weft_lane_model_duration(m);
    g_print("watch: fold-idle %s, %zu folds, %s\n", weft_session_get_fold_idle(session) ? "on" : "off",
            weft_folds_count(weft_session_get_folds(session)), whole ? "the whole run in view" : "part of the run");
    return;
  }
  if (!strcmp(ps->name, "text-scale")) {
    g_print("watch: scale %.2f%s\n", weft_session_get_text_scale(session),
            self->presenting ? ", presenting" : "");
    return;
  }
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  gboolean sel = !strcmp(ps->name, "selected");
  guint32 ph = sel ? weft_session_get_selected(session) : weft_session_get_playhead(session);
  if (ph < n)
    g_print(sel ? "watch: selected %s of %s at %.0f ns\n" : "watch: playhead %s of %s at %.0f ns\n", weft_event_type_name(ev[ph].type),
            weft_window_thread_name(self, ev[ph].thread), (double)ev[ph].time);
}

/* The statistics pane, a row a line: kind, text, exact tooltip (newlines
 * as " | "). */
static void print_numbers(WeftWindow *self) {
  for (GtkWidget *c = gtk_widget_get_first_child(self->numbers); c;
       c = gtk_widget_get_next_sibling(c)) {
    if (!GTK_IS_BUTTON(c))
      continue;
    const char *kind = g_object_get_data(G_OBJECT(c), "kind");
    GtkWidget *l = gtk_button_get_child(GTK_BUTTON(c));
    char *text = g_strdup(gtk_label_get_text(GTK_LABEL(l)));
    const char *tip = gtk_widget_get_tooltip_text(c);
    g_strdelimit(text, "\n", '|');
    char *tip2 = g_strdup(tip ? tip : "");
    g_strdelimit(tip2, "\n", '|');
    g_print("numbers: %s|%s|%s\n", kind, text, tip2);
    g_free(text);
    g_free(tip2);
  }
}

/* The source pane: its title, and the line the cursor is on. */
static void print_source(WeftWindow *self) {
  if (!gtk_widget_get_visible(self->source_box)) {
    g_print("source: hidden\n");
    return;
  }
  g_print("source: %s\n", gtk_label_get_text(GTK_LABEL(self->source_label)));
  GtkTextBuffer *buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(self->source_view));
  GtkTextIter a, b;
  gtk_text_buffer_get_iter_at_mark(buf, &a, gtk_text_buffer_get_insert(buf));
  b = a;
  gtk_text_iter_forward_to_line_end(&b);
  char *line = gtk_text_buffer_get_text(buf, &a, &b, FALSE);
  g_print("source line %d: %s\n", gtk_text_iter_get_line(&a) + 1, line);
  g_free(line);
}

/* select:LANE:TIME_NS, as a click on that lane at that time */
static void select_at(WeftWindow *self, const char *arg) {
  int lane = atoi(arg);
  const char *tm = strchr(arg, ':');
  double t = tm ? g_ascii_strtod(tm + 1, NULL) : 0;
  const WeftLane *l = weft_lane_model_lane(self->loaded->model, (size_t)lane);
  if (!l)
    return;
  ptrdiff_t s = weft_lane_segment_at(l, (uint64_t)t);
  if (s >= 0)
    weft_window_select_and_reveal(self, weft_lane_segment_event(self->loaded->model, l, (size_t)s));
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 sel = weft_session_get_selected(self->session);
  if (sel < n)
    g_print("selected: %s on %s at %.0f ns\n", weft_event_type_name(ev[sel].type),
            weft_window_thread_name(self, ev[sel].thread), (double)ev[sel].time);
}

static gboolean step(gpointer data) {
  Script *s = data;
  WeftWindow *self = s->window;
  if (self->load)
    return G_SOURCE_CONTINUE; /* wait for the trace */
  if (!s->script || !*s->script) {
    s->source = 0;
    return G_SOURCE_REMOVE;
  }
  char *semi = strchr(s->script, ';');
  char *cmd = g_strndup(s->script, semi ? (size_t)(semi - s->script) : strlen(s->script));
  char *rest = g_strdup(semi ? semi + 1 : "");
  g_free(s->script);
  s->script = rest;
  g_strstrip(cmd);
  char *arg = strchr(cmd, ':');
  if (arg)
    *arg++ = 0;
  if (!s->screenshot_tries && !s->size_tries)
    g_print("script: %s%s%s\n", cmd, arg ? " " : "", arg ? arg : "");
  if (!strcmp(cmd, "screenshot") && arg) {
    if (!screenshot(GTK_WIDGET(self), arg, ++s->screenshot_tries >= 8)) {
      char *again = g_strconcat("screenshot:", arg, ";", s->script, NULL); /* next tick */
      g_free(s->script);
      s->script = again;
    } else {
      s->screenshot_tries = 0;
    }
  } else if (!strcmp(cmd, "select") && arg && self->loaded) {
    select_at(self, arg);
  } else if (!strcmp(cmd, "select-event") && arg && self->loaded) { /* by index in the trace */
    size_t n;
    weft_window_events(self, &n);
    if ((size_t)atol(arg) < n)
      weft_window_select_and_reveal(self, (guint32)atol(arg));
  } else if (!strcmp(cmd, "open") && arg) { /* the script goes on once it is loaded */
    GFile *f = g_file_new_for_path(arg);
    weft_window_open(self, f);
    g_object_unref(f);
  } else if (!strcmp(cmd, "window") && arg) {
    double a = g_ascii_strtod(arg, NULL);
    const char *b = strchr(arg, ':');
    weft_timeline_set_window(weft_window_timeline(self), a, b ? g_ascii_strtod(b + 1, NULL) : a * 2);
  } else if (!strcmp(cmd, "watch")) { /* prints the playhead and scale as they change */
    g_signal_connect(self->session, "notify::playhead", G_CALLBACK(on_watched), self);
    g_signal_connect(self->session, "notify::text-scale", G_CALLBACK(on_watched), self);
    g_signal_connect(self->session, "notify::rows", G_CALLBACK(on_watched), self);
    g_signal_connect(self->session, "notify::arrows-scope", G_CALLBACK(on_watched), self);
    g_signal_connect(self->session, "notify::fold-idle", G_CALLBACK(on_watched), self);
    if (g_getenv("WEFT_TEST_WATCH_FOCUS"))
      g_signal_connect(self, "notify::focus-widget", G_CALLBACK(on_focus), NULL);
    if (arg && !strcmp(arg, "selection"))
      g_signal_connect(self->session, "notify::selected", G_CALLBACK(on_watched), self);
    g_print("watching\n");
  } else if (!strcmp(cmd, "side") && arg) { /* side:now, side:numbers: the side pane's page */
    gtk_stack_set_visible_child_name(GTK_STACK(self->side_stack), arg);
  } else if (!strcmp(cmd, "search")) { /* the search bar, and the lanes shown */
    size_t nrows;
    const uint32_t *rows = weft_session_get_rows(self->session, &nrows);
    g_print("search: \"%s\" %s; %s\n", gtk_editable_get_text(GTK_EDITABLE(self->search_entry)),
            gtk_label_get_text(GTK_LABEL(self->search_count)),
            rows ? "" : "all lanes");
    for (size_t i = 0; rows && i < nrows; i++)
      g_print("row %zu: %s\n", i, row_name(self, rows[i]));
  } else if (!strcmp(cmd, "source")) {
    print_source(self);
  } else if (!strcmp(cmd, "events")) { /* how many the window has read (a live run's grow) */
    size_t n;
    weft_window_events(self, &n);
    g_print("events: %zu%s\n", n,
            self->loaded && weft_trace_info(self->loaded->trace)->closed_cleanly ? ", closed" : "");
  } else if (!strcmp(cmd, "export-slide") && arg) {
    g_print("export-slide: %s\n", weft_window_export_slide(self, arg) ? "written" : "not written");
  } else if (!strcmp(cmd, "bookmarks")) {
    print_bookmarks(self);
  } else if (!strcmp(cmd, "type") && arg) {
    type_text(self, arg);
  } else if (!strcmp(cmd, "numbers")) {
    print_numbers(self);
  } else if (!strcmp(cmd, "keys")) {
    print_keys(self);
  } else if (!strcmp(cmd, "clipping")) {
    print_clipping(self);
  } else if (!strcmp(cmd, "size") && arg) { /* size:WxH, as a window manager would */
    int width = atoi(arg);
    const char *x = strchr(arg, 'x');
    gtk_window_set_default_size(GTK_WINDOW(self), width, x ? atoi(x + 1) : width * 9 / 16);
    /* X may not have it yet: again at the next tick until it has (the
     * decorations' margin aside) */
    if (abs(gtk_widget_get_width(GTK_WIDGET(self)) - width) > 12 && ++s->size_tries < 12) {
      char *again = g_strconcat("size:", arg, ";", s->script, NULL);
      g_free(s->script);
      s->script = again;
    } else {
      s->size_tries = 0;
    }
  } else if (!strcmp(cmd, "print")) {
    print_state(self);
  } else if (!strcmp(cmd, "wait")) { /* a tick: the layout settles */
  } else if (!strcmp(cmd, "quit")) {
    g_application_quit(G_APPLICATION(gtk_window_get_application(GTK_WINDOW(self))));
  } else {
    char *name = g_strconcat("win.", cmd, NULL);
    if (!gtk_widget_activate_action(GTK_WIDGET(self), name, NULL))
      g_print("script: unknown command %s\n", cmd);
    g_free(name);
  }
  g_free(cmd);
  return G_SOURCE_CONTINUE;
}

static void start(Script *s) {
  if (!s->source)
    s->source = g_timeout_add(250, step, s);
}

static void on_load_finished(WeftWindow *w, WeftLoaded *l, Script *s) {
  (void)w;
  g_print("progress: %u updates, %s, last %.3f\n", s->progress_updates,
          s->progress_backwards ? "not increasing" : "increasing", s->progress_last);
  s->progress_updates = 0;
  s->progress_last = 0;
  s->progress_backwards = FALSE;
  char *msg = l->status != WEFT_TRACE_OK ? weft_load_error_message(l) : weft_load_partial_message(l);
  if (msg)
    g_print("message: %s\n", msg);
  g_free(msg);
  if (l->status == WEFT_TRACE_OK)
    g_print("loaded: %s in %.3f s\n", l->path, l->seconds);
  start(s);
}

static void on_window_added(GtkApplication *app, GtkWindow *w, Script *s) {
  (void)app;
  if (s->window || !WEFT_IS_WINDOW(w))
    return;
  s->window = WEFT_WINDOW(w);
  g_signal_connect(s->window->progress, "notify::fraction", G_CALLBACK(on_progress), s);
  g_signal_connect(w, "load-finished", G_CALLBACK(on_load_finished), s);
  start(s);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test-viewer-gui SCRIPT [FILE...]\n");
    return 2;
  }
  script.script = g_strdup(argv[1]);
  if (g_getenv("WEFT_TEST_FOLLOW")) /* as weft view --follow */
    weft_viewer_set_follow(1);
  const char *root = g_getenv("WEFT_TEST_SOURCE_ROOT"); /* as weft view --source-root */
  if (root)
    weft_viewer_set_source_root(root);
  GtkApplication *app = weft_viewer_app_new(FALSE);
  if (!app) {
    fprintf(stderr, "test-viewer-gui: no display\n");
    return 77;
  }
  g_signal_connect(app, "window-added", G_CALLBACK(on_window_added), &script);
  argv[1] = argv[0];
  int status = g_application_run(G_APPLICATION(app), argc - 1, argv + 1);
  g_object_unref(app);
  g_free(script.script);
  return status;
}
