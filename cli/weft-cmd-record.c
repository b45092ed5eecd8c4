/* weft-cmd-record.c: `weft record [-o FILE] [--no-stacks] -- PROGRAM [ARGS...]`
 *
 * Runs PROGRAM with libweft-preload.so first in LD_PRELOAD, waits for it,
 * names the trace's addresses, closes the trace with the exit status, and
 * exits with the program's own status (128+N when a signal N ended it). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "weft-children.h"
#include "weft-cli.h"
#include "weft-commands.h"
#include "weft-deadlock-text.h"
#include "weft-diagnosis.h"
#include "weft-findings-course.h"
#include "weft-findings-dump.h"
#include "weft-record-rest.h"
#include "weft-record-runs.h"
#include "weft-record-view.h"
#include "weft-encode-private.h"
#include "weft-i18n.h"
#include "weft-stack-view.h"
#include "weft-start.h"
#include "weft-races-report.h"
#include "weft-symbolize.h"
#include "weft-tsan-binary.h"
#include "weft-trace.h"
#include "weft-writer.h"

static void record_usage(FILE *out) {
  fprintf(out, _("Usage: weft record [OPTIONS] [--] PROGRAM [ARGS...]\n\n"
                 "Runs PROGRAM under the tracer and writes its trace.\n\n"
                 "Options:\n"
                 "  -o, --output FILE     where to write the trace (default: PROGRAM.weft)\n"
                 "      --no-stacks       do not capture call stacks\n"
                 "      --stacks=MODE     all (default), blocking (only where threads block), off\n"
                 "      --stack-depth=N   frames per stack, 1 to 64 (default 16)\n"
                 "      --on-deadlock=WHAT  exit (default: report, end the program, status 2),\n"
                 "                        report (report and leave it hanging), abort (core dump)\n"
                 "      --deadlock-ms=N   how often the deadlock check runs, 0 to turn it off\n"
                 "                        (default 250; a deadlock is confirmed on two checks)\n"
                 "      --race            the program must be built for race detection\n"
                 "                        (-fsanitize=thread); says how to rebuild it if not\n"
                 "      --timeout=S       after S seconds, print every thread's state and end\n"
                 "                        the program (status 124)\n"
                 "      --watch=S         when no thread makes progress for S seconds, print\n"
                 "                        every thread's state once: suspected hang (default 5)\n"
                 "      --no-watch        no such watch\n"
                 "      --shake[=SEED]    perturb the schedule at each synchronisation point\n"
                 "                        (yields, short sleeps), reproducibly for a SEED\n"
                 "      --spurious        condition waits now and then return with no signal\n"
                 "      --runs=N          with --shake: run up to N times, seeds SEED, SEED+1...,\n"
                 "                        and keep the first run that deadlocks, hangs, crashes\n"
                 "                        or exits differently\n"
                 "Ctrl-C prints every thread's state, then the program ends; Ctrl-\\ prints it\n"
                 "and the program runs on (unless the program handles these signals itself).\n"
                 "  -h, --help            show this help\n"));
  fputs(_("      --view            open the viewer on the run as it goes: lanes grow as\n"
          "                        the trace is written; it stays open when the run ends\n"),
        out);
  fputs(_("\nTrace files:\n"
          "      --mode=OCTAL      their permissions (default 600: only you can read them)\n"
          "      --strict          exit with status 74 when events were lost\n"),
        out);
  fputs(_("      --max-size=SIZE   bound each trace file (default 1G; 0: no bound): past\n"
          "                        half of it, the start of the run is kept and the rest\n"
          "                        of the bound holds the last part, the middle dropped\n"),
        out);
}

/* The tracer: WEFT_PRELOAD, else beside this weft, in its build tree or its
 * installed LIBDIR/weft/. 0, or the exit status once it has said why not. */
static int find_preload(char *out, size_t size) {
  const char *env = getenv("WEFT_PRELOAD");
  if (env && *env) {
    snprintf(out, size, "%s", env);
    if (access(out, R_OK) == 0)
      return 0;
    fprintf(stderr, _("weft record: WEFT_PRELOAD names '%s', which cannot be read: %s\n"), env,
            strerror(errno));
    return WEFT_EXIT_UNAVAILABLE;
  }
  char dir[PATH_MAX], path[PATH_MAX + 64];
  if (weft_cli_self_dir(dir, sizeof dir)) {
    const char *candidates[] = {"%s/../tracer/preload/libweft-preload.so",
                                "%s/../" WEFT_LIBDIR_REL "/libweft-preload.so"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
      snprintf(path, sizeof path, candidates[i], dir);
      if (access(path, R_OK) == 0 && realpath(path, out))
        return 0;
    }
  }
  /* Where an installed weft expects it, without the "..". */
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = 0;
  snprintf(path, sizeof path, "%s/%s/libweft-preload.so", slash ? dir : "", WEFT_LIBDIR_REL);
  fprintf(stderr, _("weft record: the tracer is missing: no %s beside this weft; install weft "
                    "again (scripts/install.sh), or set WEFT_PRELOAD to its path\n"),
          path);
  return WEFT_EXIT_UNAVAILABLE;
}

/* -o must name a trace: not the program (the run would overwrite it), not a
 * directory, a FIFO or a device, not a symbolic link (which could point
 * anywhere). Checked before anything is opened. */
static bool output_acceptable(const char *output, const char *prog) {
  struct stat out, exe;
  if (lstat(output, &out) < 0)
    return true; /* a new file: open() says what is wrong with its folder */
  const char *why = NULL;
  if (S_ISLNK(out.st_mode))
    why = _("it is a symbolic link; give the trace's own path");
  else if (S_ISDIR(out.st_mode))
    why = _("it is a directory");
  else if (!S_ISREG(out.st_mode))
    why = _("it is not a regular file (a FIFO, a socket or a device)");
  else if (stat(prog, &exe) == 0 && exe.st_dev == out.st_dev && exe.st_ino == out.st_ino)
    why = _("it is the program itself");
  if (!why)
    return true;
  fprintf(stderr, _("weft record: will not write the trace to '%s': %s\n"), output, why);
  return false;
}

#define WEFT_DEFAULT_MAX_SIZE (1ull << 30)
#define RECORD_FINDINGS_MAX_EVENTS 4000000u /* about 130 MB loaded */

/* "500M", "2G", "65536", "0": bytes; at least 2 MiB unless 0. */
static bool parse_size(const char *text, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (end == text || errno || *text == '-')
    return false;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k')
    shift = 10;
  else if (*end == 'M' || *end == 'm')
    shift = 20;
  else if (*end == 'G' || *end == 'g')
    shift = 30;
  if (shift)
    end++;
  if (*end || v > (~0ull >> shift))
    return false;
  v <<= shift;
  if (v && v < (2ull << 20))
    return false;
  *out = v;
  return true;
}

/* One process-level metadata record appended to the trace. */
static void append_meta(const char *path, unsigned type, uint64_t value) {
  WeftWriter *w = weft_writer_append(path);
  if (!w)
    return;
  weft_writer_meta(w, 0, type, 1, &value, NULL, 0);
  weft_writer_close(w);
}

static void append_end(const char *path, int status) {
  append_meta(path, WEFT_META_END, _weft_zigzag(status));
}

/* What the tracers of the program's processes told us through WEFT_NOTIFY_FD,
 * and what of it weft record printed. */
typedef struct {
  size_t deadlocks_printed, dumps_printed;
  bool timed_out;         /* a dump said the program ran past --timeout */
  int live_pid;           /* the program, while it runs: its descriptors are named */
  unsigned lost_reports;  /* processes whose trace stopped on a write error */
  uint64_t lost;          /* events they could not write */
  uint64_t lost_after_ns; /* the earliest point where one stopped */
} Notices;

/* A copy of the trace as it is now, in the temporary folder: while the
 * program runs, its tracer writes the trace at offsets of its own (a bounded
 * trace), and names appended behind its back would be overwritten. NULL if
 * it cannot be made. */
static char *live_copy(const char *path) {
  const char *dir = getenv("TMPDIR");
  char *copy = NULL;
  if (asprintf(&copy, "%s/weft-live-XXXXXX", dir && *dir ? dir : "/tmp") < 0)
    return NULL;
  int out = mkostemp(copy, O_CLOEXEC);
  int in = open(path, O_RDONLY | O_CLOEXEC);
  bool ok = out >= 0 && in >= 0;
  static char buf[1 << 16];
  for (ssize_t k = 1; ok && k > 0;) {
    k = read(in, buf, sizeof buf);
    ok = k >= 0 && (k == 0 || write(out, buf, (size_t)k) == k);
  }
  if (in >= 0)
    close(in);
  if (out >= 0 && close(out) != 0)
    ok = false;
  if (!ok) {
    if (out >= 0)
      unlink(copy);
    free(copy);
    return NULL;
  }
  return copy;
}

/* Names the trace's new addresses, then prints the deadlocks and dumps not
 * yet printed. */
static void print_news(const char *path, Notices *n) {
  unsigned frames;
  char *copy = n->live_pid ? live_copy(path) : NULL;
  if (copy)
    path = copy;
  weft_symbolize(path, &frames);
  WeftTrace *t;
  if (weft_trace_open(path, &t) != WEFT_TRACE_OK) {
    if (copy)
      unlink(copy);
    free(copy);
    return;
  }
  size_t count;
  const WeftDeadlock *d = weft_trace_deadlocks(t, &count);
  for (size_t i = n->deadlocks_printed; i < count; i++) {
    char *text = weft_deadlock_report(t, &d[i]);
    fputs(text ? text : "", stderr);
    free(text);
  }
  if (count > n->deadlocks_printed)
    n->deadlocks_printed = count;
  WeftDumpFinding *dumps = weft_find_dumps(t, &count);
  for (size_t i = n->dumps_printed; i < count; i++) {
    weft_print_dump(stderr, t, &dumps[i], n->live_pid);
    n->timed_out = n->timed_out || dumps[i].reason == WEFT_DUMP_TIMEOUT;
  }
  if (count > n->dumps_printed)
    n->dumps_printed = count;
  free(dumps);
  weft_trace_free(t);
  if (copy)
    unlink(copy);
  free(copy);
}

/* Seconds, as --timeout and --watch take them; -1 if not a number. */
static double parse_seconds(const char *text, double max) {
  char *end;
  double v = strtod(text, &end);
  return *text && !*end && v >= 0 && v <= max ? v : -1;
}

/* One message: 'D' (a deadlock is in the trace), 'Q' (a dump is), or 'L' and
 * two u64 (events lost, ns into the run where the trace stopped), written
 * whole by one write() under PIPE_BUF. False at the end of the pipe or when
 * empty. */
static bool read_notice(int fd, const char *path, Notices *n) {
  uint8_t kind;
  if (read(fd, &kind, 1) != 1)
    return false;
  if (kind == 'L') {
    uint64_t v[2];
    if (read(fd, v, sizeof v) != (ssize_t)sizeof v)
      return false;
    if (!n->lost_reports || v[1] < n->lost_after_ns)
      n->lost_after_ns = v[1];
    n->lost += v[0];
    n->lost_reports++;
  } else {
    print_news(path, n);
  }
  return true;
}


int weft_cmd_record(int argc, char **argv) {
  static const struct option opts[] = {
      {"output", required_argument, NULL, 'o'},
      {"no-stacks", no_argument, NULL, 'S'},
      {"stacks", required_argument, NULL, 's'},
      {"stack-depth", required_argument, NULL, 'd'},
      {"on-deadlock", required_argument, NULL, 'D'},
      {"deadlock-ms", required_argument, NULL, 'M'},
      {"race", no_argument, NULL, 'r'},
      {"mode", required_argument, NULL, 'm'},
      {"strict", no_argument, NULL, 'T'},
      {"max-size", required_argument, NULL, 'X'},
      {"timeout", required_argument, NULL, 't'},
      {"watch", required_argument, NULL, 'W'},
      {"no-watch", no_argument, NULL, 'N'},
      {"shake", optional_argument, NULL, 'K'},
      {"spurious", no_argument, NULL, 'P'},
      {"runs", required_argument, NULL, 'R'},
      {"view", no_argument, NULL, 'V'},
      {"help", no_argument, NULL, 'h'},
      {0, 0, 0, 0},
  };
  const char *output = NULL, *stacks = "all", *on_deadlock = "exit", *deadlock_ms = "250";
  bool view = false; /* --view: the viewer on the run as it goes (weft-record-view.c) */
  unsigned mode = 0600; /* a trace shows the program's stacks and arguments: private by default */
  bool strict = false;  /* a trace with lost events is a failure */
  /* A runaway loop on a shared lab server must not fill its disk. */
  unsigned long long max_size = WEFT_DEFAULT_MAX_SIZE;
  long depth = 16;
  double timeout = 0, watch = 5;
  bool shake = false, seed_given = false, spurious = false;
  unsigned long long seed = 0;
  long runs = 1;

  bool race = false;
  int c;
  opterr = 0;
  optind = 1;
  /* '+' stops at the program's name: its own flags are not ours; ':' tells
   * a missing value from an unknown option. */
  while ((c = getopt_long(argc, argv, "+:o:h", opts, NULL)) != -1) {
    /* "-o -- prog" would name the trace "--" and run prog: the value is missing. */
    if (c != ':' && c != '?' && optarg && !strcmp(optarg, "--")) {
      const char *name = optarg == argv[optind - 1] ? argv[optind - 2] : argv[optind - 1];
      fprintf(stderr, _("weft record: %.*s needs a value before '--'\n"), (int)strcspn(name, "="),
              name);
      return WEFT_EXIT_USAGE;
    }
    switch (c) {
    case ':':
      fprintf(stderr, _("weft record: %s needs a value; try 'weft record --help'\n"),
              argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    case 'o': output = optarg; break;
    case 'S': stacks = "off"; break;
    case 's':
      if (strcmp(optarg, "all") && strcmp(optarg, "blocking") && strcmp(optarg, "off")) {
        fprintf(stderr, _("weft record: --stacks takes all, blocking or off, not '%s'\n"), optarg);
        return WEFT_EXIT_USAGE;
      }
      stacks = optarg;
      break;
    case 'd': {
      char *end;
      depth = strtol(optarg, &end, 10);
      if (*end || depth < 1 || depth > 64) {
        fprintf(stderr, _("weft record: --stack-depth takes a number from 1 to 64, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      break;
    }
    case 'D':
      if (strcmp(optarg, "exit") && strcmp(optarg, "report") && strcmp(optarg, "abort")) {
        fprintf(stderr, _("weft record: --on-deadlock takes exit, report or abort, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      on_deadlock = optarg;
      break;
    case 'M': {
      char *end;
      long ms = strtol(optarg, &end, 10);
      if (*end || !*optarg || ms < 0 || ms > 60000) {
        fprintf(stderr, _("weft record: --deadlock-ms takes a number from 0 to 60000, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      deadlock_ms = optarg;
      break;
    }
    case 't':
      timeout = parse_seconds(optarg, 1e6);
      if (timeout <= 0) {
        fprintf(stderr, _("weft record: --timeout takes a number of seconds above 0, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      break;
    case 'W':
      watch = parse_seconds(optarg, 1e6);
      if (watch < 1 || watch != (double)(long)watch) {
        fprintf(stderr, _("weft record: --watch takes a whole number of seconds from 1, not "
                          "'%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      break;
    case 'N': watch = 0; break;
    case 'K':
      shake = true;
      if (optarg) {
        char *end;
        seed = strtoull(optarg, &end, 10);
        if (*end || !*optarg || *optarg == '-') {
          fprintf(stderr, _("weft record: --shake takes a seed, a whole number, not '%s'\n"),
                  optarg);
          return WEFT_EXIT_USAGE;
        }
        seed_given = true;
      }
      break;
    case 'P': spurious = true; break;
    case 'R': {
      char *end;
      runs = strtol(optarg, &end, 10);
      if (*end || !*optarg || runs < 1 || runs > 100000) {
        fprintf(stderr, _("weft record: --runs takes a number from 1 to 100000, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      break;
    }
    case 'r': race = true; break;
    case 'm': {
      char *end;
      unsigned long m = strtoul(optarg, &end, 8);
      if (*end || !*optarg || m > 0777) {
        fprintf(stderr, _("weft record: --mode takes octal permissions such as 600 or 644, not "
                          "'%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      mode = (unsigned)m;
      break;
    }
    case 'T': strict = true; break;
    case 'X':
      if (!parse_size(optarg, &max_size)) {
        fprintf(stderr, _("weft record: --max-size takes a size from 2M up, such as 500M or 2G, "
                          "or 0 for no bound, not '%s'\n"),
                optarg);
        return WEFT_EXIT_USAGE;
      }
      break;
    case 'V': view = weft_record_view_possible(); break;
    case 'h': record_usage(stdout); return 0;
    default:
      fprintf(stderr, _("weft record: unknown option '%s'; try 'weft record --help'\n"),
              argv[optind - 1]);
      return WEFT_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, _("weft record: no program to run; usage: weft record -- PROGRAM [ARGS...]\n"));
    return WEFT_EXIT_USAGE;
  }
  if (runs > 1 && !shake) {
    fprintf(stderr, _("weft record: --runs needs --shake: the same schedule N times finds "
                      "nothing new\n"));
    return WEFT_EXIT_USAGE;
  }
  if ((shake || spurious) && !seed_given) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    seed = ((unsigned long long)now.tv_nsec ^ (unsigned long long)getpid() << 16) % 1000000;
  }

  char **prog_argv = argv + optind;
  char prog[PATH_MAX];
  int rc = weft_start_check_program(prog_argv[0], prog, sizeof prog);
  if (rc)
    return rc;
  WeftTsanLink tsan = race ? weft_program_tsan(prog) : WEFT_TSAN_SHARED;
  if (tsan != WEFT_TSAN_SHARED) {
    char sources[1024];
    weft_program_sources(prog, prog_argv[0], sources, sizeof sources);
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", prog_argv[0]);
    if (tsan == WEFT_TSAN_STATIC)
      fprintf(stderr, _("weft record: '%s' has ThreadSanitizer linked in (-static-libtsan), "
                        "whose reports weft cannot read; rebuild it with: cc -g "
                        "-fsanitize=thread %s -o %s (without -static-libtsan)\n"),
              prog_argv[0], sources, basename(copy));
    else
      fprintf(stderr, _("weft record: '%s' was not built for race detection; rebuild it with: "
                        "cc -g -fsanitize=thread %s -o %s (and your other flags), then run "
                        "this again\n"),
              prog_argv[0], sources, basename(copy));
    return WEFT_EXIT_USAGE;
  }
  char preload[PATH_MAX];
  rc = find_preload(preload, sizeof preload);
  if (rc)
    return rc;
  rc = weft_start_check_libraries(prog_argv[0], prog, preload);
  if (rc)
    return rc;
  char default_out[PATH_MAX];
  if (!output) {
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", prog_argv[0]);
    snprintf(default_out, sizeof default_out, "%s.weft", basename(copy));
    output = default_out;
  }
  if (!output_acceptable(output, prog))
    return WEFT_EXIT_CANTCREAT;
  if (runs > 1) {
    /* our own options go on to each run, but --runs and --shake */
    char **run_options = calloc((size_t)optind + 1, sizeof *run_options);
    int nrun_options = 0;
    for (int i = 1; run_options && i < optind; i++) {
      if (!strcmp(argv[i], "--runs") || !strcmp(argv[i], "--"))
        i += !strcmp(argv[i], "--runs");
      else if (strncmp(argv[i], "--runs=", 7) && strncmp(argv[i], "--shake", 7))
        run_options[nrun_options++] = argv[i];
    }
    int st = run_options ? weft_record_runs(run_options, nrun_options, prog_argv, output,
                                            (unsigned)runs, seed, timeout > 0)
                         : WEFT_EXIT_SOFTWARE;
    free(run_options);
    return st;
  }
  if (shake && !seed_given)
    fprintf(stderr, _("weft: shaking with --shake=%llu\n"), seed);
  /* Create the file now: a path we cannot write is an error before the run. */
  int probe = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (probe < 0 || fchmod(probe, mode) < 0) {
    fprintf(stderr, _("weft record: cannot write '%s': %s\n"), output, strerror(errno));
    return WEFT_EXIT_CANTCREAT;
  }
  close(probe);
  time_t started = time(NULL);
  char abs_out[PATH_MAX];
  if (!realpath(output, abs_out))
    snprintf(abs_out, sizeof abs_out, "%s", output);

  int pipefd[2], notify[2];
  if (pipe2(pipefd, O_CLOEXEC) < 0 || pipe2(notify, O_CLOEXEC) < 0) {
    fprintf(stderr, _("weft record: %s\n"), strerror(errno));
    return WEFT_EXIT_SOFTWARE;
  }
  /* Ctrl-C reaches the program (same process group); we stay to close the trace. */
  struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
  sigaction(SIGINT, &ign, &old_int);
  sigaction(SIGQUIT, &ign, &old_quit);
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
  uint64_t deadline_ns = now_ns + (uint64_t)(timeout * 1e9);
  pid_t parent = getpid();
  weft_record_adopt_orphans();
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, _("weft record: cannot start '%s': %s\n"), prog_argv[0], strerror(errno));
    return WEFT_EXIT_SOFTWARE;
  }
  if (pid == 0) {
    /* If weft record is killed, the program is not left running on its own:
     * SIGTERM lets the tracer flush what it has; the trace stays unfinished. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
      _exit(WEFT_EXIT_SOFTWARE);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    close(pipefd[0]);
    close(notify[0]);
    /* The tracer tells us through this descriptor when it finds a deadlock. */
    int nfd = fcntl(notify[1], F_DUPFD, 100);
    char nfdbuf[16];
    snprintf(nfdbuf, sizeof nfdbuf, "%d", nfd);
    setenv("WEFT_NOTIFY_FD", nfdbuf, 1);
    setenv("WEFT_ON_DEADLOCK", on_deadlock, 1);
    setenv("WEFT_DEADLOCK_MS", deadlock_ms, 1);
    char num[32];
    snprintf(num, sizeof num, "%ld", (long)watch);
    setenv("WEFT_WATCH_S", num, 1);
    if (shake) {
      snprintf(num, sizeof num, "%llu", seed);
      setenv("WEFT_SHAKE", num, 1);
    } else {
      unsetenv("WEFT_SHAKE");
    }
    if (spurious)
      setenv("WEFT_SPURIOUS", "1", 1);
    else
      unsetenv("WEFT_SPURIOUS");
    if (timeout > 0) {
      snprintf(num, sizeof num, "%llu", (unsigned long long)deadline_ns);
      setenv("WEFT_DEADLINE_NS", num, 1);
    } else {
      unsetenv("WEFT_DEADLINE_NS");
    }
    const char *old = getenv("LD_PRELOAD");
    char *ld = NULL;
    if (old && *old) {
      if (asprintf(&ld, "%s:%s", preload, old) < 0)
        _exit(WEFT_EXIT_SOFTWARE);
    } else {
      ld = preload;
    }
    char pidbuf[32], depthbuf[32];
    snprintf(pidbuf, sizeof pidbuf, "%d", (int)getpid());
    snprintf(depthbuf, sizeof depthbuf, "%ld", depth);
    setenv("LD_PRELOAD", ld, 1);
    setenv("WEFT_OUTPUT", abs_out, 1);
    setenv("WEFT_ROOT_PID", pidbuf, 1);
    setenv("WEFT_STACKS", stacks, 1);
    setenv("WEFT_STACK_DEPTH", depthbuf, 1);
    char modebuf[16];
    snprintf(modebuf, sizeof modebuf, "%o", mode);
    setenv("WEFT_MODE", modebuf, 1);
    char maxbuf[32];
    snprintf(maxbuf, sizeof maxbuf, "%llu", max_size);
    setenv("WEFT_MAX_SIZE", maxbuf, 1);
    unsetenv("WEFT_EXEC_STATE");
    execv(prog, prog_argv);
    int e = errno;
    if (write(pipefd[1], &e, sizeof e) < 0) {
    }
    _exit(WEFT_EXIT_NOEXEC);
  }
  close(pipefd[1]);
  close(notify[1]);
  int exec_err = 0;
  ssize_t got = read(pipefd[0], &exec_err, sizeof exec_err);
  close(pipefd[0]);
  pid_t viewer = 0;
  if (view && got == 0)
    viewer = weft_record_view_start(abs_out);
  int wstatus = 0;
  Notices notices = {0};
  notices.live_pid = pid;
  bool open_pipe = true;
  bool killed = false;
  for (;;) {
    struct pollfd pfd = {open_pipe ? notify[0] : -1, POLLIN, 0};
    int pr = poll(&pfd, 1, 100);
    if (pr > 0 && (pfd.revents & (POLLIN | POLLHUP)))
      open_pipe = read_notice(notify[0], abs_out, &notices);
    pid_t w = waitpid(pid, &wstatus, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR))
      break;
    /* The tracer ends the program at the deadline; if it cannot, we do. */
    clock_gettime(CLOCK_MONOTONIC, &now);
    now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    if (timeout > 0 && !killed && now_ns > deadline_ns + 5000000000u) {
      kill(pid, SIGKILL);
      killed = true;
    }
  }
  /* What the program said as it ended is still in the pipe. */
  notices.live_pid = 0;
  fcntl(notify[0], F_SETFL, O_NONBLOCK);
  while (open_pipe && read_notice(notify[0], abs_out, &notices))
    ;
  close(notify[0]);
  /* Past --timeout, the processes the program left running end with it. */
  unsigned rest = notices.timed_out || killed ? weft_record_end_rest(viewer) : 0;
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGQUIT, &old_quit, NULL);
  if (got == (ssize_t)sizeof exec_err) {
    fprintf(stderr, _("weft record: cannot run '%s': %s\n"), prog_argv[0], strerror(exec_err));
    unlink(abs_out);
    return WEFT_EXIT_NOEXEC;
  }
  int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
               : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) : 1;
  /* The preload writes the header first thing: an empty file means the loader
   * stopped the program before the tracer ran, and said why on stderr. */
  struct stat written;
  if (stat(abs_out, &written) == 0 && written.st_size == 0) {
    unlink(abs_out);
    if (WIFSIGNALED(wstatus))
      fprintf(stderr, _("weft record: '%s' was ended by signal %d (%s) before the tracer "
                        "started; no trace written\n"),
              prog_argv[0], WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
    else if (status == WEFT_EXIT_NOTFOUND)
      fprintf(stderr, _("weft record: '%s' ended with status %d before the tracer started (the "
                        "loader's message above says why); no trace written\n"),
              prog_argv[0], status);
    else
      fprintf(stderr, _("weft record: '%s' ended with status %d before the tracer started; no "
                        "trace written\n"),
              prog_argv[0], status);
    return status ? status : WEFT_EXIT_SOFTWARE;
  }

  if (notices.lost_reports) {
    char after[32];
    weft_cli_format_ns(after, sizeof after, notices.lost_after_ns);
    fprintf(stderr, _("weft record: the trace is incomplete: %llu events lost after %s\n"),
            (unsigned long long)notices.lost, after);
    uint64_t lost = notices.lost;
    append_meta(abs_out, WEFT_META_LOST, lost); /* if the disk has room again */
  }
  unsigned frames;
  weft_symbolize(abs_out, &frames);
  append_end(abs_out, status);
  notices.live_pid = 0;

  /* Counted in one pass: the summary costs no memory however long the run. */
  WeftTraceCounts counts;
  WeftStatus st = weft_trace_count(abs_out, &counts);
  if (st != WEFT_TRACE_OK) {
    fprintf(stderr, _("weft record: the program left no readable trace in '%s' (%s)\n"), output,
            weft_status_name(st));
    return status ? status : WEFT_EXIT_SOFTWARE;
  }
  /* What needs every event in memory (news not printed yet, the course's
   * sentences) is done for a run of up to this many events; past it the
   * findings are read streamed, and weft record stays in constant memory. */
  bool small = counts.events <= RECORD_FINDINGS_MAX_EVENTS;
  if (small || counts.deadlocks > notices.deadlocks_printed)
    print_news(abs_out, &notices);
  if (notices.timed_out || killed)
    fprintf(stderr, _("weft record: the program still ran after --timeout %gs: weft ended it "
                      "(status %d)\n"),
            timeout, status);
  if (rest)
    fprintf(stderr, ngettext("weft record: %u process the program started still ran: weft ended it too\n",
                             "weft record: %u processes the program started still ran: weft ended them too\n",
                             rest),
            rest);
  WeftTrace *t = NULL;
  bool course = false;
  if (small && weft_trace_open(abs_out, &t) == WEFT_TRACE_OK)
    course = weft_print_course(stderr, t);
  else if (!small && weft_trace_open_streamed(abs_out, &t) != WEFT_TRACE_OK)
    t = NULL;
  if (counts.lost_events && !notices.lost_reports)
    fprintf(stderr, _("weft record: %llu events could not be written and are missing\n"),
            (unsigned long long)counts.lost_events);
  if (counts.dropped_chunks) {
    char bound[32], dropped[32];
    weft_cli_format_bytes(bound, sizeof bound, counts.max_size);
    weft_cli_format_bytes(dropped, sizeof dropped, counts.dropped_bytes);
    fprintf(stderr, _("weft record: the trace reached --max-size (%s): it keeps the start and "
                      "the end of the run; %llu chunks (%s) from the middle were dropped\n"),
            bound, (unsigned long long)counts.dropped_chunks, dropped);
  }
  bool lost = counts.lost_events || notices.lost_reports;
  fprintf(stderr, _("weft: trace written to %s: %llu events, %u threads\n"), output,
          (unsigned long long)counts.events, counts.threads);
  if (t) {
    WeftDiagnosis *d = weft_diagnose(t);
    char *findings = d ? weft_findings_summary(t, d, output) : NULL;
    fputs(findings ? findings : "", stderr);
    /* where it spoke of places, it could only name functions */
    if (((findings && *findings) || course || notices.deadlocks_printed || notices.dumps_printed) &&
        weft_trace_lacks_lines(t))
      fprintf(stderr, _("weft: tip: the program was built without -g, so weft names its "
                        "functions but not their lines; build it with -g (cc -g -pthread ...) "
                        "to see file.c:42\n"));
    free(findings);
    weft_diagnosis_free(d);
    weft_print_races_summary(stderr, t, output);
    weft_print_race_tip(stderr, t, argc - optind, prog_argv);
    weft_trace_free(t);
  }
  if (!small)
    fprintf(stderr, _("weft record: a long run: 'weft report --whole %s' also checks what needs "
                      "every event at once (crashes, stuck dumps, the course's bugs)\n"),
            output);
  weft_record_children(abs_out, output, started);
  return strict && lost && status == 0 ? WEFT_EXIT_IOERR : status;
}
