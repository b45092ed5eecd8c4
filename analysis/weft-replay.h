/* weft-replay.h: the state of a run at an instant.
 *
 * Fed a trace's events in order, one at a time (from a whole trace, a stream,
 * or a live process), a replay knows after each one who holds which lock,
 * who waits for what and since when, each channel's buffer, each WaitGroup's
 * counter, and the few facts of history the hints need (a signal nobody
 * heard, the sites of Add and Done). Asked for an earlier instant, it starts
 * again from the beginning. Everything else in analysis/ reads this. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

#define WEFT_REPLAY_MAX_HELD 32

typedef struct {
  uint32_t object, stack; /* stack: where it was taken */
  uint32_t event;         /* index of the acquisition */
} WeftHeldLock;

typedef struct {
  WeftHeldLock held[WEFT_REPLAY_MAX_HELD]; /* oldest first */
  int nheld;
  uint8_t wait_event;  /* the event type that began the current wait; 0: not waiting */
  uint32_t wait_index; /* its index in the events fed */
  uint64_t wait_arg;   /* its event's arg (an IO_WAIT's call and detail) */
  uint32_t wait_object, wait_target, wait_stack; /* target: the thread it joins */
  uint16_t wait_flags;
  uint64_t wait_since;
  uint32_t last_stack; /* of its latest event with a stack */
  bool wait_unheld;    /* its condition wait began without holding the mutex (a misuse) */
  bool started, ended;
  uint64_t end_time;
} WeftThreadNow;

/* Holders whose release comes after the next holder's acquire in the trace:
 * a stamp from another core a little late, or a release whose real call a
 * signal handler interrupted (the tracer then stamps it after the handler's
 * records, to keep the thread's records in time order). Their release, when
 * it comes, is theirs: not a double unlock, nor the new holder's. */
#define WEFT_OVERTAKEN_MAX 4

static inline void weft_overtaken_add(uint32_t *v, uint32_t tid) {
  for (int i = 0; i < WEFT_OVERTAKEN_MAX; i++)
    if (!v[i] || v[i] == tid) {
      v[i] = tid;
      return;
    }
  for (int i = 1; i < WEFT_OVERTAKEN_MAX; i++) /* full: the oldest goes */
    v[i - 1] = v[i];
  v[WEFT_OVERTAKEN_MAX - 1] = tid;
}

/* True, and forgotten, when tid's release was one still to come. */
static inline bool weft_overtaken_take(uint32_t *v, uint32_t tid) {
  for (int i = 0; i < WEFT_OVERTAKEN_MAX; i++)
    if (v[i] == tid && tid) {
      for (int k = i + 1; k < WEFT_OVERTAKEN_MAX; k++)
        v[k - 1] = v[k];
      v[WEFT_OVERTAKEN_MAX - 1] = 0;
      return true;
    }
  return false;
}

typedef struct {
  uint32_t holder;       /* the owner of a mutex, spinlock, or write-locked rwlock */
  uint32_t holder_stack; /* where the holder took it */
  uint32_t readers;      /* an rwlock's readers when no writer */
  uint32_t overtaken[WEFT_OVERTAKEN_MAX]; /* see weft_overtaken_add() */
  /* channels */
  int64_t capacity;  /* -1: unknown (no CHAN_MAKE seen) */
  int64_t in_buffer; /* values sent and not yet received */
  bool used, closed;
  uint32_t sends, receives;
  uint32_t sender, other_sender; /* the first two threads seen sending */
  uint32_t sender_stack;
  /* condition variables */
  uint32_t cond_waiting;  /* threads inside a wait on it */
  uint32_t unheard;       /* signals and broadcasts given while nobody waited */
  uint64_t last_signal;   /* time of the latest one, UINT64_MAX: never */
  uint32_t last_signaller;
  bool last_signal_one;       /* a signal, not a broadcast */
  uint32_t waiting_at_signal; /* threads in a wait on it then */
  /* WaitGroups */
  int64_t wg_count; /* the counter after the latest Add or Done */
  uint32_t wg_adds, wg_dones;
  uint32_t wg_add_thread, wg_add_stack;   /* the latest Add */
  uint32_t wg_done_thread, wg_done_stack; /* the latest Done */
  /* semaphores and barriers */
  bool init_seen;
  uint64_t init_value; /* a semaphore's start, a barrier's count */
  uint32_t init_stack;
  uint32_t sem_posts, sem_takes; /* calls that succeeded */
} WeftObjectNow;

typedef struct WeftReplay WeftReplay;

WeftReplay *weft_replay_new(const WeftTrace *t);
void weft_replay_free(WeftReplay *r);
/* The next event (in the trace's order); false when out of memory. */
bool weft_replay_feed(WeftReplay *r, const WeftEvent *e);
/* Feeds the trace's own events up to index upto inclusive (restarting when
 * upto is behind); false when out of memory. */
bool weft_replay_seek(WeftReplay *r, size_t upto);
/* A copy, to go on from where r is without losing it; NULL when out of
 * memory. */
WeftReplay *weft_replay_copy(const WeftReplay *r);
/* The bytes a copy takes. */
size_t weft_replay_size(const WeftReplay *r);
/* A replay of t up to event upto inclusive (SIZE_MAX: nothing fed). */
WeftReplay *weft_replay_at(const WeftTrace *t, size_t upto);

const WeftTrace *weft_replay_trace(const WeftReplay *r);
size_t weft_replay_position(const WeftReplay *r); /* events fed */
uint64_t weft_replay_time(const WeftReplay *r);   /* of the latest event fed */
/* NULL for an id never seen. */
const WeftThreadNow *weft_replay_thread(const WeftReplay *r, uint32_t tid);
const WeftObjectNow *weft_replay_object(const WeftReplay *r, uint32_t obj);
uint32_t weft_replay_max_thread(const WeftReplay *r);
uint32_t weft_replay_max_object(const WeftReplay *r);

/* True for objects that have one owner at a time, and whose order matters:
 * mutexes, spinlocks, rwlocks. */
bool weft_is_lock(const WeftTrace *t, uint32_t obj);
/* A thread waits for ever: not in a timed wait or a sleep. */
bool weft_thread_blocked_for_ever(const WeftThreadNow *s);
