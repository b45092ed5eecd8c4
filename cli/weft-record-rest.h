/* weft-record-rest.h: the processes a recorded run leaves behind. */
#pragma once

#include <sys/types.h>

/* weft record becomes the reaper of the program's descendants: a process of
 * the run whose parent ends comes back to it, not to init. */
void weft_record_adopt_orphans(void);
/* Ends every child of weft record but `keep` (the viewer, 0: none) and waits
 * until each is reaped: SIGTERM, which the tracer turns into a last flush,
 * SIGKILL two seconds later. Returns how many were still running. */
unsigned weft_record_end_rest(pid_t keep);
