/* weft-cursor.c: a trace's events in time order, one at a time: from the
 * array of a trace read whole, or decoded again from the file for a trace
 * opened with weft_trace_open_streamed(), each thread's stream merged by a
 * loser tree, in memory that does not grow with the trace. */
#include <stdlib.h>

#include "weft-losers-private.h"
#include "weft-reader-private.h"
#include "weft-trace.h"

struct WeftEventCursor {
  const WeftTrace *trace;
  size_t next; /* index of the next event */
  /* streamed */
  WeftDecoder *dec;
  WeftEvent *head; /* each stream's next event */
  WeftLosers losers;
};

/* The decoders of a streamed trace write only their own state on a later
 * pass (WEFT_PASS_AGAIN): the trace is shared, read only. */
static bool stream_next(WeftEventCursor *c, size_t i) {
  WeftLazyEvents *lz = c->trace->lazy;
  bool more = _weft_decoder_next((WeftTrace *)c->trace, &c->dec[i], &lz->scale, &c->head[i],
                                 WEFT_PASS_AGAIN);
  if (more)
    c->head[i].time -= lz->origin;
  return more;
}

WeftEventCursor *weft_event_cursor_new(const WeftTrace *t) {
  WeftEventCursor *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->trace = t;
  WeftLazyEvents *lz = t->lazy;
  if (!lz)
    return c;
  size_t k = lz->nstreams;
  c->dec = calloc(k ? k : 1, sizeof *c->dec);
  c->head = calloc(k ? k : 1, sizeof *c->head);
  uint64_t *heads = calloc(k ? k : 1, sizeof *heads);
  bool *live = calloc(k ? k : 1, sizeof *live);
  if (c->dec && c->head && heads && live) {
    for (size_t i = 0; i < k; i++) {
      const WeftDecoder *first = &lz->streams[i];
      /* the side table is the first pass's, shared: taken, never grown */
      c->dec[i] = (WeftDecoder){.side = first->side, .nside = first->nside};
      _weft_decoder_start(&c->dec[i], first->chunks, first->nchunks, first->thread);
      c->dec[i].side_cap = 0;
      live[i] = stream_next(c, i);
      heads[i] = live[i] ? c->head[i].time : UINT64_MAX;
    }
  }
  if (!c->dec || !c->head || !heads || !live || _weft_losers_build(&c->losers, k, heads, live) < 0) {
    free(heads);
    free(live);
    weft_event_cursor_free(c);
    return NULL;
  }
  free(heads);
  free(live);
  return c;
}

bool weft_event_cursor_next(WeftEventCursor *c, WeftEvent *out) {
  const WeftTrace *t = c->trace;
  if (!t->lazy) {
    if (c->next >= t->nevents)
      return false;
    *out = t->events[c->next++];
    return true;
  }
  if (_weft_losers_done(&c->losers))
    return false;
  size_t w = _weft_losers_top(&c->losers);
  *out = c->head[w];
  bool more = stream_next(c, w);
  _weft_losers_replace(&c->losers,
                       _weft_loser_leaf(&c->losers, w, more, more ? c->head[w].time : 0));
  c->next++;
  return true;
}

size_t weft_event_cursor_position(const WeftEventCursor *c) { return c->next; }

void weft_event_cursor_free(WeftEventCursor *c) {
  if (!c)
    return;
  free(c->dec);
  free(c->head);
  _weft_losers_free(&c->losers);
  free(c);
}

size_t weft_trace_event_count(const WeftTrace *t) {
  return t->lazy ? t->lazy_count : t->nevents;
}

bool weft_trace_streamed(const WeftTrace *t) { return t->lazy != NULL; }
