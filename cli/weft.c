/* weft.c: the command line. Sets up gettext and dispatches to one
 * weft-cmd-NAME.c per subcommand. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "weft-commands.h"
#include "weft-i18n.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
    {"record", weft_cmd_record, N_("run a program under the tracer and write its trace")},
    {"report", weft_cmd_report, N_("summarise a trace: threads, blocking, contended locks")},
    {"dump", weft_cmd_dump, N_("print every event of a trace, one a line, in time order")},
    {"check", weft_cmd_check, N_("record a program and give one verdict, for labs and graders")},
    {"export", weft_cmd_export, N_("write a trace as JSON for Perfetto and chrome://tracing")},
    {"pack", weft_cmd_pack, N_("make a trace to share: its source lines in it, its paths removed")},
    {"trim", weft_cmd_trim, N_("cut a trace to a span of time, as a trace of its own")},
#ifdef WEFT_HAVE_VIEWER
    {"render", weft_cmd_render, N_("draw a trace's timeline to PNG, SVG or PDF")},
    {"view", weft_cmd_view, N_("open traces in the timeline viewer")},
#endif
};

static void usage(FILE *out) {
  fprintf(out, _("Usage: weft COMMAND [OPTIONS] [ARGS]\n\n"
                 "See your threads, find your deadlocks.\n\nCommands:\n"));
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf(out, _("\nRun 'weft COMMAND --help' for the options of a command.\n"
                 "Example: weft record -- ./philosophers && weft report philosophers.weft\n"));
}

int main(int argc, char **argv) {
  setlocale(LC_ALL, "");
  weft_i18n_init();
  if (argc < 2) {
    usage(stderr);
    return WEFT_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    printf("weft %s\n", WEFT_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(cmd, commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  if (cmd[0] == '-')
    fprintf(stderr, _("weft: unknown option '%s'; try 'weft --help'\n"), cmd);
  else
    fprintf(stderr, _("weft: unknown command '%s'; try 'weft --help'\n"), cmd);
  return WEFT_EXIT_USAGE;
}
