/* weft-steps.h: where the playhead goes next. Each kind of step is a filter
 * over the trace's events in time order; the viewer's keys and the tests
 * both go through weft_step(). No GTK. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "weft-lanes.h"

typedef enum {
  WEFT_STEP_EVENT,    /* any event */
  WEFT_STEP_THREAD,   /* an event of one thread (key: its id) */
  WEFT_STEP_OBJECT,   /* an event on one object (key: its id) */
  WEFT_STEP_BLOCKING, /* an event where a thread starts to wait */
  WEFT_STEP_MESSAGE,  /* a channel send or receive */
  WEFT_STEP_FINDING,  /* a deadlock, a misuse, a data race, a thread that died with its
                       * process; with weft_step_findings(), an inversion's second lock,
                       * a leak, a stuck dump and a crash */
  WEFT_STEP_KIND_COUNT
} WeftStepKind;

#define WEFT_STEP_NONE SIZE_MAX

/* True if event ev is one a step of that kind stops at. */
int weft_step_matches(const WeftTrace *t, const WeftEvent *ev, WeftStepKind kind, uint32_t key);
/* The next (dir > 0) or previous (dir < 0) event after `from` that a step
 * of that kind stops at, or WEFT_STEP_NONE. from == WEFT_STEP_NONE starts
 * before the first event (forward) or after the last (backward). */
size_t weft_step(const WeftLaneModel *m, size_t from, int dir, WeftStepKind kind, uint32_t key);

/* Search: an event matches if its thread's name, its object's name or kind,
 * its type or its C call contains `folded` (g_utf8_casefold()ed). */
int weft_event_matches_text(const WeftLaneModel *m, const WeftEvent *ev, const char *folded);
/* The next or previous event that matches query (any case), or
 * WEFT_STEP_NONE. */
size_t weft_step_search(const WeftLaneModel *m, size_t from, int dir, const char *query);

/* Every finding's event, in order: those weft_step_matches() knows by type,
 * the first DUMP event of each stuck dump or crash, the misuse the shared
 * analysis finds after the run (at the event it was found at), and from its
 * diagnosis, where each lock-order inversion asks for its second
 * lock and where each leaked thread began its last wait.
 * Newly allocated (free()), *n set; NULL if none. */
uint32_t *weft_step_findings(const WeftLaneModel *m, size_t *n);
/* The next or previous of those after `from` (WEFT_STEP_NONE: from an end). */
size_t weft_step_in(const uint32_t *events, size_t n, size_t from, int dir);
