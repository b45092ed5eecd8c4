/* weft-window.c: the viewer's window: its template, loading a trace, and
 * what the session's changes do to the panes. Actions, panes and drag and
 * drop are in weft-window-*.c around weft-window-private.h. */
#include "weft-window.h"

#include <gtksourceview/gtksource.h>
#include <stdlib.h>
#include <string.h>

#include "weft-framing.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

G_DEFINE_FINAL_TYPE(WeftWindow, weft_window, GTK_TYPE_APPLICATION_WINDOW)

enum { SIG_LOAD_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The toggles, as boolean properties for the win.arrows-*, win.fold-idle
 * and win.group-lanes actions: the session's. */
enum {
  PROP_0,
  PROP_ARROWS_FIRST,
  PROP_ARROWS_END = PROP_ARROWS_FIRST + WEFT_ARROW_KIND_COUNT,
  PROP_FOLD_IDLE = PROP_ARROWS_END,
  PROP_GROUP_LANES,
  N_PROPS
};
static GParamSpec *props[N_PROPS];
static const char *const arrow_props[WEFT_ARROW_KIND_COUNT] = {
    "arrows-channel", "arrows-lock", "arrows-signal", "arrows-create", "arrows-join"};

const WeftEvent *weft_window_events(WeftWindow *self, size_t *n) {
  if (!self->loaded || !self->loaded->trace) {
    *n = 0;
    return NULL;
  }
  return weft_trace_events(self->loaded->trace, n);
}

const char *weft_window_thread_name(WeftWindow *self, uint32_t tid) {
  static char bufs[4][160];
  static unsigned next;
  char *b = bufs[next++ % 4];
  return weft_lane_model_thread_label(self->loaded->model, tid, b, sizeof bufs[0]);
}

static char *fmt_time(double ns) {
  char buf[48];
  weft_format_duration(buf, sizeof buf, ns);
  return g_strdup(buf);
}

/* ---- loading ---- */

void weft_window_show_notice(WeftWindow *self, const char *text) {
  self->notice_shown = text != NULL;
  gtk_label_set_text(GTK_LABEL(self->notice_label), text ? text : "");
  gtk_widget_set_visible(self->notice, self->notice_shown && !self->presenting);
}

static void show_trace(WeftWindow *self) {
  WeftLoaded *l = self->loaded;
  char *partial = weft_load_partial_message(l);
  weft_timeline_set_message(weft_window_timeline(self), NULL); /* the notice says it */
  weft_session_set_model(self->session, l->model);
  double t0, t1;
  weft_frame_story(l->model, &t0, &t1);
  weft_timeline_set_window(weft_window_timeline(self), t0, t1);
  weft_window_show_notice(self, partial);
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
  gtk_label_set_text(GTK_LABEL(self->title_label), base);
  gtk_label_set_text(GTK_LABEL(self->subtitle_label), sub);
  gtk_widget_set_visible(self->subtitle_label, TRUE);
  gtk_window_set_title(GTK_WINDOW(self), base);
  g_free(dur);
  g_free(sub);
  g_free(base);
  gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "trace");
  gtk_widget_grab_focus(self->timeline);
  weft_window_update_status(self);
  weft_window_update_numbers(self);
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
}

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
  if (l->status != WEFT_TRACE_OK) {
    char *msg = weft_load_error_message(l);
    gtk_label_set_text(GTK_LABEL(self->error_label), msg);
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "error");
    g_free(msg);
    g_signal_emit(self, signals[SIG_LOAD_FINISHED], 0, l);
    weft_loaded_free(l);
  } else {
    weft_session_set_model(self->session, NULL);
    weft_window_graph_clear(self);
    weft_loaded_free(self->loaded);
    self->loaded = l;
    g_clear_pointer(&self->findings, free);
    self->findings_ready = FALSE;
    show_trace(self);
    g_signal_emit(self, signals[SIG_LOAD_FINISHED], 0, l);
  }
  g_object_unref(self);
}

/* quietly: the trace shown stays until the new one is read (a live run's
 * trace read again as it grows), without the loading page. */
static void open_file(WeftWindow *self, GFile *file, gboolean quietly) {
  char *path = g_file_get_path(file);
  if (!path) {
    gtk_label_set_text(GTK_LABEL(self->error_label), _("Only local files can be opened."));
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "error");
    return;
  }
  weft_window_stop_playing(self);
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
  if (!quietly || !self->loaded)
    gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "loading");
  self->load = weft_load_start(path, self->cancel, on_load_progress, on_loaded, g_object_ref(self));
  g_free(path);
}

void weft_window_open(WeftWindow *self, GFile *file) { open_file(self, file, FALSE); }

void weft_window_reload(WeftWindow *self, GFile *file) { open_file(self, file, TRUE); }

gboolean weft_window_is_loading(WeftWindow *self) { return self->load != NULL; }

gboolean weft_window_is_empty(WeftWindow *self) {
  const char *page = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
  return !self->loaded && !self->load && g_strcmp0(page, "empty") == 0;
}

const char *weft_window_loaded_path(WeftWindow *self) {
  return self->loaded ? self->loaded->path : NULL;
}

/* ---- the session ---- */

static void on_visible(WeftWindow *self) {
  gtk_widget_queue_draw(self->overview);
  weft_window_update_status(self);
}

static void on_fold_idle(WeftWindow *self) {
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FOLD_IDLE]);
  weft_window_update_status(self);
}

static void on_group_lanes(WeftWindow *self) {
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_GROUP_LANES]);
}

static void on_arrows(WeftSession *s, GParamSpec *ps, WeftWindow *self) {
  (void)s, (void)ps;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ARROWS_FIRST + k]);
}

/* ---- the class ---- */

static void weft_window_get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  WeftWindow *self = WEFT_WINDOW(o);
  if (id >= PROP_ARROWS_FIRST && id < PROP_ARROWS_END) /* asked for before the template is bound too */
    g_value_set_boolean(v, !self->session ||
                               weft_session_get_arrows(self->session) >> (id - PROP_ARROWS_FIRST) & 1);
  else if (id == PROP_FOLD_IDLE)
    g_value_set_boolean(v, self->session && weft_session_get_fold_idle(self->session));
  else if (id == PROP_GROUP_LANES)
    g_value_set_boolean(v, self->session && weft_session_get_group_lanes(self->session));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
}

static void weft_window_set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  WeftWindow *self = WEFT_WINDOW(o);
  if (id >= PROP_ARROWS_FIRST && id < PROP_ARROWS_END && self->session) {
    unsigned bit = 1u << (id - PROP_ARROWS_FIRST), mask = weft_session_get_arrows(self->session);
    weft_session_set_arrows(self->session, g_value_get_boolean(v) ? mask | bit : mask & ~bit);
  } else if (id == PROP_FOLD_IDLE && self->session) {
    weft_session_set_fold_idle(self->session, g_value_get_boolean(v));
  } else if (id == PROP_GROUP_LANES && self->session) {
    weft_session_set_group_lanes(self->session, g_value_get_boolean(v));
  } else if (id < PROP_ARROWS_FIRST || id >= N_PROPS) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
  }
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
  weft_window_dnd_dispose(self);
  if (self->session) {
    g_signal_handlers_disconnect_by_data(self->session, self);
    weft_session_set_model(self->session, NULL);
  }
  weft_window_graph_clear(self);
  g_clear_pointer(&self->loaded, weft_loaded_free);
  g_clear_pointer(&self->findings, free);
  g_clear_object(&self->scale_css);
  G_OBJECT_CLASS(weft_window_parent_class)->dispose(o);
}

static void weft_window_class_init(WeftWindowClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  GtkWidgetClass *wc = GTK_WIDGET_CLASS(klass);
  oc->dispose = weft_window_dispose;
  oc->get_property = weft_window_get_property;
  oc->set_property = weft_window_set_property;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    props[PROP_ARROWS_FIRST + k] =
        g_param_spec_boolean(arrow_props[k], NULL, NULL, TRUE,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_FOLD_IDLE] =
      g_param_spec_boolean("fold-idle", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_GROUP_LANES] =
      g_param_spec_boolean("group-lanes", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(oc, N_PROPS, props);
  /* After a trace loaded or failed to: its WeftLoaded, still valid. */
  signals[SIG_LOAD_FINISHED] = g_signal_new("load-finished", G_TYPE_FROM_CLASS(klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            1, G_TYPE_POINTER);

  g_type_ensure(WEFT_TYPE_SESSION);
  g_type_ensure(WEFT_TYPE_TIMELINE);
  gtk_source_init();
  g_type_ensure(GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource(wc, "/org/weft/Viewer/ui/weft-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child(wc, WeftWindow, name)
  CHILD(session);
  CHILD(header_bar);
  CHILD(title_label);
  CHILD(subtitle_label);
  CHILD(recent_menu_button);
  CHILD(play_button);
  CHILD(stack);
  CHILD(progress);
  CHILD(progress_label);
  CHILD(error_title);
  CHILD(error_label);
  CHILD(banner);
  CHILD(banner_label);
  CHILD(banner_button);
  CHILD(notice);
  CHILD(notice_label);
  CHILD(paned);
  CHILD(overview);
  CHILD(timeline);
  CHILD(side_box);
  CHILD(side_stack);
  CHILD(numbers);
  CHILD(side_scroller);
  CHILD(side_pane);
  CHILD(narration);
  CHILD(search_bar);
  CHILD(search_entry);
  CHILD(search_lanes);
  CHILD(search_count);
  CHILD(source_paned);
  CHILD(source_box);
  CHILD(source_label);
  CHILD(source_view);
  CHILD(details);
  CHILD(world_when);
  CHILD(graph);
  CHILD(world);
  CHILD(status);
#undef CHILD
  gtk_widget_class_bind_template_callback(wc, weft_window_overview_pressed);
  gtk_widget_class_bind_template_callback(wc, weft_window_overview_dragged);
  gtk_widget_class_bind_template_callback(wc, weft_window_graph_resized);
  gtk_widget_class_bind_template_callback(wc, weft_window_search_changed);
  gtk_widget_class_bind_template_callback(wc, weft_window_search_lanes_toggled);
  gtk_widget_class_bind_template_callback(wc, weft_window_search_next);
  gtk_widget_class_bind_template_callback(wc, weft_window_search_previous);
  gtk_widget_class_bind_template_callback(wc, weft_window_search_stop);
  weft_window_class_install_actions(wc);
  weft_window_bookmarks_install(wc);
  weft_window_slide_install(wc);
}

static void weft_window_init(WeftWindow *self) {
  self->speed = 3; /* 1x */
  gtk_widget_init_template(GTK_WIDGET(self));
  WeftSession *s = self->session;
  g_signal_connect_swapped(s, "notify::selected", G_CALLBACK(weft_window_update_details), self);
  g_signal_connect_swapped(s, "notify::playhead", G_CALLBACK(weft_window_update_world), self);
  g_signal_connect_swapped(s, "notify::playhead", G_CALLBACK(weft_window_update_narration), self);
  g_signal_connect_swapped(s, "notify::selected", G_CALLBACK(weft_window_update_narration), self);
  g_signal_connect_swapped(s, "notify::selected", G_CALLBACK(weft_window_update_source), self);
  g_signal_connect_swapped(s, "notify::visible-start", G_CALLBACK(on_visible), self);
  g_signal_connect_swapped(s, "notify::visible-end", G_CALLBACK(on_visible), self);
  g_signal_connect_swapped(s, "notify::text-scale", G_CALLBACK(weft_window_apply_scale), self);
  g_signal_connect(s, "notify::arrows", G_CALLBACK(on_arrows), self);
  g_signal_connect_swapped(s, "notify::fold-idle", G_CALLBACK(on_fold_idle), self);
  g_signal_connect_swapped(s, "notify::group-lanes", G_CALLBACK(on_group_lanes), self);
  weft_window_panes_init(self);
  weft_window_present_init(self);
  weft_window_source_init(self);
  weft_window_dnd_init(self);
  weft_window_bookmarks_init(self);
  weft_window_follow_init(self);
}

WeftWindow *weft_window_new(GtkApplication *app) {
  return g_object_new(WEFT_TYPE_WINDOW, "application", app, NULL);
}
