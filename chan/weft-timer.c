/* Timers: one thread, "weft-timers", started on first use, sleeps on a futex
 * until the earliest deadline of a binary heap of timers. A firing sends the
 * time on a timer channel (never blocking: a tick nobody took yet is dropped,
 * as Go's tickers do) or cancels a context whose deadline passed.
 * Lock order: timers, then a channel; a context's lock is never taken under
 * the timers lock. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "weft-chan-private.h"
#include "weft-chan-probe.h"

static struct {
  _WeftLock lock;
  _Atomic uint32_t seq; /* bumped when the earliest deadline changes */
  _WeftTimer **heap;
  long len, size;
  bool started;
  bool atfork;
} timers;

static bool earlier(const _WeftTimer *a, const _WeftTimer *b) {
  return a->when < b->when;
}

static void heap_set(long i, _WeftTimer *t) {
  timers.heap[i] = t;
  t->index = i;
}

static void sift_up(long i) {
  _WeftTimer *t = timers.heap[i];
  while (i > 0) {
    long parent = (i - 1) / 2;
    if (!earlier(t, timers.heap[parent]))
      break;
    heap_set(i, timers.heap[parent]);
    i = parent;
  }
  heap_set(i, t);
}

static void sift_down(long i) {
  _WeftTimer *t = timers.heap[i];
  for (;;) {
    long child = 2 * i + 1;
    if (child >= timers.len)
      break;
    if (child + 1 < timers.len && earlier(timers.heap[child + 1], timers.heap[child]))
      child++;
    if (!earlier(timers.heap[child], t))
      break;
    heap_set(i, timers.heap[child]);
    i = child;
  }
  heap_set(i, t);
}

static void heap_remove(_WeftTimer *t) {
  long i = t->index;
  _WeftTimer *last = timers.heap[--timers.len];
  t->index = -1;
  if (last == t)
    return;
  heap_set(i, last);
  sift_down(i);
  sift_up(last->index);
}

static void owner_ref(_WeftTimer *t) {
  if (t->kind == _WEFT_TIMER_CHAN)
    _weft_chan_ref(t->owner);
  else
    _weft_ctx_ref(t->owner);
}

static void owner_unref(_WeftTimer *t) {
  if (t->kind == _WEFT_TIMER_CHAN)
    _weft_chan_unref(t->owner);
  else
    _weft_ctx_unref(t->owner);
}

static void fire(_WeftTimer *t, int64_t now) {
  if (t->kind == _WEFT_TIMER_CHAN)
    weft_chan_try_send(t->owner, &now);
  else
    _weft_ctx_fire(t->owner);
}

static void *timer_thread(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "weft-timers");
  _weft_lock(&timers.lock);
  for (;;) {
    int64_t now = weft_now();
    if (timers.len == 0 || timers.heap[0]->when > now) {
      uint32_t seq = atomic_load_explicit(&timers.seq, memory_order_relaxed);
      int64_t until = timers.len ? timers.heap[0]->when : -1;
      _weft_unlock(&timers.lock);
      weft_probe_timers_wait(until);
      _weft_futex_wait_until(&timers.seq, seq, until);
      weft_probe_timers_wake();
      _weft_lock(&timers.lock);
      continue;
    }
    _WeftTimer *t = timers.heap[0];
    if (t->period > 0) {
      /* Stay in the heap (keeping its reference); take one for this firing. */
      t->when += t->period;
      if (t->when <= now)
        t->when = now + t->period;
      sift_down(0);
      owner_ref(t);
    } else {
      heap_remove(t); /* the heap's reference is now this firing's */
    }
    if (t->kind == _WEFT_TIMER_CHAN) {
      /* Under the lock: once _weft_timer_stop returns, no tick is sent. */
      fire(t, now);
      _weft_unlock(&timers.lock);
    } else {
      /* A context cancellation may stop other timers: outside the lock. */
      _weft_unlock(&timers.lock);
      fire(t, now);
    }
    owner_unref(t);
    _weft_lock(&timers.lock);
  }
  return NULL;
}

static void timers_atfork_child(void) {
  /* The thread did not survive the fork: start a new one on the next timer. */
  atomic_store(&timers.lock, 0);
  timers.started = false;
}

/* Under the lock. */
static bool start_thread(void) {
  if (timers.started)
    return true;
  if (!timers.atfork) {
    pthread_atfork(NULL, NULL, timers_atfork_child);
    timers.atfork = true;
  }
  /* The timer thread takes no signal meant for the program. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  timers.started = pthread_create(&tid, &attr, timer_thread, NULL) == 0;
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return timers.started;
}

void _weft_timer_start(_WeftTimer *t, int64_t when, int64_t period) {
  _weft_lock(&timers.lock);
  t->when = when;
  t->period = period > 0 ? period : 0;
  if (t->index < 0) {
    if (timers.len == timers.size) {
      long size = timers.size ? 2 * timers.size : 64;
      _WeftTimer **heap = realloc(timers.heap, (size_t)size * sizeof *heap);
      if (!heap) {
        _weft_unlock(&timers.lock);
        return;
      }
      timers.heap = heap;
      timers.size = size;
    }
    owner_ref(t);
    heap_set(timers.len++, t);
    sift_up(t->index);
  } else {
    sift_down(t->index);
    sift_up(t->index);
  }
  bool first = t->index == 0;
  start_thread();
  if (first) {
    atomic_fetch_add_explicit(&timers.seq, 1, memory_order_relaxed);
    _weft_unlock(&timers.lock);
    _weft_futex_wake(&timers.seq, 1);
  } else {
    _weft_unlock(&timers.lock);
  }
}

bool _weft_timer_stop(_WeftTimer *t) {
  _weft_lock(&timers.lock);
  bool pending = t->index >= 0;
  if (pending)
    heap_remove(t);
  _weft_unlock(&timers.lock);
  if (pending)
    owner_unref(t);
  return pending;
}

/* ---- after, tick, ticker ----------------------------------------------- */

static WeftChan *timer_chan(const char *name, int64_t ns, int64_t period) {
  WeftChan *ch = _weft_chan_make_timer(name);
  if (ch)
    _weft_timer_start(_weft_chan_timer(ch), weft_now() + (ns > 0 ? ns : 0), period);
  return ch;
}

WeftChan *weft_after(int64_t ns) {
  return timer_chan("after", ns, 0);
}

WeftChan *weft_tick(int64_t period) {
  if (period <= 0)
    return NULL; /* Go's time.Tick returns nil */
  return timer_chan("tick", period, period);
}

struct WeftTicker {
  WeftChan *c;
};

WeftTicker *weft_ticker_new(int64_t period) {
  if (period <= 0)
    return NULL;
  WeftTicker *t = malloc(sizeof *t);
  if (!t)
    return NULL;
  if (!(t->c = timer_chan("ticker", period, period))) {
    free(t);
    return NULL;
  }
  return t;
}

WeftChan *weft_ticker_chan(WeftTicker *t) {
  return t ? t->c : NULL;
}

/* As Go 1.23: no tick sent before stop or reset is received after it. */
static void drain(WeftChan *ch) {
  int64_t stale;
  weft_chan_try_recv(ch, &stale, NULL);
}

void weft_ticker_stop(WeftTicker *t) {
  if (!t)
    return;
  _weft_timer_stop(_weft_chan_timer(t->c));
  drain(t->c);
}

void weft_ticker_reset(WeftTicker *t, int64_t period) {
  if (!t || period <= 0)
    return;
  _weft_timer_stop(_weft_chan_timer(t->c));
  drain(t->c);
  _weft_timer_start(_weft_chan_timer(t->c), weft_now() + period, period);
}

void weft_ticker_free(WeftTicker *t) {
  if (!t)
    return;
  weft_chan_free(t->c);
  free(t);
}
