/* The channel workloads of bench/chan/run.sh, in C: libweft-chan, and the
 * channel a learner writes first (one mutex, two condvars, a ring buffer).
 * Prints "workload impl ns_per_op cpu_ns_per_op", the best of 3 runs. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "weft-chan.h"

/* ---- the learner's channel --------------------------------------------- */

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t not_empty, not_full;
  long *buf;
  size_t cap, head, len;
} LChan;

static LChan *lchan_new(size_t cap) {
  LChan *c = calloc(1, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->not_empty, NULL);
  pthread_cond_init(&c->not_full, NULL);
  c->cap = cap ? cap : 1; /* the learner's "unbuffered" is a buffer of one */
  c->buf = calloc(c->cap, sizeof *c->buf);
  return c;
}

static void lchan_send(LChan *c, long v) {
  pthread_mutex_lock(&c->mu);
  while (c->len == c->cap)
    pthread_cond_wait(&c->not_full, &c->mu);
  c->buf[(c->head + c->len++) % c->cap] = v;
  pthread_cond_signal(&c->not_empty);
  pthread_mutex_unlock(&c->mu);
}

static long lchan_recv(LChan *c) {
  pthread_mutex_lock(&c->mu);
  while (c->len == 0)
    pthread_cond_wait(&c->not_empty, &c->mu);
  long v = c->buf[c->head];
  c->head = (c->head + 1) % c->cap;
  c->len--;
  pthread_cond_signal(&c->not_full);
  pthread_mutex_unlock(&c->mu);
  return v;
}

static void lchan_free(LChan *c) {
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->not_empty);
  pthread_cond_destroy(&c->not_full);
  free(c->buf);
  free(c);
}

/* ---- one interface for both -------------------------------------------- */

typedef struct {
  bool learner;
  void *a, *b;
  void *sel[4];
  long n;
} Arg;

static void csend(bool learner, void *c, long v) {
  if (learner)
    lchan_send(c, v);
  else
    weft_chan_send(c, &v);
}

static long crecv(bool learner, void *c) {
  if (learner)
    return lchan_recv(c);
  long v = 0;
  weft_chan_recv(c, &v, NULL);
  return v;
}

static void *cmake(bool learner, size_t cap) {
  return learner ? (void *)lchan_new(cap) : (void *)weft_chan_make(sizeof(long), cap);
}

static void cfree(bool learner, void *c) {
  if (learner)
    lchan_free(c);
  else
    weft_chan_free(c);
}

static int64_t cpu_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

/* ---- workloads --------------------------------------------------------- */

static void *pong(void *p) {
  Arg *a = p;
  for (long i = 0; i < a->n; i++)
    csend(a->learner, a->b, crecv(a->learner, a->a));
  return NULL;
}

static void pingpong(bool learner, long n) {
  Arg a = {learner, cmake(learner, 0), cmake(learner, 0), {0}, n};
  pthread_t t;
  pthread_create(&t, NULL, pong, &a);
  for (long i = 0; i < n; i++) {
    csend(learner, a.a, i);
    crecv(learner, a.b);
  }
  pthread_join(t, NULL);
  cfree(learner, a.a);
  cfree(learner, a.b);
}

static void *produce(void *p) {
  Arg *a = p;
  for (long i = 0; i < a->n; i++)
    csend(a->learner, a->a, i);
  return NULL;
}

static void *consume(void *p) {
  Arg *a = p;
  long sum = 0;
  for (long i = 0; i < a->n; i++)
    sum += crecv(a->learner, a->a);
  return (void *)sum;
}

static void buffered(bool learner, long n) {
  Arg a = {learner, cmake(learner, 128), NULL, {0}, n};
  pthread_t t;
  pthread_create(&t, NULL, produce, &a);
  consume(&a);
  pthread_join(t, NULL);
  cfree(learner, a.a);
}

static void mpmc(bool learner, long n) {
  Arg a = {learner, cmake(learner, 128), NULL, {0}, n / 4};
  pthread_t t[8];
  for (int i = 0; i < 4; i++) {
    pthread_create(&t[i], NULL, produce, &a);
    pthread_create(&t[4 + i], NULL, consume, &a);
  }
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  cfree(learner, a.a);
}

/* One producer per channel; the consumer selects over the four. */
static void select4(bool learner, long n) {
  (void)learner;
  Arg a[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    a[i] = (Arg){false, weft_chan_make(sizeof(long), 128), NULL, {0}, n / 4};
    pthread_create(&t[i], NULL, produce, &a[i]);
  }
  long v;
  WeftSelectCase c[4];
  for (int i = 0; i < 4; i++)
    c[i] = WEFT_CASE_RECV((WeftChan *)a[i].a, &v);
  for (long k = 0; k < 4 * (n / 4); k++)
    weft_select(c, 4, WEFT_SELECT_FOREVER);
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    weft_chan_free(a[i].a);
  }
}

static void run(const char *name, void (*fn)(bool, long), bool learner, long n) {
  double best = 1e30, best_cpu = 0;
  for (int r = 0; r < 3; r++) {
    struct timespec t0, t1;
    int64_t c0 = cpu_ns();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fn(learner, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
    if (ns < best) {
      best = ns;
      best_cpu = (double)(cpu_ns() - c0) / n;
    }
  }
  printf("%s %s %.1f %.1f\n", name, learner ? "learner" : "weft", best, best_cpu);
  fflush(stdout);
}

int main(int argc, char **argv) {
  double scale = argc > 1 ? atof(argv[1]) : 1.0;
  const char *only = argc > 2 ? argv[2] : NULL;
  struct {
    const char *name;
    void (*fn)(bool, long);
    long n;
    bool learner;
  } w[] = {
      {"pingpong", pingpong, 200000, true}, {"buffered", buffered, 4000000, true},
      {"mpmc", mpmc, 2000000, true},        {"select4", select4, 2000000, false},
  };
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
    if (only && strcmp(only, w[i].name) != 0)
      continue;
    long n = (long)(w[i].n * scale);
    run(w[i].name, w[i].fn, false, n);
    if (w[i].learner && !getenv("WEFT_BENCH_NO_LEARNER"))
      run(w[i].name, w[i].fn, true, n);
  }
  return 0;
}
