/* weft-source.h: where a stack frame's source file is on this machine. A
 * trace names files by their base name (or a path when the compiler gave
 * one); they are looked for as given, next to the trace, then under the
 * source root (`weft view --source-root`), then a few levels below each of
 * those. No GTK. */
#pragma once

#include <stddef.h>

#include "weft-narration.h" /* weft_event_stack(), weft_event_source_frame() */
#include "weft-trace.h"

/* The path of `file`, newly allocated (g_free), or NULL. trace_path and
 * root may be NULL. */
char *weft_source_find(const char *file, const char *trace_path, const char *root);
