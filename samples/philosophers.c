/* philosophers: the dining philosophers, deadlocking on every run.
 *
 * Five philosophers sit around a table with one fork between each pair.
 * To eat, a philosopher needs both forks beside them. Each one takes the
 * fork on their left, then the fork on their right:
 *
 *     lock(fork[i]); lock(fork[(i + 1) % 5]); eat(); unlock both
 *
 * If all five take their left fork at the same moment, every right fork is
 * someone's left fork, already taken: each waits for their neighbour, in a
 * circle, forever. That is a deadlock: a cycle in the "waits for" graph.
 *
 * Left to chance, the bad moment is rare and the program "works most of the
 * time". Here a barrier forces it: every philosopher takes their left fork,
 * then waits at the barrier until all five have one, and only then reaches
 * for the right one. So it hangs on every run. Go would say "fatal error:
 * all goroutines are asleep - deadlock!"; C just hangs. Record it with a
 * watchdog, e.g. `--timeout-ms 2000`, or stop it with Ctrl-C.
 *
 * The fix is in philosophers-fixed.c.
 *
 * In the viewer: five `philosopher-N` lanes, each holding `forks[N]` and then
 * blocked on `forks[N+1]` until the end; the wait-for graph is a cycle of
 * five, drawn in red. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define PHILOSOPHERS 5

static pthread_mutex_t forks[PHILOSOPHERS];
static pthread_barrier_t all_hold_left; /* forces the bad interleaving */

static void *philosopher(void *arg) {
  int i = *(int *)arg;
  int left = i, right = (i + 1) % PHILOSOPHERS;
  sample_name_self("philosopher-%d", i);

  pthread_mutex_lock(&forks[left]);
  printf("philosopher %d took fork %d (left)\n", i, left);
  pthread_barrier_wait(&all_hold_left); /* every left fork is now taken */
  printf("philosopher %d reaches for fork %d (right)...\n", i, right);
  pthread_mutex_lock(&forks[right]); /* held by the neighbour: blocks forever */

  printf("philosopher %d eats\n", i); /* never printed */
  pthread_mutex_unlock(&forks[right]);
  pthread_mutex_unlock(&forks[left]);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  for (int i = 0; i < PHILOSOPHERS; i++)
    pthread_mutex_init(&forks[i], NULL);
  pthread_barrier_init(&all_hold_left, NULL, PHILOSOPHERS);

  pthread_t threads[PHILOSOPHERS];
  int ids[PHILOSOPHERS];
  for (int i = 0; i < PHILOSOPHERS; i++) {
    ids[i] = i;
    sample_check(pthread_create(&threads[i], NULL, philosopher, &ids[i]), "pthread_create");
  }
  for (int i = 0; i < PHILOSOPHERS; i++)
    pthread_join(threads[i], NULL); /* never returns */
  printf("everyone ate\n");
  return 0;
}
