/* producer-consumer: a fast producer, a slow consumer, a small buffer.
 *
 * Course objective: "Appliquer les paradigmes de la programmation
 * concurrente (producteur/consommateur, ...)". In Go:
 *
 *     buf := make(chan int, 3)
 *     go producer(buf)            // sends 1..n, then close(buf)
 *     for v := range buf { ... }  // the consumer
 *
 * A buffered channel is a queue with a lock and two condition variables
 * inside: the producer runs ahead until the buffer is full and then blocks;
 * the consumer blocks only when it is empty. Its capacity decouples the two
 * rhythms, it does not make a slow consumer faster.
 *
 * In the viewer: the producer's lane turns to "blocked sending on `buffer`"
 * once three items wait; it moves one step each time the consumer takes one.
 * The channel's occupancy at the playhead stays at 3/3 most of the run. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define CAPACITY 3

typedef struct {
  long items;
  WeftChan *buffer;
} Producer;

static void *producer(void *p) {
  Producer *pr = p;
  for (long i = 1; i <= pr->items; i++) {
    weft_chan_send(pr->buffer, &i); /* blocks while the buffer is full */
    printf("produced %ld (%zu waiting)\n", i, weft_chan_len(pr->buffer));
  }
  weft_chan_close(pr->buffer); /* the consumer's range ends after the last item */
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  long items = argc > 1 ? sample_parse_long(argv[1], "items") : 10;
  WeftChan *buffer = weft_chan_make_named(sizeof(long), CAPACITY, "buffer");
  Producer pr = {items, buffer};
  pthread_t t;
  WEFT_GO_JOINABLE(producer, &pr, &t);

  /* main is the consumer: slower than the producer, 5 ms an item */
  long v, count = 0, total = 0;
  while (weft_chan_range(buffer, &v)) {
    weft_sleep(5 * WEFT_MILLISECOND);
    printf("consumed %ld\n", v);
    count++;
    total += v;
  }
  pthread_join(t, NULL);
  printf("consumed %ld items, total %ld\n", count, total);
  weft_chan_free(buffer);
  return count == items && total == items * (items + 1) / 2 ? 0 : 1;
}
