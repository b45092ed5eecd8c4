/* bank: a queue simulation -- customers arrive, wait for a free teller, are
 * served, leave; statistics at the end.
 *
 * Course mini-project: "Simulation de files d'attente (banque,
 * supermarché) : chaque client/goroutine, gestion des ressources partagées."
 *
 *     bank [--customers N] [--tellers K] [--seed S] [--semaphore]
 *
 * Every customer is a thread (`customer-N`), started by main at random
 * intervals. The tellers are the shared resource, in one of two forms:
 *   - a channel of free tellers (the default): a buffered channel holding
 *     the numbers of the idle tellers. A customer receives one (waiting if
 *     none is free), is served, and sends the number back -- Go's idiom, and
 *     we learn which teller served whom;
 *   - a counting semaphore (--semaphore): sem_wait takes a free teller,
 *     sem_post gives it back; only the count is known.
 * Arrival gaps and service times come from a seeded generator, so a seed
 * gives the same customers every run; the waits depend on the scheduler,
 * a little. The statistics (guarded by `stats_mu`) are printed at the end:
 * mean and longest wait, customers per teller.
 *
 * In the viewer: customer lanes appear one by one; with more customers than
 * tellers, new lanes start "blocked receiving on `free-tellers`" (or on the
 * semaphore) until someone leaves; the channel's occupancy drops to 0 at the
 * rush. */
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample-util.h"
#include "weft-annotate.h"
#include "weft-chan.h"

#define MAX_TELLERS 16

typedef struct {
  int id;
  int64_t service_ns;
  int64_t arrived; /* weft_now() at arrival */
} Customer;

static bool use_semaphore;
static WeftChan *free_tellers; /* the numbers of the idle tellers */
static sem_t tellers_sem;

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t total_wait, max_wait; /* guarded by stats_mu */
static int served_by[MAX_TELLERS + 1];
static int served;

/* xorshift64*: a small generator whose sequence depends only on its seed. */
static uint64_t rng_state;
static uint64_t rng_next(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}
/* A duration between lo and hi milliseconds. */
static int64_t rng_ms(int lo, int hi) {
  return (lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1))) * WEFT_MILLISECOND;
}

static void *customer(void *p) {
  Customer *c = p;
  int teller = 0;
  if (use_semaphore)
    sem_wait(&tellers_sem); /* take any free teller */
  else
    weft_chan_recv(free_tellers, &teller, NULL); /* take a free teller's number */
  int64_t waited = weft_now() - c->arrived;

  WEFT_REGION_BEGIN("served");
  weft_sleep(c->service_ns);
  WEFT_REGION_END("served");

  if (use_semaphore)
    sem_post(&tellers_sem);
  else
    weft_chan_send(free_tellers, &teller); /* never blocks: there is room for every teller */

  pthread_mutex_lock(&stats_mu);
  total_wait += waited;
  if (waited > max_wait)
    max_wait = waited;
  served_by[teller]++;
  served++;
  pthread_mutex_unlock(&stats_mu);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  int ncustomers = 20, ntellers = 3;
  uint64_t seed = 42;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--customers") == 0 && i + 1 < argc)
      ncustomers = (int)sample_parse_long(argv[++i], "--customers");
    else if (strcmp(argv[i], "--tellers") == 0 && i + 1 < argc)
      ntellers = (int)sample_parse_long(argv[++i], "--tellers");
    else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
      seed = (uint64_t)sample_parse_long(argv[++i], "--seed");
    else if (strcmp(argv[i], "--semaphore") == 0)
      use_semaphore = true;
    else {
      fprintf(stderr, "usage: bank [--customers N] [--tellers K] [--seed S] [--semaphore]\n");
      return 2;
    }
  }
  if (ntellers < 1 || ntellers > MAX_TELLERS || ncustomers < 1 || ncustomers > 1000) {
    fprintf(stderr, "bank: 1 to %d tellers, 1 to 1000 customers\n", MAX_TELLERS);
    return 2;
  }
  rng_state = seed * 0x9E3779B97F4A7C15ULL + 1; /* never 0 */

  if (use_semaphore) {
    sem_init(&tellers_sem, 0, (unsigned)ntellers);
  } else {
    /* One slot per teller, all free at opening time. */
    free_tellers = weft_chan_make_named(sizeof(int), (size_t)ntellers, "free-tellers");
    for (int t = 1; t <= ntellers; t++)
      weft_chan_send(free_tellers, &t);
  }

  Customer *customers = calloc((size_t)ncustomers, sizeof *customers);
  pthread_t *threads = calloc((size_t)ncustomers, sizeof *threads);
  if (!customers || !threads)
    return 1;
  int64_t service_total = 0;
  for (int i = 0; i < ncustomers; i++) {
    weft_sleep(rng_ms(0, 4)); /* the next customer comes in 0 to 4 ms */
    customers[i] = (Customer){i + 1, rng_ms(5, 15), weft_now()};
    service_total += customers[i].service_ns;
    char name[32];
    snprintf(name, sizeof name, "customer-%d", i + 1);
    weft_go_named(name, customer, &customers[i], &threads[i]);
  }
  for (int i = 0; i < ncustomers; i++)
    pthread_join(threads[i], NULL);

  printf("%d customers, %d tellers (%s), seed %llu\n", served, ntellers,
         use_semaphore ? "a semaphore" : "a channel of free tellers", (unsigned long long)seed);
  printf("service time: %.1f ms on average\n",
         (double)service_total / ncustomers / WEFT_MILLISECOND);
  printf("waiting time: %.1f ms on average, %.1f ms at most\n",
         (double)total_wait / served / WEFT_MILLISECOND, (double)max_wait / WEFT_MILLISECOND);
  if (!use_semaphore)
    for (int t = 1; t <= ntellers; t++)
      printf("teller %d served %d customers\n", t, served_by[t]);
  if (use_semaphore)
    sem_destroy(&tellers_sem);
  else
    weft_chan_free(free_tellers);
  free(customers);
  free(threads);
  return served == ncustomers ? 0 : 1;
}
