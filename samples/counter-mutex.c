/* counter-mutex: the shared counter of counter-race, with a mutex.
 *
 * Course exercise: "Implémentez un compteur partagé entre plusieurs
 * goroutines (avec et sans mutex)." This is the "avec". In Go:
 *
 *     mu.Lock(); counter++; mu.Unlock()
 *
 * Only one thread at a time runs between lock and unlock, so the read and
 * the write of an increment can no longer be split by another thread's: the
 * count is always exact. The price: the threads now wait for each other.
 *
 * In the viewer: the lock is named `counter_mu` (its symbol); the lanes show
 * short red stretches where a thread waits for it, and `weft report` lists
 * it among the most contended locks, with exactly THREADS x iterations
 * acquisitions. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define THREADS 4

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static long counter; /* guarded by counter_mu */
static long iterations = 10000;

static void *add(void *arg) {
  sample_name_self("adder-%d", *(int *)arg);
  for (long i = 0; i < iterations; i++) {
    pthread_mutex_lock(&counter_mu);
    long seen = counter;
    if (i % 1000 == 0)
      sched_yield(); /* the same yield as counter-race: harmless under the lock */
    counter = seen + 1;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  if (argc > 1)
    iterations = sample_parse_long(argv[1], "iterations");
  pthread_t threads[THREADS];
  int ids[THREADS];
  for (int i = 0; i < THREADS; i++) {
    ids[i] = i;
    sample_check(pthread_create(&threads[i], NULL, add, &ids[i]), "pthread_create");
  }
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  long expected = THREADS * iterations;
  printf("with a mutex: got %ld, expected %ld\n", counter, expected);
  return counter == expected ? 0 : 1;
}
