/* sample-util.c: the watchdog and small helpers shared by the samples. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_setname_np, when built by hand with plain cc */
#endif
#include "sample-util.h"

#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static long watchdog_ms;
static sem_t watchdog_wake;

/* SIGALRM: only wakes the watchdog thread (sem_post is async-signal-safe);
 * the exit happens there, in an ordinary thread. */
static void on_alarm(int sig) {
  (void)sig;
  sem_post(&watchdog_wake);
}

static void *watchdog(void *arg) {
  (void)arg;
  sample_name_self("watchdog");
  while (sem_wait(&watchdog_wake) != 0 && errno == EINTR) {
  }
  fprintf(stderr, "watchdog: still running after %ld ms, stopping the program (exit %d)\n",
          watchdog_ms, SAMPLE_EXIT_WATCHDOG);
  /* exit, not _exit: stdio is flushed and the tracer writes its last chunk. */
  exit(SAMPLE_EXIT_WATCHDOG);
}

void sample_watchdog_start(int *argc, char **argv) {
  const char *env = getenv("WEFT_SAMPLE_TIMEOUT_MS");
  if (env && *env)
    watchdog_ms = sample_parse_long(env, "WEFT_SAMPLE_TIMEOUT_MS");
  int out = 1;
  for (int i = 1; i < *argc; i++) {
    if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < *argc) {
      watchdog_ms = sample_parse_long(argv[++i], "--timeout-ms");
    } else if (strncmp(argv[i], "--timeout-ms=", 13) == 0) {
      watchdog_ms = sample_parse_long(argv[i] + 13, "--timeout-ms");
    } else {
      argv[out++] = argv[i];
    }
  }
  argv[out] = NULL;
  *argc = out;
  /* Under weft with its deadlock detection on, weft is the safety net: a
   * thread that a signal handler can wake is a waker weft cannot rule out,
   * so the watchdog would turn every "all threads are asleep" into a mere
   * suspicion. weft ends a stuck program itself (--timeout, Ctrl-C). */
  const char *traced = getenv("WEFT_OUTPUT"), *detect = getenv("WEFT_DEADLOCK_MS");
  if (traced && *traced && !(detect && strcmp(detect, "0") == 0))
    watchdog_ms = 0;
  if (watchdog_ms > 0) {
    sem_init(&watchdog_wake, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pthread_t t;
    sample_check(pthread_create(&t, NULL, watchdog, NULL), "watchdog");
    pthread_detach(t);
    struct itimerval when = {{0, 0}, {watchdog_ms / 1000, (watchdog_ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &when, NULL);
  }
}

void sample_name_self(const char *name_fmt, ...) {
  char name[16]; /* the kernel keeps 15 characters */
  va_list ap;
  va_start(ap, name_fmt);
  vsnprintf(name, sizeof name, name_fmt, ap);
  va_end(ap);
  pthread_setname_np(pthread_self(), name);
}

void sample_check(int err, const char *what) {
  if (err != 0) {
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
  }
}

long sample_parse_long(const char *text, const char *what) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < 0) {
    fprintf(stderr, "%s: expected a non-negative number, got '%s'\n", what, text);
    exit(2);
  }
  return v;
}

void sample_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}
