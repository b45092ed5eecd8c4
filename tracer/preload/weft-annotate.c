/* weft-annotate.c: the definitions behind weft-annotate.h's weak symbols. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "weft-annotate.h"
#include "weft-preload-private.h"

void weft_region_begin(const char *name) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return;
  int saved = errno;
  _weft_emit_blob(s, WEFT_EV_REGION_BEGIN, 0, 0, 0, name, name ? strnlen(name, 256) : 0);
  _weft_hook_end(s);
  errno = saved;
}

void weft_region_end(const char *name) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return;
  int saved = errno;
  _weft_emit_blob(s, WEFT_EV_REGION_END, 0, 0, 0, name, name ? strnlen(name, 256) : 0);
  _weft_hook_end(s);
  errno = saved;
}

void weft_log(const char *category, const char *format, ...) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return;
  int saved = errno;
  char text[1024];
  size_t cat = category ? strnlen(category, 128) : 0;
  memcpy(text, category ? category : "", cat);
  text[cat] = 0;
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(text + cat + 1, sizeof text - cat - 1, format, ap);
  va_end(ap);
  size_t len = cat + 1 + (n < 0 ? 0 : (size_t)n < sizeof text - cat - 1 ? (size_t)n : sizeof text - cat - 2);
  _weft_emit_blob(s, WEFT_EV_LOG, 0, 0, 0, text, len);
  _weft_hook_end(s);
  errno = saved;
}

void weft_name_object(const void *object, const char *name) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return;
  int saved = errno;
  _weft_object_set_name(s, object, name);
  _weft_hook_end(s);
  errno = saved;
}
