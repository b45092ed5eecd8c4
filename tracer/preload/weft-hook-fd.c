/* weft-hook-fd.c: the tracer's own descriptors (the trace file, the pipe to
 * `weft record`) survive a program that closes every descriptor.
 *
 * A daemon-like program calls closefrom(3) or close_range(3, ~0U), or loops
 * close() over every number, then opens its own files, which may get the
 * trace's number. So close, close_range and closefrom leave our descriptors
 * open and answer for them what the program would have seen without the
 * tracer (EBADF: it never opened them), and dup2/dup3 onto one of our numbers
 * first moves ours elsewhere. Why hooks rather than buffers in shared memory
 * drained by `weft record`: see docs/ARCHITECTURE.md, "Descriptors". */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "weft-preload-private.h"

#define MAX_PROTECTED 4
static atomic_int *protected_fds[MAX_PROTECTED];
static atomic_int nprotected;

void _weft_fd_protect(atomic_int *slot) {
  int i = atomic_fetch_add(&nprotected, 1);
  if (i < MAX_PROTECTED)
    protected_fds[i] = slot;
}

static atomic_int *slot_of(int fd) {
  int n = atomic_load(&nprotected);
  for (int i = 0; fd >= 0 && i < n && i < MAX_PROTECTED; i++)
    if (atomic_load(protected_fds[i]) == fd)
      return protected_fds[i];
  return NULL;
}

/* Our own calls (in a hook, or before the program runs) go straight through. */
static bool from_program(void) { return !_weft_self.in_hook; }

static void *next(const char *name) {
  int was = _weft_tracer_enter();
  void *p = dlsym(RTLD_NEXT, name);
  _weft_tracer_leave(was);
  return p;
}

#define RESOLVE(var, name)                                                               \
  do {                                                                                   \
    if (!var)                                                                            \
      var = next(name);                                                                  \
  } while (0)

static int (*next_close)(int);
static int (*next_close_range)(unsigned, unsigned, int);
static void (*next_closefrom)(int);
static int (*next_dup2)(int, int);
static int (*next_dup3)(int, int, int);

int close(int fd) {
  RESOLVE(next_close, "close");
  if (from_program() && slot_of(fd)) {
    errno = EBADF;
    return -1;
  }
  _weft_io_fd_forget(fd); /* before and after: a check racing the close */
  int r = next_close(fd);
  _weft_io_fd_forget(fd);
  return r;
}

/* close_range over [first, last] minus our descriptors, in pieces. */
static int close_range_around(unsigned first, unsigned last, int flags) {
  RESOLVE(next_close_range, "close_range");
  if (!next_close_range) {
    errno = ENOSYS;
    return -1;
  }
  int rc = 0;
  while (first <= last) {
    unsigned ours = last; /* the lowest of ours in [first, last], if any */
    bool hit = false;
    int n = atomic_load(&nprotected);
    for (int i = 0; i < n && i < MAX_PROTECTED; i++) {
      int fd = atomic_load(protected_fds[i]);
      if (fd >= 0 && (unsigned)fd >= first && (unsigned)fd <= ours) {
        ours = (unsigned)fd;
        hit = true;
      }
    }
    if (!hit || ours > first) {
      int r = next_close_range(first, hit ? ours - 1 : last, flags);
      if (r < 0 && rc == 0)
        rc = r;
    }
    if (!hit || ours == last)
      break;
    first = ours + 1;
  }
  return rc;
}

int close_range(unsigned first, unsigned last, int flags) {
  RESOLVE(next_close_range, "close_range");
  _weft_io_fds_forget(first, last);
  int r;
  if (!from_program() || first > last)
    r = next_close_range ? next_close_range(first, last, flags) : (errno = ENOSYS, -1);
  else
    r = close_range_around(first, last, flags);
  _weft_io_fds_forget(first, last);
  return r;
}

static void closefrom_checked(int lowfd) {
  if (!from_program() || lowfd < 0) {
    if (next_closefrom)
      next_closefrom(lowfd);
    return;
  }
  if (close_range_around((unsigned)lowfd, UINT_MAX, 0) < 0 && next_close) {
    /* No close_range in this kernel: as glibc does, one by one. */
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = lowfd; fd < (max > 0 ? max : 1024); fd++)
      if (!slot_of((int)fd))
        next_close((int)fd);
  }
}

void closefrom(int lowfd) {
  RESOLVE(next_closefrom, "closefrom");
  unsigned low = lowfd < 0 ? 0 : (unsigned)lowfd;
  _weft_io_fds_forget(low, UINT_MAX);
  closefrom_checked(lowfd);
  _weft_io_fds_forget(low, UINT_MAX);
}

/* The program wants this number: ours moves to another one first. A flush
 * that read the old number just before the move may still write through it;
 * the window is a few instructions, and dup2 onto a number the program never
 * opened is rare. Returns the number given up (to close if dup2 fails), or
 * -1, or -2 with errno set. */
static int make_room(int fd) {
  atomic_int *slot = slot_of(fd);
  if (!slot)
    return -1;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
  if (moved < 0)
    return -2;
  atomic_store(slot, moved);
  return fd;
}

static int dup_onto(int oldfd, int newfd, int flags, bool three) {
  if (from_program() && slot_of(oldfd)) {
    errno = EBADF;
    return -1;
  }
  int given_up = from_program() && oldfd != newfd ? make_room(newfd) : -1;
  if (given_up == -2)
    return -1;
  _weft_io_fd_forget(newfd);
  int rc = three ? next_dup3(oldfd, newfd, flags) : next_dup2(oldfd, newfd);
  _weft_io_fd_forget(newfd);
  if (rc < 0 && given_up >= 0) {
    int e = errno;
    next_close(given_up); /* the number stays free, as it was for the program */
    errno = e;
  }
  return rc;
}

int dup2(int oldfd, int newfd) {
  RESOLVE(next_dup2, "dup2");
  RESOLVE(next_close, "close");
  return dup_onto(oldfd, newfd, 0, false);
}

int dup3(int oldfd, int newfd, int flags) {
  RESOLVE(next_dup3, "dup3");
  RESOLVE(next_close, "close");
  return dup_onto(oldfd, newfd, flags, true);
}
