/* errgroup: three tasks in a group; one fails, the group cancels the others.
 *
 * Course objective: "Gérer les erreurs et les contextes d'annulation". In Go,
 * golang.org/x/sync/errgroup:
 *
 *     g, ctx := errgroup.WithContext(context.Background())
 *     for _, name := range []string{"alpha", "beta", "gamma"} {
 *         g.Go(func() error { return fetch(ctx, name) })
 *     }
 *     if err := g.Wait(); err != nil { ... } // the first error
 *
 * "beta" fails after 20 ms. Its error cancels the group's context; "alpha"
 * and "gamma", which would need ten seconds, see ctx.Done() close and return
 * at once. Wait returns beta's error, and the program ends in ~20 ms, not 10 s.
 *
 * In the viewer: three `fetch` lanes in select; beta's ends first, then the
 * two others wake together on the close of the group's done channel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample-util.h"
#include "weft-chan.h"

enum { FETCH_OK = 0, FETCH_CANCELLED = 1, FETCH_FAILED = 2 };

typedef struct {
  const char *name;
  int64_t duration; /* how long the fetch takes when nothing interrupts it */
  bool fails;
} Task;

static int fetch(WeftCtx *ctx, void *p) {
  Task *t = p;
  WeftChan *work = weft_after(t->duration); /* the fetch itself, simulated */
  WeftSelectCase cases[] = {WEFT_CASE_RECV(weft_ctx_done(ctx), NULL),
                            WEFT_CASE_RECV(work, NULL)};
  int which = weft_select(cases, 2, WEFT_SELECT_FOREVER);
  weft_chan_free(work);
  if (which == 0) {
    printf("%s: cancelled (%s)\n", t->name, weft_ctx_strerror(weft_ctx_err(ctx)));
    return FETCH_CANCELLED;
  }
  if (t->fails) {
    printf("%s: failed\n", t->name);
    return FETCH_FAILED;
  }
  printf("%s: done\n", t->name);
  return FETCH_OK;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  Task tasks[] = {
      {"alpha", 10 * WEFT_SECOND, false},
      {"beta", 20 * WEFT_MILLISECOND, true},
      {"gamma", 10 * WEFT_SECOND, false},
  };
  int64_t start = weft_now();
  WeftErrGroup *g = weft_errgroup_new(NULL);
  for (size_t i = 0; i < sizeof tasks / sizeof *tasks; i++)
    weft_errgroup_go_named(g, tasks[i].name, fetch, &tasks[i]);
  int err = weft_errgroup_wait(g);
  weft_errgroup_free(g);
  long ms = (long)((weft_now() - start) / WEFT_MILLISECOND);
  printf("group: first error %d (%s), after %ld ms\n", err,
         err == FETCH_FAILED ? "beta failed" : "unexpected", ms);
  return err == FETCH_FAILED ? 0 : 1;
}
