/* weft-lanes.h: the lane model, built once from a WeftTrace.
 *
 * One lane per thread, in creation order. Each lane is a run of state
 * segments (running, blocked on a mutex, ...) stored as parallel arrays, with
 * a pyramid of per-group dominant states so that what falls inside one pixel
 * column can be summarised in O(log n). Arrows link related events (a send to
 * its receive, an unlock to the next owner, ...). No GTK, no cairo. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

typedef enum {
  WEFT_STATE_NONE = 0, /* not started yet, or ended */
  WEFT_STATE_RUNNING,
  WEFT_STATE_MUTEX, /* blocked on a mutex or spinlock */
  WEFT_STATE_RWLOCK,
  WEFT_STATE_SEMAPHORE,
  WEFT_STATE_BARRIER,
  WEFT_STATE_CONDVAR,
  WEFT_STATE_CHAN_SEND,
  WEFT_STATE_CHAN_RECV,
  WEFT_STATE_SELECT,
  WEFT_STATE_WAITGROUP,
  WEFT_STATE_JOIN,
  WEFT_STATE_SLEEP,
  WEFT_STATE_IO, /* in read, accept, poll, waitpid, sigwait...: waits outside pthreads */
  WEFT_STATE_COUNT
} WeftLaneState;

typedef enum {
  WEFT_ARROW_CHANNEL = 0, /* send -> the receive that got that value */
  WEFT_ARROW_LOCK,        /* unlock -> the next owner's acquisition */
  WEFT_ARROW_SIGNAL,      /* signal or broadcast -> a woken waiter */
  WEFT_ARROW_CREATE,      /* create -> the start of the new thread */
  WEFT_ARROW_JOIN,        /* end of a thread -> its join */
  WEFT_ARROW_KIND_COUNT
} WeftArrowKind;

#define WEFT_ARROWS_ALL ((1u << WEFT_ARROW_KIND_COUNT) - 1)

typedef struct {
  uint32_t src, dst; /* event indices */
} WeftArrow;

/* Exact nanosecond times, nondecreasing, in 4 bytes each: they go by blocks
 * of WEFT_TIMES_BLOCK; base[b] is the first time of block b, and off[i] the
 * offset of time i from its block's base. A block that spans 2^32 ns (4.3 s)
 * or more is "wide": its base has WEFT_TIMES_WIDE set, and the rest of it is
 * where its times are in `wide`. Read them with weft_times_get(). */
#define WEFT_TIMES_SHIFT 8
#define WEFT_TIMES_BLOCK ((size_t)1 << WEFT_TIMES_SHIFT)
#define WEFT_TIMES_WIDE ((uint64_t)1 << 63)

typedef struct {
  uint32_t *off;
  uint64_t *base; /* [(n >> WEFT_TIMES_SHIFT) + 1] */
  uint64_t *wide; /* WEFT_TIMES_BLOCK times per wide block */
} WeftTimes;

static inline uint64_t weft_times_get(const WeftTimes *t, size_t i) {
  uint64_t b = t->base[i >> WEFT_TIMES_SHIFT];
  if (__builtin_expect((b & WEFT_TIMES_WIDE) != 0, 0))
    return t->wide[(b & ~WEFT_TIMES_WIDE) + (i & (WEFT_TIMES_BLOCK - 1))];
  return b + t->off[i];
}

/* A user region (REGION_BEGIN .. REGION_END) of a lane. Its start is in the
 * lane's region_start, its name is its event's: see weft_lane_region_*(). */
#define WEFT_REGION_LONG UINT32_MAX
typedef struct {
  uint32_t event; /* the REGION_BEGIN */
  uint32_t len;   /* ns; WEFT_REGION_LONG: 4.3 s or more, or never ended */
} WeftRegion;

typedef struct {
  uint32_t region;
  uint64_t end;
} WeftLongRegion;

typedef struct {
  const WeftThread *thread;
  uint32_t tid;
  uint64_t start_time, end_time; /* end_time: thread end, or the trace's end */
  bool ended;                    /* a THREAD_END was seen */
  size_t nsegs;
  WeftTimes seg;        /* segment starts [nsegs + 1]: the last one is end_time */
  uint8_t *seg_state;   /* WeftLaneState */
  /* A pyramid over segment indices: level[k][m] is state << 8 | share
   * (0..255) of the dominant state of segments m << (k + 3) .. + 2^(k + 3). */
  unsigned nlevels;
  uint16_t **level;
  /* A time-bucketed summary for wide zooms: mip[k][b] is state << 8 | share
   * of [mip_start + b * w_k, + w_k) with w_k = mip_w0 << k. */
  double mip_start, mip_w0;
  unsigned mip_levels;
  size_t mip_count0;
  uint16_t **mip;
  WeftRegion *regions;  /* sorted by start */
  size_t nregions;
  WeftTimes region_start;
  uint8_t *region_depth;        /* 0: outermost (at most 255) */
  WeftLongRegion *long_regions; /* the ends of long regions, by region */
  size_t nlong_regions;
  uint16_t max_depth;
  uint64_t region_max_len; /* the longest region, to find those that overlap a window */
  uint64_t deadlock_from; /* UINT64_MAX: not in a deadlock */
} WeftLane;

/* The start of segment i (0 <= i <= nsegs; start of nsegs: the lane's end). */
static inline uint64_t weft_lane_seg_start(const WeftLane *l, size_t i) {
  return weft_times_get(&l->seg, i);
}

static inline uint64_t weft_lane_region_start(const WeftLane *l, size_t r) {
  return weft_times_get(&l->region_start, r);
}
uint64_t weft_lane_region_end(const WeftLane *l, size_t r);

/* A deadlock the tracer reported (the reader's WeftDeadlock) and the
 * DEADLOCK event that reported it. */
typedef struct {
  uint32_t event;
  unsigned kind; /* WeftDeadlockKind */
  size_t nthreads, nobjects;
  const uint32_t *threads, *objects;
} WeftLaneDeadlock;

typedef struct WeftLaneModel WeftLaneModel;

/* Builds the model. progress, if set, is called now and then with a fraction
 * in [0, 1]; returning false cancels (the result is then NULL). */
typedef bool (*WeftProgressFunc)(double fraction, void *data);
WeftLaneModel *weft_lane_model_new(const WeftTrace *trace, WeftProgressFunc progress,
                                   void *data);
void weft_lane_model_free(WeftLaneModel *m);

const WeftTrace *weft_lane_model_trace(const WeftLaneModel *m);
uint64_t weft_lane_model_duration(const WeftLaneModel *m);
/* Time of the first event (the process may have started earlier). */
uint64_t weft_lane_model_first_time(const WeftLaneModel *m);
/* The window that shows the whole run with a small margin. */
void weft_lane_model_fit(const WeftLaneModel *m, double *t0, double *t1);
size_t weft_lane_model_lane_count(const WeftLaneModel *m);
const WeftLane *weft_lane_model_lane(const WeftLaneModel *m, size_t i);
/* The lane of a thread id, or -1. */
int weft_lane_model_lane_of(const WeftLaneModel *m, uint32_t tid);
/* Bit i set if some lane is ever in state i. */
unsigned weft_lane_model_states_used(const WeftLaneModel *m);
/* Bit k set if there is at least one arrow of kind k. */
unsigned weft_lane_model_arrows_used(const WeftLaneModel *m);
size_t weft_lane_model_deadlock_count(const WeftLaneModel *m);
const WeftLaneDeadlock *weft_lane_model_deadlock(const WeftLaneModel *m, size_t i);
/* Stuck dumps (Ctrl-C, Ctrl-\, --timeout, the watch) and crashes: the first
 * DUMP event of each, in time order (see weft-format.h). */
size_t weft_lane_model_dump_count(const WeftLaneModel *m);
const WeftEvent *weft_lane_model_dump(const WeftLaneModel *m, size_t i);
/* The misuse marks (weft-lane-misuse.h), owned by the model once kept. */
typedef struct WeftLaneMisuseMarks WeftLaneMisuseMarks;
void weft_lane_model_keep_misuse(WeftLaneModel *m, WeftLaneMisuseMarks *marks);
const WeftLaneMisuseMarks *weft_lane_model_misuse_marks(const WeftLaneModel *m);
/* The EXEC events (a process replaced its program), in time order. */
size_t weft_lane_model_exec_count(const WeftLaneModel *m);
const WeftEvent *weft_lane_model_exec(const WeftLaneModel *m, size_t i);

/* Arrows of one kind, sorted by source (event index, so time). */
const WeftArrow *weft_lane_model_arrows(const WeftLaneModel *m, WeftArrowKind kind, size_t *n);
/* The first arrow of a kind whose source is event ev or later, searching
 * forward from index `from`. */
size_t weft_lane_model_arrows_from(const WeftLaneModel *m, WeftArrowKind kind, uint32_t ev,
                                   size_t from);
/* Arrows of a kind that begin before event `at` and end at it or after it,
 * before `until`: their indices, up to max, in no particular order. Cost
 * O(log n) per arrow that crosses `at`. */
size_t weft_lane_model_arrows_across(const WeftLaneModel *m, WeftArrowKind kind, uint32_t at,
                                     uint32_t until, uint32_t *out, size_t max);

/* A region's name (its REGION_BEGIN's), or NULL. */
const char *weft_lane_region_name(const WeftLaneModel *m, const WeftLane *lane, size_t r);

/* The segment of a lane that contains time t, or -1 before the lane starts. */
ptrdiff_t weft_lane_segment_at(const WeftLane *lane, uint64_t t);
uint64_t weft_lane_segment_end(const WeftLane *lane, size_t seg);
/* The event that began a segment (found again, not stored). */
uint32_t weft_lane_segment_event(const WeftLaneModel *m, const WeftLane *lane, size_t seg);
/* The last segment starting at or before t (0 if none), searching forward
 * from hint: O(log distance), for sweeps across a window. */
size_t weft_lane_find(const WeftLane *lane, double t, size_t hint);

/* The state that covers most of [t0, t1) on a lane, and the index of the
 * first segment that ends after t1 (a hint for the next call). Cost O(log n). */
WeftLaneState weft_lane_dominant(const WeftLane *lane, double t0, double t1, size_t *hint);

/* The same from the time summary alone, O(1), when the window is wide
 * enough for it: the state, and in *purity the share of the window it
 * covers (1: nothing else). -1 when the summary cannot answer. */
int weft_lane_summary(const WeftLane *lane, double t0, double t1, double *purity);

/* The event of thread tid nearest to time t within [t - slack, t + slack],
 * or UINT32_MAX. */
uint32_t weft_lane_model_event_near(const WeftLaneModel *m, uint32_t tid, uint64_t t,
                                    uint64_t slack);
/* First event index with time >= t. */
size_t weft_lane_model_event_at_time(const WeftLaneModel *m, uint64_t t);

/* Events related to events[ev] (its arrows' other ends), up to max. */
size_t weft_lane_model_related(const WeftLaneModel *m, uint32_t ev, uint32_t *out, size_t max);
/* For an event that begins a wait (LOCK_WAIT, CHAN_RECV_WAIT, JOIN_BEGIN,
 * ...): the event of the same thread that ended it, or UINT32_MAX. */
uint32_t weft_lane_model_wait_end(const WeftLaneModel *m, uint32_t ev);
/* The acquisition (LOCK_ACQUIRE, or COND_WAKE taking the mutex back) by
 * which thread `holder` holds `object` at event `upto`, or UINT32_MAX. */
uint32_t weft_lane_model_acquisition(const WeftLaneModel *m, uint32_t object, uint32_t holder,
                                     size_t upto);

/* The state of the world just after event `upto` (inclusive). */
typedef struct {
  uint32_t object;
  uint32_t holder;  /* thread id */
  unsigned readers; /* rwlock readers when no writer */
} WeftHeld;
typedef struct {
  uint32_t tid;
  WeftLaneState state;
  uint32_t object; /* what it waits for (0 if none) */
  uint32_t target; /* joined thread, for JOIN */
  uint64_t since;
  unsigned io_call; /* IO: the WeftIoCall it waits in */
} WeftWaiting;
/* A channel at that moment: its buffer, from CHAN_MAKE's capacity and the
 * values sent and not yet received (message ids paired, so a receive
 * recorded just before its send does not count twice). */
typedef struct {
  uint32_t object;
  int64_t capacity;   /* -1: unknown (no CHAN_MAKE in the trace) */
  uint64_t count;     /* values in the buffer, at most capacity when known */
  bool closed;
  unsigned senders, receivers; /* threads blocked sending / receiving on it */
} WeftChanState;
typedef struct {
  WeftHeld *held;
  size_t nheld;
  WeftWaiting *waiting;
  size_t nwaiting;
  WeftChanState *chans; /* every channel used so far, by object id */
  size_t nchans;
  uint64_t time;        /* of event `upto` */
} WeftWorld;
void weft_lane_model_world(const WeftLaneModel *m, size_t upto, WeftWorld *out);
void weft_world_clear(WeftWorld *w);
/* Event ev as the shared analysis says it (weft_narrate(), from the same
 * replay as the world): newly allocated (free()), NULL past the end. */
char *weft_lane_model_narrate(const WeftLaneModel *m, size_t ev);

/* A thread's name for people: "worker", or "worker #3" when other threads
 * share the name (threads of one start function). Writes into buf. */
const char *weft_lane_model_thread_label(const WeftLaneModel *m, uint32_t tid, char *buf,
                                         size_t size);

const char *weft_lane_state_name(WeftLaneState s); /* translated */
const char *weft_arrow_kind_name(WeftArrowKind k); /* translated */
/* The state an event begins, or -1 if it does not change the state. */
int weft_event_state(const WeftTrace *trace, const WeftEvent *ev);
