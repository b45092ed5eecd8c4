/* weft-hook-process.c: fork, exec, exit, _exit and dlopen. */
#include <dlfcn.h>
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
  errno = saved;
  pid_t pid = real_fork();
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
  char **out = malloc((n + 2) * sizeof *out);
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

static int exec_common(const char *path, char *const argv[], char *const envp[], int which) {
  WeftThreadState *s = _weft_hook_begin();
  if (!s) {
    switch (which) {
    case 0: return real_execve(path, argv, envp);
    case 1: return real_execv(path, argv);
    case 2: return real_execvp(path, argv);
    default: return real_execvpe(path, argv, envp);
    }
  }
  int saved = errno;
  before_exec(s, path);
  char state[256];
  _weft_exec_state(state, sizeof state);
  char **env = env_with_state(which == 0 || which == 3 ? envp : environ, state);
  _weft_hook_end(s);
  errno = saved;
  int r;
  if (!env) {
    r = which == 0 ? real_execve(path, argv, envp)
        : which == 1 ? real_execv(path, argv)
        : which == 2 ? real_execvp(path, argv)
                     : real_execvpe(path, argv, envp);
  } else {
    r = which == 2 || which == 3 ? real_execvpe(path, argv, env) : real_execve(path, argv, env);
    saved = errno;
    free(env);
    errno = saved;
  }
  return r; /* only when exec failed: the program goes on, traced */
}

int execve(const char *path, char *const argv[], char *const envp[]) {
  WEFT_REAL(execve);
  return exec_common(path, argv, envp, 0);
}

int execv(const char *path, char *const argv[]) {
  WEFT_REAL(execv);
  return exec_common(path, argv, NULL, 1);
}

int execvp(const char *file, char *const argv[]) {
  WEFT_REAL(execvp);
  return exec_common(file, argv, NULL, 2);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
  WEFT_REAL(execvpe);
  return exec_common(file, argv, envp, 3);
}

void exit(int status) {
  WEFT_REAL(exit);
  WeftThreadState *s = _weft_hook_begin();
  if (s) {
    _weft_emit(s, WEFT_EV_PROCESS_EXIT, 0, 0, (uint64_t)(int64_t)status, 0);
    _weft_hook_end(s);
  }
  real_exit(status);
  __builtin_unreachable();
}

void _exit(int status) {
  WEFT_REAL(_exit);
  WeftThreadState *s = _weft_hook_begin();
  if (s) {
    _weft_emit(s, WEFT_EV_PROCESS_EXIT, 0, WEFT_EXIT_IMMEDIATE, (uint64_t)(int64_t)status, 0);
    _weft_hook_end(s);
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
