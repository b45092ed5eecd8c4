/* weft-cmd-pack.c: `weft pack TRACE -o FILE`: a trace to send to someone
 * who has not got the program's sources: the lines its stacks name, with a
 * few around each, go into it (SOURCE records), and, unless --keep-paths,
 * the command line and home folders come out (weft-rewrite.c). */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft-cli-args.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-rewrite.h"
#include "weft-stack-view.h"
#include "weft-trace.h"

#define MAX_ROOTS 8
#define WINDOW_MAX_LINES 400 /* a SOURCE record's lines at most: records stay small */

static void usage(FILE *out) {
  fputs(_("Usage: weft pack TRACE -o FILE [OPTIONS]\n\n"
          "Makes a trace to share: the source lines its stacks name, and a few\n"
          "around each, go into it, so that weft view and weft report show them\n"
          "on a machine without the sources; the command line's folders and home\n"
          "folders are taken out.\n\n"
          "Options:\n"
          "  -o, --output FILE     the trace to write\n"
          "      --context N       lines kept before and after each (default 5, up to 50)\n"
          "      --source-root DIR where the sources are, if not beside the trace, the\n"
          "                        program or here (may be given several times)\n"
          "      --keep-paths      keep the command line and paths as recorded\n"
          "  -h, --help            this help\n\n"
          "Example: weft pack philosophers.weft -o philosophers-td3.weft\n"),
        out);
}

static int bad(const char *fmt, const char *arg) { return weft_cli_bad("pack", fmt, arg); }

typedef struct {
  const char *file; /* as the trace's frames name it */
  uint32_t *lines;
  size_t n, cap;
} Wanted;

typedef struct {
  Wanted *v;
  size_t n, cap;
} WantedList;

static bool want(WantedList *l, const char *file, uint32_t line) {
  size_t i = 0;
  while (i < l->n && strcmp(l->v[i].file, file))
    i++;
  if (i == l->n) {
    if (!weft_cli_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v))
      return false;
    l->v[l->n++] = (Wanted){file, NULL, 0, 0};
  }
  Wanted *w = &l->v[i];
  if (!weft_cli_grow((void **)&w->lines, &w->cap, w->n, sizeof *w->lines))
    return false;
  w->lines[w->n++] = line;
  return true;
}

/* Every line of the program's own code that a stack names. */
static bool collect_lines(const WeftTrace *t, WantedList *l) {
  size_t nstacks = weft_trace_stack_count(t);
  for (uint32_t id = 1; id < nstacks; id++) {
    size_t depth;
    const WeftFrame *f = weft_trace_stack(t, id, &depth);
    for (size_t i = 0; f && i < weft_stack_shown_depth(f, depth); i++)
      if (f[i].file && f[i].line && weft_frame_is_user(&f[i]) && !want(l, f[i].file, f[i].line))
        return false;
  }
  return true;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    if (n + 4096 > cap) {
      char *grown = realloc(buf, cap = 2 * cap + 8192);
      if (!grown) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = grown;
    }
    got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
  } while (got > 0 && n < (64u << 20));
  fclose(f);
  buf[n] = 0;
  *len = n;
  return buf;
}

/* Where a file the frames name is: as given when absolute, else in each
 * root, beside the trace, here, beside the program. */
static char *locate(const char *file, const char *const *roots, size_t nroots) {
  struct stat st;
  if (file[0] == '/')
    return stat(file, &st) == 0 && S_ISREG(st.st_mode) ? strdup(file) : NULL;
  for (size_t i = 0; i < nroots; i++) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", roots[i], file) < (int)sizeof path &&
        stat(path, &st) == 0 && S_ISREG(st.st_mode))
      return strdup(path);
  }
  return NULL;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

typedef struct {
  WeftExtraMeta *v;
  size_t n, cap;
  size_t lines, files;
} Extra;

static bool extra_add(Extra *x, const char *key, uint32_t first, const char *text, size_t len) {
  if (!weft_cli_grow((void **)&x->v, &x->cap, x->n, sizeof *x->v))
    return false;
  size_t kl = strlen(key);
  char *blob = malloc(kl + 1 + len);
  if (!blob)
    return false;
  memcpy(blob, key, kl + 1);
  memcpy(blob + kl + 1, text, len);
  x->v[x->n++] = (WeftExtraMeta){.type = WEFT_META_SOURCE, .nargs = 1, .args = {first},
                                 .blob = blob, .blob_len = kl + 1 + len};
  return true;
}

/* The windows of one file as SOURCE records: lines [l - ctx, l + ctx]
 * around each wanted line, merged where they touch. */
static bool embed_file(Extra *x, const char *key, const char *text, size_t len, Wanted *w,
                       unsigned ctx) {
  size_t nlines = 0;
  for (size_t i = 0; i < len; i++)
    nlines += text[i] == '\n';
  if (len && text[len - 1] != '\n')
    nlines++;
  const char **start = malloc((nlines + 2) * sizeof *start);
  if (!start)
    return false;
  size_t k = 0;
  start[k++] = text;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n')
      start[k++] = text + i + 1;
  start[nlines] = text + len; /* one past the last line */
  qsort(w->lines, w->n, sizeof *w->lines, cmp_u32);
  bool ok = true;
  for (size_t i = 0; ok && i < w->n;) {
    uint32_t lo = w->lines[i] > ctx ? w->lines[i] - ctx : 1, hi = w->lines[i] + ctx;
    while (++i < w->n && w->lines[i] <= hi + ctx + 1 && w->lines[i] + ctx - lo < WINDOW_MAX_LINES)
      hi = w->lines[i] + ctx;
    if (hi > nlines)
      hi = (uint32_t)nlines;
    if (lo > hi)
      continue; /* the line is past the end of this file: not the file the program had */
    const char *a = start[lo - 1], *b = start[hi];
    size_t n = (size_t)(b - a);
    if (n && a[n - 1] == '\n')
      n--;
    ok = extra_add(x, key, lo, a, n);
    x->lines += hi - lo + 1;
  }
  free(start);
  return ok;
}

int weft_cmd_pack(int argc, char **argv) {
  enum { OPT_CONTEXT = 256, OPT_ROOT, OPT_KEEP };
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"context", required_argument, NULL, OPT_CONTEXT},
      {"source-root", required_argument, NULL, OPT_ROOT},
      {"keep-paths", no_argument, NULL, OPT_KEEP},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *output = NULL;
  const char *roots[MAX_ROOTS + 3];
  size_t nroots = 0;
  unsigned ctx = 5;
  bool keep = false;
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case OPT_CONTEXT: {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (end == optarg || *end || v < 0 || v > 50)
        return bad(_("bad context '%s': a number of lines from 0 to 50"), optarg);
      ctx = (unsigned)v;
      break;
    }
    case OPT_ROOT: {
      struct stat st;
      if (stat(optarg, &st) < 0 || !S_ISDIR(st.st_mode))
        return bad(_("--source-root '%s' is not a folder"), optarg);
      if (nroots == MAX_ROOTS)
        return bad(_("too many --source-root folders; '%s' is one more than 8"), optarg);
      roots[nroots++] = optarg;
      break;
    }
    case OPT_KEEP: keep = true; break;
    case 'h': usage(stdout); return 0;
    default:
      return bad(_("unknown or incomplete option '%s'; try 'weft pack --help'"), argv[optind - 1]);
    }
  }
  const char *path;
  int usage_status = weft_cli_trace_to_trace("pack", argc, argv, optind, output, "SHARED.weft", &path);
  if (usage_status)
    return usage_status;
  WeftTrace *trace;
  weft_cli_family_root_only(); /* it rewrites this one file */
  int status = weft_cli_open_trace(path, &trace);
  if (status)
    return status;

  char *trace_copy = strdup(path), *prog = NULL;
  roots[nroots++] = dirname(trace_copy);
  roots[nroots++] = ".";
  const char *argv0 = weft_trace_info(trace)->argv;
  if (argv0 && strchr(argv0, '/')) {
    prog = strndup(argv0, strcspn(argv0, " "));
    roots[nroots++] = dirname(prog);
  }
  WantedList wanted = {0};
  Extra x = {0};
  bool ok = collect_lines(trace, &wanted);
  size_t missing = 0;
  for (size_t i = 0; ok && i < wanted.n; i++) {
    char *where = locate(wanted.v[i].file, roots, nroots);
    size_t len = 0;
    char *text = where ? slurp(where, &len) : NULL;
    if (!text) {
      fprintf(stderr, _("weft pack: %s not found, so its lines are not in the pack; "
                        "say where it is with --source-root DIR\n"),
              wanted.v[i].file);
      missing++;
    } else {
      size_t key_len;
      char *key = keep ? NULL : weft_redact_home(wanted.v[i].file, strlen(wanted.v[i].file), &key_len);
      ok = embed_file(&x, key ? key : wanted.v[i].file, text, len, &wanted.v[i], ctx);
      x.files++;
      free(key);
    }
    free(text);
    free(where);
  }
  int rc = 0;
  WeftExtraMeta packed = {.type = WEFT_META_PACKED, .nargs = 3,
                          .args = {keep ? WEFT_PACKED_PATHS_KEPT : 0, x.files, x.lines}};
  if (ok && extra_add(&x, "", 1, "", 0)) /* a slot for PACKED, last */
    x.v[x.n - 1] = (free(x.v[x.n - 1].blob), packed);
  else
    ok = false;
  WeftRewriteOptions o = {.redact = !keep, .extra = x.v, .nextra = x.n};
  WeftRewriteStats st;
  if (!ok) {
    fprintf(stderr, _("weft pack: out of memory\n"));
    rc = WEFT_EXIT_SOFTWARE;
  } else if (weft_rewrite(path, trace, output, &o, &st) < 0) {
    fprintf(stderr, _("weft pack: cannot write '%s': %s\n"), output, strerror(errno));
    rc = WEFT_EXIT_CANTCREAT;
  } else {
    fprintf(stderr,
            ngettext("weft: %s: %zu source lines of %zu file in it",
                     "weft: %s: %zu source lines of %zu files in it", x.files),
            output, x.lines, x.files);
    fputs(keep ? _("; paths kept as recorded\n")
               : _("; the command line's folders and home folders taken out\n"),
          stderr);
  }
  for (size_t i = 0; i < x.n; i++)
    free(x.v[i].blob);
  free(x.v);
  for (size_t i = 0; i < wanted.n; i++)
    free(wanted.v[i].lines);
  free(wanted.v);
  free(prog);
  free(trace_copy);
  weft_trace_free(trace);
  return rc;
}
