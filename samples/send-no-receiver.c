/* send-no-receiver: a send on an unbuffered channel that nobody receives.
 *
 * Quiz: "Que se passe-t-il si on lit/écrit sur un channel sans buffer sans
 * lecteur/écrivain ?" -- the sender blocks until a receiver comes. If none
 * ever comes, it blocks forever. In Go:
 *
 *     ch := make(chan int)
 *     ch <- 42                                  // blocks here, forever
 *     go func() { fmt.Println(<-ch) }()         // too late: never started
 *
 *     fatal error: all goroutines are asleep - deadlock!
 *
 * An unbuffered channel has no room for the value: a send is a rendezvous,
 * it completes only when a receiver takes the value from the sender's
 * hands. Here main sends before starting the thread that would receive, so
 * the program hangs on every run (record it with `--timeout-ms 2000`).
 * The fix is in send-no-receiver-fixed.c.
 *
 * In the viewer: a single lane, main, "blocked sending on `answer`" from its
 * first instant to the end; the channel has no receiver at all. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

static void *printer(void *p) {
  WeftChan *ch = p;
  int v;
  weft_chan_recv(ch, &v, NULL);
  printf("received %d\n", v);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftChan *answer = weft_chan_make_named(sizeof(int), 0, "answer");
  printf("main: sending 42 on an unbuffered channel...\n");
  fflush(stdout);
  WEFT_SEND(answer, int, 42); /* no receiver yet, and none will come: blocks forever */
  pthread_t t;
  WEFT_GO_JOINABLE(printer, answer, &t); /* never reached */
  pthread_join(t, NULL);
  weft_chan_free(answer);
  return 0;
}
