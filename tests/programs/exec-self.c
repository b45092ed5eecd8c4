/* Locks once, then execs itself; the new image locks twice. The trace must
 * hold all three, in one file: the new image goes on tracing. Also emits a
 * region and a log line through weft-annotate.h.
 *
 * `exec-self HOW`: the exec function (execv by default, execl, execlp,
 * execle, execvpe, fexecve); or a child process that runs the second image
 * (vfork, posix_spawn, posix_spawnp), whose pid is printed. */
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft-annotate.h"

extern char **environ;
static pthread_mutex_t image_mu = PTHREAD_MUTEX_INITIALIZER;

static int second_image(void) {
  WEFT_REGION_BEGIN("second image");
  for (int i = 0; i < 2; i++) {
    pthread_mutex_lock(&image_mu);
    pthread_mutex_unlock(&image_mu);
  }
  WEFT_LOG("exec", "done after %d locks", 2);
  WEFT_REGION_END("second image");
  return 0;
}

static int wait_child(pid_t pid) {
  int st;
  if (pid <= 0 || waitpid(pid, &st, 0) != pid)
    return 1;
  printf("%d\n", (int)pid);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "again"))
    return second_image();
  const char *how = argc > 1 ? argv[1] : "execv";
  pthread_mutex_lock(&image_mu);
  pthread_mutex_unlock(&image_mu);
  char *args[] = {argv[0], "again", NULL};
  if (!strcmp(how, "execv"))
    execv(argv[0], args);
  else if (!strcmp(how, "execl"))
    execl(argv[0], argv[0], "again", (char *)NULL);
  else if (!strcmp(how, "execlp"))
    execlp(argv[0], argv[0], "again", (char *)NULL);
  else if (!strcmp(how, "execle"))
    execle(argv[0], argv[0], "again", (char *)NULL, environ);
  else if (!strcmp(how, "execvpe"))
    execvpe(argv[0], args, environ);
  else if (!strcmp(how, "fexecve"))
    fexecve(open(argv[0], O_RDONLY), args, environ);
  else if (!strcmp(how, "vfork")) {
    pid_t pid = vfork();
    if (pid == 0) {
      execv(argv[0], args);
      _exit(127);
    }
    return wait_child(pid);
  } else if (!strcmp(how, "posix_spawn") || !strcmp(how, "posix_spawnp")) {
    pid_t pid = 0;
    int r = how[11] ? posix_spawnp(&pid, argv[0], NULL, NULL, args, environ)
                    : posix_spawn(&pid, argv[0], NULL, NULL, args, environ);
    return r == 0 ? wait_child(pid) : 1;
  }
  return 1;
}
