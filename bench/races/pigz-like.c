/* pigz-like: what pigz does, small. A reader cuts the input into 128 KiB
 * blocks, a pool of workers deflates them with zlib, a writer takes the
 * results back in order: a mutex and two condition variables per queue,
 * the shape of real parallel compression. Prints "blocks compressed-bytes".
 * Usage: pigz-like MEBIBYTES WORKERS */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define BLOCK (128 * 1024)

typedef struct {
  unsigned char in[BLOCK];
  unsigned char out[BLOCK + BLOCK / 8 + 64];
  uLongf out_len;
  int done;
} Job;

static Job *jobs;
static int njobs, next_job;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_done = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mu);
    int j = next_job < njobs ? next_job++ : -1;
    pthread_mutex_unlock(&mu);
    if (j < 0)
      return NULL;
    Job *job = &jobs[j];
    uLongf len = sizeof job->out;
    compress2(job->out, &len, job->in, BLOCK, 6);
    pthread_mutex_lock(&mu);
    job->out_len = len;
    job->done = 1;
    pthread_cond_broadcast(&job_done);
    pthread_mutex_unlock(&mu);
  }
}

int main(int argc, char **argv) {
  int mib = argc > 1 ? atoi(argv[1]) : 32, nworkers = argc > 2 ? atoi(argv[2]) : 4;
  njobs = mib * (1024 * 1024 / BLOCK);
  jobs = calloc((size_t)njobs, sizeof *jobs);
  if (!jobs || nworkers < 1)
    return 1;
  /* text-like input: words from a small vocabulary, compressible as prose is */
  static const char *words[] = {"thread ", "channel ", "mutex ", "select ", "deadlock ",
                                "the ", "a ", "waits ", "for ", "lock\n"};
  unsigned seed = 42;
  for (int j = 0; j < njobs; j++)
    for (size_t k = 0; k < BLOCK;) {
      seed = seed * 1103515245u + 12345u;
      const char *w = words[(seed >> 16) % 10];
      size_t n = strlen(w) < BLOCK - k ? strlen(w) : BLOCK - k;
      memcpy(jobs[j].in + k, w, n);
      k += n;
    }
  pthread_t *t = calloc((size_t)nworkers, sizeof *t);
  for (int i = 0; i < nworkers; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  /* the writer: results in order */
  unsigned long long total = 0;
  for (int j = 0; j < njobs; j++) {
    pthread_mutex_lock(&mu);
    while (!jobs[j].done)
      pthread_cond_wait(&job_done, &mu);
    pthread_mutex_unlock(&mu);
    total += jobs[j].out_len;
  }
  for (int i = 0; i < nworkers; i++)
    pthread_join(t[i], NULL);
  printf("%d %llu\n", njobs, total);
  free(t);
  free(jobs);
  return 0;
}
