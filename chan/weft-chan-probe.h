/* The probes: the contract between libweft-chan and the tracer.
 *
 * libweft-chan calls these at each step of each operation. It defines them as
 * empty, non-inlined functions with default visibility and calls them through
 * the PLT, so a preloaded library (libweft-preload.so) or the executable itself
 * can define the same symbols and see every step.
 *
 * Message ids: every value sent gets a unique id (a process-wide counter that
 * starts at 1), assigned when the value leaves the sender (put in the buffer or
 * handed to a waiting receiver), stored beside the value, and delivered to the
 * receiver with it. chan_send on the sender's thread and chan_recv on the
 * receiver's thread carry the same id; pair them by id, not by time.
 *
 * Threads and ordering:
 * - Every probe runs on the thread that did the operation (a timer's sends run
 *   on the "weft-timers" thread), outside the channel's lock, except the *_wait
 *   probes and chan_close, which run while the lock is held: a *_wait is always
 *   recorded before the partner that will wake this thread can see it, and a
 *   close before any receive that sees the channel closed.
 * - chan_send and chan_recv of one message are recorded by two threads after
 *   the transfer; the receive may come a little earlier in time than the send
 *   (always so when the receiver took the value from a blocked sender).
 * - A blocking operation records send_wait / recv_wait / select_wait only when
 *   it is about to sleep (after a fast path failed), then its send / recv /
 *   select_end when it completes.
 * - Within a select the chosen case records chan_send / chan_recv with
 *   WEFT_PROBE_IN_SELECT, then select_end.
 *
 * Probes must be cheap and must never block on another thread.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* chan_send / chan_recv flags. */
enum {
  WEFT_PROBE_NONBLOCK = 1u << 5,  /* a select with a default, or a try operation */
  WEFT_PROBE_OK = 1u << 6,        /* recv: got a value (0: closed and drained) */
  WEFT_PROBE_IN_SELECT = 1u << 7, /* the chosen case of a select */
};

/* select_begin flags. */
enum { WEFT_PROBE_SELECT_DEFAULT = 1, WEFT_PROBE_SELECT_TIMEOUT = 2 };

/* misuse kinds (the same numbers as WeftMisuseKind in the trace format). */
enum {
  WEFT_PROBE_MISUSE_SEND_CLOSED = 3,
  WEFT_PROBE_MISUSE_CLOSE_CLOSED = 4,
  WEFT_PROBE_MISUSE_CLOSE_NIL = 5,
  WEFT_PROBE_MISUSE_NEGATIVE_WG = 6,
};

/* ctx_cancel reasons. */
enum { WEFT_PROBE_CTX_CANCELED = 1, WEFT_PROBE_CTX_DEADLINE = 2 };

/* A channel was made; name is NULL unless the program gave one. */
void weft_probe_chan_make(const void *ch, size_t capacity, size_t elem_size, const char *name);
/* The sender is about to block (ch is NULL for a nil channel: forever). */
void weft_probe_chan_send_wait(const void *ch);
/* The value left the sender: buffered, or handed to a receiver. */
void weft_probe_chan_send(const void *ch, uint64_t msg, unsigned flags);
/* The receiver is about to block (ch NULL: a nil channel, forever). */
void weft_probe_chan_recv_wait(const void *ch);
/* The receiver got message msg; msg 0 (and no WEFT_PROBE_OK) when closed and drained. */
void weft_probe_chan_recv(const void *ch, uint64_t msg, unsigned flags);
/* close(ch); result is 0 or a negative WEFT_ERR_* (then a misuse probe follows). */
void weft_probe_chan_close(const void *ch, int result);
/* weft_chan_free(ch), before the memory is released. */
void weft_probe_chan_free(const void *ch);

/* A select of ncases cases begins; flags: WEFT_PROBE_SELECT_DEFAULT / _TIMEOUT. */
void weft_probe_select_begin(unsigned ncases, unsigned flags);
/* No case was ready: the select is about to block. */
void weft_probe_select_wait(void);
/* The select chose case index on ch (msg as for chan_send / chan_recv), or
 * ch NULL, index -1 for the default case and the timeout. */
void weft_probe_select_end(const void *ch, int index, uint64_t msg, int is_send);

/* WaitGroup add or done (delta -1); counter_after is the counter after it. */
void weft_probe_wg_add(const void *wg, long delta, long counter_after);
/* wg.Wait() begins; wg_wake when it returns. */
void weft_probe_wg_wait(const void *wg);
void weft_probe_wg_wake(const void *wg);
/* once.Do returned; ran is 1 for the call that ran the function. */
void weft_probe_once(const void *once, int ran);
/* A context (a cancelable one, not a value context) was canceled; reason 1
 * canceled, 2 deadline exceeded. Called once per context, including each
 * descendant reached by the cancellation. */
void weft_probe_ctx_cancel(const void *ctx, int reason);
/* weft_go is about to pthread_create a thread named name running fn. */
void weft_probe_spawn(const char *name, void *(*fn)(void *));
/* The timer thread is about to sleep until `until_ns` (weft_now() time), or
 * with no timer pending when until_ns < 0: then only a new timer wakes it, so
 * it does not keep a deadlock detector from seeing that all threads sleep. */
void weft_probe_timers_wait(int64_t until_ns);
/* The timer thread woke up. */
void weft_probe_timers_wake(void);
/* Go would panic: obj is the channel or WaitGroup (NULL for close of nil). */
void weft_probe_misuse(const void *obj, int kind);

#ifdef __cplusplus
}
#endif
