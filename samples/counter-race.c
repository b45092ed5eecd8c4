/* counter-race: a counter shared by four threads, WITHOUT a mutex.
 *
 * Course exercise: "Implémentez un compteur partagé entre plusieurs
 * goroutines (avec et sans mutex)." This is the "sans": each thread adds 1
 * to the counter ITERATIONS times, and the total comes out short.
 *
 * `counter++` is three steps: read the counter, add one, write it back. When
 * two threads read the same value, both write value+1 and one increment is
 * lost. To make the window easy to hit, even on one CPU, the read and the
 * write are split and the thread yields the processor between them now and
 * then: exactly what a preemption at the wrong moment does.
 *
 * (A plain data race is undefined behaviour in C. The counter is volatile so
 * that the compiler performs every read and write as written, and the
 * lesson shows; the fix is counter-mutex or counter-atomic, not volatile.)
 *
 * In the viewer: four lanes that never block, no locks at all. Nothing on
 * the timeline says the result is wrong -- that is what makes races hard. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define THREADS 4

static volatile long counter;
static long iterations = 100000;

static void *add(void *arg) {
  sample_name_self("adder-%d", *(int *)arg);
  for (long i = 0; i < iterations; i++) {
    long seen = counter; /* read */
    if (i % 1000 == 0)
      sched_yield(); /* another thread may run here, and add to the counter */
    counter = seen + 1; /* write: whatever the others added meanwhile is lost */
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
  printf("without a mutex: got %ld, expected %ld (%ld updates lost)\n", counter, expected,
         expected - counter);
  return 0;
}
