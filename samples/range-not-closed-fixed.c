/* range-not-closed-fixed: the producer closes its channel.
 *
 * The bug (range-not-closed.c): the consumer's range waits forever for a
 * value after the last one, because nothing says there will be no more.
 * The fix is one line: the sender, and only the sender, closes the channel
 * when it is done.
 *
 *     go func() { for i := 1; i <= 5; i++ { ch <- i }; close(ch) }()
 *
 * Closing is a message too: every receiver blocked on the channel wakes up
 * and learns it is over (ok == false), and the range ends.
 *
 * In the viewer: five arrows on `numbers`, then the close, and the consumer
 * lane ends right after the producer's. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define COUNT 5

static void *producer(void *p) {
  WeftChan *ch = p;
  for (int i = 1; i <= COUNT; i++)
    weft_chan_send(ch, &i);
  weft_chan_close(ch); /* the fix: "no more values" */
  return NULL;
}

static void *consumer(void *p) {
  WeftChan *ch = p;
  int v, sum = 0;
  while (weft_chan_range(ch, &v)) {
    sum += v;
    printf("consumer got %d\n", v);
  }
  printf("sum %d\n", sum);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftChan *numbers = weft_chan_make_named(sizeof(int), 0, "numbers");
  pthread_t tp, tc;
  WEFT_GO_JOINABLE(producer, numbers, &tp);
  WEFT_GO_JOINABLE(consumer, numbers, &tc);
  pthread_join(tp, NULL);
  pthread_join(tc, NULL);
  weft_chan_free(numbers);
  return 0;
}
