/* weft-deadlock.c: live deadlock detection, run by the service thread.
 *
 * Each thread that blocks in a call that cannot return by itself points at
 * what would free it: the owner of the mutex (or write-locked rwlock) it
 * waits for, a reader of the rwlock it wants to write, the thread it joins.
 * Following those pointers from a blocked thread back to itself is a cycle:
 * a deadlock even while other threads run on. With no cycle, when every live
 * thread is blocked for ever (condvar, semaphore, barrier, channel, join...),
 * nothing can wake any of them: Go's "all goroutines are asleep".
 *
 * A state seen once may be a race between the hooks' stores; the same state,
 * down to each wait's start tick, on two checks in a row is a deadlock. Then a
 * DEADLOCK event goes into the trace, every buffer is flushed, `weft record`
 * is told through WEFT_NOTIFY_FD, and by default the program ends with
 * status 2, as Go's runtime does. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "weft-waits.h"

WEFT_HIDDEN WeftWaitSlot *_weft_waits;
WEFT_HIDDEN atomic_uint *_weft_owner;
WEFT_HIDDEN atomic_uint *_weft_depth;
WEFT_HIDDEN unsigned _weft_deadlock_interval_ms = 250;

enum { ON_DEADLOCK_EXIT, ON_DEADLOCK_REPORT, ON_DEADLOCK_ABORT };
static int on_deadlock = ON_DEADLOCK_EXIT;
static atomic_int notify_fd = -1;
static bool reported;
static uint64_t last_signature;

#define WEFT_DEADLOCK_EXIT_STATUS 2

bool _weft_notify(const void *msg, size_t len) {
  int fd = atomic_load(&notify_fd);
  if (fd < 0)
    return false;
  if (write(fd, msg, len) < 0) {
  }
  return true;
}

void _weft_waits_init(void) {
  const char *mode = getenv("WEFT_ON_DEADLOCK");
  if (mode && !strcmp(mode, "report"))
    on_deadlock = ON_DEADLOCK_REPORT;
  else if (mode && !strcmp(mode, "abort"))
    on_deadlock = ON_DEADLOCK_ABORT;
  const char *fd = getenv("WEFT_NOTIFY_FD");
  if (fd && *fd) {
    notify_fd = atoi(fd);
    _weft_fd_protect(&notify_fd);
  }
  const char *ms = getenv("WEFT_DEADLOCK_MS");
  if (ms && *ms)
    _weft_deadlock_interval_ms = (unsigned)atoi(ms);
  size_t slots = sizeof(WeftWaitSlot) * WEFT_MAX_TRACKED_THREADS;
  size_t owners = sizeof(atomic_uint) * WEFT_MAX_TRACKED_OBJECTS * 2;
  void *m = mmap(NULL, slots + owners, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED)
    return;
  _weft_tsan_private_memory(m, slots + owners);
  _weft_waits = m;
  _weft_owner = (atomic_uint *)((char *)m + slots);
  _weft_depth = _weft_owner + WEFT_MAX_TRACKED_OBJECTS;
}

void _weft_read_held(WeftThreadState *s, uint32_t id, bool held) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w || !id)
    return;
  for (int i = 0; i < WEFT_MAX_READ_HELD; i++) {
    uint32_t cur = atomic_load_explicit(&w->read_held[i], memory_order_relaxed);
    if (held && cur == 0) {
      atomic_store_explicit(&w->read_held[i], id, memory_order_release);
      return;
    }
    if (!held && cur == id) {
      atomic_store_explicit(&w->read_held[i], 0, memory_order_release);
      return;
    }
  }
}

typedef struct {
  uint32_t tid;
  unsigned state, event, object, target, flags;
  uint64_t since;
  uint32_t next; /* the thread that would free this one, 0 if none known */
} Snap;

static bool holds_for_reading(const WeftWaitSlot *w, uint32_t id) {
  for (int i = 0; i < WEFT_MAX_READ_HELD; i++)
    if (atomic_load_explicit(&w->read_held[i], memory_order_acquire) == id)
      return true;
  return false;
}

/* Who must act for this blocked thread to go on. */
static uint32_t blocker(const Snap *t, uint32_t max_tid) {
  if (t->event == WEFT_EV_JOIN_BEGIN)
    return t->target;
  if (t->event != WEFT_EV_LOCK_WAIT || !_weft_owner_tracked(t->object))
    return 0;
  uint32_t owner = atomic_load_explicit(&_weft_owner[t->object], memory_order_acquire);
  if (owner)
    return owner;
  if (t->flags & WEFT_F_WRITE) { /* an rwlock held by readers */
    if (holds_for_reading(&_weft_waits[t->tid], t->object))
      return t->tid;
    for (uint32_t r = 1; r < max_tid; r++)
      if (r != t->tid && atomic_load(&_weft_waits[r].alive) &&
          holds_for_reading(&_weft_waits[r], t->object))
        return r;
  }
  return 0;
}

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

void _weft_deadlock_report(unsigned kind, const uint32_t *tids, size_t n,
                           const uint32_t *objs, size_t nobj, bool hangs) {
  uint8_t blob[4096], *p = blob;
  if (n > 200)
    n = 200;
  if (nobj > 200)
    nobj = 200;
  p = _weft_put_varint(p, n);
  for (size_t i = 0; i < n; i++)
    p = _weft_put_varint(p, tids[i]);
  p = _weft_put_varint(p, nobj);
  for (size_t i = 0; i < nobj; i++)
    p = _weft_put_varint(p, objs[i]);
  uint64_t tick = _weft_now();
  uint8_t rec[4200], *r = rec;
  r = _weft_put_small(r, WEFT_EV_TIME_BASE, 1, &tick);
  uint64_t a[4] = {0, 0, 0, kind};
  r = _weft_put_record(r, WEFT_EV_DEADLOCK, 4, a, blob, (size_t)(p - blob));
  _weft_process_chunk(rec, (size_t)(r - rec));
  _weft_flush_all(true);
  _weft_write_clock_pair();
  if (!_weft_notify("D", 1)) {
    static const char *const names[] = {"", WEFT_N_("a lock cycle"),
                                        WEFT_N_("a thread relocking its own mutex"),
                                        WEFT_N_("a join cycle"), WEFT_N_("an rwlock upgrade"),
                                        WEFT_N_("all threads are asleep")};
    char msg[512];
    int len = snprintf(msg, sizeof msg,
                       _weft_text("weft: deadlock: %s (%zu threads); run under 'weft record' "
                                  "for the report\n"),
                       kind > 0 && kind < 6 ? _weft_text(names[kind]) : "?", n);
    if (len > 0 && write(2, msg, (size_t)len < sizeof msg ? (size_t)len : sizeof msg - 1) < 0) {
    }
  }
  if (!hangs)
    return; /* the call returned an error instead of hanging: the program goes on */
  reported = true;
  /* What the program printed is part of the story: flush it, unless a thread
   * holds the stream (then its lock cannot be taken without risk). */
  FILE *streams[2] = {stdout, stderr};
  for (int i = 0; i < 2; i++)
    if (ftrylockfile(streams[i]) == 0) {
      fflush_unlocked(streams[i]);
      funlockfile(streams[i]);
    }
  if (on_deadlock == ON_DEADLOCK_EXIT) {
    real__exit(WEFT_DEADLOCK_EXIT_STATUS);
  } else if (on_deadlock == ON_DEADLOCK_ABORT) {
    signal(SIGABRT, SIG_DFL);
    abort();
  }
}

static void report(unsigned kind, const uint32_t *tids, size_t n, const Snap *snaps,
                   size_t nsnaps) {
  uint32_t objs[256];
  size_t nobj = 0;
  for (size_t i = 0; i < n && nobj < 256; i++)
    for (size_t k = 0; k < nsnaps; k++)
      if (snaps[k].tid == tids[i])
        objs[nobj++] = snaps[k].object;
  _weft_deadlock_report(kind, tids, n, objs, nobj, true);
}

bool _weft_deadlock_check(void) {
  if (reported || !_weft_waits)
    return false;
  uint32_t max_tid = atomic_load(&_weft_next_tid);
  if (max_tid > WEFT_MAX_TRACKED_THREADS)
    max_tid = WEFT_MAX_TRACKED_THREADS;
  static Snap snaps[4096];
  static uint32_t index[WEFT_MAX_TRACKED_THREADS];
  size_t n = 0, alive = 0;
  bool all_forever = true;
  for (uint32_t tid = 1; tid < max_tid; tid++) {
    WeftWaitSlot *w = &_weft_waits[tid];
    index[tid] = UINT32_MAX;
    if (!atomic_load_explicit(&w->alive, memory_order_acquire))
      continue;
    alive++;
    unsigned state = atomic_load_explicit(&w->state, memory_order_acquire);
    if (state != WEFT_WAIT_FOREVER) {
      all_forever = false;
      continue;
    }
    if (n == sizeof snaps / sizeof *snaps)
      return false;
    Snap *sn = &snaps[n];
    sn->tid = tid;
    sn->state = state;
    sn->event = atomic_load(&w->event);
    sn->object = atomic_load(&w->object);
    sn->target = atomic_load(&w->target);
    sn->flags = atomic_load(&w->flags);
    sn->since = atomic_load(&w->since);
    index[tid] = (uint32_t)n++;
  }
  for (size_t i = 0; i < n; i++)
    snaps[i].next = blocker(&snaps[i], max_tid);

  /* A cycle: from each blocked thread follow `next` while it stays blocked. */
  uint32_t cycle[4096];
  size_t clen = 0;
  unsigned kind = 0;
  for (size_t i = 0; i < n && !kind; i++) {
    uint32_t t = snaps[i].tid;
    size_t steps = 0;
    clen = 0;
    bool joins_only = true;
    while (steps++ <= n) {
      uint32_t k = index[t];
      if (k == UINT32_MAX || !snaps[k].next)
        break;
      cycle[clen++] = t;
      joins_only = joins_only && snaps[k].event == WEFT_EV_JOIN_BEGIN;
      t = snaps[k].next;
      if (t == snaps[i].tid) {
        if (clen == 1 && snaps[i].event == WEFT_EV_LOCK_WAIT)
          kind = (snaps[i].flags & WEFT_F_WRITE) && holds_for_reading(&_weft_waits[t], snaps[i].object)
                     ? WEFT_DEADLOCK_RWLOCK_UPGRADE
                     : WEFT_DEADLOCK_SELF_RELOCK;
        else
          kind = joins_only ? WEFT_DEADLOCK_JOIN_CYCLE : WEFT_DEADLOCK_MUTEX_CYCLE;
        break;
      }
      if (t >= max_tid)
        break;
    }
  }
  if (!kind && all_forever && alive > 0 && n == alive) {
    kind = WEFT_DEADLOCK_ALL_ASLEEP;
    clen = 0;
    for (size_t i = 0; i < n; i++)
      cycle[clen++] = snaps[i].tid;
  }
  if (!kind) {
    last_signature = 0;
    return false;
  }
  uint64_t sig = mix(kind, clen);
  for (size_t i = 0; i < clen; i++) {
    const Snap *sn = &snaps[index[cycle[i]]];
    sig = mix(mix(mix(sig, sn->tid), sn->object), sn->since);
  }
  if (sig != last_signature) {
    last_signature = sig; /* seen once: confirm on the next check */
    return false;
  }
  report(kind, cycle, clen, snaps, n);
  return true;
}
