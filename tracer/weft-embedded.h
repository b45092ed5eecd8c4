/* weft-embedded.h: the source lines `weft pack` put into a trace (SOURCE
 * records), for the viewer's source pane and the report on a machine that
 * has not got the files. Read in a pass of its own, only when a tool needs
 * a file it cannot find. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct WeftEmbeddedSource WeftEmbeddedSource;

/* The source lines embedded in the trace at path; NULL with errno (ENOENT:
 * it embeds none, EINVAL: not a trace, ENOMEM). */
WeftEmbeddedSource *weft_embedded_source_read(const char *trace_path);
void weft_embedded_source_free(WeftEmbeddedSource *es);

/* Line `line` (from 1) of a file, as FRAME records name it, without its
 * newline; NULL if it is not embedded. */
const char *weft_embedded_source_line(const WeftEmbeddedSource *es, const char *file,
                                      uint32_t line);
/* The whole file as far as it is embedded: the lines not embedded are
 * empty, so that line numbers hold. Newly allocated (free()); NULL if none
 * of the file is embedded. */
char *weft_embedded_source_text(const WeftEmbeddedSource *es, const char *file);
/* How many files and lines it holds. */
size_t weft_embedded_source_files(const WeftEmbeddedSource *es);
size_t weft_embedded_source_lines(const WeftEmbeddedSource *es);
