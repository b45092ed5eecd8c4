/* weft-window-slide.c: the step at the playhead as a slide (weft-slide.c),
 * from the window: the view's time window, its arrows and its text scale;
 * a bookmark there gives the slide its title and note. The same slide as
 * `weft render --graph-at`. Shift+Ctrl+E. */
#include <errno.h>

#include "weft-render.h"
#include "weft-slide.h"
#include "weft-timeaxis.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

gboolean weft_window_export_slide(WeftWindow *self, const char *path) {
  size_t n;
  weft_window_events(self, &n);
  guint32 ev = weft_session_get_playhead(self->session);
  if (ev >= n)
    ev = weft_session_get_selected(self->session);
  if (!self->loaded || ev >= n) {
    weft_window_show_notice(self, _("Put the playhead on the step to show first (click an event, "
                                    "or step with . and ,)"));
    return FALSE;
  }
  WeftSlideOptions o;
  weft_slide_options_init(&o);
  weft_session_get_visible(self->session, &o.t0, &o.t1);
  o.arrows = weft_session_get_arrows(self->session);
  o.scale *= weft_session_get_text_scale(self->session);
  const WeftBookmark *mark = weft_window_bookmark_at(self, ev);
  const WeftEvent *events = weft_window_events(self, &n);
  char at[48];
  weft_format_duration(at, sizeof at, (double)events[ev].time);
  char *caption = g_strdup_printf(_("Event %zu of %zu, at %s"), (size_t)ev + 1, n, at);
  WeftSlide slide = {.event = ev, .title = mark ? mark->title : NULL, .note = mark ? mark->note : NULL,
                     .caption = caption};
  char *file = weft_render_format_known(path) ? g_strdup(path) : g_strconcat(path, ".png", NULL);
  gboolean ok = weft_slides_to_file(self->loaded->model, &o, &slide, 1, file, false) == 0;
  if (!ok) {
    char *msg = g_strdup_printf(_("Cannot write “%s”: %s"), file, g_strerror(errno));
    weft_window_show_notice(self, msg);
    g_free(msg);
  }
  g_free(file);
  g_free(caption);
  return ok;
}

static void on_chosen(GtkNativeDialog *d, int response, WeftWindow *self) {
  GFile *f = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file(GTK_FILE_CHOOSER(d)) : NULL;
  char *path = f ? g_file_get_path(f) : NULL;
  if (path)
    weft_window_export_slide(self, path);
  g_free(path);
  g_clear_object(&f);
  g_object_unref(d);
}

static void act_export_slide(GtkWidget *w, const char *name, GVariant *p) {
  (void)name, (void)p;
  WeftWindow *self = WEFT_WINDOW(w);
  if (!self->loaded)
    return;
  GtkFileChooserNative *d = gtk_file_chooser_native_new(
      _("Export This Step as a Slide"), GTK_WINDOW(self), GTK_FILE_CHOOSER_ACTION_SAVE,
      _("_Export"), _("_Cancel"));
  size_t n;
  weft_window_events(self, &n);
  guint32 ev = weft_session_get_playhead(self->session);
  char *base = g_path_get_basename(self->loaded->path);
  char *suggested = g_strdup_printf("%s-step-%u.pdf", base, ev < n ? ev + 1 : 0);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), suggested);
  g_free(suggested);
  g_free(base);
  g_signal_connect(d, "response", G_CALLBACK(on_chosen), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

void weft_window_slide_install(GtkWidgetClass *wc) {
  gtk_widget_class_install_action(wc, "win.export-slide", NULL, act_export_slide);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                      "win.export-slide", NULL);
}
