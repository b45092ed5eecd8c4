/* Contexts (Go's context package) and error groups (golang.org/x/sync/errgroup).
 *
 * A context is a node in a tree. Each node keeps its children in a list under
 * its own lock; canceling a node closes its done channel and cancels each child
 * with the same reason while holding the node's lock, so the lock order is
 * always parent before child. A child holds a reference on its parent (its
 * value lookups walk up), and a pending deadline timer holds one on its node. */
#include <stdlib.h>

#include "weft-chan-private.h"

enum { CTX_BACKGROUND, CTX_CANCEL, CTX_VALUE };

struct WeftCtx {
  _WeftLock lock;
  _Atomic uint32_t refs;
  int kind;
  _Atomic int err;   /* CTX_CANCEL */
  WeftChan *done;    /* CTX_CANCEL */
  int64_t deadline;  /* CTX_CANCEL; -1: none of its own */
  _WeftTimer *timer; /* CTX_CANCEL with a deadline */
  const void *key;   /* CTX_VALUE */
  void *value;
  WeftCtx *parent;
  WeftCtx *children;            /* under lock */
  WeftCtx *sib_next, *sib_prev; /* under the parent's lock */
  bool linked;                  /* in the parent's list; under the parent's lock */
};

static WeftCtx background = {.kind = CTX_BACKGROUND, .deadline = -1};

WeftCtx *weft_ctx_background(void) {
  return &background;
}

void _weft_ctx_ref(WeftCtx *ctx) {
  if (ctx->kind != CTX_BACKGROUND)
    atomic_fetch_add_explicit(&ctx->refs, 1, memory_order_relaxed);
}

void _weft_ctx_unref(WeftCtx *ctx) {
  while (ctx && ctx->kind != CTX_BACKGROUND) {
    if (atomic_fetch_sub_explicit(&ctx->refs, 1, memory_order_acq_rel) != 1)
      return;
    WeftCtx *parent = ctx->parent;
    weft_chan_free(ctx->done);
    free(ctx->timer);
    free(ctx);
    ctx = parent;
  }
}

int weft_ctx_err(WeftCtx *ctx) {
  while (ctx && ctx->kind == CTX_VALUE)
    ctx = ctx->parent;
  if (!ctx || ctx->kind == CTX_BACKGROUND)
    return 0;
  return atomic_load_explicit(&ctx->err, memory_order_acquire);
}

WeftChan *weft_ctx_done(WeftCtx *ctx) {
  while (ctx && ctx->kind == CTX_VALUE)
    ctx = ctx->parent;
  return ctx && ctx->kind == CTX_CANCEL ? ctx->done : NULL;
}

void *weft_ctx_value(WeftCtx *ctx, const void *key) {
  for (; ctx; ctx = ctx->parent)
    if (ctx->kind == CTX_VALUE && ctx->key == key)
      return ctx->value;
  return NULL;
}

bool weft_ctx_deadline(WeftCtx *ctx, int64_t *deadline) {
  for (; ctx; ctx = ctx->parent) {
    if (ctx->kind == CTX_CANCEL && ctx->deadline >= 0) {
      if (deadline)
        *deadline = ctx->deadline;
      return true;
    }
  }
  return false;
}

const char *weft_ctx_strerror(int err) {
  switch (err) {
  case WEFT_CTX_CANCELED: return "context canceled";
  case WEFT_CTX_DEADLINE_EXCEEDED: return "context deadline exceeded";
  default: return NULL;
  }
}

static void cancel(WeftCtx *ctx, int reason) {
  if (ctx->kind == CTX_BACKGROUND)
    return;
  _weft_lock(&ctx->lock);
  if (ctx->kind == CTX_CANCEL) {
    int expected = 0;
    if (!atomic_compare_exchange_strong_explicit(&ctx->err, &expected, reason,
                                                 memory_order_acq_rel, memory_order_acquire)) {
      _weft_unlock(&ctx->lock);
      return;
    }
    weft_probe_ctx_cancel(ctx, reason);
    weft_chan_close(ctx->done);
  }
  for (WeftCtx *c = ctx->children; c; c = c->sib_next)
    cancel(c, reason);
  _weft_unlock(&ctx->lock);
  if (ctx->timer)
    _weft_timer_stop(ctx->timer);
}

void weft_ctx_cancel(WeftCtx *ctx) {
  if (ctx && ctx->kind == CTX_CANCEL)
    cancel(ctx, WEFT_CTX_CANCELED);
}

void _weft_ctx_fire(WeftCtx *ctx) {
  cancel(ctx, WEFT_CTX_DEADLINE_EXCEEDED);
}

static WeftCtx *ctx_new(WeftCtx *parent, int kind) {
  if (!parent)
    parent = &background;
  WeftCtx *ctx = calloc(1, sizeof *ctx);
  if (!ctx)
    return NULL;
  ctx->kind = kind;
  ctx->deadline = -1;
  atomic_init(&ctx->refs, 1);
  if (kind == CTX_CANCEL && !(ctx->done = weft_chan_make_named(0, 0, "ctx.Done"))) {
    free(ctx);
    return NULL;
  }
  _weft_ctx_ref(parent);
  ctx->parent = parent;
  if (parent->kind == CTX_BACKGROUND)
    return ctx;
  /* Linking under the parent's lock: a cancellation of an ancestor sets its err
   * before it cascades, so either we see it here or it reaches us. */
  _weft_lock(&parent->lock);
  int err = weft_ctx_err(parent);
  if (!err) {
    ctx->sib_next = parent->children;
    if (parent->children)
      parent->children->sib_prev = ctx;
    parent->children = ctx;
    ctx->linked = true;
  }
  _weft_unlock(&parent->lock);
  if (err)
    cancel(ctx, err);
  return ctx;
}

WeftCtx *weft_ctx_with_cancel(WeftCtx *parent) {
  return ctx_new(parent, CTX_CANCEL);
}

WeftCtx *weft_ctx_with_deadline(WeftCtx *parent, int64_t deadline) {
  int64_t inherited;
  if (weft_ctx_deadline(parent, &inherited) && inherited <= deadline)
    return ctx_new(parent, CTX_CANCEL); /* the parent's deadline comes first */
  WeftCtx *ctx = ctx_new(parent, CTX_CANCEL);
  if (!ctx)
    return NULL;
  ctx->deadline = deadline;
  if (deadline <= weft_now()) {
    cancel(ctx, WEFT_CTX_DEADLINE_EXCEEDED);
    return ctx;
  }
  if (!(ctx->timer = calloc(1, sizeof *ctx->timer)))
    return ctx; /* out of memory: it only gets canceled explicitly */
  ctx->timer->index = -1;
  ctx->timer->kind = _WEFT_TIMER_CTX;
  ctx->timer->owner = ctx;
  _weft_timer_start(ctx->timer, deadline, 0);
  /* A cancellation that raced with the start may have missed the timer. */
  if (weft_ctx_err(ctx))
    _weft_timer_stop(ctx->timer);
  return ctx;
}

WeftCtx *weft_ctx_with_timeout(WeftCtx *parent, int64_t ns) {
  return weft_ctx_with_deadline(parent, weft_now() + ns);
}

WeftCtx *weft_ctx_with_value(WeftCtx *parent, const void *key, void *value) {
  WeftCtx *ctx = ctx_new(parent, CTX_VALUE);
  if (ctx) {
    ctx->key = key;
    ctx->value = value;
  }
  return ctx;
}

void weft_ctx_free(WeftCtx *ctx) {
  if (!ctx || ctx->kind == CTX_BACKGROUND)
    return;
  if (ctx->kind == CTX_CANCEL)
    cancel(ctx, WEFT_CTX_CANCELED);
  WeftCtx *parent = ctx->parent;
  if (parent->kind != CTX_BACKGROUND) {
    _weft_lock(&parent->lock);
    if (ctx->linked) {
      if (ctx->sib_prev)
        ctx->sib_prev->sib_next = ctx->sib_next;
      else
        parent->children = ctx->sib_next;
      if (ctx->sib_next)
        ctx->sib_next->sib_prev = ctx->sib_prev;
      ctx->linked = false;
    }
    _weft_unlock(&parent->lock);
  }
  _weft_ctx_unref(ctx);
}

/* ---- errgroup ---------------------------------------------------------- */

struct WeftErrGroup {
  WeftCtx *ctx;
  WeftWaitGroup wg;
  int err;
};

typedef struct {
  WeftErrGroup *g;
  WeftGroupFn fn;
  void *arg;
} GroupTask;

WeftErrGroup *weft_errgroup_new(WeftCtx *parent) {
  WeftErrGroup *g = calloc(1, sizeof *g);
  if (!g)
    return NULL;
  if (!(g->ctx = weft_ctx_with_cancel(parent))) {
    free(g);
    return NULL;
  }
  return g;
}

WeftCtx *weft_errgroup_ctx(WeftErrGroup *g) {
  return g->ctx;
}

static void *group_task(void *p) {
  GroupTask task = *(GroupTask *)p;
  free(p);
  WeftErrGroup *g = task.g;
  int r = task.fn(g->ctx, task.arg);
  int none = 0;
  if (r != 0 && __atomic_compare_exchange_n(&g->err, &none, r, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE))
    weft_ctx_cancel(g->ctx);
  weft_wg_done(&g->wg); /* the last touch of g: Wait may return and free it */
  return NULL;
}

int weft_errgroup_go_named(WeftErrGroup *g, const char *name, WeftGroupFn fn, void *arg) {
  if (!g || !fn)
    return WEFT_ERR_INVAL;
  GroupTask *task = malloc(sizeof *task);
  if (!task)
    return WEFT_ERR_NOMEM;
  *task = (GroupTask){g, fn, arg};
  weft_wg_add(&g->wg, 1);
  int r = weft_go_named(name ? name : "errgroup", group_task, task, NULL);
  if (r != 0) {
    free(task);
    weft_wg_done(&g->wg);
  }
  return r;
}

int weft_errgroup_go(WeftErrGroup *g, WeftGroupFn fn, void *arg) {
  return weft_errgroup_go_named(g, "errgroup", fn, arg);
}

int weft_errgroup_wait(WeftErrGroup *g) {
  weft_wg_wait(&g->wg);
  weft_ctx_cancel(g->ctx);
  return __atomic_load_n(&g->err, __ATOMIC_ACQUIRE);
}

void weft_errgroup_free(WeftErrGroup *g) {
  if (!g)
    return;
  weft_ctx_free(g->ctx);
  free(g);
}
