/* check-arrows FILE...: every channel message's arrow runs forward in time
 * (its send no later than the receive that got it). Prints each backward
 * arrow, and exits 1 if there is one or a trace does not open. */
#include <stdio.h>
#include <stdlib.h>

#include "weft-trace.h"

typedef struct {
  uint64_t id, time;
  uint32_t chan;
} Send;

static int send_cmp(const void *a, const void *b) {
  const Send *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int check(const char *path) {
  WeftTrace *t;
  if (weft_trace_open(path, &t) != WEFT_TRACE_OK) {
    fprintf(stderr, "%s: does not open\n", path);
    return 1;
  }
  size_t n, nsend = 0, arrows = 0;
  const WeftEvent *ev = weft_trace_events(t, &n);
  Send *sends = malloc((n ? n : 1) * sizeof *sends);
  for (size_t i = 0; sends && i < n; i++)
    if (ev[i].type == WEFT_EV_CHAN_SEND && ev[i].arg)
      sends[nsend++] = (Send){ev[i].arg, ev[i].time, ev[i].object};
  qsort(sends, nsend, sizeof *sends, send_cmp);
  int bad = sends ? 0 : 1;
  for (size_t i = 0; sends && i < n; i++) {
    if (ev[i].type != WEFT_EV_CHAN_RECV || !ev[i].arg)
      continue;
    Send key = {ev[i].arg, 0, 0};
    const Send *s = bsearch(&key, sends, nsend, sizeof *sends, send_cmp);
    if (!s || s->chan != ev[i].object)
      continue;
    arrows++;
    if (s->time > ev[i].time) {
      fprintf(stderr, "%s: message %llu sent at %llu ns, received at %llu ns\n", path,
              (unsigned long long)s->id, (unsigned long long)s->time,
              (unsigned long long)ev[i].time);
      bad = 1;
    }
  }
  printf("%s: %zu arrows\n", path, arrows);
  free(sends);
  weft_trace_free(t);
  return bad;
}

int main(int argc, char **argv) {
  int bad = 0;
  for (int i = 1; i < argc; i++)
    bad |= check(argv[i]);
  return bad;
}
