/* weft-hook-cond.c: condition variables and barriers. */
#include <pthread.h>
#include <threads.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

typedef struct {
  WeftThreadState *s;
  uint32_t cid, mid;
  unsigned flags;
} CondWait;

/* A cancelled wait: glibc takes the mutex back before the cleanup handlers. */
static void cond_canceled(void *arg) {
  CondWait *w = arg;
  _weft_hook_resume(w->s);
  _weft_wait_end(w->s);
  _weft_owner_acquired(w->s, w->mid);
  _weft_emit(w->s, WEFT_EV_COND_WAKE, w->cid, WEFT_WITH_RESULT(w->flags | WEFT_F_WAITED, ECANCELED),
             w->mid, 0);
  _weft_hook_end(w->s);
}

static int cond_wait_common(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
                            const struct timespec *t, int how, uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return how == 2   ? real_pthread_cond_clockwait(c, m, clock, t)
           : how == 1 ? real_pthread_cond_timedwait(c, m, t)
                      : real_pthread_cond_wait(c, m);
  int saved = errno;
  CondWait w = {s, _weft_object_id(s, c, WEFT_OBJ_CONDVAR, site),
                _weft_object_id(s, m, WEFT_OBJ_MUTEX, site), how ? WEFT_F_TIMED : 0};
  _weft_owner_released(s, w.mid); /* the wait gives the mutex up */
  /* a handler cannot legally signal a condvar: only another process can */
  _weft_block_from(s, WEFT_EV_COND_WAIT, w.cid, w.flags, w.mid, how != 0,
                   _weft_object_shared(WEFT_OBJ_CONDVAR, c) ? WEFT_WAKER_OUTSIDE
                                                             : WEFT_WAKER_IN_VIEW,
                   NULL);
  int r;
  _weft_hook_pause(s);
  pthread_cleanup_push(cond_canceled, &w);
  if (how == 0 && _weft_shake_spurious(s)) {
    /* --spurious: a wake-up with no signal, as POSIX allows */
    struct timespec soon;
    clock_gettime(CLOCK_MONOTONIC, &soon);
    soon.tv_nsec += 1000000;
    if (soon.tv_nsec >= 1000000000L) {
      soon.tv_sec++;
      soon.tv_nsec -= 1000000000L;
    }
    r = real_pthread_cond_clockwait(c, m, CLOCK_MONOTONIC, &soon);
    if (r == ETIMEDOUT)
      r = 0;
  } else {
    r = how == 2   ? real_pthread_cond_clockwait(c, m, clock, t)
        : how == 1 ? real_pthread_cond_timedwait(c, m, t)
                   : real_pthread_cond_wait(c, m);
  }
  pthread_cleanup_pop(0);
  _weft_hook_resume(s);
  _weft_wait_end(s);
  _weft_owner_acquired(s, w.mid);
  _weft_emit(s, WEFT_EV_COND_WAKE, w.cid, WEFT_WITH_RESULT(w.flags | WEFT_F_WAITED, r), w.mid,
             0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  WEFT_REAL(pthread_cond_wait);
  return cond_wait_common(c, m, 0, NULL, 0, WEFT_CALLER_PC);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t) {
  WEFT_REAL(pthread_cond_timedwait);
  return cond_wait_common(c, m, 0, t, 1, WEFT_CALLER_PC);
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
                           const struct timespec *t) {
  WEFT_REAL(pthread_cond_clockwait);
  return cond_wait_common(c, m, clock, t, 2, WEFT_CALLER_PC);
}

static int cond_wake_common(pthread_cond_t *c, unsigned type, uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  int (*fn)(pthread_cond_t *) =
      type == WEFT_EV_COND_SIGNAL ? real_pthread_cond_signal : real_pthread_cond_broadcast;
  if (!s)
    return fn(c);
  int saved = errno;
  uint32_t id = _weft_object_id(s, c, WEFT_OBJ_CONDVAR, site);
  uint64_t tick = _weft_now(); /* before the wake, so it precedes the woken */
  int r = fn(c);
  _weft_emit_at(s, tick, type, id, WEFT_WITH_RESULT(0, r), 0, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_cond_signal(pthread_cond_t *c) {
  WEFT_REAL(pthread_cond_signal);
  return cond_wake_common(c, WEFT_EV_COND_SIGNAL, WEFT_CALLER_PC);
}

int pthread_cond_broadcast(pthread_cond_t *c) {
  WEFT_REAL(pthread_cond_broadcast);
  return cond_wake_common(c, WEFT_EV_COND_BROADCAST, WEFT_CALLER_PC);
}

static int cond_init_at(pthread_cond_t *c, const pthread_condattr_t *attr, uint64_t site) {
  WEFT_REAL(pthread_cond_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_cond_init(c, attr);
  int saved = errno;
  int r = real_pthread_cond_init(c, attr);
  uint32_t id = _weft_object_init(s, c, WEFT_OBJ_CONDVAR, site, NULL, 0);
  _weft_emit(s, WEFT_EV_OBJ_INIT, id, WEFT_WITH_RESULT(0, r), 0, _weft_stack(s, false));
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr) {
  return cond_init_at(c, attr, WEFT_CALLER_PC);
}

static int call_pthread_cond_destroy(void *o) { return real_pthread_cond_destroy((pthread_cond_t *)o); }

int pthread_cond_destroy(pthread_cond_t *c) {
  WEFT_REAL(pthread_cond_destroy);
  return _weft_destroy_hook(WEFT_OBJ_CONDVAR, c, call_pthread_cond_destroy, false, WEFT_CALLER_PC);
}

int pthread_barrier_wait(pthread_barrier_t *b) {
  WEFT_REAL(pthread_barrier_wait);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_barrier_wait(b);
  int saved = errno;
  uint32_t id = _weft_object_id(s, b, WEFT_OBJ_BARRIER, WEFT_CALLER_PC);
  _weft_check_mark(s, WEFT_OBJ_BARRIER, b, id);
  _weft_block_from(s, WEFT_EV_BARRIER_WAIT, id, 0, 0, false,
                   _weft_object_shared(WEFT_OBJ_BARRIER, b) ? WEFT_WAKER_OUTSIDE
                                                             : WEFT_WAKER_IN_VIEW,
                   NULL);
  _weft_hook_pause(s);
  int r = real_pthread_barrier_wait(b);
  _weft_hook_resume(s);
  _weft_wait_end(s);
  bool serial = r == PTHREAD_BARRIER_SERIAL_THREAD;
  _weft_emit(s, WEFT_EV_BARRIER_LEAVE, id,
             WEFT_WITH_RESULT(WEFT_F_WAITED, serial || r == 0 ? 0 : r), serial, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
                         unsigned count) {
  WEFT_REAL(pthread_barrier_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_barrier_init(b, attr, count);
  int saved = errno;
  int r = real_pthread_barrier_init(b, attr, count);
  uint32_t id = _weft_object_init(s, b, WEFT_OBJ_BARRIER, WEFT_CALLER_PC, NULL, 0);
  _weft_emit(s, WEFT_EV_OBJ_INIT, id, WEFT_WITH_RESULT(0, r), count, _weft_stack(s, false));
  _weft_hook_end(s);
  errno = saved;
  return r;
}

static int call_pthread_barrier_destroy(void *o) { return real_pthread_barrier_destroy((pthread_barrier_t *)o); }

int pthread_barrier_destroy(pthread_barrier_t *b) {
  WEFT_REAL(pthread_barrier_destroy);
  return _weft_destroy_hook(WEFT_OBJ_BARRIER, b, call_pthread_barrier_destroy, false, WEFT_CALLER_PC);
}

/* ---- C11 condition variables: glibc's call the pthread ones directly ---- */

static int cnd_result(int err) {
  return err == 0 ? thrd_success : err == ETIMEDOUT ? thrd_timedout
                                  : err == ENOMEM ? thrd_nomem : thrd_error;
}

int cnd_init(cnd_t *c) { return cnd_result(cond_init_at((pthread_cond_t *)c, NULL, WEFT_CALLER_PC)); }

void cnd_destroy(cnd_t *c) {
  WEFT_REAL(pthread_cond_destroy);
  _weft_destroy_hook(WEFT_OBJ_CONDVAR, c, call_pthread_cond_destroy, false, WEFT_CALLER_PC);
}

int cnd_wait(cnd_t *c, mtx_t *m) {
  WEFT_REAL(pthread_cond_wait);
  return cnd_result(cond_wait_common((pthread_cond_t *)c, (pthread_mutex_t *)m, 0, NULL, 0,
                                     WEFT_CALLER_PC));
}

int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict t) {
  WEFT_REAL(pthread_cond_timedwait);
  return cnd_result(cond_wait_common((pthread_cond_t *)c, (pthread_mutex_t *)m, 0, t, 1,
                                     WEFT_CALLER_PC));
}

int cnd_signal(cnd_t *c) {
  WEFT_REAL(pthread_cond_signal);
  return cnd_result(cond_wake_common((pthread_cond_t *)c, WEFT_EV_COND_SIGNAL, WEFT_CALLER_PC));
}

int cnd_broadcast(cnd_t *c) {
  WEFT_REAL(pthread_cond_broadcast);
  return cnd_result(
      cond_wake_common((pthread_cond_t *)c, WEFT_EV_COND_BROADCAST, WEFT_CALLER_PC));
}
