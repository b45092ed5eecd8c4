/* WaitGroup and Once, on futexes. */
#include <limits.h>

#include "weft-chan-private.h"

/* The futex words are the public structs' unsigned fields. */
#define WORD(p) ((_Atomic uint32_t *)(void *)(p))

int weft_wg_add(WeftWaitGroup *wg, long delta) {
  long after = __atomic_add_fetch(&wg->counter, delta, __ATOMIC_SEQ_CST);
  if (after < 0) {
    __atomic_sub_fetch(&wg->counter, delta, __ATOMIC_SEQ_CST);
    weft_probe_misuse(wg, WEFT_PROBE_MISUSE_NEGATIVE_WG);
    return WEFT_ERR_NEGATIVE_WG;
  }
  weft_probe_wg_add(wg, delta, after);
  /* Pairs with weft_wg_wait: it counts itself in waiters, then reads the
   * counter; we changed the counter, then read waiters. One of us sees the other. */
  if (after == 0 && __atomic_load_n(&wg->waiters, __ATOMIC_SEQ_CST) > 0) {
    __atomic_add_fetch(&wg->seq, 1, __ATOMIC_SEQ_CST);
    _weft_futex_wake(WORD(&wg->seq), INT_MAX);
  }
  return 0;
}

int weft_wg_done(WeftWaitGroup *wg) {
  return weft_wg_add(wg, -1);
}

void weft_wg_wait(WeftWaitGroup *wg) {
  weft_probe_wg_wait(wg);
  if (__atomic_load_n(&wg->counter, __ATOMIC_SEQ_CST) > 0) {
    __atomic_add_fetch(&wg->waiters, 1, __ATOMIC_SEQ_CST);
    for (;;) {
      unsigned seq = __atomic_load_n(&wg->seq, __ATOMIC_SEQ_CST);
      if (__atomic_load_n(&wg->counter, __ATOMIC_SEQ_CST) <= 0)
        break;
      _weft_futex_wait(WORD(&wg->seq), seq);
    }
    __atomic_sub_fetch(&wg->waiters, 1, __ATOMIC_SEQ_CST);
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
