/* The preload's hard paths, `hook-stress CASE`:
 *   cancel N     N threads cancelled in a condvar wait, their cleanup handler
 *                unlocking; prints "ok" and the growth of the address space in KiB
 *   exit-in-handler   threads lock and unlock until a SIGALRM handler calls
 *                exit(3), landing anywhere, also inside the tracer's flushes
 *   dlopen-loop  loads and unloads a library until a signal ends it */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int started;

static long vm_size_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmSize:", 7))
      kb = atol(line + 7);
  if (f)
    fclose(f);
  return kb;
}

static void unlock_mu(void *arg) { pthread_mutex_unlock(arg); }

static void *wait_to_be_cancelled(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  pthread_cleanup_push(unlock_mu, &mu);
  started = 1;
  for (;;)
    pthread_cond_wait(&cv, &mu);
  pthread_cleanup_pop(1);
  return NULL;
}

static int cancel_many(int n) {
  long before = 0;
  for (int i = 0; i < n; i++) {
    if (i == 10)
      before = vm_size_kb(); /* after the first few: glibc's stack cache is warm */
    pthread_t t;
    started = 0;
    pthread_create(&t, NULL, wait_to_be_cancelled, NULL);
    for (;;) { /* mu is free again once the thread waits */
      pthread_mutex_lock(&mu);
      int waiting = started;
      pthread_mutex_unlock(&mu);
      if (waiting)
        break;
      usleep(100);
    }
    pthread_cancel(t);
    void *ret;
    if (pthread_join(t, &ret) != 0 || ret != PTHREAD_CANCELED)
      return 1;
  }
  printf("ok %ld\n", vm_size_kb() - before);
  return 0;
}

static void exit_now(int sig) {
  (void)sig;
  exit(3);
}

static void *lock_forever(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mu);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 64;
  if (!strcmp(argv[1], "cancel"))
    return cancel_many(argc > 2 ? atoi(argv[2]) : 100);
  if (!strcmp(argv[1], "exit-in-handler")) {
    signal(SIGALRM, exit_now);
    srand((unsigned)getpid());
    struct itimerval it = {{0, 0}, {0, 20000 + rand() % 80000}};
    setitimer(ITIMER_REAL, &it, NULL);
    pthread_t t;
    pthread_create(&t, NULL, lock_forever, NULL);
    lock_forever(NULL);
  }
  if (!strcmp(argv[1], "dlopen-loop")) {
    printf("looping\n");
    fflush(stdout);
    for (;;) {
      void *h = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
      void *z = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
      if (z)
        dlclose(z);
      if (h)
        dlclose(h);
    }
  }
  return 64;
}
