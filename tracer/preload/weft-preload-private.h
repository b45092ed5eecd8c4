/* weft-preload-private.h: what the parts of libweft-preload.so share.
 *
 * Every hook starts with _weft_hook_begin(): if this thread is already inside
 * the tracer's own work (libunwind, dlsym and our own flushes call pthread
 * functions too) or tracing is off, the call goes straight to the real
 * function. The real call of a hook runs outside (_weft_hook_pause): a signal
 * handler, a cancellation cleanup handler or a longjmp there meets a thread
 * the tracer is not working on. docs/ARCHITECTURE.md, "Hook reentrancy". */
#pragma once

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "weft-encode-private.h"
#include "weft-format.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define WEFT_HAVE_TSC 1
#endif

#define WEFT_HIDDEN __attribute__((visibility("hidden")))
#define WEFT_LIKELY(x) __builtin_expect(!!(x), 1)
#define WEFT_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- real symbols (weft-real.c) ---- */

#define WEFT_REAL_LIST(X)                                                                \
  X(int, pthread_create, (pthread_t *, const pthread_attr_t *, void *(*)(void *), void *)) \
  X(int, pthread_join, (pthread_t, void **))                                             \
  X(int, pthread_tryjoin_np, (pthread_t, void **))                                       \
  X(int, pthread_timedjoin_np, (pthread_t, void **, const struct timespec *))            \
  X(int, pthread_detach, (pthread_t))                                                    \
  X(void, pthread_exit, (void *))                                                        \
  X(int, pthread_setname_np, (pthread_t, const char *))                                  \
  X(int, pthread_mutex_init, (pthread_mutex_t *, const pthread_mutexattr_t *))           \
  X(int, pthread_mutex_destroy, (pthread_mutex_t *))                                     \
  X(int, pthread_mutex_lock, (pthread_mutex_t *))                                        \
  X(int, pthread_mutex_trylock, (pthread_mutex_t *))                                     \
  X(int, pthread_mutex_timedlock, (pthread_mutex_t *, const struct timespec *))          \
  X(int, pthread_mutex_clocklock, (pthread_mutex_t *, clockid_t, const struct timespec *)) \
  X(int, pthread_mutex_unlock, (pthread_mutex_t *))                                      \
  X(int, pthread_cond_init, (pthread_cond_t *, const pthread_condattr_t *))              \
  X(int, pthread_cond_destroy, (pthread_cond_t *))                                       \
  X(int, pthread_cond_wait, (pthread_cond_t *, pthread_mutex_t *))                       \
  X(int, pthread_cond_timedwait, (pthread_cond_t *, pthread_mutex_t *, const struct timespec *)) \
  X(int, pthread_cond_clockwait, (pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *)) \
  X(int, pthread_cond_signal, (pthread_cond_t *))                                        \
  X(int, pthread_cond_broadcast, (pthread_cond_t *))                                     \
  X(int, pthread_rwlock_init, (pthread_rwlock_t *, const pthread_rwlockattr_t *))        \
  X(int, pthread_rwlock_destroy, (pthread_rwlock_t *))                                   \
  X(int, pthread_rwlock_rdlock, (pthread_rwlock_t *))                                    \
  X(int, pthread_rwlock_wrlock, (pthread_rwlock_t *))                                    \
  X(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t *))                                 \
  X(int, pthread_rwlock_trywrlock, (pthread_rwlock_t *))                                 \
  X(int, pthread_rwlock_timedrdlock, (pthread_rwlock_t *, const struct timespec *))      \
  X(int, pthread_rwlock_timedwrlock, (pthread_rwlock_t *, const struct timespec *))      \
  X(int, pthread_rwlock_clockrdlock, (pthread_rwlock_t *, clockid_t, const struct timespec *)) \
  X(int, pthread_rwlock_clockwrlock, (pthread_rwlock_t *, clockid_t, const struct timespec *)) \
  X(int, pthread_rwlock_unlock, (pthread_rwlock_t *))                                    \
  X(int, pthread_spin_init, (pthread_spinlock_t *, int))                                 \
  X(int, pthread_spin_destroy, (pthread_spinlock_t *))                                   \
  X(int, pthread_spin_lock, (pthread_spinlock_t *))                                      \
  X(int, pthread_spin_trylock, (pthread_spinlock_t *))                                   \
  X(int, pthread_spin_unlock, (pthread_spinlock_t *))                                    \
  X(int, pthread_barrier_init, (pthread_barrier_t *, const pthread_barrierattr_t *, unsigned)) \
  X(int, pthread_barrier_destroy, (pthread_barrier_t *))                                 \
  X(int, pthread_barrier_wait, (pthread_barrier_t *))                                    \
  X(int, sem_init, (sem_t *, int, unsigned))                                             \
  X(int, sem_destroy, (sem_t *))                                                         \
  X(sem_t *, sem_open, (const char *, int, ...))                                         \
  X(int, sem_close, (sem_t *))                                                           \
  X(int, sem_wait, (sem_t *))                                                            \
  X(int, sem_trywait, (sem_t *))                                                         \
  X(int, sem_timedwait, (sem_t *, const struct timespec *))                              \
  X(int, sem_clockwait, (sem_t *, clockid_t, const struct timespec *))                   \
  X(int, sem_post, (sem_t *))                                                            \
  X(unsigned, sleep, (unsigned))                                                         \
  X(int, usleep, (useconds_t))                                                           \
  X(int, nanosleep, (const struct timespec *, struct timespec *))                        \
  X(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *))  \
  X(pid_t, fork, (void))                                                                 \
  X(int, execve, (const char *, char *const[], char *const[]))                           \
  X(int, execv, (const char *, char *const[]))                                           \
  X(int, execvp, (const char *, char *const[]))                                          \
  X(int, execvpe, (const char *, char *const[], char *const[]))                          \
  X(int, fexecve, (int, char *const[], char *const[]))                                   \
  X(int, posix_spawn, (pid_t *, const char *, const posix_spawn_file_actions_t *,        \
                       const posix_spawnattr_t *, char *const[], char *const[]))         \
  X(int, posix_spawnp, (pid_t *, const char *, const posix_spawn_file_actions_t *,       \
                        const posix_spawnattr_t *, char *const[], char *const[]))        \
  X(void, _exit, (int))                                                                  \
  X(void, exit, (int))                                                                   \
  X(int, __libc_start_main,                                                              \
    (int (*)(int, char **, char **), int, char **, void *, void *, void *, void *))      \
  X(void *, dlopen, (const char *, int))                                                 \
  X(void, longjmp, (struct __jmp_buf_tag *, int))                                        \
  X(void, _longjmp, (struct __jmp_buf_tag *, int))                                       \
  X(void, siglongjmp, (struct __jmp_buf_tag *, int))                                     \
  X(void, __longjmp_chk, (struct __jmp_buf_tag *, int))

#include <semaphore.h>
#include <setjmp.h>
#include <spawn.h>
#include <sys/types.h>
#include <unistd.h>

#define WEFT_DECLARE_REAL(ret, name, args) extern WEFT_HIDDEN ret(*real_##name) args;
WEFT_REAL_LIST(WEFT_DECLARE_REAL)
#undef WEFT_DECLARE_REAL

/* Resolves every real symbol once; safe to call from any hook. */
WEFT_HIDDEN void _weft_resolve_real(void);
extern WEFT_HIDDEN atomic_int _weft_real_ready;

#define WEFT_REAL(name)                                                                  \
  do {                                                                                   \
    if (WEFT_UNLIKELY(!real_##name))                                                     \
      _weft_resolve_real();                                                              \
  } while (0)

/* ---- per-thread state and buffers (weft-buffer.c) ---- */

typedef struct WeftBuffer {
  uint8_t *data;
  size_t cap;
  size_t pos;          /* owner's end; published with release stores */
  size_t flushed;      /* bytes already written; under lock */
  uint64_t last_tick;  /* owner only */
  uint64_t pending;    /* events not yet written, for the lost count */
  uint32_t tid;
  uint32_t seq;
  atomic_int lock;     /* flush lock: owner's full-buffer flush vs. others' */
  atomic_int in_use;
  bool side;           /* one of the two below: a handler's records (weft-hook-nested.c) */
  struct WeftBuffer *sides;
  /* A side's records go in pages, a chunk's worth each (its length at its
   * start): handlers can starve the code they interrupt (a signal pending at
   * a handler's return is taken before that code goes on), so a side grows
   * to hold as many calls as come meanwhile. */
  uint8_t *pages;
  size_t mapped;
  uint32_t page;       /* the page `data` points into */
  struct WeftBuffer *next; /* global list; buffers are reused, never freed */
} WeftBuffer;

#define WEFT_OBJECT_CACHE 8

/* What a thread's in_hook says. */
enum {
  WEFT_HOOK_NONE = 0,    /* the program's own code: hooks trace */
  WEFT_HOOK_AT_WORK = 1, /* the tracer records a call: a hook entered now was
                            entered from a signal handler, and is counted lost */
  WEFT_HOOK_TRACER = 2,  /* the tracer's own calls (unwinding, dlsym, service) */
  WEFT_HOOK_ENDED = 3,   /* the lane has ended: thread teardown is not traced */
  WEFT_HOOK_UNWINDING = 4, /* the tracer unwinds for a call it records: a hook
                              entered from outside libunwind is a handler's */
  WEFT_HOOK_SIDE = 5,      /* the thread's state is being set aside for a
                              handler's call, or given back: a hook entered now
                              is counted lost */
};

/* A wait this thread began and has not ended (weft-waits.h): kept so that a
 * wait begun in a signal handler gives the interrupted one back. */
typedef struct {
  unsigned event, object, target, flags, waker, state;
  uint64_t since, addr;
} WeftWaitSaved;

#define WEFT_WAIT_NESTING 4

typedef struct {
  uint32_t tid;
  volatile int in_hook; /* WEFT_HOOK_*; read by signal handlers on this thread */
  /* The hook's end or pause has more to do: a handler's records to merge
   * (the thread's own state), or the end of a handler's hook (the side
   * state). Beside in_hook: the same cache line. */
  volatile unsigned char after;
  volatile unsigned char side_cur; /* the side buffer handlers write into now */
  bool is_side;        /* the state of a handler's hook, recorded aside */
  /* the last objects this thread used: most calls skip the shared table */
  const void *cache_addr[WEFT_OBJECT_CACHE];
  uint32_t cache_id[WEFT_OBJECT_CACHE];
  unsigned cache_gen[WEFT_OBJECT_CACHE];
  WeftBuffer *buf;
  int *errno_p;        /* this thread's errno, saved and given back by hooks */
  uint32_t seq;        /* next chunk number, kept while no buffer is held */
  bool chan_waited;    /* a channel op or select of this thread blocked */
  bool select_timed;   /* the current select has a timeout or a default */
  /* set by the channel library's spawn probe for the pthread_create it makes */
  uint64_t spawn_fn, spawn_site;
  uint32_t parent;     /* set by our pthread_create trampoline */
  uint64_t start_pc, create_pc;
  uintptr_t last_stack_arg; /* the last thread argument it gave that pointed into its stack */
  bool last_stack_arg_named;
  /* tracer spin locks this thread holds: a handler on it must not wait for them */
  atomic_int *held[4];
  unsigned paused;     /* hooks of this thread now in their real call */
  WeftWaitSaved waits[WEFT_WAIT_NESTING]; /* the wait of each paused hook */
  unsigned end_how;    /* how the lane ends when its start routine is left */
  bool started;        /* run by our pthread_create trampoline */
  uint64_t shake_rng;  /* --shake: this thread's own random sequence */
  uintptr_t defining;  /* the address whose object id this state is making */
} WeftThreadState;

extern __thread WeftThreadState _weft_self __attribute__((tls_model("initial-exec")));

/* Tracing is on: the output is open and nothing has failed. */
extern WEFT_HIDDEN atomic_int _weft_active;
/* The process is ending: each event is written at once. */
extern WEFT_HIDDEN atomic_int _weft_finalized;
extern WEFT_HIDDEN int _weft_use_tsc;

#define WEFT_BUFFER_SIZE (64u * 1024u)
/* Room for any fast-path record plus a TIME_BASE. */
#define WEFT_RECORD_ROOM 64

WEFT_HIDDEN bool _weft_thread_attach(WeftThreadState *s);
WEFT_HIDDEN void _weft_buffer_full(WeftThreadState *s, size_t need);
/* A side's records, after what the thread's buffer holds: copied into it
 * when they fit, else written to the trace as the thread's next chunks. */
WEFT_HIDDEN void _weft_buffer_merge_side(WeftThreadState *s, WeftBuffer *side);
/* A side's records, uncounted: the caller counts them lost or written. */
WEFT_HIDDEN void _weft_side_clear(WeftBuffer *side);
WEFT_HIDDEN void _weft_buffer_after_finalize(WeftThreadState *s);
/* Writes whatever `b` holds; `wait` false gives up if its lock is taken. */
WEFT_HIDDEN void _weft_buffer_flush(WeftBuffer *b, bool wait);
WEFT_HIDDEN void _weft_flush_all(bool wait);
/* From a handler ending the process: waits for other threads' flushes, a
 * while at most (one may never end: a thread that called exit in a handler). */
WEFT_HIDDEN void _weft_flush_all_within(unsigned ms);
/* Owner's end of a thread: flush, and give the buffer back for reuse. */
WEFT_HIDDEN void _weft_thread_detach(WeftThreadState *s);
/* Before a lane's end: in a bounded trace, what the buffer holds is written,
 * so that the end goes alone in a chunk the trace keeps. */
WEFT_HIDDEN void _weft_buffer_cut(WeftThreadState *s);
WEFT_HIDDEN uint32_t _weft_new_tid(void);
WEFT_HIDDEN void _weft_buffers_after_fork_child(WeftThreadState *self);
WEFT_HIDDEN void _weft_buffers_lock_all(void);
WEFT_HIDDEN void _weft_buffers_unlock_all(void);
WEFT_HIDDEN void _weft_emit_thread_meta(WeftThreadState *s);
/* Changes whenever any thread wrote an event: the no-progress watch's pulse. */
WEFT_HIDDEN uint64_t _weft_buffers_progress(void);
extern WEFT_HIDDEN atomic_uint _weft_next_tid;
extern WEFT_HIDDEN atomic_ullong _weft_lost;

static inline uint64_t _weft_monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t _weft_now(void) {
#ifdef WEFT_HAVE_TSC
  if (WEFT_LIKELY(_weft_use_tsc))
    return __rdtsc();
#endif
  return _weft_monotonic_ns();
}

static inline uint8_t *_weft_reserve(WeftThreadState *s, size_t need) {
  WeftBuffer *b = s->buf;
  if (WEFT_UNLIKELY(b->pos + need > b->cap))
    _weft_buffer_full(s, need);
  return b->data + b->pos;
}

static inline void _weft_commit(WeftThreadState *s, uint8_t *end) {
  WeftBuffer *b = s->buf;
  b->pending++;
  __atomic_store_n(&b->pos, (size_t)(end - b->data), __ATOMIC_RELEASE);
  if (WEFT_UNLIKELY(atomic_load_explicit(&_weft_finalized, memory_order_relaxed)))
    _weft_buffer_after_finalize(s);
}

/* An event with an argument or a stack, or one that fills the buffer. */
WEFT_HIDDEN void _weft_emit_record_at(WeftThreadState *s, uint64_t tick, unsigned type,
                                      uint64_t object, uint64_t flags, uint64_t arg,
                                      uint64_t stack);

/* An event at `tick`: (object, flags, arg, stack), trailing zeros left out.
 * Most events (no argument, no stack, room in the buffer) are written here,
 * inlined into the hook. */
static inline __attribute__((always_inline)) void _weft_emit_at(
    WeftThreadState *s, uint64_t tick, unsigned type, uint64_t object, uint64_t flags,
    uint64_t arg, uint64_t stack) {
  WeftBuffer *b = s->buf;
  if (WEFT_UNLIKELY(stack || arg || b->pos + WEFT_RECORD_ROOM > b->cap)) {
    _weft_emit_record_at(s, tick, type, object, flags, arg, stack);
    return;
  }
  /* A tick taken before the real call (a release) comes after the records a
   * signal handler wrote during that call: it takes their time, so that a
   * thread's records stay in time order, which every reader relies on. */
  if (WEFT_UNLIKELY(tick < b->last_tick))
    tick = b->last_tick;
  uint64_t delta = tick - b->last_tick;
  b->last_tick = tick;
  unsigned n = flags ? 3 : object ? 2 : 1;
  uint8_t *p = _weft_put_type(b->data + b->pos, type, n - 1);
  p = _weft_put_varint(p, delta);
  if (n > 1)
    p = _weft_put_varint(p, object);
  if (n > 2)
    p = _weft_put_varint(p, flags);
  _weft_commit(s, p);
}

static inline __attribute__((always_inline)) void _weft_emit(
    WeftThreadState *s, unsigned type, uint64_t object, uint64_t flags, uint64_t arg,
    uint64_t stack) {
  _weft_emit_at(s, _weft_now(), type, object, flags, arg, stack);
}

/* Records with a blob or metadata: any size, slower. */
WEFT_HIDDEN void _weft_emit_blob(WeftThreadState *s, unsigned type, uint64_t object,
                                 uint64_t flags, uint64_t arg, const void *blob,
                                 size_t len);
/* The same at a tick taken earlier. */
WEFT_HIDDEN void _weft_emit_blob_at(WeftThreadState *s, uint64_t tick, unsigned type,
                                    uint64_t object, uint64_t flags, uint64_t arg,
                                    const void *blob, size_t len);
WEFT_HIDDEN void _weft_emit_meta(WeftThreadState *s, unsigned type, unsigned nargs,
                                 const uint64_t *args, const void *blob, size_t len);

/* ---- ThreadSanitizer (weft-hook-tsan.c) ---- */

/* The program carries ThreadSanitizer's runtime (built with -fsanitize=thread). */
extern WEFT_HIDDEN bool _weft_tsan;
/* Finds TSan and says so in the trace (RACE_DETECTOR); again in a forked child. */
WEFT_HIDDEN void _weft_tsan_init(void);
/* Memory of ours that threads share under our own synchronisation, which TSan
 * cannot see: races on it are not the program's. */
WEFT_HIDDEN void _weft_tsan_private_memory(const void *addr, size_t size);
/* glibc's own mutex functions, past TSan's interceptors. */
typedef struct {
  int (*lock)(pthread_mutex_t *);
  int (*trylock)(pthread_mutex_t *);
  int (*unlock)(pthread_mutex_t *);
} WeftLibcMutex;
extern WEFT_HIDDEN WeftLibcMutex _weft_libc_mutex;
/* Under TSan, a mutex call made while in a hook is ours (libunwind's lock,
 * or its cache freed at thread exit, after TSan has finished the thread): it
 * goes straight to glibc. TSan must not take our locking for the program's,
 * where it would order the threads and hide their races. */
static inline bool _weft_tsan_nested(void) {
  return WEFT_UNLIKELY(_weft_tsan) && _weft_self.in_hook && _weft_libc_mutex.lock;
}
/* The first try of a blocking lock (mutex, rwlock, spinlock). Under TSan it
 * goes to glibc, and a success is told to TSan as the blocking lock the
 * program asked for: TSan adds no lock-order edge for a trylock, and would
 * miss the inversions the program has. Elsewhere it is try_(obj). */
WEFT_HIDDEN int _weft_tsan_first_try(unsigned kind, bool write, void *obj, int (*try_)(void *));
extern void __tsan_func_entry(void *pc) __attribute__((weak));
extern void __tsan_func_exit(void) __attribute__((weak));

/* A call entered while the tracer was at work on this thread: the tracer's
 * own (passes through), or a signal handler's, recorded aside in the side
 * state and merged when the interrupted work ends (weft-hook-nested.c). NULL:
 * call the real function. */
WEFT_HIDDEN bool _weft_hook_nested(const void *caller);
/* The interrupted state, under a handler's hook, is making the id of the
 * object at `key`: the handler's call cannot wait for it. */
WEFT_HIDDEN bool _weft_hook_defining(uintptr_t key);
/* A longjmp out of a handler's hook: the interrupted state back. */
WEFT_HIDDEN void _weft_side_leave(void);
/* The end or pause of a hook whose `after` is set: of the thread's own
 * state, or of a handler's hook recorded aside (is_side). */
WEFT_HIDDEN void _weft_hook_after(void);
/* The thread's tracer work was interrupted here (a handler runs over it). */
static inline bool _weft_hook_interrupted(int in_hook) {
  return in_hook == WEFT_HOOK_AT_WORK || in_hook >= WEFT_HOOK_UNWINDING;
}
/* False in a handler's hook that interrupted libunwind itself: libunwind
 * is not entered again (its per-thread cache is mid-update), the call goes
 * without its stack. */
WEFT_HIDDEN bool _weft_may_unwind(void);
/* The events of a handler's calls that a process ending now cannot merge. */
WEFT_HIDDEN void _weft_side_lost(WeftThreadState *s);
/* A hook entered while another hook of this thread is in its real call (a
 * signal or cleanup handler): the outer wait is kept and given back. */
WEFT_HIDDEN void _weft_wait_save(WeftThreadState *s);
WEFT_HIDDEN void _weft_wait_restore(WeftThreadState *s);
WEFT_HIDDEN void _weft_wait_save_to(WeftThreadState *s, WeftWaitSaved *o);
WEFT_HIDDEN void _weft_wait_restore_from(WeftThreadState *s, const WeftWaitSaved *o);

/* --shake (weft-shake.c): the seed, 0 when off; --spurious. */
extern WEFT_HIDDEN uint64_t _weft_shake_seed;
extern WEFT_HIDDEN bool _weft_spurious;
WEFT_HIDDEN void _weft_shake_init(void);
/* A synchronisation point: now and then a yield or a short sleep. */
WEFT_HIDDEN void _weft_shake_point(WeftThreadState *s);
/* True when this condition wait is to return spuriously (--spurious). */
WEFT_HIDDEN bool _weft_shake_spurious(WeftThreadState *s);

/* Hook prologue: NULL means "call the real function and return". Under TSan
 * the program's call site goes on TSan's shadow stack, so that the reports of
 * the interceptor we call name the program's line, not ours. */
static inline __attribute__((always_inline)) WeftThreadState *_weft_hook_begin(void) {
  WeftThreadState *s = &_weft_self;
  if (WEFT_UNLIKELY(s->in_hook))
    return _weft_hook_nested(__builtin_return_address(0)) ? s : NULL;
  if (!atomic_load_explicit(&_weft_active, memory_order_relaxed))
    return NULL;
  s->in_hook = WEFT_HOOK_AT_WORK;
  atomic_signal_fence(memory_order_seq_cst);
  if (WEFT_UNLIKELY(!s->buf) && !_weft_thread_attach(s)) {
    s->in_hook = WEFT_HOOK_NONE;
    return NULL;
  }
  if (WEFT_UNLIKELY(s->paused))
    _weft_wait_save(s);
  if (WEFT_UNLIKELY(_weft_shake_seed))
    _weft_shake_point(s);
  if (WEFT_UNLIKELY(_weft_tsan))
    __tsan_func_entry(__builtin_return_address(0));
  return s;
}

static inline void _weft_hook_end(WeftThreadState *s) {
  if (WEFT_UNLIKELY(s->paused))
    _weft_wait_restore(s);
  atomic_signal_fence(memory_order_seq_cst);
  s->in_hook = WEFT_HOOK_NONE; /* volatile, as after: read after this store */
  if (WEFT_UNLIKELY(s->after))
    _weft_hook_after();
  if (WEFT_UNLIKELY(_weft_tsan))
    __tsan_func_exit();
}

/* Around a hook's real call: every record is committed, no tracer lock is
 * held, so a handler (or a cleanup handler, or a longjmp) may run hooks. */
static inline void _weft_hook_pause(WeftThreadState *s) {
  s->paused++;
  atomic_signal_fence(memory_order_seq_cst);
  s->in_hook = WEFT_HOOK_NONE; /* volatile, as after: read after this store */
  if (WEFT_UNLIKELY(s->after))
    _weft_hook_after();
}
static inline void _weft_hook_resume(WeftThreadState *s) {
  s->in_hook = WEFT_HOOK_AT_WORK;
  atomic_signal_fence(memory_order_seq_cst);
  s->paused--;
}

/* Around the tracer's own calls that may reach hooked functions. */
static inline int _weft_tracer_enter(void) {
  int was = _weft_self.in_hook;
  _weft_self.in_hook = WEFT_HOOK_TRACER;
  atomic_signal_fence(memory_order_seq_cst);
  return was;
}
/* Around unwinding for a call being recorded: a hook entered then from
 * outside libunwind is a signal handler's. */
static inline int _weft_unwind_enter(void) {
  int was = _weft_self.in_hook;
  _weft_self.in_hook = was == WEFT_HOOK_AT_WORK ? WEFT_HOOK_UNWINDING : WEFT_HOOK_TRACER;
  atomic_signal_fence(memory_order_seq_cst);
  return was;
}
static inline void _weft_tracer_leave(int was) {
  atomic_signal_fence(memory_order_seq_cst);
  _weft_self.in_hook = was;
}

/* A descriptor number, or a range, was closed or reused: weft-hook-io.c
 * forgets what it knew of the file behind it. Never changes errno. */
WEFT_HIDDEN void _weft_io_fd_forget(int fd);
WEFT_HIDDEN void _weft_io_fds_forget(unsigned first, unsigned last);

/* ---- process-level records, output file (weft-preload.c) ---- */

WEFT_HIDDEN void _weft_process_record(unsigned type, unsigned nargs, const uint64_t *args,
                                      const void *blob, size_t len);
WEFT_HIDDEN int _weft_output_fd(void);
/* Keeps the descriptor in *slot open through the program's close, closefrom,
 * close_range, and moves it out of the way of its dup2/dup3 (weft-hook-fd.c). */
WEFT_HIDDEN void _weft_fd_protect(atomic_int *slot);
/* Writing chunks (weft-output.c): appended, or kept within WEFT_MAX_SIZE as
 * the start of the run and a ring of its last chunks. */
WEFT_HIDDEN void _weft_output_setup(int fd);
WEFT_HIDDEN int _weft_output_chunk(int fd, uint32_t thread, uint32_t seq, uint16_t flags,
                                   const void *payload, size_t len);
WEFT_HIDDEN bool _weft_output_bounded(void);
WEFT_HIDDEN void _weft_output_finish(void); /* says what the ring dropped */
/* The process ends by a signal: no chunk is written any more, and those
 * being written are let finish first (a second at most). */
WEFT_HIDDEN void _weft_output_close(void);
/* A write of the trace failed (disk full, file size limit, I/O error): the
 * trace stops there, whole up to that point; later events are counted in
 * _weft_lost, never written (a later write that works would leave a hole). */
WEFT_HIDDEN void _weft_trace_write_failed(int err);
WEFT_HIDDEN bool _weft_trace_stopped(void);
/* Tells `weft record` (WEFT_NOTIFY_FD) a message of at most PIPE_BUF bytes;
 * false when there is nobody to tell. */
WEFT_HIDDEN bool _weft_notify(const void *msg, size_t len);
/* One process-level chunk (thread 0), written whole. */
WEFT_HIDDEN void _weft_process_chunk(const void *payload, size_t len);
WEFT_HIDDEN void _weft_write_clock_pair(void);
WEFT_HIDDEN void _weft_finalize(bool from_signal);
/* The program ends by `sig` as it would have without us, after a last flush. */
WEFT_HIDDEN void _weft_end_by_signal(int sig);

/* ---- the stuck dump (weft-dump.c) ---- */

/* Settings, the semaphore and the handlers, from the constructor. */
WEFT_HIDDEN void _weft_dump_init(bool root_process);
/* SIGINT and SIGQUIT left to their default: the dump's handler instead. */
WEFT_HIDDEN bool _weft_dump_takes_signal(int sig);
WEFT_HIDDEN void _weft_dump_on_signal(int sig);
/* The service thread's pause between rounds; a dump request cuts it short. */
WEFT_HIDDEN void _weft_dump_sleep(unsigned ms);
/* Cuts that pause short, for the service thread to end. */
WEFT_HIDDEN void _weft_dump_wake(void);
/* Around the program's fork, in its thread: under ThreadSanitizer the
 * service thread is stopped before and started again after (the child
 * starts its own in any case). */
WEFT_HIDDEN void _weft_before_fork(void);
WEFT_HIDDEN void _weft_after_fork_parent(void);
/* The service thread's round: asked-for dumps, --timeout, the watch. */
WEFT_HIDDEN void _weft_dump_service(void);
/* The process ends with this status (exit, _exit, --timeout): the trace's END. */
WEFT_HIDDEN void _weft_exit_status(int status);
WEFT_HIDDEN void _weft_dump_after_fork_child(void);
/* A deadlock was reported and the program left hanging: the watch speaks
 * again only when the threads' picture changes. Service thread only. */
WEFT_HIDDEN void _weft_dump_deadlock_said(void);
/* The stack probe's handler is ours, not a waker the program installed. */
struct sigaction;
WEFT_HIDDEN bool _weft_dump_owns_handler(const struct sigaction *sa);
/* A fatal signal in this thread: its DUMP (reason crash) into the trace. */
WEFT_HIDDEN void _weft_dump_crash(int sig);
WEFT_HIDDEN void _weft_write_mappings(void);
WEFT_HIDDEN void _weft_internal_failure(const char *what, int err);
/* A message in the user's language (gettext, domain "weft"). */
WEFT_HIDDEN const char *_weft_text(const char *msgid) __attribute__((format_arg(1)));
#define WEFT_N_(s) (s) /* marks a message that is translated later */
extern WEFT_HIDDEN uint32_t _weft_epoch;
extern WEFT_HIDDEN atomic_uint _weft_process_seq;

/* ---- objects and threads by address (weft-ids.c) ---- */

/* The id of the object at `addr`, defining it (kind, site) on first sight. */
WEFT_HIDDEN uint32_t _weft_object_lookup(WeftThreadState *s, const void *addr, unsigned kind,
                                         uint64_t site_pc);
/* Bumped whenever an address gets a new id, so per-thread caches forget it. */
extern WEFT_HIDDEN atomic_uint _weft_object_generation;

static inline uint32_t _weft_object_id(WeftThreadState *s, const void *addr, unsigned kind,
                                       uint64_t site_pc) {
  unsigned slot = ((uintptr_t)addr >> 4) & (WEFT_OBJECT_CACHE - 1);
  unsigned gen = atomic_load_explicit(&_weft_object_generation, memory_order_relaxed);
  if (WEFT_LIKELY(s->cache_addr[slot] == addr && s->cache_gen[slot] == gen && addr))
    return s->cache_id[slot];
  uint32_t id = _weft_object_lookup(s, addr, kind, site_pc);
  s->cache_addr[slot] = addr;
  s->cache_gen[slot] = gen;
  s->cache_id[slot] = id;
  return id;
}
/* A fresh id for an object being (re)initialised at `addr`. */
WEFT_HIDDEN uint32_t _weft_object_init(WeftThreadState *s, const void *addr, unsigned kind,
                                       uint64_t site_pc, const char *name, uint64_t elem_size);
WEFT_HIDDEN void _weft_object_set_name(WeftThreadState *s, const void *addr, const char *name);
/* A stack variable to be named, not a synchronisation object: kept out of
 * the address table, where a mutex may later live at the same address. */
WEFT_HIDDEN uint32_t _weft_object_variable(WeftThreadState *s, const void *addr, uint64_t site_pc);
WEFT_HIDDEN void _weft_thread_map(pthread_t th, uint32_t tid);
WEFT_HIDDEN uint32_t _weft_thread_lookup(pthread_t th);
WEFT_HIDDEN void _weft_ids_reset(void);
extern WEFT_HIDDEN atomic_uint _weft_next_object;

/* ---- stacks (weft-stacks.c) ---- */

enum { WEFT_STACKS_OFF = 0, WEFT_STACKS_BLOCKING = 1, WEFT_STACKS_ALL = 2 };
extern WEFT_HIDDEN int _weft_stack_mode;
extern WEFT_HIDDEN int _weft_stack_depth;
extern WEFT_HIDDEN atomic_uint _weft_next_stack;
WEFT_HIDDEN uint32_t _weft_stack_capture(WeftThreadState *s);
/* The caller's return addresses without our frames, innermost first, not
 * deduplicated: takes no lock, so a signal handler may call it. */
WEFT_HIDDEN int _weft_stack_raw(uint64_t *pcs, int max);
/* The id of a stack given as return addresses, innermost first. */
WEFT_HIDDEN uint32_t _weft_stack_intern(WeftThreadState *s, const uint64_t *pcs, int depth);
/* A deduplicated stack id for the caller of the current hook, 0 if off. */
static inline uint32_t _weft_stack(WeftThreadState *s, bool blocking) {
  if (_weft_stack_mode == WEFT_STACKS_OFF || (_weft_stack_mode == WEFT_STACKS_BLOCKING && !blocking))
    return 0;
  return _weft_stack_capture(s);
}
WEFT_HIDDEN void _weft_stacks_init(void);
/* Leaves the frames of the module holding `code` out of every stack. */
WEFT_HIDDEN void _weft_stacks_hide_module(const void *code);
/* The code at pc is libunwind's: its calls into hooks are the tracer's own. */
WEFT_HIDDEN bool _weft_stacks_unwinder_code(const void *pc);
/* The frame whose stack holds addr, if it is on this thread's stack: its pc
 * (a return address) and its CFA minus addr. */
WEFT_HIDDEN bool _weft_stack_owner(const void *addr, uint64_t *pc, uint64_t *below_cfa);
/* The first return address on the stack that lies outside this library and
 * outside the module holding `inner` (a library the program called). */
WEFT_HIDDEN uint64_t _weft_caller_outside(const void *inner);
WEFT_HIDDEN void _weft_stacks_reset(void);
WEFT_HIDDEN void _weft_stacks_lock(void);
WEFT_HIDDEN void _weft_stacks_unlock(void);

/* pthread_*_destroy and sem_destroy: the real call, then one OBJ_DESTROY. */
WEFT_HIDDEN int _weft_destroy_hook(unsigned kind, void *obj, int (*fn)(void *),
                                   bool sets_errno, uint64_t site);

#define WEFT_CALLER_PC ((uint64_t)(uintptr_t)__builtin_return_address(0))

#if defined(__x86_64__) || defined(__i386__)
#define WEFT_CPU_RELAX() __builtin_ia32_pause()
#else
#define WEFT_CPU_RELAX() atomic_signal_fence(memory_order_seq_cst)
#endif

/* Small spin lock for our own slow paths (never a pthread mutex: hooks).
 * Each thread notes the ones it holds: a signal handler on that thread (an
 * exit() in it, a fatal signal) that needs one again gets false instead of
 * spinning for ever on a lock the code it interrupted holds. */
static inline bool _weft_spin_held_by_me(atomic_int *l) {
  for (int i = 0; i < 4; i++)
    if (_weft_self.held[i] == l)
      return true;
  return false;
}
/* Noted before taking and forgotten after releasing: a handler that lands
 * in between gives up, it never waits for its own thread. */
static inline void _weft_spin_note(atomic_int *l, bool held) {
  atomic_signal_fence(memory_order_seq_cst);
  for (int i = 0; i < 4; i++)
    if (_weft_self.held[i] == (held ? NULL : l)) {
      _weft_self.held[i] = held ? l : NULL;
      break;
    }
  atomic_signal_fence(memory_order_seq_cst);
}
static inline bool _weft_spin_lock(atomic_int *l) {
  if (_weft_spin_held_by_me(l))
    return false;
  _weft_spin_note(l, true);
  while (atomic_exchange_explicit(l, 1, memory_order_acquire))
    while (atomic_load_explicit(l, memory_order_relaxed))
      WEFT_CPU_RELAX();
  return true;
}
static inline bool _weft_spin_trylock(atomic_int *l) {
  if (_weft_spin_held_by_me(l))
    return false;
  _weft_spin_note(l, true);
  if (!atomic_exchange_explicit(l, 1, memory_order_acquire))
    return true;
  _weft_spin_note(l, false);
  return false;
}
static inline void _weft_spin_unlock(atomic_int *l) {
  atomic_store_explicit(l, 0, memory_order_release);
  _weft_spin_note(l, false);
}
