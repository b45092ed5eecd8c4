/* weft-source.h: where a stack frame's source file is on this machine: where
 * the compiler read it (the DWARF compile directory, kept by weft record),
 * next to the trace, then under the source root (`weft view --source-root`),
 * then a few levels below each of those. No GTK. */
#pragma once

#include <stddef.h>

#include "weft-narration.h" /* weft_event_stack(), weft_event_source_frame() */
#include "weft-trace.h"

/* The path of a frame's source file, newly allocated (g_free), or NULL:
 * where the compiler read it (`compiled`, from the DWARF compile
 * directory; a relative one, as weft pack leaves it, under the trace's
 * folder then the source root), else `file` relative to the trace's
 * folder, then to the source root, then a few levels below each of
 * those. compiled, trace_path and root may be NULL. */
char *weft_source_find(const char *compiled, const char *file, const char *trace_path,
                       const char *root);
