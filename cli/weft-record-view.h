/* weft-record-view.h: `weft record --view`: the viewer on the run as it
 * goes (`weft view --follow TRACE`, a process of its own). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* True if a display is there to open the viewer on; else says so in one
 * line (the run is recorded all the same). */
bool weft_record_view_possible(void);
/* Starts the viewer once the tracer has written the trace's header; its
 * pid (weft record leaves it running), or -1. */
pid_t weft_record_view_start(const char *trace_path);
