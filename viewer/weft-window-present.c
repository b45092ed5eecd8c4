/* weft-window-present.c: the whole window at the session's text scale, and
 * presentation mode (F5): full screen, high contrast, no chrome but the
 * timeline, the side pane, the narration and the deadlock banner (not the
 * notice of what could not be read, nor the source pane: the timeline needs
 * the room), at a scale the teacher
 * picks with Ctrl +/- (kept for the next time). */
#include <math.h>

#include "weft-viewer-private.h"
#include "weft-window-private.h"

#define SIDE_PANE_WIDTH 300

/* The desktop's font size, in points. */
static double base_font_points(void) {
  char *name = NULL;
  g_object_get(gtk_settings_get_default(), "gtk-font-name", &name, NULL);
  PangoFontDescription *d = pango_font_description_from_string(name ? name : "Sans 10");
  double pt = pango_font_description_get_size(d) / (double)PANGO_SCALE;
  pango_font_description_free(d);
  g_free(name);
  return pt > 0 ? pt : 10;
}

/* The window's own style: its font size and icon size, which every widget
 * in it inherits (a provider on the window's node alone). */
void weft_window_apply_scale(WeftWindow *self) {
  double s = weft_session_get_text_scale(self->session);
  char *css = g_strdup_printf("window { font-size: %.1fpt; -gtk-icon-size: %dpx; }",
                              base_font_points() * s, (int)round(16 * s));
  gtk_css_provider_load_from_data(self->scale_css, css, -1);
  g_free(css);
  /* the pane's text wraps: it grows less than the timeline's needs */
  gtk_widget_set_size_request(self->side_box, (int)round(SIDE_PANE_WIDTH * fmin(s, 1.3)), -1);
  weft_window_update_graph(self);
}

void weft_window_present_init(WeftWindow *self) {
  self->scale_css = gtk_css_provider_new();
  self->present_scale = 1.6;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GTK 4.8 has no other per-window style */
  gtk_style_context_add_provider(gtk_widget_get_style_context(GTK_WIDGET(self)),
                                 GTK_STYLE_PROVIDER(self->scale_css),
                                 GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  G_GNUC_END_IGNORE_DEPRECATIONS
  weft_window_apply_scale(self);
}

void weft_window_set_presenting(WeftWindow *self, gboolean on) {
  if (on == self->presenting)
    return;
  self->presenting = on;
  GtkWidget *w = GTK_WIDGET(self);
  if (on) {
    self->normal_scale = weft_session_get_text_scale(self->session);
    gtk_widget_add_css_class(w, "presentation");
  } else {
    self->present_scale = weft_session_get_text_scale(self->session);
    gtk_widget_remove_css_class(w, "presentation");
  }
  gtk_widget_set_visible(self->header_bar, !on);
  gtk_widget_set_visible(self->overview, !on);
  gtk_widget_set_visible(self->status, !on);
  gtk_widget_set_visible(self->notice, !on && self->notice_shown);
  gtk_widget_set_visible(self->source_box, !on && self->source_frame && !self->source_hidden);
  weft_session_set_text_scale(self->session, on ? self->present_scale : self->normal_scale);
  if (on)
    gtk_window_fullscreen(GTK_WINDOW(self));
  else
    gtk_window_unfullscreen(GTK_WINDOW(self));
}
