/* weft-narrate.h: one event said as one sentence, in the user's source
 * terms: "philosopher #2 takes forks[2] (philosophers.c:41); it now holds
 * forks[2]". The viewer's narration line and its accessible description.
 * To be replaced by the shared analysis's sentences when it has them, so
 * that the command line and the viewer say the same. No GTK. */
#pragma once

#include <stddef.h>

#include "weft-lanes.h"

/* A newly allocated, translated sentence (g_free it); NULL past the end. */
char *weft_narrate_event(const WeftLaneModel *m, size_t ev);
