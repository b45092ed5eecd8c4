/* Calls each intercepted function a known number of times; the test checks
 * `calls` in `weft report --json` against these numbers. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t start_line;
static pthread_spinlock_t spin;
static sem_t slots;
static int ready;

static void *waiter(void *arg) {
  (void)arg;
  /* The mutex is held across the barrier, so main can take it only once
   * this thread is inside pthread_cond_wait: exactly one wait, every run. */
  pthread_mutex_lock(&table_mu);
  pthread_barrier_wait(&start_line);
  while (!ready)
    pthread_cond_wait(&ready_cv, &table_mu);
  pthread_mutex_unlock(&table_mu);
  sem_wait(&slots);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&start_line, NULL, 2);
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  sem_init(&slots, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, waiter, NULL);
  pthread_setname_np(t, "waiter");
  pthread_barrier_wait(&start_line);

  pthread_mutex_lock(&table_mu);
  ready = 1;
  pthread_cond_signal(&ready_cv);
  pthread_mutex_unlock(&table_mu);
  sem_post(&slots);
  pthread_join(t, NULL);

  pthread_rwlock_rdlock(&config_lock);
  pthread_rwlock_unlock(&config_lock);
  pthread_rwlock_wrlock(&config_lock);
  if (pthread_rwlock_tryrdlock(&config_lock) != EBUSY) /* fails: held for writing */
    return 2;
  pthread_rwlock_unlock(&config_lock);
  pthread_spin_lock(&spin);
  pthread_spin_unlock(&spin);
  if (pthread_mutex_trylock(&table_mu) != 0)
    return 3;
  pthread_mutex_unlock(&table_mu);
  struct timespec later;
  clock_gettime(CLOCK_REALTIME, &later);
  later.tv_nsec += 1000000;
  if (later.tv_nsec >= 1000000000) {
    later.tv_sec++;
    later.tv_nsec -= 1000000000;
  }
  if (sem_timedwait(&slots, &later) != -1 || errno != ETIMEDOUT) /* nobody posts */
    return 4;
  usleep(1000);
  struct timespec ms = {0, 1000000};
  nanosleep(&ms, NULL);
  pthread_cond_broadcast(&ready_cv);
  pthread_barrier_destroy(&start_line);
  pthread_spin_destroy(&spin);
  sem_destroy(&slots);
  printf("ok\n");
  return 0;
}
