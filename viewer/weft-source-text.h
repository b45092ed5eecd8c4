/* weft-source-text.h: the text of a frame's source file: the file itself
 * when weft_source_find() finds it, else the lines `weft pack` embedded in
 * the trace (the lines not embedded are empty, so line numbers hold). No
 * GTK. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Newly allocated text (g_free), its length in *len, and in *where the
 * file's path, or NULL when the text is the trace's embedded copy; NULL
 * when neither has it. compiled (the frame's path), trace_path and root
 * may be NULL. */
char *weft_source_text(const char *compiled, const char *file, const char *trace_path,
                       const char *root, size_t *len, char **where);
