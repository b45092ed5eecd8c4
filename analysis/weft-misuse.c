/* weft-misuse.c: misuse of the threading API, read from a trace's events.
 *
 * The finder keeps its own small account of each object (who holds a mutex
 * and how deep, which mutex a condition's waiters use, a barrier's rounds,
 * which threads were joined or detached) rather than the replay's, because
 * it must tell apart what the replay forgives: an unlock of a mutex nobody
 * holds, a second join. */
#include "weft-misuse.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-analysis-i18n.h"
#include "weft-grow.h"
#include "weft-stack-view.h"
#include "weft-text.h"
#include "weft-thread-names.h"

typedef struct {
  uint32_t holder, depth, holder_stack;
  uint32_t init_stack;
  uint32_t last_releaser;
  /* A holder whose release is still to come when another thread's acquire came:
   * stamps taken on two cores can reach the trace a little out of order. */
  uint32_t overtaken[WEFT_OVERTAKEN_MAX];
  uint32_t readers;    /* rwlock: read holds, all threads */
  uint32_t cond_mutex; /* the mutex the current waiters use */
  uint32_t cond_waiters;
  uint32_t count;   /* barrier: threads per round */
  uint32_t arrived; /* barrier: in the round under way */
  uint32_t round;   /* barrier: rounds filled */
  int mutex_type;   /* PTHREAD_MUTEX_*, from the init call */
  bool inited, destroyed, ever_locked;
} ObjState;

typedef struct {
  bool joined, detached;
  uint32_t barrier, round; /* the round of its latest barrier wait */
} ThreadState;

/* An open-addressing map from a 64-bit key to a count or an id. */
typedef struct {
  uint64_t *keys;
  uint32_t *values;
  size_t cap, n;
} Map;

struct WeftMisuseFinder {
  const WeftTrace *t;
  ObjState *objs;
  size_t nobjs;
  ThreadState *threads;
  size_t nthreads;
  Map live_at;    /* address -> id of the object initialised there */
  Map read_holds; /* object << 32 | thread -> read holds */
  WeftMisuse *out;
  size_t nout;
  bool ownership_known; /* no chunk of the run was dropped */
  bool process_exited;  /* a lane ended by exit() or a return from main */
  bool oom;
};

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x9e3779b97f4a7c15ULL;
  return x ^ (x >> 29);
}

/* The value slot of key (0 is no key), made if absent; NULL when out of memory. */
static uint32_t *map_slot(Map *m, uint64_t key) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    Map g = {calloc(cap, sizeof *g.keys), calloc(cap, sizeof *g.values), cap, 0};
    if (!g.keys || !g.values) {
      free(g.keys);
      free(g.values);
      return NULL;
    }
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i])
        *map_slot(&g, m->keys[i]) = m->values[i];
    free(m->keys);
    free(m->values);
    *m = g;
  }
  size_t i = mix(key) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != key)
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->values[i] = 0;
    m->n++;
  }
  return &m->values[i];
}

static void map_free(Map *m) {
  free(m->keys);
  free(m->values);
}

WeftMisuseFinder *weft_misuse_finder_new(const WeftTrace *t) {
  WeftMisuseFinder *f = calloc(1, sizeof *f);
  if (!f)
    return NULL;
  f->t = t;
  f->ownership_known = weft_trace_info(t)->dropped_chunks == 0;
  return f;
}

void weft_misuse_finder_free(WeftMisuseFinder *f) {
  if (!f)
    return;
  free(f->objs);
  free(f->threads);
  map_free(&f->live_at);
  map_free(&f->read_holds);
  free(f->out);
  free(f);
}

static ObjState *obj(WeftMisuseFinder *f, uint32_t id) {
  if (!id)
    return NULL;
  if (id > WEFT_MAX_ID || !weft_grow((void **)&f->objs, &f->nobjs, (size_t)id + 1, sizeof *f->objs)) {
    f->oom = true;
    return NULL;
  }
  return &f->objs[id];
}

static ThreadState *thread(WeftMisuseFinder *f, uint32_t tid) {
  if (!tid)
    return NULL;
  if (tid > WEFT_MAX_ID ||
      !weft_grow((void **)&f->threads, &f->nthreads, (size_t)tid + 1, sizeof *f->threads)) {
    f->oom = true;
    return NULL;
  }
  return &f->threads[tid];
}

static void add(WeftMisuseFinder *f, WeftMisuse m) {
  WeftMisuse *g = realloc(f->out, (f->nout + 1) * sizeof *g);
  if (!g) {
    f->oom = true;
    return;
  }
  f->out = g;
  f->out[f->nout++] = m;
}

static void found(WeftMisuseFinder *f, const WeftEvent *e, unsigned kind, uint32_t stack,
                  uint32_t other, int err) {
  add(f, (WeftMisuse){e->thread, e->object, stack, kind, e->time, other, err, NULL});
}

/* Whatever else a call returned: its name and errno, no hint beyond. */
static void call_failed(WeftMisuseFinder *f, const WeftEvent *e, uint32_t stack, const char *call,
                        int err) {
  add(f, (WeftMisuse){e->thread, e->object, stack, WEFT_MISUSE_CALL_FAILED, e->time, 0, err, call});
}

static unsigned kind_of(const WeftMisuseFinder *f, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(f->t, id) : NULL;
  return o ? o->kind : WEFT_OBJ_UNKNOWN;
}

/* The stack of the call an event ends: its own, else the wait it completes. */
static uint32_t stack_of(const WeftReplay *r, const WeftEvent *e) {
  if (e->stack)
    return e->stack;
  const WeftThreadNow *s = weft_replay_thread(r, e->thread);
  return s ? (s->wait_event ? s->wait_stack : s->last_stack) : 0;
}

/* The C function of an event, the end of a wait included (its call is the
 * one that began it). */
static const char *call_of(const WeftMisuseFinder *f, const WeftEvent *e) {
  WeftEvent call = *e;
  call.flags = (uint16_t)(call.flags & ~WEFT_F_WAITED);
  const char *name = weft_event_call_name(f->t, &call);
  return name ? name : weft_event_type_name(e->type);
}

/* The outcomes a program expects from a try or a timeout: not failures. */
static bool expected_result(int err) {
  return err == 0 || err == EBUSY || err == ETIMEDOUT || err == EAGAIN || err == EINTR ||
         err == ECANCELED || err == EOWNERDEAD;
}

/* Held, or waited on: a re-init pulls it from under its users. */
static bool in_use(const ObjState *o) {
  return o->holder || o->readers || o->cond_waiters || o->arrived;
}

/* The same line of the program: a function run again whose local object
 * lies where the last one did, not a second init of one object. */
static bool same_line(const WeftTrace *t, uint32_t a, uint32_t b) {
  size_t na, nb;
  const WeftFrame *fa = weft_trace_stack(t, a, &na), *fb = weft_trace_stack(t, b, &nb);
  if (!fa || !fb || !na || !nb)
    return true; /* no stacks: not known to differ, so not told */
  size_t ua = weft_stack_user_frame(fa, na), ub = weft_stack_user_frame(fb, nb);
  return ua < na && ub < nb && fa[ua].pc == fb[ub].pc;
}

static void on_init(WeftMisuseFinder *f, const WeftEvent *e, ObjState *o, unsigned kind) {
  int err = (int)WEFT_RESULT(e->flags);
  if (err) {
    if (kind == WEFT_OBJ_BARRIER && e->arg == 0)
      found(f, e, WEFT_MISUSE_BARRIER_COUNT_ZERO, e->stack, 0, err);
    else if (kind == WEFT_OBJ_SEMAPHORE && err == EINVAL)
      found(f, e, WEFT_MISUSE_SEM_BAD_VALUE, e->stack, 0, err);
    else
      call_failed(f, e, e->stack, call_of(f, e), err);
    return;
  }
  const WeftObject *def = weft_trace_object(f->t, e->object);
  if (def && def->address && !(e->flags & WEFT_F_NAMED)) {
    uint32_t *at = map_slot(&f->live_at, def->address);
    if (!at) {
      f->oom = true;
      return;
    }
    ObjState *old = *at && *at != e->object ? obj(f, *at) : NULL;
    if (old && old->inited && !old->destroyed && kind_of(f, *at) == kind &&
        (in_use(old) || !same_line(f->t, old->init_stack, e->stack)))
      found(f, e, WEFT_MISUSE_REINIT_LIVE, e->stack, *at, 0);
    *at = e->object;
  }
  o->init_stack = e->stack;
  o->inited = true;
  o->destroyed = false;
  o->mutex_type = kind == WEFT_OBJ_MUTEX ? (int)e->arg : 0;
  o->count = kind == WEFT_OBJ_BARRIER ? (uint32_t)e->arg : 0;
}

static void on_destroy(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e, ObjState *o,
                       unsigned kind) {
  int err = (int)WEFT_RESULT(e->flags);
  bool told = false;
  if (kind == WEFT_OBJ_CONDVAR && o->cond_waiters) {
    found(f, e, WEFT_MISUSE_DESTROY_COND_WAITERS, stack_of(r, e), o->cond_waiters, err);
    told = true;
  } else if (kind == WEFT_OBJ_BARRIER && o->arrived) {
    found(f, e, WEFT_MISUSE_DESTROY_BARRIER_WAITERS, stack_of(r, e), o->arrived, err);
    told = true;
  } else if ((kind == WEFT_OBJ_RWLOCK || kind == WEFT_OBJ_SPINLOCK) && (o->holder || o->readers) &&
             f->ownership_known) {
    found(f, e, WEFT_MISUSE_DESTROY_LOCKED, stack_of(r, e), 0, err);
    told = true;
  } else if (kind == WEFT_OBJ_MUTEX && err == EBUSY) {
    told = true; /* the preload's own DESTROY_LOCKED follows */
  }
  if (err && !told)
    call_failed(f, e, stack_of(r, e), call_of(f, e), err);
  o->destroyed = true;
  const WeftObject *def = weft_trace_object(f->t, e->object);
  if (def && def->address && f->live_at.cap) {
    uint32_t *at = map_slot(&f->live_at, def->address);
    if (at && *at == e->object)
      *at = 0;
  }
}

static void on_acquire(WeftMisuseFinder *f, const WeftEvent *e, ObjState *o, unsigned kind) {
  o->ever_locked = true;
  if (kind == WEFT_OBJ_RWLOCK && !(e->flags & WEFT_F_WRITE)) {
    uint32_t *n = map_slot(&f->read_holds, (uint64_t)e->object << 32 | e->thread);
    if (!n) {
      f->oom = true;
      return;
    }
    ++*n;
    o->readers++;
  } else if (kind == WEFT_OBJ_SEMAPHORE) {
    return;
  } else if (o->holder == e->thread) {
    o->depth++;
  } else {
    if (o->holder)
      weft_overtaken_add(o->overtaken, o->holder);
    o->holder = e->thread;
    o->depth = 1;
    o->holder_stack = e->stack;
  }
}

static void on_fail(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e, unsigned kind) {
  int err = (int)WEFT_RESULT(e->flags);
  if (expected_result(err))
    return;
  uint32_t stack = stack_of(r, e);
  if (err == EDEADLK && kind == WEFT_OBJ_MUTEX)
    found(f, e, WEFT_MISUSE_ERRORCHECK_RELOCK, stack, 0, err);
  else if (err == EDEADLK && kind == WEFT_OBJ_RWLOCK)
    found(f, e, WEFT_MISUSE_RWLOCK_RELOCK, stack, 0, err);
  else if (err == EINVAL && !((e->flags & WEFT_F_TIMED) && (e->flags & WEFT_F_WAITED)))
    found(f, e, WEFT_MISUSE_NOT_INITIALISED, stack, 0, err);
  else /* EINVAL from a timed wait the lock let begin: its time was wrong */
    call_failed(f, e, stack, call_of(f, e), err);
}

static void rwlock_release(WeftMisuseFinder *f, const WeftEvent *e, ObjState *o) {
  if (o->holder != e->thread && weft_overtaken_take(o->overtaken, e->thread))
    return;
  if (o->holder == e->thread) {
    o->holder = 0;
    o->last_releaser = e->thread;
    return;
  }
  uint32_t *n = map_slot(&f->read_holds, (uint64_t)e->object << 32 | e->thread);
  if (!n) {
    f->oom = true;
    return;
  }
  if (*n) {
    --*n;
    o->readers--;
  } else if (f->ownership_known) {
    found(f, e, WEFT_MISUSE_RWLOCK_UNLOCK_NOT_HELD, e->stack, o->holder, 0);
  }
}

static void mutex_release(WeftMisuseFinder *f, const WeftEvent *e, ObjState *o, unsigned kind,
                          int err) {
  if (o->holder == e->thread) {
    if (err)
      return; /* refused: it still holds it */
    if (--o->depth == 0) {
      o->holder = 0;
      o->last_releaser = e->thread;
    }
    return;
  }
  if (!err && weft_overtaken_take(o->overtaken, e->thread)) /* its release, stamped late */
    return;
  if (o->holder) {
    /* Another thread's: the preload writes UNLOCK_NOT_OWNER for mutexes. */
    if (kind == WEFT_OBJ_SPINLOCK)
      found(f, e, WEFT_MISUSE_UNLOCK_NOT_OWNER, e->stack, o->holder, err);
    if (!err) { /* a normal mutex lets anyone unlock it: now it is free */
      o->holder = 0;
      o->last_releaser = e->thread;
    }
    return;
  }
  if (!f->ownership_known)
    return;
  unsigned k = o->mutex_type == PTHREAD_MUTEX_RECURSIVE && o->ever_locked
                   ? WEFT_MISUSE_RECURSIVE_OVER_UNLOCK
               : o->ever_locked ? WEFT_MISUSE_DOUBLE_UNLOCK
                                : WEFT_MISUSE_UNLOCK_NEVER_LOCKED;
  found(f, e, k, e->stack, o->last_releaser, err);
  o->last_releaser = e->thread;
}

static void on_release(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e, ObjState *o,
                       unsigned kind) {
  int err = (int)WEFT_RESULT(e->flags);
  if (kind == WEFT_OBJ_SEMAPHORE) {
    if (err == EOVERFLOW)
      found(f, e, WEFT_MISUSE_SEM_OVERFLOW, stack_of(r, e), 0, err);
    else if (err == EINVAL)
      found(f, e, WEFT_MISUSE_NOT_INITIALISED, stack_of(r, e), 0, err);
    else if (err)
      call_failed(f, e, stack_of(r, e), call_of(f, e), err);
    return;
  }
  if (err == EINVAL) {
    found(f, e, WEFT_MISUSE_NOT_INITIALISED, stack_of(r, e), 0, err);
    return;
  }
  if (kind == WEFT_OBJ_RWLOCK)
    rwlock_release(f, e, o);
  else
    mutex_release(f, e, o, kind, err);
}

static void on_cond_wait(WeftMisuseFinder *f, const WeftEvent *e, ObjState *c) {
  uint32_t mid = (uint32_t)e->arg;
  ObjState *m = obj(f, mid);
  if (!m)
    return;
  unsigned mk = kind_of(f, mid);
  if ((mk != WEFT_OBJ_MUTEX && mk != WEFT_OBJ_UNKNOWN) ||
      (m->holder != e->thread && f->ownership_known && mk == WEFT_OBJ_MUTEX))
    found(f, e, WEFT_MISUSE_COND_WAIT_NOT_HELD, e->stack, mid, 0);
  else if (c->cond_waiters && c->cond_mutex && c->cond_mutex != mid)
    found(f, e, WEFT_MISUSE_COND_WAIT_OTHER_MUTEX, e->stack, c->cond_mutex, 0);
  if (!c->cond_waiters)
    c->cond_mutex = mid;
  c->cond_waiters++;
  if (m->holder == e->thread) { /* the wait gives it up, however deep */
    m->holder = 0;
    m->depth = 0;
  }
}

static void on_cond_wake(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e,
                         ObjState *c) {
  int err = (int)WEFT_RESULT(e->flags);
  if (c->cond_waiters)
    c->cond_waiters--;
  ObjState *m = obj(f, (uint32_t)e->arg);
  if (m && (err == 0 || err == ETIMEDOUT || err == ECANCELED)) {
    if (m->holder && m->holder != e->thread)
      weft_overtaken_add(m->overtaken, m->holder);
    m->holder = e->thread;
    m->depth = 1;
    m->ever_locked = true;
  }
  /* EPERM: the mutex was not held, told at the wait */
  if (!expected_result(err) && err != EPERM)
    call_failed(f, e, stack_of(r, e),
                e->flags & WEFT_F_TIMED ? "pthread_cond_timedwait" : "pthread_cond_wait", err);
}

static void on_barrier_wait(WeftMisuseFinder *f, const WeftEvent *e, ObjState *b) {
  ThreadState *th = thread(f, e->thread);
  if (th) {
    th->barrier = e->object;
    th->round = b->round;
  }
  if (b->count && ++b->arrived >= b->count) {
    b->arrived = 0;
    b->round++;
  }
}

static void on_join(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e) {
  uint32_t target = (uint32_t)e->arg;
  ThreadState *th = thread(f, target);
  int err = (int)WEFT_RESULT(e->flags);
  bool begins = e->type == WEFT_EV_JOIN_BEGIN || (e->flags & WEFT_F_TRY);
  if (begins) {
    uint32_t stack = stack_of(r, e);
    if (target == e->thread)
      found(f, e, WEFT_MISUSE_JOIN_SELF, stack, target, EDEADLK);
    else if (th && th->detached)
      found(f, e, WEFT_MISUSE_JOIN_DETACHED, stack, target, 0);
    else if (th && th->joined)
      found(f, e, WEFT_MISUSE_JOIN_JOINED, stack, target, 0);
    else if (e->type == WEFT_EV_JOIN_END && !expected_result(err))
      call_failed(f, e, stack, call_of(f, e), err);
  } else if (!expected_result(err) && target != e->thread && th && !th->detached && !th->joined) {
    call_failed(f, e, stack_of(r, e),
                e->flags & WEFT_F_TIMED ? "pthread_timedjoin_np" : "pthread_join", err);
  }
  if (e->type == WEFT_EV_JOIN_END && err == 0 && th)
    th->joined = true;
}

static void on_detach(WeftMisuseFinder *f, const WeftEvent *e) {
  ThreadState *th = thread(f, (uint32_t)e->arg);
  int err = (int)WEFT_RESULT(e->flags);
  if (th && th->detached)
    found(f, e, WEFT_MISUSE_DETACH_TWICE, e->stack, (uint32_t)e->arg, err);
  else if (err)
    call_failed(f, e, e->stack, "pthread_detach", err);
  if (th && !err)
    th->detached = true;
}

/* The replay forgives: a lock another thread unlocked, or one destroyed,
 * stays in its holder's list. */
static bool still_held(WeftMisuseFinder *f, uint32_t tid, uint32_t id) {
  ObjState *o = obj(f, id);
  if (!o || o->destroyed)
    return false;
  return o->holder == tid || (kind_of(f, id) == WEFT_OBJ_RWLOCK && o->readers);
}

/* The program's own process, not a child of a family: its exit ends the run. */
static bool in_root_process(const WeftMisuseFinder *f, const WeftEvent *e) {
  const WeftThread *th = weft_trace_thread(f->t, e->thread);
  return !th || !th->process;
}

/* A thread ending with locks: for ever held if it alone ends, left to die
 * with the process if it ends it. */
static void on_thread_end(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e) {
  const WeftThreadNow *s = weft_replay_thread(r, e->thread);
  if (e->arg == WEFT_END_PROCESS_EXIT)
    f->process_exited |= in_root_process(f, e);
  if (!s)
    return;
  unsigned kind = e->arg == WEFT_END_PROCESS_EXIT ? WEFT_MISUSE_PROCESS_END_HOLDING_LOCK
                                                  : WEFT_MISUSE_EXIT_HOLDING_LOCK;
  for (int k = 0; k < s->nheld; k++)
    if (still_held(f, e->thread, s->held[k].object))
      add(f,
          (WeftMisuse){e->thread, s->held[k].object, s->held[k].stack, kind, e->time, 0, 0, NULL});
}

bool weft_misuse_feed(WeftMisuseFinder *f, const WeftReplay *r, const WeftEvent *e) {
  unsigned kind = kind_of(f, e->object);
  ObjState *o = e->object ? obj(f, e->object) : NULL;
  if (e->object && !o)
    return false;
  switch (e->type) {
  case WEFT_EV_OBJ_INIT: /* object 0: a damaged trace */
    if (o)
      on_init(f, e, o, kind);
    break;
  case WEFT_EV_OBJ_DESTROY:
    if (o)
      on_destroy(f, r, e, o, kind);
    break;
  case WEFT_EV_LOCK_ACQUIRE:
    if (o)
      on_acquire(f, e, o, kind);
    break;
  case WEFT_EV_LOCK_FAIL: on_fail(f, r, e, kind); break;
  case WEFT_EV_LOCK_RELEASE:
    if (o)
      on_release(f, r, e, o, kind);
    break;
  case WEFT_EV_COND_WAIT:
    if (o)
      on_cond_wait(f, e, o);
    break;
  case WEFT_EV_COND_WAKE:
    if (o)
      on_cond_wake(f, r, e, o);
    break;
  case WEFT_EV_COND_SIGNAL:
  case WEFT_EV_COND_BROADCAST:
  case WEFT_EV_BARRIER_LEAVE:
  case WEFT_EV_THREAD_CREATE:
    if (WEFT_RESULT(e->flags) && !expected_result((int)WEFT_RESULT(e->flags)))
      call_failed(f, e, stack_of(r, e),
                  e->type == WEFT_EV_BARRIER_LEAVE ? "pthread_barrier_wait" : call_of(f, e),
                  (int)WEFT_RESULT(e->flags));
    break;
  case WEFT_EV_BARRIER_WAIT:
    if (o)
      on_barrier_wait(f, e, o);
    break;
  case WEFT_EV_JOIN_BEGIN:
  case WEFT_EV_JOIN_END: on_join(f, r, e); break;
  case WEFT_EV_DETACH: on_detach(f, e); break;
  case WEFT_EV_THREAD_END: on_thread_end(f, r, e); break;
  case WEFT_EV_PROCESS_EXIT: f->process_exited |= in_root_process(f, e); break;
  case WEFT_EV_MISUSE:
    add(f, (WeftMisuse){e->thread, e->object, e->stack, (unsigned)e->arg, e->time, 0, 0, NULL});
    break;
  default: break;
  }
  return !f->oom;
}

bool weft_misuse_finish(WeftMisuseFinder *f, const WeftReplay *r) {
  const WeftTraceInfo *info = weft_trace_info(f->t);
  /* Killed by a signal (weft record wrote 128 + its number): what each
   * thread held then, the abort path included. */
  int signal = info->closed_cleanly && !f->process_exited && info->exit_status > 128 &&
                       info->exit_status < 128 + 65
                   ? info->exit_status - 128
                   : 0;
  for (uint32_t tid = 1; tid <= weft_replay_max_thread(r); tid++) {
    const WeftThreadNow *s = weft_replay_thread(r, tid);
    if (!s || s->ended)
      continue;
    for (int k = 0; signal && k < s->nheld; k++)
      if (still_held(f, tid, s->held[k].object))
        add(f, (WeftMisuse){tid, s->held[k].object, s->held[k].stack,
                            WEFT_MISUSE_PROCESS_END_HOLDING_LOCK, weft_replay_time(r),
                            (uint32_t)signal, 0, NULL});
    /* Still at a barrier whose round never filled, after rounds that did:
     * more threads wait on it than its count. */
    if (s->wait_event == WEFT_EV_BARRIER_WAIT && !weft_misuse_barrier_opened(f, tid)) {
      ObjState *b = obj(f, s->wait_object);
      if (b && b->count && b->round > 0)
        add(f, (WeftMisuse){tid, s->wait_object, s->wait_stack, WEFT_MISUSE_BARRIER_OVERSUBSCRIBED,
                            s->wait_since, b->count, 0, NULL});
    }
  }
  return !f->oom;
}

bool weft_misuse_barrier_opened(const WeftMisuseFinder *f, uint32_t tid) {
  if (tid >= f->nthreads || !f->threads[tid].barrier)
    return false;
  const ThreadState *th = &f->threads[tid];
  uint32_t b = th->barrier;
  return b < f->nobjs && f->objs[b].count && f->objs[b].round > th->round;
}

WeftMisuse *weft_misuse_take(WeftMisuseFinder *f, size_t *n) {
  WeftMisuse *out = f->out;
  *n = f->nout;
  f->out = NULL;
  f->nout = 0;
  return out;
}

WeftMisuse *weft_misuse_find(const WeftTrace *t, size_t *n, bool *complete) {
  *n = 0;
  *complete = false;
  WeftReplay *r = weft_replay_new(t);
  WeftMisuseFinder *f = weft_misuse_finder_new(t);
  WeftMisuse *out = NULL;
  WeftEventCursor *c = weft_event_cursor_new(t); /* a whole trace or a streamed one */
  if (r && f && c) {
    bool ok = true;
    WeftEvent e;
    while (ok && weft_event_cursor_next(c, &e))
      ok = weft_misuse_feed(f, r, &e) && weft_replay_feed(r, &e);
    ok = ok && weft_misuse_finish(f, r);
    out = weft_misuse_take(f, n);
    *complete = ok;
  }
  weft_event_cursor_free(c);
  weft_misuse_finder_free(f);
  weft_replay_free(r);
  return out;
}

/* ---- words ---- */

typedef struct {
  const char *id;
  const char *title; /* N_(): translated when shown */
} KindWords;

static const KindWords kinds[WEFT_MISUSE_KIND_LIMIT_] = {
    [WEFT_MISUSE_UNLOCK_NOT_OWNER] = {"unlock-not-owner",
                                      N_("Unlocks by a thread that does not hold the mutex")},
    [WEFT_MISUSE_DESTROY_LOCKED] = {"destroy-locked", N_("Locks destroyed while held")},
    [WEFT_MISUSE_SEND_ON_CLOSED] = {"send-on-closed", N_("Sends on a closed channel")},
    [WEFT_MISUSE_CLOSE_CLOSED] = {"close-closed", N_("Channels closed twice")},
    [WEFT_MISUSE_CLOSE_NIL] = {"close-nil", N_("Closes of a channel never made")},
    [WEFT_MISUSE_NEGATIVE_WAITGROUP] = {"negative-waitgroup", N_("WaitGroups made negative")},
    [WEFT_MISUSE_EXIT_HOLDING_LOCK] = {"exit-holding-lock",
                                       N_("Threads that ended holding a lock")},
    [WEFT_MISUSE_WG_ADD_IN_WORKER] = {"add-in-worker",
                                      N_("WaitGroup Add made by the worker it counts")},
    [WEFT_MISUSE_WG_ADD_RACES_WAIT] = {"add-races-wait", N_("WaitGroup Add racing with Wait")},
    [WEFT_MISUSE_COND_WAIT_NOT_HELD] = {"cond-wait-not-held",
                                        N_("Condition waits without the mutex held")},
    [WEFT_MISUSE_COND_WAIT_OTHER_MUTEX] = {"cond-wait-other-mutex",
                                           N_("Condition waits with two different mutexes")},
    [WEFT_MISUSE_DOUBLE_UNLOCK] = {"double-unlock", N_("Unlocks of a mutex already unlocked")},
    [WEFT_MISUSE_UNLOCK_NEVER_LOCKED] = {"unlock-never-locked",
                                         N_("Unlocks of a mutex never locked")},
    [WEFT_MISUSE_DESTROY_COND_WAITERS] = {"destroy-cond-waiters",
                                          N_("Conditions destroyed while threads wait on them")},
    [WEFT_MISUSE_DESTROY_BARRIER_WAITERS] = {"destroy-barrier-waiters",
                                             N_("Barriers destroyed while threads wait at them")},
    [WEFT_MISUSE_REINIT_LIVE] = {"reinit-live", N_("Objects initialised twice")},
    [WEFT_MISUSE_JOIN_SELF] = {"join-self", N_("Threads that join themselves")},
    [WEFT_MISUSE_JOIN_DETACHED] = {"join-detached", N_("Joins of a detached thread")},
    [WEFT_MISUSE_JOIN_JOINED] = {"join-joined", N_("Joins of a thread already joined")},
    [WEFT_MISUSE_DETACH_TWICE] = {"detach-twice", N_("Threads detached twice")},
    [WEFT_MISUSE_BARRIER_COUNT_ZERO] = {"barrier-count-zero", N_("Barriers with a count of 0")},
    [WEFT_MISUSE_BARRIER_OVERSUBSCRIBED] = {"barrier-oversubscribed",
                                            N_("More threads at a barrier than its count")},
    [WEFT_MISUSE_RWLOCK_UNLOCK_NOT_HELD] = {"rwlock-unlock-not-held",
                                            N_("Unlocks of a rwlock not held")},
    [WEFT_MISUSE_RWLOCK_RELOCK] = {"rwlock-relock", N_("Rwlocks locked again by their holder")},
    [WEFT_MISUSE_SEM_BAD_VALUE] = {"sem-bad-value",
                                   N_("Semaphores initialised with an impossible value")},
    [WEFT_MISUSE_SEM_OVERFLOW] = {"sem-overflow", N_("Semaphores posted past their maximum")},
    [WEFT_MISUSE_NOT_INITIALISED] = {"not-initialised",
                                     N_("Objects used without being initialised")},
    [WEFT_MISUSE_RECURSIVE_OVER_UNLOCK] = {"recursive-over-unlock",
                                           N_("Recursive mutexes unlocked more than locked")},
    [WEFT_MISUSE_ERRORCHECK_RELOCK] = {"errorcheck-relock",
                                       N_("Error-checking mutexes locked again by their holder")},
    [WEFT_MISUSE_CALL_FAILED] = {"call-failed", N_("Calls that returned an error")},
    [WEFT_MISUSE_PROCESS_END_HOLDING_LOCK] = {"process-end-holding-lock",
                                              N_("Locks held when the program ended")},
};

const char *weft_misuse_kind_id(unsigned kind) {
  return kind < WEFT_MISUSE_KIND_LIMIT_ && kinds[kind].id ? kinds[kind].id : "unknown";
}

const char *weft_misuse_kind_title(unsigned kind) {
  return kind < WEFT_MISUSE_KIND_LIMIT_ && kinds[kind].title ? _(kinds[kind].title)
                                                             : _("Other misuse");
}

const char *weft_errno_name(int err, char *buf, size_t size) {
  const char *name = err > 0 ? strerrorname_np(err) : NULL;
  if (name)
    return name;
  snprintf(buf, size, _("error %d"), err);
  return buf;
}

static const char *init_call(unsigned kind) {
  switch (kind) {
  case WEFT_OBJ_MUTEX: return "pthread_mutex_init";
  case WEFT_OBJ_RWLOCK: return "pthread_rwlock_init";
  case WEFT_OBJ_SPINLOCK: return "pthread_spin_init";
  case WEFT_OBJ_SEMAPHORE: return "sem_init";
  case WEFT_OBJ_CONDVAR: return "pthread_cond_init";
  case WEFT_OBJ_BARRIER: return "pthread_barrier_init";
  default: return "init";
  }
}

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(t, id) : NULL;
  return o && o->name ? o->name : "?";
}

/* The sentences of kinds 10 and up. */
static void newer_sentence(WeftText *x, const WeftTrace *t, const WeftMisuse *m, const char *who,
                           const char *obj, const char *at) {
  char other[128], eb[32];
  const char *other_obj = object_name(t, m->other);
  const char *err = weft_errno_name(m->err, eb, sizeof eb);
  switch (m->kind) {
  case WEFT_MISUSE_COND_WAIT_NOT_HELD: {
    const WeftObject *m_def = m->other ? weft_trace_object(t, m->other) : NULL;
    if (m_def && m_def->kind != WEFT_OBJ_MUTEX && m_def->kind != WEFT_OBJ_UNKNOWN) {
      weft_text_add(x,
                    _("%s waits on %s at %s with %s, which is a %s, not a mutex: pass the "
                      "mutex that guards the condition, locked."),
                    who, obj, at, other_obj, weft_object_kind_name(m_def->kind));
      break;
    }
    weft_text_add(x,
                  _("%s waits on %s at %s without holding %s: lock the mutex first; the wait "
                    "unlocks it while it sleeps and locks it again before it returns."),
                  who, obj, at, other_obj);
    break;
  }
  case WEFT_MISUSE_COND_WAIT_OTHER_MUTEX:
    weft_text_add(x,
                  _("%s waits on %s at %s with another mutex than %s, which the other "
                    "waiters use: every thread waiting on one condition must use the same "
                    "mutex."),
                  who, obj, at, other_obj);
    break;
  case WEFT_MISUSE_DOUBLE_UNLOCK:
    weft_text_add(x,
                  _("%s unlocks %s at %s, which was already unlocked: unlock a mutex once, "
                    "after each lock."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_UNLOCK_NEVER_LOCKED:
    weft_text_add(x,
                  _("%s unlocks %s at %s, which no thread had locked: unlock only a mutex "
                    "you locked."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_DESTROY_COND_WAITERS:
    weft_text_add(x,
                  _("%s destroys %s at %s while threads wait on it: wake them and let them "
                    "return before destroying it."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_DESTROY_BARRIER_WAITERS:
    weft_text_add(x,
                  _("%s destroys %s at %s while threads wait at it: destroy a barrier only "
                    "once every thread has passed it."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_REINIT_LIVE:
    weft_text_add(x,
                  _("%s initialises %s again at %s while it is in use: initialise an object "
                    "once, or destroy it before initialising it again."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_JOIN_SELF:
    weft_text_add(x,
                  _("%s joins itself at %s: pthread_join returned EDEADLK at once, since a "
                    "thread cannot wait for its own end. Join it from another thread."),
                  who, at);
    break;
  case WEFT_MISUSE_JOIN_DETACHED:
    weft_thread_display_name(t, m->other, other, sizeof other);
    weft_text_add(x,
                  _("%s joins %s at %s, which was detached: a thread is either joined or "
                    "detached, never both."),
                  who, other, at);
    break;
  case WEFT_MISUSE_JOIN_JOINED:
    weft_thread_display_name(t, m->other, other, sizeof other);
    weft_text_add(x,
                  _("%s joins %s at %s, which was already joined: join each thread exactly "
                    "once."),
                  who, other, at);
    break;
  case WEFT_MISUSE_DETACH_TWICE:
    weft_thread_display_name(t, m->other, other, sizeof other);
    weft_text_add(x,
                  _("%s detaches %s at %s, which was already detached: detach a thread "
                    "once."),
                  who, other, at);
    break;
  case WEFT_MISUSE_BARRIER_COUNT_ZERO:
    weft_text_add(x,
                  _("%s initialises %s with a count of 0 at %s, and pthread_barrier_init "
                    "returned EINVAL: the count is the number of threads that meet there, "
                    "at least 1."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_BARRIER_OVERSUBSCRIBED:
    weft_text_add(x,
                  _("%s waits at %s at %s, but other threads already filled its count of "
                    "%u: it waits for threads that will never come. Give the barrier the "
                    "number of threads that wait at it."),
                  who, obj, at, m->other);
    break;
  case WEFT_MISUSE_RWLOCK_UNLOCK_NOT_HELD:
    weft_text_add(x,
                  _("%s unlocks %s at %s without holding it, for reading or for writing: "
                    "unlock only what you locked."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_RWLOCK_RELOCK:
    weft_text_add(x,
                  _("%s locks %s again at %s while it already holds it, and the call "
                    "returned EDEADLK: unlock it before taking it again."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_SEM_BAD_VALUE:
    weft_text_add(x,
                  _("%s initialises %s with an impossible value at %s, and sem_init "
                    "returned EINVAL: the value must be at most SEM_VALUE_MAX."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_SEM_OVERFLOW:
    weft_text_add(x,
                  _("%s posts %s at %s past its maximum value, and sem_post returned "
                    "EOVERFLOW: there are far more posts than waits."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_NOT_INITIALISED: {
    const WeftObject *o = m->object ? weft_trace_object(t, m->object) : NULL;
    unsigned k = o ? o->kind : WEFT_OBJ_UNKNOWN;
    if (m->err)
      weft_text_add(x,
                    _("%s uses %s at %s, which is not an initialised %s: the call returned "
                      "%s. Call %s on it first; memory from malloc holds no object until "
                      "then."),
                    who, obj, at, weft_object_kind_name(k), err, init_call(k));
    else
      weft_text_add(x,
                    _("%s uses %s at %s, which no %s call initialised: call it first; "
                      "memory from malloc holds no object until then."),
                    who, obj, at, init_call(k));
    break;
  }
  case WEFT_MISUSE_RECURSIVE_OVER_UNLOCK:
    weft_text_add(x,
                  _("%s unlocks the recursive mutex %s at %s more times than it locked it: "
                    "each unlock must match a lock."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_ERRORCHECK_RELOCK:
    weft_text_add(x,
                  _("%s locks %s again at %s while it already holds it: the error-checking "
                    "mutex returned EDEADLK instead of hanging. Unlock it before locking it "
                    "again."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_CALL_FAILED:
    if (m->object)
      weft_text_add(x, _("%s calls %s on %s at %s, which returned %s (%s)."), who,
                    m->call ? m->call : "?", obj, at, err, strerror(m->err));
    else
      weft_text_add(x, _("%s calls %s at %s, which returned %s (%s)."), who,
                    m->call ? m->call : "?", at, err, strerror(m->err));
    break;
  case WEFT_MISUSE_PROCESS_END_HOLDING_LOCK:
    if (m->other)
      weft_text_add(x,
                    _("The program was killed by signal %u (%s) while %s held %s, taken at "
                      "%s."),
                    m->other, strsignal((int)m->other), who, obj, at);
    else
      weft_text_add(x,
                    _("The program ended while %s held %s, taken at %s: unlock it before "
                      "the end, so that the code stays right when it runs in a thread."),
                    who, obj, at);
    break;
  default: weft_text_add(x, _("%s misuses %s at %s."), who, obj, at);
  }
}

char *weft_misuse_sentence(const WeftTrace *t, const WeftMisuse *m) {
  char who[128], at[256];
  weft_thread_display_name(t, m->thread, who, sizeof who);
  if (!weft_stack_user_site(t, m->stack, at, sizeof at))
    snprintf(at, sizeof at, "?");
  const char *obj = object_name(t, m->object);
  WeftText x = {0};
  switch (m->kind) {
  case WEFT_MISUSE_UNLOCK_NOT_OWNER:
    weft_text_add(&x,
                  _("%s unlocks %s at %s, but another thread holds it: only the thread "
                    "that locked a mutex may unlock it."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_DESTROY_LOCKED:
    weft_text_add(&x,
                  _("%s destroys %s at %s while it is locked: unlock it first, and destroy "
                    "it only once no thread uses it."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_SEND_ON_CLOSED:
    weft_text_add(&x,
                  _("%s sends on %s at %s after it was closed: only the sender closes a "
                    "channel, once it has sent its last value."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_CLOSE_CLOSED:
    weft_text_add(&x,
                  _("%s closes %s at %s, which was already closed: close a channel once, "
                    "from its only sender."),
                  who, obj, at);
    break;
  case WEFT_MISUSE_CLOSE_NIL:
    weft_text_add(&x, _("%s closes a channel that was never made, at %s."), who, at);
    break;
  case WEFT_MISUSE_NEGATIVE_WAITGROUP:
    weft_text_add(&x, _("%s makes the WaitGroup %s negative at %s: more Done than Add."), who, obj,
                  at);
    break;
  case WEFT_MISUSE_EXIT_HOLDING_LOCK:
    weft_text_add(&x,
                  _("%s ended while holding %s, taken at %s: no other thread can take it "
                    "again. Unlock it on every way out of the critical section."),
                  who, obj, at);
    break;
  default: newer_sentence(&x, t, m, who, obj, at);
  }
  return weft_text_take(&x);
}
