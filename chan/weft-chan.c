/* Channels and select.
 *
 * The design is Go's (runtime/chan.go, runtime/select.go): each channel has a
 * lock, a ring buffer and two queues of waiters; a select locks its channels in
 * address order, polls its cases in a random order, and if none is ready,
 * queues one waiter per case, all sharing one parker. Whoever completes a
 * blocked operation copies the value straight to or from the blocked thread's
 * memory, so a rendezvous copies the value once. */
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "weft-chan-private.h"

struct WeftChan {
  _WeftLock lock;
  _Atomic uint32_t refs; /* the program's, plus one per pending timer firing */
  bool closed;
  size_t elem_size, slot_size, cap;
  size_t head;           /* first buffered slot */
  _Atomic size_t count;  /* buffered values; written under the lock */
  _WeftWaitq recvq, sendq;
  _WeftTimer *timer; /* timer channels only */
  char *name;
  unsigned char buf[]; /* cap slots: a uint64_t message id, then the element */
};

/* Alone on its cache line: senders write it on every message. */
static struct {
  _Alignas(64) _Atomic uint64_t value;
  char pad[64 - sizeof(uint64_t)];
} next_msg = {1, {0}};

int64_t _weft_spin_ns = 20000;
static int lock_spins = 100;

__attribute__((constructor)) static void weft_chan_init(void) {
  const char *s = getenv("WEFT_CHAN_SPIN_NS");
  if (s && *s)
    _weft_spin_ns = strtoll(s, NULL, 10);
  else if (get_nprocs() < 2)
    _weft_spin_ns = 0;
  if ((s = getenv("WEFT_CHAN_LOCK_SPIN")) && *s)
    lock_spins = atoi(s);
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

bool _weft_park(_WeftParker *pk, int64_t deadline) {
  if (_weft_spin_ns > 0) {
    int64_t stop = 0;
    for (unsigned i = 1;; i++) {
      if (atomic_load_explicit(&pk->state, memory_order_acquire) == _WEFT_PK_DONE)
        return true;
      _weft_cpu_relax();
      if ((i & 31) == 0) {
        int64_t now = weft_now();
        if (!stop)
          stop = now + _weft_spin_ns;
        else if (now >= stop)
          break;
      }
    }
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

/* ---- waiter queues ----------------------------------------------------- */

static void q_push(_WeftWaitq *q, _WeftWaiter *w) {
  w->next = NULL;
  w->prev = q->tail;
  if (q->tail)
    q->tail->next = w;
  else
    q->head = w;
  q->tail = w;
  w->queued = true;
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

/* ---- make and free ----------------------------------------------------- */

static WeftChan *chan_new(size_t elem_size, size_t capacity, const char *name) {
  size_t slot = sizeof(uint64_t) + ((elem_size + 7) & ~(size_t)7);
  if (elem_size > SIZE_MAX / 4 || (capacity && slot > (SIZE_MAX - sizeof(WeftChan)) / capacity))
    return NULL;
  WeftChan *ch = calloc(1, sizeof(WeftChan) + slot * capacity);
  if (!ch)
    return NULL;
  ch->elem_size = elem_size;
  ch->slot_size = slot;
  ch->cap = capacity;
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
  return ch ? atomic_load_explicit(&ch->count, memory_order_relaxed) : 0;
}

size_t weft_chan_cap(WeftChan *ch) {
  return ch ? ch->cap : 0;
}

const char *weft_chan_name(WeftChan *ch) {
  return ch ? ch->name : NULL;
}

/* ---- the operations, under the channel lock ---------------------------- */

static inline uint64_t new_msg(void) {
  return atomic_fetch_add_explicit(&next_msg.value, 1, memory_order_relaxed);
}

static inline unsigned char *slot_at(WeftChan *ch, size_t i) {
  if (i >= ch->cap)
    i -= ch->cap;
  return ch->buf + i * ch->slot_size;
}

/* 1: got a value; 0: closed and drained (out zeroed); -1: would block. *wake is
 * a claimed sender to finish() after unlocking. */
static int recv_locked(WeftChan *ch, void *out, uint64_t *msg, _WeftWaiter **wake) {
  size_t count = atomic_load_explicit(&ch->count, memory_order_relaxed);
  if (count > 0) {
    unsigned char *slot = slot_at(ch, ch->head);
    memcpy(msg, slot, sizeof *msg);
    if (out)
      memcpy(out, slot + sizeof(uint64_t), ch->elem_size);
    _WeftWaiter *s = q_take(&ch->sendq);
    if (s) {
      /* The buffer was full: the head slot just freed is the tail. */
      uint64_t m = new_msg();
      memcpy(slot, &m, sizeof m);
      memcpy(slot + sizeof(uint64_t), s->elem, ch->elem_size);
      s->msg = m;
      s->ok = true;
      *wake = s;
    } else {
      atomic_store_explicit(&ch->count, count - 1, memory_order_relaxed);
    }
    ch->head = ch->head + 1 == ch->cap ? 0 : ch->head + 1;
    return 1;
  }
  _WeftWaiter *s = q_take(&ch->sendq);
  if (s) {
    uint64_t m = new_msg();
    if (out)
      memcpy(out, s->elem, ch->elem_size);
    s->msg = m;
    s->ok = true;
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

/* 0: sent; 1: would block; WEFT_ERR_SEND_CLOSED. */
static int send_locked(WeftChan *ch, const void *elem, uint64_t *msg, _WeftWaiter **wake) {
  if (ch->closed)
    return WEFT_ERR_SEND_CLOSED;
  _WeftWaiter *r = q_take(&ch->recvq);
  if (r) {
    uint64_t m = new_msg();
    if (r->elem)
      memcpy(r->elem, elem, ch->elem_size);
    r->msg = m;
    r->ok = true;
    *msg = m;
    *wake = r;
    return 0;
  }
  size_t count = atomic_load_explicit(&ch->count, memory_order_relaxed);
  if (count < ch->cap) {
    uint64_t m = new_msg();
    unsigned char *slot = slot_at(ch, ch->head + count);
    memcpy(slot, &m, sizeof m);
    memcpy(slot + sizeof(uint64_t), elem, ch->elem_size);
    atomic_store_explicit(&ch->count, count + 1, memory_order_relaxed);
    *msg = m;
    return 0;
  }
  return 1;
}

/* ---- send, receive, close ---------------------------------------------- */

static _Noreturn void block_nil(int is_send) {
  if (is_send)
    weft_probe_chan_send_wait(NULL);
  else
    weft_probe_chan_recv_wait(NULL);
  _weft_block_forever();
}

static int chan_send(WeftChan *ch, const void *elem, bool block) {
  if (!ch) {
    if (!block)
      return WEFT_SELECT_DEFAULT;
    block_nil(1);
  }
  unsigned flags = block ? 0 : WEFT_PROBE_NONBLOCK;
  uint64_t msg = 0;
  _WeftWaiter *wake = NULL;
  _weft_lock(&ch->lock);
  int r = send_locked(ch, elem, &msg, &wake);
  if (r == 0) {
    _weft_unlock(&ch->lock);
    if (wake)
      finish(wake->pk);
    weft_probe_chan_send(ch, msg, flags);
    return 0;
  }
  if (r < 0) {
    _weft_unlock(&ch->lock);
    weft_probe_misuse(ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
    return r;
  }
  if (!block) {
    _weft_unlock(&ch->lock);
    return WEFT_SELECT_DEFAULT;
  }
  _WeftParker pk = {.state = _WEFT_PK_WAITING};
  _WeftWaiter w = {.pk = &pk, .elem = (void *)elem};
  q_push(&ch->sendq, &w);
  weft_probe_chan_send_wait(ch);
  _weft_unlock(&ch->lock);
  _weft_park(&pk, -1);
  if (!w.ok) {
    weft_probe_misuse(ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
    return WEFT_ERR_SEND_CLOSED;
  }
  weft_probe_chan_send(ch, w.msg, 0);
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
  unsigned flags = block ? 0 : WEFT_PROBE_NONBLOCK;
  uint64_t msg = 0;
  _WeftWaiter *wake = NULL;
  _weft_lock(&ch->lock);
  int r = recv_locked(ch, out, &msg, &wake);
  if (r >= 0) {
    _weft_unlock(&ch->lock);
    if (wake)
      finish(wake->pk);
    if (okp)
      *okp = r;
    weft_probe_chan_recv(ch, msg, flags | (r ? WEFT_PROBE_OK : 0));
    return 0;
  }
  if (!block) {
    _weft_unlock(&ch->lock);
    return WEFT_SELECT_DEFAULT;
  }
  _WeftParker pk = {.state = _WEFT_PK_WAITING};
  _WeftWaiter w = {.pk = &pk, .elem = out};
  q_push(&ch->recvq, &w);
  weft_probe_chan_recv_wait(ch);
  _weft_unlock(&ch->lock);
  _weft_park(&pk, -1);
  if (okp)
    *okp = w.ok;
  weft_probe_chan_recv(ch, w.msg, w.ok ? WEFT_PROBE_OK : 0);
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
  _WeftWaiter *woken = NULL, *w;
  while ((w = q_take(&ch->recvq))) {
    if (w->elem)
      memset(w->elem, 0, ch->elem_size);
    w->msg = 0;
    w->ok = false;
    w->next = woken;
    woken = w;
  }
  while ((w = q_take(&ch->sendq))) {
    w->msg = 0;
    w->ok = false;
    w->next = woken;
    woken = w;
  }
  weft_probe_chan_close(ch, 0);
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
  for (size_t i = 0; i < n; i++) {
    if (!cases[i].ch)
      continue;
    if (cases[i].op != WEFT_SELECT_SEND && cases[i].op != WEFT_SELECT_RECV) {
      result = WEFT_ERR_INVAL;
      goto out;
    }
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

  lock_all(cases, lockorder, m);
  for (size_t k = 0; k < m; k++) {
    unsigned i = order[k];
    WeftSelectCase *c = &cases[i];
    uint64_t msg = 0;
    _WeftWaiter *wake = NULL;
    if (c->op == WEFT_SELECT_RECV) {
      int r = recv_locked(c->ch, c->elem, &msg, &wake);
      if (r < 0)
        continue;
      unlock_all(cases, lockorder, m);
      if (wake)
        finish(wake->pk);
      c->ok = r;
      weft_probe_chan_recv(c->ch, msg, flags | (r ? WEFT_PROBE_OK : 0));
      weft_probe_select_end(c->ch, (int)i, msg, 0);
      result = (int)i;
      goto out;
    }
    int r = send_locked(c->ch, c->elem, &msg, &wake);
    if (r == 1)
      continue;
    unlock_all(cases, lockorder, m);
    if (r < 0) {
      weft_probe_misuse(c->ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
      result = r;
      goto out;
    }
    if (wake)
      finish(wake->pk);
    weft_probe_chan_send(c->ch, msg, flags);
    weft_probe_select_end(c->ch, (int)i, msg, 1);
    result = (int)i;
    goto out;
  }
  if (nowait) {
    unlock_all(cases, lockorder, m);
    weft_probe_select_end(NULL, -1, 0, 0);
    result = WEFT_SELECT_DEFAULT;
    goto out;
  }

  /* Nothing ready: one waiter per case, one parker for all. */
  _WeftParker pk = {.state = _WEFT_PK_WAITING};
  for (size_t k = 0; k < m; k++) {
    unsigned i = lockorder[k];
    waiters[k] = (_WeftWaiter){.pk = &pk, .elem = cases[i].elem, .index = (int)i};
    q_push(cases[i].op == WEFT_SELECT_RECV ? &cases[i].ch->recvq : &cases[i].ch->sendq,
           &waiters[k]);
  }
  weft_probe_select_wait();
  unlock_all(cases, lockorder, m);
  bool fired = _weft_park(&pk, deadline);
  lock_all(cases, lockorder, m);
  for (size_t k = 0; k < m; k++) {
    unsigned i = lockorder[k];
    q_remove(cases[i].op == WEFT_SELECT_RECV ? &cases[i].ch->recvq : &cases[i].ch->sendq,
             &waiters[k]);
  }
  unlock_all(cases, lockorder, m);
  if (!fired) {
    weft_probe_select_end(NULL, -1, 0, 0);
    result = WEFT_SELECT_TIMEOUT;
    goto out;
  }
  _WeftWaiter *w = pk.fired;
  WeftSelectCase *c = &cases[w->index];
  result = w->index;
  if (c->op == WEFT_SELECT_RECV) {
    c->ok = w->ok;
    weft_probe_chan_recv(c->ch, w->msg, WEFT_PROBE_IN_SELECT | (w->ok ? WEFT_PROBE_OK : 0));
    weft_probe_select_end(c->ch, w->index, w->msg, 0);
  } else if (!w->ok) {
    weft_probe_misuse(c->ch, WEFT_PROBE_MISUSE_SEND_CLOSED);
    result = WEFT_ERR_SEND_CLOSED;
  } else {
    weft_probe_chan_send(c->ch, w->msg, WEFT_PROBE_IN_SELECT);
    weft_probe_select_end(c->ch, w->index, w->msg, 1);
  }
out:
  if (order != stack_order) {
    free(order);
    free(waiters);
  }
  return result;
}
