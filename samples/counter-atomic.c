/* counter-atomic: the shared counter of counter-race, with an atomic.
 *
 * Course exercise: "Implémentez un compteur partagé entre plusieurs
 * goroutines (avec et sans mutex)", Go's third way: sync/atomic,
 *
 *     atomic.AddInt64(&counter, 1)
 *
 * The processor performs the read-add-write as one indivisible step, so no
 * update is lost and no thread ever waits for a lock. Good for one counter;
 * as soon as two variables must change together, it is a mutex again.
 *
 * In the viewer: four lanes that never block, no locks, and the right total. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define THREADS 4

static atomic_long counter;
static long iterations = 100000;

static void *add(void *arg) {
  sample_name_self("adder-%d", *(int *)arg);
  for (long i = 0; i < iterations; i++)
    atomic_fetch_add(&counter, 1); /* read, add and write in one step */
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
  long got = atomic_load(&counter), expected = THREADS * iterations;
  printf("with atomics: got %ld, expected %ld\n", got, expected);
  return got == expected ? 0 : 1;
}
