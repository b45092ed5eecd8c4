/* weft-cli-args.c: arguments the trace-reading subcommands share. */
#include "weft-cli-args.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-text.h"

bool weft_cli_grow(void **v, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return true;
  size_t grown = *cap ? 2 * *cap : 16;
  void *p = realloc(*v, grown * size);
  if (!p)
    return false;
  *v = p;
  *cap = grown;
  return true;
}

int weft_cli_bad(const char *cmd, const char *fmt, const char *arg) {
  fprintf(stderr, _("weft %s: "), cmd);
  fprintf(stderr, fmt, arg);
  fputs("\n", stderr);
  return WEFT_EXIT_USAGE;
}

bool weft_cli_time_arg(const char *cmd, const char *flag, const char *arg, uint64_t *ns) {
  if (weft_parse_time(arg, ns))
    return true;
  fprintf(stderr, _("weft %s: bad time '%s' for %s; write it with a unit, e.g. 1.5s, 20ms, 300us\n"),
          cmd, arg, flag);
  return false;
}

int weft_cli_one_trace(const char *cmd, int argc, char **argv, int first, const char **path) {
  if (first >= argc) {
    fprintf(stderr, _("weft %s: no trace given; try 'weft %s --help'\n"), cmd, cmd);
    return WEFT_EXIT_USAGE;
  }
  if (first + 1 < argc) {
    fprintf(stderr, _("weft %s: one trace at a time; unexpected '%s'\n"), cmd, argv[first + 1]);
    return WEFT_EXIT_USAGE;
  }
  *path = argv[first];
  return 0;
}

int weft_cli_trace_to_trace(const char *cmd, int argc, char **argv, int first, const char *output,
                            const char *example, const char **path) {
  int status = weft_cli_one_trace(cmd, argc, argv, first, path);
  if (status)
    return status;
  if (!output)
    return weft_cli_bad(cmd, _("no output file; add -o %s"), example);
  struct stat a, b;
  if (stat(*path, &a) == 0 && stat(output, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
    return weft_cli_bad(cmd, _("'%s' is the trace itself: write to another file"), output);
  return 0;
}
