/* weft-framing.h: which time window tells a trace's story. No GTK. */
#pragma once

#include "weft-lanes.h"

/* The window a trace opens on: from its first event to the moment its story
 * ends (the first deadlock closing, or the last event when an idle tail
 * follows), with a margin; the whole run otherwise. */
void weft_frame_story(const WeftLaneModel *m, double *t0, double *t1);
/* The window that shows deadlock i closing: the events just before it, the
 * waits that closed the cycle from their start, and a little after. */
void weft_frame_deadlock(const WeftLaneModel *m, size_t i, double *t0, double *t1);
/* The event that closed deadlock i: the first event at the moment the last
 * of its threads began its wait (its DEADLOCK event if none). */
size_t weft_frame_deadlock_closing(const WeftLaneModel *m, size_t i);
