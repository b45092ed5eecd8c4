/* weft-chan: Go's channels, select, timers, WaitGroup, Once, context and
 * errgroup, for C programs whose threads play the goroutines.
 *
 *   WeftChan *ch = weft_chan_make(sizeof(int), 0);      // make(chan int)
 *   WEFT_GO(worker, ch);                                 // go worker(ch)
 *   int v;
 *   while (weft_chan_range(ch, &v))                      // for v := range ch
 *     printf("%d\n", v);
 *
 * Where Go panics (send on a closed channel, close of a closed or nil channel,
 * a negative WaitGroup counter) these functions return a negative WEFT_ERR_*
 * code, and weft_strerror() gives Go's message. A NULL channel is Go's nil
 * channel: sending to or receiving from it blocks forever, and a select case on
 * it is never ready.
 *
 * Every function is thread-safe. Blocked threads sleep in the kernel (futex);
 * they spin only for a few microseconds first. Durations and deadlines are
 * int64_t nanoseconds; deadlines are on the weft_now() clock (CLOCK_MONOTONIC).
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes. WEFT_ERR_* match the tracer's misuse kinds (3 to 6). */
enum {
  WEFT_OK = 0,
  WEFT_SELECT_DEFAULT = -1,   /* select / try: no case was ready (the default case) */
  WEFT_SELECT_TIMEOUT = -2,   /* select: the timeout expired first */
  WEFT_ERR_SEND_CLOSED = -3,  /* "send on closed channel" */
  WEFT_ERR_CLOSE_CLOSED = -4, /* "close of closed channel" */
  WEFT_ERR_CLOSE_NIL = -5,    /* "close of nil channel" */
  WEFT_ERR_NEGATIVE_WG = -6,  /* "sync: negative WaitGroup counter" */
  WEFT_ERR_NOMEM = -7,
  WEFT_ERR_INVAL = -8,
};

/* Go's message for a return code above (or "success"). */
const char *weft_strerror(int code);

/* Durations, as in Go's time package. */
#define WEFT_NANOSECOND ((int64_t)1)
#define WEFT_MICROSECOND ((int64_t)1000)
#define WEFT_MILLISECOND ((int64_t)1000000)
#define WEFT_SECOND ((int64_t)1000000000)

/* Nanoseconds on CLOCK_MONOTONIC. */
int64_t weft_now(void);
/* time.Sleep: sleeps ns nanoseconds (a real clock_nanosleep, visible to the tracer). */
void weft_sleep(int64_t ns);

/* ---- channels ---------------------------------------------------------- */

typedef struct WeftChan WeftChan;

/* make(chan T, capacity): elements of elem_size bytes (0 is fine: chan struct{}).
 * Capacity 0 is unbuffered. NULL when out of memory. */
WeftChan *weft_chan_make(size_t elem_size, size_t capacity);
/* The same, with a name the tracer and viewer show (copied). */
WeftChan *weft_chan_make_named(size_t elem_size, size_t capacity, const char *name);
#define WEFT_CHAN_MAKE(type, capacity) weft_chan_make(sizeof(type), (capacity))

/* ch <- *elem. Blocks until a receiver takes the value (unbuffered) or there is
 * room in the buffer. 0, or WEFT_ERR_SEND_CLOSED if the channel is closed
 * (also when it gets closed while this send waits). NULL ch: blocks forever. */
int weft_chan_send(WeftChan *ch, const void *elem);
/* Sends a value written inline: WEFT_SEND(ch, int, 42). */
#define WEFT_SEND(ch, type, value) weft_chan_send((ch), &(type){value})

/* v, ok := <-ch. Copies the value to out (if out is not NULL). Once the channel is
 * closed and drained, stores zeros in out and false in *ok (ok may be NULL).
 * Always returns 0. NULL ch: blocks forever. */
int weft_chan_recv(WeftChan *ch, void *out, bool *ok);

/* for v := range ch: while (weft_chan_range(ch, &v)) { ... }
 * Returns false once the channel is closed and drained. */
bool weft_chan_range(WeftChan *ch, void *out);

/* Non-blocking forms (a select with one case and a default). 0 when done,
 * WEFT_SELECT_DEFAULT when it would block, WEFT_ERR_SEND_CLOSED. try_recv on a
 * closed, drained channel returns 0 with *ok false. */
int weft_chan_try_send(WeftChan *ch, const void *elem);
int weft_chan_try_recv(WeftChan *ch, void *out, bool *ok);

/* close(ch): 0, WEFT_ERR_CLOSE_CLOSED, or WEFT_ERR_CLOSE_NIL. Every blocked
 * receiver wakes (ok false); blocked senders get WEFT_ERR_SEND_CLOSED. Values
 * already buffered can still be received. */
int weft_chan_close(WeftChan *ch);

/* len(ch), cap(ch): 0 for NULL. len is a snapshot. */
size_t weft_chan_len(WeftChan *ch);
size_t weft_chan_cap(WeftChan *ch);
const char *weft_chan_name(WeftChan *ch);

/* Frees the channel (no thread may still use it). A timer or ticker channel
 * (weft_after, weft_tick) stops its timer. NULL is fine. */
void weft_chan_free(WeftChan *ch);

/* ---- select ------------------------------------------------------------ */

enum { WEFT_SELECT_SEND = 1, WEFT_SELECT_RECV = 2 };

typedef struct WeftSelectCase {
  int op;       /* WEFT_SELECT_SEND or WEFT_SELECT_RECV */
  WeftChan *ch; /* NULL: the case is never ready (Go's nil channel) */
  void *elem;   /* send: the value to send; recv: where to store it, or NULL */
  bool ok;      /* recv, out: false when the channel was closed and drained */
} WeftSelectCase;

#define WEFT_CASE_SEND(c, ptr) ((WeftSelectCase){.op = WEFT_SELECT_SEND, .ch = (c), .elem = (void *)(ptr)})
#define WEFT_CASE_RECV(c, ptr) ((WeftSelectCase){.op = WEFT_SELECT_RECV, .ch = (c), .elem = (ptr)})

/* The timeout argument of weft_select. */
#define WEFT_SELECT_FOREVER ((int64_t)-1) /* no default: wait until a case is ready */
#define WEFT_SELECT_NOWAIT ((int64_t)0)   /* a select with a default case */

/* select { case ...: }. Waits until one of the n cases can proceed, runs it, and
 * returns its index; when several are ready one is chosen uniformly at random.
 * timeout_ns: WEFT_SELECT_FOREVER, WEFT_SELECT_NOWAIT (returns WEFT_SELECT_DEFAULT
 * if nothing is ready), or a positive duration (returns WEFT_SELECT_TIMEOUT
 * when it expires). A send case on a closed channel returns WEFT_ERR_SEND_CLOSED. */
int weft_select(WeftSelectCase *cases, size_t n, int64_t timeout_ns);

/* ---- timers ------------------------------------------------------------ */

/* time.After: a channel (capacity 1, int64_t elements: weft_now() at firing) that
 * receives one value after ns. Free it with weft_chan_free (which stops the timer). */
WeftChan *weft_after(int64_t ns);
/* time.Tick: a channel that receives weft_now() every period; a tick is dropped if
 * the previous one was not received yet. weft_chan_free stops it. */
WeftChan *weft_tick(int64_t period);

/* time.Ticker. */
typedef struct WeftTicker WeftTicker;
WeftTicker *weft_ticker_new(int64_t period);
WeftChan *weft_ticker_chan(WeftTicker *t); /* ticker.C */
void weft_ticker_stop(WeftTicker *t);      /* no more ticks; the channel stays valid */
void weft_ticker_reset(WeftTicker *t, int64_t period);
void weft_ticker_free(WeftTicker *t); /* stops and frees the ticker and its channel */

/* ---- sync: WaitGroup and Once ------------------------------------------- */

/* A WaitGroup is a plain struct: zero-initialise it (WEFT_WAITGROUP_INIT), as Go's
 * zero value. Fields are private. */
typedef struct WeftWaitGroup {
  long counter;
  unsigned waiters;
  unsigned seq;
} WeftWaitGroup;
#define WEFT_WAITGROUP_INIT {0, 0, 0}

/* wg.Add(delta): 0, or WEFT_ERR_NEGATIVE_WG (the counter is left unchanged). */
int weft_wg_add(WeftWaitGroup *wg, long delta);
/* wg.Done(): weft_wg_add(wg, -1). */
int weft_wg_done(WeftWaitGroup *wg);
/* wg.Wait(): blocks until the counter is zero. */
void weft_wg_wait(WeftWaitGroup *wg);

typedef struct WeftOnce {
  unsigned state;
} WeftOnce;
#define WEFT_ONCE_INIT {0}

/* once.Do(f): calls fn(arg) if no call on this once ran it yet; every caller returns
 * only after that first fn has returned. */
void weft_once_do(WeftOnce *once, void (*fn)(void *arg), void *arg);

/* ---- context ----------------------------------------------------------- */

typedef struct WeftCtx WeftCtx;

enum { WEFT_CTX_CANCELED = 1, WEFT_CTX_DEADLINE_EXCEEDED = 2 };

/* context.Background(): never canceled, no values; weft_ctx_free ignores it. */
WeftCtx *weft_ctx_background(void);
/* context.WithCancel(parent) (NULL parent means background). Cancel it with
 * weft_ctx_cancel; release it with weft_ctx_free, which also cancels it (Go's
 * `defer cancel()`). Canceling a context cancels all its descendants. */
WeftCtx *weft_ctx_with_cancel(WeftCtx *parent);
/* context.WithTimeout / WithDeadline: canceled with WEFT_CTX_DEADLINE_EXCEEDED
 * when the time comes (deadline on the weft_now() clock). */
WeftCtx *weft_ctx_with_timeout(WeftCtx *parent, int64_t ns);
WeftCtx *weft_ctx_with_deadline(WeftCtx *parent, int64_t deadline);
/* context.WithValue: keys compare by pointer. Its done and err are its parent's;
 * weft_ctx_cancel ignores it. */
WeftCtx *weft_ctx_with_value(WeftCtx *parent, const void *key, void *value);

void weft_ctx_cancel(WeftCtx *ctx);
/* ctx.Done(): a channel closed on cancellation; NULL (never ready) for background. */
WeftChan *weft_ctx_done(WeftCtx *ctx);
/* ctx.Err(): 0, WEFT_CTX_CANCELED or WEFT_CTX_DEADLINE_EXCEEDED. */
int weft_ctx_err(WeftCtx *ctx);
/* ctx.Value(key): the value of the nearest ancestor-or-self with that key, or NULL. */
void *weft_ctx_value(WeftCtx *ctx, const void *key);
/* ctx.Deadline(): true and *deadline if the context or an ancestor has one. */
bool weft_ctx_deadline(WeftCtx *ctx, int64_t *deadline);
/* "context canceled" / "context deadline exceeded" / NULL. */
const char *weft_ctx_strerror(int err);
/* Cancels (unless it is a value context) and releases the context. Its children
 * stay valid until they are freed. */
void weft_ctx_free(WeftCtx *ctx);

/* ---- errgroup ---------------------------------------------------------- */

typedef struct WeftErrGroup WeftErrGroup;
/* A task: returns 0, or an error code of the program's choosing (non-zero). */
typedef int (*WeftGroupFn)(WeftCtx *ctx, void *arg);

/* errgroup.WithContext(parent): the group's context is a child of parent (NULL:
 * background), canceled by the first task that fails, or by weft_errgroup_wait. */
WeftErrGroup *weft_errgroup_new(WeftCtx *parent);
WeftCtx *weft_errgroup_ctx(WeftErrGroup *g);
/* g.Go(fn): runs fn(group context, arg) in a new thread. 0 or an error. */
int weft_errgroup_go(WeftErrGroup *g, WeftGroupFn fn, void *arg);
int weft_errgroup_go_named(WeftErrGroup *g, const char *name, WeftGroupFn fn, void *arg);
/* The thread is named after the function: WEFT_ERRGROUP_GO(g, fetch, url). */
#define WEFT_ERRGROUP_GO(g, fn, arg) weft_errgroup_go_named((g), #fn, (fn), (arg))
/* g.Wait(): waits for every task, cancels the context, returns the first error (0 if none). */
int weft_errgroup_wait(WeftErrGroup *g);
/* Frees the group and its context (call weft_errgroup_wait first). */
void weft_errgroup_free(WeftErrGroup *g);

/* ---- spawn: Go's `go` statement ---------------------------------------- */

/* Starts fn(arg) in a new thread named `name` (at most 15 characters kept). With
 * thread NULL the thread is detached, else joinable and its id stored there. */
int weft_go_named(const char *name, void *(*fn)(void *), void *arg, pthread_t *thread);
/* Detached, named after fn's symbol when it can be found, else "go". */
int weft_go(void *(*fn)(void *), void *arg);
/* go worker(arg): a detached thread named "worker". */
#define WEFT_GO(fn, arg) weft_go_named(#fn, (fn), (arg), NULL)
/* The same, joinable: WEFT_GO_JOINABLE(worker, arg, &tid); pthread_join(tid, NULL). */
#define WEFT_GO_JOINABLE(fn, arg, thread) weft_go_named(#fn, (fn), (arg), (thread))

#ifdef __cplusplus
}
#endif
