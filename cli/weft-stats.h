/* weft-stats.h: the numbers behind `weft report`, computed from a trace. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

/* Why a thread was not running. */
typedef enum {
  WEFT_WAIT_MUTEX,
  WEFT_WAIT_RWLOCK,
  WEFT_WAIT_SPINLOCK,
  WEFT_WAIT_SEMAPHORE,
  WEFT_WAIT_CONDVAR,
  WEFT_WAIT_BARRIER,
  WEFT_WAIT_JOIN,
  WEFT_WAIT_SLEEP,
  WEFT_WAIT_CHAN_SEND,
  WEFT_WAIT_CHAN_RECV,
  WEFT_WAIT_SELECT,
  WEFT_WAIT_WAITGROUP,
  /* outside pthreads (IO_WAIT), by WeftIoClass */
  WEFT_WAIT_IO,
  WEFT_WAIT_POLL,
  WEFT_WAIT_CHILD,
  WEFT_WAIT_SIGNAL,
  WEFT_WAIT_KIND_COUNT
} WeftWaitKind;

const char *weft_wait_kind_name(WeftWaitKind k);

typedef struct {
  uint32_t id;
  uint64_t lifetime;                   /* ns from start (or trace start) to end */
  uint64_t blocked[WEFT_WAIT_KIND_COUNT];
  uint64_t blocked_total;
  uint64_t running;                    /* lifetime - blocked_total */
  int waiting_kind;                    /* at the end of the trace, -1 if none */
  uint32_t waiting_object;
  uint32_t waiting_stack;
  uint64_t waiting_since;
} WeftThreadStats;

typedef struct {
  uint32_t object;
  uint64_t acquisitions, contended;
  uint64_t wait_total, wait_max;
  uint64_t hold_total, hold_max;
  uint32_t top_holder[3];  /* threads that held it longest, 0 when fewer */
  uint64_t top_hold[3];    /* their total hold time, ns */
} WeftLockStats;

typedef struct {
  uint32_t object;
  uint64_t capacity;
  uint64_t sends, receives; /* receives that got a value */
  uint64_t paired;          /* receives whose message id matches a send's */
  bool closed;
  uint64_t send_blocked, recv_blocked; /* ns spent blocked on it */
} WeftChanStats;

typedef struct {
  WeftThreadStats *threads; /* in the order of weft_trace_threads() */
  size_t nthreads;
  WeftLockStats *locks;     /* sorted by wait_total, then contended */
  size_t nlocks;
  WeftChanStats *chans; /* in order of creation */
  size_t nchans;
  /* calls[i] counts the call named call_names[i] */
  const char **call_names;
  uint64_t *calls;
  size_t ncalls;
} WeftStats;

WeftStats *weft_stats_compute(const WeftTrace *t);
void weft_stats_free(WeftStats *s);
