/* A family of processes: main runs two helper threads, then forks two
 * children and waits for each; the first child runs two helper threads too,
 * the second forks a grandchild and waits for it. Prints the children's
 * pids, one a line. */
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

static void two_helpers(void) {
  pthread_t th[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&th[i], NULL, helper, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(th[i], NULL);
}

int main(void) {
  two_helpers();
  pid_t first = fork();
  if (first == 0) {
    two_helpers();
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
