/* weft-cmd-check.c: `weft check`: record a program (once, or N shaken runs)
 * and give one verdict with an exit status of its own, for labs and
 * autograders. Each run is a `weft record` of our own binary, so that a run
 * that hangs or crashes is ended and judged like any other. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft-children.h"
#include "weft-cli.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-verdict.h"

#define CHECK_SCHEMA 1
#define DEFAULT_TIMEOUT "60"

static void check_usage(FILE *out) {
  fputs(_("Usage: weft check [OPTIONS] [--] PROGRAM [ARGS...]\n\n"
          "Records PROGRAM and gives one verdict, with an exit status of its own:\n"
          "  0 clean, 10 deadlock, 11 crash, 12 hang, 13 race, 14 misuse,\n"
          "  15 potential deadlock, 16 leaked threads, 17 early exit, 20 inconclusive\n"
          "(a run that cannot be trusted whole, or whose races were not checked).\n\n"
          "Options:\n"
          "  -o, --output FILE     where to write the trace (default: PROGRAM.weft)\n"
          "      --timeout=S       a run still going after S seconds hangs (default 60)\n"
          "      --shake[=SEED]    perturb the schedule, reproducibly for a SEED\n"
          "      --runs=N          with --shake: N runs, seeds SEED to SEED+N-1; the worst\n"
          "                        verdict is given, with the seed that replays it\n"
          "      --expect=VERDICT  exit 0 when the verdict is VERDICT (clean, deadlock...)\n"
          "      --grading=FILE    lines 'FINDING = error|note' that change how a finding\n"
          "                        weighs (docs/JSON.md lists the findings)\n"
          "      --no-race-check   a program not built with -fsanitize=thread may be clean\n"
          "      --json            the verdict and the findings as JSON on stdout\n"
          "  -h, --help            show this help\n"),
        out);
}

typedef struct {
  const char *output, *timeout, *grading_path, *expect;
  bool shake, json, races_required;
  unsigned long long seed;
  unsigned runs;
  char **program;
} Options;

/* `weft record` of our own binary; its status, or -1. */
static int record_run(const Options *o, const char *trace, bool has_seed, unsigned long long seed,
                      bool quiet) {
  int nprog = 0;
  while (o->program[nprog])
    nprog++;
  char **argv = calloc((size_t)nprog + 12, sizeof *argv);
  if (!argv)
    return -1;
  char timeout[64], shake[64];
  int k = 0;
  argv[k++] = "weft";
  argv[k++] = "record";
  snprintf(timeout, sizeof timeout, "--timeout=%s", o->timeout);
  argv[k++] = timeout;
  if (has_seed) {
    snprintf(shake, sizeof shake, "--shake=%llu", seed);
    argv[k++] = shake;
  } else if (o->shake) {
    argv[k++] = "--shake";
  }
  argv[k++] = "-o";
  argv[k++] = (char *)trace;
  argv[k++] = "--";
  for (int i = 0; i < nprog; i++)
    argv[k++] = o->program[i];
  /* JSON owns stdout: the program's output goes with weft record's words */
  int null = quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
  int status = weft_cli_run_self(argv, quiet ? null : o->json ? 2 : -1, quiet ? null : -1);
  if (null >= 0)
    close(null);
  free(argv);
  return status;
}

static void print_text(const WeftVerdict *v, const char *trace, const Options *o,
                       bool has_seed, unsigned long long seed) {
  printf(_("weft check: %s\n"), weft_verdict_id(v->verdict));
  for (size_t i = 0; i < v->nfindings; i++)
    printf("  %s %s: %s\n",
           v->findings[i].severity == WEFT_SEVERITY_ERROR ? _("error") : _("note"),
           v->findings[i].finding, v->findings[i].text);
  for (size_t i = 0; i < v->ninconclusive; i++)
    printf(_("  caveat: %s\n"), v->inconclusive[i]);
  if (has_seed && o->runs > 1)
    printf(_("weft check: replay this run with: weft record --shake=%llu -- %s\n"), seed,
           o->program[0]);
  printf(_("weft check: the trace is %s; 'weft report %s' tells more\n"), trace, trace);
}

static void print_json(const WeftVerdict *v, const WeftTrace *t, const char *trace,
                       const Options *o, bool has_seed, unsigned long long seed) {
  printf("{\n\"schema\": %d,\n\"verdict\": \"%s\",\n\"exit_status\": %d,\n\"trace\": ",
         CHECK_SCHEMA, weft_verdict_id(v->verdict), weft_verdict_status(v->verdict));
  weft_json_string(stdout, trace);
  printf(",\n\"runs\": %u,\n\"seed\": ", o->runs);
  if (has_seed)
    printf("%llu", seed);
  else
    printf("null");
  printf(",\n\"findings\": [");
  for (size_t i = 0; i < v->nfindings; i++) {
    const WeftVerdictFinding *f = &v->findings[i];
    printf("%s\n  {\"finding\": \"%s\", \"class\": \"%s\", \"severity\": \"%s\", \"text\": ",
           i ? "," : "", f->finding, weft_verdict_id(f->verdict_class),
           weft_severity_name(f->severity));
    weft_json_string(stdout, f->text);
    printf("}");
  }
  printf("%s],\n\"inconclusive\": [", v->nfindings ? "\n" : "");
  for (size_t i = 0; i < v->ninconclusive; i++) {
    printf("%s", i ? ", " : "");
    weft_json_string(stdout, v->inconclusive[i]);
  }
  printf("],\n\"report\": ");
  weft_report_json(t);
  printf("}\n");
}

static bool parse_options(int argc, char **argv, Options *o) {
  static const struct option opts[] = {
      {"output", required_argument, NULL, 'o'},  {"timeout", required_argument, NULL, 't'},
      {"shake", optional_argument, NULL, 's'},   {"runs", required_argument, NULL, 'r'},
      {"expect", required_argument, NULL, 'e'},  {"grading", required_argument, NULL, 'g'},
      {"no-race-check", no_argument, NULL, 'R'}, {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},          {0, 0, 0, 0}};
  opterr = 0;
  optind = 1;
  int c;
  char *end;
  while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'o': o->output = optarg; break;
    case 't':
      if (strtod(optarg, &end) <= 0 || *end || !*optarg) {
        fprintf(stderr, _("weft check: --timeout takes a number of seconds above 0, not '%s'\n"),
                optarg);
        return false;
      }
      o->timeout = optarg;
      break;
    case 's':
      o->shake = true;
      if (optarg) {
        errno = 0;
        o->seed = strtoull(optarg, &end, 10);
        if (!*optarg || *end || errno || *optarg == '-') {
          fprintf(stderr, _("weft check: --shake takes a seed, a whole number, not '%s'\n"),
                  optarg);
          return false;
        }
      }
      break;
    case 'r': {
      long n = strtol(optarg, &end, 10);
      if (!*optarg || *end || n < 1 || n > 100000) {
        fprintf(stderr, _("weft check: --runs takes a number of runs from 1, not '%s'\n"),
                optarg);
        return false;
      }
      o->runs = (unsigned)n;
      break;
    }
    case 'e':
      if (weft_verdict_from_id(optarg) == WEFT_VERDICT_COUNT_) {
        fprintf(stderr,
                _("weft check: --expect takes a verdict (clean, deadlock, crash, hang, race, "
                  "misuse, potential-deadlock, leaked-threads, early-exit, inconclusive), not "
                  "'%s'\n"),
                optarg);
        return false;
      }
      o->expect = optarg;
      break;
    case 'g': o->grading_path = optarg; break;
    case 'R': o->races_required = false; break;
    case 'j': o->json = true; break;
    case 'h': check_usage(stdout); exit(0);
    default:
      if (optopt && optopt != '?' && strchr("ot", optopt))
        fprintf(stderr, _("weft check: '%s' needs a value\n"), argv[optind - 1]);
      else
        fprintf(stderr, _("weft check: unknown option '%s'; try 'weft check --help'\n"),
                argv[optind - 1]);
      return false;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, _("weft check: no program to check; usage: weft check [OPTIONS] -- PROGRAM "
                      "[ARGS...]\n"));
    return false;
  }
  if (o->runs > 1 && !o->shake) {
    fprintf(stderr, _("weft check: --runs needs --shake: without it every run would be the "
                      "same\n"));
    return false;
  }
  o->program = argv + optind;
  return true;
}

int weft_cmd_check(int argc, char **argv) {
  Options o = {.timeout = DEFAULT_TIMEOUT, .races_required = true, .runs = 1, .seed = 1};
  if (!parse_options(argc, argv, &o))
    return WEFT_EXIT_USAGE;
  WeftGrading grading = {0};
  char err[600];
  if (o.grading_path && !weft_grading_load(o.grading_path, &grading, err, sizeof err)) {
    fprintf(stderr, _("weft check: %s\n"), err);
    return access(o.grading_path, R_OK) ? WEFT_EXIT_NOINPUT : WEFT_EXIT_DATAERR;
  }
  char *output = NULL;
  if (o.output)
    output = strdup(o.output);
  else if (asprintf(&output, "%s.weft", strrchr(o.program[0], '/') ? strrchr(o.program[0], '/') + 1
                                                                   : o.program[0]) < 0)
    output = NULL;
  char *best_path = NULL, *run_path = NULL;
  WeftVerdict *best = NULL;
  unsigned long long best_seed = 0;
  int rc = 0;
  bool seeded = o.shake;
  for (unsigned run = 0; output && run < o.runs && rc == 0; run++) {
    unsigned long long seed = o.seed + run;
    free(run_path);
    run_path = NULL;
    if (o.runs == 1)
      run_path = strdup(output);
    else if (asprintf(&run_path, "%s.run-%u.weft", output, run + 1) < 0)
      run_path = NULL;
    if (!run_path)
      break;
    unlink(run_path);
    weft_children_move(run_path, NULL); /* an older run's children */
    if (o.runs > 1)
      fprintf(stderr, _("weft check: run %u of %u, --shake=%llu\n"), run + 1, o.runs, seed);
    int status = record_run(&o, run_path, seeded, seed, o.runs > 1);
    struct stat st;
    if (status < 0 || stat(run_path, &st) != 0) {
      /* weft record said why (program not found, bad flag...) */
      rc = status < 0 ? WEFT_EXIT_SOFTWARE : status ? status : WEFT_EXIT_SOFTWARE;
      break;
    }
    WeftTrace *t;
    if ((rc = weft_cli_open_trace(run_path, &t)))
      break;
    WeftVerdict *v = weft_verdict_judge(t, &grading, o.races_required);
    weft_trace_free(t);
    if (!v) {
      fprintf(stderr, _("weft check: not enough memory to judge '%s'\n"), run_path);
      rc = WEFT_EXIT_SOFTWARE;
      break;
    }
    if (!best || v->verdict < best->verdict) {
      weft_verdict_free(best);
      best = v;
      best_seed = seed;
      if (best_path && o.runs > 1 && strcmp(best_path, run_path)) {
        unlink(best_path);
        weft_children_move(best_path, NULL);
      }
      free(best_path);
      best_path = strdup(run_path);
    } else {
      weft_verdict_free(v);
      if (o.runs > 1) {
        unlink(run_path);
        weft_children_move(run_path, NULL);
      }
    }
  }
  free(run_path);
  if (!output)
    rc = WEFT_EXIT_SOFTWARE;
  if (rc == 0 && best && best_path) {
    /* the run kept takes the trace's name */
    if (o.runs > 1 && rename(best_path, output) == 0) {
      weft_children_move(best_path, output); /* the family goes with it */
      free(best_path);
      best_path = strdup(output);
    }
    WeftTrace *t = NULL;
    if (o.json && weft_cli_open_trace(best_path, &t) == 0) {
      print_json(best, t, best_path, &o, seeded, best_seed);
      weft_trace_free(t);
    } else {
      print_text(best, best_path ? best_path : output, &o, seeded, best_seed);
    }
    rc = weft_verdict_status(best->verdict);
    if (o.expect) {
      WeftVerdictClass want = weft_verdict_from_id(o.expect);
      if (want == best->verdict)
        rc = 0;
      else {
        fprintf(stderr, _("weft check: expected %s, got %s\n"), o.expect,
                weft_verdict_id(best->verdict));
        if (rc == 0)
          rc = 1;
      }
    }
  }
  weft_verdict_free(best);
  free(best_path);
  free(output);
  weft_grading_free(&grading);
  return rc;
}
