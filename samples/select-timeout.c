/* select-timeout: wait for an answer, but not forever.
 *
 * Course: channels and select, as in Go by Example's "Timeouts":
 *
 *     select {
 *     case res := <-reply:          fmt.Println(res)
 *     case <-time.After(50 * time.Millisecond): fmt.Println("timeout")
 *     }
 *
 * Two requests go to a server thread. The first one is slow: the server
 * holds it until main has given up (so the timeout wins on every run, on any
 * machine), main's select takes the timer's case. The second is fast and its
 * answer wins. Then the same with weft_select's own timeout argument, and a
 * select with a default case (a non-blocking receive).
 *
 * Each reply channel has a buffer of one: when main has stopped waiting, the
 * late server can still send its answer and go on, instead of blocking
 * forever on a channel nobody reads (a goroutine leak in Go).
 *
 * In the viewer: main "in select" on two channels (the reply and the timer)
 * for 50 ms, then the timer's arrow wins; the `server` lane sends the late
 * answer into the buffer afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample-util.h"
#include "weft-chan.h"

typedef struct {
  int id;
  WeftChan *reply;   /* buffered, capacity 1 */
  WeftChan *release; /* the slow request waits for it to close */
} Request;

static void *server(void *p) {
  WeftChan *requests = p;
  Request req;
  while (weft_chan_range(requests, &req)) {
    if (req.release) /* slow: answers only after main gave up */
      weft_chan_recv(req.release, NULL, NULL);
    char answer[32];
    snprintf(answer, sizeof answer, "answer to request %d", req.id);
    weft_chan_send(req.reply, answer); /* never blocks: the buffer has room */
  }
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  WeftChan *requests = weft_chan_make_named(sizeof(Request), 0, "requests");
  WeftChan *release = weft_chan_make_named(0, 0, "release");
  pthread_t t;
  WEFT_GO_JOINABLE(server, requests, &t);
  int timeouts = 0, answers = 0;

  for (int id = 1; id <= 2; id++) {
    char name[16];
    snprintf(name, sizeof name, "reply-%d", id);
    Request req = {id, weft_chan_make_named(32, 1, name), id == 1 ? release : NULL};
    weft_chan_send(requests, &req);

    /* select { case answer := <-reply: ...; case <-time.After(50ms): ... } */
    char answer[32];
    WeftChan *timer = weft_after(id == 1 ? 50 * WEFT_MILLISECOND : 10 * WEFT_SECOND);
    WeftSelectCase cases[] = {WEFT_CASE_RECV(req.reply, answer), WEFT_CASE_RECV(timer, NULL)};
    switch (weft_select(cases, 2, WEFT_SELECT_FOREVER)) {
    case 0:
      printf("request %d: %s\n", id, answer);
      answers++;
      break;
    case 1:
      printf("request %d: timeout after 50 ms, giving up\n", id);
      timeouts++;
      weft_chan_close(release); /* lets the slow server finish (to a reply nobody reads) */
      break;
    }
    weft_chan_free(timer);
    if (id == 1) {
      /* The late answer lands in the buffer; collecting it only to free the
       * channel cleanly. */
      weft_chan_recv(req.reply, answer, NULL);
      printf("request %d: the late %s arrived after all\n", id, answer);
    }
    weft_chan_free(req.reply);
  }

  /* The timeout can be select's own argument (no timer channel). Nobody
   * ever sends on `never`: the select times out after 20 ms. */
  WeftChan *never = weft_chan_make_named(sizeof(int), 0, "never");
  int v;
  WeftSelectCase one[] = {WEFT_CASE_RECV(never, &v)};
  if (weft_select(one, 1, 20 * WEFT_MILLISECOND) == WEFT_SELECT_TIMEOUT) {
    printf("never: timeout after 20 ms\n");
    timeouts++;
  }
  /* select with a default case: returns at once. */
  if (weft_select(one, 1, WEFT_SELECT_NOWAIT) == WEFT_SELECT_DEFAULT)
    printf("never: nothing ready, took the default case\n");

  weft_chan_close(requests);
  pthread_join(t, NULL);
  weft_chan_free(never);
  weft_chan_free(requests);
  weft_chan_free(release);
  printf("%d answers, %d timeouts\n", answers, timeouts);
  return answers == 1 && timeouts == 2 ? 0 : 1;
}
