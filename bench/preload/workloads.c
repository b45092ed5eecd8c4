/* Workloads for the tracer's cost: each prints "<calls> <ns>" for the timed
 * part only. Usage: workloads uncontended|contended|condvar|create N */
#include <pthread.h>
#include <x86intrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long n;
static long turn;

static long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *locker(void *arg) {
  (void)arg;
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

/* About 100 ns of work the compiler cannot drop. */
static volatile unsigned sink;
static void work(void) {
  unsigned x = sink;
  for (int i = 0; i < 40; i++)
    x = x * 1664525u + 1013904223u;
  sink = x;
}

/* Contention with real work inside and outside the critical section. */
static void *worker(void *arg) {
  (void)arg;
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&mu);
    work();
    pthread_mutex_unlock(&mu);
    work();
  }
  return NULL;
}

static void *pinger(void *arg) {
  long me = (long)arg;
  pthread_mutex_lock(&mu);
  for (long i = 0; i < n; i++) {
    while (turn % 2 != me)
      pthread_cond_wait(&cv, &mu);
    turn++;
    pthread_cond_signal(&cv);
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *nothing(void *arg) { return arg; }

int main(int argc, char **argv) {
  if (argc != 3)
    return 64;
  n = atol(argv[2]);
  long calls = 0, t0 = now_ns();
  if (!strcmp(argv[1], "uncontended")) {
    locker(NULL);
    calls = 2 * n;
  } else if (!strcmp(argv[1], "contended")) {
    pthread_t a, b;
    pthread_create(&a, NULL, locker, NULL);
    pthread_create(&b, NULL, locker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    calls = 4 * n;
  } else if (!strcmp(argv[1], "contended-work")) {
    pthread_t a, b;
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    calls = 4 * n;
  } else if (!strcmp(argv[1], "condvar")) {
    pthread_t a, b;
    pthread_create(&a, NULL, pinger, (void *)0L);
    pthread_create(&b, NULL, pinger, (void *)1L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    calls = 2 * n * 2; /* a signal and a wait per turn, each side */
  } else if (!strcmp(argv[1], "tsc")) {
    /* The floor: what one timestamp costs, as the tracer reads it. */
    unsigned long long sum = 0;
    for (long i = 0; i < n; i++)
      sum += __rdtsc();
    if (sum == 42)
      printf("-");
    calls = n;
  } else if (!strcmp(argv[1], "create")) {
    for (long i = 0; i < n; i++) {
      pthread_t t;
      pthread_create(&t, NULL, nothing, NULL);
      pthread_join(t, NULL);
    }
    calls = 2 * n;
  } else {
    return 64;
  }
  printf("%ld %ld\n", calls, now_ns() - t0);
  return 0;
}
