/* weft-preload.c: the life of the tracer in a process.
 *
 * Start (constructor): read WEFT_* settings, open the trace, write the header,
 * the process, the loaded modules and a clock pair. While running: a service
 * thread flushes every buffer a few times a second, so a killed program leaves
 * a trace up to a fraction of a second before its end. End (destructor, exit,
 * _exit, fatal or terminating signals): flush everything, then let the
 * process end as it would have. Fork gives the child its own trace file; exec
 * carries the ids over to the new image through WEFT_EXEC_STATE. */
#include <dlfcn.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "weft-preload-private.h"
#include "weft-waits.h"
#include "weft-writer.h"

#ifdef WEFT_HAVE_TSC
#include <cpuid.h>
#endif

WEFT_HIDDEN atomic_int _weft_active;
WEFT_HIDDEN atomic_int _weft_finalized;
WEFT_HIDDEN int _weft_use_tsc;
WEFT_HIDDEN uint32_t _weft_epoch;
WEFT_HIDDEN atomic_uint _weft_process_seq;

static atomic_int out_fd = -1; /* moved by weft-hook-fd.c when the program wants its number */
static char out_path[4096];
static atomic_int process_lock;
static atomic_int finalizing;
static atomic_int failure_said;
static unsigned flush_interval_ms = 200;
static pthread_t service_thread;
static atomic_int service_running;

int _weft_output_fd(void) { return out_fd; }

/* The tracer's few messages, in the user's language. The program may never
 * have called setlocale(), so the locale is taken from the environment for
 * this lookup only, on this thread. */
const char *_weft_text(const char *msgid) {
  static atomic_int bound;
  int saved = errno;
  if (!atomic_exchange(&bound, 1)) {
    Dl_info self;
    char dir[4096];
    bool found = false;
    /* Beside us: build/tracer/preload/ -> build/po, or PREFIX/LIBDIR/weft/
     * -> PREFIX/share/locale wherever the prefix is. */
    const char *beside[] = {"%.*s/../../po", "%.*s/" WEFT_LOCALEDIR_FROM_PRELOAD};
    for (int i = 0; i < 2 && !found && dladdr((void *)_weft_text, &self) && self.dli_fname; i++) {
      const char *slash = strrchr(self.dli_fname, '/');
      int len = slash ? (int)(slash - self.dli_fname) : 0;
      snprintf(dir, sizeof dir, beside[i], len, self.dli_fname);
      char probe[4200];
      snprintf(probe, sizeof probe, "%s/fr/LC_MESSAGES/weft.mo", dir);
      found = access(probe, R_OK) == 0;
    }
    bindtextdomain("weft", found ? dir : WEFT_LOCALEDIR);
    bind_textdomain_codeset("weft", "UTF-8");
  }
  const char *out = msgid;
  locale_t env = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK, "", (locale_t)0);
  if (env) {
    locale_t old = uselocale(env);
    out = dgettext("weft", msgid);
    uselocale(old);
    freelocale(env);
  }
  errno = saved;
  return out;
}

void _weft_internal_failure(const char *what, int err) {
  /* Never abort the program: stop tracing, say so once. */
  atomic_store(&_weft_active, 0);
  if (atomic_exchange(&failure_said, 1))
    return;
  char msg[512];
  int n = snprintf(msg, sizeof msg, _weft_text("weft: tracing stopped: %s%s%s\n"),
                   _weft_text(what), err ? ": " : "", err ? strerror(err) : "");
  if (n > 0 && write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1) < 0) {
  }
}

void _weft_process_record(unsigned type, unsigned nargs, const uint64_t *args,
                          const void *blob, size_t len) {
  uint8_t buf[8192];
  if (len > sizeof buf - 16 - 10 * (size_t)nargs)
    len = sizeof buf - 16 - 10 * (size_t)nargs;
  uint8_t *e = _weft_put_record(buf, type, nargs, args, blob, len);
  _weft_process_chunk(buf, (size_t)(e - buf));
}

void _weft_process_chunk(const void *payload, size_t len) {
  /* Never waits for its own thread: a signal may land while it writes. */
  if (!_weft_spin_lock(&process_lock)) {
    atomic_fetch_add(&_weft_lost, 1);
    return;
  }
  if (out_fd >= 0 && !_weft_trace_stopped() &&
      _weft_output_chunk(out_fd, 0, atomic_fetch_add(&_weft_process_seq, 1), 0, payload, len) < 0)
    _weft_trace_write_failed(errno);
  _weft_spin_unlock(&process_lock);
}

/* ---- a trace that cannot be written any more ---- */

static uint64_t trace_start_ns; /* monotonic, when this process's trace began */
static atomic_int write_failed;
static uint64_t failed_after_ns;

bool _weft_trace_stopped(void) { return atomic_load_explicit(&write_failed, memory_order_relaxed); }

void _weft_trace_write_failed(int err) {
  uint64_t now = _weft_monotonic_ns();
  if (atomic_exchange(&write_failed, 1))
    return;
  failed_after_ns = now - trace_start_ns;
  char msg[512];
  int n = snprintf(msg, sizeof msg,
                   _weft_text("weft: cannot write the trace any more (%s) %.3f s into the run: "
                              "it stops there; the program runs on\n"),
                   strerror(err), (double)failed_after_ns / 1e9);
  if (n > 0 && write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1) < 0) {
  }
}

/* 'L', then the events lost and the nanoseconds into the run where the trace
 * stopped, for `weft record` to say and to write down as a LOST record. */
static void tell_lost(uint64_t lost) {
  uint8_t msg[17] = {'L'};
  memcpy(msg + 1, &lost, 8);
  memcpy(msg + 9, &failed_after_ns, 8);
  _weft_notify(msg, sizeof msg);
}

void _weft_write_clock_pair(void) {
  uint64_t tick = _weft_now();
  uint64_t ns = _weft_monotonic_ns();
  uint64_t tick2 = _weft_now();
  uint64_t pair[2] = {tick + (tick2 - tick) / 2, ns};
  _weft_process_record(WEFT_META_CLOCK, 2, pair, NULL, 0);
}

/* ---- modules, for symbolisation after the run ---- */

static int write_module(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD)
      continue;
    uintptr_t a = info->dlpi_addr + ph->p_vaddr;
    if (a < lo)
      lo = a;
    if (a + ph->p_memsz > hi)
      hi = a + ph->p_memsz;
  }
  if (hi == 0)
    return 0;
  char path[4096];
  const char *name = info->dlpi_name;
  if (!name || !*name) {
    /* The first entry with no name is the executable. */
    int *seen_exe = data; /* per pass: a forked child writes its own list */
    if ((*seen_exe)++)
      return 0;
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
      return 0;
    path[n] = 0;
    name = path;
  }
  if (strncmp(name, "linux-vdso", 10) == 0)
    return 0;
  uint64_t m[4] = {_weft_epoch, lo, hi, info->dlpi_addr};
  _weft_process_record(WEFT_META_MAPPING, 4, m, name, strlen(name));
  return 0;
}

void _weft_write_mappings(void) {
  int seen_exe = 0;
  dl_iterate_phdr(write_module, &seen_exe);
}

/* ---- settings ---- */

static unsigned env_uint(const char *name, unsigned fallback, unsigned max) {
  const char *v = getenv(name);
  if (!v || !*v)
    return fallback;
  char *end;
  unsigned long x = strtoul(v, &end, 10);
  if (*end || x > max)
    return fallback;
  return (unsigned)x;
}

static void read_settings(void) {
  const char *stacks = getenv("WEFT_STACKS");
  if (stacks) {
    if (!strcmp(stacks, "0") || !strcmp(stacks, "off") || !strcmp(stacks, "no"))
      _weft_stack_mode = WEFT_STACKS_OFF;
    else if (!strcmp(stacks, "blocking"))
      _weft_stack_mode = WEFT_STACKS_BLOCKING;
  }
  _weft_stack_depth = (int)env_uint("WEFT_STACK_DEPTH", 16, 64);
  if (_weft_stack_depth == 0)
    _weft_stack_mode = WEFT_STACKS_OFF;
  flush_interval_ms = env_uint("WEFT_FLUSH_MS", 200, 60000);
}

static bool tsc_is_invariant(void) {
#ifdef WEFT_HAVE_TSC
  const char *clock = getenv("WEFT_CLOCK");
  if (clock && !strcmp(clock, "monotonic"))
    return false;
  unsigned a, b, c, d;
  if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007)
    return false;
  __get_cpuid(0x80000007, &a, &b, &c, &d);
  return (d >> 8) & 1;
#else
  return false;
#endif
}

/* <trace>-<pid>.weft beside the root trace, for child processes. */
static void child_path(const char *root, pid_t pid, char *out, size_t size) {
  size_t len = strlen(root);
  if (len > 5 && !strcmp(root + len - 5, ".weft"))
    len -= 5;
  snprintf(out, size, "%.*s-%d.weft", (int)len, root, (int)pid);
}

static void choose_output(void) {
  const char *root = getenv("WEFT_OUTPUT");
  const char *root_pid = getenv("WEFT_ROOT_PID");
  pid_t pid = getpid();
  if (root && *root) {
    if (root_pid && (pid_t)atol(root_pid) == pid)
      snprintf(out_path, sizeof out_path, "%s", root);
    else
      child_path(root, pid, out_path, sizeof out_path);
    return;
  }
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = 0;
  const char *base = strrchr(exe, '/');
  base = base ? base + 1 : "program";
  snprintf(out_path, sizeof out_path, "%s-%d.weft", *base ? base : "program", (int)pid);
}

/* A new trace file for this process: the root trace `weft record` created
 * (truncated), or a fresh file never opened before (O_EXCL: a file or link
 * planted at a child trace's predictable name is never written through; the
 * next free name is taken instead). Never through a symbolic link. */
static int create_output(void) {
  unsigned mode = 0600;
  const char *m = getenv("WEFT_MODE");
  if (m && *m) {
    char *end;
    unsigned long v = strtoul(m, &end, 8);
    if (!*end && v <= 0777)
      mode = (unsigned)v;
  }
  const char *root = getenv("WEFT_OUTPUT");
  bool is_root = root && !strcmp(root, out_path);
  /* Read and write: under --max-size the ring reads back the chunks it overwrites. */
  int flags = O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW;
  if (is_root)
    return open(out_path, flags | O_TRUNC, mode);
  size_t len = strlen(out_path);
  if (len > 5 && !strcmp(out_path + len - 5, ".weft"))
    len -= 5;
  char base[sizeof out_path - 16];
  snprintf(base, sizeof base, "%.*s", (int)len, out_path);
  for (unsigned n = 1;; n++) {
    int fd = open(out_path, flags | O_EXCL, mode);
    if (fd >= 0 || errno != EEXIST || n == 100) {
      if (fd >= 0)
        fchmod(fd, mode); /* exactly what was asked, whatever the umask */
      return fd;
    }
    snprintf(out_path, sizeof out_path, "%.*s.%u.weft", (int)sizeof base - 1, base, n);
  }
}

static bool open_output(bool append) {
  int fd = append ? open(out_path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW) : create_output();
  if (fd < 0) {
    _weft_internal_failure(WEFT_N_("cannot open the trace file"), errno);
    return false;
  }
  /* Keep the descriptor away from the numbers programs expect (0, 1, 2...). */
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 200);
  if (high >= 0) {
    close(fd);
    fd = high;
  }
  if (!append) {
    WeftFileHeader h;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    weft_file_header_init(&h, (_weft_stack_mode ? WEFT_FEATURE_STACKS : 0) |
                                  (_weft_use_tsc ? WEFT_FEATURE_TSC : 0),
                          (uint32_t)getpid(),
                          (uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec);
    if (write(fd, &h, sizeof h) != (ssize_t)sizeof h) {
      close(fd);
      _weft_internal_failure(WEFT_N_("cannot write the trace file"), errno);
      return false;
    }
  }
  _weft_output_setup(fd);
  out_fd = fd;
  return true;
}

static void write_process(uint64_t start_ns) {
  char args[4096];
  size_t len = 0;
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, args, sizeof args);
    len = n > 0 ? (size_t)n : 0;
    close(fd);
  }
  uint64_t p[4] = {(uint64_t)getpid(), (uint64_t)getppid(), _weft_epoch, start_ns};
  _weft_process_record(WEFT_META_PROCESS, 4, p, args, len);
}

/* ---- service thread ---- */

static void *service_main(void *arg) {
  (void)arg;
  _weft_self.in_hook = WEFT_HOOK_TRACER; /* nothing this thread does is traced */
  atomic_fetch_add(&_weft_internal_threads, 1);
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  unsigned period = flush_interval_ms;
  if (_weft_deadlock_interval_ms && (!period || _weft_deadlock_interval_ms < period))
    period = _weft_deadlock_interval_ms;
  while (atomic_load(&service_running)) {
    _weft_dump_sleep(period);
    if (!atomic_load(&service_running) || atomic_load(&finalizing))
      break;
    _weft_dump_service();
    if (_weft_deadlock_interval_ms)
      _weft_deadlock_check();
    if (flush_interval_ms) {
      _weft_flush_all(false);
      /* A program killed now still has a pair near its end: its times stay right. */
      _weft_write_clock_pair();
    }
  }
  atomic_fetch_sub(&_weft_internal_threads, 1);
  return NULL;
}

/* Under ThreadSanitizer the service thread is joined around fork (below). */
static bool service_joinable;

static void start_service(void) { /* always: the stuck dump needs it */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  service_joinable = _weft_tsan;
  pthread_attr_setdetachstate(&attr, service_joinable ? PTHREAD_CREATE_JOINABLE
                                                      : PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  atomic_store(&service_running, 1);
  int was = _weft_tracer_enter();
  if (real_pthread_create(&service_thread, &attr, service_main, NULL) != 0)
    atomic_store(&service_running, 0);
  _weft_tracer_leave(was);
  pthread_attr_destroy(&attr);
}

/* ThreadSanitizer kills a child that starts threads after a fork made while
 * other threads ran: a program forking with one thread of its own must not
 * die for weft's. Under TSan the service thread ends before the fork and
 * starts again after it, in both processes. */
static bool stop_service(void) {
  if (!service_joinable || !atomic_exchange(&service_running, 0) ||
      pthread_equal(pthread_self(), service_thread))
    return false;
  _weft_dump_wake();
  /* a second at most: its round may be a dump waiting for stacks */
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 1;
  WEFT_REAL(pthread_timedjoin_np);
  int was = _weft_tracer_enter();
  int r = real_pthread_timedjoin_np(service_thread, NULL, &until);
  _weft_tracer_leave(was);
  return r == 0;
}

/* ---- the end ---- */

/* The status the process ends with, when it ends by exit, a return from
 * main (glibc's on_exit handlers are given it) or _exit. */
static int exit_status;
static bool exit_status_known;

void _weft_exit_status(int status) {
  exit_status = status;
  exit_status_known = true;
}

static void on_exit_status(int status, void *arg) {
  (void)arg;
  _weft_exit_status(status);
}

void _weft_finalize(bool from_signal) {
  if (atomic_exchange(&finalizing, 1))
    return;
  if (!from_signal && !_weft_hook_interrupted(_weft_self.in_hook))
    stop_service(); /* joined under TSan, which reports a thread left unjoined */
  atomic_store(&service_running, 0);
  if (out_fd < 0)
    return;
  WeftThreadState *s = &_weft_self;
  /* Called from a handler that landed while the tracer worked on this thread
   * (exit() in a handler): its buffer is mid-record, its locks are held. */
  bool interrupted = _weft_hook_interrupted(s->in_hook);
  if (interrupted)
    _weft_side_lost(s); /* a handler's records, never merged now */
  else if (s->after)
    _weft_hook_after();
  int was = _weft_tracer_enter();
  if (s->buf && !from_signal && !interrupted) { /* the thread that ends the process ends its lane */
    _weft_emit(s, WEFT_EV_THREAD_END, 0, 0, WEFT_END_PROCESS_EXIT, 0);
    WeftWaitSlot *w = _weft_wait_slot(s->tid);
    if (w)
      atomic_store(&w->alive, 0);
  }
  if (from_signal)
    _weft_flush_all_within(100);
  else
    _weft_flush_all(true);
  _weft_write_clock_pair();
  _weft_output_finish();
  uint64_t lost = atomic_load(&_weft_lost);
  if (_weft_trace_stopped())
    tell_lost(lost);
  else if (lost)
    _weft_process_record(WEFT_META_LOST, 1, &lost, NULL, 0);
  /* The trace is whole: it says so itself (weft record appends the status it
   * saw too, but a child process's trace has only this). A process a signal
   * ends has no END: killed, it may have been cut short. */
  if (!from_signal && exit_status_known && !_weft_trace_stopped()) {
    uint64_t z = _weft_zigzag(exit_status);
    _weft_process_record(WEFT_META_END, 1, &z, NULL, 0);
  }
  /* From here on, events of threads still running are written one by one;
   * a process a signal ends writes nothing more, lest the signal cut a chunk. */
  atomic_store(&_weft_finalized, 1);
  if (from_signal)
    _weft_output_close();
  _weft_tracer_leave(was);
}

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGINT,
                                    SIGTERM, SIGHUP, SIGQUIT};

void _weft_end_by_signal(int sig) {
  _weft_finalize(true);
  /* Back to the default action and again: the exit status is the program's. */
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
}

static void on_signal(int sig, siginfo_t *info, void *context) {
  (void)info;
  (void)context;
  int saved = errno;
  if (_weft_dump_takes_signal(sig)) {
    _weft_dump_on_signal(sig);
    errno = saved;
    return;
  }
  if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGABRT)
    _weft_dump_crash(sig);
  _weft_end_by_signal(sig);
  errno = saved;
}

static void install_signal_handlers(void) {
  _weft_own_signal_handler = on_signal;
  for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
    struct sigaction old;
    if (sigaction(fatal_signals[i], NULL, &old) < 0 || old.sa_handler != SIG_DFL)
      continue; /* ignored or handled by someone already: leave it alone */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NODEFER | SA_SIGINFO;
    sigaction(fatal_signals[i], &sa, NULL);
  }
}

/* ---- fork ---- */

static bool service_stopped_for_fork;

void _weft_before_fork(void) {
  if (atomic_load(&_weft_active) && !atomic_load(&finalizing))
    service_stopped_for_fork = stop_service();
}

static void before_fork(void) {
  if (!atomic_load(&_weft_active))
    return;
  _weft_spin_lock(&process_lock);
  _weft_stacks_lock();
  _weft_buffers_lock_all();
}

static void after_fork_parent(void) {
  if (!atomic_load(&_weft_active))
    return;
  _weft_buffers_unlock_all();
  _weft_stacks_unlock();
  _weft_spin_unlock(&process_lock);
}

void _weft_after_fork_parent(void) {
  if (service_stopped_for_fork && !atomic_load(&finalizing))
    start_service();
  service_stopped_for_fork = false;
}

static void after_fork_child(void) {
  if (!atomic_load(&_weft_active))
    return;
  _weft_buffers_unlock_all();
  _weft_stacks_unlock();
  _weft_spin_unlock(&process_lock);
  WeftThreadState *s = &_weft_self;
  int was = _weft_tracer_enter();
  if (out_fd >= 0)
    close(out_fd);
  out_fd = -1;
  char root[4096];
  snprintf(root, sizeof root, "%s", out_path);
  const char *env_root = getenv("WEFT_OUTPUT");
  child_path(env_root && *env_root ? env_root : root, getpid(), out_path, sizeof out_path);
  atomic_store(&_weft_process_seq, 0);
  _weft_ids_reset();
  _weft_stacks_reset();
  _weft_waits_after_fork_child(s);
  _weft_buffers_after_fork_child(s);
  _weft_dump_after_fork_child();
  atomic_store(&write_failed, 0); /* the child's own, new file */
  atomic_store(&_weft_lost, 0);
  trace_start_ns = _weft_monotonic_ns();
  if (open_output(false)) {
    write_process(trace_start_ns);
    _weft_write_mappings();
    _weft_write_clock_pair();
    _weft_tsan_init();
    if (s->buf)
      _weft_emit_thread_meta(s);
    atomic_store(&finalizing, 0);
    start_service();
  }
  _weft_tracer_leave(was);
}

/* ---- exec ---- */

/* The state a new image needs to go on writing the same trace. */
WEFT_HIDDEN void _weft_exec_state(char *out, size_t size);
void _weft_exec_state(char *out, size_t size) {
  WeftThreadState *s = &_weft_self;
  snprintf(out, size, "WEFT_EXEC_STATE=%d:%u:%u:%u:%u:%u:%u:%u", (int)getpid(),
           _weft_epoch + 1, s->tid, s->buf ? s->buf->seq : s->seq,
           atomic_load(&_weft_next_tid), atomic_load(&_weft_next_object),
           atomic_load(&_weft_next_stack), atomic_load(&_weft_process_seq));
}

static bool resume_after_exec(WeftThreadState *s) {
  const char *st = getenv("WEFT_EXEC_STATE");
  int pid;
  unsigned epoch, tid, seq, next_tid, next_obj, next_stack, pseq;
  if (!st || sscanf(st, "%d:%u:%u:%u:%u:%u:%u:%u", &pid, &epoch, &tid, &seq, &next_tid,
                    &next_obj, &next_stack, &pseq) != 8 ||
      pid != getpid())
    return false;
  _weft_epoch = epoch;
  s->tid = tid;
  s->seq = seq;
  atomic_store(&_weft_next_tid, next_tid);
  atomic_store(&_weft_next_object, next_obj);
  atomic_store(&_weft_next_stack, next_stack);
  atomic_store(&_weft_process_seq, pseq);
  unsetenv("WEFT_EXEC_STATE");
  return true;
}

/* ---- start ---- */

__attribute__((constructor(101))) static void weft_init(void) {
  _weft_resolve_real();
  WeftThreadState *s = &_weft_self;
  s->in_hook = WEFT_HOOK_TRACER;
  uint64_t start_ns = _weft_monotonic_ns();
  trace_start_ns = start_ns;
  read_settings();
  _weft_use_tsc = tsc_is_invariant();
  _weft_stacks_init();
  _weft_waits_init();
  bool resumed = resume_after_exec(s);
  choose_output();
  if (!open_output(resumed)) {
    s->in_hook = WEFT_HOOK_NONE;
    return;
  }
  write_process(start_ns);
  _weft_write_mappings();
  _weft_write_clock_pair();
  _weft_tsan_init();
  _weft_fd_protect(&out_fd);
  pthread_atfork(before_fork, after_fork_parent, after_fork_child);
  on_exit(on_exit_status, NULL); /* ours runs before the destructors that finalize */
  const char *root_pid = getenv("WEFT_ROOT_PID");
  _weft_dump_init(root_pid && (pid_t)atol(root_pid) == getpid());
  _weft_shake_init();
  install_signal_handlers();
  if (!s->tid)
    s->tid = _weft_new_tid();
  _weft_thread_map(pthread_self(), s->tid);
  atomic_store(&_weft_active, 1);
  _weft_thread_attach(s); /* the main lane exists even if it never syncs */
  start_service();
  s->in_hook = WEFT_HOOK_NONE;
}

__attribute__((destructor(101))) static void weft_fini(void) { _weft_finalize(false); }
