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
 * A thread waiting for a mutex whose holder no longer exists in this process
 * (it ended holding it, or the lock was copied held into a forked child) is a
 * deadlock of its own: glibc keeps the holder's kernel thread id in the mutex.
 *
 * All-asleep is given only when no waker outside weft's view can exist: every
 * wait's waker is a traced thread (WEFT_WAKER_IN_VIEW, or WAKER_SIGNAL while
 * no signal handler is installed) and the process has no thread weft does not
 * see. Otherwise the state is only suspected (_weft_suspect). Cycles of
 * mutexes and joins stay firm: nothing outside can break them.
 *
 * A state seen once may be a race between the hooks' stores; the same state,
 * down to each wait's start tick, on two checks in a row is a deadlock. Then a
 * DEADLOCK event goes into the trace, every buffer is flushed, `weft record`
 * is told through WEFT_NOTIFY_FD, and by default the program ends with
 * status 2, as Go's runtime does. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "weft-deadlock-words.h"
#include "weft-family.h"
#include "weft-waits.h"

WEFT_HIDDEN WeftWaitSlot *_weft_waits;
WEFT_HIDDEN atomic_uint *_weft_owner;
WEFT_HIDDEN atomic_uint *_weft_depth;
WEFT_HIDDEN unsigned _weft_deadlock_interval_ms = 250;
WEFT_HIDDEN WeftSuspect _weft_suspect;
static uint64_t suspect_signature;

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
  _weft_family_init();
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

void _weft_flush_stdio(void) {
  /* What the program printed is part of the story: flush it, unless a thread
   * holds the stream (then its lock cannot be taken without risk). */
  FILE *streams[2] = {stdout, stderr};
  for (int i = 0; i < 2; i++)
    if (ftrylockfile(streams[i]) == 0) {
      fflush_unlocked(streams[i]);
      funlockfile(streams[i]);
    }
}

bool _weft_read_held(WeftThreadState *s, uint32_t id, bool held) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w || !id)
    return true; /* untracked: not known to be wrong */
  for (int i = 0; i < WEFT_MAX_READ_HELD; i++) {
    uint32_t cur = atomic_load_explicit(&w->read_held[i], memory_order_relaxed);
    if (held && cur == 0) {
      atomic_store_explicit(&w->read_held[i], id, memory_order_release);
      return true;
    }
    if (!held && cur == id) {
      atomic_store_explicit(&w->read_held[i], 0, memory_order_release);
      return true;
    }
  }
  return held; /* an unlock of a read hold this thread does not have */
}

/* In a forked child only the forking thread lives on. */
void _weft_waits_after_fork_child(WeftThreadState *self) {
  if (!_weft_waits)
    return;
  uint32_t max_tid = atomic_load(&_weft_next_tid);
  for (uint32_t tid = 1; tid < max_tid && tid < WEFT_MAX_TRACKED_THREADS; tid++)
    if (tid != self->tid) {
      atomic_store(&_weft_waits[tid].alive, 0);
      atomic_store(&_weft_waits[tid].state, WEFT_WAIT_NONE);
    }
  atomic_store(&_weft_suspect.reason, WEFT_SUSPECT_NONE);
  last_signature = suspect_signature = 0;
  reported = false;
}

void _weft_wait_save_to(WeftThreadState *s, WeftWaitSaved *o) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w)
    return;
  o->state = atomic_load_explicit(&w->state, memory_order_relaxed);
  o->event = atomic_load_explicit(&w->event, memory_order_relaxed);
  o->object = atomic_load_explicit(&w->object, memory_order_relaxed);
  o->target = atomic_load_explicit(&w->target, memory_order_relaxed);
  o->flags = atomic_load_explicit(&w->flags, memory_order_relaxed);
  o->waker = atomic_load_explicit(&w->waker, memory_order_relaxed);
  o->addr = atomic_load_explicit(&w->addr, memory_order_relaxed);
  o->since = atomic_load_explicit(&w->since, memory_order_relaxed);
}

void _weft_wait_restore_from(WeftThreadState *s, const WeftWaitSaved *o) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w)
    return;
  atomic_store_explicit(&w->state, WEFT_WAIT_NONE, memory_order_release);
  if (o->state == WEFT_WAIT_NONE)
    return;
  _weft_wait_begin_from(s, o->event, o->object, o->target, o->flags,
                        o->state == WEFT_WAIT_TIMED, o->since, o->waker,
                        (const void *)(uintptr_t)o->addr);
  atomic_store_explicit(&w->state, o->state, memory_order_release); /* WAIT_OUTSIDE too */
}

void _weft_wait_save(WeftThreadState *s) {
  if (s->paused <= WEFT_WAIT_NESTING)
    _weft_wait_save_to(s, &s->waits[s->paused - 1]);
}

void _weft_wait_restore(WeftThreadState *s) {
  if (s->paused <= WEFT_WAIT_NESTING)
    _weft_wait_restore_from(s, &s->waits[s->paused - 1]);
}

const char *_weft_suspect_text(unsigned reason) {
  switch (reason) {
  case WEFT_SUSPECT_SIGNAL_HANDLER:
    return _weft_text("a signal handler could still post a semaphore they wait on");
  case WEFT_SUSPECT_OTHER_PROCESS:
    return _weft_text("another process or a descriptor could still wake them");
  case WEFT_SUSPECT_UNSEEN_THREAD:
    return _weft_text("a thread weft cannot see is still running");
  default: return "";
  }
}

typedef struct {
  uint32_t tid;
  unsigned state, event, object, target, flags, waker;
  uint64_t since, addr;
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

/* glibc's own marks, read where the object is, so that it does not matter
 * who initialised it (another process, an image before exec): the
 * process-shared bit of a mutex's kind, bit 0 of a condvar's __wrefs, an
 * rwlock's __shared, and the futex flag word of a semaphore and a barrier,
 * nonzero for shared ones (sem_open's too). */
bool _weft_object_shared(unsigned kind, const void *obj) {
  if (!obj)
    return false;
  switch (kind) {
  case WEFT_OBJ_MUTEX: return ((const pthread_mutex_t *)obj)->__data.__kind & 128;
  case WEFT_OBJ_CONDVAR: return ((const pthread_cond_t *)obj)->__data.__wrefs & 1;
  case WEFT_OBJ_RWLOCK: return ((const pthread_rwlock_t *)obj)->__data.__shared != 0;
  case WEFT_OBJ_SEMAPHORE:
  case WEFT_OBJ_BARRIER: return _weft_shared_mark(kind, obj) == 128;
  default: return false;
  }
}

/* The waits a thread weft sees must end: those the detector may judge. */
static bool firm_event(unsigned event) {
  switch (event) {
  case WEFT_EV_LOCK_WAIT:
  case WEFT_EV_COND_WAIT:
  case WEFT_EV_BARRIER_WAIT:
  case WEFT_EV_JOIN_BEGIN:
  case WEFT_EV_CHAN_SEND_WAIT:
  case WEFT_EV_CHAN_RECV_WAIT:
  case WEFT_EV_SELECT_WAIT:
  case WEFT_EV_WAITGROUP_WAIT:
  case WEFT_EV_SLEEP_BEGIN: /* the channel library's timer thread, no timer due */
    return true;
  default: return false; /* a wait weft learnt of later: its waker is unknown */
  }
}

WEFT_HIDDEN void (*_weft_own_signal_handler)(int, siginfo_t *, void *);
WEFT_HIDDEN atomic_uint _weft_internal_threads;

/* A handler of the program (or of a library) for a signal that can come. */
static bool handler_installed(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    struct sigaction old;
    if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &old) < 0)
      continue;
    if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN &&
        old.sa_sigaction != _weft_own_signal_handler && !_weft_dump_owns_handler(&old))
      return true;
  }
  return false;
}

/* Threads of this process as the kernel counts them; -1 if unknown. */
static long os_threads(void) {
  char buf[1024];
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return -1;
  buf[n] = 0;
  char *p = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
  for (int field = 2; p && field < 20; field++) /* num_threads is field 20 */
    p = strchr(p + 1, ' ');
  return p ? strtol(p + 1, NULL, 10) : -1;
}

/* In waitpid (wait, wait4, waitid) for a child that is asleep for good
 * itself: the wait slot's addr holds the zigzag pid waited for. */
static bool waits_for_asleep_child(const Snap *s) {
  if (s->event != WEFT_EV_IO_WAIT ||
      (s->target != WEFT_IO_WAITPID && s->target != WEFT_IO_WAIT && s->target != WEFT_IO_WAIT4 &&
       s->target != WEFT_IO_WAITID))
    return false;
  int64_t pid = (int64_t)(s->addr >> 1) ^ -(int64_t)(s->addr & 1);
  return _weft_family_waited_asleep(pid);
}

/* Why a state where every thread weft sees waits for ever may still end. */
static unsigned maybe_reason(const Snap *snaps, size_t n, size_t alive) {
  bool signal_waker = false;
  for (size_t i = 0; i < n; i++) {
    if (waits_for_asleep_child(&snaps[i]))
      continue;
    if (!firm_event(snaps[i].event) || snaps[i].waker == WEFT_WAKER_OUTSIDE)
      return WEFT_SUSPECT_OTHER_PROCESS;
    signal_waker |= snaps[i].waker == WEFT_WAKER_SIGNAL;
  }
  if (signal_waker && handler_installed())
    return WEFT_SUSPECT_SIGNAL_HANDLER;
  long os = os_threads();
  if (os < 0 || (size_t)os > alive + atomic_load(&_weft_internal_threads))
    return WEFT_SUSPECT_UNSEEN_THREAD;
  return WEFT_SUSPECT_NONE;
}

/* A mutex whose holder, as glibc records it, is no thread of this process. */
static bool holder_gone(uint64_t addr) {
  pthread_mutex_t m;
  struct iovec local = {&m, sizeof m}, remote = {(void *)(uintptr_t)addr, sizeof m};
  /* read through the kernel: the mutex may be freed by now */
  if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)sizeof m)
    return false;
  pid_t holder = m.__data.__owner;
  if (holder <= 0)
    return false;
  return syscall(SYS_tgkill, getpid(), holder, 0) < 0 && errno == ESRCH;
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
    char msg[512];
    /* the headline of `weft report`, translated from the same msgid */
    int len = snprintf(msg, sizeof msg,
                       _weft_text("weft: %s (%zu threads); run under 'weft record' for the "
                                  "report\n"),
                       _weft_text(weft_deadlock_headline_msgid(kind)), n);
    if (len > 0 && write(2, msg, (size_t)len < sizeof msg ? (size_t)len : sizeof msg - 1) < 0) {
    }
  }
  if (!hangs)
    return; /* the call returned an error instead of hanging: the program goes on */
  reported = true;
  _weft_dump_deadlock_said();
  _weft_flush_stdio();
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
    sn->waker = atomic_load(&w->waker);
    sn->addr = atomic_load(&w->addr);
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
  for (size_t i = 0; i < n && !kind; i++)
    if (snaps[i].event == WEFT_EV_LOCK_WAIT && snaps[i].addr &&
        snaps[i].waker != WEFT_WAKER_OUTSIDE && holder_gone(snaps[i].addr)) {
      kind = WEFT_DEADLOCK_HOLDER_GONE;
      clen = 1;
      cycle[0] = snaps[i].tid;
    }
  unsigned suspect = WEFT_SUSPECT_NONE;
  if (!kind && all_forever && alive > 0 && n == alive) {
    kind = WEFT_DEADLOCK_ALL_ASLEEP;
    clen = 0;
    for (size_t i = 0; i < n; i++)
      cycle[clen++] = snaps[i].tid;
    suspect = maybe_reason(snaps, n, alive);
  }
  if (!kind) {
    last_signature = 0;
    atomic_store(&_weft_suspect.reason, WEFT_SUSPECT_NONE);
    return false;
  }
  uint64_t sig = mix(kind, clen);
  for (size_t i = 0; i < clen; i++) {
    const Snap *sn = &snaps[index[cycle[i]]];
    sig = mix(mix(mix(sig, sn->tid), sn->object), sn->since);
  }
  if (suspect) { /* never ends the program: the stuck dump may say it */
    if (sig != suspect_signature || atomic_load(&_weft_suspect.reason) != suspect) {
      suspect_signature = sig;
      atomic_store(&_weft_suspect.since_ns, _weft_monotonic_ns());
      atomic_store(&_weft_suspect.nthreads, (unsigned)clen);
      atomic_store(&_weft_suspect.reason, suspect);
    }
    last_signature = 0;
    return false;
  }
  atomic_store(&_weft_suspect.reason, WEFT_SUSPECT_NONE);
  if (sig != last_signature) {
    last_signature = sig; /* seen once: confirm on the next check */
    return false;
  }
  if (all_forever && n == alive) /* nothing in this process will ever run again */
    _weft_family_mark_asleep();
  report(kind, cycle, clen, snaps, n);
  return true;
}
