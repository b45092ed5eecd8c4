/* small-calls.c: the tracer's worst case for I/O, calls that never wait:
 *   read N   N reads of 64 bytes from a regular file (it is reread from the start)
 *   write N  N writes of 64 bytes to /dev/null
 *   getc N   N getc() from a regular file through stdio's buffer
 *   pipe N   N 64-byte messages through a pipe between two threads (they wait)
 * Prints the calls made and the nanoseconds taken. */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long n;
static int fds[2];

static uint64_t now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void *pipe_writer(void *arg) {
  (void)arg;
  char msg[64] = {0};
  for (long i = 0; i < n; i++)
    if (write(fds[1], msg, sizeof msg) != sizeof msg)
      exit(1);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  n = atol(argv[2]);
  char path[] = "/tmp/weft-small-calls-XXXXXX";
  int fd = mkstemp(path);
  static char block[1 << 16];
  memset(block, 'x', sizeof block);
  if (fd < 0 || write(fd, block, sizeof block) != sizeof block)
    return 1;
  unlink(path);
  char buf[64];
  long sum = 0;
  uint64_t t0 = now();
  if (!strcmp(argv[1], "read")) {
    for (long i = 0; i < n; i++) {
      if (i % 1024 == 0)
        lseek(fd, 0, SEEK_SET);
      sum += read(fd, buf, sizeof buf);
    }
  } else if (!strcmp(argv[1], "write")) {
    int null = open("/dev/null", O_WRONLY);
    for (long i = 0; i < n; i++)
      sum += write(null, buf, sizeof buf);
  } else if (!strcmp(argv[1], "getc")) {
    FILE *f = fdopen(fd, "r");
    for (long i = 0; i < n; i++) {
      int c = getc(f);
      if (c == EOF) {
        rewind(f);
        c = getc(f);
      }
      sum += c;
    }
  } else if (!strcmp(argv[1], "pipe")) {
    if (pipe(fds) != 0)
      return 1;
    pthread_t t;
    pthread_create(&t, NULL, pipe_writer, NULL);
    for (long i = 0; i < n; i++) {
      long got = 0;
      while (got < (long)sizeof buf) {
        ssize_t r = read(fds[0], buf, sizeof buf - (size_t)got);
        if (r <= 0)
          return 1;
        got += r;
      }
      sum += got;
    }
    pthread_join(t, NULL);
  } else {
    return 2;
  }
  printf("%ld %llu\n", n, (unsigned long long)(now() - t0));
  return sum < 0;
}
