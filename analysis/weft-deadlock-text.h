/* weft-deadlock-text.h: a deadlock in words, the same in the command line's
 * report, the JSON, the viewer and the tracer's live line. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "weft-replay.h"
#include "weft-text.h"
#include "weft-trace.h"

const char *weft_deadlock_kind_id(unsigned kind); /* "mutex-cycle", ... (JSON) */
/* "all threads are asleep - deadlock!", ... (translated) */
const char *weft_deadlock_headline(unsigned kind);
/* What a wait is, before its object: "waits for", "waits to receive from"... */
const char *weft_wait_phrase(uint8_t event);
/* "worker #2, worker #3 and main"; runs of one start function with
 * consecutive ids read "worker #2..#4". Appended to x. */
void weft_thread_list(WeftText *x, const WeftTrace *t, const uint32_t *tids, size_t n);

/* The explanation of a deadlock in one plain sentence (translated). */
char *weft_deadlock_sentence(const WeftTrace *t, const WeftDeadlock *d);
/* The same from r, a replay at the deadlock's time (a streamed trace's). */
char *weft_deadlock_sentence_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r);
/* One line a cause, each cause once, each a sentence a learner can act on
 * ("hint: jobs is never closed: ..."); "" when there is none. */
char *weft_deadlock_hints(const WeftTrace *t, const WeftDeadlock *d);
char *weft_deadlock_hints_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r);
/* The whole report: the headline, each blocked thread (what it waits for
 * and since when, who holds that, what it holds, its folded stack), the
 * sentence, the hints. */
char *weft_deadlock_report(const WeftTrace *t, const WeftDeadlock *d);
/* The same from r, a replay at the deadlock's time (NULL: out of memory). */
char *weft_deadlock_report_at(const WeftTrace *t, const WeftDeadlock *d, const WeftReplay *r);
/* The replay just after the tracer confirmed the deadlock. */
WeftReplay *weft_deadlock_replay(const WeftTrace *t, const WeftDeadlock *d);

/* The state at a time: every event up to it fed (NULL without memory). */
WeftReplay *weft_replay_at_time(const WeftTrace *t, uint64_t time);
/* A thread waiting in a traced call then, as a deadlock report tells it:
 * 'thread 2 "x" waits for mu, for 1.2s, held by ...; it holds ...:' and its
 * stack; false (nothing added) when it was not waiting. */
bool weft_thread_wait_entry(WeftText *x, const WeftTrace *t, const WeftReplay *r, uint32_t tid,
                            uint64_t time);
/* "; it holds a, b" when the thread holds locks. */
void weft_thread_holds(WeftText *x, const WeftTrace *t, const WeftThreadNow *s);
