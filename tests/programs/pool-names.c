/* Unnamed channels by the variable they were assigned to (jobs, results),
 * heap objects by the member their init names (not_empty, made in queue_new),
 * a global WaitGroup (wg). jobs is never closed: the workers wait in their
 * range loop, main in wg_wait. Built by test-record.sh with cc. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "weft-chan.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t not_empty;
  int n;
} Queue;

static Queue *queue_new(void) {
  Queue *q = malloc(sizeof *q);
  pthread_mutex_init(&q->mu, NULL);
  pthread_cond_init(&q->not_empty, NULL);
  q->n = 0;
  return q;
}

static WeftChan *jobs;
static WeftWaitGroup wg = WEFT_WAITGROUP_INIT;

static void *worker(void *arg) {
  Queue *q = arg;
  int j;
  while (weft_chan_range(jobs, &j)) {
    pthread_mutex_lock(&q->mu);
    q->n += j;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
  }
  weft_wg_done(&wg);
  return NULL;
}

int main(void) {
  Queue *q = queue_new();
  jobs = weft_chan_make(sizeof(int), 0);
  WeftChan *results = weft_chan_make(sizeof(int), 4);
  pthread_t t[3];
  weft_wg_add(&wg, 3);
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], NULL, worker, q);
  for (int i = 0; i < 5; i++)
    weft_chan_send(jobs, &i);
  int one = 1;
  weft_chan_send(results, &one);
  weft_wg_wait(&wg); /* BUG: jobs is never closed */
  printf("%d\n", q->n);
  return 0;
}
