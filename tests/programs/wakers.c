/* Correct programs whose waker weft cannot see: `wakers CASE` must end with
 * status 0 under weft record, never with a "deadlock!". Each one waits alone
 * (as far as the tracer's hooks know) for longer than the detector needs to
 * confirm a verdict, then its waker comes: a signal handler, another process,
 * a timer's thread, a C11 thread, a thread past the first 65,535. */
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

/* Long enough for two checks of the detector (250 ms each) and then some. */
#define WAKER_DELAY_MS 1200

static sem_t sem;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void pause_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0)
    ;
}

static void post_on_signal(int sig) {
  (void)sig;
  sem_post(&sem);
}

static void post_on_siginfo(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  (void)uc;
  sem_post(&sem);
}

static int wait_sem(sem_t *s) {
  while (sem_wait(s) != 0)
    ; /* EINTR: the handler ran before the post was seen */
  return 0;
}

static void set_ready_and_signal(void) {
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static void wait_ready(void) {
  pthread_mutex_lock(&mu);
  while (!ready)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
}

/* A child process that sends `sig` to its parent after the delay. */
static pid_t signal_me_later(int sig) {
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    pause_ms(WAKER_DELAY_MS);
    kill(parent, sig);
    _exit(0);
  }
  return pid;
}

static void on_timer_thread(union sigval v) {
  (void)v;
  set_ready_and_signal();
}

static void on_timer_thread_post(union sigval v) {
  sem_post((sem_t *)v.sival_ptr);
}

static int timer_in(struct sigevent *ev, long ms) {
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, ev, &timer) != 0)
    return -1;
  struct itimerspec when = {{0, 0}, {ms / 1000, (ms % 1000) * 1000000L}};
  return timer_settime(timer, 0, &when, NULL);
}

static int c11_waker(void *arg) {
  (void)arg;
  struct timespec d = {WAKER_DELAY_MS / 1000, (WAKER_DELAY_MS % 1000) * 1000000L};
  thrd_sleep(&d, NULL);
  set_ready_and_signal();
  return 7;
}

static void *nothing(void *arg) { return arg; }

static void *late_waker(void *arg) {
  (void)arg;
  pause_ms(WAKER_DELAY_MS);
  set_ready_and_signal();
  return NULL;
}

/* A child process that posts `s` after the delay; the parent waits for it. */
static int post_from_child(sem_t *s) {
  pid_t child = fork();
  if (child == 0) {
    pause_ms(WAKER_DELAY_MS);
    sem_post(s);
    _exit(0);
  }
  wait_sem(s);
  return waitpid(child, NULL, 0) == child ? 0 : 1;
}

static void *shared_memory(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 64;
  const char *c = argv[1];
  sem_init(&sem, 0, 0);
  if (!strcmp(c, "sem-sigaction")) { /* SIGALRM from setitimer, sigaction handler */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = post_on_signal;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {WAKER_DELAY_MS / 1000, (WAKER_DELAY_MS % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    return wait_sem(&sem);
  }
  if (!strcmp(c, "sem-signal-from-process")) { /* signal(), SIGUSR1 from a child */
    signal(SIGUSR1, post_on_signal);
    pid_t child = signal_me_later(SIGUSR1);
    wait_sem(&sem);
    return waitpid(child, NULL, 0) == child ? 0 : 1;
  }
  if (!strcmp(c, "sem-timer-signal")) { /* a POSIX timer's SIGRTMIN, SA_SIGINFO */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = post_on_siginfo;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN};
    if (timer_in(&ev, WAKER_DELAY_MS) != 0)
      return 1;
    return wait_sem(&sem);
  }
  if (!strcmp(c, "sem-shared-fork")) { /* sem_init(s, 1, 0) in shared memory */
    sem_t *s = shared_memory(sizeof *s);
    sem_init(s, 1, 0);
    return post_from_child(s);
  }
  if (!strcmp(c, "sem-named")) { /* sem_open, posted by another process */
    char name[64];
    snprintf(name, sizeof name, "/weft-wakers-%d", (int)getpid());
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s == SEM_FAILED)
      return 1;
    sem_unlink(name);
    return post_from_child(s);
  }
  if (!strcmp(c, "cond-shared-fork")) { /* a process-shared condvar and mutex */
    struct {
      pthread_mutex_t mu;
      pthread_cond_t cv;
      int ready;
    } *sh = shared_memory(sizeof *sh);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->mu, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&sh->cv, &ca);
    pid_t child = fork();
    if (child == 0) {
      pause_ms(WAKER_DELAY_MS);
      pthread_mutex_lock(&sh->mu);
      sh->ready = 1;
      pthread_cond_signal(&sh->cv);
      pthread_mutex_unlock(&sh->mu);
      _exit(0);
    }
    pthread_mutex_lock(&sh->mu);
    while (!sh->ready)
      pthread_cond_wait(&sh->cv, &sh->mu);
    pthread_mutex_unlock(&sh->mu);
    return waitpid(child, NULL, 0) == child ? 0 : 1;
  }
  if (!strcmp(c, "timer-thread-cond")) { /* SIGEV_THREAD: glibc's own thread signals */
    struct sigevent ev = {.sigev_notify = SIGEV_THREAD};
    ev.sigev_notify_function = on_timer_thread;
    if (timer_in(&ev, WAKER_DELAY_MS) != 0)
      return 1;
    wait_ready();
    return 0;
  }
  if (!strcmp(c, "timer-thread-sem")) { /* SIGEV_THREAD posting a semaphore */
    struct sigevent ev = {.sigev_notify = SIGEV_THREAD};
    ev.sigev_notify_function = on_timer_thread_post;
    ev.sigev_value.sival_ptr = &sem;
    if (timer_in(&ev, WAKER_DELAY_MS) != 0)
      return 1;
    return wait_sem(&sem);
  }
  if (!strcmp(c, "c11-thread")) { /* thrd_create; main waits on a pthread condvar */
    thrd_t t;
    if (thrd_create(&t, c11_waker, NULL) != thrd_success)
      return 1;
    wait_ready();
    int res = 0;
    return thrd_join(t, &res) == thrd_success && res == 7 ? 0 : 1;
  }
  if (!strcmp(c, "many-threads")) { /* thread ids past 65,535 */
    for (int i = 0; i < 65600; i++) {
      pthread_t t;
      if (pthread_create(&t, NULL, nothing, NULL) != 0 || pthread_join(t, NULL) != 0)
        return 1;
    }
    pthread_t t;
    pthread_create(&t, NULL, late_waker, NULL);
    wait_ready();
    return pthread_join(t, NULL);
  }
  return 64;
}
