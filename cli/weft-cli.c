/* weft-cli.c: what every subcommand shares: gettext, finding our own files,
 * and the one-line messages for a trace that cannot be opened. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft-cli.h"
#include "weft-cli-family.h"
#include "weft-text.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-trace.h"

bool weft_cli_self_dir(char *out, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return false;
  exe[n] = 0;
  snprintf(out, size, "%s", dirname(exe));
  return true;
}

void weft_i18n_init(void) {
  char dir[PATH_MAX], po[PATH_MAX + 32];
  /* The catalogues beside this weft: po/ in the build tree, else
   * share/locale of wherever the prefix was installed or moved. */
  const char *beside[] = {"%s/../po", "%s/../share/locale"};
  for (size_t i = 0; i < 2 && weft_cli_self_dir(dir, sizeof dir); i++) {
    snprintf(po, sizeof po, beside[i], dir);
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s/fr/LC_MESSAGES/weft.mo", po);
    if (access(probe, R_OK) == 0) {
      bindtextdomain(GETTEXT_PACKAGE, po);
      textdomain(GETTEXT_PACKAGE);
      return;
    }
  }
  bindtextdomain(GETTEXT_PACKAGE, WEFT_LOCALEDIR);
  textdomain(GETTEXT_PACKAGE);
}

static int open_error(const char *path, WeftStatus st, int err) {
  switch (st) {
  case WEFT_ERR_IO:
    fprintf(stderr, _("weft: cannot open '%s': %s\n"), path, strerror(err));
    return WEFT_EXIT_NOINPUT;
  case WEFT_ERR_NOT_TRACE:
    fprintf(stderr, _("weft: '%s' is not a weft trace\n"), path);
    return WEFT_EXIT_DATAERR;
  case WEFT_ERR_TRUNCATED:
    fprintf(stderr, _("weft: '%s' is truncated: it ends inside its header\n"), path);
    return WEFT_EXIT_DATAERR;
  case WEFT_ERR_VERSION:
    fprintf(stderr,
            _("weft: '%s' uses trace format version %u, which this weft (format %u) "
              "cannot read; use a newer weft\n"),
            path, 0u + weft_trace_peek_major(path), (unsigned)WEFT_FORMAT_MAJOR);
    return WEFT_EXIT_DATAERR;
  case WEFT_ERR_BYTE_ORDER:
    fprintf(stderr, _("weft: '%s' was written on a big-endian machine, which weft does not read\n"),
            path);
    return WEFT_EXIT_DATAERR;
  case WEFT_ERR_CORRUPT:
    fprintf(stderr, _("weft: '%s' is corrupt: its header is damaged\n"), path);
    return WEFT_EXIT_DATAERR;
  case WEFT_ERR_NO_MEMORY:
  default:
    fprintf(stderr, _("weft: not enough memory to read '%s'\n"), path);
    return WEFT_EXIT_SOFTWARE;
  }
}

int weft_cli_open_trace(const char *root, struct WeftTrace **out) {
  int rc = 0;
  char *only = weft_cli_family_process_path(root, &rc);
  if (rc)
    return rc;
  const char *path = only ? only : root;
  WeftStatus st = only || weft_cli_family_no_children()
                      ? weft_trace_open(path, out)
                      : weft_trace_open_family(path, NULL, NULL, out);
  if (st == WEFT_TRACE_OK) {
    weft_cli_family_warn(path, weft_trace_info(*out));
    weft_cli_family_warn_children(*out);
  } else {
    rc = open_error(path, st, errno);
  }
  free(only);
  return rc;
}

int weft_cli_open_trace_streamed(const char *root, size_t whole_max, struct WeftTrace **out) {
  int rc = 0;
  char *only = weft_cli_family_process_path(root, &rc);
  if (rc)
    return rc;
  const char *path = only ? only : root;
  /* short enough to read whole? a small file is; a larger one is counted,
   * in one pass that keeps nothing */
  struct stat sb;
  WeftTraceCounts counts;
  if (whole_max && (whole_max == SIZE_MAX || (stat(path, &sb) == 0 && sb.st_size <= (8 << 20)) ||
                    (weft_trace_count(path, &counts) == WEFT_TRACE_OK && counts.events <= whole_max))) {
    free(only);
    return weft_cli_open_trace(root, out);
  }
  WeftStatus st = weft_trace_open_streamed(path, out);
  bool family = !only && !weft_cli_family_no_children() && st == WEFT_TRACE_OK &&
                weft_trace_info(*out)->forks;
  if (family) { /* a family is read whole */
    weft_trace_free(*out);
    free(only);
    return weft_cli_open_trace(root, out);
  }
  if (st == WEFT_TRACE_OK)
    weft_cli_family_warn(path, weft_trace_info(*out));
  else
    rc = open_error(path, st, errno);
  free(only);
  return rc;
}

unsigned weft_trace_peek_major(const char *path) {
  FILE *f = fopen(path, "rb");
  WeftFileHeader h;
  unsigned major = 0;
  if (f && fread(&h, sizeof h, 1, f) == 1)
    major = h.major;
  if (f)
    fclose(f);
  return major;
}

void weft_cli_format_ns(char *out, size_t size, uint64_t ns) { weft_format_ns(out, size, ns); }

void weft_cli_format_bytes(char *out, size_t size, uint64_t bytes) {
  if (bytes < 1024)
    snprintf(out, size, "%llu B", (unsigned long long)bytes);
  else if (bytes < (1u << 20))
    snprintf(out, size, "%.1f KiB", bytes / 1024.0);
  else if (bytes < (1u << 30))
    snprintf(out, size, "%.1f MiB", bytes / 1048576.0);
  else
    snprintf(out, size, "%.2f GiB", bytes / 1073741824.0);
}

void weft_cli_join_args(char *out, size_t size, int n, char *const args[]) {
  size_t len = 0;
  out[0] = 0;
  for (int i = 0; i < n && len < size - 1; i++) {
    int w = snprintf(out + len, size - len, "%s%s", i ? " " : "", args[i]);
    if (w < 0)
      break;
    len += (size_t)w;
  }
}

void weft_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out);
  }
  fputc('"', out);
}

int weft_cli_run_self(char *const argv[], int out, int err) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = 0;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if ((out >= 0 && dup2(out, 1) < 0) || (err >= 0 && dup2(err, 2) < 0))
      _exit(WEFT_EXIT_SOFTWARE);
    execv(self, argv);
    _exit(WEFT_EXIT_SOFTWARE);
  }
  int ws;
  if (pid < 0 || waitpid(pid, &ws, 0) < 0)
    return -1;
  return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}
