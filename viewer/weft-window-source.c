/* weft-window-source.c: the source pane under the timeline: the selected
 * event's line in its file (or a clicked stack frame's), highlighted, with
 * the lines around it. */
#include <gtksourceview/gtksource.h>

#include "weft-source.h"
#include "weft-source-text.h"
#include "weft-viewer.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

static char *source_root;

void weft_viewer_set_source_root(const char *dir) {
  g_free(source_root);
  source_root = g_strdup(dir);
}

void weft_window_source_init(WeftWindow *self) {
  GtkSourceBuffer *buf = GTK_SOURCE_BUFFER(gtk_text_view_get_buffer(GTK_TEXT_VIEW(self->source_view)));
  GtkSourceLanguage *c = gtk_source_language_manager_get_language(
      gtk_source_language_manager_get_default(), "c");
  if (c)
    gtk_source_buffer_set_language(buf, c);
  gtk_source_buffer_set_highlight_syntax(buf, TRUE);
  gtk_text_buffer_create_tag(GTK_TEXT_BUFFER(buf), "event-line", "paragraph-background",
                             "rgba(229,165,10,0.35)", "weight", PANGO_WEIGHT_BOLD, NULL);
}

static void set_scheme(WeftWindow *self) {
  GtkSourceBuffer *buf = GTK_SOURCE_BUFFER(gtk_text_view_get_buffer(GTK_TEXT_VIEW(self->source_view)));
  GtkSourceStyleSchemeManager *sm = gtk_source_style_scheme_manager_get_default();
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme(
      sm, weft_widget_is_dark(self->source_view) ? "Adwaita-dark" : "Adwaita");
  if (scheme)
    gtk_source_buffer_set_style_scheme(buf, scheme);
}

/* On the first frame the text is laid out in: its line in the middle. */
static gboolean scroll_to_cursor(GtkWidget *view, GdkFrameClock *clock, gpointer data) {
  (void)clock, (void)data;
  GtkTextBuffer *buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(view));
  gtk_text_view_scroll_to_mark(GTK_TEXT_VIEW(view), gtk_text_buffer_get_insert(buf), 0, TRUE, 0,
                               0.4);
  return G_SOURCE_REMOVE;
}

void weft_window_show_source(WeftWindow *self, const WeftFrame *f) {
  if (!f || !f->file) {
    gtk_widget_set_visible(self->source_box, FALSE);
    return;
  }
  /* first: it scrolls once shown; not in presentation mode, where the
   * timeline needs the room */
  gtk_widget_set_visible(self->source_box, !self->source_hidden && !self->presenting);
  GtkTextBuffer *buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(self->source_view));
  char *path;
  size_t len;
  char *text = weft_source_text(f->path, f->file, self->loaded ? self->loaded->path : NULL,
                                source_root, &len, &path);
  if (text) {
    char *title = g_markup_printf_escaped("<b>%s:%u</b>  <span alpha='60%%'>%s</span>", f->file,
                                          f->line, path ? path : _("embedded in the trace"));
    gtk_label_set_markup(GTK_LABEL(self->source_label), title);
    g_free(title);
    gtk_text_buffer_set_text(buf, text, (int)len);
    GtkTextIter it, end;
    gtk_text_buffer_get_iter_at_line(buf, &it, f->line ? (int)f->line - 1 : 0);
    gtk_text_buffer_place_cursor(buf, &it);
    end = it;
    gtk_text_iter_forward_line(&end);
    gtk_text_buffer_apply_tag_by_name(buf, "event-line", &it, &end);
    set_scheme(self);
    gtk_widget_add_tick_callback(self->source_view, scroll_to_cursor, NULL, NULL);
  } else {
    char *msg = g_strdup_printf(_("source not found: %s (give its folder with weft view "
                                  "--source-root)"),
                                f->path ? f->path : f->file);
    gtk_label_set_text(GTK_LABEL(self->source_label), msg);
    g_free(msg);
    gtk_text_buffer_set_text(buf, "", 0);
  }
  g_free(text);
  g_free(path);
  self->source_frame = f;
}

/* The selected event's own line. */
void weft_window_update_source(WeftWindow *self) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 sel = weft_session_get_selected(self->session);
  if (sel >= n) {
    self->source_frame = NULL;
    gtk_widget_set_visible(self->source_box, FALSE);
    return;
  }
  const WeftFrame *f = weft_event_source_frame(self->loaded->trace, &ev[sel]);
  if (f) {
    weft_window_show_source(self, f);
    return;
  }
  self->source_frame = NULL;
  gtk_widget_set_visible(self->source_box, FALSE);
}
