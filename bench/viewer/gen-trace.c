/* gen-trace.c: writes a synthetic trace for the viewer benchmark: N events
 * over L lanes of worker threads that lock shared mutexes (some contended),
 * pass messages on channels to their neighbour, wait on a condvar, sleep and
 * mark regions. Deterministic for given arguments.
 *
 *   weft-bench-gen -n 10000000 -l 64 -o big.weft */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-writer.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

static WeftWriter *w;
static uint64_t written;

static void ev(uint32_t tid, uint64_t t, unsigned type, uint64_t object, uint64_t flags,
               uint64_t arg) {
  uint64_t a[] = {object, flags, arg};
  unsigned n = arg ? 3 : flags ? 2 : object ? 1 : 0;
  weft_writer_event(w, tid, t, type, n, a, NULL, 0);
  written++;
}

typedef struct {
  uint64_t clock;
  uint64_t pending_msg, pending_time; /* a message on its way to this lane */
} Lane;

int main(int argc, char **argv) {
  uint64_t target = 1000000;
  unsigned lanes = 64;
  const char *out = NULL;
  int c;
  while ((c = getopt(argc, argv, "n:l:o:")) != -1) {
    switch (c) {
    case 'n': target = strtoull(optarg, NULL, 10); break;
    case 'l': lanes = (unsigned)atoi(optarg); break;
    case 'o': out = optarg; break;
    default:
      fprintf(stderr, "usage: weft-bench-gen [-n EVENTS] [-l LANES] -o FILE\n");
      return 64;
    }
  }
  if (!out || lanes < 2 || lanes > 4096) {
    fprintf(stderr, "usage: weft-bench-gen [-n EVENTS] [-l LANES] -o FILE\n");
    return 64;
  }
  w = weft_writer_create(out, 0, 4242);
  if (!w) {
    perror(out);
    return 73;
  }
  uint64_t proc[] = {4242, 1, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "bench", 5);
  const unsigned nmutex = 16, nchan = lanes;
  for (uint64_t i = 1; i <= nmutex; i++) {
    char name[32];
    int len = snprintf(name, sizeof name, "mu_%llu", (unsigned long long)i);
    uint64_t a[] = {i, WEFT_OBJ_MUTEX, 0x1000 + i * 64, 0, 0, 0};
    weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, a, name, (size_t)len);
  }
  for (uint64_t i = 0; i < nchan; i++) {
    char name[32];
    int len = snprintf(name, sizeof name, "ch_%llu", (unsigned long long)i);
    uint64_t a[] = {100 + i, WEFT_OBJ_CHANNEL, 0x9000 + i * 64, 0, 8, 0};
    weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, a, name, (size_t)len);
  }
  uint64_t cv[] = {99, WEFT_OBJ_CONDVAR, 0x8000, 0, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, cv, "work_cv", 7);

  Lane *L = calloc(lanes + 1, sizeof *L);
  /* main creates the workers */
  ev(1, 0, WEFT_EV_THREAD_START, 0, 0, 0);
  for (uint32_t t = 2; t <= lanes; t++) {
    uint64_t th[] = {t, 1, 1000 + t, 0, 0, 0};
    weft_writer_meta(w, t, WEFT_META_THREAD, 6, th, NULL, 0);
    ev(1, t * 1000, WEFT_EV_THREAD_CREATE, 0, 0, t);
    L[t].clock = t * 1000 + 500;
    ev(t, L[t].clock, WEFT_EV_THREAD_START, 0, 0, 1);
    char name[32];
    int len = snprintf(name, sizeof name, "worker-%u", t - 1);
    uint64_t a[] = {0, 0, t};
    weft_writer_event(w, t, L[t].clock + 10, WEFT_EV_THREAD_NAME, 3, a, name, (size_t)len);
    written++;
  }
  L[1].clock = lanes * 1000 + 1000;
  ev(1, L[1].clock, WEFT_EV_JOIN_BEGIN, 0, 0, 2);
  uint64_t msg = 1;
  uint64_t per_lane_stop = target > 2 * lanes ? target - 2 * lanes : target;
  while (written < per_lane_stop) {
    for (uint32_t t = 2; t <= lanes && written < per_lane_stop; t++) {
      Lane *l = &L[t];
      l->clock += 200 + rnd(2000);
      if (l->pending_msg) { /* receive what the neighbour sent */
        uint64_t ch = 100 + (t - 2);
        if (l->pending_time + 100 > l->clock) {
          ev(t, l->clock, WEFT_EV_CHAN_RECV_WAIT, ch, 0, 0);
          l->clock = l->pending_time + 100;
          ev(t, l->clock, WEFT_EV_CHAN_RECV, ch, WEFT_F_WAITED | WEFT_CHAN_OK, l->pending_msg);
        } else {
          ev(t, l->clock, WEFT_EV_CHAN_RECV, ch, WEFT_CHAN_OK, l->pending_msg);
        }
        l->pending_msg = 0;
        continue;
      }
      uint32_t r = rnd(100);
      if (r < 50) {
        uint64_t mu = 1 + rnd(nmutex);
        if (rnd(10) == 0) {
          ev(t, l->clock, WEFT_EV_LOCK_WAIT, mu, WEFT_F_WRITE, 0);
          l->clock += 500 + rnd(20000);
          ev(t, l->clock, WEFT_EV_LOCK_ACQUIRE, mu, WEFT_F_WRITE | WEFT_F_WAITED, 0);
        } else {
          ev(t, l->clock, WEFT_EV_LOCK_ACQUIRE, mu, WEFT_F_WRITE, 0);
        }
        l->clock += 100 + rnd(3000);
        ev(t, l->clock, WEFT_EV_LOCK_RELEASE, mu, 0, 0);
      } else if (r < 70) {
        uint32_t to = t == lanes ? 2 : t + 1;
        if (!L[to].pending_msg) {
          L[to].pending_msg = msg;
          L[to].pending_time = l->clock;
          ev(t, l->clock, WEFT_EV_CHAN_SEND, 100 + (to - 2), 0, msg++);
        }
      } else if (r < 80) {
        ev(t, l->clock, WEFT_EV_SLEEP_BEGIN, 0, 0, 10000);
        l->clock += 10000 + rnd(1000);
        ev(t, l->clock, WEFT_EV_SLEEP_END, 0, WEFT_F_WAITED, 0);
      } else if (r < 85) {
        ev(t, l->clock, WEFT_EV_COND_WAIT, 99, 0, 0);
        l->clock += 2000 + rnd(30000);
        ev(t, l->clock, WEFT_EV_COND_WAKE, 99, WEFT_F_WAITED, 0);
      } else {
        ev(t, l->clock, WEFT_EV_REGION_BEGIN, 0, 0, 0);
        l->clock += 1000 + rnd(5000);
        ev(t, l->clock, WEFT_EV_REGION_END, 0, 0, 0);
      }
    }
  }
  uint64_t end = 0;
  for (uint32_t t = 2; t <= lanes; t++) {
    L[t].clock += 1000;
    ev(t, L[t].clock, WEFT_EV_THREAD_END, 0, 0, 0);
    if (L[t].clock > end)
      end = L[t].clock;
  }
  ev(1, L[2].clock + 500, WEFT_EV_JOIN_END, 0, WEFT_F_WAITED, 2);
  ev(1, end + 1000, WEFT_EV_THREAD_END, 0, 0, 0);
  uint64_t st[] = {0};
  weft_writer_meta(w, 0, WEFT_META_END, 1, st, NULL, 0);
  if (weft_writer_close(w) < 0) {
    perror(out);
    return 74;
  }
  free(L);
  fprintf(stderr, "%s: %llu events, %u lanes\n", out, (unsigned long long)written, lanes);
  return 0;
}
