/* waitgroup-count-fixed: one Add(1) per worker, next to the start.
 *
 * The bug (waitgroup-count.c): wg.Add(4) written by hand for three workers;
 * Wait never returns. The fix: count what you start, where you start it,
 *
 *     for _, j := range jobs { wg.Add(1); go worker(j, &wg) }
 *
 * and always in the starting thread, before the start: an Add inside the
 * worker could run after Wait has already seen zero.
 *
 * In the viewer: three `worker-N` lanes end; main's WaitGroup wait ends
 * with the last Done. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

typedef struct {
  int job;
  WeftWaitGroup *wg;
} Worker;

static void *worker(void *p) {
  Worker *w = p;
  weft_sleep(5 * WEFT_MILLISECOND); /* the job */
  printf("worker %d done\n", w->job);
  weft_wg_done(w->wg);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  int jobs[] = {1, 2, 3};
  size_t njobs = sizeof jobs / sizeof *jobs;
  Worker workers[sizeof jobs / sizeof *jobs];
  pthread_t threads[sizeof jobs / sizeof *jobs];
  for (size_t i = 0; i < njobs; i++) {
    workers[i] = (Worker){jobs[i], &wg};
    char name[16];
    snprintf(name, sizeof name, "worker-%d", jobs[i]);
    weft_wg_add(&wg, 1); /* the fix: one Add per start, before it */
    weft_go_named(name, worker, &workers[i], &threads[i]);
  }
  weft_wg_wait(&wg);
  printf("all %zu workers done\n", njobs);
  /* C's extra step: join, so that every lane has ended when main returns. */
  for (size_t i = 0; i < njobs; i++)
    pthread_join(threads[i], NULL);
  return 0;
}
