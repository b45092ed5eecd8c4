/* weft-embedded.c: reading a packed trace's SOURCE records. */
#include "weft-embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-scan-private.h"

typedef struct {
  char *file;
  uint32_t first, count;
  char **lines;
} Window;

struct WeftEmbeddedSource {
  Window *w;
  size_t n, cap;
  bool failed;
};

static bool add_window(WeftEmbeddedSource *es, const WeftRecord *r) {
  const char *blob = (const char *)r->blob;
  const char *nul = r->blob_len ? memchr(blob, 0, r->blob_len) : NULL;
  if (!nul || r->nargs < 1 || r->args[0] == 0 || r->args[0] > UINT32_MAX)
    return true; /* damaged: skipped, as a reader skips what it cannot use */
  if (es->n == es->cap) {
    size_t cap = es->cap ? 2 * es->cap : 16;
    Window *w = realloc(es->w, cap * sizeof *w);
    if (!w)
      return false;
    es->w = w;
    es->cap = cap;
  }
  Window *w = &es->w[es->n];
  const char *text = nul + 1, *end = blob + r->blob_len;
  size_t count = 1;
  for (const char *p = text; p < end; p++)
    count += *p == '\n';
  w->file = strdup(blob);
  w->lines = calloc(count, sizeof *w->lines);
  w->first = (uint32_t)r->args[0];
  w->count = 0;
  if (!w->file || !w->lines) {
    free(w->file);
    free(w->lines);
    return false;
  }
  es->n++;
  for (const char *p = text; w->count < count; w->count++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (!(w->lines[w->count] = strndup(p, len)))
      return false;
    p += len + (nl != NULL);
  }
  return true;
}

static void collect(void *ctx, uint32_t thread, const WeftRecord *r) {
  (void)thread;
  WeftEmbeddedSource *es = ctx;
  if (r->type == WEFT_META_SOURCE && !es->failed)
    es->failed = !add_window(es, r);
}

WeftEmbeddedSource *weft_embedded_source_read(const char *trace_path) {
  int fd = open(trace_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  WeftEmbeddedSource *es = calloc(1, sizeof *es);
  if (!es) {
    close(fd);
    errno = ENOMEM;
    return NULL;
  }
  int rc = _weft_scan_file(fd, collect, es);
  int err = errno;
  close(fd);
  if (rc < 0 || es->failed || es->n == 0) {
    err = rc < 0 ? err : es->failed ? ENOMEM : ENOENT;
    weft_embedded_source_free(es);
    errno = err;
    return NULL;
  }
  return es;
}

void weft_embedded_source_free(WeftEmbeddedSource *es) {
  if (!es)
    return;
  for (size_t i = 0; i < es->n; i++) {
    for (uint32_t k = 0; k < es->w[i].count; k++)
      free(es->w[i].lines[k]);
    free(es->w[i].lines);
    free(es->w[i].file);
  }
  free(es->w);
  free(es);
}

const char *weft_embedded_source_line(const WeftEmbeddedSource *es, const char *file,
                                      uint32_t line) {
  for (size_t i = 0; es && file && i < es->n; i++) {
    const Window *w = &es->w[i];
    if (line >= w->first && line - w->first < w->count && !strcmp(w->file, file))
      return w->lines[line - w->first];
  }
  return NULL;
}

char *weft_embedded_source_text(const WeftEmbeddedSource *es, const char *file) {
  uint32_t last = 0;
  size_t bytes = 0;
  for (size_t i = 0; es && file && i < es->n; i++)
    if (!strcmp(es->w[i].file, file)) {
      if (es->w[i].first + es->w[i].count - 1 > last)
        last = es->w[i].first + es->w[i].count - 1;
      for (uint32_t k = 0; k < es->w[i].count; k++)
        bytes += strlen(es->w[i].lines[k]);
    }
  if (!last)
    return NULL;
  char *out = malloc(bytes + last + 1), *p = out;
  if (!out)
    return NULL;
  for (uint32_t l = 1; l <= last; l++) {
    const char *s = weft_embedded_source_line(es, file, l);
    size_t len = s ? strlen(s) : 0;
    memcpy(p, s ? s : "", len);
    p += len;
    *p++ = '\n';
  }
  *p = 0;
  return out;
}

size_t weft_embedded_source_files(const WeftEmbeddedSource *es) {
  size_t files = 0;
  for (size_t i = 0; es && i < es->n; i++) {
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = !strcmp(es->w[k].file, es->w[i].file);
    files += !seen;
  }
  return files;
}

size_t weft_embedded_source_lines(const WeftEmbeddedSource *es) {
  size_t lines = 0;
  for (size_t i = 0; es && i < es->n; i++)
    lines += es->w[i].count;
  return lines;
}
