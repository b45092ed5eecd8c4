/* weft-record-view.h: `weft record --view`: the viewer on the run as it
 * goes (`weft view --follow TRACE`, a process of its own). */
#pragma once

#include <stdbool.h>

/* True if a display is there to open the viewer on; else says so in one
 * line (the run is recorded all the same). */
bool weft_record_view_possible(void);
/* Starts the viewer once the tracer has written the trace's header. */
void weft_record_view_start(const char *trace_path);
