/* quiz-unbuffered: what happens on an unbuffered channel with no reader?
 *
 * Quiz, question 2: "Que se passe-t-il si on lit/écrit sur un channel sans
 * buffer sans lecteur/écrivain ?"
 *
 * Answer: the operation blocks until the other side comes. An unbuffered
 * channel stores nothing; a send is a hand-over, so it waits for a receiver,
 * and a receive waits for a sender. If the other side never comes, it waits
 * forever (send-no-receiver in the gallery; Go's runtime notices when every
 * goroutine is blocked: "all goroutines are asleep - deadlock!").
 *
 * This program shows each case without hanging, by asking politely:
 *   1. a send with a default case (try_send): "would block";
 *   2. a send that waits at most 50 ms: times out;
 *   3. a receive that waits at most 50 ms: times out;
 *   4. the same send once a receiver exists: completes -- both threads meet;
 *   5. a buffered channel, for contrast: the send completes alone.
 *
 * In the viewer: main "in select" on `unbuffered` twice for 50 ms with no
 * one on the other side; then an arrow from main's send to the `receiver`
 * lane. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

static void *receiver(void *p) {
  WeftChan *ch = p;
  int v;
  weft_chan_recv(ch, &v, NULL);
  printf("4. the receiver got %d\n", v);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftChan *ch = weft_chan_make_named(sizeof(int), 0, "unbuffered");
  int v = 42;

  if (weft_chan_try_send(ch, &v) == WEFT_SELECT_DEFAULT)
    printf("1. send with a default case: no reader, it would block\n");

  WeftSelectCase send[] = {WEFT_CASE_SEND(ch, &v)};
  if (weft_select(send, 1, 50 * WEFT_MILLISECOND) == WEFT_SELECT_TIMEOUT)
    printf("2. send with a 50 ms timeout: no reader came, gave up\n");

  WeftSelectCase recv[] = {WEFT_CASE_RECV(ch, &v)};
  if (weft_select(recv, 1, 50 * WEFT_MILLISECOND) == WEFT_SELECT_TIMEOUT)
    printf("3. receive with a 50 ms timeout: no writer came, gave up\n");

  pthread_t t;
  WEFT_GO_JOINABLE(receiver, ch, &t);
  weft_chan_send(ch, &v); /* blocks only until the receiver takes it */
  pthread_join(t, NULL);
  printf("4. the send completed when the receiver took the value\n");

  WeftChan *buffered = weft_chan_make_named(sizeof(int), 1, "buffered");
  if (weft_chan_try_send(buffered, &v) == 0)
    printf("5. a buffered channel with room: the send completed with no reader\n");

  weft_chan_free(ch);
  weft_chan_free(buffered);
  return 0;
}
