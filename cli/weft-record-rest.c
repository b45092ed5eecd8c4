/* weft-record-rest.c: the processes a recorded run leaves behind.
 *
 * When the run ends by --timeout (or weft record had to kill the program),
 * the processes it started and left running belong to that run: they are
 * ended too, and reaped before weft record reads their traces (a trace read
 * while its process still writes may end inside a chunk; a child left
 * running would hang on a lab server for good). weft record is their
 * reaper (PR_SET_CHILD_SUBREAPER), so they are its children once their
 * parents have ended: its children listed in /proc are the rest of the run. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

#include "weft-record-rest.h"

#define MAX_REST 1024
#define TERM_TO_KILL_NS 2000000000ull
#define GIVE_UP_NS 10000000000ull

void weft_record_adopt_orphans(void) { prctl(PR_SET_CHILD_SUBREAPER, 1); }

static unsigned long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/* weft record's children (of any of its threads), but `keep`. */
static size_t children(pid_t *out, size_t max, pid_t keep) {
  size_t n = 0;
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < max) {
    if (e->d_name[0] == '.')
      continue;
    char path[300];
    snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f)
      continue;
    long pid;
    while (n < max && fscanf(f, "%ld", &pid) == 1)
      if ((pid_t)pid != keep)
        out[n++] = (pid_t)pid;
    fclose(f);
  }
  closedir(d);
  return n;
}

static bool seen(const pid_t *v, size_t n, pid_t pid) {
  for (size_t i = 0; i < n; i++)
    if (v[i] == pid)
      return true;
  return false;
}

unsigned weft_record_end_rest(pid_t keep) {
  static pid_t termed[MAX_REST];
  size_t nterm = 0;
  unsigned long long start = now_ns();
  for (;;) {
    pid_t kids[MAX_REST];
    size_t n = children(kids, MAX_REST, keep);
    if (n == 0)
      break;
    unsigned long long waited = now_ns() - start;
    if (waited > GIVE_UP_NS)
      break; /* never hang weft record: what is left runs on */
    for (size_t i = 0; i < n; i++) {
      int status;
      if (waitpid(kids[i], &status, WNOHANG) == kids[i])
        continue; /* ended: reaped */
      if (waited > TERM_TO_KILL_NS) {
        kill(kids[i], SIGKILL);
      } else if (!seen(termed, nterm, kids[i]) && nterm < MAX_REST) {
        termed[nterm++] = kids[i];
        kill(kids[i], SIGTERM);
      }
    }
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  }
  return (unsigned)nterm;
}
