/* weft-children.c: the traces of a recorded program's child processes.
 *
 * Every process the program starts (fork, vfork, posix_spawn, a shell's
 * commands) writes <root>-<pid>.weft beside the root trace. Once the program
 * has ended, weft record waits for the children that outlive it, then names
 * their addresses, prints their deadlocks and says where each one is: a
 * child's trace is found without looking for it, and the reading commands
 * open them with the root (weft-family-read.c). */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "weft-children.h"
#include "weft-deadlock-text.h"
#include "weft-findings-dump.h"
#include "weft-i18n.h"
#include "weft-symbolize.h"
#include "weft-trace.h"

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A child that outlives the program (its parent did not wait for it) still
 * writes its trace: naming its addresses now would write into the file at
 * the same time and damage it. A zombie has written all. */
static bool still_runs(unsigned long pid) {
  char path[64], line[4096];
  snprintf(path, sizeof path, "/proc/%lu/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  size_t n = fread(line, 1, sizeof line - 1, f);
  fclose(f);
  line[n] = 0;
  const char *state = strrchr(line, ')');
  return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* Its preload in its maps tells the child from an unrelated process that got
 * the pid again. */
static bool traced(unsigned long pid) {
  char path[64], line[4096];
  snprintf(path, sizeof path, "/proc/%lu/maps", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  bool found = false;
  while (!found && fgets(line, sizeof line, f))
    found = strstr(line, "libweft-preload") != NULL;
  fclose(f);
  return found;
}

static volatile sig_atomic_t stop_waiting;
static void on_interrupt(int sig) {
  (void)sig;
  stop_waiting = 1;
}

/* True once the child has ended; false when Ctrl-C stopped the wait. */
static bool wait_for_child(unsigned long pid, const char *shown) {
  if (!still_runs(pid) || !traced(pid))
    return true;
  fprintf(stderr,
          _("weft: child process %lu still runs; waiting for it to end to finish its trace "
            "%s (Ctrl-C: stop waiting)\n"),
          pid, shown);
  struct sigaction sa = {.sa_handler = on_interrupt}, old;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  const struct timespec tick = {0, 50 * 1000 * 1000};
  while (!stop_waiting && still_runs(pid))
    nanosleep(&tick, NULL);
  sigaction(SIGINT, &old, NULL);
  if (!still_runs(pid))
    return true;
  fprintf(stderr,
          _("weft: child process %lu still runs: its trace %s is left as it is, complete "
            "only once it ends and without function names\n"),
          pid, shown);
  return false;
}

static void report_child(const char *path, const char *shown, unsigned long pid) {
  if (!wait_for_child(pid, shown))
    return;
  unsigned frames;
  weft_symbolize(path, &frames);
  WeftTrace *t;
  if (weft_trace_open(path, &t) != WEFT_TRACE_OK) {
    fprintf(stderr, _("weft: child process %lu left no readable trace in %s\n"), pid, shown);
    return;
  }
  size_t n, nev, nth;
  const WeftDeadlock *d = weft_trace_deadlocks(t, &n);
  for (size_t i = 0; i < n; i++) {
    char *text = weft_deadlock_report(t, &d[i]);
    if (text)
      fputs(text, stderr);
    free(text);
  }
  /* a child that crashed says so as the program would: a student's fork
   * whose child dies of SIGSEGV must not pass in silence */
  WeftDumpFinding *dumps = weft_find_dumps(t, &n);
  for (size_t i = 0; i < n; i++)
    if (dumps[i].reason == WEFT_DUMP_CRASH) {
      fprintf(stderr, _("\nweft: in child process %lu:"), pid);
      weft_print_dump(stderr, t, &dumps[i], 0);
    }
  free(dumps);
  weft_trace_events(t, &nev);
  weft_trace_threads(t, &nth);
  fprintf(stderr, _("weft: trace of child process %lu written to %s: %zu events, %zu threads\n"),
          pid, shown, nev, nth);
  weft_trace_free(t);
}

unsigned weft_record_children(const char *root, const char *shown_root, time_t since) {
  char dir[PATH_MAX], stem[PATH_MAX];
  const char *slash = strrchr(root, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - root) : 1, slash ? root : ".");
  snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : root);
  size_t stem_len = strlen(stem);
  if (stem_len > 5 && !strcmp(stem + stem_len - 5, ".weft"))
    stem[stem_len -= 5] = 0;
  const char *shown_slash = strrchr(shown_root, '/');
  int shown_dir_len = shown_slash ? (int)(shown_slash - shown_root) + 1 : 0;

  DIR *d = opendir(dir[0] ? dir : "/");
  if (!d)
    return 0;
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!weft_child_trace_pid(e->d_name, stem, stem_len))
      continue;
    char path[PATH_MAX + 260];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    /* an older run's, or not one this run wrote (a link, another user's) */
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        st.st_mtime < since)
      continue;
    char **more = realloc(names, (n + 1) * sizeof *names);
    if (!more)
      break;
    names = more;
    if (!(names[n] = strdup(e->d_name)))
      break;
    n++;
  }
  closedir(d);
  if (n) /* qsort must not be given NULL, even for nothing */
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    char path[PATH_MAX + 260], shown[PATH_MAX + 260];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    snprintf(shown, sizeof shown, "%.*s%s", shown_dir_len, shown_root, names[i]);
    report_child(path, shown, weft_child_trace_pid(names[i], stem, stem_len));
    free(names[i]);
  }
  free(names);
  if (n)
    fprintf(stderr,
            _("weft: weft report, view, render and export read these %u processes as one run "
              "from %s (--no-children: the program's alone)\n"),
            (unsigned)n + 1, shown_root);
  return (unsigned)n;
}

/* "dir/stem.weft" -> "dir", "stem" */
static void split_root(const char *root, char *dir, size_t dir_size, char *stem, size_t stem_size) {
  const char *slash = strrchr(root, '/');
  snprintf(dir, dir_size, "%.*s", slash ? (int)(slash - root) : 1, slash ? root : ".");
  if (!dir[0])
    snprintf(dir, dir_size, "/");
  snprintf(stem, stem_size, "%s", slash ? slash + 1 : root);
  size_t n = strlen(stem);
  if (n > 5 && !strcmp(stem + n - 5, ".weft"))
    stem[n - 5] = 0;
}

void weft_children_move(const char *root, const char *to) {
  char dir[PATH_MAX], stem[PATH_MAX], to_dir[PATH_MAX], to_stem[PATH_MAX];
  split_root(root, dir, sizeof dir, stem, sizeof stem);
  if (to)
    split_root(to, to_dir, sizeof to_dir, to_stem, sizeof to_stem);
  size_t stem_len = strlen(stem);
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!weft_child_trace_pid(e->d_name, stem, stem_len))
      continue;
    char path[PATH_MAX + 260], dest[2 * PATH_MAX + 260];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (!to) {
      unlink(path);
      continue;
    }
    /* the pid and what follows it stay: "-4243.weft", "-4243.1.weft" */
    snprintf(dest, sizeof dest, "%s/%s%s", to_dir, to_stem, e->d_name + stem_len);
    rename(path, dest);
  }
  closedir(d);
}
