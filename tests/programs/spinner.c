/* Locks a mutex in a loop for ever: the test kills it with SIGKILL or
 * SIGINT and checks that the trace still opens. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t busy_mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&busy_mu);
    pthread_mutex_unlock(&busy_mu);
    usleep(100);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  printf("started\n");
  fflush(stdout);
  pthread_join(t, NULL);
  return 0;
}
