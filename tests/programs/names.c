/* Objects named as in the source: a global array's member, a nested
 * member, heap objects by their init site; two transfer threads deadlock on
 * accounts[1].mu and accounts[2].mu. Built by test-record.sh outside the
 * tree with cc at -O0 and -O2 -g, as a student would. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
  int balance;
  pthread_mutex_t mu;
} Account;

Account accounts[4];

typedef struct {
  pthread_t thread;
  pthread_cond_t done;
  int id;
} Worker;

struct {
  pthread_mutex_t mu;
  Worker workers[3];
} pool;

typedef struct {
  pthread_mutex_t not_empty_mu;
  pthread_cond_t not_empty;
} Queue;

Queue *queue_new(void) {
  Queue *q = malloc(sizeof *q);
  pthread_mutex_init(&q->not_empty_mu, NULL);
  pthread_cond_init(&q->not_empty, NULL);
  return q;
}

static void *transfer(void *arg) {
  int from = *(int *)arg, to = from == 1 ? 2 : 1;
  pthread_mutex_lock(&accounts[from].mu);
  usleep(100000);
  pthread_mutex_lock(&accounts[to].mu);
  accounts[to].balance += 10;
  pthread_mutex_unlock(&accounts[to].mu);
  pthread_mutex_unlock(&accounts[from].mu);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 4; i++)
    pthread_mutex_init(&accounts[i].mu, NULL);
  pthread_mutex_init(&pool.mu, NULL);
  pthread_cond_init(&pool.workers[2].done, NULL);
  Queue *q = queue_new();
  pthread_mutex_lock(&q->not_empty_mu);
  pthread_mutex_unlock(&q->not_empty_mu);
  pthread_mutex_lock(&pool.mu);
  pthread_cond_signal(&pool.workers[2].done);
  pthread_mutex_unlock(&pool.mu);
  int a = 1, b = 2;
  pthread_t t1, t2;
  pthread_create(&t1, NULL, transfer, &a);
  pthread_create(&t2, NULL, transfer, &b);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
