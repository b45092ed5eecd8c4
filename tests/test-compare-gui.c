/* The compare window (weft view --compare A B) driven by a script of its
 * actions: test-compare-gui A B [event|time] "next-event;next-event;print;by-time;print;quit".
 * `print` says what its labels say: where each run's playhead is, and each
 * run's sentence. */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "weft-compare-window.h"

typedef struct {
  const char *a, *b;
  WeftCompareBy by;
  char **cmds;
  int next;
  GtkWidget *window;
} Script;

static GtkWidget *find_named(GtkWidget *w, const char *name) {
  if (!strcmp(gtk_widget_get_name(w), name))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_named(c, name);
    if (found)
      return found;
  }
  return NULL;
}

static void print_label(Script *s, const char *name) {
  GtkWidget *l = find_named(s->window, name);
  printf("%s: %s\n", name, l ? gtk_label_get_text(GTK_LABEL(l)) : "(none)"); /* UTF-8 as it is */
  fflush(stdout);
}

static gboolean step(gpointer data) {
  Script *s = data;
  const char *cmd = s->cmds[s->next];
  if (!cmd || !strcmp(cmd, "quit")) {
    g_application_quit(G_APPLICATION(gtk_window_get_application(GTK_WINDOW(s->window))));
    return G_SOURCE_REMOVE;
  }
  s->next++;
  if (!strcmp(cmd, "print")) {
    print_label(s, "where");
    print_label(s, "sentence-0");
    print_label(s, "sentence-1");
  } else if (!g_action_group_has_action(G_ACTION_GROUP(s->window), cmd)) {
    g_print("unknown command %s\n", cmd);
  } else {
    g_action_group_activate_action(G_ACTION_GROUP(s->window), cmd, NULL);
  }
  return G_SOURCE_CONTINUE;
}

static void on_activate(GApplication *app, Script *s) {
  GError *e = NULL;
  s->window = weft_compare_window_new(GTK_APPLICATION(app), s->a, s->b, s->by, &e);
  if (!s->window) {
    g_print("error: %s\n", e->message);
    g_error_free(e);
    return;
  }
  gtk_window_present(GTK_WINDOW(s->window));
  g_timeout_add(200, step, s);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    g_printerr("usage: test-compare-gui A B event|time SCRIPT\n");
    return 2;
  }
  Script s = {argv[1], argv[2], WEFT_COMPARE_BY_EVENT, g_strsplit(argv[4], ";", -1), 0, NULL};
  weft_compare_by_parse(argv[3], &s.by);
  GtkApplication *app = weft_viewer_app_new(FALSE);
  if (!app)
    return 77;
  g_signal_handlers_disconnect_matched(app, G_SIGNAL_MATCH_ID,
                                       g_signal_lookup("activate", G_TYPE_APPLICATION), 0, NULL,
                                       NULL, NULL);
  g_signal_connect(app, "activate", G_CALLBACK(on_activate), &s);
  char *args[] = {argv[0], NULL};
  int status = g_application_run(G_APPLICATION(app), 1, args);
  g_object_unref(app);
  g_strfreev(s.cmds);
  return s.window ? status : 1;
}
