/* weft-gates.h: what keeps two threads' lock orders from ever running at
 * once, learnt from the events as they are fed: a thread joined before the
 * other (or an ancestor of it) was created, or a barrier episode between
 * them. The lock-order search asks it, once the run is read. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "weft-trace.h"

typedef struct WeftGates WeftGates;

WeftGates *weft_gates_new(void);
void weft_gates_free(WeftGates *g);
/* Every event, in the trace's order. */
void weft_gates_feed(WeftGates *g, const WeftTrace *t, const WeftEvent *e);
/* Thread `before` ended, and some thread joined it and only then created
 * `after` or an ancestor of it: nothing of `before` can overlap `after`. */
bool weft_gates_ordered(const WeftGates *g, uint32_t before, uint32_t after);
/* Every time thread a took its order (last at a_last) came before a barrier
 * episode that thread b left before it first took its own (at b_first). */
bool weft_gates_barrier_between(const WeftGates *g, uint32_t a, uint64_t a_last, uint32_t b,
                                uint64_t b_first);
bool weft_gates_out_of_memory(const WeftGates *g);
