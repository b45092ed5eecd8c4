/* weft-tsan-binary.h: is a program built for ThreadSanitizer, and how to
 * rebuild it if not (`weft record --race`). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The executable links libtsan (shared, or static with -static-libtsan). */
bool weft_program_has_tsan(const char *path);
/* "counter.c" or "a.c b.c", the program's own source files from its debug
 * information, else NAME.c. */
void weft_program_sources(const char *path, const char *name, char *out, size_t size);
