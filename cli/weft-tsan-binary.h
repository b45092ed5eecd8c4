/* weft-tsan-binary.h: is a program built for ThreadSanitizer, and how to
 * rebuild it if not (`weft record --race`). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  WEFT_TSAN_NONE,   /* not built for race detection */
  WEFT_TSAN_SHARED, /* links libtsan.so: weft reads its reports */
  WEFT_TSAN_STATIC, /* -static-libtsan: its reports stay out of weft's reach */
} WeftTsanLink;

WeftTsanLink weft_program_tsan(const char *path);
/* "counter.c" or "a.c b.c", the program's own source files from its debug
 * information, else NAME.c. */
void weft_program_sources(const char *path, const char *name, char *out, size_t size);
