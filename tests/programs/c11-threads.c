/* C11 threads (<threads.h>): `c11-threads ok` prints "300 1 6 5"; `c11-threads
 * deadlock` waits for ever on a cnd_t, which weft must see and report. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

static mtx_t mu;
static cnd_t cv;
static int ready, counter, inits;
static once_flag once = ONCE_FLAG_INIT;

static void init_once(void) { inits++; }

static int worker(void *arg) {
  call_once(&once, init_once);
  for (int i = 0; i < 100; i++) {
    mtx_lock(&mu);
    counter++;
    mtx_unlock(&mu);
  }
  mtx_lock(&mu);
  while (!ready)
    cnd_wait(&cv, &mu);
  mtx_unlock(&mu);
  return (int)(intptr_t)arg;
}

static int leave_early(void *arg) {
  (void)arg;
  thrd_exit(5);
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 64;
  mtx_init(&mu, mtx_plain);
  cnd_init(&cv);
  if (!strcmp(argv[1], "deadlock")) { /* nobody ever sets ready */
    thrd_t t;
    thrd_create(&t, worker, NULL);
    thrd_join(t, NULL);
    return 0;
  }
  thrd_t t[3];
  for (int i = 0; i < 3; i++)
    if (thrd_create(&t[i], worker, (void *)(intptr_t)(i + 1)) != thrd_success)
      return 1;
  struct timespec d = {0, 50 * 1000000L};
  thrd_sleep(&d, NULL);
  mtx_lock(&mu);
  ready = 1;
  cnd_broadcast(&cv);
  mtx_unlock(&mu);
  int sum = 0;
  for (int i = 0; i < 3; i++) {
    int r = 0;
    thrd_join(t[i], &r);
    sum += r;
  }
  mtx_t rec; /* recursive, timed and try locks */
  mtx_init(&rec, mtx_recursive | mtx_timed);
  mtx_lock(&rec);
  mtx_lock(&rec);
  struct timespec soon;
  timespec_get(&soon, TIME_UTC);
  soon.tv_sec += 1;
  if (mtx_timedlock(&rec, &soon) != thrd_success || mtx_trylock(&rec) != thrd_success)
    return 1;
  for (int i = 0; i < 4; i++)
    mtx_unlock(&rec);
  mtx_destroy(&rec);
  thrd_t early;
  int code = 0;
  thrd_create(&early, leave_early, NULL);
  thrd_join(early, &code);
  cnd_destroy(&cv);
  mtx_destroy(&mu);
  printf("%d %d %d %d\n", counter, inits, sum, code);
  return 0;
}
