/* Locals named by their variable and function: gate.cv (run_pool), done_mu
 * (main); at -O2 run_pool is inlined into main. The worker forgets to
 * signal: main waits for ever on gate.cv. Built by test-record.sh with cc. */
#include <pthread.h>
#include <stdio.h>

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int ready;
} Gate;

static void *worker(void *arg) {
  Gate *g = arg;
  pthread_mutex_lock(&g->mu);
  g->ready = 1; /* forgets to signal */
  pthread_mutex_unlock(&g->mu);
  return NULL;
}

static int run_pool(void) {
  Gate gate;
  pthread_mutex_init(&gate.mu, NULL);
  pthread_cond_init(&gate.cv, NULL);
  gate.ready = 0;
  pthread_t t;
  pthread_create(&t, NULL, worker, &gate);
  pthread_join(t, NULL);
  pthread_mutex_lock(&gate.mu);
  while (gate.ready != 2)
    pthread_cond_wait(&gate.cv, &gate.mu);
  pthread_mutex_unlock(&gate.mu);
  return gate.ready;
}

int main(void) {
  pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&done_mu);
  pthread_mutex_unlock(&done_mu);
  printf("%d\n", run_pool());
  return 0;
}
