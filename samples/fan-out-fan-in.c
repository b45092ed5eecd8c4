/* fan-out-fan-in: several workers read one channel (fan-out), their outputs
 * are merged into one channel (fan-in).
 *
 * Course objective: "Appliquer les paradigmes de la programmation
 * concurrente (..., fan-in/fan-out, ...)". Go's blog "Pipelines" again:
 *
 *     in := gen(1..n)
 *     c1, c2, c3 := sq(in), sq(in), sq(in)   // fan-out: three readers of `in`
 *     for v := range merge(c1, c2, c3) {...} // fan-in
 *
 *     func merge(cs ...<-chan int) <-chan int {
 *         out := make(chan int); var wg sync.WaitGroup
 *         for _, c := range cs { wg.Add(1); go func(c <-chan int) {
 *             for v := range c { out <- v }; wg.Done() }(c) }
 *         go func() { wg.Wait(); close(out) }()
 *         return out }
 *
 * The workers are slow (2 ms a value), so spreading the values over three of
 * them is what makes it faster. The results come out of `merged` in no fixed
 * order; their sum is fixed.
 *
 * In the viewer: `source` feeding three `square-N` lanes, each feeding its own
 * `forward-N` lane, all of them sending into `merged`, which main reads. The
 * `merge-closer` lane waits on the WaitGroup and closes `merged` last. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define WORKERS 3

typedef struct {
  long n;
  WeftChan *out;
} Source;

typedef struct {
  WeftChan *in, *out;
  WeftWaitGroup *wg; /* NULL for the squaring workers */
} Stage;

static void *source(void *p) {
  Source *s = p;
  for (long i = 1; i <= s->n; i++)
    weft_chan_send(s->out, &i);
  weft_chan_close(s->out);
  return NULL;
}

/* Fan-out: three of these read the same channel; each value goes to one of them. */
static void *square(void *p) {
  Stage *s = p;
  long v;
  while (weft_chan_range(s->in, &v)) {
    weft_sleep(2 * WEFT_MILLISECOND); /* slow work: why we have three */
    long sq = v * v;
    weft_chan_send(s->out, &sq);
  }
  weft_chan_close(s->out);
  return NULL;
}

/* Fan-in: copies one input into the merged channel. */
static void *forward(void *p) {
  Stage *s = p;
  long v;
  while (weft_chan_range(s->in, &v))
    weft_chan_send(s->out, &v);
  weft_wg_done(s->wg);
  return NULL;
}

typedef struct {
  WeftWaitGroup *wg;
  WeftChan *merged;
} Closer;

static void *merge_closer(void *p) {
  Closer *c = p;
  weft_wg_wait(c->wg); /* every forwarder has finished: nothing more will come */
  weft_chan_close(c->merged);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  long n = argc > 1 ? sample_parse_long(argv[1], "count") : 12;

  WeftChan *in = weft_chan_make_named(sizeof(long), 0, "numbers");
  WeftChan *merged = weft_chan_make_named(sizeof(long), 0, "merged");
  WeftChan *outs[WORKERS];
  Stage workers[WORKERS], forwarders[WORKERS];
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  pthread_t threads[2 * WORKERS + 2];
  int nt = 0;
  char name[16];

  Source src = {n, in};
  weft_go_named("source", source, &src, &threads[nt++]);
  for (int i = 0; i < WORKERS; i++) {
    snprintf(name, sizeof name, "out-%d", i + 1);
    outs[i] = weft_chan_make_named(sizeof(long), 0, name);
    workers[i] = (Stage){in, outs[i], NULL};
    snprintf(name, sizeof name, "square-%d", i + 1);
    weft_go_named(name, square, &workers[i], &threads[nt++]);
  }
  for (int i = 0; i < WORKERS; i++) {
    forwarders[i] = (Stage){outs[i], merged, &wg};
    weft_wg_add(&wg, 1);
    snprintf(name, sizeof name, "forward-%d", i + 1);
    weft_go_named(name, forward, &forwarders[i], &threads[nt++]);
  }
  Closer c = {&wg, merged};
  weft_go_named("merge-closer", merge_closer, &c, &threads[nt++]);

  long v, count = 0, total = 0;
  while (weft_chan_range(merged, &v)) {
    count++;
    total += v;
  }
  for (int i = 0; i < nt; i++)
    pthread_join(threads[i], NULL);
  long expected = n * (n + 1) * (2 * n + 1) / 6;
  printf("%ld values merged, sum of squares %ld (expected %ld)\n", count, total, expected);
  weft_chan_free(in);
  weft_chan_free(merged);
  for (int i = 0; i < WORKERS; i++)
    weft_chan_free(outs[i]);
  return count == n && total == expected ? 0 : 1;
}
