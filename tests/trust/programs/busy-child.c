/* `busy-child`: main forks a child and waits for it; the child's two threads
 * lock and unlock a mutex for ever, so that its tracer writes chunk after
 * chunk until it is ended. Prints the child's pid. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *spin(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
    if (counter % 16 == 0)
      usleep(50); /* a few pages a flush, not a trace of millions of events */
  }
  return NULL;
}

int main(void) {
  pid_t child = fork();
  if (child == 0) {
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
    spin(NULL);
  }
  printf("%d\n", (int)child);
  fflush(stdout);
  wait(NULL);
  return 0;
}
