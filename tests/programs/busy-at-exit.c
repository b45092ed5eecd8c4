/* Built without debug information, as a learner's `cc -pthread x.c` is: a
 * worker waits once for a lock main holds, then works on (spins) when main
 * returns. weft must say where in the program it was last seen (its own
 * function, known by its symbol), not the C library's frame below it. */
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static sem_t through;
static volatile int forever = 1;

static void *busy_worker(void *arg) {
  pthread_mutex_lock(&gate); /* main holds it: a wait, with its stack */
  pthread_mutex_unlock(&gate);
  sem_post(&through);
  while (forever) /* the work main does not wait for */
    ;
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&through, 0, 0);
  pthread_mutex_lock(&gate);
  pthread_create(&t, NULL, busy_worker, NULL);
  usleep(100000); /* the worker waits for the gate */
  pthread_mutex_unlock(&gate);
  sem_wait(&through);
  usleep(20000);
  return 0;
}
