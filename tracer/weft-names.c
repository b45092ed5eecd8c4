/* weft-names.c: names of event types, object kinds and the C calls they
 * stand for. These are identifiers (JSON keys, dump columns), not prose:
 * they are not translated. */
#include "weft-trace.h"

static const char *const event_names[WEFT_EV_LIMIT] = {
    [WEFT_EV_TIME_BASE] = "time-base",
    [WEFT_EV_THREAD_CREATE] = "thread-create",
    [WEFT_EV_THREAD_START] = "thread-start",
    [WEFT_EV_THREAD_END] = "thread-end",
    [WEFT_EV_JOIN_BEGIN] = "join-begin",
    [WEFT_EV_JOIN_END] = "join-end",
    [WEFT_EV_DETACH] = "detach",
    [WEFT_EV_THREAD_NAME] = "thread-name",
    [WEFT_EV_OBJ_INIT] = "init",
    [WEFT_EV_OBJ_DESTROY] = "destroy",
    [WEFT_EV_LOCK_WAIT] = "lock-wait",
    [WEFT_EV_LOCK_ACQUIRE] = "lock-acquire",
    [WEFT_EV_LOCK_FAIL] = "lock-fail",
    [WEFT_EV_LOCK_RELEASE] = "lock-release",
    [WEFT_EV_COND_WAIT] = "cond-wait",
    [WEFT_EV_COND_WAKE] = "cond-wake",
    [WEFT_EV_COND_SIGNAL] = "cond-signal",
    [WEFT_EV_COND_BROADCAST] = "cond-broadcast",
    [WEFT_EV_BARRIER_WAIT] = "barrier-wait",
    [WEFT_EV_BARRIER_LEAVE] = "barrier-leave",
    [WEFT_EV_SLEEP_BEGIN] = "sleep-begin",
    [WEFT_EV_SLEEP_END] = "sleep-end",
    [WEFT_EV_FORK] = "fork",
    [WEFT_EV_EXEC] = "exec",
    [WEFT_EV_PROCESS_EXIT] = "process-exit",
    [WEFT_EV_REGION_BEGIN] = "region-begin",
    [WEFT_EV_REGION_END] = "region-end",
    [WEFT_EV_LOG] = "log",
    [WEFT_EV_CHAN_MAKE] = "chan-make",
    [WEFT_EV_CHAN_SEND_WAIT] = "chan-send-wait",
    [WEFT_EV_CHAN_SEND] = "chan-send",
    [WEFT_EV_CHAN_RECV_WAIT] = "chan-recv-wait",
    [WEFT_EV_CHAN_RECV] = "chan-recv",
    [WEFT_EV_CHAN_CLOSE] = "chan-close",
    [WEFT_EV_SELECT_BEGIN] = "select-begin",
    [WEFT_EV_SELECT_END] = "select-end",
    [WEFT_EV_WAITGROUP] = "waitgroup",
    [WEFT_EV_CTX_CANCEL] = "ctx-cancel",
    [WEFT_EV_DEADLOCK] = "deadlock",
    [WEFT_EV_MISUSE] = "misuse",
    [WEFT_EV_WAITGROUP_WAIT] = "waitgroup-wait",
    [WEFT_EV_WAITGROUP_WAKE] = "waitgroup-wake",
    [WEFT_EV_ONCE] = "once",
    [WEFT_EV_SPAWN] = "spawn",
    [WEFT_EV_SELECT_WAIT] = "select-wait",
    [WEFT_EV_IO_WAIT] = "io-wait",
    [WEFT_EV_IO_DONE] = "io-done",
    [WEFT_EV_DUMP] = "dump",
    [WEFT_EV_THREAD_ARG] = "thread-arg",
    [WEFT_EV_RACE] = "race",
};

const char *weft_event_type_name(unsigned type) {
  return type < WEFT_EV_LIMIT && event_names[type] ? event_names[type] : "unknown";
}

static const char *const kind_names[WEFT_OBJ_KIND_COUNT_] = {
    [WEFT_OBJ_UNKNOWN] = "object",     [WEFT_OBJ_MUTEX] = "mutex",
    [WEFT_OBJ_RWLOCK] = "rwlock",      [WEFT_OBJ_SPINLOCK] = "spinlock",
    [WEFT_OBJ_SEMAPHORE] = "semaphore", [WEFT_OBJ_CONDVAR] = "condvar",
    [WEFT_OBJ_BARRIER] = "barrier",    [WEFT_OBJ_CHANNEL] = "channel",
    [WEFT_OBJ_WAITGROUP] = "waitgroup", [WEFT_OBJ_CONTEXT] = "context",
    [WEFT_OBJ_ONCE] = "once",          [WEFT_OBJ_FD] = "fd",
    [WEFT_OBJ_VARIABLE] = "variable",
};

const char *weft_object_kind_name(unsigned kind) {
  return kind < WEFT_OBJ_KIND_COUNT_ ? kind_names[kind] : "object";
}

static const char *const io_call_names[WEFT_IO_CALL_COUNT_] = {
    [WEFT_IO_READ] = "read",           [WEFT_IO_READV] = "readv",
    [WEFT_IO_RECV] = "recv",           [WEFT_IO_RECVFROM] = "recvfrom",
    [WEFT_IO_RECVMSG] = "recvmsg",     [WEFT_IO_WRITE] = "write",
    [WEFT_IO_WRITEV] = "writev",       [WEFT_IO_SEND] = "send",
    [WEFT_IO_SENDTO] = "sendto",       [WEFT_IO_SENDMSG] = "sendmsg",
    [WEFT_IO_ACCEPT] = "accept",       [WEFT_IO_ACCEPT4] = "accept4",
    [WEFT_IO_CONNECT] = "connect",     [WEFT_IO_POLL] = "poll",
    [WEFT_IO_PPOLL] = "ppoll",         [WEFT_IO_SELECT] = "select",
    [WEFT_IO_PSELECT] = "pselect",     [WEFT_IO_EPOLL_WAIT] = "epoll_wait",
    [WEFT_IO_EPOLL_PWAIT] = "epoll_pwait", [WEFT_IO_WAITPID] = "waitpid",
    [WEFT_IO_WAIT] = "wait",           [WEFT_IO_WAIT4] = "wait4",
    [WEFT_IO_WAITID] = "waitid",       [WEFT_IO_SIGWAIT] = "sigwait",
    [WEFT_IO_SIGWAITINFO] = "sigwaitinfo", [WEFT_IO_SIGTIMEDWAIT] = "sigtimedwait",
    [WEFT_IO_PAUSE] = "pause",         [WEFT_IO_SIGSUSPEND] = "sigsuspend",
    [WEFT_IO_FLOCK] = "flock",         [WEFT_IO_FCNTL_LOCK] = "fcntl",
    [WEFT_IO_FGETS] = "fgets",         [WEFT_IO_GETLINE] = "getline",
    [WEFT_IO_GETDELIM] = "getdelim",   [WEFT_IO_FGETC] = "fgetc",
    [WEFT_IO_GETC] = "getc",           [WEFT_IO_GETCHAR] = "getchar",
    [WEFT_IO_FREAD] = "fread",         [WEFT_IO_SCANF] = "scanf",
    [WEFT_IO_FSCANF] = "fscanf",       [WEFT_IO_VSCANF] = "vscanf",
    [WEFT_IO_VFSCANF] = "vfscanf",
};

const char *weft_io_call_name(unsigned call) {
  return call < WEFT_IO_CALL_COUNT_ && io_call_names[call] ? io_call_names[call] : "?";
}

WeftIoClass weft_io_call_class(unsigned call) {
  if (call >= WEFT_IO_POLL && call <= WEFT_IO_EPOLL_PWAIT)
    return WEFT_IO_CLASS_POLL;
  if (call >= WEFT_IO_WAITPID && call <= WEFT_IO_WAITID)
    return WEFT_IO_CLASS_CHILD;
  if (call >= WEFT_IO_SIGWAIT && call <= WEFT_IO_SIGSUSPEND)
    return WEFT_IO_CLASS_SIGNAL;
  return WEFT_IO_CLASS_IO;
}

bool weft_io_call_reads_stream(unsigned call) {
  return call >= WEFT_IO_FGETS && call <= WEFT_IO_VFSCANF;
}

static const char *lock_call(unsigned kind, unsigned flags) {
  bool try_ = flags & WEFT_F_TRY, timed = flags & WEFT_F_TIMED, wr = flags & WEFT_F_WRITE;
  switch (kind) {
  case WEFT_OBJ_MUTEX:
    return try_ ? "pthread_mutex_trylock" : timed ? "pthread_mutex_timedlock" : "pthread_mutex_lock";
  case WEFT_OBJ_RWLOCK:
    if (wr)
      return try_ ? "pthread_rwlock_trywrlock" : timed ? "pthread_rwlock_timedwrlock" : "pthread_rwlock_wrlock";
    return try_ ? "pthread_rwlock_tryrdlock" : timed ? "pthread_rwlock_timedrdlock" : "pthread_rwlock_rdlock";
  case WEFT_OBJ_SPINLOCK:
    return try_ ? "pthread_spin_trylock" : "pthread_spin_lock";
  case WEFT_OBJ_SEMAPHORE:
    return try_ ? "sem_trywait" : timed ? "sem_timedwait" : "sem_wait";
  default:
    return NULL;
  }
}

static const char *lifecycle_call(unsigned kind, unsigned flags, bool init) {
  switch (kind) {
  case WEFT_OBJ_MUTEX: return init ? "pthread_mutex_init" : "pthread_mutex_destroy";
  case WEFT_OBJ_RWLOCK: return init ? "pthread_rwlock_init" : "pthread_rwlock_destroy";
  case WEFT_OBJ_SPINLOCK: return init ? "pthread_spin_init" : "pthread_spin_destroy";
  case WEFT_OBJ_CONDVAR: return init ? "pthread_cond_init" : "pthread_cond_destroy";
  case WEFT_OBJ_BARRIER: return init ? "pthread_barrier_init" : "pthread_barrier_destroy";
  case WEFT_OBJ_SEMAPHORE:
    if (flags & WEFT_F_NAMED)
      return init ? "sem_open" : "sem_close";
    return init ? "sem_init" : "sem_destroy";
  default: return NULL;
  }
}

const char *weft_event_call_name(const WeftTrace *trace, const WeftEvent *ev) {
  const WeftObject *o = ev->object ? weft_trace_object(trace, ev->object) : NULL;
  unsigned kind = o ? o->kind : WEFT_OBJ_UNKNOWN;
  unsigned flags = ev->flags & 0xff;
  if (flags & WEFT_F_WAITED)
    return NULL;
  switch (ev->type) {
  case WEFT_EV_THREAD_CREATE: return "pthread_create";
  case WEFT_EV_THREAD_END: return ev->arg == WEFT_END_PTHREAD_EXIT ? "pthread_exit" : NULL;
  case WEFT_EV_JOIN_BEGIN:
  case WEFT_EV_JOIN_END:
    return flags & WEFT_F_TRY ? "pthread_tryjoin_np"
           : flags & WEFT_F_TIMED ? "pthread_timedjoin_np" : "pthread_join";
  case WEFT_EV_DETACH: return "pthread_detach";
  case WEFT_EV_THREAD_NAME: return "pthread_setname_np";
  case WEFT_EV_OBJ_INIT: return lifecycle_call(kind, flags, true);
  case WEFT_EV_OBJ_DESTROY: return lifecycle_call(kind, flags, false);
  case WEFT_EV_LOCK_WAIT:
  case WEFT_EV_LOCK_ACQUIRE:
  case WEFT_EV_LOCK_FAIL: return lock_call(kind, flags);
  case WEFT_EV_LOCK_RELEASE:
    switch (kind) {
    case WEFT_OBJ_MUTEX: return "pthread_mutex_unlock";
    case WEFT_OBJ_RWLOCK: return "pthread_rwlock_unlock";
    case WEFT_OBJ_SPINLOCK: return "pthread_spin_unlock";
    case WEFT_OBJ_SEMAPHORE: return "sem_post";
    default: return NULL;
    }
  case WEFT_EV_COND_WAIT: return flags & WEFT_F_TIMED ? "pthread_cond_timedwait" : "pthread_cond_wait";
  case WEFT_EV_COND_SIGNAL: return "pthread_cond_signal";
  case WEFT_EV_COND_BROADCAST: return "pthread_cond_broadcast";
  case WEFT_EV_BARRIER_WAIT: return "pthread_barrier_wait";
  case WEFT_EV_SLEEP_BEGIN: {
    static const char *const s[] = {"sleep", "usleep", "nanosleep", "clock_nanosleep"};
    return s[flags & WEFT_SLEEP_FUNCTION_MASK];
  }
  case WEFT_EV_FORK: return "fork";
  case WEFT_EV_EXEC: return "execve";
  case WEFT_EV_REGION_BEGIN: return "weft_region_begin";
  case WEFT_EV_REGION_END: return "weft_region_end";
  case WEFT_EV_LOG: return "weft_log";
  case WEFT_EV_CHAN_MAKE: return "weft_chan_make";
  /* A blocked send is SEND_WAIT, then SEND flagged WAITED (not counted). */
  case WEFT_EV_CHAN_SEND_WAIT:
  case WEFT_EV_CHAN_SEND: return ev->flags & WEFT_CHAN_IN_SELECT ? NULL : "weft_chan_send";
  case WEFT_EV_CHAN_RECV_WAIT:
  case WEFT_EV_CHAN_RECV: return ev->flags & WEFT_CHAN_IN_SELECT ? NULL : "weft_chan_recv";
  case WEFT_EV_CHAN_CLOSE: return "weft_chan_close";
  case WEFT_EV_SELECT_BEGIN: return "weft_select";
  case WEFT_EV_WAITGROUP: return ev->flags & WEFT_WG_DONE ? "weft_wg_done" : "weft_wg_add";
  case WEFT_EV_WAITGROUP_WAIT: return "weft_wg_wait";
  case WEFT_EV_CTX_CANCEL: return "weft_ctx_cancel";
  case WEFT_EV_ONCE: return "weft_once_do";
  case WEFT_EV_SPAWN: return "weft_go";
  case WEFT_EV_IO_WAIT: return weft_io_call_name((unsigned)(ev->arg & 0xff));
  default: return NULL;
  }
}

bool weft_event_begins_wait(unsigned type) {
  switch (type) {
  case WEFT_EV_LOCK_WAIT:
  case WEFT_EV_COND_WAIT:
  case WEFT_EV_BARRIER_WAIT:
  case WEFT_EV_JOIN_BEGIN:
  case WEFT_EV_SLEEP_BEGIN:
  case WEFT_EV_CHAN_SEND_WAIT:
  case WEFT_EV_CHAN_RECV_WAIT:
  case WEFT_EV_SELECT_WAIT:
  case WEFT_EV_IO_WAIT:
  case WEFT_EV_WAITGROUP_WAIT: return true;
  default: return false;
  }
}

bool weft_event_ends_wait(const WeftEvent *ev) {
  switch (ev->type) {
  case WEFT_EV_LOCK_ACQUIRE:
  case WEFT_EV_LOCK_FAIL:
  case WEFT_EV_CHAN_SEND:
  case WEFT_EV_CHAN_RECV: return ev->flags & WEFT_F_WAITED; /* else a call of its own */
  case WEFT_EV_COND_WAKE:
  case WEFT_EV_BARRIER_LEAVE:
  case WEFT_EV_JOIN_END:
  case WEFT_EV_SLEEP_END:
  case WEFT_EV_SELECT_END:
  case WEFT_EV_WAITGROUP_WAKE:
  case WEFT_EV_IO_DONE:
  case WEFT_EV_THREAD_END: return true;
  default: return false;
  }
}

const char *weft_status_name(WeftStatus s) {
  switch (s) {
  case WEFT_TRACE_OK: return "ok";
  case WEFT_ERR_IO: return "io";
  case WEFT_ERR_NOT_TRACE: return "not-a-trace";
  case WEFT_ERR_TRUNCATED: return "truncated";
  case WEFT_ERR_VERSION: return "version";
  case WEFT_ERR_BYTE_ORDER: return "byte-order";
  case WEFT_ERR_CORRUPT: return "corrupt";
  case WEFT_ERR_NO_MEMORY: return "no-memory";
  }
  return "unknown";
}
