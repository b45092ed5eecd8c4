/* waitgroup-count: a WaitGroup waited for with the wrong count.
 *
 * The WaitGroup counts what is still running: Add(n) before starting n
 * workers, Done() at the end of each, Wait() until the count is zero. Here
 * the count is written by hand, and it is wrong: the list of jobs changed
 * from four to three and the Add did not follow.
 *
 *     wg.Add(4)                                  // bug: three workers below
 *     for _, j := range jobs { go worker(j, &wg) }
 *     wg.Wait()                                  // the count stops at 1, forever
 *
 * Three Done calls bring the counter from 4 to 1, never to 0, and Wait
 * never returns. (The opposite mistake, more Done than Add, makes Go panic
 * with "sync: negative WaitGroup counter"; weft_wg_done returns
 * WEFT_ERR_NEGATIVE_WG.) The program hangs on every run: record it with
 * `--timeout-ms 2000`. The fix is in waitgroup-count-fixed.c.
 *
 * In the viewer: three `worker-N` lanes that do their job and end; main
 * "blocked on a WaitGroup" from then on, with nobody left to call Done. */
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
  fflush(stdout);
  weft_wg_done(w->wg);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  int jobs[] = {1, 2, 3};
  Worker workers[3];
  weft_wg_add(&wg, 4); /* BUG: there are three jobs */
  for (int i = 0; i < 3; i++) {
    workers[i] = (Worker){jobs[i], &wg};
    char name[16];
    snprintf(name, sizeof name, "worker-%d", jobs[i]);
    weft_go_named(name, worker, &workers[i], NULL);
  }
  printf("main: waiting for the workers...\n");
  fflush(stdout);
  weft_wg_wait(&wg); /* the counter stops at 1: never returns */
  printf("all workers done\n");
  return 0;
}
