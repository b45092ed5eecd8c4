/* The course's wrong-answer bugs, each every run: `course-bugs CASE`. */
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-chan.h"

static sem_t started;

static void *hello(void *arg) {
  int id = *(int *)arg;
  sem_post(&started);
  usleep(300000); /* the work main does not wait for */
  printf("hello %d\n", id);
  return NULL;
}

/* main starts 3 workers and returns (or exits) without joining them. */
static int early(bool call_exit) {
  static int ids[3] = {1, 2, 3};
  pthread_t t[3];
  sem_init(&started, 0, 0);
  for (int k = 0; k < 3; k++)
    pthread_create(&t[k], NULL, hello, &ids[k]);
  for (int k = 0; k < 3; k++)
    sem_wait(&started);
  usleep(50000); /* the workers are in their own work now */
  printf("main done\n");
  if (call_exit)
    exit(0);
  return 0;
}

static void *greet(void *arg) {
  int id = *(int *)arg;
  printf("greet %d\n", id >= 0 ? 1 : 0);
  return NULL;
}

/* Every thread gets &i, or (fixed) its own element. */
static int amp_i(bool fixed) {
  pthread_t t[4];
  int ids[4];
  for (int i = 0; i < 4; i++) {
    ids[i] = i;
    pthread_create(&t[i], NULL, greet, fixed ? &ids[i] : &i);
  }
  for (int k = 0; k < 4; k++)
    pthread_join(t[k], NULL);
  return 0;
}

static WeftWaitGroup wg = WEFT_WAITGROUP_INIT;

static void *counted_worker(void *arg) {
  (void)arg;
  weft_wg_add(&wg, 1); /* the bug: the worker counts itself in */
  usleep(20000);
  weft_wg_done(&wg);
  return NULL;
}

static void *plain_worker(void *arg) {
  (void)arg;
  usleep(20000);
  weft_wg_done(&wg);
  return NULL;
}

/* Go vet's rule: Add before starting the worker, in the thread that waits. */
static int wg_add(bool fixed) {
  pthread_t t[3];
  for (int k = 0; k < 3; k++) {
    if (fixed)
      weft_wg_add(&wg, 1);
    pthread_create(&t[k], NULL, fixed ? plain_worker : counted_worker, NULL);
  }
  weft_wg_wait(&wg);
  printf("waited\n");
  for (int k = 0; k < 3; k++)
    pthread_join(t[k], NULL);
  return 0;
}

int main(int argc, char **argv) {
  const char *c = argc > 1 ? argv[1] : "";
  if (!strcmp(c, "early-return"))
    return early(false);
  if (!strcmp(c, "early-exit"))
    return early(true);
  if (!strcmp(c, "amp-i"))
    return amp_i(false);
  if (!strcmp(c, "amp-i-fixed"))
    return amp_i(true);
  if (!strcmp(c, "wg-add-in-worker"))
    return wg_add(false);
  if (!strcmp(c, "wg-add-fixed"))
    return wg_add(true);
  fprintf(stderr, "usage: course-bugs early-return|early-exit|amp-i|amp-i-fixed|wg-add-in-worker|wg-add-fixed\n");
  return 2;
}
