/* test-viewer-gui.c: the viewer driven by a script, for tests/gui-*.sh.
 *
 *   test-viewer-gui SCRIPT [FILE...]
 *
 * runs the viewer as `weft view FILE...` does, and in its first window runs
 * SCRIPT: commands separated by ';', one every 250 ms once the trace is
 * loaded, printing what they find. A command is a window action (zoom-in,
 * next-event, show-deadlock, ...) or one of those below. */
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "weft-viewer.h"
#include "weft-window-private.h"

typedef struct {
  WeftWindow *window;
  char *script;
  guint source;
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

static void screenshot(GtkWidget *w, const char *path) {
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
  } else {
    g_print("screenshot: %s failed: nothing drawn\n", path);
  }
  g_object_unref(pt);
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
  g_print("script: %s%s%s\n", cmd, arg ? " " : "", arg ? arg : "");
  if (!strcmp(cmd, "screenshot") && arg) {
    screenshot(GTK_WIDGET(self), arg);
  } else if (!strcmp(cmd, "select") && arg && self->loaded) {
    select_at(self, arg);
  } else if (!strcmp(cmd, "open") && arg) { /* the script goes on once it is loaded */
    GFile *f = g_file_new_for_path(arg);
    weft_window_open(self, f);
    g_object_unref(f);
  } else if (!strcmp(cmd, "window") && arg) {
    double a = g_ascii_strtod(arg, NULL);
    const char *b = strchr(arg, ':');
    weft_timeline_set_window(weft_window_timeline(self), a, b ? g_ascii_strtod(b + 1, NULL) : a * 2);
  } else if (!strcmp(cmd, "print")) {
    print_state(self);
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
  char *msg = l->status != WEFT_OK ? weft_load_error_message(l) : weft_load_partial_message(l);
  if (msg)
    g_print("message: %s\n", msg);
  g_free(msg);
  if (l->status == WEFT_OK)
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
