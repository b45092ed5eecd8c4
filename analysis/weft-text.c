/* weft-text.c: a growing string. */
#include "weft-text.h"

#include "weft-analysis-i18n.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void weft_text_add(WeftText *x, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *piece = NULL;
  int n = vasprintf(&piece, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if (x->len + (size_t)n + 1 > x->cap) {
    size_t cap = x->cap ? x->cap * 2 : 256;
    while (cap < x->len + (size_t)n + 1)
      cap *= 2;
    char *s = realloc(x->s, cap);
    if (!s) {
      free(piece);
      return;
    }
    x->s = s;
    x->cap = cap;
  }
  memcpy(x->s + x->len, piece, (size_t)n + 1);
  x->len += (size_t)n;
  free(piece);
}

char *weft_text_take(WeftText *x) {
  char *s = x->s ? x->s : strdup("");
  x->s = NULL;
  x->len = x->cap = 0;
  return s;
}

void weft_text_clear(WeftText *x) {
  free(x->s);
  x->s = NULL;
  x->len = x->cap = 0;
}

/* For people: the locale's decimal separator, and the unit as the language
 * writes it. */
void weft_format_ns(char *out, size_t size, uint64_t ns) {
  /* TRANSLATORS: durations; French puts a space between number and unit. */
  if (ns < 1000)
    snprintf(out, size, _("%lluns"), (unsigned long long)ns);
  else if (ns < 1000000)
    snprintf(out, size, _("%.1fµs"), ns / 1e3);
  else if (ns < 1000000000)
    snprintf(out, size, _("%.2fms"), ns / 1e6);
  else
    snprintf(out, size, _("%.3fs"), ns / 1e9);
}

bool weft_parse_time(const char *text, uint64_t *ns) {
  if (!text || !*text)
    return false;
  /* Typed values are read as in the C locale whatever LANG says ("1.5ms"):
   * scripts and the docs must work everywhere. */
  static locale_t c_locale;
  if (!c_locale)
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  char *end;
  double v = c_locale ? strtod_l(text, &end, c_locale) : strtod(text, &end);
  if (end == text || v < 0 || !isfinite(v))
    return false;
  double mult;
  if (!*end || !strcmp(end, "ns"))
    mult = 1;
  else if (!strcmp(end, "us") || !strcmp(end, "µs"))
    mult = 1e3;
  else if (!strcmp(end, "ms"))
    mult = 1e6;
  else if (!strcmp(end, "s"))
    mult = 1e9;
  else if (!strcmp(end, "m") || !strcmp(end, "min"))
    mult = 60e9;
  else
    return false;
  double r = v * mult;
  if (r >= 1.8e19)
    return false;
  *ns = (uint64_t)llround(r);
  return true;
}
