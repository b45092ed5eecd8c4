/* Two threads each lock and unlock one global mutex N times (default
 * 500000): the trace must hold exactly 2N pthread_mutex_lock calls. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long iterations = 500000;

static void *worker(void *arg) {
  (void)arg;
  for (long i = 0; i < iterations; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    iterations = atol(argv[1]);
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_setname_np(a, "adder-a");
  pthread_setname_np(b, "adder-b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", counter);
  return counter == 2 * iterations ? 0 : 1;
}
