/* A family of processes: main forks two children and waits for each; the
 * first child runs a thread, the second forks a grandchild and waits for it.
 * Prints the children's pids, one a line. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *helper(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  usleep(5000);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static int wait_for(pid_t pid) {
  int status;
  if (waitpid(pid, &status, 0) != pid)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void) {
  pid_t first = fork();
  if (first == 0) {
    pthread_t th;
    pthread_create(&th, NULL, helper, NULL);
    pthread_join(th, NULL);
    usleep(20000);
    exit(3);
  }
  pid_t second = fork();
  if (second == 0) {
    pid_t grandchild = fork();
    if (grandchild == 0) {
      usleep(20000);
      _exit(0);
    }
    exit(wait_for(grandchild) == 0 ? 4 : 1);
  }
  printf("%d\n%d\n", (int)first, (int)second);
  fflush(stdout);
  int a = wait_for(first), b = wait_for(second);
  return a == 3 && b == 4 ? 0 : 1;
}
