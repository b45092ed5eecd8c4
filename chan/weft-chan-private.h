/* Internals of libweft-chan: futexes, the channel lock, waiters, timers.
 *
 * No pthread mutex or condvar anywhere: the tracer intercepts those, and the
 * library's own would show up as noise in every trace. Locks and parking are
 * atomics plus the futex system call. */
#pragma once

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "weft-chan-probe.h"
#include "weft-chan.h"

#define _WEFT_INTERNAL __attribute__((visibility("hidden")))

/* ---- futex ------------------------------------------------------------- */

static inline void _weft_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield" ::: "memory");
#else
  __asm__ __volatile__("" ::: "memory");
#endif
}

/* The futex calls keep errno as it was: the program must not see our EAGAINs. */
static inline void _weft_futex_wait(_Atomic uint32_t *addr, uint32_t val) {
  int saved = errno;
  syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
  errno = saved;
}

/* Waits while *addr == val, until deadline (weft_now() clock; < 0: forever).
 * Returns false once the deadline has passed. */
static inline bool _weft_futex_wait_until(_Atomic uint32_t *addr, uint32_t val, int64_t deadline) {
  if (deadline < 0) {
    _weft_futex_wait(addr, val);
    return true;
  }
  struct timespec ts = {.tv_sec = deadline / 1000000000, .tv_nsec = deadline % 1000000000};
  int saved = errno;
  long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET_PRIVATE, val, &ts, NULL,
                   FUTEX_BITSET_MATCH_ANY);
  bool timed_out = r < 0 && errno == ETIMEDOUT;
  errno = saved;
  return !timed_out;
}

static inline void _weft_futex_wake(_Atomic uint32_t *addr, int n) {
  int saved = errno;
  syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
  errno = saved;
}

/* ---- lock: 0 free, 1 locked, 2 locked with sleepers (Drepper's mutex) -- */

typedef _Atomic uint32_t _WeftLock;

_WEFT_INTERNAL void _weft_lock_slow(_WeftLock *l);

static inline void _weft_lock(_WeftLock *l) {
  uint32_t expected = 0;
  if (!atomic_compare_exchange_strong_explicit(l, &expected, 1, memory_order_acquire,
                                               memory_order_relaxed))
    _weft_lock_slow(l);
}

static inline void _weft_unlock(_WeftLock *l) {
  if (atomic_exchange_explicit(l, 0, memory_order_release) == 2)
    _weft_futex_wake(l, 1);
}

/* ---- parking ----------------------------------------------------------- */

/* A blocked operation (a send, a receive, or a whole select) parks on one
 * parker; it has one waiter per channel it waits on. A partner claims the
 * parker (only one can), fills the waiter, then marks it done and wakes it.
 *
 * On an unbuffered channel the partner completes the operation (Go's direct
 * handoff: waiter.done is true). On a buffered channel the partner only says
 * "try again" (done false): it put a value in the ring or made room, or closed
 * the channel; the woken thread retries that case first. */
enum {
  _WEFT_PK_WAITING = 0,
  _WEFT_PK_SLEEPING = 1,        /* waiting, in (or going into) futex_wait */
  _WEFT_PK_CLAIMED = 2,         /* a partner is filling the waiter */
  _WEFT_PK_CLAIMED_SLEEPER = 3, /* the same, and the owner sleeps */
  _WEFT_PK_DONE = 4,
  _WEFT_PK_CANCELED = 5, /* the owner timed out before anyone claimed it */
};

typedef struct _WeftWaiter _WeftWaiter;

typedef struct _WeftParker {
  _Atomic uint32_t state;
  _WeftWaiter *fired; /* the waiter the claimer filled */
} _WeftParker;

struct _WeftWaiter {
  _WeftWaiter *next, *prev;
  _WeftParker *pk;
  void *elem;   /* send: the value; recv: where to copy it (or NULL) */
  uint64_t msg; /* filled by the partner */
  int index;    /* select case index */
  bool queued;
  bool done; /* the partner completed the operation (unbuffered, or close of one) */
  bool ok;   /* done recv: got a value; done send: false when the channel was closed */
};

/* A queue of waiters, under the channel lock. n counts them; a buffered
 * channel's fast path reads it without the lock to know whether anyone must
 * be woken (the Dekker handshake described in weft-chan.c). */
typedef struct _WeftWaitq {
  _WeftWaiter *head, *tail;
  _Atomic uint32_t n;
} _WeftWaitq;

/* Spin budget before sleeping, in nanoseconds (WEFT_CHAN_SPIN_NS; 0 on one CPU). */
_WEFT_INTERNAL extern int64_t _weft_spin_ns;

/* Waits for a claimer to finish, spinning up to spin_ns first; false if
 * deadline (< 0: none) passed first. */
_WEFT_INTERNAL bool _weft_park(_WeftParker *pk, int64_t deadline, int64_t spin_ns);
_WEFT_INTERNAL _Noreturn void _weft_block_forever(void);

/* ---- timers ------------------------------------------------------------ */

enum { _WEFT_TIMER_CHAN = 1, _WEFT_TIMER_CTX = 2 };

typedef struct _WeftTimer {
  int64_t when, period; /* period 0: one shot */
  long index;           /* in the heap, or -1; under the timers lock */
  int kind;
  void *owner; /* the WeftChan or WeftCtx the timer is part of */
} _WeftTimer;

/* Starts (or restarts) t. While in the heap, t holds a reference on its owner. */
_WEFT_INTERNAL void _weft_timer_start(_WeftTimer *t, int64_t when, int64_t period);
/* Removes t from the heap; true if it was pending. A firing already under way
 * still completes. */
_WEFT_INTERNAL bool _weft_timer_stop(_WeftTimer *t);

/* Owner references, for the timers. */
_WEFT_INTERNAL void _weft_chan_ref(WeftChan *ch);
_WEFT_INTERNAL void _weft_chan_unref(WeftChan *ch);
_WEFT_INTERNAL _WeftTimer *_weft_chan_timer(WeftChan *ch);
_WEFT_INTERNAL WeftChan *_weft_chan_make_timer(const char *name);
_WEFT_INTERNAL void _weft_ctx_ref(WeftCtx *ctx);
_WEFT_INTERNAL void _weft_ctx_unref(WeftCtx *ctx);
_WEFT_INTERNAL void _weft_ctx_fire(WeftCtx *ctx);
