/* worker-pool: a jobs channel, a results channel, N workers, a WaitGroup.
 *
 * Course: "Pattern : Worker Pool" (the worker_pool.go the module refers to).
 * As in Go by Example's "Worker Pools":
 *
 *     jobs := make(chan int, numJobs); results := make(chan int, numJobs)
 *     for w := 1; w <= 3; w++ { wg.Add(1); go worker(w, jobs, results) }
 *     for j := 1; j <= numJobs; j++ { jobs <- j }; close(jobs)
 *     go func() { wg.Wait(); close(results) }()
 *     for r := range results { ... }
 *
 * The workers take jobs from one shared channel: whoever is free takes the
 * next. Closing `jobs` ends their loops; the WaitGroup tells a closer thread
 * when the last worker is done, so that it can close `results` and end the
 * main loop. Nothing here needs a mutex.
 *
 * In the viewer: three `worker-N` lanes alternating between sleeping (the
 * "work", 10 ms a job) and receiving from `jobs`; the `closer` lane waits on
 * the WaitGroup until the end. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define WORKERS 3

typedef struct {
  int id;
  WeftChan *jobs, *results;
  WeftWaitGroup *wg;
} Worker;

static void *worker(void *p) {
  Worker *w = p;
  int job;
  while (weft_chan_range(w->jobs, &job)) {
    printf("worker %d started job %d\n", w->id, job);
    weft_sleep(10 * WEFT_MILLISECOND); /* the work */
    printf("worker %d finished job %d\n", w->id, job);
    int result = job * 2;
    weft_chan_send(w->results, &result);
  }
  weft_wg_done(w->wg); /* Go's `defer wg.Done()` */
  return NULL;
}

typedef struct {
  WeftWaitGroup *wg;
  WeftChan *results;
} Closer;

/* go func() { wg.Wait(); close(results) }() */
static void *closer(void *p) {
  Closer *c = p;
  weft_wg_wait(c->wg);
  weft_chan_close(c->results);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  int njobs = argc > 1 ? (int)sample_parse_long(argv[1], "jobs") : 9;

  WeftChan *jobs = weft_chan_make_named(sizeof(int), (size_t)njobs, "jobs");
  WeftChan *results = weft_chan_make_named(sizeof(int), (size_t)njobs, "results");
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;

  Worker workers[WORKERS];
  pthread_t threads[WORKERS + 1];
  for (int i = 0; i < WORKERS; i++) {
    workers[i] = (Worker){i + 1, jobs, results, &wg};
    char name[16];
    snprintf(name, sizeof name, "worker-%d", i + 1);
    weft_wg_add(&wg, 1); /* before the thread starts, never inside it */
    weft_go_named(name, worker, &workers[i], &threads[i]);
  }

  for (int j = 1; j <= njobs; j++)
    weft_chan_send(jobs, &j);
  weft_chan_close(jobs); /* "no more jobs": ends the workers' range loops */

  Closer c = {&wg, results};
  WEFT_GO_JOINABLE(closer, &c, &threads[WORKERS]);

  int r, count = 0;
  long total = 0;
  while (weft_chan_range(results, &r)) {
    count++;
    total += r;
  }
  for (int i = 0; i <= WORKERS; i++)
    pthread_join(threads[i], NULL);
  printf("%d results, total %ld (expected %ld)\n", count, total, (long)njobs * (njobs + 1));
  weft_chan_free(jobs);
  weft_chan_free(results);
  return count == njobs && total == (long)njobs * (njobs + 1) ? 0 : 1;
}
