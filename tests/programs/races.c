/* Programs for the race tests, built with -fsanitize=thread: `races CASE`.
 *   shuffle   three races, each between a thread of parent "a" and one of
 *             parent "b", created by the two parents at once after twenty
 *             short threads: TSan's thread numbers (reused, and in its own
 *             order) are not weft's.
 *   deadlock  a race on a counter, then two threads take two locks in
 *             opposite orders and hang (forced with a barrier).
 *   clean     every kind of synchronisation, used correctly: no race.
 *   inversion two locks taken in both orders, one thread after the other:
 *             no hang, but TSan reports the lock-order inversion.
 *   fork-threads  forks with one thread, starts a thread in the child. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAIRS 3

static long slot0, slot1, slot2;
static pthread_barrier_t start_together;

/* One function per pair, so that TSan does not fold the three reports into
 * one (it reports a pair of stacks once). */
static void *writer0(void *arg) {
  pthread_setname_np(pthread_self(), arg);
  slot0 = (long)strlen(arg);
  return NULL;
}
static void *writer1(void *arg) {
  pthread_setname_np(pthread_self(), arg);
  slot1 = (long)strlen(arg);
  return NULL;
}
static void *writer2(void *arg) {
  pthread_setname_np(pthread_self(), arg);
  slot2 = (long)strlen(arg);
  return NULL;
}

static void *short_lived(void *arg) { return arg; }

static void *parent(void *arg) {
  const char *side = arg;
  static const char *names[2][PAIRS] = {{"a-0", "a-1", "a-2"}, {"b-0", "b-1", "b-2"}};
  void *(*fn[PAIRS])(void *) = {writer0, writer1, writer2};
  int s = side[0] == 'a' ? 0 : 1;
  pthread_t t[PAIRS];
  pthread_barrier_wait(&start_together);
  /* b creates in the reverse order of a */
  for (int k = 0; k < PAIRS; k++) {
    int i = s ? PAIRS - 1 - k : k;
    pthread_create(&t[i], NULL, fn[i], (void *)names[s][i]);
  }
  for (int i = 0; i < PAIRS; i++)
    pthread_join(t[i], NULL);
  return NULL;
}

static int shuffle(void) {
  for (int i = 0; i < 20; i++) {
    pthread_t t;
    pthread_create(&t, NULL, short_lived, NULL);
    pthread_join(t, NULL);
  }
  pthread_barrier_init(&start_together, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, parent, "a");
  pthread_create(&b, NULL, parent, "b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", slot0 + slot1 + slot2);
  return 0;
}

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER, lock_b = PTHREAD_MUTEX_INITIALIZER;
static long hits;

static void *take(void *arg) {
  int first_a = arg != NULL;
  hits++; /* the race */
  pthread_mutex_lock(first_a ? &lock_a : &lock_b);
  pthread_barrier_wait(&start_together);
  pthread_mutex_lock(first_a ? &lock_b : &lock_a);
  return NULL;
}

static int deadlock(void) {
  pthread_barrier_init(&start_together, NULL, 2);
  pthread_t x, y;
  pthread_create(&x, NULL, take, "a");
  pthread_create(&y, NULL, take, NULL);
  pthread_join(x, NULL);
  pthread_join(y, NULL);
  return 0;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static sem_t sem;
static long total, ready_count;
static long bonus; /* the rwlock's own: total is the mutex's */

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&mu);
    total++;
    pthread_mutex_unlock(&mu);
  }
  pthread_rwlock_wrlock(&rw);
  bonus += 10;
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_rdlock(&rw);
  long seen = bonus;
  pthread_rwlock_unlock(&rw);
  (void)seen;
  pthread_mutex_lock(&mu);
  ready_count++;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  sem_post(&sem);
  pthread_barrier_wait(&start_together);
  return NULL;
}

static int clean(void) {
  sem_init(&sem, 0, 0);
  pthread_barrier_init(&start_together, NULL, 4);
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  pthread_mutex_lock(&mu);
  while (ready_count < 4)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < 4; i++)
    sem_wait(&sem);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("%ld\n", total + bonus);
  return 0;
}

static void *take_b_then_a(void *arg) {
  pthread_mutex_lock(&lock_b);
  pthread_mutex_lock(&lock_a);
  pthread_mutex_unlock(&lock_a);
  pthread_mutex_unlock(&lock_b);
  return arg;
}

static int inversion(void) {
  pthread_mutex_lock(&lock_a);
  pthread_mutex_lock(&lock_b);
  pthread_mutex_unlock(&lock_b);
  pthread_mutex_unlock(&lock_a);
  pthread_t t;
  pthread_create(&t, NULL, take_b_then_a, NULL);
  pthread_join(t, NULL);
  puts("no hang this time");
  return 0;
}

static void *lock_a_once(void *arg) {
  pthread_mutex_lock(&lock_a);
  pthread_mutex_unlock(&lock_a);
  return arg;
}

/* Forks with one thread of its own, then starts threads in the child: TSan
 * allows it, and weft's own thread must not make it refuse. */
static int fork_threads(void) {
  pid_t child = fork();
  if (child == 0) {
    pthread_t t;
    pthread_create(&t, NULL, lock_a_once, NULL);
    pthread_join(t, NULL);
    puts("the child's thread ran");
    return 0;
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child)
    return 1;
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv) {
  const char *c = argc > 1 ? argv[1] : "";
  if (!strcmp(c, "fork-threads"))
    return fork_threads();
  if (!strcmp(c, "shuffle"))
    return shuffle();
  if (!strcmp(c, "deadlock"))
    return deadlock();
  if (!strcmp(c, "clean"))
    return clean();
  if (!strcmp(c, "inversion"))
    return inversion();
  fprintf(stderr, "usage: races shuffle|deadlock|clean|inversion|fork-threads\n");
  return 64;
}
