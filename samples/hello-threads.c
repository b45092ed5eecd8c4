/* hello-threads: ten threads, each prints its number.
 *
 * Course exercise: "Créez un programme qui lance 10 goroutines, chacune
 * affiche son numéro." In Go:
 *
 *     for i := 0; i < 10; i++ {
 *         go func(n int) { fmt.Println("goroutine", n) }(i)
 *     }
 *
 * Here each goroutine is a pthread. Go's main would have to wait with a
 * WaitGroup; a C main joins its threads. The order of the lines changes from
 * run to run: the threads run concurrently and the scheduler decides. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define THREADS 10

static void *say_number(void *arg) {
  int n = *(int *)arg;
  sample_name_self("hello-%d", n);
  /* printf locks stdout internally: the lines never mix, only their order varies. */
  printf("hello from thread %d\n", n);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  pthread_t threads[THREADS];
  /* Each thread gets its own int: passing &i would race with the loop's i++. */
  int numbers[THREADS];
  for (int i = 0; i < THREADS; i++) {
    numbers[i] = i;
    sample_check(pthread_create(&threads[i], NULL, say_number, &numbers[i]), "pthread_create");
  }
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("all %d threads said hello\n", THREADS);
  return 0;
}
