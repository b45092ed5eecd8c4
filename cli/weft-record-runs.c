/* weft-record-runs.c: `weft record --shake --runs N`: the same program N
 * times, each with its own seed, until a run deadlocks, hangs, crashes or
 * exits differently from the first (status, or its output's lines in any
 * order); that run is kept, with the seed that replays it. Each run is this
 * very command again (so everything `weft record` does applies), its output
 * held back until the run is judged. */
#include "weft-record-runs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-cli.h"
#include "weft-commands.h"
#include "weft-findings-dump.h"
#include "weft-i18n.h"
#include "weft-trace.h"

/* What went wrong in a run, or NULL. */
static const char *judge(const char *trace, int status, int first_status, const char *out,
                         const char *first_out) {
  WeftTrace *t;
  if (weft_trace_open(trace, &t) == WEFT_TRACE_OK) {
    size_t n;
    weft_trace_deadlocks(t, &n);
    const char *what = n ? _("deadlocked") : NULL;
    WeftDumpFinding *d = weft_find_dumps(t, &n);
    for (size_t i = 0; i < n && !what; i++)
      what = d[i].reason == WEFT_DUMP_CRASH     ? _("crashed")
             : d[i].reason == WEFT_DUMP_TIMEOUT ? _("hung (it ran past --timeout)")
                                                : NULL;
    free(d);
    weft_trace_free(t);
    if (what)
      return what;
  }
  if (status != first_status)
    return _("ended with another status than the first run");
  if (first_out && strcmp(out, first_out))
    return _("printed other lines than the first run");
  return NULL;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return strdup("");
  char *buf = NULL;
  size_t len = 0, cap = 0;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + got + 1 > cap) {
      cap = (len + got + 1) * 2;
      char *grown = realloc(buf, cap);
      if (!grown)
        break;
      buf = grown;
    }
    memcpy(buf + len, chunk, got);
    len += got;
  }
  fclose(f);
  if (!buf)
    return strdup("");
  buf[len] = 0;
  return buf;
}

static int line_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The output's lines sorted: threads print in any order, the lines stay. */
static char *sorted_lines(char *text) {
  size_t n = 0, cap = 16;
  char **lines = malloc(cap * sizeof *lines);
  for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && lines;
       l = strtok_r(NULL, "\n", &save)) {
    if (n == cap) {
      char **grown = realloc(lines, (cap *= 2) * sizeof *lines);
      if (!grown)
        break;
      lines = grown;
    }
    lines[n++] = l;
  }
  if (!lines)
    return strdup("");
  qsort(lines, n, sizeof *lines, line_cmp);
  size_t total = 1;
  for (size_t i = 0; i < n; i++)
    total += strlen(lines[i]) + 1;
  char *out = malloc(total), *p = out;
  for (size_t i = 0; out && i < n; i++)
    p += sprintf(p, "%s\n", lines[i]);
  if (out)
    *p = 0;
  free(lines);
  return out ? out : strdup("");
}

static void copy_out(const char *text, FILE *to) {
  fputs(text, to);
  fflush(to);
}

int weft_record_runs(char **options, int noptions, char **program, const char *output,
                     unsigned runs, uint64_t seed, bool has_timeout) {
  char dir[] = "/tmp/weft-runs-XXXXXX";
  if (!mkdtemp(dir)) {
    fprintf(stderr, _("weft record: %s\n"), strerror(errno));
    return WEFT_EXIT_SOFTWARE;
  }
  char out_path[64], err_path[64];
  snprintf(out_path, sizeof out_path, "%s/out", dir);
  snprintf(err_path, sizeof err_path, "%s/err", dir);
  int nprog = 0;
  while (program[nprog])
    nprog++;
  char **argv = calloc((size_t)(noptions + nprog + 8), sizeof *argv);
  int first_status = 0, status = 0;
  char *first_out = NULL;
  unsigned run = 0;
  const char *what = NULL;
  char shake[48];
  for (run = 0; run < runs && argv && !what; run++) {
    int k = 0;
    argv[k++] = "weft";
    argv[k++] = "record";
    for (int i = 0; i < noptions; i++)
      argv[k++] = options[i];
    snprintf(shake, sizeof shake, "--shake=%llu", (unsigned long long)(seed + run));
    argv[k++] = shake;
    if (!has_timeout) /* a hung run must end for the next to start */
      argv[k++] = "--timeout=10";
    argv[k++] = "-o";
    argv[k++] = (char *)output;
    argv[k++] = "--";
    for (int i = 0; i < nprog; i++)
      argv[k++] = program[i];
    argv[k] = NULL;
    fprintf(stderr, _("weft: run %u of %u, --shake=%llu\n"), run + 1, runs,
            (unsigned long long)(seed + run));
    int out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    status = out_fd >= 0 && err_fd >= 0 ? weft_cli_run_self(argv, out_fd, err_fd) : -1;
    int saved = errno;
    if (out_fd >= 0)
      close(out_fd);
    if (err_fd >= 0)
      close(err_fd);
    if (status < 0) {
      fprintf(stderr, _("weft record: %s\n"), strerror(saved));
      break;
    }
    char *text = slurp(out_path);
    char *lines = sorted_lines(text);
    free(text);
    if (run == 0) {
      first_status = status;
      first_out = lines;
      lines = NULL;
      what = judge(output, status, status, "", NULL);
    } else {
      what = judge(output, status, first_status, lines, first_out);
    }
    free(lines);
    if (what || run + 1 == runs) { /* the run kept: its own words */
      char *o = slurp(out_path), *e = slurp(err_path);
      copy_out(o, stdout);
      copy_out(e, stderr);
      free(o);
      free(e);
    }
  }
  if (what) {
    char cmd[1024];
    weft_cli_join_args(cmd, sizeof cmd, nprog, program);
    fprintf(stderr,
            _("weft: run %u of %u %s; its trace is %s; replay it with: weft record "
              "--shake=%llu -- %s\n"),
            run, runs, what, output, (unsigned long long)(seed + run - 1), cmd);
  }
  else
    fprintf(stderr,
            _("weft: %u runs (--shake=%llu to %llu): none deadlocked, hung, crashed or exited "
              "differently\n"),
            run, (unsigned long long)seed, (unsigned long long)(seed + run - 1));
  free(first_out);
  free(argv);
  unlink(out_path);
  unlink(err_path);
  rmdir(dir);
  return status;
}
