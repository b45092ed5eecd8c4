/* io-waits.c: a thread waiting outside pthreads, one case per argument.
 *   pipe-read   main reads a pipe that a thread writes 1 s later
 *   accept      main accepts on 127.0.0.1, a thread connects 300 ms later
 *   poll        main polls a silent pipe with a 300 ms timeout
 *   waitpid     main waits for a child that exits after 500 ms
 *   child-asleep  main waits (wait(), any child) for a child that locks a
 *               mutex twice, deadlocked for ever
 *   scanf       main reads a number from stdin (the test writes it late)
 *   file-read   main writes then reads back a 4 MiB regular file
 *   not-asleep  main reads stdin while a worker waits on a condvar for ever
 *   others      select and epoll_wait time out, sigwait, flock and fcntl(F_SETLKW)
 *               wait for a child's lock, write waits on a full pipe
 *   reuse       a regular file's number, once closed by fclose, by close, or
 *               replaced by dup2, then read as a pipe that a thread writes late
 * Prints what it got, so the test sees that results are unchanged. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipe_fds[2];
static int port;

static void *late_writer(void *arg) {
  (void)arg;
  sleep(1);
  if (write(pipe_fds[1], "hello", 5) != 5)
    exit(3);
  return NULL;
}

static void *late_client(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(c, (struct sockaddr *)&a, sizeof a) != 0)
    exit(3);
  return NULL;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void *waits_for_ever(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  for (;;)
    pthread_cond_wait(&never, &mu);
  return NULL;
}

/* Reads a regular file through fd, then frees the number in one of three
 * ways; the next pipe takes it and its read waits for a late writer. */
static void reuse(void) {
  for (int way = 0; way < 3; way++) {
    char name[] = "io-waits-file-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0 || write(fd, "data", 4) != 4)
      exit(3);
    close(fd);
    FILE *f = fopen(name, "r");
    char buf[16];
    int n = fileno(f);
    if (read(n, buf, sizeof buf) != 4)
      exit(3);
    if (way == 0)
      fclose(f);
    if (way == 1)
      close(n);
    if (pipe(pipe_fds) != 0)
      exit(3);
    if (way == 2) { /* the pipe's read end moved onto the file's number */
      dup2(pipe_fds[0], n);
      close(pipe_fds[0]);
      pipe_fds[0] = n;
    }
    pthread_t t;
    pthread_create(&t, NULL, late_writer, NULL);
    printf("%s %s\n", pipe_fds[0] == n ? "same number" : "another number",
           read(pipe_fds[0], buf, sizeof buf) == 5 ? "read" : "?");
    pthread_join(t, NULL);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    if (way != 0)
      fclose(f);
    unlink(name);
  }
}

static void *drain_late(void *arg) {
  (void)arg;
  usleep(200 * 1000);
  char buf[65536];
  while (read(pipe_fds[0], buf, sizeof buf) > 0) {
  }
  return NULL;
}

static void *signal_late(void *arg) {
  usleep(200 * 1000);
  pthread_kill(*(pthread_t *)arg, SIGUSR1);
  return NULL;
}

/* The lock on path, taken by a child for 300 ms, then by us. */
static int lock_after_child(const char *path, bool with_fcntl) {
  struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  pid_t child = fork();
  if (child == 0) {
    int fd = open(path, O_RDWR);
    if (with_fcntl ? fcntl(fd, F_SETLKW, &l) : flock(fd, LOCK_EX))
      _exit(3);
    usleep(300 * 1000);
    _exit(0);
  }
  usleep(50 * 1000);
  int fd = open(path, O_RDWR);
  int r = with_fcntl ? fcntl(fd, F_SETLKW, &l) : flock(fd, LOCK_EX);
  waitpid(child, NULL, 0);
  close(fd);
  return r;
}

static void others(void) {
  if (pipe(pipe_fds) != 0)
    exit(3);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(pipe_fds[0], &rd);
  struct timeval tv = {0, 200 * 1000};
  printf("select %d\n", select(pipe_fds[0] + 1, &rd, NULL, NULL, &tv));
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = pipe_fds[0]};
  epoll_ctl(ep, EPOLL_CTL_ADD, pipe_fds[0], &ev);
  printf("epoll %d\n", epoll_wait(ep, &ev, 1, 200));
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_t self = pthread_self(), t;
  pthread_create(&t, NULL, signal_late, &self);
  int sig = 0;
  sigwait(&set, &sig);
  pthread_join(t, NULL);
  printf("sigwait %s\n", sig == SIGUSR1 ? "SIGUSR1" : "?");
  char path[] = "io-waits-lock-XXXXXX";
  close(mkstemp(path));
  printf("flock %d\n", lock_after_child(path, false));
  printf("fcntl %d\n", lock_after_child(path, true));
  unlink(path);
  fcntl(pipe_fds[1], F_SETPIPE_SZ, 4096);
  pthread_create(&t, NULL, drain_late, NULL);
  static char big[1 << 16];
  printf("write %zd\n", write(pipe_fds[1], big, sizeof big));
  close(pipe_fds[1]);
  pthread_join(t, NULL);
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  pthread_t t;
  if (!strcmp(what, "pipe-read")) {
    if (pipe(pipe_fds) != 0)
      return 3;
    pthread_create(&t, NULL, late_writer, NULL);
    char buf[16] = {0};
    ssize_t n = read(pipe_fds[0], buf, sizeof buf - 1);
    pthread_join(t, NULL);
    printf("read %zd %s\n", n, buf);
  } else if (!strcmp(what, "accept")) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0)
      return 3;
    port = ntohs(a.sin_port);
    pthread_create(&t, NULL, late_client, NULL);
    int c = accept(s, NULL, NULL);
    pthread_join(t, NULL);
    printf("accepted %s\n", c >= 0 ? "yes" : "no");
    printf("port %d\n", port);
  } else if (!strcmp(what, "poll")) {
    if (pipe(pipe_fds) != 0)
      return 3;
    struct pollfd p = {pipe_fds[0], POLLIN, 0};
    printf("poll %d\n", poll(&p, 1, 300));
  } else if (!strcmp(what, "waitpid")) {
    pid_t child = fork();
    if (child == 0) {
      usleep(500 * 1000);
      _exit(7);
    }
    int status = 0;
    pid_t got = waitpid(child, &status, 0);
    printf("child %s status %d\n", got == child ? "reaped" : "lost", WEXITSTATUS(status));
  } else if (!strcmp(what, "child-asleep")) {
    static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pid_t child = fork();
    if (child == 0) {
      pthread_mutex_lock(&m);
      pthread_mutex_lock(&m);
      _exit(0);
    }
    int status = 0;
    pid_t got = wait(&status);
    printf("child %s status %d\n", got == child ? "reaped" : "lost", WEXITSTATUS(status));
  } else if (!strcmp(what, "scanf")) {
    int n = 0;
    printf("number? ");
    fflush(stdout);
    int got = scanf("%d", &n);
    printf(got == 1 ? "got %d\n" : "nothing %d\n", n);
  } else if (!strcmp(what, "file-read")) {
    char name[] = "io-waits-XXXXXX";
    int fd = mkstemp(name);
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 64; i++)
      if (write(fd, block, sizeof block) != (ssize_t)sizeof block)
        return 3;
    lseek(fd, 0, SEEK_SET);
    long total = 0;
    ssize_t n;
    while ((n = read(fd, block, sizeof block)) > 0)
      total += n;
    close(fd);
    unlink(name);
    printf("read %ld bytes\n", total);
  } else if (!strcmp(what, "not-asleep")) {
    pthread_create(&t, NULL, waits_for_ever, NULL);
    char line[64];
    printf("%s", fgets(line, sizeof line, stdin) ? line : "eof\n");
  } else if (!strcmp(what, "others")) {
    others();
  } else if (!strcmp(what, "reuse")) {
    reuse();
  } else {
    fprintf(stderr, "usage: io-waits pipe-read|accept|poll|waitpid|child-asleep|scanf|file-read|not-asleep|"
                    "others|reuse\n");
    return 2;
  }
  return 0;
}
