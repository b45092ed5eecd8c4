/* weft-dump.c: the stuck dump, Go's SIGQUIT for C, and the crash record.
 *
 * Four ways in: Ctrl-C when the program leaves SIGINT to its default (the
 * dump, then the program ends by SIGINT as it would have), Ctrl-\ (SIGQUIT:
 * the dump, and the program runs on), `weft record --timeout` (the dump, then
 * the end with status 124), and the watch: no thread wrote an event for
 * WEFT_WATCH_S seconds (5 by default; 0 turns it off) while none sleeps with
 * a timeout. The watch says "suspected hang" once, and again only if the
 * picture changes. Handlers only post a semaphore: the service thread writes
 * the dump, one DUMP event per live thread, all at one tick, and tells
 * `weft record`, which prints it from the trace in source terms.
 *
 * A thread in a traced wait needs nothing more: its wait event has the stack
 * and the object. Any other thread is asked for its stack by a signal, but
 * only when it runs user code or sits in a system call that SA_RESTART
 * resumes unseen: a poll or a pause would return early, and the program must
 * compute what it would have. Its system call comes from
 * /proc/self/task/TID/syscall. */
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

#define DUMP_DEPTH 32
#define TIMEOUT_STATUS 124
#define PROBE_WAIT_MS 100
#define NS_PER_S 1000000000ull

static sem_t wake;
static atomic_int wake_ready;
static atomic_int pending;     /* a WeftDumpReason asked for by a signal */
static atomic_int interrupted; /* Ctrl-C: end after the dump */
static int probe_signal;       /* 0: stacks of running threads are not taken */

/* One stack request at a time, from the service thread to one thread. */
static atomic_uint probe_tid;
static atomic_int probe_state; /* 0 idle, 1 asked, 2 answered */
static atomic_int probe_depth;
static uint64_t probe_pcs[DUMP_DEPTH];

static uint64_t deadline_ns; /* --timeout, CLOCK_MONOTONIC; 0: none */
static uint64_t watch_ns = 5 * NS_PER_S;
static uint64_t last_pulse, last_progress_ns, reported_picture;

static void on_probe(int sig, siginfo_t *info, void *context) {
  (void)context;
  (void)sig;
  (void)info;
  int saved = errno;
  WeftThreadState *s = &_weft_self;
  if (atomic_load(&probe_state) == 1 && s->tid && s->tid == atomic_load(&probe_tid)) {
    /* Inside a hook we may hold our own locks: no stack then. */
    int n = 0;
    if (s->in_hook == WEFT_HOOK_NONE)
      n = _weft_stack_raw(probe_pcs, DUMP_DEPTH);
    atomic_store(&probe_depth, n);
    atomic_store(&probe_state, 2);
  }
  errno = saved;
}

bool _weft_dump_owns_handler(const struct sigaction *sa) { return sa->sa_sigaction == on_probe; }

bool _weft_dump_takes_signal(int sig) { return sig == SIGINT || sig == SIGQUIT; }

void _weft_dump_on_signal(int sig) {
  int saved = errno;
  if (!atomic_load(&wake_ready) || (sig == SIGINT && atomic_exchange(&interrupted, 1))) {
    _weft_end_by_signal(sig); /* no service thread, or a second Ctrl-C: end now */
    errno = saved;
    return;
  }
  /* A stack taken in here would show this handler, not the program. */
  int was = _weft_tracer_enter();
  atomic_store(&pending, sig == SIGINT ? WEFT_DUMP_INTERRUPT : WEFT_DUMP_QUIT);
  real_sem_post(&wake); /* not through our hook: this is not the program's post */
  _weft_tracer_leave(was);
  errno = saved;
}

static uint64_t env_u64(const char *name, uint64_t fallback) {
  const char *v = getenv(name);
  if (!v || !*v)
    return fallback;
  char *end;
  unsigned long long x = strtoull(v, &end, 10);
  return *end ? fallback : (uint64_t)x;
}

void _weft_dump_after_fork_child(void) {
  deadline_ns = 0; /* --timeout ends the program weft record started, not its children */
  reported_picture = 0;
  last_progress_ns = _weft_monotonic_ns();
}

void _weft_dump_init(bool root_process) {
  WEFT_REAL(sem_post);
  if (sem_init(&wake, 0, 0) == 0)
    atomic_store(&wake_ready, 1);
  watch_ns = env_u64("WEFT_WATCH_S", 5) * NS_PER_S;
  /* An absolute time, so that an exec'ed image keeps the same deadline. */
  deadline_ns = root_process ? env_u64("WEFT_DEADLINE_NS", 0) : 0;
  last_progress_ns = _weft_monotonic_ns();
  int sig = SIGRTMAX - 2;
  struct sigaction old;
  if (sig <= SIGRTMIN || sigaction(sig, NULL, &old) < 0 || old.sa_handler != SIG_DFL)
    return; /* the program's, or not ours to take */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_probe;
  sigfillset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_SIGINFO;
  if (sigaction(sig, &sa, NULL) == 0)
    probe_signal = sig;
}

void _weft_dump_sleep(unsigned ms) {
  if (!atomic_load(&wake_ready)) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    real_nanosleep(&ts, NULL);
    return;
  }
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  while (sem_clockwait(&wake, CLOCK_MONOTONIC, &until) < 0 && errno == EINTR) {
  }
}

void _weft_dump_wake(void) {
  if (atomic_load(&wake_ready))
    real_sem_post(&wake);
}

/* ---- one thread's state ---- */

typedef struct {
  unsigned where;
  uint64_t arg;
  long nr;
} Look;

/* System calls that a handled signal with SA_RESTART resumes as if nothing
 * happened: a thread in one of them may be asked for its stack. */
static bool restarts_unseen(long nr) {
  switch (nr) {
  case SYS_read: case SYS_write: case SYS_readv: case SYS_writev: case SYS_pread64:
  case SYS_pwrite64: case SYS_accept: case SYS_accept4: case SYS_recvfrom: case SYS_recvmsg:
  case SYS_sendto: case SYS_sendmsg: case SYS_wait4: case SYS_waitid: case SYS_futex:
  case SYS_flock: case SYS_fcntl: case SYS_openat:
    return true;
  default:
    return false;
  }
}

/* 1: in system call *nr (first argument *arg0), 0: running, -1: unknown. */
static int read_syscall(int os_tid, long *nr, uint64_t *arg0) {
  char path[64], text[256];
  snprintf(path, sizeof path, "/proc/self/task/%d/syscall", os_tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0)
    return -1;
  text[n] = 0;
  if (!strncmp(text, "running", 7))
    return 0;
  char *end;
  *nr = strtol(text, &end, 10);
  if (end == text || *nr < 0)
    return -1;
  *arg0 = strtoull(end, NULL, 16);
  return 1;
}

static Look look_at(const WeftWaitSlot *w) {
  Look l = {WEFT_DUMP_WAITING, 0, -1};
  if (atomic_load(&w->state) != WEFT_WAIT_NONE)
    return l;
  uint64_t arg0 = 0;
  int in = read_syscall(atomic_load(&w->os_tid), &l.nr, &arg0);
  l.where = in == 1 ? WEFT_DUMP_SYSCALL : in == 0 ? WEFT_DUMP_RUNNING : WEFT_DUMP_NO_ANSWER;
  if (in == 1)
    l.arg = (uint64_t)l.nr | arg0 << 16;
  return l;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL; }

/* What each thread is doing, without the stacks: the watch speaks again only
 * when this changes. */
static uint64_t picture(void) {
  uint32_t max_tid = atomic_load(&_weft_next_tid);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (uint32_t tid = 1; _weft_waits && tid < max_tid && tid < WEFT_MAX_TRACKED_THREADS; tid++) {
    const WeftWaitSlot *w = &_weft_waits[tid];
    if (!atomic_load(&w->alive))
      continue;
    Look l = look_at(w);
    h = mix(mix(mix(h, tid), l.where), (uint64_t)l.nr);
    if (l.where == WEFT_DUMP_WAITING)
      h = mix(mix(h, atomic_load(&w->object)), atomic_load(&w->since));
  }
  return h;
}

void _weft_dump_deadlock_said(void) { reported_picture = picture(); }

static bool probe_allowed(void) {
  struct sigaction cur;
  return probe_signal && sigaction(probe_signal, NULL, &cur) == 0 && cur.sa_sigaction == on_probe;
}

/* The thread's stack, asked of it by a signal; 0 pcs if it did not answer.
 * A thread inside our code answers with none: it is asked again a little
 * later (the signal handler that asked for this dump may still be running). */
static int probe(uint32_t tid, int os_tid, uint64_t *pcs) {
  int n = 0;
  struct timespec ms = {0, 1000000L};
  for (int attempt = 0; attempt < 3 && n == 0; attempt++) {
    if (attempt)
      for (int i = 0; i < 5; i++)
        real_nanosleep(&ms, NULL);
    atomic_store(&probe_depth, 0);
    atomic_store(&probe_tid, tid);
    atomic_store(&probe_state, 1);
    if (syscall(SYS_tgkill, getpid(), os_tid, probe_signal) != 0)
      break;
    for (int i = 0; i < PROBE_WAIT_MS && atomic_load(&probe_state) != 2; i++)
      real_nanosleep(&ms, NULL);
    bool answered = atomic_load(&probe_state) == 2;
    if (answered) {
      n = atomic_load(&probe_depth);
      memcpy(pcs, probe_pcs, (size_t)n * sizeof *pcs);
    }
    atomic_store(&probe_state, 0);
    if (!answered)
      break;
  }
  return n;
}

/* ---- writing ---- */

/* A fresh stack id defined in `p` (not deduplicated: a dump is rare). */
static uint8_t *put_stack(uint8_t *p, const uint64_t *pcs, int n, uint32_t *id) {
  *id = 0;
  if (n <= 0 || _weft_stack_mode == WEFT_STACKS_OFF)
    return p;
  uint64_t m[2 + DUMP_DEPTH];
  *id = atomic_fetch_add(&_weft_next_stack, 1);
  m[0] = *id;
  m[1] = _weft_epoch;
  memcpy(m + 2, pcs, (size_t)n * sizeof *pcs);
  return _weft_put_record(p, WEFT_META_STACK, 2 + (unsigned)n, m, NULL, 0);
}

static uint8_t *put_dump_event(uint8_t *p, uint32_t tid, unsigned where, unsigned reason,
                               uint64_t arg, uint32_t stack) {
  uint64_t a[5] = {0, tid, where | reason << WEFT_DUMP_REASON_SHIFT, arg, stack};
  return _weft_put_record(p, WEFT_EV_DUMP, 5, a, NULL, 0);
}

static void dump(unsigned reason) {
  if (!_weft_waits)
    return;
  bool stacks = probe_allowed();
  uint64_t tick = _weft_now();
  uint32_t max_tid = atomic_load(&_weft_next_tid);
  /* Each thread's records fit in 48 + 11 * (2 + DUMP_DEPTH) bytes. */
  static uint8_t chunk[32 * 1024];
  uint8_t *p = chunk;
  for (uint32_t tid = 1; tid < max_tid && tid < WEFT_MAX_TRACKED_THREADS; tid++) {
    const WeftWaitSlot *w = &_weft_waits[tid];
    if (!atomic_load(&w->alive))
      continue;
    if (p == chunk)
      p = _weft_put_small(p, WEFT_EV_TIME_BASE, 1, &tick);
    Look l = look_at(w);
    uint64_t pcs[DUMP_DEPTH];
    int n = 0;
    if (stacks && (l.where == WEFT_DUMP_RUNNING ||
                   (l.where == WEFT_DUMP_SYSCALL && restarts_unseen(l.nr)))) {
      n = probe(tid, atomic_load(&w->os_tid), pcs);
      if (n == 0 && l.where == WEFT_DUMP_RUNNING)
        l.where = WEFT_DUMP_NO_ANSWER;
    }
    uint32_t stack;
    p = put_stack(p, pcs, n, &stack);
    p = put_dump_event(p, tid, l.where, reason, l.arg, stack);
    if ((size_t)(p - chunk) > sizeof chunk - 512) {
      _weft_process_chunk(chunk, (size_t)(p - chunk));
      p = chunk;
    }
  }
  if (p != chunk)
    _weft_process_chunk(chunk, (size_t)(p - chunk));
  _weft_flush_all(true);
  _weft_write_clock_pair();
  if (!_weft_notify("Q", 1)) { /* weft record prints the dump from the trace */
    char msg[256];
    int len = snprintf(msg, sizeof msg, "%s",
                       _weft_text("weft: every thread's state is in the trace; 'weft report "
                                  "TRACE' shows it\n"));
    if (len > 0 && write(2, msg, (size_t)len < sizeof msg ? (size_t)len : sizeof msg - 1) < 0) {
    }
  }
}

void _weft_dump_crash(int sig) {
  WeftThreadState *s = &_weft_self;
  if (!s->tid || !atomic_load(&_weft_active))
    return;
  uint64_t pcs[DUMP_DEPTH];
  int was = _weft_tracer_enter();
  int n = _weft_stack_raw(pcs, DUMP_DEPTH);
  uint64_t tick = _weft_now();
  uint8_t chunk[1024], *p = chunk;
  p = _weft_put_small(p, WEFT_EV_TIME_BASE, 1, &tick);
  uint32_t stack;
  p = put_stack(p, pcs, n, &stack);
  p = put_dump_event(p, s->tid, WEFT_DUMP_RUNNING, WEFT_DUMP_CRASH, (uint64_t)sig, stack);
  _weft_process_chunk(chunk, (size_t)(p - chunk));
  _weft_tracer_leave(was);
}

/* ---- the service thread's round ---- */

static bool anyone_sleeps(void) {
  uint32_t max_tid = atomic_load(&_weft_next_tid);
  for (uint32_t tid = 1; tid < max_tid && tid < WEFT_MAX_TRACKED_THREADS; tid++)
    if (atomic_load(&_weft_waits[tid].alive) &&
        atomic_load(&_weft_waits[tid].state) == WEFT_WAIT_TIMED)
      return true;
  return false;
}

/* The deadlock detector's "every thread waits, but a waker may exist"
 * (_weft_suspect), held as long as the watch waits for progress: a server
 * idle in accept, a program waiting for its Ctrl-C handler's post, are not
 * hung after a second, and a false alarm in front of a class costs more
 * than a few seconds' wait. It then gives the dump its reason. */
static unsigned suspected(uint64_t now) {
  unsigned reason = atomic_load(&_weft_suspect.reason);
  uint64_t since = atomic_load(&_weft_suspect.since_ns);
  return reason && now > since && now - since >= watch_ns ? reason : 0;
}

static void watch(uint64_t now) {
  uint64_t pulse = _weft_buffers_progress();
  if (pulse != last_pulse) {
    last_pulse = pulse;
    last_progress_ns = now;
    reported_picture = 0;
    return;
  }
  unsigned suspect = suspected(now);
  if (!suspect && now - last_progress_ns < watch_ns)
    return;
  if (!suspect && anyone_sleeps()) { /* it will wake by itself: not stuck yet */
    last_progress_ns = now;
    return;
  }
  uint64_t seen = picture();
  if (seen == reported_picture)
    return;
  reported_picture = seen;
  dump(WEFT_DUMP_WATCH | suspect << (WEFT_DUMP_SUSPECT_SHIFT - WEFT_DUMP_REASON_SHIFT));
  last_pulse = _weft_buffers_progress(); /* our own flush is not the program's progress */
}

void _weft_dump_service(void) {
  if (!atomic_load(&_weft_active))
    return;
  int asked = atomic_exchange(&pending, 0);
  if (asked) {
    bool end = atomic_load(&interrupted);
    dump(end ? WEFT_DUMP_INTERRUPT : (unsigned)asked);
    if (end) /* stdio unflushed, as SIGINT would have left it */
      _weft_end_by_signal(SIGINT);
    reported_picture = picture();
  }
  uint64_t now = _weft_monotonic_ns();
  if (deadline_ns && now >= deadline_ns) {
    dump(WEFT_DUMP_TIMEOUT);
    _weft_flush_stdio();
    _weft_exit_status(TIMEOUT_STATUS);
    _weft_finalize(false);
    real__exit(TIMEOUT_STATUS);
  }
  if (watch_ns && _weft_waits)
    watch(now);
}
