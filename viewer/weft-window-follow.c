/* weft-window-follow.c: a live run (`weft record --view`, `weft view
 * --follow`): the window reads its trace again whenever the file has grown,
 * with the same reader as any trace (it reads up to the last whole chunk),
 * so lanes grow as the tracer's chunks land, and the deadlock banner and
 * the stuck dumps show when they are written. It stops once the trace is
 * closed (its END record, written after weft record has named everything):
 * the whole run stays open. */
#include <glib/gstdio.h>

#include "weft-viewer-private.h"
#include "weft-viewer.h"
#include "weft-window-private.h"

#define FOLLOW_MS 300 /* the tracer flushes every 200 ms */

static gboolean follow_all;

void weft_viewer_set_follow(int follow) { follow_all = follow != 0; }

typedef struct {
  WeftWindow *win;
  char *path;
  goffset size;
  guint source;
} Follow;

static void follow_free(gpointer data) {
  Follow *f = data;
  if (f->source)
    g_source_remove(f->source);
  g_free(f->path);
  g_free(f);
}

static gboolean tick(gpointer data) {
  Follow *f = data;
  WeftWindow *self = f->win;
  if (self->disposed) {
    f->source = 0;
    return G_SOURCE_REMOVE;
  }
  if (self->loaded && weft_trace_info(self->loaded->trace)->closed_cleanly &&
      !weft_window_is_loading(self)) {
    f->source = 0; /* the run is over and named: nothing more will come */
    return G_SOURCE_REMOVE;
  }
  GStatBuf st;
  if (weft_window_is_loading(self) || g_stat(f->path, &st) < 0 || st.st_size == f->size)
    return G_SOURCE_CONTINUE;
  f->size = st.st_size;
  GFile *file = g_file_new_for_path(f->path);
  weft_window_reload(self, file);
  g_object_unref(file);
  return G_SOURCE_CONTINUE;
}

/* The first trace opened in the window is the one it follows. */
static void on_load_finished(WeftWindow *self, WeftLoaded *l, gpointer data) {
  (void)data;
  if (!follow_all || g_object_get_data(G_OBJECT(self), "weft-follow") || !l->path)
    return;
  Follow *f = g_new0(Follow, 1);
  f->win = self;
  f->path = g_strdup(l->path);
  GStatBuf st;
  f->size = g_stat(f->path, &st) == 0 ? st.st_size : -1;
  f->source = g_timeout_add(FOLLOW_MS, tick, f);
  g_object_set_data_full(G_OBJECT(self), "weft-follow", f, follow_free);
}

void weft_window_follow_init(WeftWindow *self) {
  g_signal_connect(self, "load-finished", G_CALLBACK(on_load_finished), NULL);
}
