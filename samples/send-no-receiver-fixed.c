/* send-no-receiver-fixed: two ways out of send-no-receiver's hang.
 *
 * The bug: main sends on an unbuffered channel before anyone is there to
 * receive, and blocks forever. Two fixes, both here:
 *
 * 1. Start the receiver first. The send still blocks, but only until the
 *    receiver arrives: that is the rendezvous an unbuffered channel is for.
 *
 *        ch := make(chan int)
 *        go func() { fmt.Println(<-ch) }()
 *        ch <- 42
 *
 * 2. Give the channel a buffer of one. The send puts the value in the
 *    buffer and returns at once, receiver or not; someone can take it later.
 *
 *        ch := make(chan int, 1)
 *        ch <- 42
 *        fmt.Println(<-ch)
 *
 * In the viewer: `answer` has an arrow from main's send to the printer's
 * receive; `buffered` is sent and received by main alone, with no wait. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

static void *printer(void *p) {
  WeftChan *ch = p;
  int v;
  weft_chan_recv(ch, &v, NULL);
  printf("printer received %d\n", v);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);

  /* 1: the receiver first */
  WeftChan *answer = weft_chan_make_named(sizeof(int), 0, "answer");
  pthread_t t;
  WEFT_GO_JOINABLE(printer, answer, &t);
  WEFT_SEND(answer, int, 42); /* waits for the printer, then both go on */
  pthread_join(t, NULL);
  weft_chan_free(answer);

  /* 2: a buffer of one */
  WeftChan *buffered = weft_chan_make_named(sizeof(int), 1, "buffered");
  WEFT_SEND(buffered, int, 43); /* room in the buffer: returns at once */
  int v;
  weft_chan_recv(buffered, &v, NULL);
  printf("main received %d from its own buffered channel\n", v);
  weft_chan_free(buffered);
  return 0;
}
