/* test-io-viewer.c: the viewer's model of a recorded trace in which main
 * waits outside pthreads. Usage: test-io-viewer TRACE CALL OBJECT MIN_MS
 * checks that main's lane is in the I/O state for at least MIN_MS, that the
 * state of the world in that time says main waits in CALL on OBJECT, and
 * that the lane is not drawn as running then. Exit 0 when all hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-lanes.h"

static int fail(const char *what) {
  fprintf(stderr, "FAIL: %s\n", what);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5)
    return fail("usage: test-io-viewer TRACE CALL OBJECT MIN_MS");
  WeftTrace *t;
  if (weft_trace_open(argv[1], &t) != WEFT_TRACE_OK)
    return fail("the trace does not open");
  WeftLaneModel *m = weft_lane_model_new(t, NULL, NULL);
  if (!m)
    return fail("no model");
  int k = weft_lane_model_lane_of(m, 1);
  if (k < 0)
    return fail("no lane for main");
  const WeftLane *l = weft_lane_model_lane(m, (size_t)k);
  uint64_t io_ns = 0, mid = 0;
  for (size_t s = 0; s < l->nsegs; s++) {
    if (l->seg_state[s] != WEFT_STATE_IO)
      continue;
    uint64_t a = weft_lane_seg_start(l, s), b = weft_lane_segment_end(l, s);
    if (b - a > io_ns) {
      io_ns = b - a;
      mid = a + (b - a) / 2;
    }
  }
  if (io_ns < strtoull(argv[4], NULL, 10) * 1000000ull) {
    fprintf(stderr, "FAIL: main's longest I/O wait is %llu ns\n", (unsigned long long)io_ns);
    return 1;
  }
  if (weft_lane_dominant(l, (double)mid - 1000, (double)mid + 1000, NULL) != WEFT_STATE_IO)
    return fail("main is not drawn waiting in the middle of its wait");
  if (!(weft_lane_model_states_used(m) & (1u << WEFT_STATE_IO)))
    return fail("the legend would not list the I/O state");
  WeftWorld w;
  weft_lane_model_world(m, weft_lane_model_event_at_time(m, mid) - 1, &w);
  int found = 0;
  for (size_t i = 0; i < w.nwaiting; i++) {
    const WeftWaiting *wt = &w.waiting[i];
    if (wt->tid != 1)
      continue;
    const WeftObject *o = weft_trace_object(t, wt->object);
    if (wt->state != WEFT_STATE_IO || strcmp(weft_io_call_name(wt->io_call), argv[2]) ||
        !o || strcmp(o->name, argv[3])) {
      fprintf(stderr, "FAIL: main waits in state %d, call %s, on %s\n", wt->state,
              weft_io_call_name(wt->io_call), o ? o->name : "nothing");
      return 1;
    }
    found = 1;
  }
  weft_world_clear(&w);
  if (!found)
    return fail("main is not among the waiting threads");
  weft_lane_model_free(m);
  weft_trace_free(t);
  return 0;
}
