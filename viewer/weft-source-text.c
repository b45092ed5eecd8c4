/* weft-source-text.c: a source file's text, from the disk or from the trace. */
#include "weft-source-text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "weft-embedded.h"
#include "weft-source.h"

/* The last trace's embedded lines, read once: a window asks again at each
 * step. */
static char *cached_path;
static WeftEmbeddedSource *cached;

static const WeftEmbeddedSource *embedded_of(const char *trace_path) {
  if (!cached_path || strcmp(cached_path, trace_path)) {
    weft_embedded_source_free(cached);
    g_free(cached_path);
    cached_path = g_strdup(trace_path);
    cached = weft_embedded_source_read(trace_path);
  }
  return cached;
}

char *weft_source_text(const char *compiled, const char *file, const char *trace_path,
                       const char *root, size_t *len, char **where) {
  *where = NULL;
  *len = 0;
  char *path = weft_source_find(compiled, file, trace_path, root), *text = NULL;
  gsize n = 0;
  if (path && g_file_get_contents(path, &text, &n, NULL) && g_utf8_validate(text, (gssize)n, NULL)) {
    *where = path;
    *len = n;
    return text;
  }
  g_free(text);
  g_free(path);
  const WeftEmbeddedSource *es = trace_path ? embedded_of(trace_path) : NULL;
  char *copy = es ? weft_embedded_source_text(es, file) : NULL;
  if (!copy || !g_utf8_validate(copy, -1, NULL)) {
    free(copy);
    return NULL;
  }
  text = g_strdup(copy);
  free(copy);
  *len = strlen(text);
  return text;
}
