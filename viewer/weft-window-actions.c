/* weft-window-actions.c: what the window's keys, buttons and menu items do,
 * installed on the class (win.*). */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "weft-viewer-private.h"
#include "weft-window-private.h"

const double weft_window_speeds[] = {1, 2, 5, 10, 25, 100, 500};
const int weft_window_speed_count = G_N_ELEMENTS(weft_window_speeds);

void weft_window_select_and_reveal(WeftWindow *self, guint32 ev) {
  size_t n;
  const WeftEvent *e = weft_window_events(self, &n);
  if (ev >= n)
    return;
  weft_session_set_selected(self->session, ev);
  weft_timeline_reveal(weft_window_timeline(self), (double)e[ev].time,
                       weft_lane_model_lane_of(self->loaded->model, e[ev].thread));
}

/* ---- playhead ---- */

static void set_playhead(WeftWindow *self, size_t i) {
  size_t n;
  weft_window_events(self, &n);
  if (!n)
    return;
  if (i >= n)
    i = n - 1;
  weft_session_set_playhead(self->session, (guint32)i);
  weft_window_select_and_reveal(self, (guint32)i);
}

static void step(WeftWindow *self, int dir, gboolean same_thread) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  if (!n)
    return;
  guint32 ph = weft_session_get_playhead(self->session);
  if (ph >= n) {
    double t0, t1;
    weft_session_get_visible(self->session, &t0, &t1);
    size_t i = weft_lane_model_event_at_time(self->loaded->model, t0 > 0 ? (uint64_t)t0 : 0);
    set_playhead(self, dir > 0 ? i : (i ? i - 1 : 0));
    return;
  }
  size_t i = ph;
  uint32_t tid = 0;
  if (same_thread) {
    guint32 sel = weft_session_get_selected(self->session);
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
  weft_window_events(self, &n);
  guint32 ph = weft_session_get_playhead(self->session);
  if (ph < n && ph + 1 >= n) {
    self->play_source = 0;
    gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-start-symbolic");
    return G_SOURCE_REMOVE;
  }
  step(self, 1, FALSE);
  return G_SOURCE_CONTINUE;
}

void weft_window_stop_playing(WeftWindow *self) {
  if (self->play_source) {
    g_source_remove(self->play_source);
    self->play_source = 0;
  }
  gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-start-symbolic");
}

static void start_playing(WeftWindow *self) {
  weft_window_stop_playing(self);
  self->play_source =
      g_timeout_add((guint)(1000 / weft_window_speeds[self->speed]), play_tick, self);
  gtk_button_set_icon_name(GTK_BUTTON(self->play_button), "media-playback-pause-symbolic");
}

/* ---- files ---- */

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

static void act_open(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
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

static void act_open_recent(GtkWidget *w, const char *name, GVariant *p) {
  (void)name;
  WeftWindow *self = WEFT_WINDOW(w);
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
      weft_session_get_visible(self->session, &o.t0, &o.t1);
      o.arrows = weft_session_get_arrows(self->session);
      o.scale = weft_session_get_text_scale(self->session);
      o.selected = weft_session_get_selected(self->session);
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

static void act_export(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  if (!self->loaded)
    return;
  GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Export the View"), GTK_WINDOW(self),
                                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                        _("_Cancel"));
  char *base = g_path_get_basename(self->loaded->path);
  char *dot = strrchr(base, '.');
  if (dot)
    *dot = 0;
  char *file_name = g_strconcat(base, ".png", NULL);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), file_name);
  g_free(file_name);
  g_free(base);
  g_signal_connect(d, "response", G_CALLBACK(on_export_response), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

/* ---- moving around ---- */

#define ACTION(fn, body)                                                                           \
  static void fn(GtkWidget *w, const char *name, GVariant *p) {                                    \
    (void)name, (void)p;                                                                           \
    WeftWindow *self = WEFT_WINDOW(w);                                                             \
    body;                                                                                          \
  }

ACTION(act_zoom_in, weft_timeline_zoom(weft_window_timeline(self), 1.5))
ACTION(act_zoom_out, weft_timeline_zoom(weft_window_timeline(self), 1 / 1.5))
ACTION(act_fit, weft_timeline_fit(weft_window_timeline(self)))
ACTION(act_next, step(self, 1, FALSE))
ACTION(act_prev, step(self, -1, FALSE))
ACTION(act_next_thread, step(self, 1, TRUE))
ACTION(act_prev_thread, step(self, -1, TRUE))
ACTION(act_play, if (self->play_source) weft_window_stop_playing(self);
       else if (self->loaded) start_playing(self))
ACTION(act_faster, self->speed = MIN(self->speed + 1, weft_window_speed_count - 1);
       if (self->play_source) start_playing(self); weft_window_update_status(self))
ACTION(act_slower, self->speed = MAX(self->speed - 1, 0); if (self->play_source) start_playing(self);
       weft_window_update_status(self))
ACTION(act_text_larger, weft_session_set_text_scale(
                            self->session, weft_session_get_text_scale(self->session) * 1.15))
ACTION(act_text_smaller, weft_session_set_text_scale(
                             self->session, weft_session_get_text_scale(self->session) / 1.15))
ACTION(act_close, gtk_window_destroy(GTK_WINDOW(self)))

static void act_show_deadlock(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  if (!self->loaded || !weft_lane_model_deadlock_count(self->loaded->model))
    return;
  const WeftLaneModel *m = self->loaded->model;
  const WeftLaneDeadlock *d = weft_lane_model_deadlock(m, 0);
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  uint64_t from = ev[d->event].time, to = weft_lane_model_duration(m);
  for (size_t i = 0; i < d->nthreads; i++) {
    int li = weft_lane_model_lane_of(m, d->threads[i]);
    if (li >= 0 && weft_lane_model_lane(m, (size_t)li)->deadlock_from < from)
      from = weft_lane_model_lane(m, (size_t)li)->deadlock_from;
  }
  double span = fmax((double)(to - from), (double)to * 0.02);
  weft_timeline_set_window(weft_window_timeline(self), (double)from - span * 0.6,
                           (double)from + span * 1.2);
  set_playhead(self, d->event);
}

static void act_present(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  gboolean on = !gtk_window_is_fullscreen(GTK_WINDOW(self));
  weft_session_set_text_scale(self->session, on ? 1.6 : 1.0);
  if (on)
    gtk_window_fullscreen(GTK_WINDOW(self));
  else
    gtk_window_unfullscreen(GTK_WINDOW(self));
}

void weft_window_class_install_actions(GtkWidgetClass *wc) {
  static const struct {
    const char *name, *param;
    GtkWidgetActionActivateFunc fn;
  } actions[] = {
      {"win.open", NULL, act_open},
      {"win.open-recent", "s", act_open_recent},
      {"win.export", NULL, act_export},
      {"win.zoom-in", NULL, act_zoom_in},
      {"win.zoom-out", NULL, act_zoom_out},
      {"win.fit", NULL, act_fit},
      {"win.next-event", NULL, act_next},
      {"win.previous-event", NULL, act_prev},
      {"win.next-event-thread", NULL, act_next_thread},
      {"win.previous-event-thread", NULL, act_prev_thread},
      {"win.play", NULL, act_play},
      {"win.faster", NULL, act_faster},
      {"win.slower", NULL, act_slower},
      {"win.show-deadlock", NULL, act_show_deadlock},
      {"win.present", NULL, act_present},
      {"win.text-larger", NULL, act_text_larger},
      {"win.text-smaller", NULL, act_text_smaller},
      {"win.close", NULL, act_close},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
    gtk_widget_class_install_action(wc, actions[i].name, actions[i].param, actions[i].fn);
  /* toggles: the window's own properties */
  gtk_widget_class_install_property_action(wc, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_property_action(wc, "win.arrows-channel", "arrows-channel");
  gtk_widget_class_install_property_action(wc, "win.arrows-lock", "arrows-lock");
  gtk_widget_class_install_property_action(wc, "win.arrows-signal", "arrows-signal");
  gtk_widget_class_install_property_action(wc, "win.arrows-create", "arrows-create");
  gtk_widget_class_install_property_action(wc, "win.arrows-join", "arrows-join");
}
