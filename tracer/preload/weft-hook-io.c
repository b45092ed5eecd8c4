/* weft-hook-io.c: waits outside pthreads, with their reason.
 *
 * read, write, recv, send, accept, connect, poll, select, epoll, waitpid,
 * sigwait, pause, flock, fcntl locks and stdio input become IO_WAIT ...
 * IO_DONE when, and only when, they block. A call that returns at once costs
 * one check that cannot change its result: a poll of its fd with no timeout,
 * or the call itself with WNOHANG, LOCK_NB, F_SETLK or a zero timeout, whose
 * answer is returned when it has one (it is what the blocking call would have
 * returned). A stream call looks at the stream's buffer first: no syscall
 * while the buffer can serve it. glibc's stdio reads through its internal
 * __read, so its input functions are hooked themselves.
 *
 * A call the check let through may still block (a large write to a nearly
 * full pipe, a connect): when it took longer than WEFT_IO_SLOW_NS on something
 * else than a regular file or a block device, it is recorded afterwards, from
 * the tick it began.
 *
 * The fd waited on is an object of kind WEFT_OBJ_FD, described once in its
 * given name ("fd 3 (socket 127.0.0.1:5555 -> 127.0.0.1:41234)"); a new file
 * behind the same number (another device or inode) is a new object. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "weft-real-io.h"
#include "weft-waits.h"

#undef fread_unlocked /* a macro when optimising */

/* glibc's entry points for fortified and C99 callers, declared by no header. */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t size);
ssize_t __recv_chk(int fd, void *buf, size_t n, size_t size, int flags);
char *__fgets_chk(char *buf, size_t size, int n, FILE *f);
size_t __fread_chk(void *p, size_t psize, size_t size, size_t n, FILE *f);
int _IO_getc(FILE *f);

#define WEFT_IO_SLOW_NS 1000000u /* a call that let through but took 1 ms blocked */

/* The tracer's own writes (a full buffer flushed inside a hook) and calls
 * from a handler that interrupted the tracer pass straight through: unlike
 * other hooks they are not counted lost, since only the rare call that blocks
 * would have been an event. */
static bool io_off; /* WEFT_IO_WAITS=off: these hooks only pass calls on */

static inline WeftThreadState *io_hook_begin(void) {
  if (_weft_self.in_hook || io_off)
    return NULL;
  return _weft_hook_begin();
}

/* ---- fd objects ---- */

#define FD_SLOTS 1024

typedef struct {
  int fd;
  dev_t dev;
  ino_t ino;
  uint32_t id;
} FdSlot;

static FdSlot fd_slots[FD_SLOTS];
static atomic_int fd_lock;

static void fd_forget_all(void) { memset(fd_slots, 0, sizeof fd_slots); }

__attribute__((constructor)) static void io_init(void) {
  const char *off = getenv("WEFT_IO_WAITS");
  io_off = off && !strcmp(off, "off");
  /* a forked child's trace defines its own objects */
  pthread_atfork(NULL, NULL, fd_forget_all);
}

static void inet_text(const struct sockaddr_storage *a, char *out, size_t n) {
  char host[INET6_ADDRSTRLEN] = "?";
  unsigned port = 0;
  if (a->ss_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)a;
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
    snprintf(out, n, "%s:%u", host, port);
  } else {
    const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)a;
    inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof host);
    port = ntohs(in->sin6_port);
    snprintf(out, n, "[%s]:%u", host, port);
  }
}

static void unix_text(const struct sockaddr_storage *a, socklen_t len, char *out, size_t n) {
  const struct sockaddr_un *un = (const struct sockaddr_un *)a;
  size_t plen = len > offsetof(struct sockaddr_un, sun_path)
                    ? (size_t)len - offsetof(struct sockaddr_un, sun_path)
                    : 0;
  if (plen == 0 || (un->sun_path[0] == 0 && plen == 1))
    out[0] = 0;
  else if (un->sun_path[0] == 0) /* abstract */
    snprintf(out, n, "@%.*s", (int)(plen - 1), un->sun_path + 1);
  else
    snprintf(out, n, "%.*s", (int)strnlen(un->sun_path, plen), un->sun_path);
}

static void describe_socket(int fd, char *out, size_t n) {
  struct sockaddr_storage me, peer;
  socklen_t mlen = sizeof me, plen = sizeof peer;
  if (getsockname(fd, (struct sockaddr *)&me, &mlen) != 0) {
    snprintf(out, n, "socket");
    return;
  }
  bool has_peer = getpeername(fd, (struct sockaddr *)&peer, &plen) == 0;
  int listening = 0;
  socklen_t ilen = sizeof listening;
  getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ilen);
  char a[200], b[200];
  if (me.ss_family == AF_INET || me.ss_family == AF_INET6) {
    inet_text(&me, a, sizeof a);
    if (has_peer) {
      inet_text(&peer, b, sizeof b);
      snprintf(out, n, "socket %s -> %s", a, b);
    } else {
      snprintf(out, n, "socket %s%s", a, listening ? ", listening" : "");
    }
  } else if (me.ss_family == AF_UNIX) {
    unix_text(&me, mlen, a, sizeof a);
    b[0] = 0;
    if (has_peer)
      unix_text(&peer, plen, b, sizeof b);
    const char *path = a[0] ? a : b;
    snprintf(out, n, "unix socket%s%s%s", path[0] ? " " : "", path,
             listening ? ", listening" : "");
  } else {
    snprintf(out, n, "socket");
  }
}

/* What a user would call the file behind fd. */
static void describe_fd(int fd, const struct stat *st, char *out, size_t n) {
  char proc[64], target[256];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  ssize_t len = readlink(proc, target, sizeof target - 1);
  target[len > 0 ? len : 0] = 0;
  char what[300];
  if (S_ISSOCK(st->st_mode)) {
    describe_socket(fd, what, sizeof what);
  } else if (S_ISFIFO(st->st_mode)) {
    bool named = target[0] && strncmp(target, "pipe:", 5) != 0;
    snprintf(what, sizeof what, "%s%s", named ? "fifo " : "pipe", named ? target : "");
  } else if (S_ISCHR(st->st_mode) && isatty(fd)) {
    snprintf(what, sizeof what, "tty %s", target);
  } else if (!strncmp(target, "anon_inode:", 11)) { /* eventfd, signalfd, timerfd, epoll */
    const char *k = target + 11 + (target[11] == '[');
    int klen = (int)strcspn(k, "]");
    bool epoll = klen == 9 && !strncmp(k, "eventpoll", 9);
    snprintf(what, sizeof what, "%.*s", epoll ? 5 : klen, epoll ? "epoll" : k);
  } else {
    snprintf(what, sizeof what, "%s", target[0] ? target : "?");
  }
  snprintf(out, n, "fd %d (%s)", fd, what);
}

/* The object standing for fd now, defined on first sight. */
static uint32_t fd_object(WeftThreadState *s, int fd, uint64_t site) {
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0)
    return 0;
  FdSlot *slot = &fd_slots[fd % FD_SLOTS];
  if (!_weft_spin_lock(&fd_lock))
    return 0;
  uint32_t id = slot->id && slot->fd == fd && slot->dev == st.st_dev && slot->ino == st.st_ino
                    ? slot->id
                    : 0;
  _weft_spin_unlock(&fd_lock);
  if (id)
    return id;
  char name[400];
  describe_fd(fd, &st, name, sizeof name);
  id = atomic_fetch_add(&_weft_next_object, 1);
  uint64_t m[6] = {id, WEFT_OBJ_FD, (uint64_t)fd, site, 0, _weft_epoch};
  _weft_emit_meta(s, WEFT_META_OBJECT, 6, m, name, strlen(name));
  if (_weft_spin_lock(&fd_lock)) {
    *slot = (FdSlot){fd, st.st_dev, st.st_ino, id};
    _weft_spin_unlock(&fd_lock);
  }
  return id;
}

/* ---- files whose calls never wait ---- */

/* Per fd number below FD_KINDS: generation << 2 | kind. A regular file, block
 * device or directory never makes a call wait, so its calls need no check;
 * fstat says so once per open file. Every way a number is closed or reused
 * forgets it, before and after the close (a check racing the close then fails
 * its compare-and-swap): close, dup2, dup3, close_range, closefrom in
 * weft-hook-fd.c; fclose, freopen, pclose, closedir, fcloseall here. */
#define FD_KINDS 65536
enum { KIND_UNKNOWN = 0, KIND_STORAGE = 1, KIND_MAY_WAIT = 2, KIND_MASK = 3 };
static atomic_uint fd_kinds[FD_KINDS];

void _weft_io_fd_forget(int fd) {
  if (fd < 0 || fd >= FD_KINDS)
    return;
  unsigned v = atomic_load_explicit(&fd_kinds[fd], memory_order_relaxed);
  while (!atomic_compare_exchange_weak(&fd_kinds[fd], &v, (v + 4) & ~(unsigned)KIND_MASK)) {
  }
}

void _weft_io_fds_forget(unsigned first, unsigned last) {
  for (unsigned fd = first; fd <= last && fd < FD_KINDS; fd++)
    if (atomic_load_explicit(&fd_kinds[fd], memory_order_relaxed) & KIND_MASK)
      _weft_io_fd_forget((int)fd);
}

static bool is_storage(const struct stat *st) {
  return S_ISREG(st->st_mode) || S_ISBLK(st->st_mode) || S_ISDIR(st->st_mode);
}

static bool fd_never_waits(int fd) {
  if (fd < 0 || fd >= FD_KINDS)
    return false;
  unsigned v = atomic_load_explicit(&fd_kinds[fd], memory_order_acquire);
  if (WEFT_LIKELY(v & KIND_MASK))
    return (v & KIND_MASK) == KIND_STORAGE;
  struct stat st;
  if (fstat(fd, &st) != 0)
    return false;
  unsigned kind = is_storage(&st) ? KIND_STORAGE : KIND_MAY_WAIT;
  atomic_compare_exchange_strong(&fd_kinds[fd], &v, v | kind);
  return kind == KIND_STORAGE;
}

/* ---- waits ---- */

typedef struct {
  uint32_t object;
  uint64_t tick;  /* when the call began */
  uint64_t ns;    /* the same, in monotonic ns */
} IoWait;

static uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }

static uint64_t ms_of(const struct timespec *t) {
  return (uint64_t)t->tv_sec * 1000u + (uint64_t)(t->tv_nsec + 999999) / 1000000u;
}

/* The call is about to block (or, from io_after(), did): its IO_WAIT, with
 * the stack, at `tick`. */
static void io_begin_at(WeftThreadState *s, IoWait *w, uint64_t tick, int fd, unsigned call,
                        unsigned flags, uint64_t detail) {
  w->object = fd >= 0 ? fd_object(s, fd, WEFT_CALLER_PC) : 0;
  uint32_t stack = _weft_stack(s, true);
  /* what ends it (data, a child, a signal) is outside weft's view: a maybe;
   * for a child, the detector asks the family (the pid waited for as addr) */
  bool child = call == WEFT_IO_WAITPID || call == WEFT_IO_WAIT || call == WEFT_IO_WAIT4 ||
               call == WEFT_IO_WAITID;
  _weft_wait_begin_from(s, WEFT_EV_IO_WAIT, w->object, call, flags, flags & WEFT_F_TIMED, tick,
                        WEFT_WAKER_OUTSIDE, child ? (const void *)(uintptr_t)detail : NULL);
  _weft_emit_at(s, tick, WEFT_EV_IO_WAIT, w->object, flags, call | detail << 8, stack);
  _weft_hook_pause(s); /* the real call follows: handlers in it are traced */
}

static void io_begin(WeftThreadState *s, IoWait *w, int fd, unsigned call, unsigned flags,
                     uint64_t detail) {
  io_begin_at(s, w, _weft_now(), fd, call, flags, detail);
}

/* The blocked call returned r; errno is its. Ends the hook. */
static void io_done(WeftThreadState *s, IoWait *w, long r) {
  int err = errno;
  _weft_hook_resume(s);
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_IO_DONE, w->object, WEFT_WITH_RESULT(WEFT_F_WAITED, r < 0 ? err : 0),
             r > 0 ? (uint64_t)r : 0, 0);
  _weft_hook_end(s);
  errno = err;
}

/* Nothing is ready on fd for `events` and fd blocks: the call will wait. */
static bool fd_would_block(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  if (real_poll(&p, 1, 0) != 0)
    return false; /* ready, or an error the call itself will report */
  int fl = real_fcntl(fd, F_GETFL);
  return fl >= 0 && !(fl & O_NONBLOCK);
}

/* Before a call on fd: true if it will block, its IO_WAIT recorded; else the
 * hook has ended. errno is left as it was. */
static bool fd_wait_begin(WeftThreadState *s, IoWait *w, int fd, short events, unsigned call) {
  int saved = errno;
  if (fd_never_waits(fd)) {
    w->ns = 0; /* nothing to time either */
    _weft_hook_end(s);
    errno = saved;
    return false;
  }
  bool blocks = fd_would_block(fd, events);
  if (blocks) {
    io_begin(s, w, fd, call, events == POLLOUT ? WEFT_F_WRITE : 0, 0);
  } else {
    w->object = 0;
    w->tick = _weft_now();
    w->ns = _weft_monotonic_ns();
    _weft_hook_end(s);
  }
  errno = saved;
  return blocks;
}

static bool fd_is_storage(int fd) {
  struct stat st;
  return fstat(fd, &st) != 0 || is_storage(&st);
}

/* After a call the check let through: if it took long on a pipe, socket or
 * terminal, it blocked after all; record it from when it began. */
static void io_after(IoWait *w, int fd, short events, unsigned call, long r) {
  if (!w->ns || WEFT_LIKELY(_weft_monotonic_ns() - w->ns < WEFT_IO_SLOW_NS))
    return;
  int err = errno;
  WeftThreadState *s = io_hook_begin();
  if (s && !fd_is_storage(fd)) {
    io_begin_at(s, w, w->tick, fd, call, events == POLLOUT ? WEFT_F_WRITE : 0, 0);
    errno = err;
    io_done(s, w, r);
  } else if (s) {
    _weft_hook_end(s);
  }
  errno = err;
}

/* A hook for a call on one fd that may block until it is ready for `events`
 * (`blocking`: the call can block at all: no MSG_DONTWAIT, a read() of more than
 * 0 bytes). */
#define WEFT_FD_HOOK(ret, name, call, events, blocking, params, args, fd)                \
  ret name params {                                                                      \
    WEFT_REAL(name);                                                                     \
    WeftThreadState *s = io_hook_begin();                                                \
    if (!s)                                                                              \
      return real_##name args;                                                           \
    IoWait w;                                                                            \
    if (!(blocking)) {                                                                   \
      _weft_hook_end(s);                                                                 \
      return real_##name args;                                                           \
    }                                                                                    \
    if (!fd_wait_begin(s, &w, fd, events, call)) {                                       \
      ret r = real_##name args;                                                          \
      io_after(&w, fd, events, call, (long)r);                                           \
      return r;                                                                          \
    }                                                                                    \
    _weft_hook_pause(s);                                                                 \
    ret r = real_##name args;                                                            \
    _weft_hook_resume(s);                                                                \
    io_done(s, &w, (long)r);                                                             \
    return r;                                                                            \
  }

WEFT_FD_HOOK(ssize_t, read, WEFT_IO_READ, POLLIN, n > 0, (int fd, void *buf, size_t n),
             (fd, buf, n), fd)
WEFT_FD_HOOK(ssize_t, __read_chk, WEFT_IO_READ, POLLIN, n > 0,
             (int fd, void *buf, size_t n, size_t size), (fd, buf, n, size), fd)
WEFT_FD_HOOK(ssize_t, readv, WEFT_IO_READV, POLLIN, true,
             (int fd, const struct iovec *iov, int n), (fd, iov, n), fd)
WEFT_FD_HOOK(ssize_t, write, WEFT_IO_WRITE, POLLOUT, true, (int fd, const void *buf, size_t n),
             (fd, buf, n), fd)
WEFT_FD_HOOK(ssize_t, writev, WEFT_IO_WRITEV, POLLOUT, true,
             (int fd, const struct iovec *iov, int n), (fd, iov, n), fd)
WEFT_FD_HOOK(ssize_t, recv, WEFT_IO_RECV, POLLIN, !(flags & MSG_DONTWAIT),
             (int fd, void *buf, size_t n, int flags), (fd, buf, n, flags), fd)
WEFT_FD_HOOK(ssize_t, __recv_chk, WEFT_IO_RECV, POLLIN, !(flags & MSG_DONTWAIT),
             (int fd, void *buf, size_t n, size_t size, int flags), (fd, buf, n, size, flags), fd)
WEFT_FD_HOOK(ssize_t, recvfrom, WEFT_IO_RECVFROM, POLLIN, !(flags & MSG_DONTWAIT),
             (int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *len),
             (fd, buf, n, flags, from, len), fd)
WEFT_FD_HOOK(ssize_t, recvmsg, WEFT_IO_RECVMSG, POLLIN, !(flags & MSG_DONTWAIT),
             (int fd, struct msghdr *msg, int flags), (fd, msg, flags), fd)
WEFT_FD_HOOK(ssize_t, send, WEFT_IO_SEND, POLLOUT, !(flags & MSG_DONTWAIT),
             (int fd, const void *buf, size_t n, int flags), (fd, buf, n, flags), fd)
WEFT_FD_HOOK(ssize_t, sendto, WEFT_IO_SENDTO, POLLOUT, !(flags & MSG_DONTWAIT),
             (int fd, const void *buf, size_t n, int flags, const struct sockaddr *to,
              socklen_t len),
             (fd, buf, n, flags, to, len), fd)
WEFT_FD_HOOK(ssize_t, sendmsg, WEFT_IO_SENDMSG, POLLOUT, !(flags & MSG_DONTWAIT),
             (int fd, const struct msghdr *msg, int flags), (fd, msg, flags), fd)
WEFT_FD_HOOK(int, accept, WEFT_IO_ACCEPT, POLLIN, true,
             (int fd, struct sockaddr *addr, socklen_t *len), (fd, addr, len), fd)
WEFT_FD_HOOK(int, accept4, WEFT_IO_ACCEPT4, POLLIN, true,
             (int fd, struct sockaddr *addr, socklen_t *len, int flags),
             (fd, addr, len, flags), fd)

/* connect cannot be tried without changing the socket: it is timed. */
int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  WEFT_REAL(connect);
  WeftThreadState *s = io_hook_begin();
  if (!s)
    return real_connect(fd, addr, len);
  _weft_hook_end(s);
  IoWait w = {0, _weft_now(), _weft_monotonic_ns()};
  int r = real_connect(fd, addr, len);
  io_after(&w, fd, POLLOUT, WEFT_IO_CONNECT, r);
  return r;
}

/* A wait for children that returned a child's pid without blocking (the
 * child had ended, WNOHANG): an IO_DONE flagged TRY, so that the child's end
 * is joined to this call as it is to a wait that blocked. */
static void child_reaped_now(WeftThreadState *s, long pid) {
  if (pid > 0) {
    int saved = errno;
    _weft_emit(s, WEFT_EV_IO_DONE, 0, WEFT_F_TRY, (uint64_t)pid, 0);
    errno = saved;
  }
}
#define NO_REAP(s, r) ((void)0)

/* A hook for a call that blocks unless `skip`: `try_` asks without blocking
 * and, when `answered`, its result r is the call's; else the call waits on
 * fd (-1: none), its IO_WAIT recorded first, and `result` goes in IO_DONE.
 * `now(s, result)` records what a call that did not block did. */
#define WEFT_WAIT_HOOK(ret, name, params, args, skip, try_, answered, fd, call, flags,    \
                       detail, result, now)                                              \
  ret name params {                                                                      \
    WEFT_REAL(name);                                                                     \
    WeftThreadState *s = io_hook_begin();                                                \
    if (!s)                                                                              \
      return real_##name args;                                                           \
    ret r;                                                                               \
    if (skip) {                                                                          \
      _weft_hook_pause(s);                                                               \
      r = real_##name args;                                                              \
      _weft_hook_resume(s);                                                              \
      now(s, result);                                                                    \
      _weft_hook_end(s);                                                                 \
      return r;                                                                          \
    }                                                                                    \
    int saved = errno;                                                                   \
    r = try_;                                                                            \
    if (answered) {                                                                      \
      now(s, result);                                                                    \
      _weft_hook_end(s);                                                                 \
      return r;                                                                          \
    }                                                                                    \
    errno = saved;                                                                       \
    IoWait w;                                                                            \
    io_begin(s, &w, fd, call, flags, detail);                                            \
    _weft_hook_pause(s);                                                                 \
    r = real_##name args;                                                                \
    _weft_hook_resume(s);                                                                \
    io_done(s, &w, result);                                                              \
    return r;                                                                            \
  }

/* ---- poll, select, epoll: tried with a zero timeout first ---- */

static const struct timespec zero_ts;
/* The flags and detail of a wait with a timeout in ms (< 0: none), or a timespec (NULL: none). */
#define MS_FLAGS(t) ((t) > 0 ? WEFT_F_TIMED : 0)
#define MS_DETAIL(t) ((t) > 0 ? (uint64_t)(t) : 0)
#define TS_FLAGS(t) ((t) ? WEFT_F_TIMED : 0)
#define TS_DETAIL(t) ((t) ? ms_of(t) : 0)
#define IS_ZERO_TS(t) ((t) && !(t)->tv_sec && !(t)->tv_nsec)

WEFT_WAIT_HOOK(int, poll, (struct pollfd *fds, nfds_t n, int timeout), (fds, n, timeout),
               timeout == 0, real_poll(fds, n, 0), r != 0, n == 1 ? fds[0].fd : -1,
               WEFT_IO_POLL, MS_FLAGS(timeout), MS_DETAIL(timeout), r, NO_REAP)
WEFT_WAIT_HOOK(int, ppoll,
               (struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *mask),
               (fds, n, t, mask), IS_ZERO_TS(t), real_ppoll(fds, n, &zero_ts, mask), r != 0,
               n == 1 ? fds[0].fd : -1, WEFT_IO_PPOLL, TS_FLAGS(t), TS_DETAIL(t), r, NO_REAP)

/* The zero-timeout try works on copies: a set it answers is handed back. */
static int select_try(int n, fd_set *rd, fd_set *wr, fd_set *ex, const sigset_t *mask,
                      bool with_mask) {
  fd_set c[3];
  fd_set *in[3] = {rd, wr, ex}, *cp[3];
  for (int i = 0; i < 3; i++) {
    cp[i] = in[i] ? &c[i] : NULL;
    if (in[i])
      c[i] = *in[i];
  }
  struct timeval tv = {0, 0};
  int r = with_mask ? real_pselect(n, cp[0], cp[1], cp[2], &zero_ts, mask)
                    : real_select(n, cp[0], cp[1], cp[2], &tv);
  if (r > 0)
    for (int i = 0; i < 3; i++)
      if (in[i])
        *in[i] = c[i];
  return r;
}

/* The one fd a select waits on, or -1. */
static int select_fd(int n, fd_set *rd, fd_set *wr) {
  int found = -1;
  for (int fd = 0; fd < n && fd < FD_SETSIZE; fd++)
    if ((rd && FD_ISSET(fd, rd)) || (wr && FD_ISSET(fd, wr))) {
      if (found >= 0)
        return -1;
      found = fd;
    }
  return found;
}

static uint64_t tv_ms(const struct timeval *tv) {
  return (uint64_t)tv->tv_sec * 1000u + (uint64_t)(tv->tv_usec + 999) / 1000u;
}

WEFT_WAIT_HOOK(int, select, (int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv),
               (n, rd, wr, ex, tv), tv && !tv->tv_sec && !tv->tv_usec,
               select_try(n, rd, wr, ex, NULL, false), r != 0, select_fd(n, rd, wr),
               WEFT_IO_SELECT, tv ? WEFT_F_TIMED : 0, tv ? tv_ms(tv) : 0, r, NO_REAP)
WEFT_WAIT_HOOK(int, pselect,
               (int n, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *t,
                const sigset_t *mask),
               (n, rd, wr, ex, t, mask), IS_ZERO_TS(t), select_try(n, rd, wr, ex, mask, true),
               r != 0, select_fd(n, rd, wr), WEFT_IO_PSELECT, TS_FLAGS(t), TS_DETAIL(t), r, NO_REAP)
WEFT_WAIT_HOOK(int, epoll_wait, (int ep, struct epoll_event *evs, int max, int timeout),
               (ep, evs, max, timeout), timeout == 0, real_epoll_wait(ep, evs, max, 0), r != 0,
               ep, WEFT_IO_EPOLL_WAIT, MS_FLAGS(timeout), MS_DETAIL(timeout), r, NO_REAP)
WEFT_WAIT_HOOK(int, epoll_pwait,
               (int ep, struct epoll_event *evs, int max, int timeout, const sigset_t *mask),
               (ep, evs, max, timeout, mask), timeout == 0,
               real_epoll_pwait(ep, evs, max, 0, mask), r != 0, ep, WEFT_IO_EPOLL_PWAIT,
               MS_FLAGS(timeout), MS_DETAIL(timeout), r, NO_REAP)

/* ---- children: tried with WNOHANG first ---- */

WEFT_WAIT_HOOK(pid_t, waitpid, (pid_t pid, int *status, int options), (pid, status, options),
               options & WNOHANG, real_waitpid(pid, status, options | WNOHANG), r != 0, -1,
               WEFT_IO_WAITPID, 0, zigzag(pid), r, child_reaped_now)
WEFT_WAIT_HOOK(pid_t, wait, (int *status), (status), false, real_waitpid(-1, status, WNOHANG),
               r != 0, -1, WEFT_IO_WAIT, 0, zigzag(-1), r, child_reaped_now)
WEFT_WAIT_HOOK(pid_t, wait4, (pid_t pid, int *status, int options, struct rusage *ru),
               (pid, status, options, ru), options & WNOHANG,
               real_wait4(pid, status, options | WNOHANG, ru), r != 0, -1, WEFT_IO_WAIT4, 0,
               zigzag(pid), r, child_reaped_now)
/* With WNOHANG and no child ready, waitid returns 0 and leaves si_pid 0;
 * with WNOWAIT it only looks, and the child is not reaped. */
WEFT_WAIT_HOOK(int, waitid, (idtype_t type, id_t id, siginfo_t *info, int options),
               (type, id, info, options), (options & WNOHANG) || !info,
               (info->si_pid = 0, real_waitid(type, id, info, options | WNOHANG)),
               r != 0 || info->si_pid != 0, -1, WEFT_IO_WAITID, 0,
               zigzag(type == P_PID ? (int64_t)id : -1),
               r == 0 && info && !(options & WNOWAIT) ? info->si_pid : r, /* WNOWAIT: not reaped */
               child_reaped_now)

/* ---- signals: tried with a zero timeout; pause and sigsuspend always wait ---- */

/* sigwait returns an error number and the signal in *sig. */
static int sigwait_try(const sigset_t *set, int *sig) {
  int r = real_sigtimedwait(set, NULL, &zero_ts);
  if (r <= 0)
    return -1;
  *sig = r;
  return 0;
}

WEFT_WAIT_HOOK(int, sigwait, (const sigset_t *set, int *sig), (set, sig), false,
               sigwait_try(set, sig), r == 0, -1, WEFT_IO_SIGWAIT, 0, 0, r == 0 ? *sig : -1, NO_REAP)
WEFT_WAIT_HOOK(int, sigwaitinfo, (const sigset_t *set, siginfo_t *info), (set, info), false,
               real_sigtimedwait(set, info, &zero_ts), r > 0, -1, WEFT_IO_SIGWAITINFO, 0, 0, r, NO_REAP)
WEFT_WAIT_HOOK(int, sigtimedwait,
               (const sigset_t *set, siginfo_t *info, const struct timespec *t), (set, info, t),
               IS_ZERO_TS(t), real_sigtimedwait(set, info, &zero_ts), r > 0, -1,
               WEFT_IO_SIGTIMEDWAIT, TS_FLAGS(t), TS_DETAIL(t), r, NO_REAP)
WEFT_WAIT_HOOK(int, pause, (void), (), false, 0, false, -1, WEFT_IO_PAUSE, 0, 0, r, NO_REAP)
WEFT_WAIT_HOOK(int, sigsuspend, (const sigset_t *mask), (mask), false, 0, false, -1,
               WEFT_IO_SIGSUSPEND, 0, 0, r, NO_REAP)

/* ---- file locks: tried without blocking first ---- */

WEFT_WAIT_HOOK(int, flock, (int fd, int op), (fd, op), op & (LOCK_NB | LOCK_UN),
               real_flock(fd, op | LOCK_NB), r == 0 || errno != EWOULDBLOCK, fd, WEFT_IO_FLOCK,
               op & LOCK_EX ? WEFT_F_WRITE : 0, 0, r, NO_REAP)

typedef int (*FcntlFn)(int, int, ...);

static int fcntl_lock(FcntlFn fn, int fd, int cmd, void *arg) {
  WeftThreadState *s = io_hook_begin();
  if (!s)
    return fn(fd, cmd, arg);
  int saved = errno;
  int r = fn(fd, cmd == F_SETLKW ? F_SETLK : F_OFD_SETLK, arg);
  if (r == 0 || (errno != EAGAIN && errno != EACCES)) {
    _weft_hook_end(s);
    return r;
  }
  errno = saved;
  const struct flock *l = arg;
  IoWait w;
  io_begin(s, &w, fd, WEFT_IO_FCNTL_LOCK, l->l_type == F_WRLCK ? WEFT_F_WRITE : 0, 0);
  _weft_hook_pause(s);
  r = fn(fd, cmd, arg);
  _weft_hook_resume(s);
  io_done(s, &w, r);
  return r;
}

/* glibc's own fcntl reads its third argument as a pointer, whatever cmd is. */
#define WEFT_FCNTL_HOOK(cname, name)                                                     \
  int cname(int fd, int cmd, ...) __asm__(#name);                                        \
  int cname(int fd, int cmd, ...) {                                                      \
    va_list ap;                                                                          \
    va_start(ap, cmd);                                                                   \
    void *arg = va_arg(ap, void *);                                                      \
    va_end(ap);                                                                          \
    WEFT_REAL(name);                                                                     \
    if (WEFT_LIKELY(cmd != F_SETLKW && cmd != F_OFD_SETLKW))                             \
      return real_##name(fd, cmd, arg);                                                  \
    return fcntl_lock(real_##name, fd, cmd, arg);                                        \
  }

WEFT_FCNTL_HOOK(weft_hook_fcntl, fcntl)
WEFT_FCNTL_HOOK(weft_hook_fcntl64, fcntl64)

/* ---- stdio input ---- */

/* The stream's buffer cannot serve the call: it will read its fd. `need` is
 * the bytes wanted, `stop` a byte that ends the call when buffered (-1 none),
 * `blank_is_empty`: buffered white space does not serve it (scanf). */
static bool stream_must_read(FILE *f, size_t need, int stop, bool blank_is_empty) {
  if (!f || f->_fileno < 0 || (f->_flags & _IO_EOF_SEEN))
    return false;
  const char *p = f->_IO_read_ptr, *end = f->_IO_read_end;
  if (!p || p >= end)
    return true;
  size_t have = (size_t)(end - p);
  if (blank_is_empty) {
    for (; p < end; p++)
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\v' && *p != '\f')
        return false;
    return true;
  }
  if (have >= need)
    return false;
  return stop < 0 || !memchr(p, stop, have);
}

/* A hook for a stdio input call on stream f. */
#define WEFT_STREAM_HOOK(ret, name, call, params, args, f, need, stop, blank)            \
  ret name params {                                                                      \
    WEFT_REAL(name);                                                                     \
    if (WEFT_LIKELY(!stream_must_read(f, need, stop, blank)))                            \
      return real_##name args;                                                           \
    WeftThreadState *s = io_hook_begin();                                                \
    if (!s)                                                                              \
      return real_##name args;                                                           \
    IoWait w;                                                                            \
    int fd = (f)->_fileno;                                                               \
    if (!fd_wait_begin(s, &w, fd, POLLIN, call)) {                                       \
      ret r = real_##name args;                                                          \
      io_after(&w, fd, POLLIN, call, 0);                                                 \
      return r;                                                                          \
    }                                                                                    \
    _weft_hook_pause(s);                                                                 \
    ret r = real_##name args;                                                            \
    _weft_hook_resume(s);                                                                \
    io_done(s, &w, 0);                                                                   \
    return r;                                                                            \
  }

WEFT_STREAM_HOOK(char *, fgets, WEFT_IO_FGETS, (char *buf, int n, FILE *f), (buf, n, f), f,
                 n > 1 ? (size_t)n - 1 : 1, '\n', false)
WEFT_STREAM_HOOK(char *, fgets_unlocked, WEFT_IO_FGETS, (char *buf, int n, FILE *f),
                 (buf, n, f), f, n > 1 ? (size_t)n - 1 : 1, '\n', false)
WEFT_STREAM_HOOK(char *, __fgets_chk, WEFT_IO_FGETS, (char *buf, size_t size, int n, FILE *f),
                 (buf, size, n, f), f, n > 1 ? (size_t)n - 1 : 1, '\n', false)
WEFT_STREAM_HOOK(ssize_t, getline, WEFT_IO_GETLINE, (char **line, size_t *n, FILE *f),
                 (line, n, f), f, SIZE_MAX, '\n', false)
WEFT_STREAM_HOOK(ssize_t, getdelim, WEFT_IO_GETDELIM,
                 (char **line, size_t *n, int delim, FILE *f), (line, n, delim, f), f, SIZE_MAX,
                 delim, false)
WEFT_STREAM_HOOK(ssize_t, __getdelim, WEFT_IO_GETDELIM,
                 (char **line, size_t *n, int delim, FILE *f), (line, n, delim, f), f, SIZE_MAX,
                 delim, false)
WEFT_STREAM_HOOK(int, fgetc, WEFT_IO_FGETC, (FILE *f), (f), f, 1, -1, false)
WEFT_STREAM_HOOK(int, fgetc_unlocked, WEFT_IO_FGETC, (FILE *f), (f), f, 1, -1, false)
WEFT_STREAM_HOOK(int, getc, WEFT_IO_GETC, (FILE *f), (f), f, 1, -1, false)
WEFT_STREAM_HOOK(int, _IO_getc, WEFT_IO_GETC, (FILE *f), (f), f, 1, -1, false)
WEFT_STREAM_HOOK(int, getc_unlocked, WEFT_IO_GETC, (FILE *f), (f), f, 1, -1, false)
WEFT_STREAM_HOOK(int, getchar, WEFT_IO_GETCHAR, (void), (), stdin, 1, -1, false)
WEFT_STREAM_HOOK(int, getchar_unlocked, WEFT_IO_GETCHAR, (void), (), stdin, 1, -1, false)
WEFT_STREAM_HOOK(size_t, fread, WEFT_IO_FREAD, (void *p, size_t size, size_t n, FILE *f),
                 (p, size, n, f), f, size * n, -1, false)
WEFT_STREAM_HOOK(size_t, fread_unlocked, WEFT_IO_FREAD,
                 (void *p, size_t size, size_t n, FILE *f), (p, size, n, f), f, size * n, -1,
                 false)
WEFT_STREAM_HOOK(size_t, __fread_chk, WEFT_IO_FREAD,
                 (void *p, size_t psize, size_t size, size_t n, FILE *f), (p, psize, size, n, f),
                 f, size * n, -1, false)

/* The scanf family, through the real v*fscanf it stands for. */
static int scan(bool c99, unsigned call, FILE *f, const char *fmt, va_list ap) {
  WEFT_REAL(vfscanf);
  int (*fn)(FILE *, const char *, va_list) = c99 ? real___isoc99_vfscanf : real_vfscanf;
  if (WEFT_LIKELY(!stream_must_read(f, 1, -1, true)))
    return fn(f, fmt, ap);
  WeftThreadState *s = io_hook_begin();
  if (!s)
    return fn(f, fmt, ap);
  IoWait w;
  int fd = f->_fileno;
  if (!fd_wait_begin(s, &w, fd, POLLIN, call)) {
    int r = fn(f, fmt, ap);
    io_after(&w, fd, POLLIN, call, r);
    return r;
  }
  _weft_hook_pause(s);
  int r = fn(f, fmt, ap);
  _weft_hook_resume(s);
  io_done(s, &w, r);
  return r;
}

/* The headers rename scanf to __isoc99_scanf (and fcntl to fcntl64): the
 * hooks of the plain names are given their symbol by hand. */
#define WEFT_COMMA ,
#define WEFT_SCANF_HOOK(cname, symbol, c99, call, stream_param, f)                       \
  int cname(stream_param const char *fmt, ...) __asm__(symbol);                          \
  int cname(stream_param const char *fmt, ...) {                                         \
    va_list ap;                                                                          \
    va_start(ap, fmt);                                                                   \
    int r = scan(c99, call, f, fmt, ap);                                                 \
    va_end(ap);                                                                          \
    return r;                                                                            \
  }
#define WEFT_VSCANF_HOOK(cname, symbol, c99)                                             \
  int cname(const char *fmt, va_list ap) __asm__(symbol);                                \
  int cname(const char *fmt, va_list ap) { return scan(c99, WEFT_IO_VSCANF, stdin, fmt, ap); }
#define WEFT_VFSCANF_HOOK(cname, symbol, c99)                                            \
  int cname(FILE *f, const char *fmt, va_list ap) __asm__(symbol);                       \
  int cname(FILE *f, const char *fmt, va_list ap) {                                      \
    return scan(c99, WEFT_IO_VFSCANF, f, fmt, ap);                                       \
  }

WEFT_SCANF_HOOK(weft_hook_scanf, "scanf", false, WEFT_IO_SCANF, , stdin)
WEFT_SCANF_HOOK(weft_hook_isoc99_scanf, "__isoc99_scanf", true, WEFT_IO_SCANF, , stdin)
WEFT_SCANF_HOOK(weft_hook_fscanf, "fscanf", false, WEFT_IO_FSCANF, FILE *f WEFT_COMMA, f)
WEFT_SCANF_HOOK(weft_hook_isoc99_fscanf, "__isoc99_fscanf", true, WEFT_IO_FSCANF, FILE *f WEFT_COMMA, f)
WEFT_VSCANF_HOOK(weft_hook_vscanf, "vscanf", false)
WEFT_VSCANF_HOOK(weft_hook_isoc99_vscanf, "__isoc99_vscanf", true)
WEFT_VFSCANF_HOOK(weft_hook_vfscanf, "vfscanf", false)
WEFT_VFSCANF_HOOK(weft_hook_isoc99_vfscanf, "__isoc99_vfscanf", true)

/* ---- stdio and dirent closers: their descriptor number is free again ---- */

#define WEFT_STREAM_CLOSER(name)                                                         \
  int name(FILE *f) {                                                                    \
    WEFT_REAL(name);                                                                     \
    int fd = f ? f->_fileno : -1;                                                        \
    _weft_io_fd_forget(fd);                                                              \
    int r = real_##name(f);                                                              \
    _weft_io_fd_forget(fd);                                                              \
    return r;                                                                            \
  }

WEFT_STREAM_CLOSER(fclose)
WEFT_STREAM_CLOSER(pclose)

static FILE *reopen(FILE *(*fn)(const char *, const char *, FILE *), const char *path,
                    const char *mode, FILE *f) {
  int fd = f ? f->_fileno : -1;
  _weft_io_fd_forget(fd);
  FILE *r = fn(path, mode, f);
  _weft_io_fd_forget(fd);
  if (r)
    _weft_io_fd_forget(r->_fileno);
  return r;
}

/* The headers may rename freopen to freopen64: both symbols, by hand. */
FILE *weft_hook_freopen(const char *path, const char *mode, FILE *f) __asm__("freopen");
FILE *weft_hook_freopen(const char *path, const char *mode, FILE *f) {
  WEFT_REAL(freopen);
  return reopen(real_freopen, path, mode, f);
}
FILE *weft_hook_freopen64(const char *path, const char *mode, FILE *f) __asm__("freopen64");
FILE *weft_hook_freopen64(const char *path, const char *mode, FILE *f) {
  WEFT_REAL(freopen64);
  return reopen(real_freopen64, path, mode, f);
}

int fcloseall(void) {
  WEFT_REAL(fcloseall);
  _weft_io_fds_forget(0, FD_KINDS - 1);
  int r = real_fcloseall();
  _weft_io_fds_forget(0, FD_KINDS - 1);
  return r;
}

int closedir(DIR *d) {
  WEFT_REAL(closedir);
  int fd = dirfd(d);
  _weft_io_fd_forget(fd);
  int r = real_closedir(d);
  _weft_io_fd_forget(fd);
  return r;
}
