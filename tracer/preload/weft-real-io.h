/* weft-real-io.h: the real functions behind the hooks of weft-hook-io.c,
 * resolved with the others by weft-real.c. */
#pragma once

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "weft-preload-private.h"

#define WEFT_REAL_IO_LIST(X)                                                             \
  X(ssize_t, read, (int, void *, size_t))                                                \
  X(ssize_t, __read_chk, (int, void *, size_t, size_t))                                  \
  X(ssize_t, readv, (int, const struct iovec *, int))                                    \
  X(ssize_t, write, (int, const void *, size_t))                                         \
  X(ssize_t, writev, (int, const struct iovec *, int))                                   \
  X(ssize_t, recv, (int, void *, size_t, int))                                           \
  X(ssize_t, __recv_chk, (int, void *, size_t, size_t, int))                             \
  X(ssize_t, recvfrom, (int, void *, size_t, int, struct sockaddr *, socklen_t *))       \
  X(ssize_t, recvmsg, (int, struct msghdr *, int))                                       \
  X(ssize_t, send, (int, const void *, size_t, int))                                     \
  X(ssize_t, sendto, (int, const void *, size_t, int, const struct sockaddr *, socklen_t)) \
  X(ssize_t, sendmsg, (int, const struct msghdr *, int))                                 \
  X(int, accept, (int, struct sockaddr *, socklen_t *))                                  \
  X(int, accept4, (int, struct sockaddr *, socklen_t *, int))                            \
  X(int, connect, (int, const struct sockaddr *, socklen_t))                             \
  X(int, poll, (struct pollfd *, nfds_t, int))                                           \
  X(int, ppoll, (struct pollfd *, nfds_t, const struct timespec *, const sigset_t *))    \
  X(int, select, (int, fd_set *, fd_set *, fd_set *, struct timeval *))                  \
  X(int, pselect, (int, fd_set *, fd_set *, fd_set *, const struct timespec *,           \
                   const sigset_t *))                                                    \
  X(int, epoll_wait, (int, struct epoll_event *, int, int))                              \
  X(int, epoll_pwait, (int, struct epoll_event *, int, int, const sigset_t *))           \
  X(pid_t, waitpid, (pid_t, int *, int))                                                 \
  X(pid_t, wait, (int *))                                                                \
  X(pid_t, wait4, (pid_t, int *, int, struct rusage *))                                  \
  X(int, waitid, (idtype_t, id_t, siginfo_t *, int))                                     \
  X(int, sigwait, (const sigset_t *, int *))                                             \
  X(int, sigwaitinfo, (const sigset_t *, siginfo_t *))                                   \
  X(int, sigtimedwait, (const sigset_t *, siginfo_t *, const struct timespec *))         \
  X(int, pause, (void))                                                                  \
  X(int, sigsuspend, (const sigset_t *))                                                 \
  X(int, flock, (int, int))                                                              \
  X(int, fcntl, (int, int, ...))                                                         \
  X(int, fcntl64, (int, int, ...))                                                       \
  X(char *, fgets, (char *, int, FILE *))                                                \
  X(char *, __fgets_chk, (char *, size_t, int, FILE *))                                  \
  X(char *, fgets_unlocked, (char *, int, FILE *))                                       \
  X(ssize_t, getline, (char **, size_t *, FILE *))                                       \
  X(ssize_t, getdelim, (char **, size_t *, int, FILE *))                                 \
  X(ssize_t, __getdelim, (char **, size_t *, int, FILE *))                               \
  X(int, fgetc, (FILE *))                                                                \
  X(int, getc, (FILE *))                                                                 \
  X(int, _IO_getc, (FILE *))                                                             \
  X(int, getchar, (void))                                                                \
  X(int, fgetc_unlocked, (FILE *))                                                       \
  X(int, getc_unlocked, (FILE *))                                                        \
  X(int, getchar_unlocked, (void))                                                       \
  X(size_t, fread, (void *, size_t, size_t, FILE *))                                     \
  X(size_t, __fread_chk, (void *, size_t, size_t, size_t, FILE *))                       \
  X(size_t, fread_unlocked, (void *, size_t, size_t, FILE *))                            \
  X(int, vfscanf, (FILE *, const char *, va_list))                                       \
  X(int, __isoc99_vfscanf, (FILE *, const char *, va_list))                              \
  X(int, fclose, (FILE *))                                                               \
  X(int, pclose, (FILE *))                                                               \
  X(FILE *, freopen, (const char *, const char *, FILE *))                               \
  X(FILE *, freopen64, (const char *, const char *, FILE *))                             \
  X(int, fcloseall, (void))                                                              \
  X(int, closedir, (DIR *))

#define WEFT_DECLARE_REAL_IO(ret, name, args) extern WEFT_HIDDEN ret(*real_##name) args;
WEFT_REAL_IO_LIST(WEFT_DECLARE_REAL_IO)
#undef WEFT_DECLARE_REAL_IO
