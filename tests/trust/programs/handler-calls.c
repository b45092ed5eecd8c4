/* `handler-calls SIGNAL MS [CALLS]`: worker threads lock and unlock one
 * mutex (so their hooks wait, with stacks) while another thread sends them
 * SIGNAL (alrm or usr1) as fast as it can for MS milliseconds. The handler
 * posts a semaphore and takes it back with a try, CALLS times (1 unless
 * said): traced calls made wherever the signal lands, also inside the
 * tracer's own work, and many of them while it waits there. Prints how many
 * times the handler posted, which the trace's count of each call must equal. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WORKERS 3

static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static sem_t handler_sem;
static atomic_long handler_posts;
static long calls_per_run = 1;
static atomic_int stop;
static long counter;

static void on_signal(int sig) {
  (void)sig;
  for (long i = 0; i < calls_per_run; i++) {
    sem_post(&handler_sem);
    sem_trywait(&handler_sem);
  }
  atomic_fetch_add(&handler_posts, calls_per_run);
}

static void *work(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    pthread_mutex_lock(&shared_mu);
    counter++;
    pthread_mutex_unlock(&shared_mu);
  }
  return NULL;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4 || (strcmp(argv[1], "alrm") && strcmp(argv[1], "usr1"))) {
    fprintf(stderr, "usage: handler-calls alrm|usr1 MS [CALLS]\n");
    return 2;
  }
  int sig = strcmp(argv[1], "alrm") ? SIGUSR1 : SIGALRM;
  double ms = atof(argv[2]);
  if (argc == 4)
    calls_per_run = atol(argv[3]);
  sem_init(&handler_sem, 0, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
  pthread_t t[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&t[i], NULL, work, NULL);
  long sent = 0;
  for (double end = now_ms() + ms; now_ms() < end; sent++)
    pthread_kill(t[sent % WORKERS], sig);
  atomic_store(&stop, 1);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(t[i], NULL);
  printf("handler posted %ld times\n", atomic_load(&handler_posts));
  return 0;
}
