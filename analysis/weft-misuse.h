/* weft-misuse.h: wrong uses of the threading API, found in a trace.
 *
 * The preload writes the few it must see as they happen (MISUSE events); the
 * rest are read from the events after the run: the errno a call returned,
 * and who held what when a thread unlocked, waited, joined or destroyed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-replay.h"
#include "weft-trace.h"

typedef struct {
  uint32_t thread, object, stack;
  unsigned kind; /* WeftMisuseKind */
  uint64_t time;
  uint32_t other;   /* the other mutex, the thread joined or detached, a barrier's count */
  int err;          /* what the call returned (an errno), 0 when it did not fail */
  const char *call; /* the C function, for call-failed; NULL otherwise */
} WeftMisuse;

typedef struct WeftMisuseFinder WeftMisuseFinder;

WeftMisuseFinder *weft_misuse_finder_new(const WeftTrace *t);
void weft_misuse_finder_free(WeftMisuseFinder *f);
/* Each event in order, before the replay `r` is fed it; false when memory ran out. */
bool weft_misuse_feed(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e);
/* After the last event (r has them all): what only the end tells. */
bool weft_misuse_finish(WeftMisuseFinder *f, const WeftReplay *r);
/* A thread blocked at a barrier whose round did fill: it was leaving, not
 * leaked. */
bool weft_misuse_barrier_opened(const WeftMisuseFinder *f, uint32_t thread);
/* The findings, in the order of the events; the finder gives them up. */
WeftMisuse *weft_misuse_take(WeftMisuseFinder *f, size_t *n);
/* Only the misuse of a whole trace, without the rest of weft_diagnose(): one
 * replay (the viewer's marks). NULL (and *n 0) when none, or when memory ran
 * out (then *complete is false). */
WeftMisuse *weft_misuse_find(const WeftTrace *t, size_t *n, bool *complete);

const char *weft_misuse_kind_id(unsigned kind); /* "unlock-not-owner", ... (JSON) */
/* What a group of one kind is called in the report (translated). */
const char *weft_misuse_kind_title(unsigned kind);
/* A misuse in one sentence a learner acts on (translated). */
char *weft_misuse_sentence(const WeftTrace *t, const WeftMisuse *m);
/* "EINVAL", or "error 200" for a number with no name. */
const char *weft_errno_name(int err, char *buf, size_t size);
