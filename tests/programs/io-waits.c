/* io-waits.c: a thread waiting outside pthreads, one case per argument.
 *   pipe-read   main reads a pipe that a thread writes 1 s later
 *   accept      main accepts on 127.0.0.1, a thread connects 300 ms later
 *   poll        main polls a silent pipe with a 300 ms timeout
 *   waitpid     main waits for a child that exits after 500 ms
 *   scanf       main reads a number from stdin (the test writes it late)
 *   file-read   main writes then reads back a 4 MiB regular file
 *   not-asleep  main reads stdin while a worker waits on a condvar for ever
 * Prints what it got, so the test sees that results are unchanged. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
  } else {
    fprintf(stderr, "usage: io-waits pipe-read|accept|poll|waitpid|scanf|file-read|not-asleep\n");
    return 2;
  }
  return 0;
}
