/* quiz-threads-vs-tasks: what does a thread cost, next to a task?
 *
 * Quiz, question 1: "Quelle est la différence entre un thread OS et une
 * goroutine ?"
 *
 * Answer: a goroutine is a task the Go runtime schedules itself, over a few
 * OS threads; it starts with a 2 to 8 KiB stack that grows as needed, and
 * starting one costs well under a microsecond. An OS thread is scheduled by
 * the kernel; creating one is a system call, a stack to map (8 MiB of
 * address space by default; 64 KiB here) and kernel bookkeeping, then a
 * context switch each time it runs. A Go program can have a million
 * goroutines; a million threads is a problem.
 *
 * This program measures it:
 *   - N threads (default 10000), each adding one to a counter: created all
 *     at once, then joined, as Go's `for ... { go f() }` would;
 *   - N tasks, the same work, sent over a channel to a pool of 4 threads
 *     (a worker pool: what a runtime does for you, in miniature).
 * It prints the time per thread and per task. Under `weft record` both are
 * slower (every event is recorded) but the ratio stays. If the system
 * refuses a thread, it says how many it got.
 *
 * In the viewer (record with a small N, e.g. 200): a fan of short-lived
 * `t-K` lanes, then four `pool-K` lanes taking tasks from `tasks`. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample-util.h"
#include "weft-chan.h"

#define POOL 4

static atomic_long counter;

static void *one_task(void *arg) {
  (void)arg;
  atomic_fetch_add(&counter, 1);
  return NULL;
}

static void *pool_worker(void *p) {
  WeftChan *tasks = p;
  int task;
  while (weft_chan_range(tasks, &task))
    one_task(NULL);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  long n = argc > 1 ? sample_parse_long(argv[1], "count") : 10000;
  if (n < 1)
    n = 1;
  pthread_t *threads = calloc((size_t)n, sizeof *threads);
  if (!threads)
    return 1;

  /* N threads. */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  int64_t start = weft_now();
  long created = 0;
  for (; created < n; created++) {
    int err = pthread_create(&threads[created], &attr, one_task, NULL);
    if (err) {
      printf("the system refused thread %ld: %s\n", created + 1, strerror(err));
      break;
    }
  }
  for (long i = 0; i < created; i++)
    pthread_join(threads[i], NULL);
  int64_t thread_ns = weft_now() - start;
  pthread_attr_destroy(&attr);

  /* N tasks on a pool of POOL threads. */
  atomic_store(&counter, 0);
  start = weft_now();
  WeftChan *tasks = weft_chan_make_named(sizeof(int), 256, "tasks");
  pthread_t pool[POOL];
  for (int i = 0; i < POOL; i++) {
    char name[16];
    snprintf(name, sizeof name, "pool-%d", i + 1);
    weft_go_named(name, pool_worker, tasks, &pool[i]);
  }
  for (int i = 0; i < n; i++)
    weft_chan_send(tasks, &i);
  weft_chan_close(tasks);
  for (int i = 0; i < POOL; i++)
    pthread_join(pool[i], NULL);
  int64_t task_ns = weft_now() - start;
  long tasks_done = atomic_load(&counter);
  weft_chan_free(tasks);
  free(threads);

  printf("%ld threads: %.1f ms, %.2f us per thread (create + run + join)\n", created,
         (double)thread_ns / 1e6, (double)thread_ns / 1e3 / (double)(created ? created : 1));
  printf("%ld tasks on %d threads: %.1f ms, %.2f us per task (send + run)\n", tasks_done, POOL,
         (double)task_ns / 1e6, (double)task_ns / 1e3 / (double)n);
  printf("a thread costs about %.0f times a task here\n",
         task_ns ? ((double)thread_ns / (double)(created ? created : 1)) / ((double)task_ns / (double)n)
                 : 0.0);
  return created == n && tasks_done == n ? 0 : 1;
}
