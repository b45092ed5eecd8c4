/* weft-bookmarks.c: bookmarks, and their notes file. */
#include "weft-bookmarks.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

void weft_bookmarks_clear(WeftBookmarks *b) {
  for (size_t i = 0; i < b->n; i++) {
    g_free(b->v[i].title);
    g_free(b->v[i].note);
  }
  g_free(b->v);
  memset(b, 0, sizeof *b);
}

size_t weft_bookmarks_add(WeftBookmarks *b, uint32_t event, uint64_t time, const char *title,
                          const char *note) {
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 8;
    b->v = g_renew(WeftBookmark, b->v, b->cap);
  }
  size_t i = b->n;
  while (i > 0 && b->v[i - 1].event > event)
    i--;
  memmove(&b->v[i + 1], &b->v[i], (b->n - i) * sizeof *b->v);
  b->v[i] = (WeftBookmark){event, time, g_strdup(title ? title : ""), g_strdup(note ? note : "")};
  b->n++;
  return i;
}

void weft_bookmarks_remove(WeftBookmarks *b, size_t i) {
  if (i >= b->n)
    return;
  g_free(b->v[i].title);
  g_free(b->v[i].note);
  memmove(&b->v[i], &b->v[i + 1], (b->n - i - 1) * sizeof *b->v);
  b->n--;
}

void weft_bookmarks_set_text(WeftBookmarks *b, size_t i, const char *title, const char *note) {
  if (i >= b->n)
    return;
  if (title) {
    g_free(b->v[i].title);
    b->v[i].title = g_strdup(title);
  }
  if (note) {
    g_free(b->v[i].note);
    b->v[i].note = g_strdup(note);
  }
}

char *weft_bookmarks_path(const char *trace_path) { return g_strconcat(trace_path, ".notes", NULL); }

static void damaged(GError **error, const char *path, const char *why) {
  char *base = g_path_get_basename(path);
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
              _("%s is damaged (%s)"), base, why);
  g_free(base);
}

/* The event a bookmark names in this trace: its own index if that event is
 * at its time, else the first at or after its time. */
static uint32_t find_event(int64_t event, uint64_t time, const WeftEvent *ev, size_t n) {
  if (event >= 0 && (size_t)event < n && ev[event].time == time)
    return (uint32_t)event;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ev[mid].time < time)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (uint32_t)(lo < n ? lo : n ? n - 1 : 0);
}

static bool read_one(WeftBookmarks *b, JsonNode *node, const WeftEvent *ev, size_t n) {
  if (!JSON_NODE_HOLDS_OBJECT(node))
    return false;
  JsonObject *o = json_node_get_object(node);
  JsonNode *e = json_object_get_member(o, "event"), *t = json_object_get_member(o, "time_ns");
  JsonNode *title = json_object_get_member(o, "title"), *note = json_object_get_member(o, "note");
  if (!e || json_node_get_value_type(e) != G_TYPE_INT64 || !t ||
      json_node_get_value_type(t) != G_TYPE_INT64 || !title ||
      json_node_get_value_type(title) != G_TYPE_STRING ||
      (note && json_node_get_value_type(note) != G_TYPE_STRING))
    return false;
  int64_t event = json_node_get_int(e) - 1, time = json_node_get_int(t);
  if (event < 0 || time < 0)
    return false;
  uint32_t at = find_event(event, (uint64_t)time, ev, n);
  weft_bookmarks_add(b, at, n ? ev[at].time : (uint64_t)time, json_node_get_string(title),
                     note ? json_node_get_string(note) : "");
  return true;
}

bool weft_bookmarks_load(WeftBookmarks *b, const char *path, const WeftEvent *events,
                         size_t nevents, GError **error) {
  weft_bookmarks_clear(b);
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return true;
  JsonParser *p = json_parser_new();
  GError *e = NULL;
  bool ok = json_parser_load_from_file(p, path, &e);
  if (!ok) {
    damaged(error, path, e->message);
    g_error_free(e);
    g_object_unref(p);
    return false;
  }
  JsonNode *root = json_parser_get_root(p);
  JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonNode *version = o ? json_object_get_member(o, "weft_notes") : NULL;
  JsonNode *list = o ? json_object_get_member(o, "bookmarks") : NULL;
  if (!version || json_node_get_value_type(version) != G_TYPE_INT64) {
    damaged(error, path, _("not a weft notes file"));
    ok = false;
  } else if (json_node_get_int(version) > WEFT_NOTES_VERSION) {
    damaged(error, path, _("written by a newer weft"));
    ok = false;
  } else if (!list || !JSON_NODE_HOLDS_ARRAY(list)) {
    damaged(error, path, _("no list of bookmarks"));
    ok = false;
  } else {
    JsonArray *a = json_node_get_array(list);
    for (guint i = 0; ok && i < json_array_get_length(a); i++)
      if (!read_one(b, json_array_get_element(a, i), events, nevents)) {
        char *why = g_strdup_printf(_("bookmark %u is not an object with event, time_ns and title"),
                                    i + 1);
        damaged(error, path, why);
        g_free(why);
        ok = false;
      }
  }
  if (!ok)
    weft_bookmarks_clear(b);
  g_object_unref(p);
  return ok;
}

bool weft_bookmarks_save(const WeftBookmarks *b, const char *path, GError **error) {
  if (b->n == 0) {
    if (g_remove(path) < 0 && errno != ENOENT) {
      g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", path,
                  g_strerror(errno));
      return false;
    }
    return true;
  }
  JsonBuilder *jb = json_builder_new();
  json_builder_begin_object(jb);
  json_builder_set_member_name(jb, "weft_notes");
  json_builder_add_int_value(jb, WEFT_NOTES_VERSION);
  json_builder_set_member_name(jb, "bookmarks");
  json_builder_begin_array(jb);
  for (size_t i = 0; i < b->n; i++) {
    json_builder_begin_object(jb);
    json_builder_set_member_name(jb, "event");
    json_builder_add_int_value(jb, (gint64)b->v[i].event + 1);
    json_builder_set_member_name(jb, "time_ns");
    json_builder_add_int_value(jb, (gint64)b->v[i].time);
    json_builder_set_member_name(jb, "title");
    json_builder_add_string_value(jb, b->v[i].title);
    json_builder_set_member_name(jb, "note");
    json_builder_add_string_value(jb, b->v[i].note);
    json_builder_end_object(jb);
  }
  json_builder_end_array(jb);
  json_builder_end_object(jb);
  JsonGenerator *gen = json_generator_new();
  JsonNode *root = json_builder_get_root(jb);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  gsize len;
  char *text = json_generator_to_data(gen, &len);
  /* replaced whole, never half written */
  bool ok = g_file_set_contents(path, text, (gssize)len, error);
  g_free(text);
  json_node_unref(root);
  g_object_unref(gen);
  g_object_unref(jb);
  return ok;
}
