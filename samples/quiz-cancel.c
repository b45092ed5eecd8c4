/* quiz-cancel: how to cancel a thread cleanly.
 *
 * Quiz, question 4: "Comment annuler proprement une goroutine ?"
 *
 * Answer: you don't kill it, you ask it to stop, and it stops itself at a
 * point where it is safe to. In Go: a context (or a `done` channel) that the
 * goroutine checks between units of work (context-cancel shows it at length).
 *
 * Part 1, the clean way: a worker does units of work, each one under a lock,
 * and checks its context between units. main cancels the context; the
 * worker finishes the unit it is in, unlocks, and returns. The lock is free
 * afterwards.
 *
 * Part 2, the brutal way, for contrast: pthread_cancel on a thread that is
 * in the middle of a unit, holding the lock (it is sleeping, and a sleep is
 * a cancellation point). The thread is gone -- and the lock stays locked
 * forever, by a thread that no longer exists: whoever needs it next hangs
 * (here main only tries, with trylock). Go has no way at all to kill a
 * goroutine from outside, for this very reason.
 *
 * In the viewer: in part 1 the `worker` lane wakes on the close of the
 * context's done channel and ends; in part 2 the `victim` lane ends inside
 * its hold of `work_mu`, which is never released. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample-util.h"
#include "weft-chan.h"

static pthread_mutex_t work_mu = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
  WeftCtx *ctx;
  WeftChan *started;
  int units;
} Worker;

static void *worker(void *p) {
  Worker *w = p;
  for (;;) {
    pthread_mutex_lock(&work_mu);
    weft_sleep(2 * WEFT_MILLISECOND); /* one unit of work, under the lock */
    w->units++;
    pthread_mutex_unlock(&work_mu);
    if (w->units == 1)
      weft_chan_send(w->started, NULL); /* tell main we are running */
    /* The check between units: the only place where we stop. */
    WeftSelectCase c[] = {WEFT_CASE_RECV(weft_ctx_done(w->ctx), NULL)};
    if (weft_select(c, 1, WEFT_SELECT_NOWAIT) == 0)
      break;
  }
  printf("1. worker: stopping after %d units (%s), lock released\n", w->units,
         weft_ctx_strerror(weft_ctx_err(w->ctx)));
  return NULL;
}

static sem_t holding; /* part 2: the victim holds the lock */

static void *victim(void *arg) {
  (void)arg;
  sample_name_self("victim");
  pthread_mutex_lock(&work_mu);
  sem_post(&holding);
  sample_sleep_ms(10000); /* "a long unit of work": cancelled in here */
  pthread_mutex_unlock(&work_mu); /* never reached */
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);

  /* Part 1: ask, and let the worker stop itself. */
  Worker w = {weft_ctx_with_cancel(NULL), weft_chan_make_named(0, 0, "started"), 0};
  pthread_t t;
  WEFT_GO_JOINABLE(worker, &w, &t);
  weft_chan_recv(w.started, NULL, NULL);
  weft_ctx_cancel(w.ctx);
  pthread_join(t, NULL);
  int r = pthread_mutex_trylock(&work_mu);
  printf("1. main: after a clean stop, trylock says: %s\n", r == 0 ? "the lock is free" : strerror(r));
  if (r == 0)
    pthread_mutex_unlock(&work_mu);
  weft_ctx_free(w.ctx);
  weft_chan_free(w.started);

  /* Part 2: kill it in the middle of its work. */
  sem_init(&holding, 0, 0);
  sample_check(pthread_create(&t, NULL, victim, NULL), "pthread_create");
  sem_wait(&holding);
  pthread_cancel(t);
  void *ret;
  pthread_join(t, &ret);
  printf("2. main: the victim was %s\n", ret == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
  r = pthread_mutex_trylock(&work_mu);
  printf("2. main: after pthread_cancel, trylock says: %s\n",
         r == EBUSY ? "busy -- locked forever by a thread that no longer exists" : strerror(r));
  return r == EBUSY ? 0 : 1;
}
