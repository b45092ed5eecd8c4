/* weft-text.h: a growing string for the analysis' sentences and reports. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *s; /* NUL-terminated, or NULL while empty */
  size_t len, cap;
} WeftText;

void weft_text_add(WeftText *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the string over (never NULL: "" when nothing was added). */
char *weft_text_take(WeftText *x);
void weft_text_clear(WeftText *x);

/* "12ns", "4.1µs", "12.30ms", "1.500s". */
void weft_format_ns(char *out, size_t size, uint64_t ns);

/* Parses "1.5s", "20ms", "300us", "300µs", "100ns", "2m", or a bare number of
 * nanoseconds, in the C locale whatever LANG says. Returns false on anything
 * else (or negative). */
bool weft_parse_time(const char *text, uint64_t *ns);
