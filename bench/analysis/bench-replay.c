/* bench-replay: the state of the world at a playhead, as the viewer asks for
 * it, against replaying the trace from its start each time (the baseline,
 * measured in the same run): a step forward, a random jump.
 * Usage: weft-bench-replay TRACE (make one with weft-bench-gen). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "weft-replay-cache.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  WeftTrace *t;
  if (argc != 2 || weft_trace_open(argv[1], &t) != WEFT_TRACE_OK) {
    fprintf(stderr, "usage: weft-bench-replay TRACE\n");
    return 2;
  }
  size_t n;
  weft_trace_events(t, &n);
  if (n < 4000)
    return 2;
  enum { STEPS = 1000, JUMPS = 20 };
  /* baseline: a fresh replay from the first event, at a few points */
  double t0 = now();
  for (int i = 0; i < 4; i++)
    weft_replay_free(weft_replay_at(t, n / 2 + (size_t)i));
  double fresh = (now() - t0) / 4;
  WeftReplayCache *c = weft_replay_cache_new(t);
  t0 = now();
  weft_replay_cache_at(c, n - 1);
  double first = now() - t0;
  t0 = now();
  for (size_t i = 0; i < STEPS; i++)
    weft_replay_cache_at(c, n / 2 + i);
  double step = (now() - t0) / STEPS;
  t0 = now();
  unsigned seed = 1;
  for (int i = 0; i < JUMPS; i++) {
    seed = seed * 1103515245u + 12345u;
    weft_replay_cache_at(c, (size_t)seed % n);
  }
  double jump = (now() - t0) / JUMPS;
  printf("%zu events\n", n);
  printf("replay from the start (baseline) %9.3f ms\n", fresh * 1e3);
  printf("first visit to the end           %9.3f ms (%.2fx the baseline)\n", first * 1e3,
         first / fresh);
  printf("a step forward                   %9.4f ms (1/%.0f of the baseline)\n", step * 1e3,
         fresh / step);
  printf("a random jump                    %9.3f ms (1/%.0f of the baseline)\n", jump * 1e3,
         fresh / jump);
  weft_replay_cache_free(c);
  weft_trace_free(t);
  return 0;
}
