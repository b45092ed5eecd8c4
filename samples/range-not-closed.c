/* range-not-closed: a range over a channel that is never closed.
 *
 * `for v := range ch` ends when the channel is closed and drained -- not
 * when the sender happens to have nothing more to say. Here the producer
 * sends five values and returns without closing the channel:
 *
 *     go func() { for i := 1; i <= 5; i++ { ch <- i } }()  // no close(ch)
 *     for v := range ch { sum += v }                        // waits for a 6th, forever
 *
 * The consumer gets all five values, then waits for a sixth that will
 * never come. Go reports "all goroutines are asleep - deadlock!" once the
 * producer has exited; C hangs (record it with `--timeout-ms 2000`).
 * The fix, one line, is in range-not-closed-fixed.c.
 *
 * In the viewer: five arrows from `producer` to `consumer` on `numbers`; the
 * producer's lane ends; the consumer stays "blocked receiving on `numbers`"
 * to the end, on a channel that nobody can send on any more. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define COUNT 5

static void *producer(void *p) {
  WeftChan *ch = p;
  for (int i = 1; i <= COUNT; i++)
    weft_chan_send(ch, &i);
  /* Bug: no weft_chan_close(ch) here. */
  return NULL;
}

static void *consumer(void *p) {
  WeftChan *ch = p;
  int v, sum = 0;
  while (weft_chan_range(ch, &v)) { /* ends only when ch is closed */
    sum += v;
    printf("consumer got %d\n", v);
    fflush(stdout);
  }
  printf("sum %d\n", sum); /* never printed */
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftChan *numbers = weft_chan_make_named(sizeof(int), 0, "numbers");
  pthread_t tp, tc;
  WEFT_GO_JOINABLE(producer, numbers, &tp);
  WEFT_GO_JOINABLE(consumer, numbers, &tc);
  pthread_join(tp, NULL);
  pthread_join(tc, NULL); /* never returns */
  weft_chan_free(numbers);
  return 0;
}
