/* `reap N MODE`: N times, fork a child that sleeps 5 ms, writes the time
 * into shared memory and ends (MODE exit: _exit(0), through the tracer's
 * last flush; raw: the exit_group system call, past it), while main waits
 * for it in waitpid. Prints the median and 90th percentile, in us, of the
 * time from the child's end to waitpid's return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 100;
  int raw = argc > 2 && !strcmp(argv[2], "raw");
  volatile double *ended = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  double *d = malloc((size_t)n * sizeof *d);
  if (ended == MAP_FAILED || !d || n < 1)
    return 1;
  for (int i = 0; i < n; i++) {
    pid_t c = fork();
    if (c == 0) {
      usleep(5000);
      *ended = now_us();
      if (raw)
        syscall(SYS_exit_group, 0);
      _exit(0);
    }
    int status;
    waitpid(c, &status, 0);
    d[i] = now_us() - *ended;
  }
  qsort(d, (size_t)n, sizeof *d, by_value);
  printf("%.0f %.0f\n", d[n / 2], d[n * 9 / 10]);
  return 0;
}
