/* philosophers-fixed: the dining philosophers, without the deadlock.
 *
 * The bug (philosophers.c): each philosopher takes their left fork, then
 * their right one; when all hold their left fork, they wait for each other
 * in a circle. The classic fix, "resource ordering": number the forks and
 * always take the lower-numbered fork first. Philosophers 0 to 3 still take
 * left then right, but philosopher 4, whose forks are 4 and 0, takes fork 0
 * first. A circle of waits would need someone to hold a higher fork while
 * waiting for a lower one, and nobody ever does: no cycle, no deadlock.
 * The same rule is what fixes every lock-order inversion (see
 * transfer-fixed.c): one global order for all locks.
 *
 * Each philosopher eats MEALS times; a barrier at the start makes them all
 * sit down together, so the forks are contended from the first moment.
 *
 * In the viewer: the five lanes alternate eating (holding two forks, a
 * `eat` region) and short waits for a fork; `weft report` shows exactly
 * 5 x MEALS x 2 lock acquisitions and no deadlock. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-annotate.h"

#define PHILOSOPHERS 5
#define MEALS 3

static pthread_mutex_t forks[PHILOSOPHERS];
static pthread_barrier_t sit_down;

static void *philosopher(void *arg) {
  int i = *(int *)arg;
  int left = i, right = (i + 1) % PHILOSOPHERS;
  /* The fix: the lower-numbered fork first. */
  int first = left < right ? left : right;
  int second = left < right ? right : left;
  sample_name_self("philosopher-%d", i);
  pthread_barrier_wait(&sit_down);

  for (int meal = 1; meal <= MEALS; meal++) {
    pthread_mutex_lock(&forks[first]);
    pthread_mutex_lock(&forks[second]);
    WEFT_REGION_BEGIN("eat");
    printf("philosopher %d eats meal %d with forks %d and %d\n", i, meal, first, second);
    sample_sleep_ms(2);
    WEFT_REGION_END("eat");
    pthread_mutex_unlock(&forks[second]);
    pthread_mutex_unlock(&forks[first]);
    sample_sleep_ms(1); /* think */
  }
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  for (int i = 0; i < PHILOSOPHERS; i++)
    pthread_mutex_init(&forks[i], NULL);
  pthread_barrier_init(&sit_down, NULL, PHILOSOPHERS);

  pthread_t threads[PHILOSOPHERS];
  int ids[PHILOSOPHERS];
  for (int i = 0; i < PHILOSOPHERS; i++) {
    ids[i] = i;
    sample_check(pthread_create(&threads[i], NULL, philosopher, &ids[i]), "pthread_create");
  }
  for (int i = 0; i < PHILOSOPHERS; i++)
    pthread_join(threads[i], NULL);
  printf("everyone ate %d meals\n", MEALS);
  return 0;
}
