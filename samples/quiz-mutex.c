/* quiz-mutex: why use a mutex?
 *
 * Quiz, question 3: "Pourquoi utiliser un mutex ?"
 *
 * Answer: to make several steps look like one to every other thread. Each
 * variable here is atomic, so no single read or write is ever torn -- and
 * yet, without the mutex, the program is wrong. A `mover` moves money from
 * account a to account b and back; between its two writes the total is
 * briefly off by one. An `auditor` reads both accounts and checks that the
 * total is 200: without the mutex it catches the moment between the two
 * writes (the count varies from run to run); with the mutex around both the
 * move and the audit, it never does. Atomics protect one variable; a mutex
 * protects an invariant between several (counter-race shows the other
 * reason: a read-modify-write of one variable).
 *
 * In the viewer: in the second half, `mover` and `auditor` take turns on
 * `accounts_mu`; in the first, they never wait for each other. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"

#define ROUNDS 20000

static atomic_long a, b; /* a + b == 200, except in the middle of a move */
static pthread_mutex_t accounts_mu = PTHREAD_MUTEX_INITIALIZER;
static bool use_mutex;
static atomic_bool moving;
static pthread_barrier_t start_line; /* both threads start together */

static void *mover(void *arg) {
  (void)arg;
  sample_name_self("mover");
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ROUNDS; i++) {
    long d = i % 2 ? 1 : -1; /* a to b, then back */
    if (use_mutex)
      pthread_mutex_lock(&accounts_mu);
    atomic_fetch_sub(&a, d);
    if (i % 64 == 0)
      sched_yield(); /* widen the window between the two writes */
    atomic_fetch_add(&b, d);
    if (use_mutex)
      pthread_mutex_unlock(&accounts_mu);
  }
  atomic_store(&moving, false);
  return NULL;
}

typedef struct {
  long audits, wrong;
} Audit;

static void *auditor(void *arg) {
  Audit *au = arg;
  sample_name_self("auditor");
  pthread_barrier_wait(&start_line);
  /* At most ROUNDS audits, while money moves; a yield after each one keeps
   * the two threads at about the same pace. */
  for (int i = 0; i < ROUNDS && atomic_load(&moving); i++) {
    if (use_mutex)
      pthread_mutex_lock(&accounts_mu);
    long total = atomic_load(&a) + atomic_load(&b);
    if (use_mutex)
      pthread_mutex_unlock(&accounts_mu);
    au->audits++;
    if (total != 200)
      au->wrong++;
    sched_yield();
  }
  return NULL;
}

static Audit run(bool with_mutex) {
  use_mutex = with_mutex;
  atomic_store(&a, 100);
  atomic_store(&b, 100);
  atomic_store(&moving, true);
  Audit audit = {0, 0};
  pthread_t m, au;
  sample_check(pthread_create(&m, NULL, mover, NULL), "pthread_create");
  sample_check(pthread_create(&au, NULL, auditor, &audit), "pthread_create");
  pthread_join(m, NULL);
  pthread_join(au, NULL);
  return audit;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  pthread_barrier_init(&start_line, NULL, 2);
  Audit without = run(false);
  printf("without a mutex: the auditor saw a wrong total %ld times in %ld audits\n",
         without.wrong, without.audits);
  Audit with = run(true);
  printf("with a mutex: the auditor saw a wrong total %ld times in %ld audits\n", with.wrong,
         with.audits);
  return with.wrong == 0 ? 0 : 1;
}
