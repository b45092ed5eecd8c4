/* weft-hook-thread.c: thread life: create, start, end, join, detach, names.
 *
 * A new thread starts with every signal blocked until its lane exists (a
 * handler run before would make a lane of its own), and its lane ends in a
 * cleanup handler of our trampoline: after the program's own cleanup
 * handlers, whether it returns, calls pthread_exit or is cancelled. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

typedef struct {
  void *(*fn)(void *);
  void *arg;
  uint32_t tid, parent;
  uint64_t create_pc;
  uint64_t start_pc; /* what the lane is named after: fn, or weft_go's function */
  sigset_t mask;     /* the creator's signal mask, the thread's own once it runs */
  bool masked;       /* the thread starts with every signal blocked */
} Trampoline;

/* What runs after this (key destructors in libraries) is thread teardown,
 * not the program's work: the lane has ended. */
static void thread_end(WeftThreadState *s, unsigned how) {
  s->in_hook = WEFT_HOOK_ENDED;
  if (s->after) /* a handler's records still aside */
    _weft_hook_after();
  s->paused = 0; /* a cancelled thread leaves its wait for good */
  _weft_wait_end(s);
  _weft_buffer_cut(s);
  _weft_emit(s, WEFT_EV_THREAD_END, 0, 0, how, 0);
  _weft_thread_detach(s);
}

/* Runs as the thread leaves its start routine, however it leaves it. */
static void lane_end(void *arg) {
  WeftThreadState *s = arg;
  if (s->buf && s->in_hook != WEFT_HOOK_ENDED)
    thread_end(s, s->end_how);
  s->in_hook = WEFT_HOOK_ENDED;
}

static void *trampoline(void *p) {
  Trampoline t = *(Trampoline *)p;
  free(p);
  WeftThreadState *s = &_weft_self;
  s->tid = t.tid;
  s->parent = t.parent;
  s->start_pc = t.start_pc;
  s->create_pc = t.create_pc;
  s->started = true;
  s->end_how = WEFT_END_CANCELED; /* unless it returns or calls pthread_exit */
  s->in_hook = WEFT_HOOK_AT_WORK;
  _weft_thread_map(pthread_self(), t.tid);
  if (atomic_load(&_weft_active) && _weft_thread_attach(s))
    _weft_emit(s, WEFT_EV_THREAD_START, 0, 0, t.parent, 0);
  s->in_hook = WEFT_HOOK_NONE;
  if (t.masked)
    pthread_sigmask(SIG_SETMASK, &t.mask, NULL);
  void *ret;
  pthread_cleanup_push(lane_end, s);
  ret = t.fn(t.arg);
  s->end_how = WEFT_END_RETURN;
  pthread_cleanup_pop(1);
  return ret;
}

/* The argument points into the creator's stack (the `&i` of a loop): the
 * analysis warns when several threads get the same such address. A heap or
 * static address is never this close above our own frame. */
static void note_stack_arg(WeftThreadState *s, const void *arg, uintptr_t caller_fp,
                           uint64_t site) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0), a = (uintptr_t)arg;
  if (a <= here || a - here > 256 * 1024)
    return;
  /* Given twice in a row: a variable the analysis will name ("i (main)"),
   * defined once, with the frame that holds it. */
  if (a == s->last_stack_arg && !s->last_stack_arg_named) {
    _weft_object_variable(s, arg, site);
    s->last_stack_arg_named = true;
  } else if (a != s->last_stack_arg) {
    s->last_stack_arg = a;
    s->last_stack_arg_named = false;
  }
  int64_t off = caller_fp ? (int64_t)(a - caller_fp) : 0;
  uint64_t where = off > -65536 && off < 65536 && caller_fp ? _weft_zigzag(off) + 1 : 0;
  _weft_emit(s, WEFT_EV_THREAD_ARG, where, 0, (uint64_t)a, 0);
}

/* The caller's frame pointer, saved at our own frame's base (we keep frame
 * pointers); meaningful when the caller keeps one too (-O0, as students build). */
#define caller_frame() (*(const uintptr_t *)__builtin_frame_address(0))

static int create_at(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg,
                     uint64_t site, uintptr_t caller_fp) {
  WEFT_REAL(pthread_create);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_create(th, attr, fn, arg);
  int saved = errno;
  int was = _weft_tracer_enter(); /* an allocator may lock: not the program's call */
  Trampoline *t = malloc(sizeof *t);
  _weft_tracer_leave(was);
  if (!t) {
    _weft_hook_end(s);
    errno = saved;
    return real_pthread_create(th, attr, fn, arg);
  }
  *t = (Trampoline){fn, arg, _weft_new_tid(), s->tid, site, (uint64_t)(uintptr_t)fn};
  if (s->spawn_fn) { /* created by the channel library's weft_go */
    t->start_pc = s->spawn_fn;
    if (s->spawn_site)
      t->create_pc = s->spawn_site;
    s->spawn_fn = s->spawn_site = 0;
  }
  uint32_t stack = _weft_stack(s, false);
  uint64_t tick = _weft_now();
  uint32_t child = t->tid; /* read now: once started, the child frees t */
  /* With a mask of its own in attr the thread starts unprotected: rare. */
  sigset_t all, old;
  sigfillset(&all);
  bool masked =
      !attr || pthread_attr_getsigmask_np(attr, &t->mask) == PTHREAD_ATTR_NO_SIGMASK_NP;
  t->masked = masked;
  if (masked) {
    pthread_sigmask(SIG_SETMASK, &all, &old);
    t->mask = old;
  }
  int r = real_pthread_create(th, attr, trampoline, t);
  if (masked)
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (r == 0)
    _weft_thread_map(*th, child);
  else {
    was = _weft_tracer_enter();
    free(t);
    _weft_tracer_leave(was);
  }
  _weft_emit_at(s, tick, WEFT_EV_THREAD_CREATE, 0, WEFT_WITH_RESULT(0, r), r ? 0 : child, stack);
  if (r == 0)
    note_stack_arg(s, arg, caller_fp, site);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
  return create_at(th, attr, fn, arg, WEFT_CALLER_PC, caller_frame());
}

void pthread_exit(void *ret) {
  WEFT_REAL(pthread_exit);
  WeftThreadState *s = _weft_hook_begin();
  if (s && s->started) { /* the lane ends after the cleanup handlers: lane_end() */
    s->end_how = WEFT_END_PTHREAD_EXIT;
    _weft_hook_end(s);
  } else if (s) {
    thread_end(s, WEFT_END_PTHREAD_EXIT);
  }
  real_pthread_exit(ret);
  __builtin_unreachable();
}

static int join_common(pthread_t th, void **ret, const struct timespec *abstime,
                       unsigned flags) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s) {
    if (flags & WEFT_F_TRY)
      return real_pthread_tryjoin_np(th, ret);
    if (flags & WEFT_F_TIMED)
      return real_pthread_timedjoin_np(th, ret, abstime);
    return real_pthread_join(th, ret);
  }
  int saved = errno;
  uint32_t target = _weft_thread_lookup(th);
  if (pthread_equal(th, pthread_self())) {
    /* glibc refuses with EDEADLK rather than hang: a misuse the analysis
     * names from these two events, not a deadlock */
    uint32_t self = s->tid;
    _weft_emit(s, WEFT_EV_JOIN_BEGIN, 0, flags, self, _weft_stack(s, true));
    int r = flags & WEFT_F_TRY ? real_pthread_tryjoin_np(th, ret)
            : flags & WEFT_F_TIMED ? real_pthread_timedjoin_np(th, ret, abstime)
                                   : real_pthread_join(th, ret);
    _weft_emit(s, WEFT_EV_JOIN_END, 0, WEFT_WITH_RESULT(flags | WEFT_F_WAITED, r), self, 0);
    _weft_hook_end(s);
    errno = saved;
    return r;
  }
  int r;
  if (flags & WEFT_F_TRY) {
    r = real_pthread_tryjoin_np(th, ret);
    _weft_emit(s, WEFT_EV_JOIN_END, 0, WEFT_WITH_RESULT(flags, r), target, 0);
  } else {
    _weft_block(s, WEFT_EV_JOIN_BEGIN, 0, flags, target, flags & WEFT_F_TIMED);
    _weft_hook_pause(s);
    r = flags & WEFT_F_TIMED ? real_pthread_timedjoin_np(th, ret, abstime)
                             : real_pthread_join(th, ret);
    _weft_hook_resume(s);
    _weft_wait_end(s);
    _weft_emit(s, WEFT_EV_JOIN_END, 0, WEFT_WITH_RESULT(flags | WEFT_F_WAITED, r), target, 0);
  }
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_join(pthread_t th, void **ret) {
  WEFT_REAL(pthread_join);
  return join_common(th, ret, NULL, 0);
}

int pthread_tryjoin_np(pthread_t th, void **ret) {
  WEFT_REAL(pthread_tryjoin_np);
  return join_common(th, ret, NULL, WEFT_F_TRY);
}

int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *abstime) {
  WEFT_REAL(pthread_timedjoin_np);
  return join_common(th, ret, abstime, WEFT_F_TIMED);
}

int pthread_detach(pthread_t th) {
  WEFT_REAL(pthread_detach);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_detach(th);
  int saved = errno;
  uint32_t target = _weft_thread_lookup(th);
  int r = real_pthread_detach(th);
  /* a rare call: its line is kept, for a detach twice */
  _weft_emit(s, WEFT_EV_DETACH, 0, WEFT_WITH_RESULT(0, r), target, _weft_stack(s, false));
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_setname_np(pthread_t th, const char *name) {
  WEFT_REAL(pthread_setname_np);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_setname_np(th, name);
  int saved = errno;
  int r = real_pthread_setname_np(th, name);
  if (r == 0) {
    uint32_t target = pthread_equal(th, pthread_self()) ? s->tid : _weft_thread_lookup(th);
    _weft_emit_blob(s, WEFT_EV_THREAD_NAME, 0, 0, target, name, strnlen(name, 64));
  }
  _weft_hook_end(s);
  errno = saved;
  return r;
}

/* ---- C11 threads: glibc's call its pthread functions directly, unseen ---- */

static int thrd_result(int err) {
  switch (err) {
  case 0: return thrd_success;
  case ENOMEM: return thrd_nomem;
  case ETIMEDOUT: return thrd_timedout;
  case EBUSY: return thrd_busy;
  default: return thrd_error;
  }
}

int thrd_create(thrd_t *thr, thrd_start_t fn, void *arg) {
  /* as glibc does: the int result travels in the pointer's place */
  return thrd_result(create_at((pthread_t *)thr, NULL, (void *(*)(void *))(void (*)(void))fn,
                               arg, WEFT_CALLER_PC, caller_frame()));
}

int thrd_join(thrd_t thr, int *res) {
  WEFT_REAL(pthread_join);
  void *ret = NULL;
  int r = join_common((pthread_t)thr, &ret, NULL, 0);
  if (r == 0 && res)
    *res = (int)(intptr_t)ret;
  return thrd_result(r);
}

void thrd_exit(int res) { pthread_exit((void *)(intptr_t)res); }

int thrd_detach(thrd_t thr) { return thrd_result(pthread_detach((pthread_t)thr)); }

int thrd_sleep(const struct timespec *d, struct timespec *rem) {
  int saved = errno;
  int r = nanosleep(d, rem) == 0 ? 0 : errno == EINTR ? -1 : -2;
  errno = saved;
  return r;
}

/* call_once: the ONCE event, 1 when this call ran the function. */
static __thread void (*once_fn)(void);
static __thread bool once_ran;
static void run_once(void) {
  once_ran = true;
  once_fn();
}

void call_once(once_flag *flag, void (*fn)(void)) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s) {
    pthread_once((pthread_once_t *)flag, fn);
    return;
  }
  uint32_t id = _weft_object_id(s, flag, WEFT_OBJ_ONCE, WEFT_CALLER_PC);
  void (*outer_fn)(void) = once_fn; /* fn may call call_once itself */
  bool outer_ran = once_ran;
  once_fn = fn;
  once_ran = false;
  _weft_hook_pause(s); /* fn is the program's code */
  pthread_once((pthread_once_t *)flag, run_once);
  _weft_hook_resume(s);
  _weft_emit(s, WEFT_EV_ONCE, id, 0, once_ran, 0);
  once_fn = outer_fn;
  once_ran = outer_ran;
  _weft_hook_end(s);
}
