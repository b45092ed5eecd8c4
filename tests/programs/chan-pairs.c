/* Three senders send unique values to two receivers through an unbuffered
 * channel, a buffered one, and a select over both; after each send and each
 * receive the thread logs the value (WEFT_LOG), so the test can check from
 * the trace alone that every receive is paired with the send of that value. */
#include <stdio.h>

#include "weft-annotate.h"
#include "weft-chan.h"

#define SENDERS 3
#define PER_SENDER 200

static WeftChan *unbuffered, *buffered;
static WeftWaitGroup senders_done = WEFT_WAITGROUP_INIT;

static void *sender(void *arg) {
  long base = (long)arg * 100000;
  for (long i = 0; i < PER_SENDER; i++) {
    long v = base + i;
    if (i % 3 == 0) {
      weft_chan_send(unbuffered, &v);
    } else if (i % 3 == 1) {
      weft_chan_send(buffered, &v);
    } else {
      WeftSelectCase cases[2] = {WEFT_CASE_SEND(unbuffered, &v), WEFT_CASE_SEND(buffered, &v)};
      weft_select(cases, 2, WEFT_SELECT_FOREVER);
    }
    WEFT_LOG("s", "%ld", v);
  }
  weft_wg_done(&senders_done);
  return NULL;
}

static void *receiver(void *arg) {
  (void)arg;
  long v, count = 0;
  for (;;) {
    WeftSelectCase cases[2] = {WEFT_CASE_RECV(unbuffered, &v), WEFT_CASE_RECV(buffered, &v)};
    int chosen = weft_select(cases, 2, WEFT_SELECT_FOREVER);
    bool ok = chosen >= 0 && cases[chosen].ok;
    if (!ok) {
      /* one side closed and drained: finish with the other */
      WeftChan *other = chosen == 0 ? buffered : unbuffered;
      while (weft_chan_range(other, &v)) {
        WEFT_LOG("r", "%ld", v);
        count++;
      }
      break;
    }
    WEFT_LOG("r", "%ld", v);
    count++;
  }
  return (void *)count;
}

int main(void) {
  unbuffered = weft_chan_make_named(sizeof(long), 0, "unbuffered");
  buffered = weft_chan_make_named(sizeof(long), 8, "buffered");
  weft_wg_add(&senders_done, SENDERS);
  pthread_t r[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&r[i], NULL, receiver, NULL);
  for (long i = 0; i < SENDERS; i++)
    weft_go_named("sender", sender, (void *)i, NULL);
  weft_wg_wait(&senders_done);
  weft_chan_close(unbuffered);
  weft_chan_close(buffered);
  long total = 0;
  for (int i = 0; i < 2; i++) {
    void *n;
    pthread_join(r[i], &n);
    total += (long)n;
  }
  printf("%ld\n", total);
  return total == SENDERS * PER_SENDER ? 0 : 1;
}
