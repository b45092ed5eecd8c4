/* weft-window-dnd.c: traces dropped on the window, and the recent traces
 * menu. */
#include "weft-viewer-private.h"
#include "weft-window-private.h"

/* ---- drag and drop ---- */

static gboolean on_drop(GtkDropTarget *t, const GValue *value, double x, double y,
                        WeftWindow *self) {
  (void)t, (void)x, (void)y;
  if (!G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = gdk_file_list_get_files(g_value_get_boxed(value));
  if (!files)
    return FALSE;
  weft_window_open(self, files->data);
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  for (GSList *l = files->next; l; l = l->next) { /* more files: more windows */
    WeftWindow *w = weft_window_new(app);
    gtk_window_present(GTK_WINDOW(w));
    weft_window_open(w, l->data);
  }
  g_slist_free(files);
  return TRUE;
}

/* ---- recent files ---- */

static void rebuild_recent(GtkRecentManager *rm, WeftWindow *self) {
  GMenu *menu = g_menu_new();
  GList *items = gtk_recent_manager_get_items(rm);
  int count = 0;
  for (GList *l = items; l && count < 10; l = l->next) {
    GtkRecentInfo *info = l->data;
    const char *uri = gtk_recent_info_get_uri(info);
    if (!g_str_has_suffix(uri, ".weft") || !gtk_recent_info_exists(info))
      continue;
    GMenuItem *it = g_menu_item_new(gtk_recent_info_get_display_name(info), NULL);
    g_menu_item_set_action_and_target_value(it, "win.open-recent", g_variant_new_string(uri));
    g_menu_append_item(menu, it);
    g_object_unref(it);
    count++;
  }
  g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
  if (!count) {
    GMenuItem *it = g_menu_item_new(_("No recent traces"), "win.none");
    g_menu_append_item(menu, it);
    g_object_unref(it);
  }
  gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(self->recent_menu_button), G_MENU_MODEL(menu));
  g_object_unref(menu);
}

void weft_window_dnd_init(WeftWindow *self) {
  GtkDropTarget *drop = gtk_drop_target_new(GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect(drop, "drop", G_CALLBACK(on_drop), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(drop));
  GtkRecentManager *rm = gtk_recent_manager_get_default();
  g_signal_connect(rm, "changed", G_CALLBACK(rebuild_recent), self);
  rebuild_recent(rm, self);
}

void weft_window_dnd_dispose(WeftWindow *self) {
  g_signal_handlers_disconnect_by_data(gtk_recent_manager_get_default(), self);
}
