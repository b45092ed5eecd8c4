/* weft-hook-chan.c: the channel library's probes (chan/weft-chan-probe.h).
 *
 * libweft-chan calls its probe functions through the PLT; these definitions,
 * first in LD_PRELOAD, take their place. Each probe becomes one event; the
 * message id travels in arg, so a viewer pairs a send with the receive that
 * got that very value. A nil channel is the pseudo-object at address 1. */
#include <string.h>

#include "weft-chan-probe.h"
#include "weft-preload-private.h"
#include "weft-waits.h"

#define PROBE __attribute__((visibility("default")))
#define NIL_CHANNEL ((const void *)1)

static uint32_t chan_id(WeftThreadState *s, const void *ch) {
  if (!ch) {
    uint32_t id = _weft_object_id(s, NIL_CHANNEL, WEFT_OBJ_CHANNEL, 0);
    static atomic_int named;
    if (!atomic_exchange(&named, 1))
      _weft_object_set_name(s, NIL_CHANNEL, "nil channel");
    return id;
  }
  return _weft_object_id(s, ch, WEFT_OBJ_CHANNEL, 0);
}

/* A completion after a *_wait of this thread carries WEFT_F_WAITED. */
static unsigned waited(WeftThreadState *s) {
  bool w = s->chan_waited;
  s->chan_waited = false;
  if (w)
    _weft_wait_end(s);
  return w ? WEFT_F_WAITED : 0;
}

#define PROBE_BEGIN                                                                      \
  WeftThreadState *s = _weft_hook_begin();                                               \
  if (!s)                                                                                \
    return;                                                                              \
  int saved_errno = errno
#define PROBE_END                                                                        \
  _weft_hook_end(s);                                                                     \
  errno = saved_errno

PROBE void weft_probe_chan_make(const void *ch, size_t capacity, size_t elem_size,
                                const char *name) {
  PROBE_BEGIN;
  uint64_t site = _weft_caller_outside(__builtin_return_address(0));
  uint32_t id = _weft_object_init(s, ch, WEFT_OBJ_CHANNEL, site, name, elem_size);
  _weft_emit(s, WEFT_EV_CHAN_MAKE, id, 0, capacity, _weft_stack(s, false));
  PROBE_END;
}

PROBE void weft_probe_chan_send_wait(const void *ch) {
  PROBE_BEGIN;
  s->chan_waited = true;
  _weft_block(s, WEFT_EV_CHAN_SEND_WAIT, chan_id(s, ch), 0, 0, false);
  PROBE_END;
}

/* When a receiver takes the value of a sender that was blocked, the receiver
 * records it first and the sender only once it wakes: the send would come
 * after its own receive and the message arrow would run back in time. So
 * receivers leave the tick of each message here, and a sender stamps its send
 * no later than that (nor earlier than its own last event). */
#define RECENT_RECEIVES 4096
static struct {
  _Atomic uint64_t msg, tick;
} recent[RECENT_RECEIVES];

static void note_receive(uint64_t msg, uint64_t tick) {
  unsigned i = (unsigned)msg & (RECENT_RECEIVES - 1);
  atomic_store_explicit(&recent[i].msg, 0, memory_order_relaxed);
  atomic_store_explicit(&recent[i].tick, tick, memory_order_release);
  atomic_store_explicit(&recent[i].msg, msg, memory_order_release);
}

static uint64_t send_tick(WeftThreadState *s, uint64_t msg, uint64_t now) {
  unsigned i = (unsigned)msg & (RECENT_RECEIVES - 1);
  if (!msg || atomic_load_explicit(&recent[i].msg, memory_order_acquire) != msg)
    return now;
  uint64_t tick = atomic_load_explicit(&recent[i].tick, memory_order_acquire);
  if (atomic_load_explicit(&recent[i].msg, memory_order_acquire) != msg || tick >= now)
    return now;
  return tick > s->buf->last_tick ? tick : s->buf->last_tick;
}

/* A value left a sender or reached a receiver; msg pairs the two. */
static void transfer(WeftThreadState *s, unsigned type, const void *ch, uint64_t msg,
                     unsigned flags) {
  unsigned f = (flags & (WEFT_CHAN_NONBLOCK | WEFT_CHAN_OK | WEFT_CHAN_IN_SELECT)) |
               (flags & WEFT_CHAN_IN_SELECT ? 0 : waited(s));
  uint64_t now = _weft_now();
  if (type == WEFT_EV_CHAN_RECV && msg)
    note_receive(msg, now);
  else if (type == WEFT_EV_CHAN_SEND)
    now = send_tick(s, msg, now);
  _weft_emit_at(s, now, type, chan_id(s, ch), f, msg, 0);
}

PROBE void weft_probe_chan_send(const void *ch, uint64_t msg, unsigned flags) {
  PROBE_BEGIN;
  transfer(s, WEFT_EV_CHAN_SEND, ch, msg, flags);
  PROBE_END;
}

PROBE void weft_probe_chan_recv_wait(const void *ch) {
  PROBE_BEGIN;
  s->chan_waited = true;
  _weft_block(s, WEFT_EV_CHAN_RECV_WAIT, chan_id(s, ch), 0, 0, false);
  PROBE_END;
}

PROBE void weft_probe_chan_recv(const void *ch, uint64_t msg, unsigned flags) {
  PROBE_BEGIN;
  transfer(s, WEFT_EV_CHAN_RECV, ch, msg, flags);
  PROBE_END;
}

PROBE void weft_probe_chan_close(const void *ch, int result) {
  PROBE_BEGIN;
  _weft_emit(s, WEFT_EV_CHAN_CLOSE, chan_id(s, ch),
             WEFT_WITH_RESULT(0, result < 0 ? -result : result), 0, _weft_stack(s, false));
  PROBE_END;
}

PROBE void weft_probe_chan_free(const void *ch) {
  PROBE_BEGIN;
  _weft_emit(s, WEFT_EV_OBJ_DESTROY, chan_id(s, ch), 0, 0, 0);
  PROBE_END;
}

PROBE void weft_probe_select_begin(unsigned ncases, unsigned flags) {
  PROBE_BEGIN;
  unsigned f = (flags & 1 ? WEFT_SELECT_F_DEFAULT : 0) | (flags & 2 ? WEFT_SELECT_F_TIMEOUT : 0);
  s->chan_waited = false;
  s->select_timed = f != 0;
  _weft_emit(s, WEFT_EV_SELECT_BEGIN, 0, f, ncases, 0);
  PROBE_END;
}

PROBE void weft_probe_select_wait(void) {
  PROBE_BEGIN;
  s->chan_waited = true;
  _weft_block(s, WEFT_EV_SELECT_WAIT, 0, 0, 0, s->select_timed);
  PROBE_END;
}

PROBE void weft_probe_select_end(const void *ch, int index, uint64_t msg, int is_send) {
  PROBE_BEGIN;
  (void)msg; /* the chosen case's own CHAN_SEND / CHAN_RECV carries it */
  unsigned f = waited(s) | (is_send ? WEFT_F_WRITE : 0);
  _weft_emit(s, WEFT_EV_SELECT_END, ch ? chan_id(s, ch) : 0, f,
             index < 0 ? 0 : (uint64_t)index + 1, 0);
  PROBE_END;
}

PROBE void weft_probe_wg_add(const void *wg, long delta, long counter_after) {
  PROBE_BEGIN;
  uint32_t id = _weft_object_id(s, wg, WEFT_OBJ_WAITGROUP, 0);
  _weft_emit(s, WEFT_EV_WAITGROUP, id, delta < 0 ? WEFT_WG_DONE : WEFT_WG_ADD,
             _weft_zigzag(counter_after), _weft_stack(s, false));
  PROBE_END;
}

PROBE void weft_probe_wg_wait(const void *wg) {
  PROBE_BEGIN;
  _weft_block(s, WEFT_EV_WAITGROUP_WAIT, _weft_object_id(s, wg, WEFT_OBJ_WAITGROUP, 0), 0, 0,
              false);
  PROBE_END;
}

PROBE void weft_probe_wg_wake(const void *wg) {
  PROBE_BEGIN;
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_WAITGROUP_WAKE, _weft_object_id(s, wg, WEFT_OBJ_WAITGROUP, 0),
             WEFT_F_WAITED, 0, 0);
  PROBE_END;
}

PROBE void weft_probe_once(const void *once, int ran) {
  PROBE_BEGIN;
  _weft_emit(s, WEFT_EV_ONCE, _weft_object_id(s, once, WEFT_OBJ_ONCE, 0), 0, ran ? 1 : 0, 0);
  PROBE_END;
}

PROBE void weft_probe_ctx_cancel(const void *ctx, int reason) {
  PROBE_BEGIN;
  _weft_emit(s, WEFT_EV_CTX_CANCEL, _weft_object_id(s, ctx, WEFT_OBJ_CONTEXT, 0), 0,
             (uint64_t)reason, 0);
  PROBE_END;
}

PROBE void weft_probe_spawn(const char *name, void *(*fn)(void *)) {
  PROBE_BEGIN;
  /* The thread weft_go is about to create runs fn for the program's call. */
  s->spawn_fn = (uint64_t)(uintptr_t)fn;
  s->spawn_site = _weft_caller_outside(__builtin_return_address(0));
  _weft_emit_blob(s, WEFT_EV_SPAWN, 0, 0, 0, name, name ? strnlen(name, 64) : 0);
  PROBE_END;
}

PROBE void weft_probe_misuse(const void *obj, int kind) {
  PROBE_BEGIN;
  uint32_t id = obj ? _weft_object_id(s, obj, kind == 6 ? WEFT_OBJ_WAITGROUP : WEFT_OBJ_CHANNEL, 0)
                    : chan_id(s, NULL);
  _weft_emit(s, WEFT_EV_MISUSE, id, 0, (uint64_t)kind, _weft_stack(s, false));
  PROBE_END;
}

/* The channel library's timer thread: asleep for ever when no timer is due,
 * in a timed wait otherwise. No event: it is the library's inner working. */
PROBE void weft_probe_timers_wait(int64_t until_ns) {
  PROBE_BEGIN;
  _weft_wait_begin(s, WEFT_EV_SLEEP_BEGIN, 0, 0, 0, until_ns >= 0, _weft_now());
  PROBE_END;
}

PROBE void weft_probe_timers_wake(void) {
  PROBE_BEGIN;
  _weft_wait_end(s);
  PROBE_END;
}
