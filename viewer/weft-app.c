/* weft-app.c: the GtkApplication: actions, accelerators, the style sheet,
 * following the desktop's light or dark preference, and opening files. */
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "weft-viewer-private.h"
#include "weft-viewer.h"
#include "weft-window.h"

GResource *weft_viewer_get_resource(void); /* generated: keeps the resources linked in */

static void on_activate(GApplication *app) {
  GtkWindow *w = gtk_application_get_active_window(GTK_APPLICATION(app));
  if (!w)
    w = GTK_WINDOW(weft_window_new(GTK_APPLICATION(app)));
  gtk_window_present(w);
}

static void on_open(GApplication *app, GFile **files, int n, const char *hint) {
  (void)hint;
  for (int i = 0; i < n; i++) {
    GtkWindow *active = gtk_application_get_active_window(GTK_APPLICATION(app));
    WeftWindow *w = active && WEFT_IS_WINDOW(active) && weft_window_is_empty(WEFT_WINDOW(active))
                        ? WEFT_WINDOW(active)
                        : weft_window_new(GTK_APPLICATION(app));
    gtk_window_present(GTK_WINDOW(w));
    weft_window_open(w, files[i]);
  }
}

static void act_quit(GSimpleAction *a, GVariant *p, gpointer app) {
  (void)a, (void)p;
  g_application_quit(G_APPLICATION(app));
}

static void act_about(GSimpleAction *a, GVariant *p, gpointer app) {
  (void)a, (void)p;
  const char *authors[] = {_("The weft authors"), NULL};
  gtk_show_about_dialog(gtk_application_get_active_window(GTK_APPLICATION(app)), "program-name",
                        "weft", "logo-icon-name", WEFT_VIEWER_APP_ID, "version", WEFT_VERSION,
                        "comments", _("See your threads, find your deadlocks."), "license-type",
                        GTK_LICENSE_MIT_X11, "authors", authors, "website",
                        "https://example.org/weft", NULL);
}

static void act_new_window(GSimpleAction *a, GVariant *p, gpointer app) {
  (void)a, (void)p;
  gtk_window_present(GTK_WINDOW(weft_window_new(GTK_APPLICATION(app))));
}

/* The desktop's preference, from the settings portal: 1 means dark. */
static void apply_color_scheme(GVariant *v) {
  while (v && g_variant_is_of_type(v, G_VARIANT_TYPE_VARIANT)) {
    GVariant *inner = g_variant_get_variant(v);
    g_variant_unref(v);
    v = inner;
  }
  if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32))
    g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme",
                 g_variant_get_uint32(v) == 1, NULL);
  if (v)
    g_variant_unref(v);
}

static void on_portal_read(GObject *src, GAsyncResult *res, gpointer data) {
  (void)data;
  GVariant *r = g_dbus_proxy_call_finish(G_DBUS_PROXY(src), res, NULL);
  if (!r)
    return;
  GVariant *v = NULL;
  g_variant_get(r, "(v)", &v);
  apply_color_scheme(v);
  g_variant_unref(r);
}

static void on_portal_signal(GDBusProxy *p, const char *sender, const char *signal, GVariant *params,
                             gpointer data) {
  (void)p, (void)sender, (void)data;
  if (strcmp(signal, "SettingChanged"))
    return;
  const char *ns, *key;
  GVariant *v;
  g_variant_get(params, "(&s&sv)", &ns, &key, &v);
  if (!strcmp(ns, "org.freedesktop.appearance") && !strcmp(key, "color-scheme"))
    apply_color_scheme(v);
  else
    g_variant_unref(v);
}

static void on_portal_proxy(GObject *src, GAsyncResult *res, gpointer app) {
  (void)src;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish(res, NULL);
  if (!proxy)
    return;
  g_signal_connect(proxy, "g-signal", G_CALLBACK(on_portal_signal), NULL);
  g_dbus_proxy_call(proxy, "Read", g_variant_new("(ss)", "org.freedesktop.appearance", "color-scheme"),
                    G_DBUS_CALL_FLAGS_NONE, 2000, NULL, on_portal_read, NULL);
  g_object_set_data_full(G_OBJECT(app), "weft-portal", proxy, g_object_unref);
}

static void follow_desktop_style(GApplication *app) {
  const char *force = g_getenv("WEFT_VIEWER_DARK");
  if (force) {
    g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme",
                 strcmp(force, "0") != 0, NULL);
    return;
  }
  if (!g_application_get_dbus_connection(app) && !g_getenv("DBUS_SESSION_BUS_ADDRESS"))
    return;
  g_dbus_proxy_new_for_bus(G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START_AT_CONSTRUCTION,
                           NULL, "org.freedesktop.portal.Desktop",
                           "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings",
                           NULL, on_portal_proxy, app);
}

static void on_startup(GApplication *app) {
  static const GActionEntry entries[] = {
      {"quit", act_quit, NULL, NULL, NULL, {0}},
      {"about", act_about, NULL, NULL, NULL, {0}},
      {"new-window", act_new_window, NULL, NULL, NULL, {0}},
  };
  g_action_map_add_action_entries(G_ACTION_MAP(app), entries, G_N_ELEMENTS(entries), app);
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
      {"app.quit", {"<Control>q", NULL}},
      {"app.new-window", {"<Control>n", NULL}},
      {"win.open", {"<Control>o", NULL}},
      {"win.export", {"<Control>e", NULL}},
      {"win.find", {"<Control>f", NULL}},
      {"win.close", {"<Control>w", NULL}},
      {"win.show-deadlock", {"<Control>d", NULL}},
      {"win.fullscreen", {"F11", NULL}},
      {"win.present", {"F5", NULL}},
      {"win.text-larger", {"<Control>plus", "<Control>equal", "<Control>KP_Add", NULL}},
      {"win.text-smaller", {"<Control>minus", "<Control>KP_Subtract", NULL}},
      {"win.text-normal", {"<Control>0", NULL}},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(accels); i++)
    gtk_application_set_accels_for_action(GTK_APPLICATION(app), accels[i].action,
                                          accels[i].accels);
  GtkCssProvider *css = gtk_css_provider_new();
  gtk_css_provider_load_from_resource(css, "/org/weft/Viewer/style.css");
  gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref(css);
  gtk_window_set_default_icon_name(WEFT_VIEWER_APP_ID);
  follow_desktop_style(app);
}

/* Binds the text domain as weft_i18n_init() does for the command line (the
 * build tree's po/ when run from there, else the installed one), in UTF-8
 * whatever the locale's charset, and makes it the default domain, which
 * GtkBuilder uses for the translatable strings of the .ui files. */
static void bind_text_domain(void) {
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *po = NULL;
  if (exe) {
    /* po/ of the build tree, else share/locale of a prefix installed anywhere */
    char *dir = g_path_get_dirname(exe);
    const char *beside[] = {"po", "share/locale"};
    for (int i = 0; i < 2 && !po; i++) {
      po = g_build_filename(dir, "..", beside[i], NULL);
      char *probe = g_build_filename(po, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      if (!g_file_test(probe, G_FILE_TEST_IS_REGULAR))
        g_clear_pointer(&po, g_free);
      g_free(probe);
    }
    g_free(dir);
    g_free(exe);
  }
  bindtextdomain(GETTEXT_PACKAGE, po ? po : WEFT_LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  g_free(po);
}

GtkApplication *weft_viewer_app_new(int unique) {
  setlocale(LC_ALL, "");
  bind_text_domain();
  if (!gtk_init_check())
    return NULL;
  (void)weft_viewer_get_resource();
  GApplicationFlags flags = G_APPLICATION_HANDLES_OPEN;
  if (!unique)
    flags |= G_APPLICATION_NON_UNIQUE;
  GtkApplication *app = gtk_application_new(WEFT_VIEWER_APP_ID, flags);
  g_application_set_resource_base_path(G_APPLICATION(app), "/org/weft/Viewer");
  g_signal_connect(app, "startup", G_CALLBACK(on_startup), NULL);
  g_signal_connect(app, "activate", G_CALLBACK(on_activate), NULL);
  g_signal_connect(app, "open", G_CALLBACK(on_open), NULL);
  g_set_application_name("weft");
  return app;
}

int weft_viewer_run(int argc, char **argv) {
  GtkApplication *app = weft_viewer_app_new(TRUE);
  if (!app)
    return WEFT_VIEWER_NO_DISPLAY;
  /* argv[0] is the subcommand's name: GApplication takes it as the program. */
  int status = g_application_run(G_APPLICATION(app), argc, argv);
  g_object_unref(app);
  return status;
}
