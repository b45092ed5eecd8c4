/* weft-narration.h: one event said as one sentence, in the program's own
 * terms: "philosopher #2 takes forks[2] at philosophers.c:41; it now holds
 * forks[2]". The viewer's narration line and `weft dump --narrate` both say
 * it with this, so that they say the same words. */
#pragma once

#include <stddef.h>

#include "weft-replay.h"
#include "weft-trace.h"

/* An event's stack, innermost frame first (depth 0 when it has none): a
 * DEADLOCK's or THREAD_NAME's stack field means something else. */
const WeftFrame *weft_event_stack(const WeftTrace *t, const WeftEvent *e, size_t *depth);
/* The frame whose source line tells where the event happened: the first in
 * the program's own code with a line, else the first with a line at all;
 * NULL if none has one. */
const WeftFrame *weft_event_source_frame(const WeftTrace *t, const WeftEvent *e);

/* Event ev of t as a translated sentence, newly allocated (free()); NULL
 * past the end or out of memory. `after` is a replay of t just after ev
 * (what the thread now holds, who holds what it waits for); NULL: one is
 * made, from the start of the run. */
char *weft_narrate(const WeftTrace *t, size_t ev, const WeftReplay *after);
/* The same for an event e (from a cursor), `after` a replay just after it. */
char *weft_narrate_event(const WeftTrace *t, const WeftEvent *e, const WeftReplay *after);
