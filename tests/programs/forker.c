/* Forks one child that locks a mutex; each process writes its own trace.
 * `forker orphan`: the parent returns at once, the child goes on a while. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
  int orphan = argc > 1 && !strcmp(argv[1], "orphan");
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 10; i++) {
      pthread_mutex_lock(&mu);
      pthread_mutex_unlock(&mu);
      if (orphan)
        usleep(100000);
    }
    if (orphan)
      return 0; /* exit(): its trace ends as a normal run's does */
    _exit(0);
  }
  if (orphan) {
    printf("%d\n", (int)pid);
    return 0;
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%d\n", (int)pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
