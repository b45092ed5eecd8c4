/* Forks one child that locks a mutex; each process writes its own trace. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 10; i++) {
      pthread_mutex_lock(&mu);
      pthread_mutex_unlock(&mu);
    }
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%d\n", (int)pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
