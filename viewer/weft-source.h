/* weft-source.h: where a stack frame's source file is on this machine. A
 * trace names files by their base name (or a path when the compiler gave
 * one); they are looked for as given, next to the trace, then under the
 * source root (`weft view --source-root`), then a few levels below each of
 * those. No GTK. */
#pragma once

#include <stddef.h>

#include "weft-trace.h"

/* An event's stack, innermost frame first (depth 0 when it has none): a
 * DEADLOCK's or THREAD_NAME's stack field means something else. */
const WeftFrame *weft_event_stack(const WeftTrace *t, const WeftEvent *e, size_t *depth);
/* The frame whose source line tells where the event happened: the first in
 * the program's own code with a line (the shared analysis's choice), else
 * the first with a line at all; NULL if none has one. */
const WeftFrame *weft_event_source_frame(const WeftTrace *t, const WeftEvent *e);

/* The path of `file`, newly allocated (g_free), or NULL. trace_path and
 * root may be NULL. */
char *weft_source_find(const char *file, const char *trace_path, const char *root);
