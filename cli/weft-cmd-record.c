/* weft-cmd-record.c: `weft record [-o FILE] [--no-stacks] -- PROGRAM [ARGS...]`
 *
 * Runs PROGRAM with libweft-preload.so first in LD_PRELOAD, waits for it,
 * names the trace's addresses, closes the trace with the exit status, and
 * exits with the program's own status (128+N when a signal N ended it). */
#include <errno.h>
#include <gelf.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft-cli.h"
#include "weft-commands.h"
#include "weft-diagnose.h"
#include "weft-encode-private.h"
#include "weft-i18n.h"
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
                 "  -h, --help            show this help\n"));
}

static bool find_preload(char *out, size_t size) {
  const char *env = getenv("WEFT_PRELOAD");
  if (env && *env) {
    snprintf(out, size, "%s", env);
    return access(out, R_OK) == 0;
  }
  char dir[PATH_MAX];
  if (!weft_cli_self_dir(dir, sizeof dir))
    return false;
  const char *candidates[] = {"%s/../tracer/preload/libweft-preload.so",
                              "%s/../" WEFT_LIBDIR_REL "/libweft-preload.so"};
  for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, candidates[i], dir);
    if (access(path, R_OK) == 0 && realpath(path, out))
      return true;
  }
  return false;
}

/* The program as execvp would find it: 0, or an errno. */
static int find_program(const char *prog, char *out, size_t size) {
  if (strchr(prog, '/')) {
    snprintf(out, size, "%s", prog);
  } else {
    const char *path = getenv("PATH");
    if (!path)
      path = "/usr/local/bin:/usr/bin:/bin";
    bool found = false;
    while (*path && !found) {
      const char *colon = strchr(path, ':');
      size_t len = colon ? (size_t)(colon - path) : strlen(path);
      snprintf(out, size, "%.*s/%s", (int)len, len ? path : ".", prog);
      found = access(out, F_OK) == 0;
      path += len + (colon ? 1 : 0);
    }
    if (!found)
      return ENOENT;
  }
  struct stat st;
  if (stat(out, &st) < 0)
    return errno;
  if (S_ISDIR(st.st_mode))
    return EISDIR;
  if (access(out, X_OK) < 0)
    return EACCES;
  return 0;
}

/* An ELF executable without an interpreter is statically linked: the
 * dynamic loader never runs, so LD_PRELOAD cannot put the tracer in it. */
static bool statically_linked(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool is_static = false;
  elf_version(EV_CURRENT);
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  size_t n;
  if (elf && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &n) == 0) {
    bool interp = false, dynamic = false;
    for (size_t i = 0; i < n; i++) {
      GElf_Phdr ph;
      if (!gelf_getphdr(elf, (int)i, &ph))
        continue;
      interp = interp || ph.p_type == PT_INTERP;
      dynamic = dynamic || ph.p_type == PT_DYNAMIC;
    }
    is_static = !interp && !dynamic;
  }
  if (elf)
    elf_end(elf);
  close(fd);
  return is_static;
}

static void append_end(const char *path, int status) {
  WeftWriter *w = weft_writer_append(path);
  if (!w)
    return;
  uint64_t z = _weft_zigzag(status);
  weft_writer_meta(w, 0, WEFT_META_END, 1, &z, NULL, 0);
  weft_writer_close(w);
}

/* Names the trace's new addresses, then prints the deadlocks not yet printed. */
static size_t print_new_deadlocks(const char *path, size_t already) {
  unsigned frames;
  weft_symbolize(path, &frames);
  WeftTrace *t;
  if (weft_trace_open(path, &t) != WEFT_OK)
    return already;
  size_t n;
  const WeftDeadlock *d = weft_trace_deadlocks(t, &n);
  for (size_t i = already; i < n; i++)
    weft_print_deadlock(stderr, t, &d[i]);
  weft_trace_free(t);
  return n > already ? n : already;
}

int weft_cmd_record(int argc, char **argv) {
  static const struct option opts[] = {
      {"output", required_argument, NULL, 'o'},
      {"no-stacks", no_argument, NULL, 'S'},
      {"stacks", required_argument, NULL, 's'},
      {"stack-depth", required_argument, NULL, 'd'},
      {"on-deadlock", required_argument, NULL, 'D'},
      {"deadlock-ms", required_argument, NULL, 'M'},
      {"race", no_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},
      {0, 0, 0, 0},
  };
  const char *output = NULL, *stacks = "all", *on_deadlock = "exit", *deadlock_ms = "250";
  long depth = 16;
  bool race = false;
  int c;
  opterr = 0;
  optind = 1;
  /* '+' stops at the program's name: its own flags are not ours. */
  while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
    switch (c) {
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
    case 'R': race = true; break;
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
  char **prog_argv = argv + optind;
  char prog[PATH_MAX];
  int err = find_program(prog_argv[0], prog, sizeof prog);
  if (err) {
    if (err == ENOENT)
      fprintf(stderr, _("weft record: program '%s' not found\n"), prog_argv[0]);
    else
      fprintf(stderr, _("weft record: cannot run '%s': %s\n"), prog_argv[0], strerror(err));
    return err == ENOENT ? WEFT_EXIT_NOTFOUND : WEFT_EXIT_NOEXEC;
  }
  if (statically_linked(prog)) {
    fprintf(stderr, _("weft record: '%s' is statically linked; the tracer needs a dynamically "
                      "linked program (build it without -static)\n"),
            prog_argv[0]);
    return WEFT_EXIT_NOEXEC;
  }
  if (race && !weft_program_has_tsan(prog)) {
    char sources[1024];
    weft_program_sources(prog, prog_argv[0], sources, sizeof sources);
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", prog_argv[0]);
    fprintf(stderr, _("weft record: '%s' was not built for race detection; rebuild it with: "
                      "cc -g -fsanitize=thread %s -o %s (and your other flags), then run this "
                      "again\n"),
            prog_argv[0], sources, basename(copy));
    return WEFT_EXIT_USAGE;
  }
  char preload[PATH_MAX];
  if (!find_preload(preload, sizeof preload)) {
    fprintf(stderr, _("weft record: cannot find libweft-preload.so (set WEFT_PRELOAD to its path)\n"));
    return WEFT_EXIT_UNAVAILABLE;
  }
  char default_out[PATH_MAX];
  if (!output) {
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", prog_argv[0]);
    snprintf(default_out, sizeof default_out, "%s.weft", basename(copy));
    output = default_out;
  }
  /* Create the file now: a path we cannot write is an error before the run. */
  int probe = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (probe < 0) {
    fprintf(stderr, _("weft record: cannot write '%s': %s\n"), output, strerror(errno));
    return WEFT_EXIT_CANTCREAT;
  }
  close(probe);
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
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, _("weft record: cannot start '%s': %s\n"), prog_argv[0], strerror(errno));
    return WEFT_EXIT_SOFTWARE;
  }
  if (pid == 0) {
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
  int wstatus = 0;
  size_t deadlocks_printed = 0;
  for (;;) {
    struct pollfd pfd = {notify[0], POLLIN, 0};
    int pr = poll(&pfd, 1, 100);
    if (pr > 0 && (pfd.revents & POLLIN)) {
      char byte;
      if (read(notify[0], &byte, 1) == 1)
        deadlocks_printed = print_new_deadlocks(abs_out, deadlocks_printed);
      else
        pfd.fd = -1;
    }
    pid_t w = waitpid(pid, &wstatus, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR))
      break;
  }
  close(notify[0]);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGQUIT, &old_quit, NULL);
  if (got == (ssize_t)sizeof exec_err) {
    fprintf(stderr, _("weft record: cannot run '%s': %s\n"), prog_argv[0], strerror(exec_err));
    unlink(abs_out);
    return WEFT_EXIT_NOEXEC;
  }
  int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
               : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) : 1;

  unsigned frames;
  weft_symbolize(abs_out, &frames);
  append_end(abs_out, status);
  deadlocks_printed = print_new_deadlocks(abs_out, deadlocks_printed);

  WeftTrace *t;
  WeftStatus st = weft_trace_open(abs_out, &t);
  if (st != WEFT_OK) {
    fprintf(stderr, _("weft record: the program left no readable trace in '%s' (%s)\n"), output,
            weft_status_name(st));
    return status ? status : WEFT_EXIT_SOFTWARE;
  }
  size_t nev, nth;
  weft_trace_events(t, &nev);
  weft_trace_threads(t, &nth);
  const WeftTraceInfo *info = weft_trace_info(t);
  if (info->lost_events)
    fprintf(stderr, _("weft record: %llu events could not be written and are missing\n"),
            (unsigned long long)info->lost_events);
  fprintf(stderr, _("weft: trace written to %s: %zu events, %zu threads\n"), output, nev, nth);
  weft_trace_free(t);
  return status;
}
