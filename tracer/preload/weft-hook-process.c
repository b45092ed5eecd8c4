/* weft-hook-process.c: fork, vfork, posix_spawn, the exec family, exit,
 * _exit and dlopen.
 *
 * vfork is a fork here: a vfork child shares the parent's memory, so its
 * tracer would write into the parent's buffers (a false exec in the parent's
 * trace, a child trace with no header); POSIX lets such a child only exec or
 * _exit, which a forked child does the same. A posix_spawn child starts a
 * trace of its own (<trace>-<pid>.weft) from its image's constructor. */
#include <dlfcn.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-preload-private.h"

WEFT_HIDDEN void _weft_exec_state(char *out, size_t size);
extern char **environ;

pid_t fork(void) {
  WEFT_REAL(fork);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_fork();
  int saved = errno;
  uint64_t tick = _weft_now();
  _weft_hook_end(s); /* the child runs our atfork handlers with a clean slate */
  _weft_before_fork();
  errno = saved;
  pid_t pid = real_fork();
  if (pid != 0) {
    saved = errno;
    _weft_after_fork_parent();
    errno = saved;
  }
  if (pid > 0) {
    saved = errno;
    s = _weft_hook_begin();
    if (s) {
      _weft_emit_at(s, tick, WEFT_EV_FORK, 0, 0, (uint64_t)pid, _weft_stack(s, false));
      _weft_hook_end(s);
    }
    errno = saved;
  }
  return pid;
}

pid_t vfork(void) { return fork(); }

static int spawn_common(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                        const posix_spawnattr_t *attr, char *const argv[],
                        char *const envp[], bool search) {
  int (*fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
            const posix_spawnattr_t *, char *const[], char *const[]) =
      search ? real_posix_spawnp : real_posix_spawn;
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return fn(pid, path, actions, attr, argv, envp);
  int saved = errno;
  uint64_t tick = _weft_now();
  pid_t child = 0;
  _weft_hook_pause(s);
  int r = fn(&child, path, actions, attr, argv, envp);
  _weft_hook_resume(s);
  if (r == 0) {
    if (pid)
      *pid = child;
    _weft_emit_at(s, tick, WEFT_EV_FORK, 0, 0, (uint64_t)child, _weft_stack(s, false));
  }
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  WEFT_REAL(posix_spawn);
  return spawn_common(pid, path, actions, attr, argv, envp, false);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  WEFT_REAL(posix_spawnp);
  return spawn_common(pid, file, actions, attr, argv, envp, true);
}

/* Before exec: everything written, and the new image told where to go on. */
static void before_exec(WeftThreadState *s, const char *path) {
  _weft_emit_blob(s, WEFT_EV_EXEC, 0, 0, 0, path, strlen(path));
  _weft_flush_all(true);
}

/* A copy of envp with WEFT_EXEC_STATE set; NULL if it cannot be made. */
static char **env_with_state(char *const envp[], char *state) {
  size_t n = 0;
  while (envp && envp[n])
    n++;
  int was = _weft_tracer_enter(); /* an allocator may lock: not the program's call */
  char **out = malloc((n + 2) * sizeof *out);
  _weft_tracer_leave(was);
  if (!out)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (strncmp(envp[i], "WEFT_EXEC_STATE=", 16) != 0)
      out[k++] = envp[i];
  out[k++] = state;
  out[k] = NULL;
  return out;
}

enum { EXEC_VE, EXEC_V, EXEC_VP, EXEC_VPE, EXEC_FD };

static int exec_real(int which, const char *path, int fd, char *const argv[],
                     char *const envp[]) {
  switch (which) {
  case EXEC_VE: return real_execve(path, argv, envp);
  case EXEC_V: return real_execv(path, argv);
  case EXEC_VP: return real_execvp(path, argv);
  case EXEC_VPE: return real_execvpe(path, argv, envp);
  default: return real_fexecve(fd, argv, envp);
  }
}

/* `path` names the program (for fexecve, `fd`'s file); envp NULL: environ. */
static int exec_common(const char *path, int fd, char *const argv[], char *const envp[],
                       int which) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return exec_real(which, path, fd, argv, envp);
  int saved = errno;
  before_exec(s, path);
  char state[256];
  _weft_exec_state(state, sizeof state);
  char **env = env_with_state(envp ? envp : environ, state);
  _weft_hook_end(s);
  errno = saved;
  int r;
  if (!env) {
    r = exec_real(which, path, fd, argv, envp);
  } else {
    /* with the environment given: execv -> execve, execvp -> execvpe */
    int with_env = which == EXEC_V ? EXEC_VE : which == EXEC_VP ? EXEC_VPE : which;
    r = exec_real(with_env, path, fd, argv, env);
    saved = errno;
    free(env);
    errno = saved;
  }
  return r; /* only when exec failed: the program goes on, traced */
}

int execve(const char *path, char *const argv[], char *const envp[]) {
  WEFT_REAL(execve);
  return exec_common(path, -1, argv, envp, EXEC_VE);
}

int execv(const char *path, char *const argv[]) {
  WEFT_REAL(execv);
  return exec_common(path, -1, argv, NULL, EXEC_V);
}

int execvp(const char *file, char *const argv[]) {
  WEFT_REAL(execvp);
  return exec_common(file, -1, argv, NULL, EXEC_VP);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
  WEFT_REAL(execvpe);
  return exec_common(file, -1, argv, envp, EXEC_VPE);
}

int fexecve(int fd, char *const argv[], char *const envp[]) {
  WEFT_REAL(fexecve);
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  path[n > 0 ? n : 0] = 0;
  return exec_common(n > 0 ? path : link, fd, argv, envp, EXEC_FD);
}

/* execl, execlp, execle: the arguments as an array, then as execv* does. */
#define COLLECT_ARGS(first, argv, last_named)                                            \
  size_t argc_ = 1;                                                                      \
  va_list ap_;                                                                           \
  va_start(ap_, last_named);                                                             \
  while (va_arg(ap_, const char *))                                                      \
    argc_++;                                                                             \
  va_end(ap_);                                                                           \
  const char *argv[argc_ + 1];                                                           \
  argv[0] = first;                                                                       \
  va_start(ap_, last_named);                                                             \
  for (size_t i_ = 1; i_ <= argc_; i_++)                                                 \
    argv[i_] = va_arg(ap_, const char *);

int execl(const char *path, const char *arg, ...) {
  WEFT_REAL(execv);
  COLLECT_ARGS(arg, argv, arg)
  va_end(ap_);
  return exec_common(path, -1, (char *const *)argv, NULL, EXEC_V);
}

int execlp(const char *file, const char *arg, ...) {
  WEFT_REAL(execvp);
  COLLECT_ARGS(arg, argv, arg)
  va_end(ap_);
  return exec_common(file, -1, (char *const *)argv, NULL, EXEC_VP);
}

int execle(const char *path, const char *arg, ...) {
  WEFT_REAL(execve);
  COLLECT_ARGS(arg, argv, arg)
  char *const *envp = va_arg(ap_, char *const *); /* after the NULL */
  va_end(ap_);
  return exec_common(path, -1, (char *const *)argv, envp, EXEC_VE);
}

/* A return from main ends the process through glibc's own exit, which no
 * hook sees, and glibc runs the destructors (our finalize) before any
 * on_exit handler registered as early as ours: main's status is taken
 * here, so that a child process's trace ends with its END too. */
static int (*program_main)(int, char **, char **);

static int main_then_status(int argc, char **argv, char **envp) {
  int status = program_main(argc, argv, envp);
  _weft_exit_status(status);
  return status;
}

/* glibc's, declared in no header */
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void *init,
                      void *fini, void *rtld_fini, void *stack_end);
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void *init,
                      void *fini, void *rtld_fini, void *stack_end) {
  WEFT_REAL(__libc_start_main);
  program_main = main;
  return real___libc_start_main(main_then_status, argc, argv, init, fini, rtld_fini, stack_end);
}

void exit(int status) {
  WEFT_REAL(exit);
  WeftThreadState *s = _weft_hook_begin();
  if (s) {
    _weft_emit(s, WEFT_EV_PROCESS_EXIT, 0, 0, (uint64_t)(int64_t)status, 0);
    _weft_hook_end(s);
  }
  _weft_exit_status(status);
  real_exit(status);
  __builtin_unreachable();
}

void _exit(int status) {
  WEFT_REAL(_exit);
  WeftThreadState *s = _weft_hook_begin();
  if (s) {
    _weft_emit(s, WEFT_EV_PROCESS_EXIT, 0, WEFT_EXIT_IMMEDIATE, (uint64_t)(int64_t)status, 0);
    _weft_hook_end(s);
    _weft_exit_status(status);
    _weft_finalize(false);
  }
  real__exit(status);
  __builtin_unreachable();
}

void *dlopen(const char *file, int mode) {
  WEFT_REAL(dlopen);
  void *h = real_dlopen(file, mode);
  if (h && atomic_load(&_weft_active)) {
    int saved = errno;
    int was = _weft_tracer_enter();
    _weft_write_mappings(); /* repeats known modules: the reader keeps one of each */
    _weft_tracer_leave(was);
    errno = saved;
  }
  return h;
}
