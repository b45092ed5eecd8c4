/* A gallery of programs whose truth is known: `gallery CASE`. The bad
 * interleavings are forced with barriers, so each bug happens every run. */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "weft-annotate.h"
#include "weft-chan.h"

static pthread_mutex_t fork_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fork_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fork_c = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;
static pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static sem_t never_posted;
static pthread_t main_thread;

typedef struct {
  pthread_mutex_t *first, *second;
} Pair;

/* Takes first, waits until every thread holds its first, then takes second. */
static void *take_two(void *arg) {
  Pair *p = arg;
  pthread_mutex_lock(p->first); // @take-two-first
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(p->second); // @take-two-second
  pthread_mutex_unlock(p->second);
  pthread_mutex_unlock(p->first);
  return NULL;
}

/* abba-apart: the two orders in two functions, so on four lines. */
static void *deposit_side(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_a); // @apart-deposit-first
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(&fork_b); // @apart-deposit-second
  pthread_mutex_unlock(&fork_b);
  pthread_mutex_unlock(&fork_a);
  return NULL;
}

static void *withdraw_side(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_b); // @apart-withdraw-first
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(&fork_a); // @apart-withdraw-second
  pthread_mutex_unlock(&fork_a);
  pthread_mutex_unlock(&fork_b);
  return NULL;
}

static pthread_barrier_t phase;

/* Both locks in order, then the barrier: its order is over before the other
 * thread's begins. */
static void *two_then_barrier(void *arg) {
  Pair *p = arg;
  pthread_mutex_lock(p->first);
  pthread_mutex_lock(p->second);
  pthread_mutex_unlock(p->second);
  pthread_mutex_unlock(p->first);
  pthread_barrier_wait(&phase);
  return NULL;
}

static void *barrier_then_two(void *arg) {
  Pair *p = arg;
  pthread_barrier_wait(&phase);
  pthread_mutex_lock(p->first);
  pthread_mutex_lock(p->second);
  pthread_mutex_unlock(p->second);
  pthread_mutex_unlock(p->first);
  return NULL;
}

/* take_two's locks under fork_c, the gate every caller takes first. */
static void *gated_two(void *arg) {
  Pair *p = arg;
  pthread_mutex_lock(&fork_c);
  pthread_mutex_lock(p->first);
  pthread_mutex_lock(p->second);
  pthread_mutex_unlock(p->second);
  pthread_mutex_unlock(p->first);
  pthread_mutex_unlock(&fork_c);
  return NULL;
}

static int run_cycle(int n) {
  pthread_mutex_t *locks[3] = {&fork_a, &fork_b, &fork_c};
  Pair pairs[3];
  pthread_t t[3];
  pthread_barrier_init(&both_hold, NULL, (unsigned)n);
  for (int i = 0; i < n; i++) {
    pairs[i] = (Pair){locks[i], locks[(i + 1) % n]};
    pthread_create(&t[i], NULL, take_two, &pairs[i]);
  }
  for (int i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  return 0;
}

static void *join_main(void *arg) {
  (void)arg;
  pthread_join(main_thread, NULL);
  return NULL;
}

static void *wait_never(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_a);
  pthread_cond_wait(&never_cv, &fork_a);
  pthread_mutex_unlock(&fork_a);
  return NULL;
}

static void *arrive(void *arg) {
  (void)arg;
  pthread_barrier_wait(&both_hold);
  return NULL;
}

static pthread_mutex_t start_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cv = PTHREAD_COND_INITIALIZER;
static int waiting, started_flag;

static void *wait_for_start(void *arg) {
  (void)arg;
  pthread_mutex_lock(&start_mu);
  waiting++;
  while (!started_flag)
    pthread_cond_wait(&start_cv, &start_mu);
  pthread_mutex_unlock(&start_mu);
  return NULL;
}

static volatile long unsynced_total;

/* Adds for 5 ms with nothing around the addition: the course's counter. */
static void *add_unsynced(void *arg) {
  (void)arg;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do {
    for (int i = 0; i < 1000; i++)
      unsynced_total = unsynced_total + 1;
    clock_gettime(CLOCK_MONOTONIC, &t);
  } while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 5000000L);
  return NULL;
}

static void *accept_once(void *arg) {
  int fd = *(int *)arg;
  int c = accept(fd, NULL, NULL); /* times out (SO_RCVTIMEO): nobody connects */
  if (c >= 0)
    close(c);
  return NULL;
}

static void *nap(void *arg) {
  (void)arg;
  for (int i = 0; i < 6; i++)
    usleep(100000);
  return NULL;
}

/* A, then only a try for B: a trylock cannot block, so no order edge. */
static void *try_second(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_a);
  if (pthread_mutex_trylock(&fork_b) == 0)
    pthread_mutex_unlock(&fork_b);
  pthread_mutex_unlock(&fork_a);
  return NULL;
}

static void *lock_and_leave(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_c);
  return NULL;
}

static void *unlock_other(void *arg) {
  pthread_mutex_unlock(arg);
  return NULL;
}

static void *worker(void *arg) {
  WeftChan *jobs = arg;
  int job;
  while (weft_chan_range(jobs, &job))
    usleep(1000);
  return NULL;
}

static void on_interrupt(int sig) { (void)sig; }

/* A handler that locks what the code it interrupted holds. */
static void relock_on_alarm(int sig) {
  (void)sig;
  pthread_mutex_lock(&fork_a);
}

static void *hold_a_across_fork(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_a);
  pthread_barrier_wait(&both_hold); /* main forks now */
  pthread_barrier_wait(&both_hold);
  pthread_mutex_unlock(&fork_a);
  return NULL;
}

static sigjmp_buf escape;
static void jump_out(int sig) { siglongjmp(escape, sig); }

static volatile int spin_until;
static void *wait_ready_flag(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_b);
  while (!spin_until)
    pthread_cond_wait(&never_cv, &fork_b);
  pthread_mutex_unlock(&fork_b);
  return NULL;
}

static sem_t scratch;
static void post_scratch(int sig) {
  (void)sig;
  sem_post(&scratch);
}
static void *quick(void *arg) { return arg; }

static void busy_ms(long ms) { /* computes, in no call weft sees */
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static void *hold_a_briefly(void *arg) {
  (void)arg;
  pthread_mutex_lock(&fork_a);
  pthread_barrier_wait(&both_hold);
  usleep(300000);
  pthread_mutex_unlock(&fork_a);
  return NULL;
}

static struct timespec in_ms(clockid_t clock, long ms);
static void *read_table_clocked(void *arg) { /* times out: main holds it for writing */
  (void)arg;
  struct timespec until = in_ms(CLOCK_REALTIME, 100);
  if (pthread_rwlock_clockrdlock(&table_lock, CLOCK_REALTIME, &until) == 0)
    pthread_rwlock_unlock(&table_lock);
  until = in_ms(CLOCK_REALTIME, 100);
  if (pthread_rwlock_clockwrlock(&table_lock, CLOCK_REALTIME, &until) == 0)
    pthread_rwlock_unlock(&table_lock);
  return arg;
}

static struct timespec in_ms(clockid_t clock, long ms) {
  struct timespec t;
  clock_gettime(clock, &t);
  t.tv_sec += ms / 1000;
  t.tv_nsec += (ms % 1000) * 1000000L;
  if (t.tv_nsec >= 1000000000L) {
    t.tv_sec++;
    t.tv_nsec -= 1000000000L;
  }
  return t;
}

static void alarm_in_ms(long ms) {
  struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 64;
  const char *c = argv[1];
  main_thread = pthread_self();
  if (!strcmp(c, "abba"))
    return run_cycle(2);
  if (!strcmp(c, "cycle3"))
    return run_cycle(3);
  if (!strcmp(c, "abba-apart")) {
    pthread_t t[2];
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_create(&t[0], NULL, deposit_side, NULL);
    pthread_create(&t[1], NULL, withdraw_side, NULL);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    return 0;
  }
  if (!strcmp(c, "self-relock")) {
    pthread_mutex_lock(&fork_a);
    pthread_mutex_lock(&fork_a);
    return 0;
  }
  if (!strcmp(c, "join-cycle")) {
    pthread_t t;
    pthread_create(&t, NULL, join_main, NULL);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "cond-never")) {
    pthread_t t;
    pthread_create(&t, NULL, wait_never, NULL);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "cond-never-handler")) { /* a Ctrl-C handler cannot signal a condvar */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    pthread_t t;
    pthread_create(&t, NULL, wait_never, NULL);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "handler-relock")) { /* the signal lands inside a hook (sleep's) */
    signal(SIGALRM, relock_on_alarm);
    pthread_mutex_lock(&fork_a);
    alarm_in_ms(100);
    sleep(20);
    return 0;
  }
  if (!strcmp(c, "fork-held-lock")) { /* the child locks a copy held by a thread it lacks */
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, hold_a_across_fork, NULL);
    pthread_barrier_wait(&both_hold);
    pid_t child = fork();
    if (child == 0) {
      pthread_mutex_lock(&fork_a);
      _exit(0);
    }
    int st = 0;
    waitpid(child, &st, 0);
    pthread_barrier_wait(&both_hold);
    pthread_join(t, NULL);
    printf("%d\n", (int)child);
    return WIFEXITED(st) && WEXITSTATUS(st) == 2 ? 0 : 1; /* 2: the child's deadlock */
  }
  if (!strcmp(c, "longjmp-sem-post")) { /* Valgrind's tc18: a handler jumps out of sem_post */
    signal(SIGSEGV, jump_out);
    if (sigsetjmp(escape, 1) == 0)
      sem_post((sem_t *)16);
    signal(SIGSEGV, SIG_DFL);
    for (int i = 0; i < 3; i++) { /* each of these is in the trace */
      pthread_mutex_lock(&fork_c);
      pthread_mutex_unlock(&fork_c);
    }
    return 0;
  }
  if (!strcmp(c, "longjmp-join")) { /* a handler jumps out of a join; the thread runs on */
    pthread_t t;
    pthread_create(&t, NULL, wait_ready_flag, NULL);
    signal(SIGALRM, jump_out);
    if (sigsetjmp(escape, 1) == 0) {
      alarm_in_ms(100);
      pthread_join(t, NULL);
    }
    busy_ms(1500); /* the worker waits for ever meanwhile; main does not */
    pthread_mutex_lock(&fork_b);
    spin_until = 1;
    pthread_cond_signal(&never_cv);
    pthread_mutex_unlock(&fork_b);
    return pthread_join(t, NULL);
  }
  if (!strcmp(c, "signal-before-start")) { /* no phantom lane, then a real deadlock */
    sem_init(&scratch, 0, 0);
    signal(SIGUSR1, post_scratch);
    for (int i = 0; i < 50; i++) {
      pthread_t t;
      pthread_create(&t, NULL, quick, NULL);
      pthread_kill(t, SIGUSR1);
      pthread_join(t, NULL);
    }
    pthread_t t;
    pthread_create(&t, NULL, wait_never, NULL);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "clock-waits")) { /* the *_clock* calls: seen, and timed (never asleep) */
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, hold_a_briefly, NULL);
    pthread_barrier_wait(&both_hold);
    struct timespec until = in_ms(CLOCK_MONOTONIC, 5000);
    if (pthread_mutex_clocklock(&fork_a, CLOCK_MONOTONIC, &until) != 0)
      return 1;
    until = in_ms(CLOCK_MONOTONIC, 700); /* alone in each of these waits */
    if (pthread_cond_clockwait(&never_cv, &fork_a, CLOCK_MONOTONIC, &until) != ETIMEDOUT)
      return 2;
    pthread_mutex_unlock(&fork_a);
    pthread_join(t, NULL);
    sem_init(&never_posted, 0, 0);
    until = in_ms(CLOCK_MONOTONIC, 700);
    if (sem_clockwait(&never_posted, CLOCK_MONOTONIC, &until) == 0 || errno != ETIMEDOUT)
      return 3;
    pthread_rwlock_wrlock(&table_lock);
    pthread_create(&t, NULL, read_table_clocked, NULL);
    pthread_join(t, NULL);
    pthread_rwlock_unlock(&table_lock);
    return 0;
  }
  if (!strcmp(c, "sem-never")) {
    sem_init(&never_posted, 0, 0);
    sem_wait(&never_posted);
    return 0;
  }
  if (!strcmp(c, "signal-not-broadcast")) { /* three wait for the start, one signal wakes one */
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
      pthread_create(&t[i], NULL, wait_for_start, NULL);
    for (;;) { /* until all three are inside their wait */
      pthread_mutex_lock(&start_mu);
      if (waiting == 3)
        break;
      pthread_mutex_unlock(&start_mu);
      usleep(1000);
    }
    started_flag = 1;
    pthread_cond_signal(&start_cv);
    pthread_mutex_unlock(&start_mu);
    for (int i = 0; i < 3; i++)
      pthread_join(t[i], NULL);
    return 0;
  }
  if (!strcmp(c, "unsynced-counter") || !strcmp(c, "unsynced-in-turn")) {
    /* a race only --race can judge; in turn (each joined before the next
     * starts), none */
    bool in_turn = !strcmp(c, "unsynced-in-turn");
    pthread_t a, b;
    pthread_create(&a, NULL, add_unsynced, NULL);
    if (in_turn)
      pthread_join(a, NULL);
    pthread_create(&b, NULL, add_unsynced, NULL);
    if (!in_turn)
      pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
  }
  if (!strcmp(c, "sem-used-up")) { /* one unit given back, two taken */
    sem_init(&never_posted, 0, 1);
    sem_wait(&never_posted);
    sem_post(&never_posted);
    sem_wait(&never_posted);
    sem_wait(&never_posted);
    return 0;
  }
  if (!strcmp(c, "barrier-short")) {
    pthread_barrier_init(&both_hold, NULL, 3);
    pthread_t t;
    pthread_create(&t, NULL, arrive, NULL);
    pthread_barrier_wait(&both_hold);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "rwlock-upgrade")) {
    pthread_rwlock_rdlock(&table_lock);
    pthread_rwlock_wrlock(&table_lock);
    return 0;
  }
  if (!strcmp(c, "chan-no-receiver")) {
    WeftChan *ch = weft_chan_make_named(sizeof(int), 0, "results");
    int v = 42;
    weft_chan_send(ch, &v);
    return 0;
  }
  if (!strcmp(c, "after-timer")) { /* a timer fired, then a receive nobody serves */
    WeftChan *tick = weft_after(10 * 1000000);
    int64_t at;
    weft_chan_recv(tick, &at, NULL);
    WeftChan *never = weft_chan_make_named(sizeof(int), 0, "never");
    int v;
    weft_chan_recv(never, &v, NULL);
    return 0;
  }
  if (!strcmp(c, "self-join")) { /* glibc says EDEADLK; weft reports it too */
    return pthread_join(pthread_self(), NULL) == EDEADLK ? 0 : 1;
  }
  if (!strcmp(c, "chan-misuse")) { /* what Go would panic on */
    WeftChan *ch = weft_chan_make_named(sizeof(int), 1, "done");
    int v = 1;
    weft_chan_close(ch);
    bool bad = weft_chan_send(ch, &v) != WEFT_ERR_SEND_CLOSED;
    bad |= weft_chan_close(ch) != WEFT_ERR_CLOSE_CLOSED;
    bad |= weft_chan_close(NULL) != WEFT_ERR_CLOSE_NIL;
    WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
    bad |= weft_wg_done(&wg) != WEFT_ERR_NEGATIVE_WG;
    return bad;
  }
  if (!strcmp(c, "trylock-order")) { /* A then try B, later B then A: no inversion */
    pthread_t t;
    pthread_create(&t, NULL, try_second, NULL);
    pthread_join(t, NULL);
    pthread_mutex_lock(&fork_b);
    pthread_mutex_lock(&fork_a);
    pthread_mutex_unlock(&fork_a);
    pthread_mutex_unlock(&fork_b);
    return 0;
  }
  if (!strcmp(c, "named-exit")) { /* named before first use; a thread ends holding it */
    WEFT_NAME_OBJECT(&fork_c, "table lock");
    pthread_mutex_lock(&fork_c);
    pthread_mutex_unlock(&fork_c);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_leave, NULL);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "leak")) { /* main returns while a worker waits for ever */
    pthread_t t;
    pthread_create(&t, NULL, wait_never, NULL);
    usleep(100000);
    return 0;
  }
  if (!strcmp(c, "inversion")) { /* A then B, a moment later B then A: no hang this run */
    Pair ab = {&fork_a, &fork_b}, ba = {&fork_b, &fork_a};
    pthread_barrier_init(&both_hold, NULL, 1);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, take_two, &ab);
    usleep(20000); /* luck, not order: nothing stops the two from overlapping */
    pthread_create(&t2, NULL, take_two, &ba);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
  }
  if (!strcmp(c, "inversion-joined")) { /* A then B, joined, then B then A: sequential */
    Pair ab = {&fork_a, &fork_b}, ba = {&fork_b, &fork_a};
    pthread_barrier_init(&both_hold, NULL, 1);
    pthread_t t;
    pthread_create(&t, NULL, take_two, &ab);
    pthread_join(t, NULL);
    pthread_create(&t, NULL, take_two, &ba);
    pthread_join(t, NULL);
    return 0;
  }
  if (!strcmp(c, "inversion-barrier")) { /* A then B, a barrier, then B then A: sequential */
    Pair ab = {&fork_a, &fork_b}, ba = {&fork_b, &fork_a};
    pthread_barrier_init(&phase, NULL, 2);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, two_then_barrier, &ab);
    pthread_create(&t2, NULL, barrier_then_two, &ba);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
  }
  if (!strcmp(c, "inversion-gated")) { /* both orders under one gate lock: cannot deadlock */
    Pair ab = {&fork_a, &fork_b}, ba = {&fork_b, &fork_a};
    pthread_t t1, t2;
    pthread_create(&t1, NULL, gated_two, &ab);
    pthread_create(&t2, NULL, gated_two, &ba);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    return 0;
  }
  /* Correct programs: no deadlock, no inversion. */
  if (!strcmp(c, "worker-pool")) {
    WeftChan *jobs = weft_chan_make_named(sizeof(int), 4, "jobs");
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
      pthread_create(&t[i], NULL, worker, jobs);
    for (int i = 0; i < 60; i++)
      weft_chan_send(jobs, &i);
    weft_chan_close(jobs);
    for (int i = 0; i < 3; i++)
      pthread_join(t[i], NULL);
    weft_chan_free(jobs);
    return 0;
  }
  if (!strcmp(c, "timed-waits")) { /* alone, in waits that expire */
    pthread_mutex_lock(&fork_a);
    for (int i = 0; i < 4; i++) {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += 200000000;
      if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
      }
      pthread_cond_timedwait(&never_cv, &fork_a, &until);
    }
    pthread_mutex_unlock(&fork_a);
    return 0;
  }
  if (!strcmp(c, "server")) { /* main joins a thread blocked in accept() */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct timeval tv = {1, 200000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1) < 0)
      return 1;
    pthread_t t;
    pthread_create(&t, NULL, accept_once, &fd);
    pthread_join(t, NULL);
    close(fd);
    return 0;
  }
  if (!strcmp(c, "select-timeout")) { /* alone, in a select that times out */
    WeftChan *never = weft_chan_make_named(sizeof(int), 0, "never");
    int v;
    for (int i = 0; i < 3; i++) {
      WeftSelectCase cases[1] = {WEFT_CASE_RECV(never, &v)};
      weft_select(cases, 1, 300 * 1000000LL);
    }
    return 0;
  }
  if (!strcmp(c, "recursive")) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t m;
    pthread_mutex_init(&m, &attr);
    pthread_mutex_lock(&m);
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);
    return 0;
  }
  if (!strcmp(c, "sleepers")) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
      pthread_create(&t[i], NULL, nap, NULL);
    for (int i = 0; i < 4; i++)
      pthread_join(t[i], NULL);
    return 0;
  }
  if (!strcmp(c, "misuse")) { /* unlock of a mutex held by another thread; destroy while locked */
    pthread_mutex_lock(&fork_c);
    pthread_t t;
    pthread_create(&t, NULL, unlock_other, &fork_c);
    pthread_join(t, NULL);
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&m);
    pthread_mutex_destroy(&m);
    return 0;
  }
  return 64;
}
