/* A lock asked for in a signal handler that interrupted its holder: the
 * stack reads "<signal handler>" between the handler and main, and the hint
 * says why. Built by test-record.sh with cc. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

static void on_alarm(int sig) {
  (void)sig;
  pthread_mutex_lock(&log_mu); /* BUG: not async-signal-safe */
  pthread_mutex_unlock(&log_mu);
}

int main(void) {
  signal(SIGALRM, on_alarm);
  pthread_mutex_lock(&log_mu);
  alarm(1);
  for (volatile long i = 0; i < 40000000000L; i++) /* until the alarm */
    ;
  pthread_mutex_unlock(&log_mu);
  return 0;
}
