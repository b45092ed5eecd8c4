/* weft-window-bookmarks.c: the window's bookmarks: a page of the side pane
 * that lists them (title and note, editable), flags on the ruler, Ctrl+B to
 * mark the playhead, k and Shift+k to go from one to the next. They are
 * saved beside the trace (NAME.weft.notes, weft-bookmarks.c) as they change,
 * and read again with it. */
#include <string.h>

#include "weft-bookmarks.h"
#include "weft-timeaxis.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

#define SAVE_DELAY_MS 400 /* typing a title writes the file once, when it pauses */

typedef struct {
  WeftWindow *win;
  WeftBookmarks b;
  char *path; /* the notes file, NULL with no trace */
  GtkWidget *list, *placeholder;
  guint save_source;
} Notes;

static Notes *notes_of(WeftWindow *self) { return g_object_get_data(G_OBJECT(self), "weft-notes"); }

static void save_now(Notes *n) {
  if (n->save_source)
    g_source_remove(n->save_source);
  n->save_source = 0;
  GError *e = NULL;
  if (n->path && !weft_bookmarks_save(&n->b, n->path, &e)) {
    char *msg = g_strdup_printf(_("The bookmarks cannot be saved: %s"), e->message);
    weft_window_show_notice(n->win, msg);
    g_free(msg);
    g_error_free(e);
  }
}

static gboolean save_later_cb(gpointer data) {
  Notes *n = data;
  n->save_source = 0;
  save_now(n);
  return G_SOURCE_REMOVE;
}

static void save_later(Notes *n) {
  if (n->save_source)
    g_source_remove(n->save_source);
  n->save_source = g_timeout_add(SAVE_DELAY_MS, save_later_cb, n);
}

static void free_notes(gpointer data) {
  Notes *n = data;
  if (n->save_source) { /* an edit not yet written; the window is gone: nowhere to say more */
    g_source_remove(n->save_source);
    if (n->path)
      weft_bookmarks_save(&n->b, n->path, NULL);
  }
  weft_bookmarks_clear(&n->b);
  g_free(n->path);
  g_free(n);
}

static void update_marks(Notes *n) {
  double *times = g_new(double, n->b.n + 1);
  for (size_t i = 0; i < n->b.n; i++)
    times[i] = (double)n->b.v[i].time;
  weft_timeline_set_marks(weft_window_timeline(n->win), times, n->b.n);
  g_free(times);
}

static void go_to(Notes *n, size_t i) {
  if (i >= n->b.n)
    return;
  weft_session_set_playhead(n->win->session, n->b.v[i].event);
  weft_window_select_and_reveal(n->win, n->b.v[i].event);
}

/* The row's index: rows are rebuilt whenever the list changes. */
static size_t row_index(GtkWidget *w) {
  GtkWidget *row = gtk_widget_get_ancestor(w, GTK_TYPE_LIST_BOX_ROW);
  return row ? (size_t)gtk_list_box_row_get_index(GTK_LIST_BOX_ROW(row)) : SIZE_MAX;
}

static void title_changed(GtkEditable *e, Notes *n) {
  weft_bookmarks_set_text(&n->b, row_index(GTK_WIDGET(e)), gtk_editable_get_text(e), NULL);
  save_later(n);
}

static void note_changed(GtkEditable *e, Notes *n) {
  weft_bookmarks_set_text(&n->b, row_index(GTK_WIDGET(e)), NULL, gtk_editable_get_text(e));
  save_later(n);
}

static void rebuild(Notes *n);

static void remove_clicked(GtkButton *button, Notes *n) {
  weft_bookmarks_remove(&n->b, row_index(GTK_WIDGET(button)));
  save_now(n);
  rebuild(n);
}

static void go_clicked(GtkButton *button, Notes *n) { go_to(n, row_index(GTK_WIDGET(button))); }

static GtkWidget *row_new(Notes *n, size_t i) {
  const WeftBookmark *bm = &n->b.v[i];
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class(box, "bookmark");
  GtkWidget *title = gtk_entry_new();
  gtk_editable_set_text(GTK_EDITABLE(title), bm->title);
  gtk_entry_set_placeholder_text(GTK_ENTRY(title), _("Title"));
  gtk_accessible_update_property(GTK_ACCESSIBLE(title), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Bookmark title"), -1);
  g_signal_connect(title, "changed", G_CALLBACK(title_changed), n);
  GtkWidget *note = gtk_entry_new();
  gtk_editable_set_text(GTK_EDITABLE(note), bm->note);
  gtk_entry_set_placeholder_text(GTK_ENTRY(note), _("Note for the class"));
  gtk_accessible_update_property(GTK_ACCESSIBLE(note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Bookmark note"), -1);
  g_signal_connect(note, "changed", G_CALLBACK(note_changed), n);
  GtkWidget *line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  size_t nev;
  weft_window_events(n->win, &nev);
  char at[48];
  weft_format_duration(at, sizeof at, (double)bm->time);
  char *where = g_strdup_printf(_("event %zu of %zu, at %s"), (size_t)bm->event + 1, nev, at);
  GtkWidget *label = gtk_label_new(where);
  g_free(where);
  gtk_widget_add_css_class(label, "dim-label");
  gtk_widget_set_hexpand(label, TRUE);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  GtkWidget *go = gtk_button_new_from_icon_name("find-location-symbolic");
  gtk_widget_set_tooltip_text(go, _("Move the playhead here (k, Shift+k)"));
  g_signal_connect(go, "clicked", G_CALLBACK(go_clicked), n);
  GtkWidget *rm = gtk_button_new_from_icon_name("user-trash-symbolic");
  gtk_widget_set_tooltip_text(rm, _("Remove the bookmark"));
  g_signal_connect(rm, "clicked", G_CALLBACK(remove_clicked), n);
  gtk_box_append(GTK_BOX(line), label);
  gtk_box_append(GTK_BOX(line), go);
  gtk_box_append(GTK_BOX(line), rm);
  gtk_box_append(GTK_BOX(box), title);
  gtk_box_append(GTK_BOX(box), note);
  gtk_box_append(GTK_BOX(box), line);
  return box;
}

static void rebuild(Notes *n) {
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(n->list)))
    gtk_list_box_remove(GTK_LIST_BOX(n->list), child);
  for (size_t i = 0; i < n->b.n; i++)
    gtk_list_box_append(GTK_LIST_BOX(n->list), row_new(n, i));
  update_marks(n);
}

static void row_activated(GtkListBox *box, GtkListBoxRow *row, Notes *n) {
  (void)box;
  go_to(n, (size_t)gtk_list_box_row_get_index(row));
}

/* A trace opened: its notes, if it has any. */
static void on_load_finished(WeftWindow *self, WeftLoaded *l, Notes *n) {
  (void)self;
  if (l->status != WEFT_TRACE_OK)
    return;
  if (n->save_source)
    save_now(n); /* the previous trace's */
  g_free(n->path);
  n->path = weft_bookmarks_path(l->path);
  size_t nev;
  const WeftEvent *ev = weft_trace_events(l->trace, &nev);
  GError *e = NULL;
  if (!weft_bookmarks_load(&n->b, n->path, ev, nev, &e)) {
    char *partial = weft_load_partial_message(l);
    char *msg = g_strdup_printf(partial ? "%s\n%s %s" : "%s%s %s", partial ? partial : "",
                                e->message, _("(the trace opens without its bookmarks)"));
    weft_window_show_notice(n->win, msg);
    g_free(msg);
    g_free(partial);
    g_error_free(e);
    g_clear_pointer(&n->path, g_free); /* not written over: the file may be mended */
  }
  rebuild(n);
}

static void act_add(GtkWidget *w, const char *name, GVariant *param) {
  (void)name, (void)param;
  WeftWindow *self = WEFT_WINDOW(w);
  Notes *n = notes_of(self);
  size_t nev;
  const WeftEvent *ev = weft_window_events(self, &nev);
  guint32 at = weft_session_get_playhead(self->session);
  if (at >= nev)
    at = weft_session_get_selected(self->session);
  if (!n || !nev)
    return;
  if (at >= nev) {
    weft_window_show_notice(self, _("Put the playhead where the bookmark goes first (click an "
                                    "event, or step with . and ,), then Ctrl+B"));
    return;
  }
  if (!n->path) {
    weft_window_show_notice(self, _("The bookmarks cannot be saved: mend or remove the damaged "
                                    "notes file, then open the trace again"));
    return;
  }
  char *title = g_strdup_printf(_("Bookmark %zu"), n->b.n + 1);
  size_t i = weft_bookmarks_add(&n->b, at, ev[at].time, title, "");
  g_free(title);
  save_now(n);
  rebuild(n);
  gtk_stack_set_visible_child_name(GTK_STACK(self->side_stack), "notes");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index(GTK_LIST_BOX(n->list), (int)i);
  GtkWidget *entry = row ? gtk_widget_get_first_child(gtk_list_box_row_get_child(row)) : NULL;
  if (entry) {
    gtk_widget_grab_focus(entry);
    gtk_editable_select_region(GTK_EDITABLE(entry), 0, -1);
  }
}

static void act_next(GtkWidget *w, const char *name, GVariant *param) {
  (void)param;
  WeftWindow *self = WEFT_WINDOW(w);
  Notes *n = notes_of(self);
  if (!n || !n->b.n)
    return;
  guint32 at = weft_session_get_playhead(self->session);
  bool next = !strcmp(name, "win.next-bookmark");
  size_t pick = SIZE_MAX;
  for (size_t i = 0; i < n->b.n; i++) {
    uint32_t e = n->b.v[i].event;
    if (next && (at == G_MAXUINT32 || e > at) && pick == SIZE_MAX)
      pick = i;
    if (!next && at != G_MAXUINT32 && e < at)
      pick = i;
  }
  go_to(n, pick);
}

void weft_window_bookmarks_install(GtkWidgetClass *wc) {
  gtk_widget_class_install_action(wc, "win.add-bookmark", NULL, act_add);
  gtk_widget_class_install_action(wc, "win.next-bookmark", NULL, act_next);
  gtk_widget_class_install_action(wc, "win.previous-bookmark", NULL, act_next);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_b, GDK_CONTROL_MASK, "win.add-bookmark", NULL);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_k, 0, "win.next-bookmark", NULL);
  gtk_widget_class_add_binding_action(wc, GDK_KEY_K, GDK_SHIFT_MASK, "win.previous-bookmark", NULL);
}

void weft_window_bookmarks_init(WeftWindow *self) {
  Notes *n = g_new0(Notes, 1);
  n->win = self;
  GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class(page, "side-pane");
  GtkWidget *add = gtk_button_new_with_mnemonic(_("_Mark the playhead"));
  gtk_widget_set_tooltip_text(add, _("Add a bookmark at the playhead (Ctrl+B)"));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(add), "win.add-bookmark");
  n->list = gtk_list_box_new();
  gtk_list_box_set_selection_mode(GTK_LIST_BOX(n->list), GTK_SELECTION_NONE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(n->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Bookmarks"), -1);
  n->placeholder = gtk_label_new(_("No bookmarks yet. Ctrl+B marks the playhead with a title and "
                                   "a note, saved beside the trace for the next lecture."));
  gtk_label_set_wrap(GTK_LABEL(n->placeholder), TRUE);
  gtk_widget_add_css_class(n->placeholder, "dim-label");
  gtk_list_box_set_placeholder(GTK_LIST_BOX(n->list), n->placeholder);
  g_signal_connect(n->list, "row-activated", G_CALLBACK(row_activated), n);
  GtkWidget *scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), n->list);
  gtk_widget_set_vexpand(scroller, TRUE);
  gtk_box_append(GTK_BOX(page), add);
  gtk_box_append(GTK_BOX(page), scroller);
  /* an icon in the switcher: a third word would widen the side pane and
   * squeeze the timeline in presentation mode */
  GtkStackPage *sp = gtk_stack_add_titled(GTK_STACK(self->side_stack), page, "notes", _("Bookmarks"));
  gtk_stack_page_set_icon_name(sp, "user-bookmarks-symbolic");
  g_object_set_data_full(G_OBJECT(self), "weft-notes", n, free_notes);
  g_signal_connect(self, "load-finished", G_CALLBACK(on_load_finished), n);
}

const WeftBookmark *weft_window_bookmark_at(WeftWindow *self, guint32 ev) {
  Notes *n = notes_of(self);
  for (size_t i = 0; n && i < n->b.n; i++)
    if (n->b.v[i].event == ev)
      return &n->b.v[i];
  return NULL;
}
