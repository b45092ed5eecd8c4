/* weft-waits.h: the live state the deadlock detector reads: who holds which
 * lock and what each thread waits for. Written by the hooks with plain
 * atomic stores (no lock, one store on the fast path); read by the watchdog. */
#pragma once

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "weft-preload-private.h"

#define WEFT_MAX_TRACKED_THREADS 65536
#define WEFT_MAX_TRACKED_OBJECTS (1u << 20)
#define WEFT_MAX_READ_HELD 8

/* What a thread is doing, as far as the detector cares. */
enum {
  WEFT_WAIT_NONE = 0,     /* running, or inside a call weft does not see */
  WEFT_WAIT_FOREVER = 1,  /* blocked in a call that cannot return by itself */
  WEFT_WAIT_TIMED = 2,    /* timed wait or sleep: will return by itself */
};

/* Who could end a wait that cannot end by itself. Only a wait whose waker
 * must be a thread weft sees gives a verdict that ends the program: a
 * "maybe" (a waker outside weft's view may exist) is only suspected
 * (_weft_suspect), for the stuck dump to show after a long wait. */
enum {
  WEFT_WAKER_IN_VIEW = 0, /* a traced thread of this process (mutex, condvar, join...) */
  WEFT_WAKER_SIGNAL = 1,  /* also an async-signal-safe call (sem_post): maybe while
                             the program has a signal handler installed */
  WEFT_WAKER_OUTSIDE = 2, /* maybe: another process (a process-shared object), a
                             descriptor, anything weft does not see */
};

/* Why the all-asleep verdict is only suspected. */
enum {
  WEFT_SUSPECT_NONE = 0,
  WEFT_SUSPECT_SIGNAL_HANDLER = 1, /* a handler could post a semaphore waited on */
  WEFT_SUSPECT_OTHER_PROCESS = 2,  /* a process-shared object, or a wait outside pthreads */
  WEFT_SUSPECT_UNSEEN_THREAD = 3,  /* a thread weft cannot see (or track) is alive */
};

/* Written by the service thread at each check; read by the stuck dump. A
 * state stays "suspected" as long as the same threads wait, since `since_ns`
 * (CLOCK_MONOTONIC). */
typedef struct {
  atomic_uint reason;        /* WEFT_SUSPECT_*; NONE when not suspected */
  atomic_ullong since_ns;    /* when this very state was first seen */
  atomic_uint nthreads;      /* the threads that wait in it */
} WeftSuspect;
extern WEFT_HIDDEN WeftSuspect _weft_suspect;
/* Threads of the tracer's own (the service thread...): each adds itself, so
 * that the threads the kernel counts beyond these and the traced ones are
 * threads weft cannot see. */
extern WEFT_HIDDEN atomic_uint _weft_internal_threads;
/* A process-shared object (its waker may be another process), as glibc marks it. */
WEFT_HIDDEN bool _weft_object_shared(unsigned kind, const void *obj);

/* The word where glibc marks a semaphore (struct new_sem: value, then int
 * private) or a barrier (in, current_round, count, then shared) as
 * process-shared: 128 (LLL_SHARED) when shared, 0 when private. */
static inline int _weft_shared_mark(unsigned kind, const void *obj) {
  int word;
  memcpy(&word, (const char *)obj + (kind == WEFT_OBJ_SEMAPHORE ? sizeof(long) : 3 * sizeof(int)),
         sizeof word);
  return word;
}

/* Any other value in that word is memory that no init made a semaphore or
 * barrier, on which glibc may abort or hang: the misuse goes in the trace
 * before the call. One load of a word the call reads anyway. */
static inline void _weft_check_mark(WeftThreadState *s, unsigned kind, const void *obj,
                                    uint32_t id) {
  if (!obj || (kind != WEFT_OBJ_SEMAPHORE && kind != WEFT_OBJ_BARRIER))
    return;
  int mark = _weft_shared_mark(kind, obj);
  if (WEFT_UNLIKELY(mark != 0 && mark != 128))
    _weft_emit(s, WEFT_EV_MISUSE, id, 0, WEFT_MISUSE_NOT_INITIALISED, _weft_stack(s, false));
}
/* The tracer's own handler for fatal signals, not a waker. */
extern WEFT_HIDDEN void (*_weft_own_signal_handler)(int, siginfo_t *, void *);
/* The reason in the user's language, one line. */
WEFT_HIDDEN const char *_weft_suspect_text(unsigned reason);

typedef struct {
  atomic_uint alive;       /* attached and not ended */
  atomic_uint state;       /* WEFT_WAIT_* */
  atomic_uint event;       /* the WeftEventType that began the wait */
  atomic_uint object;      /* object id waited on (0 for joins) */
  atomic_uint target;      /* join: the thread waited for; IO_WAIT: the WeftIoCall */
  atomic_uint flags;       /* the wait event's flags (WEFT_F_WRITE for rwlock write) */
  atomic_uint waker;       /* WEFT_WAKER_*: who could end the wait */
  atomic_ullong addr;      /* a mutex waited for: its address (its holder is checked) */
  atomic_ullong since;     /* tick when the wait began; a new wait, a new value */
  atomic_uint read_held[WEFT_MAX_READ_HELD]; /* rwlocks held for reading */
  atomic_int os_tid;       /* the kernel's id, for the stuck dump's signal and /proc */
} WeftWaitSlot;

extern WEFT_HIDDEN WeftWaitSlot *_weft_waits;
extern WEFT_HIDDEN atomic_uint *_weft_owner;  /* object id -> holding tid */
extern WEFT_HIDDEN atomic_uint *_weft_depth;  /* object id -> recursion depth */

WEFT_HIDDEN void _weft_waits_init(void);
WEFT_HIDDEN void _weft_waits_after_fork_child(WeftThreadState *self);

static inline WeftWaitSlot *_weft_wait_slot(uint32_t tid) {
  return _weft_waits && tid < WEFT_MAX_TRACKED_THREADS ? &_weft_waits[tid] : 0;
}

/* `waker` is a WEFT_WAKER_*; `addr` the address of a mutex waited for, or 0. */
static inline void _weft_wait_begin_from(WeftThreadState *s, unsigned event, uint32_t object,
                                         uint32_t target, unsigned flags, bool timed,
                                         uint64_t tick, unsigned waker, const void *addr) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w)
    return;
  atomic_store_explicit(&w->event, event, memory_order_relaxed);
  atomic_store_explicit(&w->object, object, memory_order_relaxed);
  atomic_store_explicit(&w->target, target, memory_order_relaxed);
  atomic_store_explicit(&w->flags, flags, memory_order_relaxed);
  atomic_store_explicit(&w->waker, waker, memory_order_relaxed);
  atomic_store_explicit(&w->addr, (uint64_t)(uintptr_t)addr, memory_order_relaxed);
  atomic_store_explicit(&w->since, tick, memory_order_relaxed);
  atomic_store_explicit(&w->state, timed ? WEFT_WAIT_TIMED : WEFT_WAIT_FOREVER,
                        memory_order_release);
}

static inline void _weft_wait_begin(WeftThreadState *s, unsigned event, uint32_t object,
                                    uint32_t target, unsigned flags, bool timed,
                                    uint64_t tick) {
  _weft_wait_begin_from(s, event, object, target, flags, timed, tick, WEFT_WAKER_IN_VIEW, 0);
}

/* A thread is about to block: its event (with the stack where it blocks)
 * and the detector's state, at one tick. `arg` of a join is its target. */
static inline void _weft_block_from(WeftThreadState *s, unsigned type, uint32_t object,
                                    unsigned flags, uint64_t arg, bool timed, unsigned waker,
                                    const void *addr) {
  uint32_t stack = _weft_stack(s, true);
  uint64_t tick = _weft_now();
  _weft_wait_begin_from(s, type, object, type == WEFT_EV_JOIN_BEGIN ? (uint32_t)arg : 0,
                        flags, timed, tick, waker, addr);
  _weft_emit_at(s, tick, type, object, flags, arg, stack);
}

static inline void _weft_block(WeftThreadState *s, unsigned type, uint32_t object,
                               unsigned flags, uint64_t arg, bool timed) {
  _weft_block_from(s, type, object, flags, arg, timed, WEFT_WAKER_IN_VIEW, 0);
}

static inline void _weft_wait_end(WeftThreadState *s) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (w)
    atomic_store_explicit(&w->state, WEFT_WAIT_NONE, memory_order_release);
}

static inline bool _weft_owner_tracked(uint32_t id) {
  return _weft_owner && id && id < WEFT_MAX_TRACKED_OBJECTS;
}

/* A mutex-like object (mutex, spinlock, rwlock for writing) was acquired.
 * Only the holder writes its entries, under the lock itself, so plain atomic
 * loads and stores do: no read-modify-write inside the critical section. */
static inline void _weft_owner_acquired(WeftThreadState *s, uint32_t id) {
  if (!_weft_owner_tracked(id))
    return;
  if (atomic_load_explicit(&_weft_owner[id], memory_order_relaxed) == s->tid) {
    unsigned d = atomic_load_explicit(&_weft_depth[id], memory_order_relaxed);
    atomic_store_explicit(&_weft_depth[id], d + 1, memory_order_relaxed);
    return;
  }
  atomic_store_explicit(&_weft_depth[id], 1, memory_order_relaxed);
  atomic_store_explicit(&_weft_owner[id], s->tid, memory_order_release);
}

/* Returns the owner before the release (0: nobody held it). */
static inline uint32_t _weft_owner_released(WeftThreadState *s, uint32_t id) {
  if (!_weft_owner_tracked(id))
    return s->tid;
  uint32_t owner = atomic_load_explicit(&_weft_owner[id], memory_order_relaxed);
  if (owner != s->tid)
    return owner;
  unsigned d = atomic_load_explicit(&_weft_depth[id], memory_order_relaxed);
  if (d > 1)
    atomic_store_explicit(&_weft_depth[id], d - 1, memory_order_relaxed);
  else
    atomic_store_explicit(&_weft_owner[id], 0, memory_order_release);
  return owner;
}

/* Notes a read hold taken or given up; false when a thread gives up one it
 * does not have. */
WEFT_HIDDEN bool _weft_read_held(WeftThreadState *s, uint32_t id, bool held);
/* Writes a DEADLOCK event, flushes, tells weft record; when the program
 * hangs, ends it as WEFT_ON_DEADLOCK says. */
WEFT_HIDDEN void _weft_deadlock_report(unsigned kind, const uint32_t *tids, size_t n,
                                       const uint32_t *objs, size_t nobj, bool hangs);
/* Flushes stdout and stderr unless another thread holds them. */
WEFT_HIDDEN void _weft_flush_stdio(void);
/* The watchdog's check, run by the service thread; true if it reported. */
WEFT_HIDDEN bool _weft_deadlock_check(void);
extern WEFT_HIDDEN unsigned _weft_deadlock_interval_ms;
