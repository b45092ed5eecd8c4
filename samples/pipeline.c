/* pipeline: generate -> square -> sum, three stages joined by channels.
 *
 * Course exercise: "Réalisez un pipeline de traitement avec plusieurs étapes
 * connectées par des channels." The shape of Go's blog post "Pipelines":
 *
 *     func gen(n int) <-chan int { out := make(chan int); go func() {
 *         for i := 1; i <= n; i++ { out <- i }; close(out) }(); return out }
 *     func sq(in <-chan int) <-chan int { ... for v := range in { out <- v*v }; close(out) ... }
 *
 * Each stage owns its output channel and closes it when it has sent
 * everything: that close is what ends the next stage's `range`. Forget one
 * close and the pipeline hangs (see range-not-closed in the gallery).
 *
 * In the viewer: three lanes (generate, square, sum) handing values along;
 * every send on `numbers` has an arrow to the receive in `square`, every send
 * on `squares` one to `sum`. The channels are unbuffered, so each value is a
 * rendezvous: the stages advance in lock-step. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

typedef struct {
  long n;
  WeftChan *out;
} GenArgs;

typedef struct {
  WeftChan *in, *out;
} StageArgs;

/* Stage 1: sends 1..n, then closes its channel. */
static void *generate(void *p) {
  GenArgs *a = p;
  for (long i = 1; i <= a->n; i++)
    weft_chan_send(a->out, &i);
  weft_chan_close(a->out);
  return NULL;
}

/* Stage 2: squares every value until its input is closed, then closes its output. */
static void *square(void *p) {
  StageArgs *a = p;
  long v;
  while (weft_chan_range(a->in, &v)) {
    long sq = v * v;
    weft_chan_send(a->out, &sq);
  }
  weft_chan_close(a->out);
  return NULL;
}

/* Stage 3: adds everything up and sends the one total. */
static void *sum(void *p) {
  StageArgs *a = p;
  long v, total = 0;
  while (weft_chan_range(a->in, &v))
    total += v;
  weft_chan_send(a->out, &total);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  long n = argc > 1 ? sample_parse_long(argv[1], "count") : 10;

  WeftChan *numbers = weft_chan_make_named(sizeof(long), 0, "numbers");
  WeftChan *squares = weft_chan_make_named(sizeof(long), 0, "squares");
  WeftChan *result = weft_chan_make_named(sizeof(long), 0, "result");
  GenArgs g = {n, numbers};
  StageArgs sq = {numbers, squares}, su = {squares, result};

  /* go generate(); go square(); go sum() -- joinable, so that main can wait
   * for every lane to end before it frees the channels. */
  pthread_t t[3];
  WEFT_GO_JOINABLE(generate, &g, &t[0]);
  WEFT_GO_JOINABLE(square, &sq, &t[1]);
  WEFT_GO_JOINABLE(sum, &su, &t[2]);

  long total;
  weft_chan_recv(result, &total, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);

  long expected = n * (n + 1) * (2 * n + 1) / 6;
  printf("sum of the squares of 1..%ld = %ld (expected %ld)\n", n, total, expected);
  weft_chan_free(numbers);
  weft_chan_free(squares);
  weft_chan_free(result);
  return total == expected ? 0 : 1;
}
