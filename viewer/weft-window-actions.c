/* weft-window-actions.c: what the window's keys, buttons and menu items do,
 * installed on the class (win.*). */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "weft-framing.h"
#include "weft-steps.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

/* Playback speeds, times the normal pace of PLAY_EVENTS_PER_S. */
const double weft_window_speeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 100};
#define PLAY_EVENTS_PER_S 10.0
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

/* Events that a readable view holds at most around the playhead: more, and
 * the step zooms in on it. */
#define READABLE_EVENTS 120

static void keep_readable(WeftWindow *self, size_t i) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  const WeftLaneModel *m = self->loaded->model;
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  size_t a = weft_lane_model_event_at_time(m, t0 > 0 ? (uint64_t)t0 : 0);
  size_t b = weft_lane_model_event_at_time(m, t1 > 0 ? (uint64_t)t1 : 0);
  if (b - a <= READABLE_EVENTS)
    return;
  size_t lo = i > READABLE_EVENTS / 2 ? i - READABLE_EVENTS / 2 : 0;
  size_t hi = MIN(n - 1, lo + READABLE_EVENTS);
  double from = (double)ev[lo].time, to = (double)ev[hi].time;
  double pad = fmax((to - from) * 0.05, 1000);
  weft_timeline_set_window(weft_window_timeline(self), from - pad, to + pad);
}

static void set_playhead(WeftWindow *self, size_t i) {
  size_t n;
  weft_window_events(self, &n);
  if (!n)
    return;
  if (i >= n)
    i = n - 1;
  keep_readable(self, i);
  weft_session_set_playhead(self->session, (guint32)i);
  weft_window_select_and_reveal(self, (guint32)i);
}

/* The thread or object a step of that kind follows: the selected event's. */
static uint32_t step_key(WeftWindow *self, WeftStepKind kind) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 sel = weft_session_get_selected(self->session);
  if (sel >= n)
    sel = weft_session_get_playhead(self->session);
  if (sel >= n)
    return 0;
  return kind == WEFT_STEP_THREAD ? ev[sel].thread : kind == WEFT_STEP_OBJECT ? ev[sel].object : 0;
}

/* Moves the playhead to the next or previous event a step of that kind stops
 * at; with no playhead yet, starts from the left edge of the view. */
static void step(WeftWindow *self, int dir, WeftStepKind kind) {
  size_t n;
  weft_window_events(self, &n);
  if (!n)
    return;
  size_t from = weft_session_get_playhead(self->session);
  if (from >= n) {
    double t0, t1;
    weft_session_get_visible(self->session, &t0, &t1);
    size_t i = weft_lane_model_event_at_time(self->loaded->model, t0 > 0 ? (uint64_t)t0 : 0);
    from = dir > 0 ? (i ? i - 1 : WEFT_STEP_NONE) : i;
  }
  uint32_t key = step_key(self, kind);
  if ((kind == WEFT_STEP_THREAD || kind == WEFT_STEP_OBJECT) && !key)
    return; /* nothing selected to follow */
  size_t to;
  if (kind == WEFT_STEP_FINDING) { /* with the diagnosis's, found once */
    if (!self->findings_ready)
      self->findings = weft_step_findings(self->loaded->model, &self->nfindings);
    self->findings_ready = TRUE;
    to = weft_step_in(self->findings, self->nfindings, from, dir);
  } else {
    to = weft_step(self->loaded->model, from, dir, kind, key);
  }
  if (to != WEFT_STEP_NONE)
    set_playhead(self, to);
  else
    gtk_widget_error_bell(GTK_WIDGET(self));
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
  size_t from = weft_session_get_playhead(self->session);
  if (from >= n) {
    step(self, 1, WEFT_STEP_EVENT);
    return G_SOURCE_CONTINUE;
  }
  set_playhead(self, from + self->play_stride);
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
  /* at most 60 frames a second: faster, a tick moves several events */
  double rate = PLAY_EVENTS_PER_S * weft_window_speeds[self->speed];
  double interval = fmax(1000 / rate, 1000 / 60.0);
  self->play_stride = (size_t)fmax(1, round(rate * interval / 1000));
  self->play_source = g_timeout_add((guint)interval, play_tick, self);
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
        weft_window_show_notice(self, msg);
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
/* win.next-KIND and win.previous-KIND for each kind of step */
static const char *const step_names[WEFT_STEP_KIND_COUNT] = {
    "event", "event-thread", "event-object", "blocking", "message", "finding"};

static void act_step(GtkWidget *w, const char *name, GVariant *p) {
  (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  if (!self->loaded)
    return;
  int dir = g_str_has_prefix(name, "win.next-") ? 1 : -1;
  const char *kind = strchr(name + 4, '-') + 1;
  for (int k = 0; k < WEFT_STEP_KIND_COUNT; k++)
    if (!strcmp(kind, step_names[k]))
      step(self, dir, (WeftStepKind)k);
}

static void act_first_last(GtkWidget *w, const char *name, GVariant *p) {
  (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  size_t n;
  weft_window_events(self, &n);
  if (n)
    set_playhead(self, !strcmp(name, "win.first-event") ? 0 : n - 1);
}

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
ACTION(act_find, if (self->loaded) weft_window_find(self))
ACTION(act_close_find, weft_window_close_find(self))
ACTION(act_hide_lane, if (self->loaded) weft_window_hide_lane(self))
ACTION(act_pin_lane, if (self->loaded) weft_window_pin_lane(self))
ACTION(act_show_all_lanes, if (self->loaded) weft_window_show_all_lanes(self))
ACTION(act_arrows_scope, if (self->loaded) weft_window_cycle_arrows_scope(self))
ACTION(act_next_lane, if (self->loaded) weft_window_select_next_lane(self, 1))
ACTION(act_previous_lane, if (self->loaded) weft_window_select_next_lane(self, -1))
ACTION(act_hide_source, self->source_hidden = TRUE; gtk_widget_set_visible(self->source_box, FALSE))

static void act_show_deadlock(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  if (!self->loaded || !weft_lane_model_deadlock_count(self->loaded->model))
    return;
  double t0, t1;
  weft_frame_deadlock(self->loaded->model, 0, &t0, &t1);
  weft_timeline_set_window(weft_window_timeline(self), t0, t1);
  set_playhead(self, weft_frame_deadlock_closing(self->loaded->model, 0));
}

/* The group of the selected event's thread: into its lanes, or back. */
static void act_toggle_group(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 sel = weft_session_get_selected(self->session);
  if (!self->loaded || sel >= n)
    return;
  int lane = weft_lane_model_lane_of(self->loaded->model, ev[sel].thread);
  int g = lane >= 0 ? weft_session_group_of_lane(self->session, (uint32_t)lane) : -1;
  if (g >= 0)
    weft_session_toggle_group(self->session, (guint)g);
}

ACTION(act_present, weft_window_set_presenting(self, !self->presenting))
ACTION(act_text_normal, weft_session_set_text_scale(self->session, self->presenting ? 1.6 : 1.0))

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
      {"win.first-event", NULL, act_first_last},
      {"win.last-event", NULL, act_first_last},
      {"win.play", NULL, act_play},
      {"win.faster", NULL, act_faster},
      {"win.slower", NULL, act_slower},
      {"win.show-deadlock", NULL, act_show_deadlock},
      {"win.present", NULL, act_present},
      {"win.text-larger", NULL, act_text_larger},
      {"win.text-smaller", NULL, act_text_smaller},
      {"win.text-normal", NULL, act_text_normal},
      {"win.close", NULL, act_close},
      {"win.hide-source", NULL, act_hide_source},
      {"win.find", NULL, act_find},
      {"win.close-find", NULL, act_close_find},
      {"win.hide-lane", NULL, act_hide_lane},
      {"win.pin-lane", NULL, act_pin_lane},
      {"win.show-all-lanes", NULL, act_show_all_lanes},
      {"win.arrows-scope", NULL, act_arrows_scope},
      {"win.next-lane", NULL, act_next_lane},
      {"win.previous-lane", NULL, act_previous_lane},
      {"win.toggle-group", NULL, act_toggle_group},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(actions); i++)
    gtk_widget_class_install_action(wc, actions[i].name, actions[i].param, actions[i].fn);
  for (int k = 0; k < WEFT_STEP_KIND_COUNT; k++)
    for (int dir = 0; dir < 2; dir++) {
      char *name = g_strconcat(dir ? "win.next-" : "win.previous-", step_names[k], NULL);
      gtk_widget_class_install_action(wc, name, NULL, act_step);
      g_free(name); /* GTK keeps its own copy */
    }
  /* Keys without a modifier are the window's own, handled after the focused
   * widget: typed into the search entry, they stay letters. */
  static const struct {
    const char *keys, *action;
  } keys[] = {
      {"plus|equal|KP_Add", "win.zoom-in"},
      {"minus|KP_Subtract", "win.zoom-out"},
      {"0|KP_0", "win.fit"},
      {"period", "win.next-event"},
      {"comma", "win.previous-event"},
      {"greater", "win.next-event-thread"},
      {"less", "win.previous-event-thread"},
      {"o", "win.next-event-object"},
      {"<Shift>o", "win.previous-event-object"},
      {"b", "win.next-blocking"},
      {"<Shift>b", "win.previous-blocking"},
      {"m", "win.next-message"},
      {"<Shift>m", "win.previous-message"},
      {"f", "win.next-finding"},
      {"<Shift>f", "win.previous-finding"},
      {"Home", "win.first-event"},
      {"End", "win.last-event"},
      {"space", "win.play"},
      {"bracketright", "win.faster"},
      {"bracketleft", "win.slower"},
      {"h", "win.hide-lane"},
      {"<Shift>h", "win.show-all-lanes"},
      {"p", "win.pin-lane"},
      {"a", "win.arrows-scope"},
      {"i", "win.fold-idle"},
      {"g", "win.group-lanes"},
      {"e", "win.toggle-group"},
      {"<Alt>Down", "win.next-lane"},
      {"<Alt>Up", "win.previous-lane"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
    gtk_widget_class_add_shortcut(
        wc, gtk_shortcut_new(gtk_shortcut_trigger_parse_string(keys[i].keys),
                             gtk_named_action_new(keys[i].action)));
  /* toggles: the window's own properties */
  gtk_widget_class_install_property_action(wc, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_property_action(wc, "win.arrows-channel", "arrows-channel");
  gtk_widget_class_install_property_action(wc, "win.arrows-lock", "arrows-lock");
  gtk_widget_class_install_property_action(wc, "win.arrows-signal", "arrows-signal");
  gtk_widget_class_install_property_action(wc, "win.arrows-create", "arrows-create");
  gtk_widget_class_install_property_action(wc, "win.arrows-join", "arrows-join");
  gtk_widget_class_install_property_action(wc, "win.fold-idle", "fold-idle");
  gtk_widget_class_install_property_action(wc, "win.group-lanes", "group-lanes");
}
