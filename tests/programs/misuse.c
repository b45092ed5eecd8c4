/* misuse.c: each wrong use of the threading API a learner makes, one per
 * case, and clean programs that look like them. A line a finding must point
 * at ends with a comment "@" and the finding's kind: tests/test-misuse.sh
 * reads the line number from there. Every case ends, hangs never. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t phase_barrier;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static sem_t slots;
static int counter;

static void pause_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static struct timespec in_ms(long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += (ms % 1000) * 1000000L;
  ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
  ts.tv_nsec %= 1000000000L;
  return ts;
}

static void init_typed(pthread_mutex_t *mu, int type) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, type);
  pthread_mutex_init(mu, &a);
  pthread_mutexattr_destroy(&a);
}

static void *sleeper(void *arg) {
  (void)arg;
  pause_ms(150);
  return NULL;
}

static void *at_barrier(void *arg) {
  (void)arg;
  pthread_barrier_wait(&phase_barrier); // @barrier-oversubscribed
  return NULL;
}

static void *late_at_barrier(void *arg) {
  (void)arg;
  pause_ms(200);
  pthread_barrier_wait(&phase_barrier);
  return NULL;
}

static void *waits_with_counter_mu(void *arg) {
  (void)arg;
  pthread_mutex_lock(&counter_mu);
  struct timespec until = in_ms(300);
  pthread_cond_timedwait(&ready_cv, &counter_mu, &until);
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

static void *keeps_the_lock(void *arg) {
  (void)arg;
  pthread_mutex_lock(&counter_mu); // @exit-holding-lock
  counter++;
  return NULL;
}

static void *waits_ready(void *arg) {
  (void)arg;
  pthread_mutex_lock(&counter_mu);
  while (!counter)
    pthread_cond_wait(&ready_cv, &counter_mu);
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

static pthread_mutex_t forks[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                    PTHREAD_MUTEX_INITIALIZER};

/* Philosopher i takes forks i and i+1, the lower-numbered first: one order
 * for all, so no cycle, even with each holding its first fork at once. */
static void *ordered_philosopher(void *arg) {
  int i = (int)(long)arg, a = i, b = (i + 1) % 3;
  int low = a < b ? a : b, high = a < b ? b : a;
  pthread_mutex_lock(&forks[low]);
  pause_ms(20);
  pthread_mutex_lock(&forks[high]);
  pthread_mutex_unlock(&forks[high]);
  pthread_mutex_unlock(&forks[low]);
  return NULL;
}

static int run(const char *c, const char *arg) {
  pthread_t t[4];
  if (!strcmp(c, "cond-wait-not-held")) {
    struct timespec until = in_ms(50);
    pthread_cond_timedwait(&ready_cv, &counter_mu, &until); // @cond-wait-not-held
    pthread_mutex_unlock(&counter_mu);
  } else if (!strcmp(c, "cond-wait-other-mutex")) {
    pthread_create(&t[0], NULL, waits_with_counter_mu, NULL);
    pause_ms(80);
    pthread_mutex_lock(&other_mu);
    struct timespec until = in_ms(50);
    pthread_cond_timedwait(&ready_cv, &other_mu, &until); // @cond-wait-other-mutex
    pthread_mutex_unlock(&other_mu);
    pthread_join(t[0], NULL);
  } else if (!strcmp(c, "double-unlock")) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
    pthread_mutex_unlock(&counter_mu); // @double-unlock
  } else if (!strcmp(c, "unlock-never-locked")) {
    pthread_mutex_unlock(&other_mu); // @unlock-never-locked
  } else if (!strcmp(c, "exit-holding-lock")) {
    pthread_create(&t[0], NULL, keeps_the_lock, NULL);
    pthread_join(t[0], NULL);
  } else if (!strcmp(c, "process-end-holding-lock")) {
    pthread_mutex_lock(&counter_mu); // @process-end-holding-lock
    return 0;
  } else if (!strcmp(c, "abort-holding-lock")) {
    pthread_mutex_lock(&counter_mu); // @abort-holding-lock
    abort();
  } else if (!strcmp(c, "destroy-locked-rwlock")) {
    pthread_rwlock_wrlock(&table_lock);
    pthread_rwlock_destroy(&table_lock); // @destroy-locked
  } else if (!strcmp(c, "destroy-cond-waiters")) {
    pthread_create(&t[0], NULL, waits_with_counter_mu, NULL);
    pause_ms(80);
    pthread_cond_destroy(&ready_cv); // @destroy-cond-waiters
    pthread_join(t[0], NULL);
  } else if (!strcmp(c, "destroy-barrier-waiters")) {
    pthread_barrier_init(&phase_barrier, NULL, 2);
    pthread_create(&t[0], NULL, at_barrier, NULL);
    pthread_create(&t[1], NULL, late_at_barrier, NULL);
    pause_ms(80);
    pthread_barrier_destroy(&phase_barrier); // @destroy-barrier-waiters
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
  } else if (!strcmp(c, "reinit-live")) {
    pthread_mutex_t *mu = malloc(sizeof *mu);
    pthread_mutex_init(mu, NULL);
    pthread_mutex_init(mu, NULL); // @reinit-live
    pthread_mutex_destroy(mu);
    free(mu);
  } else if (!strcmp(c, "join-self")) {
    if (pthread_join(pthread_self(), NULL) != EDEADLK) // @join-self
      return 1;
  } else if (!strcmp(c, "join-detached")) {
    pthread_create(&t[0], NULL, sleeper, NULL);
    pthread_detach(t[0]);
    pthread_join(t[0], NULL); // @join-detached
    pause_ms(300);
  } else if (!strcmp(c, "join-joined")) {
    pthread_create(&t[0], NULL, sleeper, NULL);
    pthread_join(t[0], NULL);
    pthread_join(t[0], NULL); // @join-joined
  } else if (!strcmp(c, "detach-twice")) {
    pthread_create(&t[0], NULL, sleeper, NULL);
    pthread_detach(t[0]);
    pthread_detach(t[0]); // @detach-twice
    pause_ms(300);
  } else if (!strcmp(c, "barrier-count-zero")) {
    pthread_barrier_init(&phase_barrier, NULL, 0); // @barrier-count-zero
  } else if (!strcmp(c, "barrier-oversubscribed")) {
    pthread_barrier_init(&phase_barrier, NULL, 2);
    for (int i = 0; i < 3; i++)
      pthread_create(&t[i], NULL, at_barrier, NULL);
    pause_ms(200);
    return 0; /* the third worker waits for ever */
  } else if (!strcmp(c, "rwlock-unlock-not-held")) {
    pthread_rwlock_rdlock(&table_lock);
    pthread_rwlock_unlock(&table_lock);
    pthread_rwlock_unlock(&table_lock); // @rwlock-unlock-not-held
  } else if (!strcmp(c, "rwlock-relock")) {
    pthread_rwlock_wrlock(&table_lock);
    pthread_rwlock_wrlock(&table_lock); // @rwlock-relock
    pthread_rwlock_unlock(&table_lock);
  } else if (!strcmp(c, "sem-bad-value")) {
    sem_init(&slots, 0, UINT_MAX); // @sem-bad-value
  } else if (!strcmp(c, "sem-overflow")) {
    sem_init(&slots, 0, SEM_VALUE_MAX);
    sem_post(&slots); // @sem-overflow
  } else if (!strcmp(c, "not-initialised-sem")) {
    sem_t *s = calloc(1, sizeof *s);
    sem_post(s); // @not-initialised-sem
    free(s);
  } else if (!strcmp(c, "not-initialised-garbage-sem")) {
    sem_t *s = malloc(sizeof *s);
    memset(s, 0x55, sizeof *s); /* glibc takes it for a semaphore of value 0x55555555 */
    sem_wait(s);                // @not-initialised-garbage-sem
    free(s);
  } else if (!strcmp(c, "not-initialised-barrier")) {
    pthread_barrier_t *b = calloc(1, sizeof *b);
    pthread_barrier_wait(b); // @not-initialised-barrier
    free(b);                 /* not reached: glibc divides by its count, 0 */
  } else if (!strcmp(c, "not-initialised-mutex")) {
    pthread_mutex_t *mu = malloc(sizeof *mu);
    memset(mu, 0xff, sizeof *mu);
    pthread_mutex_lock(mu); // @not-initialised-mutex
    free(mu);
  } else if (!strcmp(c, "recursive-over-unlock")) {
    pthread_mutex_t mu;
    init_typed(&mu, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_lock(&mu);
    pthread_mutex_lock(&mu);
    pthread_mutex_unlock(&mu);
    pthread_mutex_unlock(&mu);
    pthread_mutex_unlock(&mu); // @recursive-over-unlock
    pthread_mutex_destroy(&mu);
  } else if (!strcmp(c, "errorcheck-relock")) {
    pthread_mutex_t mu;
    init_typed(&mu, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_lock(&mu);
    if (pthread_mutex_lock(&mu) != EDEADLK) // @errorcheck-relock
      return 1;
    pthread_mutex_unlock(&mu);
    pthread_mutex_destroy(&mu);
  } else if (!strcmp(c, "call-failed")) {
    pthread_mutex_lock(&counter_mu);
    struct timespec bad = {0, 2000000000L};
    pthread_cond_timedwait(&ready_cv, &counter_mu, &bad); // @call-failed
    pthread_mutex_unlock(&counter_mu);
  } else if (!strcmp(c, "call-failed-timedlock")) {
    /* held, so the call waits, with a time that is no time: EINVAL, not garbage */
    pthread_mutex_lock(&counter_mu);
    struct timespec bad = {0, -5};
    pthread_mutex_timedlock(&counter_mu, &bad); // @call-failed-timedlock
    pthread_mutex_unlock(&counter_mu);
  } else if (!strcmp(c, "lock-order-note")) {
    pthread_mutex_lock(&counter_mu);
    pthread_mutex_lock(&other_mu);
    pthread_mutex_unlock(&other_mu);
    pthread_mutex_unlock(&counter_mu);
    pthread_mutex_lock(&other_mu); // @lock-order-note-held
    pthread_mutex_lock(&counter_mu); // @lock-order-note
    pthread_mutex_unlock(&counter_mu);
    pthread_mutex_unlock(&other_mu);
    /* ---- the clean ones: no finding ---- */
  } else if (!strcmp(c, "clean-lock-order")) {
    for (long i = 0; i < 3; i++)
      pthread_create(&t[i], NULL, ordered_philosopher, (void *)i);
    for (int i = 0; i < 3; i++)
      pthread_join(t[i], NULL);
  } else if (!strcmp(c, "clean-cond")) {
    pthread_create(&t[0], NULL, waits_ready, NULL);
    pthread_create(&t[1], NULL, waits_ready, NULL);
    pause_ms(50);
    pthread_mutex_lock(&counter_mu);
    counter = 1;
    pthread_mutex_unlock(&counter_mu);
    pthread_cond_broadcast(&ready_cv); /* outside the mutex: allowed */
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
  } else if (!strcmp(c, "clean-locks")) {
    pthread_mutex_t mu;
    init_typed(&mu, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_lock(&mu);
    pthread_mutex_lock(&mu);
    pthread_mutex_unlock(&mu);
    pthread_mutex_unlock(&mu);
    pthread_mutex_destroy(&mu);
    pthread_mutex_init(&mu, NULL); /* destroyed first: a fresh mutex */
    if (pthread_mutex_trylock(&mu) == 0 && pthread_mutex_trylock(&mu) == EBUSY)
      pthread_mutex_unlock(&mu);
    pthread_mutex_destroy(&mu);
    pthread_rwlock_rdlock(&table_lock);
    pthread_rwlock_rdlock(&table_lock);
    pthread_rwlock_unlock(&table_lock);
    pthread_rwlock_unlock(&table_lock);
    pthread_rwlock_wrlock(&table_lock);
    pthread_rwlock_unlock(&table_lock);
  } else if (!strcmp(c, "clean-threads")) {
    pthread_create(&t[0], NULL, sleeper, NULL);
    pthread_create(&t[1], NULL, sleeper, NULL);
    pthread_detach(t[1]);
    pthread_join(t[0], NULL);
    pthread_barrier_init(&phase_barrier, NULL, 3);
    for (int round = 0; round < 3; round++) {
      pthread_create(&t[0], NULL, at_barrier, NULL);
      pthread_create(&t[1], NULL, at_barrier, NULL);
      pthread_barrier_wait(&phase_barrier);
      pthread_join(t[0], NULL);
      pthread_join(t[1], NULL);
    }
    pthread_barrier_destroy(&phase_barrier);
    pause_ms(200);
  } else if (!strcmp(c, "clean-sem")) {
    sem_init(&slots, 0, 1);
    sem_wait(&slots);
    sem_post(&slots);
    struct timespec until = in_ms(20);
    sem_wait(&slots);
    if (sem_timedwait(&slots, &until) != -1 || errno != ETIMEDOUT)
      return 1;
    sem_post(&slots);
    sem_destroy(&slots);
    sem_t *shared = malloc(sizeof *shared); /* initialised in malloc'd memory: fine */
    sem_init(shared, 0, 0);
    sem_post(shared);
    sem_wait(shared);
    sem_destroy(shared);
    free(shared);
  } else if (!strcmp(c, "clean-reinit-order")) {
    /* destroyed and initialised again: a new lock, its order starts afresh */
    pthread_mutex_t a, b;
    pthread_mutex_init(&a, NULL);
    pthread_mutex_init(&b, NULL);
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_mutex_destroy(&b);
    pthread_mutex_init(&b, NULL);
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    pthread_mutex_destroy(&a);
    pthread_mutex_destroy(&b);
  } else if (!strcmp(c, "clean-shared-sem")) {
    /* a process-shared semaphore the parent made, used by the child */
    sem_t *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sem_init(s, 1, 0);
    pid_t pid = fork();
    if (pid == 0) {
      sem_post(s);
      _exit(0);
    }
    sem_wait(s);
    waitpid(pid, NULL, 0);
    sem_destroy(s);
  } else if (!strcmp(c, "clean-shared-sem-exec")) {
    /* made by this process, posted by another program it runs */
    int fd = memfd_create("slots", 0);
    if (fd < 0 || ftruncate(fd, sizeof(sem_t)) != 0)
      return 1;
    sem_t *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    sem_init(s, 1, 0);
    pid_t pid = fork();
    if (pid == 0) {
      char fd_arg[16];
      snprintf(fd_arg, sizeof fd_arg, "%d", fd);
      execl("/proc/self/exe", "misuse", "post-shared-sem", fd_arg, (char *)NULL);
      _exit(127);
    }
    sem_wait(s);
    waitpid(pid, NULL, 0);
    sem_destroy(s);
  } else if (!strcmp(c, "post-shared-sem")) {
    sem_t *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(arg), 0);
    if (s == MAP_FAILED)
      return 1;
    sem_post(s); /* no init here: another process made it */
  } else {
    fprintf(stderr, "misuse: unknown case %s\n", c);
    return 2;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: misuse CASE\n");
    return 2;
  }
  int r = run(argv[1], argc > 2 ? argv[2] : "");
  if (!strcmp(argv[1], "barrier-oversubscribed"))
    exit(r);
  return r;
}
