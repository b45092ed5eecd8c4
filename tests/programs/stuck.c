/* Programs that hang or crash without a deadlock weft can prove: `stuck CASE`.
 * Each prints "ready" once its threads are where the test wants them. */
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "weft-chan.h"

static int ready_flag; /* a plain int: the classic spin on a flag */
static pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;
static int pipe_fds[2];

static void ready(void) {
  printf("ready\n");
  fflush(stdout);
}

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&state_mu);
  pthread_mutex_unlock(&state_mu);
  return NULL;
}

static void *pipe_reader(void *arg) {
  (void)arg;
  char c;
  if (read(pipe_fds[0], &c, 1) < 0)
    perror("read");
  return NULL;
}

__attribute__((noinline)) static void spin_until_ready(void) {
  while (!ready_flag) {
  }
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* main holds state_mu and spins; a waiter wants state_mu; a reader sits in
 * read() on a pipe nobody writes. */
static int spin(void) {
  pthread_t w, r;
  if (pipe(pipe_fds) < 0)
    return 1;
  pthread_mutex_lock(&state_mu);
  pthread_create(&w, NULL, waiter, NULL);
  pthread_create(&r, NULL, pipe_reader, NULL);
  usleep(100000);
  ready();
  spin_until_ready();
  return 0;
}

static int handler_flag; /* never set: the handler spins for ever */

__attribute__((noinline)) static void spin_in_handler(int sig) {
  (void)sig;
  static const char line[] = "ready\n";
  if (write(1, line, sizeof line - 1) < 0) {
  }
  while (!handler_flag) {
  }
}

/* A handler that spins, on top of main's spin: the dump's stack runs through
 * two interrupted instructions, each named by its own line. */
static int handler_spin(void) {
  signal(SIGALRM, spin_in_handler);
  struct itimerval soon = {{0, 0}, {0, 100000}};
  setitimer(ITIMER_REAL, &soon, NULL);
  spin_until_ready();
  return 0;
}

/* Spins for a while, then waits in read() for ever: two pictures. */
static int phases(double spin_s) {
  if (pipe(pipe_fds) < 0)
    return 1;
  ready();
  double until = seconds() + spin_s;
  while (seconds() < until) {
  }
  pipe_reader(NULL);
  return 0;
}

static volatile sig_atomic_t caught;
static void on_signal(int sig) { caught = sig; }

/* Its own SIGINT and SIGQUIT handlers: they must stay the program's. */
static int own_handler(void) {
  signal(SIGINT, on_signal);
  signal(SIGQUIT, on_signal);
  ready();
  while (caught != SIGINT)
    pause();
  printf("caught SIGINT\n");
  return 3;
}

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static int *table; /* never allocated */

static void *crasher(void *arg) {
  (void)arg;
  pthread_mutex_lock(&table_mu);
  table[3] = 1;
  pthread_mutex_unlock(&table_mu);
  return NULL;
}

static int crash(void) {
  pthread_t t;
  pthread_create(&t, NULL, crasher, NULL);
  pthread_join(t, NULL);
  return 0;
}

/* Sleeps without moving: not a hang. */
static int sleeper(void) {
  sleep(3);
  printf("woke\n");
  return 0;
}

static sem_t go;
static void post_go(int sig) {
  (void)sig;
  sem_post(&go);
}

/* Waits on a semaphore only a signal handler posts: weft cannot prove a
 * deadlock (the signal may come), it suspects one. */
static int handler_sem(void) {
  sem_init(&go, 0, 0);
  signal(SIGUSR1, post_go);
  ready();
  while (sem_wait(&go) < 0) {
  }
  printf("posted\n");
  return 0;
}

static pthread_mutex_t first_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second_mu = PTHREAD_MUTEX_INITIALIZER;

static void *in_order(void *arg) {
  (void)arg;
  pthread_mutex_lock(&first_mu);
  pthread_mutex_lock(&second_mu);
  pthread_mutex_unlock(&second_mu);
  pthread_mutex_unlock(&first_mu);
  return NULL;
}

static void *reversed(void *arg) {
  (void)arg;
  pthread_mutex_lock(&second_mu);
  pthread_mutex_lock(&first_mu);
  pthread_mutex_unlock(&first_mu);
  pthread_mutex_unlock(&second_mu);
  return NULL;
}

/* Locks taken in opposite orders by two short threads: the first is nearly
 * always done before the second starts, so the deadlock is rare. */
static int rare_abba(int gap_us) {
  pthread_t a, b;
  pthread_create(&a, NULL, in_order, NULL);
  if (gap_us)
    usleep((useconds_t)gap_us); /* rarer still: the first is long done */
  pthread_create(&b, NULL, reversed, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("done\n");
  return 0;
}

static pthread_mutex_t box_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t box_cv = PTHREAD_COND_INITIALIZER;
static int box; /* 0: empty */

static void *filler(void *arg) {
  (void)arg;
  for (int round = 1; round <= 8; round++) {
    usleep(20000);
    pthread_mutex_lock(&box_mu);
    box = round;
    pthread_cond_signal(&box_cv);
    pthread_mutex_unlock(&box_mu);
    for (int i = 0; i < 200 && __atomic_load_n(&box, __ATOMIC_RELAXED); i++)
      usleep(1000); /* until the box is taken, or the taker is gone */
  }
  return NULL;
}

/* The classic `if` that should be a `while`: right unless a wait returns
 * with no signal, which POSIX allows (and --spurious does). */
static int if_not_while(void) {
  pthread_t f;
  pthread_create(&f, NULL, filler, NULL);
  int wrong = 0;
  for (int round = 1; round <= 8; round++) {
    pthread_mutex_lock(&box_mu);
    if (!box)
      pthread_cond_wait(&box_cv, &box_mu);
    wrong += box != round;
    box = 0;
    pthread_mutex_unlock(&box_mu);
  }
  pthread_join(f, NULL);
  printf(wrong ? "wrong\n" : "right\n");
  return 0;
}

static WeftChan *events;

static void *hub(void *arg) {
  (void)arg;
  int ev;
  bool ok;
  weft_chan_recv(events, &ev, &ok); /* nobody ever sends: the hub is stuck */
  return NULL;
}

/* The chat server's shape with its hub stuck: main waits in accept(), so no
 * deadlock can be proven, and the hub waits on a channel for ever. */
static int server(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 4) < 0)
    return 1;
  events = weft_chan_make_named(sizeof(int), 0, "events");
  pthread_t h;
  pthread_create(&h, NULL, hub, NULL);
  ready();
  int c = accept(s, NULL, NULL);
  close(c);
  return 0;
}

int main(int argc, char **argv) {
  const char *c = argc > 1 ? argv[1] : "";
  if (!strcmp(c, "spin"))
    return spin();
  if (!strcmp(c, "phases"))
    return phases(argc > 2 ? atof(argv[2]) : 2.5);
  if (!strcmp(c, "own-handler"))
    return own_handler();
  if (!strcmp(c, "crash"))
    return crash();
  if (!strcmp(c, "sleeper"))
    return sleeper();
  if (!strcmp(c, "server"))
    return server();
  if (!strcmp(c, "handler-sem"))
    return handler_sem();
  if (!strcmp(c, "rare-abba"))
    return rare_abba(argc > 2 ? atoi(argv[2]) : 0);
  if (!strcmp(c, "if-not-while"))
    return if_not_while();
  if (!strcmp(c, "handler-spin"))
    return handler_spin();
  fprintf(stderr, "usage: stuck spin|phases [S]|own-handler|crash|sleeper|server|handler-sem|rare-abba [GAP_US]|if-not-while|handler-spin\n");
  return 2;
}
