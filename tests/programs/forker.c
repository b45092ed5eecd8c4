/* Forks one child that locks a mutex; each process writes its own trace.
 * `forker orphan`: the parent returns at once, the child goes on until a file
 * named "go" shows in its folder (20 s at most).
 * `forker crash-child`: the child dies of SIGSEGV, the parent goes on. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int *never_set;

int main(int argc, char **argv) {
  int orphan = argc > 1 && !strcmp(argv[1], "orphan");
  int crash = argc > 1 && !strcmp(argv[1], "crash-child");
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  pid_t pid = fork();
  if (pid == 0) {
    if (crash)
      *never_set = 1;
    for (int i = 0; orphan && i < 1000 && access("go", F_OK) != 0; i++)
      usleep(20000);
    for (int i = 0; i < 10; i++) {
      pthread_mutex_lock(&mu);
      pthread_mutex_unlock(&mu);
    }
    if (orphan)
      return 0; /* a return from main: its trace must end all the same */
    _exit(0);
  }
  if (orphan) {
    printf("%d\n", (int)pid);
    return 0;
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%d\n", (int)pid);
  if (crash)
    return WIFSIGNALED(status) ? 0 : 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
