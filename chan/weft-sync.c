/* WaitGroup and Once, on futexes. */
#include <limits.h>
#include <stdint.h>

#include "weft-chan-private.h"

/* The futex words are the public structs' unsigned fields. */
#define WORD(p) ((_Atomic uint32_t *)(void *)(p))

/* As Go's sync.WaitGroup: `counter` holds the count in its high 32 bits and
 * the number of waiters in its low 32, so one atomic operation tells the
 * last Done whether anyone waits. That Done then clears the state and bumps
 * `seq`, the futex word; a waiter returns only once `seq` moved, so the
 * WaitGroup is not freed under the feet of the Done that releases it. */
_Static_assert(sizeof(long) == sizeof(uint64_t), "the WaitGroup state is one 64-bit word");
#define WG_COUNT(state) ((int32_t)((uint64_t)(state) >> 32))
#define WG_WAITERS(state) ((uint32_t)(state))

int weft_wg_add(WeftWaitGroup *wg, long delta) {
  uint64_t *state = (uint64_t *)&wg->counter;
  uint64_t step = (uint64_t)delta << 32;
  uint64_t now = __atomic_add_fetch(state, step, __ATOMIC_SEQ_CST);
  int32_t count = WG_COUNT(now);
  if (count < 0) {
    __atomic_sub_fetch(state, step, __ATOMIC_SEQ_CST);
    weft_probe_misuse(wg, WEFT_PROBE_MISUSE_NEGATIVE_WG);
    return WEFT_ERR_NEGATIVE_WG;
  }
  weft_probe_wg_add(wg, delta, count);
  if (count > 0 || WG_WAITERS(now) == 0)
    return 0;
  /* The last Done with waiters: nobody may Add or Wait again until they return. */
  __atomic_store_n(state, 0, __ATOMIC_SEQ_CST);
  __atomic_add_fetch(&wg->seq, 1, __ATOMIC_SEQ_CST);
  _weft_futex_wake(WORD(&wg->seq), INT_MAX); /* a syscall, not a memory access */
  return 0;
}

int weft_wg_done(WeftWaitGroup *wg) {
  return weft_wg_add(wg, -1);
}

void weft_wg_wait(WeftWaitGroup *wg) {
  weft_probe_wg_wait(wg);
  uint64_t *state = (uint64_t *)&wg->counter;
  for (;;) {
    unsigned seq = __atomic_load_n(&wg->seq, __ATOMIC_SEQ_CST);
    uint64_t now = __atomic_load_n(state, __ATOMIC_SEQ_CST);
    if (WG_COUNT(now) == 0)
      break;
    if (!__atomic_compare_exchange_n(state, &now, now + 1, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
      continue;
    while (__atomic_load_n(&wg->seq, __ATOMIC_SEQ_CST) == seq)
      _weft_futex_wait(WORD(&wg->seq), seq);
    break;
  }
  weft_probe_wg_wake(wg);
}

enum { ONCE_NEW = 0, ONCE_RUNNING = 1, ONCE_RUNNING_WAITERS = 2, ONCE_DONE = 3 };

void weft_once_do(WeftOnce *once, void (*fn)(void *arg), void *arg) {
  unsigned s = __atomic_load_n(&once->state, __ATOMIC_ACQUIRE);
  if (s == ONCE_NEW && __atomic_compare_exchange_n(&once->state, &s, ONCE_RUNNING, false,
                                                    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
    fn(arg);
    if (__atomic_exchange_n(&once->state, ONCE_DONE, __ATOMIC_RELEASE) == ONCE_RUNNING_WAITERS)
      _weft_futex_wake(WORD(&once->state), INT_MAX);
    weft_probe_once(once, 1);
    return;
  }
  while (s != ONCE_DONE) {
    if (s == ONCE_RUNNING) {
      __atomic_compare_exchange_n(&once->state, &s, ONCE_RUNNING_WAITERS, false, __ATOMIC_ACQUIRE,
                                  __ATOMIC_ACQUIRE);
      continue;
    }
    _weft_futex_wait(WORD(&once->state), ONCE_RUNNING_WAITERS);
    s = __atomic_load_n(&once->state, __ATOMIC_ACQUIRE);
  }
  weft_probe_once(once, 0);
}
