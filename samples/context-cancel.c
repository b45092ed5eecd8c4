/* context-cancel: workers that stop cleanly when their context is
 * cancelled, or when its deadline passes.
 *
 * Course: "Context : Gestion de l'annulation, des délais..." and the quiz's
 * "Comment annuler proprement une goroutine ?". In Go:
 *
 *     ctx, cancel := context.WithCancel(context.Background())
 *     go worker(ctx, ...)
 *     ...; cancel()
 *
 *     func worker(ctx context.Context, ...) {
 *         for { select {
 *             case <-ctx.Done(): fmt.Println("stopping:", ctx.Err()); return
 *             case <-tick: ... one unit of work ...
 *         } }
 *     }
 *
 * Nobody kills a worker: it is asked (ctx.Done() closes) and it returns by
 * itself, between two units of work, so it never leaves a lock held or a
 * half-written result. Round 1 cancels by hand once each worker has done a
 * few units; round 2 gives the context a 60 ms deadline.
 *
 * In the viewer: the `worker-N` lanes in select on `progress`/`done` and a
 * ticker, one unit every 5 ms; at the cancellation every lane wakes at the
 * same instant (the close of done) and ends. */
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-chan.h"

#define WORKERS 3
#define UNITS_BEFORE_CANCEL 3

typedef struct {
  int id;
  WeftCtx *ctx;
  WeftChan *progress; /* each worker reports its units there */
  long units;
} Worker;

static void *worker(void *p) {
  Worker *w = p;
  WeftTicker *ticker = weft_ticker_new(5 * WEFT_MILLISECOND);
  for (;;) {
    WeftSelectCase cases[] = {WEFT_CASE_RECV(weft_ctx_done(w->ctx), NULL),
                              WEFT_CASE_RECV(weft_ticker_chan(ticker), NULL)};
    if (weft_select(cases, 2, WEFT_SELECT_FOREVER) == 0)
      break; /* ctx.Done() */
    w->units++; /* one unit of work, then report it (or learn we are cancelled) */
    WeftSelectCase report[] = {WEFT_CASE_RECV(weft_ctx_done(w->ctx), NULL),
                               WEFT_CASE_SEND(w->progress, &w->id)};
    if (weft_select(report, 2, WEFT_SELECT_FOREVER) == 0)
      break;
  }
  printf("worker %d stopping after %ld units: %s\n", w->id, w->units,
         weft_ctx_strerror(weft_ctx_err(w->ctx)));
  weft_ticker_free(ticker);
  return NULL;
}

/* Starts the workers on ctx and returns once they all have stopped. If
 * cancel_after_units, cancels ctx by hand when each worker has reported
 * that many units; otherwise only the context's deadline stops them. */
static void run_round(WeftCtx *ctx, int cancel_after_units) {
  WeftChan *progress = weft_chan_make_named(sizeof(int), 0, "progress");
  Worker workers[WORKERS];
  pthread_t threads[WORKERS];
  for (int i = 0; i < WORKERS; i++) {
    workers[i] = (Worker){i + 1, ctx, progress, 0};
    char name[16];
    snprintf(name, sizeof name, "worker-%d", i + 1);
    weft_go_named(name, worker, &workers[i], &threads[i]);
  }
  int seen[WORKERS + 1] = {0}, satisfied = 0;
  while (weft_ctx_err(ctx) == 0) {
    int id;
    WeftSelectCase cases[] = {WEFT_CASE_RECV(weft_ctx_done(ctx), NULL),
                              WEFT_CASE_RECV(progress, &id)};
    if (weft_select(cases, 2, WEFT_SELECT_FOREVER) == 0)
      break;
    if (++seen[id] == cancel_after_units && ++satisfied == WORKERS) {
      printf("main: every worker did %d units, cancelling\n", cancel_after_units);
      weft_ctx_cancel(ctx); /* Go's cancel() */
    }
  }
  for (int i = 0; i < WORKERS; i++)
    pthread_join(threads[i], NULL);
  weft_chan_free(progress);
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);

  printf("round 1: cancel by hand\n");
  WeftCtx *ctx = weft_ctx_with_cancel(NULL);
  run_round(ctx, UNITS_BEFORE_CANCEL);
  int err1 = weft_ctx_err(ctx);
  weft_ctx_free(ctx);

  printf("round 2: a 60 ms deadline\n");
  ctx = weft_ctx_with_timeout(NULL, 60 * WEFT_MILLISECOND);
  run_round(ctx, 0);
  int err2 = weft_ctx_err(ctx);
  weft_ctx_free(ctx);

  printf("round 1 ended with \"%s\", round 2 with \"%s\"\n", weft_ctx_strerror(err1),
         weft_ctx_strerror(err2));
  return err1 == WEFT_CTX_CANCELED && err2 == WEFT_CTX_DEADLINE_EXCEEDED ? 0 : 1;
}
