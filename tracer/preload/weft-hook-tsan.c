/* weft-hook-tsan.c: ThreadSanitizer's reports, as RACE events.
 *
 * A program built with -fsanitize=thread carries libtsan, which comes after
 * us in the link map (see "ThreadSanitizer" in docs/ARCHITECTURE.md). Its
 * runtime calls OnReport() just before it prints a report and
 * __tsan_on_report() just after, both through the PLT: ours run. Before, the
 * report is sent to a memory file; after, its text goes on to where TSan
 * would have written it, and the report, read through TSan's debugging API
 * (the __tsan_get_report_* functions debuggers use), becomes one RACE event
 * on the lane of the reporting thread. Everything here is called with TSan's
 * report locks held: raw system calls only, no allocation. */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "weft-preload-private.h"

typedef unsigned long uptr;

/* TSan's debugging and sanitizer interfaces (weak: absent without TSan). */
extern void *__tsan_get_current_report(void) __attribute__((weak));
extern int __tsan_get_report_data(void *report, const char **description, int *count,
                                  int *stack_count, int *mop_count, int *loc_count,
                                  int *mutex_count, int *thread_count, int *unique_tid_count,
                                  void **sleep_trace, uptr trace_size) __attribute__((weak));
extern int __tsan_get_report_mop(void *report, uptr idx, int *tid, void **addr, int *size,
                                 int *write, int *atomic, void **trace, uptr trace_size)
    __attribute__((weak));
extern int __tsan_get_report_loc(void *report, uptr idx, const char **type, void **addr,
                                 uptr *start, uptr *size, int *tid, int *fd, int *suppressable,
                                 void **trace, uptr trace_size) __attribute__((weak));
extern int __tsan_get_report_thread(void *report, uptr idx, int *tid, uint64_t *os_id,
                                    int *running, const char **name, int *parent_tid,
                                    void **trace, uptr trace_size) __attribute__((weak));
extern int __tsan_get_report_stack(void *report, uptr idx, void **trace, uptr trace_size)
    __attribute__((weak));
extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));
extern const char *__sanitizer_get_report_path(void) __attribute__((weak));
extern void __sanitizer_symbolize_global(uptr data_addr, const char *fmt, char *out_buf,
                                         size_t out_buf_size) __attribute__((weak));
extern void AnnotateBenignRaceSized(const char *file, int line, const volatile void *mem,
                                    uptr size, const char *desc) __attribute__((weak));

extern void __tsan_mutex_pre_lock(void *addr, unsigned flags) __attribute__((weak));
extern void __tsan_mutex_post_lock(void *addr, unsigned flags, int recursion)
    __attribute__((weak));
#define TSAN_MUTEX_READ_LOCK (1u << 3) /* __tsan_mutex_read_lock */

WEFT_HIDDEN bool _weft_tsan;
WEFT_HIDDEN WeftLibcMutex _weft_libc_mutex;
/* glibc's try functions, for the first try of a blocking acquire */
static int (*libc_rwlock_tryrdlock)(pthread_rwlock_t *);
static int (*libc_rwlock_trywrlock)(pthread_rwlock_t *);
static int (*libc_spin_trylock)(pthread_spinlock_t *);
static void *self_base; /* our frames are left out of report stacks */

#define MAX_FRAMES 64
#define MAX_ACCESSES 8
#define MAX_THREADS 16
#define MAX_STACKS 8
#define TEXT_MAX (10u * 1024u)

void _weft_tsan_init(void) {
  _weft_tsan = __tsan_get_current_report && __tsan_get_report_data && __tsan_get_report_mop &&
               __tsan_get_report_loc && __tsan_get_report_thread && __tsan_get_report_stack &&
               __tsan_func_entry && __tsan_func_exit;
  if (!_weft_tsan)
    return;
  Dl_info self;
  if (dladdr((void *)_weft_tsan_init, &self))
    self_base = self.dli_fbase;
  _weft_stacks_hide_module((const void *)__tsan_func_entry);
  void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
  if (libc) {
    _weft_libc_mutex.trylock = (int (*)(pthread_mutex_t *))dlsym(libc, "pthread_mutex_trylock");
    _weft_libc_mutex.unlock = (int (*)(pthread_mutex_t *))dlsym(libc, "pthread_mutex_unlock");
    _weft_libc_mutex.lock = (int (*)(pthread_mutex_t *))dlsym(libc, "pthread_mutex_lock");
    if (!_weft_libc_mutex.trylock || !_weft_libc_mutex.unlock)
      _weft_libc_mutex.lock = NULL;
    libc_rwlock_tryrdlock = (int (*)(pthread_rwlock_t *))dlsym(libc, "pthread_rwlock_tryrdlock");
    libc_rwlock_trywrlock = (int (*)(pthread_rwlock_t *))dlsym(libc, "pthread_rwlock_trywrlock");
    libc_spin_trylock = (int (*)(pthread_spinlock_t *))dlsym(libc, "pthread_spin_trylock");
  }
  uint64_t detector = WEFT_RACE_DETECTOR_TSAN;
  _weft_process_record(WEFT_META_RACE_DETECTOR, 1, &detector, NULL, 0);
}

int _weft_tsan_first_try(unsigned kind, bool write, void *obj, int (*try_)(void *)) {
  int (*libc)(void *) = NULL;
  if (_weft_tsan && __tsan_mutex_pre_lock && __tsan_mutex_post_lock && _weft_libc_mutex.lock) {
    if (kind == WEFT_OBJ_MUTEX)
      libc = (int (*)(void *))_weft_libc_mutex.trylock;
    else if (kind == WEFT_OBJ_RWLOCK)
      libc = (int (*)(void *))(write ? libc_rwlock_trywrlock : libc_rwlock_tryrdlock);
    else if (kind == WEFT_OBJ_SPINLOCK)
      libc = (int (*)(void *))libc_spin_trylock;
  }
  if (!libc)
    return try_(obj);
  int r = libc(obj);
  if (r == 0) {
    unsigned flags = write ? 0 : TSAN_MUTEX_READ_LOCK;
    __tsan_mutex_pre_lock(obj, flags);
    __tsan_mutex_post_lock(obj, flags, 0);
  }
  return r;
}

void _weft_tsan_private_memory(const void *addr, size_t size) {
  if (AnnotateBenignRaceSized && __tsan_get_current_report)
    AnnotateBenignRaceSized(__FILE__, __LINE__, addr, size, "weft's own buffers");
}

/* ---- the report's text ---- */

static int text_fd = -1;      /* memory file the report is printed into */
static int text_dest = -1;    /* where it goes on to: 2, 1, or -1 (a log file) */
static char log_path[4096];   /* TSan's log file (log_path=...), read back */
static off_t log_size;
static char text[TEXT_MAX];
static size_t text_len;

static void write_all(int fd, const char *p, size_t n) {
  while (n) {
    long w = syscall(SYS_write, fd, p, n);
    if (w <= 0)
      return;
    p += w;
    n -= (size_t)w;
  }
}

/* Keeps the first TEXT_MAX bytes of [from, end) of fd in text[]; when
 * `forward`, passes all of it on to text_dest. */
static void collect_text(int fd, off_t from, off_t end, bool forward) {
  char chunk[4096];
  while (from < end) {
    size_t want = (size_t)(end - from) < sizeof chunk ? (size_t)(end - from) : sizeof chunk;
    long n = syscall(SYS_pread64, fd, chunk, want, from);
    if (n <= 0)
      return;
    if (forward)
      write_all(text_dest, chunk, (size_t)n);
    size_t keep = TEXT_MAX - text_len < (size_t)n ? TEXT_MAX - text_len : (size_t)n;
    memcpy(text + text_len, chunk, keep);
    text_len += keep;
    from += n;
  }
}

static off_t file_size(int fd) {
  struct stat st;
  return syscall(SYS_fstat, fd, &st) == 0 ? st.st_size : 0;
}

/* Called by TSan before it prints a report (C++: __tsan::OnReport). */
bool weft_tsan_before_report(const void *report, bool suppressed)
    __asm__("_ZN6__tsan8OnReportEPKNS_10ReportDescEb");
bool weft_tsan_before_report(const void *report, bool suppressed) {
  (void)report;
  text_len = 0;
  text_dest = -1;
  log_path[0] = 0;
  if (suppressed || !_weft_tsan || !__sanitizer_set_report_fd || !__sanitizer_get_report_path)
    return suppressed;
  const char *path = __sanitizer_get_report_path();
  if (path && *path) { /* TSAN_OPTIONS=log_path=FILE: read back what it adds */
    size_t n = strnlen(path, sizeof log_path - 1);
    memcpy(log_path, path, n);
    log_path[n] = 0;
    int fd = (int)syscall(SYS_open, log_path, O_RDONLY | O_CLOEXEC);
    log_size = fd >= 0 ? file_size(fd) : 0;
    if (fd >= 0)
      syscall(SYS_close, fd);
    return suppressed;
  }
  if (text_fd < 0)
    text_fd = (int)syscall(SYS_memfd_create, "weft-tsan-report", 1u /* MFD_CLOEXEC */);
  if (text_fd < 0)
    return suppressed;
  const char *opts = getenv("TSAN_OPTIONS");
  text_dest = opts && strstr(opts, "log_path=stdout") ? 1 : 2;
  syscall(SYS_ftruncate, text_fd, 0);
  syscall(SYS_lseek, text_fd, 0, SEEK_SET); /* TSan writes at the file offset */
  __sanitizer_set_report_fd((void *)(uintptr_t)text_fd);
  return suppressed;
}

static void take_text(void) {
  if (text_dest >= 0) {
    __sanitizer_set_report_fd((void *)(uintptr_t)text_dest);
    collect_text(text_fd, 0, file_size(text_fd), true);
  } else if (log_path[0]) {
    int fd = (int)syscall(SYS_open, log_path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      collect_text(fd, log_size, file_size(fd), false);
      syscall(SYS_close, fd);
    }
  }
}

/* ---- the report's data ---- */

typedef struct {
  uint8_t *p, *end;
} Out;

static void put_varint(Out *o, uint64_t v) {
  if (o->end - o->p >= 10)
    o->p = _weft_put_varint(o->p, v);
}

static void put_string(Out *o, const char *s, size_t n) {
  if (!s)
    n = 0;
  if ((size_t)(o->end - o->p) < n + 10)
    n = o->end - o->p > 10 ? (size_t)(o->end - o->p) - 10 : 0;
  o->p = _weft_put_varint(o->p, n);
  memcpy(o->p, s, n);
  o->p += n;
}

/* Our frames go (the thread trampoline at the bottom of every stack). */
static uint32_t stack_of(WeftThreadState *s, void *const *trace) {
  uint64_t pcs[MAX_FRAMES];
  int n = 0;
  for (int i = 0; i < MAX_FRAMES && trace[i]; i++) {
    Dl_info where;
    if (self_base && dladdr(trace[i], &where) && where.dli_fbase == self_base)
      continue;
    pcs[n++] = (uint64_t)(uintptr_t)trace[i];
  }
  return _weft_stack_intern(s, pcs, n);
}

typedef struct {
  int tid, running, parent;
  uint64_t os_id;
  const char *name;
} ReportThread;

static void encode_report(WeftThreadState *s, void *rep, Out *o) {
  const char *kind = "";
  int count, nstacks, nmops, nlocs, nmutexes, nthreads, nunique;
  void *sleep[MAX_FRAMES] = {0};
  __tsan_get_report_data(rep, &kind, &count, &nstacks, &nmops, &nlocs, &nmutexes, &nthreads,
                         &nunique, sleep, MAX_FRAMES);
  ReportThread threads[MAX_THREADS];
  int nth = nthreads < MAX_THREADS ? nthreads : MAX_THREADS;
  for (int i = 0; i < nth; i++) {
    void *trace[MAX_FRAMES] = {0};
    ReportThread *t = &threads[i];
    t->name = NULL;
    __tsan_get_report_thread(rep, (uptr)i, &t->tid, &t->os_id, &t->running, &t->name,
                             &t->parent, trace, MAX_FRAMES);
  }
  put_varint(o, WEFT_RACE_BLOB_VERSION);
  put_string(o, kind, strlen(kind));

  int nacc = nmops < MAX_ACCESSES ? nmops : MAX_ACCESSES;
  put_varint(o, (uint64_t)nacc);
  uint64_t first_addr = 0;
  for (int i = 0; i < nacc; i++) {
    int tid = 0, size = 0, write = 0, atomic = 0;
    void *addr = NULL, *trace[MAX_FRAMES + 1] = {0};
    __tsan_get_report_mop(rep, (uptr)i, &tid, &addr, &size, &write, &atomic, trace, MAX_FRAMES);
    uint32_t stack = stack_of(s, trace);
    if (i == 0)
      first_addr = (uint64_t)(uintptr_t)addr;
    put_varint(o, (uint64_t)tid);
    put_varint(o, (uint64_t)(write ? WEFT_RACE_WRITE : 0) | (atomic ? WEFT_RACE_ATOMIC : 0));
    put_varint(o, (uint64_t)size);
    put_varint(o, (uint64_t)(uintptr_t)addr);
    put_varint(o, stack);
  }

  const char *loc_type = "";
  uptr loc_start = 0, loc_size = 0;
  int loc_tid = 0;
  uint32_t loc_stack = 0;
  if (nlocs > 0) {
    void *addr = NULL, *trace[MAX_FRAMES + 1] = {0};
    int fd = 0, suppressable = 0;
    __tsan_get_report_loc(rep, 0, &loc_type, &addr, &loc_start, &loc_size, &loc_tid, &fd,
                          &suppressable, trace, MAX_FRAMES);
    if (!loc_start)
      loc_start = (uptr)addr;
    loc_stack = stack_of(s, trace);
  }
  put_string(o, loc_type, loc_type ? strlen(loc_type) : 0);
  put_varint(o, loc_start);
  put_varint(o, loc_size);
  put_varint(o, (uint64_t)loc_tid);
  put_varint(o, loc_stack);
  /* TSan's own symboliser names globals ("counter"), as in its text. */
  char variable[256] = "";
  if (__sanitizer_symbolize_global && (loc_type && !strcmp(loc_type, "global")))
    __sanitizer_symbolize_global(loc_start ? loc_start : first_addr, "%g", variable,
                                 sizeof variable);
  put_string(o, variable, strlen(variable));

  put_varint(o, (uint64_t)nth);
  for (int i = 0; i < nth; i++) {
    const ReportThread *t = &threads[i];
    put_varint(o, (uint64_t)t->tid);
    put_varint(o, t->os_id);
    put_varint(o, t->running ? 1 : 0);
    put_varint(o, (uint64_t)(t->parent < 0 ? 0 : t->parent));
    put_string(o, t->name, t->name ? strlen(t->name) : 0);
  }

  /* The other stacks: where each lock of an inversion was taken, the call
   * a signal handler made... */
  int nst = nstacks < MAX_STACKS ? nstacks : MAX_STACKS;
  put_varint(o, (uint64_t)nst);
  for (int i = 0; i < nst; i++) {
    void *trace[MAX_FRAMES + 1] = {0};
    uint32_t id = __tsan_get_report_stack(rep, (uptr)i, trace, MAX_FRAMES) ? stack_of(s, trace)
                                                                           : 0;
    put_varint(o, id);
  }
}

/* Called by TSan after it printed a report. */
void __tsan_on_report(void *report);
void __tsan_on_report(void *report) {
  if (!_weft_tsan)
    return;
  int saved = errno;
  uint64_t tick = _weft_now();
  take_text();
  WeftThreadState *s = &_weft_self;
  /* A report can come from inside one of our hooks (TSan's mutex checks run
   * in the interceptor our hook calls): our records are whole there. */
  int was = _weft_tracer_enter();
  void *rep = report ? report : __tsan_get_current_report();
  if (rep && atomic_load(&_weft_active) && (s->buf || _weft_thread_attach(s))) {
    static uint8_t blob[WEFT_BUFFER_SIZE / 4];
    Out o = {blob, blob + sizeof blob};
    encode_report(s, rep, &o);
    put_string(&o, text, text_len);
    _weft_emit_blob_at(s, tick, WEFT_EV_RACE, 0, 0, 0, blob, (size_t)(o.p - blob));
    /* TSan may end the program right after (halt_on_error), without the
     * exit our hooks see: write it now, and what every thread has so far. */
    _weft_buffer_flush(s->buf, true);
    _weft_flush_all(false);
  }
  _weft_tracer_leave(was);
  errno = saved;
}
