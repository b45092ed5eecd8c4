/* weft-lock-order.h: lock-order inversions, potential deadlocks this run did
 * not hit.
 *
 * An edge A -> B is added when B is *asked for* while A is held (not when
 * the lock call returns, as Helgrind and lockdep do: so the calls that close
 * a real cycle count too); a trylock adds none. Each edge keeps the threads
 * that made it and the other locks they held then (its gates). A cycle is
 * reported only if one instance of each edge can be chosen with every thread
 * different, no lock held by two of them at once (a common gate lock makes
 * the orders sequential: the Goodlock refinement), and no two of them
 * ordered by the trace (one thread ended and was joined before the other was
 * created). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-replay.h"

typedef struct {
  uint32_t first, second;  /* object ids: second asked for while first held */
  uint32_t thread;
  uint32_t first_stack;    /* where first was taken */
  uint32_t second_stack;   /* where second was asked for */
} WeftLockEdge;

typedef struct {
  uint32_t *locks; /* the cycle: locks[0] -> locks[1] -> ... -> locks[0] */
  WeftLockEdge *edges;
  size_t n;
} WeftInversion;

typedef struct WeftLockOrder WeftLockOrder;

WeftLockOrder *weft_lock_order_new(void);
void weft_lock_order_free(WeftLockOrder *lo);
/* Call with each event before it is fed to the replay `r` (which then
 * holds what the thread holds as it makes the call). */
void weft_lock_order_feed(WeftLockOrder *lo, const WeftReplay *r, const WeftEvent *e);
/* The cycles (each once, at most 8 locks long, 64 in all) that could
 * deadlock. Freed with weft_inversions_free(). */
WeftInversion *weft_lock_order_inversions(WeftLockOrder *lo, const WeftTrace *t,
                                          size_t *n);
/* After weft_lock_order_inversions(): the cycles only one thread made (it
 * took the locks in both orders), given up to the caller. */
WeftInversion *weft_lock_order_single_thread(WeftLockOrder *lo, size_t *n);
/* How many cycles a common gate lock or the order of the threads ruled out. */
size_t weft_lock_order_ruled_out(const WeftLockOrder *lo);
/* Memory ran out on the way: some edges or cycles may be missing. */
bool weft_lock_order_out_of_memory(const WeftLockOrder *lo);
void weft_inversions_free(WeftInversion *inv, size_t n);
