/* One thread blocks for ever on a condition variable, then main ends the
 * process the way argv[1] says: return, exit, _exit, abort, segv, kill,
 * or spin (until killed from outside; prints "spinning" first). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile int started;

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  started = 1;
  for (;;)
    pthread_cond_wait(&never, &mu);
  return NULL;
}

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "return";
  pthread_t t;
  pthread_create(&t, NULL, waiter, NULL);
  while (!started)
    usleep(1000);
  pthread_mutex_lock(&mu); /* the waiter is inside pthread_cond_wait */
  pthread_mutex_unlock(&mu);
  if (!strcmp(how, "exit"))
    exit(0);
  if (!strcmp(how, "_exit"))
    _exit(0);
  if (!strcmp(how, "abort"))
    abort();
  if (!strcmp(how, "segv"))
    raise(SIGSEGV);
  if (!strcmp(how, "kill"))
    raise(SIGKILL);
  if (!strcmp(how, "spin")) {
    printf("spinning\n");
    fflush(stdout);
    for (;;) {
      pthread_mutex_lock(&mu);
      pthread_mutex_unlock(&mu);
      usleep(100);
    }
  }
  return 0;
}
