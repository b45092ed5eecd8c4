/* Channels and select.
 *
 * Unbuffered channels follow Go's design (runtime/chan.go, runtime/select.go):
 * a lock and two queues of waiters; the partner that completes a blocked
 * operation copies the value straight to or from the blocked thread's memory,
 * so a rendezvous copies the value once.
 *
 * Buffered channels keep their values in a lock-free bounded ring: Vyukov's
 * bounded MPMC queue, laid out as crossbeam-channel's array flavour does. Each
 * slot has a stamp that says whether it holds this lap's value or is free for
 * it; head (receivers) and tail (senders) are positions `lap | index` on
 * cache lines of their own; close sets mark_bit in tail, so a sender's
 * compare-and-swap on tail and a close are ordered. The channel's lock guards
 * only the waiter queues and is taken only when a thread must wait or must
 * wake one: a send or receive that neither blocks nor finds anyone asleep
 * touches no lock.
 *
 * No lost wake-up (a Dekker handshake). A thread about to wait pushes its
 * waiter, which increments the queue's count n (a seq_cst read-modify-write),
 * then tries once more; "empty" or "full" is concluded only from a seq_cst
 * load of the other end (tail or head). The partner moves that end with a
 * seq_cst compare-and-swap and, once its slot is written, reads n (seq_cst).
 * In the total order of seq_cst operations, either the waiter's load follows
 * the partner's CAS (it sees the value or the room, and does not sleep), or it
 * precedes it, and then the partner's read of n follows the increment: the
 * partner takes the lock and wakes the waiter. A slot whose end has moved but
 * whose stamp has not yet (a partner half-way through) counts as not empty /
 * not full: the reader waits the few instructions for it to finish.
 *
 * A buffered waiter is not handed a value: the partner claims its parker and
 * wakes it to try again (waiter.done false), and it tries the case that woke
 * it first, so a value or a free slot signalled to it is taken by it unless
 * another thread took it first. A close wakes every waiter the same way. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "weft-chan-private.h"

#define CACHE_LINE 64

/* A slot of a buffered channel's ring. */
typedef struct Slot {
  _Atomic size_t stamp; /* pos + 1: holds the value sent at pos; pos: free for pos */
  uint64_t msg;         /* the value's message id */
  unsigned char elem[];
} Slot;

struct WeftChan {
  /* Read-only once made (refs changes only for timers). */
  size_t elem_size, slot_size, cap;
  size_t mark_bit; /* buffered: tail's closed bit; slot indexes are below it */
  size_t one_lap;  /* buffered: 2 * mark_bit; a position is lap | index */
  _WeftTimer *timer; /* timer channels only */
  char *name;
  _Atomic uint32_t refs; /* the program's, plus one per pending timer firing */
  /* Buffered: the next position to receive; receivers write it. */
  _Alignas(CACHE_LINE) _Atomic size_t head;
  /* Buffered: the next position to send, | mark_bit once closed; senders write it. */
  _Alignas(CACHE_LINE) _Atomic size_t tail;
  /* The slow path. */
  _Alignas(CACHE_LINE) _WeftLock lock;
  bool closed; /* under the lock */
  _WeftWaitq recvq, sendq;
  _Alignas(CACHE_LINE) unsigned char buf[]; /* buffered: cap slots of slot_size */
};

/* Alone on its cache line: senders write it on every message. */
static struct {
  _Alignas(64) _Atomic uint64_t value;
  char pad[64 - sizeof(uint64_t)];
} next_msg = {1, {0}};

int64_t _weft_spin_ns = 20000;
static int lock_spins = 100;
static int64_t spin_pause_ns = 2000; /* then sched_yield between looks */

__attribute__((constructor)) static void weft_chan_init(void) {
  const char *s = getenv("WEFT_CHAN_SPIN_NS");
  if (s && *s)
    _weft_spin_ns = strtoll(s, NULL, 10);
  else if (get_nprocs() < 2)
    _weft_spin_ns = 0;
  if ((s = getenv("WEFT_CHAN_LOCK_SPIN")) && *s)
    lock_spins = atoi(s);
  if ((s = getenv("WEFT_CHAN_SPIN_PAUSE_NS")) && *s)
    spin_pause_ns = strtoll(s, NULL, 10);
}

const char *weft_strerror(int code) {
  switch (code) {
  case WEFT_OK: return "success";
  case WEFT_SELECT_DEFAULT: return "no case was ready";
  case WEFT_SELECT_TIMEOUT: return "select timed out";
  case WEFT_ERR_SEND_CLOSED: return "send on closed channel";
  case WEFT_ERR_CLOSE_CLOSED: return "close of closed channel";
  case WEFT_ERR_CLOSE_NIL: return "close of nil channel";
  case WEFT_ERR_NEGATIVE_WG: return "sync: negative WaitGroup counter";
  case WEFT_ERR_NOMEM: return "out of memory";
  case WEFT_ERR_INVAL: return "invalid argument";
  default: return "unknown error";
  }
}

int64_t weft_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void weft_sleep(int64_t ns) {
  if (ns <= 0)
    return;
  struct timespec ts = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
  int saved = errno;
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
    ;
  errno = saved;
}

/* ---- lock and parking -------------------------------------------------- */

void _weft_lock_slow(_WeftLock *l) {
  for (int i = 0; i < lock_spins; i++) {
    uint32_t expected = 0;
    if (atomic_load_explicit(l, memory_order_relaxed) == 0 &&
        atomic_compare_exchange_weak_explicit(l, &expected, 1, memory_order_acquire,
                                              memory_order_relaxed))
      return;
    _weft_cpu_relax();
  }
  while (atomic_exchange_explicit(l, 2, memory_order_acquire) != 0)
    _weft_futex_wait(l, 2);
}

/* Spinning before sleeping: a few microseconds of pause instructions (a
 * partner running on the other CPU answers within that), then sched_yield
 * between looks for the rest of the budget: if the partner shares our CPU,
 * it runs instead of us, which a futex sleep and wake-up would cost ~10 us to
 * arrange. Call with *spin zeroed; returns false once the budget (or the
 * deadline, if >= 0) is spent. */
typedef struct {
  unsigned i;
  bool yielding;
  int64_t start;
} Spin;

/* The pause phase adapts per thread: a wait that ended only after yielding
 * (the partner shares our CPU, or is preempted) halves it, one that ended
 * while pausing doubles it back, between 250 ns and spin_pause_ns. */
static _Thread_local int64_t tl_pause = -1;

static bool spin_more(Spin *sp, int64_t budget, int64_t deadline) {
  if (!sp->yielding) {
    _weft_cpu_relax();
    if ((++sp->i & 31) != 0)
      return true;
  } else {
    sched_yield();
  }
  int64_t now = weft_now();
  if (!sp->start) {
    sp->start = now;
    if (tl_pause < 0)
      tl_pause = spin_pause_ns;
  } else if (now - sp->start >= tl_pause) {
    sp->yielding = true;
  }
  return now - sp->start < budget && (deadline < 0 || now < deadline);
}

/* The wait being spun on ended (before the budget ran out). */
static void spin_done(const Spin *sp) {
  if (!sp->start)
    return;
  if (sp->yielding)
    tl_pause = tl_pause / 2 < 250 ? 250 : tl_pause / 2;
  else
    tl_pause = tl_pause * 2 > spin_pause_ns ? spin_pause_ns : tl_pause * 2;
}

bool _weft_park(_WeftParker *pk, int64_t deadline, int64_t spin_ns) {
  if (spin_ns > 0) {
    Spin sp = {0};
    do {
      if (atomic_load_explicit(&pk->state, memory_order_acquire) == _WEFT_PK_DONE) {
        spin_done(&sp);
        return true;
      }
    } while (spin_more(&sp, spin_ns, deadline));
  }
  for (;;) {
    uint32_t s = atomic_load_explicit(&pk->state, memory_order_acquire);
    switch (s) {
    case _WEFT_PK_DONE: return true;
    case _WEFT_PK_WAITING:
    case _WEFT_PK_CLAIMED:
      atomic_compare_exchange_weak_explicit(
          &pk->state, &s, s == _WEFT_PK_WAITING ? _WEFT_PK_SLEEPING : _WEFT_PK_CLAIMED_SLEEPER,
          memory_order_acquire, memory_order_acquire);
      break;
    case _WEFT_PK_SLEEPING:
      if (!_weft_futex_wait_until(&pk->state, s, deadline)) {
        if (atomic_compare_exchange_strong_explicit(&pk->state, &s, _WEFT_PK_CANCELED,
                                                    memory_order_acquire, memory_order_acquire))
          return false;
      }
      break;
    case _WEFT_PK_CLAIMED_SLEEPER: _weft_futex_wait(&pk->state, s); break;
    default: return false;
    }
  }
}

void _weft_block_forever(void) {
  _Atomic uint32_t never = 0;
  for (;;)
    _weft_futex_wait(&never, 0);
}

/* Takes the parker for a partner: false if it fired or timed out already. */
static bool claim(_WeftParker *pk) {
  uint32_t s = atomic_load_explicit(&pk->state, memory_order_relaxed);
  while (s == _WEFT_PK_WAITING || s == _WEFT_PK_SLEEPING) {
    uint32_t to = s == _WEFT_PK_WAITING ? _WEFT_PK_CLAIMED : _WEFT_PK_CLAIMED_SLEEPER;
    if (atomic_compare_exchange_weak_explicit(&pk->state, &s, to, memory_order_acquire,
                                              memory_order_relaxed))
      return true;
  }
  return false;
}

/* After this the waiter may return at once: touch nothing of it afterwards
 * (the futex wake only uses the address). */
static void finish(_WeftParker *pk) {
  if (atomic_exchange_explicit(&pk->state, _WEFT_PK_DONE, memory_order_release) ==
      _WEFT_PK_CLAIMED_SLEEPER)
    _weft_futex_wake(&pk->state, 1);
}

/* ---- waiter queues (under the channel lock) ---------------------------- */

/* The seq_cst increment is the waiter's half of the Dekker handshake. */
static void q_push(_WeftWaitq *q, _WeftWaiter *w) {
  w->next = NULL;
  w->prev = q->tail;
  if (q->tail)
    q->tail->next = w;
  else
    q->head = w;
  q->tail = w;
  w->queued = true;
  atomic_fetch_add_explicit(&q->n, 1, memory_order_seq_cst);
}

static void q_remove(_WeftWaitq *q, _WeftWaiter *w) {
  if (!w->queued)
    return;
  if (w->prev)
    w->prev->next = w->next;
  else
    q->head = w->next;
  if (w->next)
    w->next->prev = w->prev;
  else
    q->tail = w->prev;
  w->queued = false;
  atomic_fetch_sub_explicit(&q->n, 1, memory_order_relaxed);
}

/* The first waiter that can still be claimed; stale ones (their select fired
 * elsewhere, or timed out) are dropped on the way. */
static _WeftWaiter *q_take(_WeftWaitq *q) {
  _WeftWaiter *w;
  while ((w = q->head)) {
    q_remove(q, w);
    if (claim(w->pk)) {
      w->pk->fired = w;
      return w;
    }
  }
  return NULL;
}

/* After a buffered operation: if anyone waits on the other side (q), wake
 * one to try again. The seq_cst load is the partner's half of the handshake. */
static void notify(WeftChan *ch, _WeftWaitq *q) {
  if (atomic_load_explicit(&q->n, memory_order_seq_cst) == 0)
    return;
  _weft_lock(&ch->lock);
  _WeftWaiter *w = q_take(q);
  if (w)
    w->done = false;
  _weft_unlock(&ch->lock);
  if (w)
    finish(w->pk);
}

/* ---- make and free ----------------------------------------------------- */

static WeftChan *chan_new(size_t elem_size, size_t capacity, const char *name) {
  size_t slot = sizeof(Slot) + ((elem_size + 7) & ~(size_t)7);
  if (elem_size > SIZE_MAX / 4 || capacity > SIZE_MAX / 8 ||
      (capacity && slot > (SIZE_MAX - sizeof(WeftChan)) / capacity))
    return NULL;
  void *mem = NULL;
  size_t size = sizeof(WeftChan) + (capacity ? slot * capacity : 0);
  if (posix_memalign(&mem, CACHE_LINE, size) != 0)
    return NULL;
  memset(mem, 0, size);
  WeftChan *ch = mem;
  ch->elem_size = elem_size;
  ch->slot_size = slot;
  ch->cap = capacity;
  if (capacity) {
    size_t mark = 1;
    while (mark <= capacity)
      mark <<= 1;
    ch->mark_bit = mark;
    ch->one_lap = 2 * mark;
    for (size_t i = 0; i < capacity; i++)
      atomic_init(&((Slot *)(ch->buf + i * slot))->stamp, i);
  }
  atomic_init(&ch->refs, 1);
  if (name && !(ch->name = strdup(name))) {
    free(ch);
    return NULL;
  }
  return ch;
}

WeftChan *weft_chan_make_named(size_t elem_size, size_t capacity, const char *name) {
  WeftChan *ch = chan_new(elem_size, capacity, name);
  if (ch)
    weft_probe_chan_make(ch, capacity, elem_size, name);
  return ch;
}

WeftChan *weft_chan_make(size_t elem_size, size_t capacity) {
  return weft_chan_make_named(elem_size, capacity, NULL);
}

WeftChan *_weft_chan_make_timer(const char *name) {
  WeftChan *ch = chan_new(sizeof(int64_t), 1, name);
  if (!ch)
    return NULL;
  if (!(ch->timer = calloc(1, sizeof *ch->timer))) {
    free(ch->name);
    free(ch);
    return NULL;
  }
  ch->timer->index = -1;
  ch->timer->kind = _WEFT_TIMER_CHAN;
  ch->timer->owner = ch;
  weft_probe_chan_make(ch, 1, sizeof(int64_t), name);
  return ch;
}

_WeftTimer *_weft_chan_timer(WeftChan *ch) {
  return ch->timer;
}

void _weft_chan_ref(WeftChan *ch) {
  atomic_fetch_add_explicit(&ch->refs, 1, memory_order_relaxed);
}

void _weft_chan_unref(WeftChan *ch) {
  if (atomic_fetch_sub_explicit(&ch->refs, 1, memory_order_acq_rel) != 1)
    return;
  free(ch->timer);
  free(ch->name);
  free(ch);
}

void weft_chan_free(WeftChan *ch) {
  if (!ch)
    return;
  if (ch->timer)
    _weft_timer_stop(ch->timer);
  weft_probe_chan_free(ch);
  _weft_chan_unref(ch);
}

size_t weft_chan_len(WeftChan *ch) {
  if (!ch || !ch->cap)
    return 0;
  for (;;) {
    size_t tail = atomic_load_explicit(&ch->tail, memory_order_seq_cst);
    size_t head = atomic_load_explicit(&ch->head, memory_order_seq_cst);
    if (atomic_load_explicit(&ch->tail, memory_order_seq_cst) != tail)
      continue;
    size_t hix = head & (ch->mark_bit - 1), tix = tail & (ch->mark_bit - 1);
    if (hix < tix)
      return tix - hix;
    if (hix > tix)
      return ch->cap - hix + tix;
    return (tail & ~ch->mark_bit) == head ? 0 : ch->cap;
  }
}

size_t weft_chan_cap(WeftChan *ch) {
  return ch ? ch->cap : 0;
}

const char *weft_chan_name(WeftChan *ch) {
  return ch ? ch->name : NULL;
}

/* ---- the buffered ring (lock-free) ------------------------------------- */

static inline uint64_t new_msg(void) {
  return atomic_fetch_add_explicit(&next_msg.value, 1, memory_order_relaxed);
}

enum { RING_OK, RING_BLOCK, RING_CLOSED };

static inline Slot *slot_at(WeftChan *ch, size_t pos) {
  return (Slot *)(ch->buf + (pos & (ch->mark_bit - 1)) * ch->slot_size);
}

static inline size_t next_pos(WeftChan *ch, size_t pos) {
  size_t index = pos & (ch->mark_bit - 1);
  return index + 1 < ch->cap ? pos + 1 : (pos & ~(ch->one_lap - 1)) + ch->one_lap;
}

/* A partner is half-way through a slot (it moved an end, not yet the stamp):
 * a few pauses, then let it run. */
static void backoff(unsigned *step) {
  if (*step < 7) {
    for (unsigned i = 0; i < 1u << *step; i++)
      _weft_cpu_relax();
    (*step)++;
  } else {
    sched_yield();
  }
}

static int ring_send(WeftChan *ch, const void *elem, uint64_t *msg) {
  unsigned step = 0;
  size_t tail = atomic_load_explicit(&ch->tail, memory_order_relaxed);
  for (;;) {
    if (tail & ch->mark_bit)
      return RING_CLOSED;
    Slot *s = slot_at(ch, tail);
    size_t stamp = atomic_load_explicit(&s->stamp, memory_order_acquire);
    if (stamp == tail) {
      if (atomic_compare_exchange_weak_explicit(&ch->tail, &tail, next_pos(ch, tail),
                                                memory_order_seq_cst, memory_order_relaxed)) {
        uint64_t m = new_msg();
        s->msg = m;
        memcpy(s->elem, elem, ch->elem_size);
        atomic_store_explicit(&s->stamp, tail + 1, memory_order_release);
        *msg = m;
        return RING_OK;
      }
    } else if (stamp + ch->one_lap == tail + 1) {
      /* The slot still holds the last lap's value: full, unless a receiver
       * has taken it (moved head) and is copying it out. */
      size_t head = atomic_load_explicit(&ch->head, memory_order_seq_cst);
      if (head + ch->one_lap == tail)
        return RING_BLOCK;
      backoff(&step);
      tail = atomic_load_explicit(&ch->tail, memory_order_relaxed);
    } else {
      /* Another sender went past this position: catch up. */
      _weft_cpu_relax();
      tail = atomic_load_explicit(&ch->tail, memory_order_relaxed);
    }
  }
}

static int ring_recv(WeftChan *ch, void *out, uint64_t *msg) {
  unsigned step = 0;
  size_t head = atomic_load_explicit(&ch->head, memory_order_relaxed);
  for (;;) {
    Slot *s = slot_at(ch, head);
    size_t stamp = atomic_load_explicit(&s->stamp, memory_order_acquire);
    if (stamp == head + 1) {
      if (atomic_compare_exchange_weak_explicit(&ch->head, &head, next_pos(ch, head),
                                                memory_order_seq_cst, memory_order_relaxed)) {
        *msg = s->msg;
        if (out)
          memcpy(out, s->elem, ch->elem_size);
        atomic_store_explicit(&s->stamp, head + ch->one_lap, memory_order_release);
        return RING_OK;
      }
    } else if (stamp == head) {
      /* Empty, unless a sender has claimed the slot (moved tail) and is
       * writing it. */
      size_t tail = atomic_load_explicit(&ch->tail, memory_order_seq_cst);
      if ((tail & ~ch->mark_bit) == head)
        return tail & ch->mark_bit ? RING_CLOSED : RING_BLOCK;
      backoff(&step);
      head = atomic_load_explicit(&ch->head, memory_order_relaxed);
    } else {
      _weft_cpu_relax();
      head = atomic_load_explicit(&ch->head, memory_order_relaxed);
    }
  }
}

/* Cheap looks for spinning: might the operation proceed now? */
static inline bool peek_send(WeftChan *ch) {
  size_t tail = atomic_load_explicit(&ch->tail, memory_order_relaxed);
  return (tail & ch->mark_bit) ||
         atomic_load_explicit(&slot_at(ch, tail)->stamp, memory_order_relaxed) == tail;
}

static inline bool peek_recv(WeftChan *ch) {
  size_t head = atomic_load_explicit(&ch->head, memory_order_relaxed);
  return atomic_load_explicit(&slot_at(ch, head)->stamp, memory_order_relaxed) == head + 1;
}

/* ---- unbuffered channels, under the channel lock ----------------------- */

/* 1: got a value; 0: closed (out zeroed); -1: would block. *wake is a claimed
 * sender to finish() after unlocking. */
static int recv_unbuffered(WeftChan *ch, void *out, uint64_t *msg, _WeftWaiter **wake) {
  _WeftWaiter *s = q_take(&ch->sendq);
  if (s) {
    uint64_t m = new_msg();
    if (out)
      memcpy(out, s->elem, ch->elem_size);
    s->msg = m;
    s->ok = true;
    s->done = true;
    *msg = m;
    *wake = s;
    return 1;
  }
  if (ch->closed) {
    if (out)
      memset(out, 0, ch->elem_size);
    *msg = 0;
    return 0;
  }
  return -1;
}

/* 1: sent; -1: would block; WEFT_ERR_SEND_CLOSED. */
static int send_unbuffered(WeftChan *ch, const void *elem, uint64_t *msg, _WeftWaiter **wake) {
  if (ch->closed)
    return WEFT_ERR_SEND_CLOSED;
  _WeftWaiter *r = q_take(&ch->recvq);
  if (r) {
    uint64_t m = new_msg();
    if (r->elem)
      memcpy(r->elem, elem, ch->elem_size);
    r->msg = m;
    r->ok = true;
    r->done = true;
    *msg = m;
    *wake = r;
    return 1;
  }
  return -1;
}

/* ---- one case, any channel --------------------------------------------- */

enum { WOULD_BLOCK = -1 };

/* What one try of a case did. */
typedef struct {
  int r; /* 1 done (a receive got a value); 0 a receive found the channel closed
          * and drained; WEFT_ERR_SEND_CLOSED; WOULD_BLOCK */
  uint64_t msg;
  _WeftWaiter *wake; /* unbuffered: the partner to finish() once unlocked */
  bool notify;       /* buffered: wake a waiter of the other side once unlocked */
} Outcome;

/* Tries c once. An unbuffered channel's lock must be held; a buffered
 * channel needs none. */
static Outcome try_case(WeftSelectCase *c) {
  Outcome o = {WOULD_BLOCK, 0, NULL, false};
  WeftChan *ch = c->ch;
  int r;
  if (!ch->cap) {
    o.r = c->op == WEFT_SELECT_RECV ? recv_unbuffered(ch, c->elem, &o.msg, &o.wake)
                                    : send_unbuffered(ch, c->elem, &o.msg, &o.wake);
  } else if (c->op == WEFT_SELECT_RECV) {
    if ((r = ring_recv(ch, c->elem, &o.msg)) == RING_OK) {
      o.r = 1;
      o.notify = true;
    } else if (r == RING_CLOSED) {
      o.r = 0;
      if (c->elem)
        memset(c->elem, 0, ch->elem_size);
    }
  } else {
    if ((r = ring_send(ch, c->elem, &o.msg)) == RING_OK) {
      o.r = 1;
      o.notify = true;
    } else if (r == RING_CLOSED) {
      o.r = WEFT_ERR_SEND_CLOSED;
    }
  }
  return o;
}

/* The partner's side of a completed case, once every lock is released. */
static void complete(WeftSelectCase *c, const Outcome *o) {
  if (o->wake)
    finish(o->wake->pk);
  if (o->notify)
    notify(c->ch, c->op == WEFT_SELECT_RECV ? &c->ch->sendq : &c->ch->recvq);
}

/* Tries the cases in poll order (only the buffered ones if buffered_only);
 * returns the index of the first that did not block, or -1. */
static int poll(WeftSelectCase *cases, const unsigned *order, size_t m, bool buffered_only,
                Outcome *o) {
  for (size_t k = 0; k < m; k++) {
    WeftSelectCase *c = &cases[order[k]];
    if (buffered_only && !c->ch->cap)
      continue;
    *o = try_case(c);
    if (o->r != WOULD_BLOCK)
      return (int)order[k];
  }
  return -1;
}

/* Buffered cases only: polls without registering, for up to the spin budget
 * (and not past the deadline), looking at the slots first. */
static int spin_poll(WeftSelectCase *cases, const unsigned *order, size_t m, int64_t deadline,
                     Outcome *o) {
  if (_weft_spin_ns <= 0)
    return -1;
  Spin sp = {0};
  while (spin_more(&sp, _weft_spin_ns, deadline)) {
    bool every = (sp.i & 31) == 0; /* now and then, a full try: it sees a close */
    for (size_t k = 0; k < m; k++) {
      WeftSelectCase *c = &cases[order[k]];
      if (every || sp.yielding ||
          (c->op == WEFT_SELECT_RECV ? peek_recv(c->ch) : peek_send(c->ch))) {
        *o = try_case(c);
        if (o->r != WOULD_BLOCK) {
          spin_done(&sp);
          return (int)order[k];
        }
      }
    }
  }
  return -1;
}

static void lock_all(WeftSelectCase *cases, const unsigned *lockorder, size_t n) {
  WeftChan *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    WeftChan *ch = cases[lockorder[i]].ch;
    if (ch != prev)
      _weft_lock(&ch->lock);
    prev = ch;
  }
}

static void unlock_all(WeftSelectCase *cases, const unsigned *lockorder, size_t n) {
  WeftChan *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    WeftChan *ch = cases[lockorder[i]].ch;
    if (ch != prev)
      _weft_unlock(&ch->lock);
    prev = ch;
  }
}

static _WeftWaitq *case_queue(WeftSelectCase *c) {
  return c->op == WEFT_SELECT_RECV ? &c->ch->recvq : &c->ch->sendq;
}

enum { WAIT_SELECT, WAIT_SEND, WAIT_RECV };

/* Blocks until one of the m cases completes (cases[order[k]], each with a
 * channel; lockorder sorts them by channel address; waiters has room for m).
 * all_buffered: every channel is buffered, and the caller holds no lock;
 * otherwise the caller has polled every case under all the locks and still
 * holds them. kind says which *_wait probe to record (once, before the first
 * sleep, while the locks are held so no partner can wake us yet). Returns the
 * case's index and its outcome, or WEFT_SELECT_TIMEOUT. */
static int wait_cases(WeftSelectCase *cases, const unsigned *order, const unsigned *lockorder,
                      size_t m, _WeftWaiter *waiters, bool all_buffered, int64_t deadline,
                      int kind, Outcome *o) {
  bool locked = !all_buffered, waited = false;
  int first = -1; /* the buffered case whose partner woke us */
  _WeftParker pk;
  for (;;) {
    int i;
    if (!locked) {
      if (first >= 0) {
        *o = try_case(&cases[first]);
        if (o->r != WOULD_BLOCK)
          return first;
      }
      if (all_buffered) {
        if ((i = spin_poll(cases, order, m, deadline, o)) >= 0)
          return i;
        lock_all(cases, lockorder, m);
      } else {
        lock_all(cases, lockorder, m);
        if ((i = poll(cases, order, m, false, o)) >= 0) {
          unlock_all(cases, lockorder, m);
          return i;
        }
      }
    }
    locked = false;

    /* One waiter per case, one parker for all; then the buffered cases once
     * more (the waiter's half of the handshake). */
    pk = (_WeftParker){.state = _WEFT_PK_WAITING};
    for (size_t k = 0; k < m; k++) {
      unsigned c = lockorder[k];
      waiters[k] = (_WeftWaiter){.pk = &pk, .elem = cases[c].elem, .index = (int)c};
      q_push(case_queue(&cases[c]), &waiters[k]);
    }
    if ((i = poll(cases, order, m, true, o)) >= 0) {
      for (size_t k = 0; k < m; k++)
        q_remove(case_queue(&cases[lockorder[k]]), &waiters[k]);
      unlock_all(cases, lockorder, m);
      return i;
    }
    if (!waited) {
      waited = true;
      if (kind == WAIT_SEND)
        weft_probe_chan_send_wait(cases[0].ch);
      else if (kind == WAIT_RECV)
        weft_probe_chan_recv_wait(cases[0].ch);
      else
        weft_probe_select_wait();
    }
    unlock_all(cases, lockorder, m);
    /* A buffered partner must take the lock to wake us: spinning here would
     * only slow it down. We spun before queueing instead. */
    bool fired = _weft_park(&pk, deadline, all_buffered ? 0 : _weft_spin_ns);
    if (m > 1 || !fired) {
      lock_all(cases, lockorder, m);
      for (size_t k = 0; k < m; k++)
        q_remove(case_queue(&cases[lockorder[k]]), &waiters[k]);
      unlock_all(cases, lockorder, m);
    }
    if (!fired)
      return WEFT_SELECT_TIMEOUT;
    _WeftWaiter *w = pk.fired;
    if (w->done) { /* an unbuffered partner completed it */
      *o = (Outcome){w->ok                                ? 1
                     : cases[w->index].op == WEFT_SELECT_RECV ? 0
                                                               : WEFT_ERR_SEND_CLOSED,
                     w->msg, NULL, false};
      return w->index;
    }
    first = w->index;
  }
}

/* ---- send, receive, close ---------------------------------------------- */

static _Noreturn void block_nil(int is_send) {
  if (is_send)
    weft_probe_chan_send_wait(NULL);
  else
    weft_probe_chan_recv_wait(NULL);
  _weft_block_forever();
}

/* One operation as a one-case select without its probes. */
static Outcome chan_op(WeftSelectCase *c, bool block) {
  WeftChan *ch = c->ch;
  unsigned zero = 0;
  _WeftWaiter w;
  Outcome o;
  if (ch->cap) {
    o = try_case(c);
    if (o.r == WOULD_BLOCK && block) {
      wait_cases(c, &zero, &zero, 1, &w, true, -1,
                 c->op == WEFT_SELECT_SEND ? WAIT_SEND : WAIT_RECV, &o);
    }
  } else {
    _weft_lock(&ch->lock);
    o = try_case(c);
    if (o.r == WOULD_BLOCK && block) {
      wait_cases(c, &zero, &zero, 1, &w, false, -1,
                 c->op == WEFT_SELECT_SEND ? WAIT_SEND : WAIT_RECV, &o);
    } else {
      _weft_unlock(&ch->lock);
    }
  }
  if (o.r != WOULD_BLOCK)
    complete(c, &o);
  return o;
}

static int chan_send(WeftChan *ch, const void *elem, bool block) {
  if (!ch) {
    if (!block)
      return WEFT_SELECT_DEFAULT;
    block_nil(1);
  }
  WeftSelectCase c = {.op = WEFT_SELECT_SEND, .ch = ch, .elem = (void *)elem};
  Outcome o = chan_op(&c, block);
  if (o.r == WOULD_BLOCK)
    return WEFT_SELECT_DEFAULT;
  if (o.r < 0) {
    weft_probe_misuse(ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
    return o.r;
  }
  weft_probe_chan_send(ch, o.msg, block ? 0 : WEFT_PROBE_NONBLOCK);
  return 0;
}

int weft_chan_send(WeftChan *ch, const void *elem) {
  return chan_send(ch, elem, true);
}

int weft_chan_try_send(WeftChan *ch, const void *elem) {
  return chan_send(ch, elem, false);
}

static int chan_recv(WeftChan *ch, void *out, bool *okp, bool block) {
  if (!ch) {
    if (!block)
      return WEFT_SELECT_DEFAULT;
    block_nil(0);
  }
  WeftSelectCase c = {.op = WEFT_SELECT_RECV, .ch = ch, .elem = out};
  Outcome o = chan_op(&c, block);
  if (o.r == WOULD_BLOCK)
    return WEFT_SELECT_DEFAULT;
  if (okp)
    *okp = o.r == 1;
  weft_probe_chan_recv(ch, o.msg, (block ? 0 : WEFT_PROBE_NONBLOCK) | (o.r == 1 ? WEFT_PROBE_OK : 0));
  return 0;
}

int weft_chan_recv(WeftChan *ch, void *out, bool *ok) {
  return chan_recv(ch, out, ok, true);
}

int weft_chan_try_recv(WeftChan *ch, void *out, bool *ok) {
  return chan_recv(ch, out, ok, false);
}

bool weft_chan_range(WeftChan *ch, void *out) {
  bool ok = false;
  weft_chan_recv(ch, out, &ok);
  return ok;
}

int weft_chan_close(WeftChan *ch) {
  if (!ch) {
    weft_probe_chan_close(NULL, WEFT_ERR_CLOSE_NIL);
    weft_probe_misuse(NULL, WEFT_PROBE_MISUSE_CLOSE_NIL);
    return WEFT_ERR_CLOSE_NIL;
  }
  _weft_lock(&ch->lock);
  if (ch->closed) {
    weft_probe_chan_close(ch, WEFT_ERR_CLOSE_CLOSED);
    _weft_unlock(&ch->lock);
    weft_probe_misuse(ch, WEFT_PROBE_MISUSE_CLOSE_CLOSED);
    return WEFT_ERR_CLOSE_CLOSED;
  }
  ch->closed = true;
  /* Recorded before any receiver can see the channel closed. */
  weft_probe_chan_close(ch, 0);
  if (ch->cap)
    atomic_fetch_or_explicit(&ch->tail, ch->mark_bit, memory_order_seq_cst);
  /* Unbuffered waiters are completed here (ok false); buffered ones retry,
   * and find the close, or a value still in the ring. */
  _WeftWaiter *woken = NULL, *w;
  while ((w = q_take(&ch->recvq))) {
    if ((w->done = !ch->cap)) {
      if (w->elem)
        memset(w->elem, 0, ch->elem_size);
      w->msg = 0;
      w->ok = false;
    }
    w->next = woken;
    woken = w;
  }
  while ((w = q_take(&ch->sendq))) {
    if ((w->done = !ch->cap)) {
      w->msg = 0;
      w->ok = false;
    }
    w->next = woken;
    woken = w;
  }
  _weft_unlock(&ch->lock);
  while (woken) {
    w = woken;
    woken = w->next;
    finish(w->pk);
  }
  return 0;
}

/* ---- select ------------------------------------------------------------ */

static _Thread_local uint64_t rng_state;

static uint32_t rng_next(void) {
  uint64_t x = rng_state;
  if (!x) {
    x = (uint64_t)weft_now() ^ ((uint64_t)(uintptr_t)&rng_state << 16) ^ 0x9e3779b97f4a7c15ull;
    if (!x)
      x = 1;
  }
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t rng_below(uint32_t n) {
  return (uint32_t)(((uint64_t)rng_next() * n) >> 32);
}

/* Sleeps until the deadline (< 0: forever): a select with no channel. */
static void sleep_until(int64_t deadline) {
  _Atomic uint32_t word = 0;
  while (_weft_futex_wait_until(&word, 0, deadline))
    ;
}

#define SELECT_STACK_CASES 16

int weft_select(WeftSelectCase *cases, size_t n, int64_t timeout_ns) {
  bool nowait = timeout_ns == 0;
  int64_t deadline = timeout_ns > 0 ? weft_now() + timeout_ns : -1;
  unsigned sflags = nowait ? WEFT_PROBE_SELECT_DEFAULT
                    : timeout_ns > 0 ? WEFT_PROBE_SELECT_TIMEOUT
                                     : 0;
  unsigned flags = WEFT_PROBE_IN_SELECT | (nowait ? WEFT_PROBE_NONBLOCK : 0);
  weft_probe_select_begin((unsigned)n, sflags);
  if (n > 0 && !cases)
    return WEFT_ERR_INVAL;

  unsigned stack_order[2 * SELECT_STACK_CASES];
  _WeftWaiter stack_waiters[SELECT_STACK_CASES];
  unsigned *order = stack_order;
  _WeftWaiter *waiters = stack_waiters;
  if (n > SELECT_STACK_CASES) {
    order = malloc(2 * n * sizeof *order);
    waiters = malloc(n * sizeof *waiters);
    if (!order || !waiters) {
      free(order);
      free(waiters);
      return WEFT_ERR_NOMEM;
    }
  }
  unsigned *lockorder = order + n;
  int result;

  /* Poll order: a random permutation of the cases with a channel. */
  size_t m = 0;
  bool all_buffered = true;
  for (size_t i = 0; i < n; i++) {
    if (!cases[i].ch)
      continue;
    if (cases[i].op != WEFT_SELECT_SEND && cases[i].op != WEFT_SELECT_RECV) {
      result = WEFT_ERR_INVAL;
      goto out;
    }
    if (!cases[i].ch->cap)
      all_buffered = false;
    size_t j = rng_below((uint32_t)m + 1);
    order[m] = order[j];
    order[j] = (unsigned)i;
    m++;
  }
  if (m == 0) {
    if (nowait) {
      result = WEFT_SELECT_DEFAULT;
    } else {
      weft_probe_select_wait();
      sleep_until(deadline); /* returns only at the deadline */
      result = WEFT_SELECT_TIMEOUT;
    }
    weft_probe_select_end(NULL, -1, 0, 0);
    goto out;
  }
  /* Lock order: by channel address (insertion sort: selects are small). */
  for (size_t i = 0; i < m; i++) {
    unsigned c = order[i];
    size_t j = i;
    while (j > 0 && (uintptr_t)cases[lockorder[j - 1]].ch > (uintptr_t)cases[c].ch) {
      lockorder[j] = lockorder[j - 1];
      j--;
    }
    lockorder[j] = c;
  }

  /* Buffered channels are polled without their locks; unbuffered ones under
   * all the locks, which a wait then keeps while it queues its waiters. */
  Outcome o;
  int i;
  if (all_buffered) {
    i = poll(cases, order, m, false, &o);
    if (i < 0 && !nowait)
      i = wait_cases(cases, order, lockorder, m, waiters, true, deadline, WAIT_SELECT, &o);
  } else {
    lock_all(cases, lockorder, m);
    i = poll(cases, order, m, false, &o);
    if (i >= 0 || nowait)
      unlock_all(cases, lockorder, m);
    else
      i = wait_cases(cases, order, lockorder, m, waiters, false, deadline, WAIT_SELECT, &o);
  }
  if (i < 0) {
    weft_probe_select_end(NULL, -1, 0, 0);
    result = i == WEFT_SELECT_TIMEOUT ? WEFT_SELECT_TIMEOUT : WEFT_SELECT_DEFAULT;
    goto out;
  }
  WeftSelectCase *c = &cases[i];
  complete(c, &o);
  result = i;
  if (c->op == WEFT_SELECT_RECV) {
    c->ok = o.r == 1;
    weft_probe_chan_recv(c->ch, o.msg, flags | (o.r == 1 ? WEFT_PROBE_OK : 0));
    weft_probe_select_end(c->ch, i, o.msg, 0);
  } else if (o.r < 0) {
    weft_probe_misuse(c->ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
    result = o.r;
  } else {
    weft_probe_chan_send(c->ch, o.msg, flags);
    weft_probe_select_end(c->ch, i, o.msg, 1);
  }
out:
  if (order != stack_order) {
    free(order);
    free(waiters);
  }
  return result;
}
