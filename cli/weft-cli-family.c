/* weft-cli-family.c: which traces of a recorded family a reading command
 * opens (the root and its children's by default, --no-children for the root
 * alone, --process PID for one process alone), and the warnings for the
 * children's traces that are missing or damaged. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-trace.h"

static bool no_children;
static unsigned long only_pid;

static bool parse_pid(const char *s, unsigned long *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || v == 0 || v > 0x7fffffff || s[0] == '-')
    return false;
  *out = v;
  return true;
}

int weft_cli_family_take_options(const char *cmd, int *argc, char **argv) {
  int kept = 1;
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i];
    const char *value = NULL;
    if (!strcmp(a, "--")) {
      while (i < *argc)
        argv[kept++] = argv[i++];
      break;
    }
    if (!strcmp(a, "--no-children")) {
      no_children = true;
      continue;
    }
    if (!strcmp(a, "--process")) {
      if (i + 1 >= *argc) {
        fprintf(stderr, _("weft %s: --process needs a process id; try 'weft %s --help'\n"), cmd,
                cmd);
        return WEFT_EXIT_USAGE;
      }
      value = argv[++i];
    } else if (!strncmp(a, "--process=", 10)) {
      value = a + 10;
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    if (!parse_pid(value, &only_pid)) {
      fprintf(stderr, _("weft %s: --process: '%s' is not a process id (a number such as 4243)\n"),
              cmd, value);
      return WEFT_EXIT_USAGE;
    }
  }
  argv[kept] = NULL;
  *argc = kept;
  return 0;
}

void weft_cli_family_usage(FILE *out) {
  fputs(_("\nA program that forked or spawned left one trace per process (FILE and\n"
          "FILE-PID.weft beside it): FILE opens them all, as one run.\n"
          "      --no-children  the trace FILE alone, without its children's\n"
          "      --process PID  the trace of process PID alone\n"),
        out);
}

bool weft_cli_family_no_children(void) { return no_children; }

void weft_cli_family_root_only(void) { no_children = true; }

void weft_cli_family_warn(const char *path, const WeftTraceInfo *info) {
  if (info->bytes_ignored)
    fprintf(stderr,
            _("weft: %s: the trace is truncated; read up to its last whole chunk, "
              "%llu bytes at the end ignored\n"),
            path, (unsigned long long)info->bytes_ignored);
  if (info->corrupt_chunks)
    fprintf(stderr, _("weft: %s: %u damaged chunks skipped (bad checksum)\n"), path,
            info->corrupt_chunks);
  if (info->malformed_records)
    fprintf(stderr, _("weft: %s: %u malformed records skipped\n"), path, info->malformed_records);
}

static const char *why(const WeftProcess *p) {
  switch (p->status) {
  case WEFT_ERR_IO: return strerror(p->error);
  case WEFT_ERR_NOT_TRACE: return _("not a weft trace");
  case WEFT_ERR_TRUNCATED: return _("it ends inside its header");
  case WEFT_ERR_VERSION: return _("a trace format this weft cannot read");
  case WEFT_ERR_BYTE_ORDER: return _("written on a big-endian machine");
  case WEFT_ERR_CORRUPT: return _("its header is damaged");
  default: return _("not enough memory");
  }
}

void weft_cli_family_warn_children(const WeftTrace *t) {
  size_t n;
  const WeftProcess *p = weft_trace_processes(t, &n);
  for (size_t i = 1; i < n; i++) {
    const char *path = p[i].path ? p[i].path : "?";
    if (p[i].status == WEFT_TRACE_OK)
      weft_cli_family_warn(path, p[i].info);
    else if (p[i].status == WEFT_ERR_IO && p[i].error == ENOENT)
      fprintf(stderr,
              _("weft: the trace of child process %u (%s) is missing; shown without it\n"),
              p[i].pid, path);
    else
      fprintf(stderr, _("weft: the trace of child process %u (%s) cannot be read: %s; shown "
                        "without it\n"),
              p[i].pid, path, why(&p[i]));
  }
}

char *weft_cli_family_process_path(const char *root, int *rc) {
  WeftTrace *t;
  *rc = 0;
  if (!only_pid)
    return NULL;
  if (weft_trace_open_family(root, NULL, NULL, &t) != WEFT_TRACE_OK)
    return strdup(root); /* the caller opens it alone and says why it cannot */
  size_t n;
  const WeftProcess *p = weft_trace_processes(t, &n);
  char *path = NULL;
  for (size_t i = 0; i < n && !path; i++)
    if (p[i].pid == only_pid)
      path = strdup(i == 0 ? root : p[i].path ? p[i].path : "");
  if (!path) {
    char list[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len + 16 < sizeof list; i++)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%u", i ? ", " : "", p[i].pid);
    fprintf(stderr, _("weft: %s: no process %lu in this run; its processes: %s\n"), root,
            only_pid, list);
    *rc = WEFT_EXIT_DATAERR;
  }
  weft_trace_free(t);
  return path;
}
