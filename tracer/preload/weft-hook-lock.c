/* weft-hook-lock.c: mutexes, spinlocks, rwlocks and semaphores.
 *
 * A blocking acquire first tries without blocking (as mutrace does): when the
 * resource is free that is the whole call and one event; when it is not, the
 * thread is about to block, which is LOCK_WAIT with a stack, and the real
 * blocking call follows. The try changes no result: a call that would fail
 * fails the same way in the real call that follows a busy try. */
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <threads.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

typedef int (*TryFn)(void *);
typedef int (*BlockFn)(void *, clockid_t, const struct timespec *);

typedef struct {
  unsigned kind;
  unsigned flags;  /* WEFT_F_WRITE, WEFT_F_TIMED */
  TryFn try_;
  BlockFn block;
  int busy;        /* what try_ says when the resource is taken */
  bool sets_errno; /* sem_*: -1 and errno instead of a returned code */
  clockid_t clock; /* *_clock* calls: set per call on a copy */
} LockOps;

/* Who holds what, for the live deadlock detector. */
static inline __attribute__((always_inline)) void note_acquired(WeftThreadState *s, const LockOps *ops,
                                                             uint32_t id) {
  if (ops->kind == WEFT_OBJ_SEMAPHORE)
    return;
  if (ops->kind == WEFT_OBJ_RWLOCK && !(ops->flags & WEFT_F_WRITE))
    _weft_read_held(s, id, true);
  else
    _weft_owner_acquired(s, id);
}

static int result_code(const LockOps *ops, int r) {
  return ops->sets_errno ? (r == 0 ? 0 : errno) : r;
}

/* Who could free the resource a thread is about to wait for. */
static unsigned waker_of(const LockOps *ops, const void *obj) {
  if (_weft_object_shared(ops->kind, obj))
    return WEFT_WAKER_OUTSIDE;
  return ops->kind == WEFT_OBJ_SEMAPHORE ? WEFT_WAKER_SIGNAL : WEFT_WAKER_IN_VIEW;
}

/* A failure the program did not ask for (not a busy try, not a timeout)
 * is a misuse to report at its line: only then is the stack worth taking. */
static uint32_t failure_stack(WeftThreadState *s, int code) {
  if (code == EBUSY || code == ETIMEDOUT || code == EAGAIN || code == EINTR)
    return 0;
  return _weft_stack(s, false);
}

/* The holder locks its own error-checking mutex again: glibc refuses with
 * EDEADLK rather than block, so this is no wait (and no deadlock). Read on
 * the busy path only. */
static bool relock_refused(WeftThreadState *s, const LockOps *ops, const void *obj,
                           uint32_t id) {
  if (ops->kind != WEFT_OBJ_MUTEX || !_weft_owner_tracked(id) ||
      atomic_load_explicit(&_weft_owner[id], memory_order_relaxed) != s->tid)
    return false;
  return (((const pthread_mutex_t *)obj)->__data.__kind & 3) == PTHREAD_MUTEX_ERRORCHECK_NP;
}

/* The real call, with the tracer's work on this thread finished. */
static int call_paused(WeftThreadState *s, int (*fn)(void *), void *obj, bool sets_errno,
                       int *code) {
  _weft_hook_pause(s);
  int r = fn(obj);
  *code = sets_errno ? (r == 0 ? 0 : errno) : r;
  _weft_hook_resume(s);
  return r;
}

/* inlined: the hook prologue takes the program's call site */
static inline __attribute__((always_inline)) int acquire(const LockOps *ops, void *obj, const struct timespec *abstime,
                   uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return ops->block(obj, ops->clock, abstime);
  int *err = s->errno_p;
  int saved = *err;
  uint32_t id = _weft_object_id(s, obj, ops->kind, site);
  _weft_check_mark(s, ops->kind, obj, id);
  int code, r;
  if (WEFT_UNLIKELY(_weft_tsan)) {
    _weft_hook_pause(s);
    r = _weft_tsan_first_try(ops->kind, ops->flags & WEFT_F_WRITE, obj, ops->try_);
    code = result_code(ops, r);
    _weft_hook_resume(s);
  } else {
    r = call_paused(s, ops->try_, obj, ops->sets_errno, &code);
  }
  if (code == 0 || code == EOWNERDEAD) {
    note_acquired(s, ops, id);
    _weft_emit(s, WEFT_EV_LOCK_ACQUIRE, id, WEFT_WITH_RESULT(ops->flags, code), 0,
               _weft_stack(s, false));
  } else if (code == ops->busy && relock_refused(s, ops, obj, id)) {
    /* its own error-checking mutex: the real call says EDEADLK at once */
    *err = saved;
    r = ops->block(obj, ops->clock, abstime);
    code = result_code(ops, r);
    _weft_emit(s, code ? WEFT_EV_LOCK_FAIL : WEFT_EV_LOCK_ACQUIRE, id,
               WEFT_WITH_RESULT(ops->flags, code), 0, _weft_stack(s, false));
  } else if (code == ops->busy) {
    _weft_block_from(s, WEFT_EV_LOCK_WAIT, id, ops->flags, 0, ops->flags & WEFT_F_TIMED,
                     waker_of(ops, obj), ops->kind == WEFT_OBJ_MUTEX ? obj : NULL);
    *err = saved;
    _weft_hook_pause(s);
    r = ops->block(obj, ops->clock, abstime);
    code = result_code(ops, r);
    _weft_hook_resume(s);
    _weft_wait_end(s);
    unsigned f = ops->flags | WEFT_F_WAITED;
    if (code == 0 || code == EOWNERDEAD) {
      note_acquired(s, ops, id);
      _weft_emit(s, WEFT_EV_LOCK_ACQUIRE, id, WEFT_WITH_RESULT(f, code), 0, 0);
    } else
      _weft_emit(s, WEFT_EV_LOCK_FAIL, id, WEFT_WITH_RESULT(f, code), 0, failure_stack(s, code));
  } else {
    _weft_emit(s, WEFT_EV_LOCK_FAIL, id, WEFT_WITH_RESULT(ops->flags, code), 0,
               failure_stack(s, code));
  }
  _weft_hook_end(s);
  *err = ops->sets_errno && r != 0 ? code : saved;
  return r;
}

/* inlined: the hook prologue takes the program's call site */
static inline __attribute__((always_inline)) int try_acquire(const LockOps *ops, void *obj, uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return ops->try_(obj);
  int *err = s->errno_p;
  int saved = *err;
  uint32_t id = _weft_object_id(s, obj, ops->kind, site);
  _weft_check_mark(s, ops->kind, obj, id);
  int code;
  int r = call_paused(s, ops->try_, obj, ops->sets_errno, &code);
  unsigned f = ops->flags | WEFT_F_TRY;
  if (code == 0 || code == EOWNERDEAD) {
    note_acquired(s, ops, id);
    _weft_emit(s, WEFT_EV_LOCK_ACQUIRE, id, WEFT_WITH_RESULT(f, code), 0,
               _weft_stack(s, false));
  } else
    _weft_emit(s, WEFT_EV_LOCK_FAIL, id, WEFT_WITH_RESULT(f, code), 0, failure_stack(s, code));
  _weft_hook_end(s);
  *err = ops->sets_errno && r != 0 ? code : saved;
  return r;
}

/* inlined: the hook prologue takes the program's call site */
static inline __attribute__((always_inline)) int release(unsigned kind, int (*fn)(void *), void *obj, bool sets_errno,
                   uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return fn(obj);
  int *err = s->errno_p;
  int saved = *err;
  uint32_t id = _weft_object_id(s, obj, kind, site);
  _weft_check_mark(s, kind, obj, id);
  uint32_t owner = s->tid;
  bool held = true;
  if (kind == WEFT_OBJ_RWLOCK && _weft_owner_tracked(id) &&
      atomic_load_explicit(&_weft_owner[id], memory_order_relaxed) != s->tid)
    held = _weft_read_held(s, id, false); /* a reader's unlock */
  else if (kind != WEFT_OBJ_SEMAPHORE)
    owner = _weft_owner_released(s, id);
  /* Time taken before the release, so the next owner's acquire comes after. */
  uint64_t tick = _weft_now();
  int code;
  int r = call_paused(s, fn, obj, sets_errno, &code);
  /* Not the holder, or refused: the analysis names the misuse at this line. */
  bool wrong = code || owner != s->tid || !held;
  _weft_emit_at(s, tick, WEFT_EV_LOCK_RELEASE, id, WEFT_WITH_RESULT(0, code), 0,
                WEFT_UNLIKELY(wrong) ? _weft_stack(s, false) : 0);
  /* Another thread's mutex. */
  if (kind == WEFT_OBJ_MUTEX && owner && owner != s->tid)
    _weft_emit(s, WEFT_EV_MISUSE, id, 0, WEFT_MISUSE_UNLOCK_NOT_OWNER, _weft_stack(s, false));
  _weft_hook_end(s);
  *err = sets_errno && r != 0 ? code : saved;
  return r;
}

static void lifecycle(WeftThreadState *s, unsigned type, unsigned kind, const void *obj,
                      unsigned flags, uint64_t attr, int code, uint64_t site,
                      const char *name) {
  uint32_t id = type == WEFT_EV_OBJ_INIT ? _weft_object_init(s, obj, kind, site, name, 0)
                                         : _weft_object_id(s, obj, kind, site);
  /* Rare calls: their line is kept, for a re-init or a destroy in use. */
  _weft_emit(s, type, id, WEFT_WITH_RESULT(flags, code), attr, _weft_stack(s, false));
}

int _weft_destroy_hook(unsigned kind, void *obj, int (*fn)(void *), bool sets_errno,
                       uint64_t site) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return fn(obj);
  int saved = errno;
  /* Before the call: a destroy of garbage may never return, its misuse
   * must be in the trace by then; and a destroy waits for the waiters of a
   * condition or barrier to leave, but it was asked for while they waited. */
  uint32_t id = _weft_object_id(s, obj, kind, site);
  _weft_check_mark(s, kind, obj, id);
  uint64_t tick = _weft_now();
  int code;
  int r = call_paused(s, fn, obj, sets_errno, &code);
  _weft_emit_at(s, tick, WEFT_EV_OBJ_DESTROY, id, WEFT_WITH_RESULT(0, code), 0,
                _weft_stack(s, false));
  _weft_hook_end(s);
  errno = sets_errno && r != 0 ? code : saved;
  return r;
}

/* ---- adapters with the common shapes ---- */

#define BLOCK_NO_TIME(name, type)                                                        \
  static int block_##name(void *o, clockid_t c, const struct timespec *t) {              \
    (void)c;                                                                             \
    (void)t;                                                                             \
    return real_##name((type *)o);                                                       \
  }
#define BLOCK_TIMED(name, type)                                                          \
  static int block_##name(void *o, clockid_t c, const struct timespec *t) {              \
    (void)c;                                                                             \
    return real_##name((type *)o, t);                                                    \
  }
#define BLOCK_CLOCK(name, type)                                                          \
  static int block_##name(void *o, clockid_t c, const struct timespec *t) {              \
    return real_##name((type *)o, c, t);                                                 \
  }
#define TRY(name, type)                                                                  \
  static int try_##name(void *o) { return real_##name((type *)o); }

BLOCK_NO_TIME(pthread_mutex_lock, pthread_mutex_t)
BLOCK_TIMED(pthread_mutex_timedlock, pthread_mutex_t)
BLOCK_CLOCK(pthread_mutex_clocklock, pthread_mutex_t)
BLOCK_CLOCK(pthread_rwlock_clockrdlock, pthread_rwlock_t)
BLOCK_CLOCK(pthread_rwlock_clockwrlock, pthread_rwlock_t)
BLOCK_CLOCK(sem_clockwait, sem_t)
TRY(pthread_mutex_trylock, pthread_mutex_t)
TRY(pthread_mutex_unlock, pthread_mutex_t)
BLOCK_NO_TIME(pthread_spin_lock, pthread_spinlock_t)
TRY(pthread_spin_trylock, pthread_spinlock_t)
TRY(pthread_spin_unlock, pthread_spinlock_t)
BLOCK_NO_TIME(pthread_rwlock_rdlock, pthread_rwlock_t)
BLOCK_NO_TIME(pthread_rwlock_wrlock, pthread_rwlock_t)
BLOCK_TIMED(pthread_rwlock_timedrdlock, pthread_rwlock_t)
BLOCK_TIMED(pthread_rwlock_timedwrlock, pthread_rwlock_t)
TRY(pthread_rwlock_tryrdlock, pthread_rwlock_t)
TRY(pthread_rwlock_trywrlock, pthread_rwlock_t)
TRY(pthread_rwlock_unlock, pthread_rwlock_t)
BLOCK_NO_TIME(sem_wait, sem_t)
BLOCK_TIMED(sem_timedwait, sem_t)
TRY(sem_trywait, sem_t)
TRY(sem_post, sem_t)
TRY(pthread_spin_destroy, pthread_spinlock_t)
TRY(pthread_rwlock_destroy, pthread_rwlock_t)
TRY(sem_destroy, sem_t)

static const LockOps mutex_lock = {WEFT_OBJ_MUTEX, WEFT_F_WRITE, try_pthread_mutex_trylock,
                                   block_pthread_mutex_lock, EBUSY, false};
static const LockOps mutex_timedlock = {WEFT_OBJ_MUTEX, WEFT_F_WRITE | WEFT_F_TIMED,
                                        try_pthread_mutex_trylock,
                                        block_pthread_mutex_timedlock, EBUSY, false};
static const LockOps spin_lock = {WEFT_OBJ_SPINLOCK, WEFT_F_WRITE, try_pthread_spin_trylock,
                                  block_pthread_spin_lock, EBUSY, false};
static const LockOps rd_lock = {WEFT_OBJ_RWLOCK, 0, try_pthread_rwlock_tryrdlock,
                                block_pthread_rwlock_rdlock, EBUSY, false};
static const LockOps wr_lock = {WEFT_OBJ_RWLOCK, WEFT_F_WRITE, try_pthread_rwlock_trywrlock,
                                block_pthread_rwlock_wrlock, EBUSY, false};
static const LockOps rd_timedlock = {WEFT_OBJ_RWLOCK, WEFT_F_TIMED,
                                     try_pthread_rwlock_tryrdlock,
                                     block_pthread_rwlock_timedrdlock, EBUSY, false};
static const LockOps wr_timedlock = {WEFT_OBJ_RWLOCK, WEFT_F_WRITE | WEFT_F_TIMED,
                                     try_pthread_rwlock_trywrlock,
                                     block_pthread_rwlock_timedwrlock, EBUSY, false};
static const LockOps sem_wait_ops = {WEFT_OBJ_SEMAPHORE, 0, try_sem_trywait, block_sem_wait,
                                     EAGAIN, true};
static const LockOps sem_timedwait_ops = {WEFT_OBJ_SEMAPHORE, WEFT_F_TIMED, try_sem_trywait,
                                          block_sem_timedwait, EAGAIN, true};
static const LockOps mutex_clocklock = {WEFT_OBJ_MUTEX, WEFT_F_WRITE | WEFT_F_TIMED,
                                        try_pthread_mutex_trylock,
                                        block_pthread_mutex_clocklock, EBUSY, false};
static const LockOps rd_clocklock = {WEFT_OBJ_RWLOCK, WEFT_F_TIMED,
                                     try_pthread_rwlock_tryrdlock,
                                     block_pthread_rwlock_clockrdlock, EBUSY, false};
static const LockOps wr_clocklock = {WEFT_OBJ_RWLOCK, WEFT_F_WRITE | WEFT_F_TIMED,
                                     try_pthread_rwlock_trywrlock,
                                     block_pthread_rwlock_clockwrlock, EBUSY, false};
static const LockOps sem_clockwait_ops = {WEFT_OBJ_SEMAPHORE, WEFT_F_TIMED, try_sem_trywait,
                                          block_sem_clockwait, EAGAIN, true};

/* The *_clock* calls: the same as the timed ones, on the clock asked for. */
static int acquire_on(const LockOps *ops, clockid_t clock, void *obj,
                      const struct timespec *abstime, uint64_t site) {
  LockOps with_clock = *ops;
  with_clock.clock = clock;
  return acquire(&with_clock, obj, abstime, site);
}

/* ---- mutexes ---- */

int pthread_mutex_lock(pthread_mutex_t *m) {
  WEFT_REAL(pthread_mutex_lock);
  if (_weft_tsan_nested())
    return _weft_libc_mutex.lock(m);
  return acquire(&mutex_lock, m, NULL, WEFT_CALLER_PC);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t) {
  WEFT_REAL(pthread_mutex_timedlock);
  return acquire(&mutex_timedlock, m, t, WEFT_CALLER_PC);
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock, const struct timespec *t) {
  WEFT_REAL(pthread_mutex_clocklock);
  return acquire_on(&mutex_clocklock, clock, m, t, WEFT_CALLER_PC);
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
  WEFT_REAL(pthread_mutex_trylock);
  if (_weft_tsan_nested())
    return _weft_libc_mutex.trylock(m);
  return try_acquire(&mutex_lock, m, WEFT_CALLER_PC);
}

int pthread_mutex_unlock(pthread_mutex_t *m) {
  WEFT_REAL(pthread_mutex_unlock);
  if (_weft_tsan_nested())
    return _weft_libc_mutex.unlock(m);
  return release(WEFT_OBJ_MUTEX, try_pthread_mutex_unlock, m, false, WEFT_CALLER_PC);
}

static int mutex_init_at(pthread_mutex_t *m, const pthread_mutexattr_t *attr, uint64_t site) {
  WEFT_REAL(pthread_mutex_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_mutex_init(m, attr);
  int saved = errno;
  int type = PTHREAD_MUTEX_DEFAULT;
  if (attr)
    pthread_mutexattr_gettype(attr, &type);
  int r = real_pthread_mutex_init(m, attr);
  lifecycle(s, WEFT_EV_OBJ_INIT, WEFT_OBJ_MUTEX, m, 0, (uint64_t)type, r, site, NULL);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr) {
  return mutex_init_at(m, attr, WEFT_CALLER_PC);
}

static int mutex_destroy_at(pthread_mutex_t *m, uint64_t site) {
  WEFT_REAL(pthread_mutex_destroy);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_mutex_destroy(m);
  int saved = errno;
  uint32_t id = _weft_object_id(s, m, WEFT_OBJ_MUTEX, site);
  bool held = _weft_owner_tracked(id) && atomic_load(&_weft_owner[id]) != 0;
  int r = real_pthread_mutex_destroy(m);
  lifecycle(s, WEFT_EV_OBJ_DESTROY, WEFT_OBJ_MUTEX, m, 0, 0, r, site, NULL);
  if (held || r == EBUSY)
    _weft_emit(s, WEFT_EV_MISUSE, id, 0, WEFT_MISUSE_DESTROY_LOCKED, _weft_stack(s, false));
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_mutex_destroy(pthread_mutex_t *m) { return mutex_destroy_at(m, WEFT_CALLER_PC); }

/* ---- C11 mutexes: glibc's call the pthread ones directly, unseen ---- */

static int mtx_result(int err) {
  return err == 0 ? thrd_success : err == EBUSY ? thrd_busy
                                  : err == ETIMEDOUT ? thrd_timedout : thrd_error;
}

int mtx_init(mtx_t *m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive)
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int r = mutex_init_at((pthread_mutex_t *)m, &attr, WEFT_CALLER_PC);
  pthread_mutexattr_destroy(&attr);
  return mtx_result(r);
}

void mtx_destroy(mtx_t *m) { mutex_destroy_at((pthread_mutex_t *)m, WEFT_CALLER_PC); }

int mtx_lock(mtx_t *m) {
  WEFT_REAL(pthread_mutex_lock);
  return mtx_result(acquire(&mutex_lock, m, NULL, WEFT_CALLER_PC));
}

int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict t) {
  WEFT_REAL(pthread_mutex_timedlock);
  return mtx_result(acquire(&mutex_timedlock, m, t, WEFT_CALLER_PC));
}

int mtx_trylock(mtx_t *m) {
  WEFT_REAL(pthread_mutex_trylock);
  return mtx_result(try_acquire(&mutex_lock, m, WEFT_CALLER_PC));
}

int mtx_unlock(mtx_t *m) {
  WEFT_REAL(pthread_mutex_unlock);
  return mtx_result(release(WEFT_OBJ_MUTEX, try_pthread_mutex_unlock, m, false, WEFT_CALLER_PC));
}

/* ---- spinlocks ---- */

int pthread_spin_lock(pthread_spinlock_t *l) {
  WEFT_REAL(pthread_spin_lock);
  return acquire(&spin_lock, (void *)l, NULL, WEFT_CALLER_PC);
}

int pthread_spin_trylock(pthread_spinlock_t *l) {
  WEFT_REAL(pthread_spin_trylock);
  return try_acquire(&spin_lock, (void *)l, WEFT_CALLER_PC);
}

int pthread_spin_unlock(pthread_spinlock_t *l) {
  WEFT_REAL(pthread_spin_unlock);
  return release(WEFT_OBJ_SPINLOCK, try_pthread_spin_unlock, (void *)l, false, WEFT_CALLER_PC);
}

int pthread_spin_init(pthread_spinlock_t *l, int shared) {
  WEFT_REAL(pthread_spin_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_spin_init(l, shared);
  int saved = errno;
  int r = real_pthread_spin_init(l, shared);
  lifecycle(s, WEFT_EV_OBJ_INIT, WEFT_OBJ_SPINLOCK, (void *)l, 0, 0, r, WEFT_CALLER_PC, NULL);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_spin_destroy(pthread_spinlock_t *l) {
  WEFT_REAL(pthread_spin_destroy);
  return _weft_destroy_hook(WEFT_OBJ_SPINLOCK, (void *)l, try_pthread_spin_destroy, false, WEFT_CALLER_PC);
}

/* ---- rwlocks ---- */

int pthread_rwlock_rdlock(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_rdlock);
  return acquire(&rd_lock, l, NULL, WEFT_CALLER_PC);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_wrlock);
  return acquire(&wr_lock, l, NULL, WEFT_CALLER_PC);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t) {
  WEFT_REAL(pthread_rwlock_timedrdlock);
  return acquire(&rd_timedlock, l, t, WEFT_CALLER_PC);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t) {
  WEFT_REAL(pthread_rwlock_timedwrlock);
  return acquire(&wr_timedlock, l, t, WEFT_CALLER_PC);
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t clock,
                               const struct timespec *t) {
  WEFT_REAL(pthread_rwlock_clockrdlock);
  return acquire_on(&rd_clocklock, clock, l, t, WEFT_CALLER_PC);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t clock,
                               const struct timespec *t) {
  WEFT_REAL(pthread_rwlock_clockwrlock);
  return acquire_on(&wr_clocklock, clock, l, t, WEFT_CALLER_PC);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_tryrdlock);
  return try_acquire(&rd_lock, l, WEFT_CALLER_PC);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_trywrlock);
  return try_acquire(&wr_lock, l, WEFT_CALLER_PC);
}

int pthread_rwlock_unlock(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_unlock);
  return release(WEFT_OBJ_RWLOCK, try_pthread_rwlock_unlock, l, false, WEFT_CALLER_PC);
}

int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *attr) {
  WEFT_REAL(pthread_rwlock_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_pthread_rwlock_init(l, attr);
  int saved = errno;
  int r = real_pthread_rwlock_init(l, attr);
  lifecycle(s, WEFT_EV_OBJ_INIT, WEFT_OBJ_RWLOCK, l, 0, 0, r, WEFT_CALLER_PC, NULL);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l) {
  WEFT_REAL(pthread_rwlock_destroy);
  return _weft_destroy_hook(WEFT_OBJ_RWLOCK, (void *)l, try_pthread_rwlock_destroy, false, WEFT_CALLER_PC);
}

/* ---- semaphores ---- */

int sem_wait(sem_t *sem) {
  WEFT_REAL(sem_wait);
  return acquire(&sem_wait_ops, sem, NULL, WEFT_CALLER_PC);
}

int sem_timedwait(sem_t *sem, const struct timespec *t) {
  WEFT_REAL(sem_timedwait);
  return acquire(&sem_timedwait_ops, sem, t, WEFT_CALLER_PC);
}

int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *t) {
  WEFT_REAL(sem_clockwait);
  return acquire_on(&sem_clockwait_ops, clock, sem, t, WEFT_CALLER_PC);
}

int sem_trywait(sem_t *sem) {
  WEFT_REAL(sem_trywait);
  return try_acquire(&sem_wait_ops, sem, WEFT_CALLER_PC);
}

int sem_post(sem_t *sem) {
  WEFT_REAL(sem_post);
  return release(WEFT_OBJ_SEMAPHORE, try_sem_post, sem, true, WEFT_CALLER_PC);
}

int sem_init(sem_t *sem, int shared, unsigned value) {
  WEFT_REAL(sem_init);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_sem_init(sem, shared, value);
  int saved = errno;
  int r = real_sem_init(sem, shared, value);
  int code = r == 0 ? 0 : errno;
  lifecycle(s, WEFT_EV_OBJ_INIT, WEFT_OBJ_SEMAPHORE, sem, 0, value, code, WEFT_CALLER_PC,
            NULL);
  _weft_hook_end(s);
  errno = r == 0 ? saved : code;
  return r;
}

int sem_destroy(sem_t *sem) {
  WEFT_REAL(sem_destroy);
  return _weft_destroy_hook(WEFT_OBJ_SEMAPHORE, (void *)sem, try_sem_destroy, true, WEFT_CALLER_PC);
}

sem_t *sem_open(const char *name, int oflag, ...) {
  WEFT_REAL(sem_open);
  mode_t mode = 0;
  unsigned value = 0;
  if (oflag & O_CREAT) {
    va_list ap;
    va_start(ap, oflag);
    mode = va_arg(ap, mode_t);
    value = va_arg(ap, unsigned);
    va_end(ap);
  }
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_sem_open(name, oflag, mode, value);
  int saved = errno;
  sem_t *sem = real_sem_open(name, oflag, mode, value);
  if (sem != SEM_FAILED)
    lifecycle(s, WEFT_EV_OBJ_INIT, WEFT_OBJ_SEMAPHORE, sem, WEFT_F_NAMED, value, 0,
              WEFT_CALLER_PC, name);
  int code = sem == SEM_FAILED ? errno : 0;
  _weft_hook_end(s);
  errno = sem == SEM_FAILED ? code : saved;
  return sem;
}

int sem_close(sem_t *sem) {
  WEFT_REAL(sem_close);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_sem_close(sem);
  int saved = errno;
  /* Before the call: once closed, the address may be reused at once. */
  uint32_t id = _weft_object_id(s, sem, WEFT_OBJ_SEMAPHORE, WEFT_CALLER_PC);
  uint64_t tick = _weft_now();
  int r = real_sem_close(sem);
  int code = r == 0 ? 0 : errno;
  _weft_emit_at(s, tick, WEFT_EV_OBJ_DESTROY, id, WEFT_WITH_RESULT(WEFT_F_NAMED, code), 0, 0);
  _weft_hook_end(s);
  errno = r == 0 ? saved : code;
  return r;
}
