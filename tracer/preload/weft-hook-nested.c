/* weft-hook-nested.c: a signal handler's calls made while the tracer works.
 *
 * A handler that lands while a hook of its thread records a call (in_hook
 * AT_WORK, or UNWINDING for its stack) interrupts work that is not
 * reentrant: a record half written into the thread's buffer, an object id
 * half made. Its own calls are recorded all the same, aside: the thread's
 * state is set aside and replaced by a second one (its own buffer, object
 * cache and wait) that writes into one of two side buffers of the thread's
 * buffer, then given back. When the interrupted work ends or pauses for its
 * real call, the side records go after the thread's own, whole: they start
 * with a time base, so they keep their own ticks. Handlers that land
 * meanwhile write into the other side buffer. Only a handler interrupting such a handler's recording
 * (two signals nested inside the tracer's work) is counted lost.
 * docs/ARCHITECTURE.md, "Hook reentrancy". */
#include <errno.h>
#include <string.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

/* The interrupted state while a handler's hook runs on the thread's own (so
 * that hooks keep their state's address constant), the in_hook it had, and
 * the wait it had begun. */
static __thread WeftThreadState set_aside __attribute__((tls_model("initial-exec")));
static __thread int saved_in_hook __attribute__((tls_model("initial-exec")));
static __thread WeftWaitSaved saved_wait __attribute__((tls_model("initial-exec")));

static bool side_begin(WeftThreadState *s, int state, const void *caller) {
  WeftBuffer *b = s->buf ? &s->buf->sides[s->side_cur & 1] : NULL;
  if (!b) {
    atomic_fetch_add(&_weft_lost, 1);
    return false;
  }
  s->in_hook = WEFT_HOOK_SIDE; /* a handler landing now is counted lost */
  atomic_signal_fence(memory_order_seq_cst);
  set_aside = *s;
  saved_in_hook = state;
  /* the side state: the thread, its held tracer locks; its own buffer, no
   * cache, no wait; `after` set, so that its end comes back here */
  s->buf = b;
  memset(s->cache_addr, 0, sizeof s->cache_addr);
  s->paused = 0;
  s->after = 1;
  s->is_side = true;
  s->defining = 0;
  if (b->pos == 0) { /* what follows carries its own ticks */
    b->last_tick = _weft_now();
    uint64_t base = b->last_tick;
    b->pos = (size_t)(_weft_put_small(b->data, WEFT_EV_TIME_BASE, 1, &base) - b->data);
  }
  _weft_wait_save_to(s, &saved_wait); /* the interrupted hook's, given back at the end */
  atomic_signal_fence(memory_order_seq_cst);
  s->in_hook = WEFT_HOOK_AT_WORK;
  if (WEFT_UNLIKELY(_weft_tsan))
    __tsan_func_entry((void *)caller);
  return true;
}

/* The interrupted state back, its side records to merge. */
static void side_end(WeftThreadState *s) {
  s->in_hook = WEFT_HOOK_SIDE;
  atomic_signal_fence(memory_order_seq_cst);
  set_aside.in_hook = WEFT_HOOK_SIDE;
  *s = set_aside;
  s->after = 1;
  atomic_signal_fence(memory_order_seq_cst);
  s->in_hook = saved_in_hook;
}

bool _weft_hook_nested(const void *caller) {
  WeftThreadState *s = &_weft_self;
  int state = s->in_hook;
  if (state == WEFT_HOOK_UNWINDING && _weft_stacks_unwinder_code(caller))
    return false; /* libunwind's own call */
  if (state == WEFT_HOOK_SIDE || (s->is_side && state != WEFT_HOOK_TRACER)) {
    atomic_fetch_add(&_weft_lost, 1); /* a handler over a handler over our work */
    return false;
  }
  if ((state != WEFT_HOOK_AT_WORK && state != WEFT_HOOK_UNWINDING) ||
      !atomic_load_explicit(&_weft_active, memory_order_relaxed))
    return false;
  return side_begin(s, state, caller);
}

bool _weft_hook_defining(uintptr_t key) {
  return _weft_self.is_side && set_aside.defining == key;
}

void _weft_side_leave(void) {
  WeftThreadState *s = &_weft_self;
  if (s->is_side)
    side_end(s);
}

/* The side buffer's records go into the thread's buffer, after what the
 * interrupted hook wrote. */
static void merge(WeftThreadState *s, WeftBuffer *from) {
  if (!from->pos && !from->page)
    return;
  if (!s->buf)
    atomic_fetch_add(&_weft_lost, from->pending);
  else
    _weft_buffer_merge_side(s, from);
  _weft_side_clear(from);
}

static void hook_after(void) {
  WeftThreadState *s = &_weft_self;
  if (s->is_side) { /* a handler's hook, recorded aside, ends or pauses */
    if (s->paused)
      return; /* a pause: the handler's hook goes on */
    _weft_wait_restore_from(s, &saved_wait);
    side_end(s);
    return;
  }
  while (s->after) {
    int was = s->in_hook;
    s->in_hook = WEFT_HOOK_AT_WORK; /* a handler now writes aside again */
    atomic_signal_fence(memory_order_seq_cst);
    s->after = 0;
    unsigned k = s->side_cur & 1;
    atomic_signal_fence(memory_order_seq_cst);
    s->side_cur = (unsigned char)(k ^ 1); /* and into the other buffer */
    atomic_signal_fence(memory_order_seq_cst);
    if (s->buf)
      merge(s, &s->buf->sides[k]);
    atomic_signal_fence(memory_order_seq_cst);
    s->in_hook = was;
    atomic_signal_fence(memory_order_seq_cst);
  }
}

void _weft_hook_after(void) {
  int err = errno; /* a merge may flush: the hook's errno is the program's */
  hook_after();
  errno = err;
}

bool _weft_may_unwind(void) {
  return !_weft_self.is_side || saved_in_hook != WEFT_HOOK_UNWINDING;
}

void _weft_side_lost(WeftThreadState *s) {
  if (!s->buf)
    return;
  for (int k = 0; k < 2; k++) {
    WeftBuffer *b = &s->buf->sides[k];
    atomic_fetch_add(&_weft_lost, b->pending);
    _weft_side_clear(b);
  }
}
