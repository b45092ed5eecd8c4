/* weft-rewrite.c: a trace written again by the writer (weft pack, weft trim).
 *
 * Metadata records are copied as they are (frames, stacks, names, threads,
 * mappings...), but for CLOCK pairs: the new file's ticks are nanoseconds.
 * Events are the reader's, in its time order; those that carry a blob
 * (names, regions, logs, deadlocks, races) take back their record's own
 * fields, met in the same order in the file. Cut to a span, the events
 * before it that still hold at its start (each live thread's start, its
 * locks, the wait it is in, every object made) are written at its start, so
 * that the cut reads as a whole trace. */
#include "weft-rewrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-cli-args.h"
#include "weft-replay.h"
#include "weft-scan-private.h"
#include "weft-writer.h"

typedef struct {
  uint32_t thread;
  unsigned type, nargs;
  uint64_t args[WEFT_RECORD_MAX_ARGS];
  uint8_t *blob;
  size_t blob_len;
} Saved;

typedef struct {
  Saved *v;
  size_t n, cap;
} SavedList;

typedef struct {
  SavedList meta, blobs; /* blobs: events with a blob, in file order */
  bool failed;
} Collected;

static bool saved_push(SavedList *l, uint32_t thread, const WeftRecord *r) {
  if (!weft_cli_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v))
    return false;
  Saved *s = &l->v[l->n];
  s->thread = thread;
  s->type = r->type;
  s->nargs = r->nargs;
  memcpy(s->args, r->args, r->nargs * sizeof *r->args);
  s->blob = NULL;
  s->blob_len = r->blob_len;
  if (r->blob_len) {
    s->blob = malloc(r->blob_len);
    if (!s->blob)
      return false;
    memcpy(s->blob, r->blob, r->blob_len);
  }
  l->n++;
  return true;
}

static void saved_free(SavedList *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].blob);
  free(l->v);
}

static void collect(void *ctx, uint32_t thread, const WeftRecord *r) {
  Collected *c = ctx;
  if (c->failed || r->type == WEFT_META_CLOCK || r->type == WEFT_EV_TIME_BASE)
    return;
  if (!weft_rec_is_event(r->type))
    c->failed = !saved_push(&c->meta, thread, r);
  else if (r->blob_len)
    c->failed = !saved_push(&c->blobs, thread, r);
}

char *weft_redact_home(const char *s, size_t len, size_t *out_len) {
  const char *home = getenv("HOME");
  size_t hl = home && strcmp(home, "/") ? strlen(home) : 0;
  char *out = malloc(len * 2 + 2);
  if (!out)
    return NULL;
  size_t o = 0;
  bool changed = false;
  for (size_t i = 0; i < len;) {
    size_t skip = 0;
    if (hl && len - i >= hl && !memcmp(s + i, home, hl) && (i + hl == len || s[i + hl] == '/'))
      skip = hl;
    else if (len - i > 6 && !memcmp(s + i, "/home/", 6)) { /* another user's: /home/NAME */
      skip = 6;
      while (i + skip < len && s[i + skip] != '/' && s[i + skip] != 0 && s[i + skip] != ' ')
        skip++;
    } else if (len - i >= 5 && !memcmp(s + i, "/root", 5) && (i + 5 == len || s[i + 5] == '/'))
      skip = 5;
    if (skip && (i == 0 || s[i - 1] == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
                 s[i - 1] == '=' || s[i - 1] == '\'' || s[i - 1] == '"')) {
      out[o++] = '~';
      i += skip;
      changed = true;
    } else {
      out[o++] = s[i++];
    }
  }
  if (!changed) {
    free(out);
    return NULL;
  }
  out[o] = 0;
  *out_len = o;
  return out;
}

/* argv without the folders: each argument that is a path, by its base name. */
static char *redact_argv(const uint8_t *blob, size_t len, size_t *out_len) {
  char *out = malloc(len + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t end = i;
    while (end < len && blob[end])
      end++;
    size_t base = i;
    for (size_t k = i; k < end; k++)
      if (blob[k] == '/' && k + 1 < end)
        base = k + 1;
    memcpy(out + o, blob + base, end - base);
    o += end - base;
    if (end < len)
      out[o++] = 0;
    i = end + 1;
  }
  *out_len = o;
  return out;
}

/* The paths FRAME records keep (where the compiler read each file): made
 * relative to the folder the program's own files share, others by their
 * base name. */
typedef struct {
  uint64_t *ids; /* string ids of frame paths, sorted */
  size_t n;
  char *root; /* with its trailing '/', or NULL */
  const Saved **strings; /* STRING records by id, sorted */
  size_t nstrings;
} FramePaths;

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int cmp_string_id(const void *a, const void *b) {
  const Saved *x = *(const Saved *const *)a, *y = *(const Saved *const *)b;
  return (x->args[0] > y->args[0]) - (x->args[0] < y->args[0]);
}

static const Saved *string_of(const FramePaths *fp, uint64_t id) {
  size_t lo = 0, hi = fp->nstrings;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (fp->strings[mid]->args[0] < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < fp->nstrings && fp->strings[lo]->args[0] == id ? fp->strings[lo] : NULL;
}

static void frame_paths_find(const SavedList *meta, FramePaths *fp) {
  memset(fp, 0, sizeof *fp);
  fp->strings = malloc((meta->n ? meta->n : 1) * sizeof *fp->strings);
  for (size_t i = 0; fp->strings && i < meta->n; i++)
    if (meta->v[i].type == WEFT_META_STRING && meta->v[i].nargs > 0)
      fp->strings[fp->nstrings++] = &meta->v[i];
  if (fp->strings)
    qsort(fp->strings, fp->nstrings, sizeof *fp->strings, cmp_string_id);
  size_t root_len = 0, ids_cap = 0;
  for (size_t i = 0; i < meta->n; i++) {
    const Saved *f = &meta->v[i];
    if (f->type != WEFT_META_FRAME || f->nargs < 7 || !f->args[6])
      continue;
    if (!weft_cli_grow((void **)&fp->ids, &ids_cap, fp->n, sizeof *fp->ids))
      return;
    fp->ids[fp->n++] = f->args[6];
    const Saved *s = string_of(fp, f->args[6]);
    if (!s || f->args[5] != WEFT_ORIGIN_PROGRAM || !s->blob_len || s->blob[0] != '/')
      continue;
    size_t dir = s->blob_len;
    while (dir > 0 && s->blob[dir - 1] != '/')
      dir--;
    if (!fp->root) {
      fp->root = strndup((const char *)s->blob, dir);
      root_len = dir;
      continue;
    }
    size_t k = 0; /* the common part, back to a '/' */
    while (k < root_len && k < dir && fp->root[k] == (char)s->blob[k])
      k++;
    while (k > 0 && fp->root[k - 1] != '/')
      k--;
    fp->root[k] = 0;
    root_len = k;
  }
  if (fp->ids)
    qsort(fp->ids, fp->n, sizeof *fp->ids, cmp_u64);
}

static bool is_frame_path(const FramePaths *fp, uint64_t id) {
  return fp->ids && bsearch(&id, fp->ids, fp->n, sizeof *fp->ids, cmp_u64) != NULL;
}

static char *relative_path(const FramePaths *fp, const uint8_t *path, size_t len, size_t *out_len) {
  size_t rl = fp->root ? strlen(fp->root) : 0;
  size_t from = 0;
  if (rl > 1 && len > rl && !memcmp(path, fp->root, rl))
    from = rl;
  else
    for (size_t k = 0; k < len; k++)
      if (path[k] == '/')
        from = k + 1;
  *out_len = len - from;
  return strndup((const char *)path + from, len - from);
}

static void write_meta(WeftWriter *w, const Saved *m, const FramePaths *fp,
                       const WeftRewriteOptions *o, WeftRewriteStats *st) {
  uint64_t args[WEFT_RECORD_MAX_ARGS];
  memcpy(args, m->args, m->nargs * sizeof *args);
  const void *blob = m->blob;
  size_t blob_len = m->blob_len;
  char *changed = NULL;
  if (m->type == WEFT_META_PROCESS && m->nargs > 3)
    args[3] = 0; /* the run starts with this file's first event */
  if (o->redact && blob_len) {
    if (m->type == WEFT_META_PROCESS || m->type == WEFT_META_MAPPING)
      changed = redact_argv(m->blob, blob_len, &blob_len);
    else if (m->type == WEFT_META_STRING && m->nargs > 0 && is_frame_path(fp, m->args[0]))
      changed = relative_path(fp, m->blob, blob_len, &blob_len);
    else if (m->type != WEFT_META_SOURCE)
      changed = weft_redact_home((const char *)m->blob, blob_len, &blob_len);
    if (changed) {
      blob = changed;
      st->redacted++;
    } else {
      blob_len = m->blob_len;
    }
  }
  weft_writer_meta(w, m->thread, m->type, m->nargs, args, blob, blob_len);
  free(changed);
}

/* The events before the span that still hold at its start. */
static bool *prologue_marks(const WeftTrace *t, size_t lo) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  bool *keep = calloc(lo ? lo : 1, sizeof *keep);
  if (!keep || lo == 0)
    return keep;
  for (size_t i = 0; i < lo; i++) {
    unsigned ty = ev[i].type;
    keep[i] = ty == WEFT_EV_OBJ_INIT || ty == WEFT_EV_CHAN_MAKE || ty == WEFT_EV_THREAD_NAME;
  }
  WeftReplay *r = weft_replay_at(t, lo - 1);
  if (!r) {
    free(keep);
    return NULL;
  }
  size_t nth;
  const WeftThread *th = weft_trace_threads(t, &nth);
  for (size_t k = 0; k < nth; k++) {
    const WeftThreadNow *now = weft_replay_thread(r, th[k].id);
    if (!now || !now->started || now->ended)
      continue;
    for (size_t i = 0; i < lo; i++) /* its start */
      if (ev[i].thread == th[k].id &&
          (ev[i].type == WEFT_EV_THREAD_START ||
           (th[k].create_event != UINT32_MAX && i == th[k].create_event))) {
        keep[i] = true;
        if (ev[i].type == WEFT_EV_THREAD_START)
          break;
      }
    for (int h = 0; h < now->nheld; h++)
      if (now->held[h].event < lo)
        keep[now->held[h].event] = true;
    if (now->wait_event && now->wait_index < lo)
      keep[now->wait_index] = true;
  }
  weft_replay_free(r);
  return keep;
}

/* The blob-carrying records, one queue per thread and type in file order:
 * the reader's events of a thread and type come in the same order. */
typedef struct {
  const Saved **v; /* sorted by thread, type, then file order */
  size_t n;
  size_t *next; /* at each queue's first record: the index of the next one to give */
} BlobQueues;

static int cmp_blob(const void *a, const void *b) {
  const Saved *x = *(const Saved *const *)a, *y = *(const Saved *const *)b;
  if (x->thread != y->thread)
    return x->thread < y->thread ? -1 : 1;
  if (x->type != y->type)
    return x->type < y->type ? -1 : 1;
  return (x > y) - (x < y); /* file order: they were saved in it */
}

static bool blob_queues_init(BlobQueues *q, const SavedList *blobs) {
  q->n = blobs->n;
  q->v = malloc((q->n ? q->n : 1) * sizeof *q->v);
  q->next = calloc(q->n ? q->n : 1, sizeof *q->next);
  if (!q->v || !q->next)
    return false;
  for (size_t i = 0; i < q->n; i++)
    q->v[i] = &blobs->v[i];
  qsort(q->v, q->n, sizeof *q->v, cmp_blob);
  for (size_t i = 0; i < q->n; i++) /* each queue's head says where it is */
    q->next[i] = i;
  return true;
}

static void blob_queues_free(BlobQueues *q) {
  free(q->v);
  free(q->next);
}

/* The next record of event e's thread and type, or NULL if none is left. */
static const Saved *take_blob(BlobQueues *q, const WeftEvent *e) {
  size_t lo = 0, hi = q->n; /* the queue's head: its first record */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const Saved *s = q->v[mid];
    if (s->thread < e->thread || (s->thread == e->thread && s->type < e->type))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == q->n || q->v[lo]->thread != e->thread || q->v[lo]->type != e->type)
    return NULL;
  size_t at = q->next[lo];
  if (at == q->n || q->v[at]->thread != e->thread || q->v[at]->type != e->type)
    return NULL;
  q->next[lo] = at + 1;
  return q->v[at];
}

static bool has_blob(unsigned type) {
  return type == WEFT_EV_THREAD_NAME || type == WEFT_EV_REGION_BEGIN ||
         type == WEFT_EV_REGION_END || type == WEFT_EV_LOG || type == WEFT_EV_EXEC ||
         type == WEFT_EV_SPAWN || type == WEFT_EV_DEADLOCK || type == WEFT_EV_RACE;
}

static void write_event(WeftWriter *w, const WeftEvent *e, uint64_t tick, const Saved *s,
                        const WeftRewriteOptions *o, WeftRewriteStats *st) {
  uint64_t args[4] = {e->object, e->flags, e->arg, e->stack};
  if (s) { /* the record's own fields: the reader keeps string ids there */
    unsigned n = s->nargs > 5 ? 4 : s->nargs ? s->nargs - 1 : 0;
    memset(args, 0, sizeof args);
    memcpy(args, s->args + 1, n * sizeof *args);
  }
  const void *blob = s ? s->blob : NULL;
  size_t blob_len = s ? s->blob_len : 0;
  char *changed = NULL;
  if (s && o->redact && e->type != WEFT_EV_RACE && e->type != WEFT_EV_DEADLOCK &&
      (changed = weft_redact_home((const char *)blob, blob_len, &blob_len)) != NULL) {
    blob = changed;
    st->redacted++;
  }
  unsigned nargs = 4;
  while (nargs > 0 && !args[nargs - 1])
    nargs--; /* trailing zeros left out, as the tracer writes them */
  weft_writer_event(w, e->thread, tick, e->type, nargs, args, blob, blob_len);
  free(changed);
  st->events++;
}

static int patch_header(const char *path, const WeftTrace *t, uint64_t from) {
  const WeftTraceInfo *info = weft_trace_info(t);
  WeftFileHeader h;
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = -1;
  if (pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h) {
    h.pid = info->pid;
    h.features = info->features & ~(uint32_t)WEFT_FEATURE_TSC;
    h.start_realtime_ns = info->start_realtime_ns ? info->start_realtime_ns + from : 0;
    rc = pwrite(fd, &h, sizeof h, 0) == (ssize_t)sizeof h ? 0 : -1;
  }
  close(fd);
  return rc;
}

int weft_rewrite(const char *in, const WeftTrace *t, const char *out, const WeftRewriteOptions *o,
                 WeftRewriteStats *st) {
  memset(st, 0, sizeof *st);
  int fd = open(in, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  Collected c = {0};
  int rc = _weft_scan_file(fd, collect, &c);
  close(fd);
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  size_t lo = 0, hi = nev;
  if (o->span) {
    while (lo < nev && ev[lo].time < o->from)
      lo++;
    hi = lo;
    while (hi < nev && ev[hi].time <= o->to)
      hi++;
  }
  bool *keep = rc == 0 && !c.failed ? prologue_marks(t, lo) : NULL;
  WeftWriter *w = keep ? weft_writer_create(out, 0, weft_trace_info(t)->pid) : NULL;
  if (!w) {
    int err = c.failed ? ENOMEM : errno ? errno : ENOMEM;
    free(keep);
    saved_free(&c.meta);
    saved_free(&c.blobs);
    errno = err;
    return -1;
  }
  FramePaths fp = {0};
  if (o->redact)
    frame_paths_find(&c.meta, &fp);
  for (size_t i = 0; i < c.meta.n; i++)
    write_meta(w, &c.meta.v[i], &fp, o, st);
  free(fp.ids);
  free(fp.root);
  free(fp.strings);
  for (size_t i = 0; i < o->nextra; i++)
    weft_writer_meta(w, 0, o->extra[i].type, o->extra[i].nargs, o->extra[i].args, o->extra[i].blob,
                     o->extra[i].blob_len);
  BlobQueues queues = {0};
  if (!blob_queues_init(&queues, &c.blobs)) {
    blob_queues_free(&queues);
    free(keep);
    saved_free(&c.meta);
    saved_free(&c.blobs);
    weft_writer_close(w);
    errno = ENOMEM;
    return -1;
  }
  uint64_t base = o->span ? o->from : 0;
  for (size_t i = 0; i < hi; i++) {
    const Saved *s = has_blob(ev[i].type) ? take_blob(&queues, &ev[i]) : NULL;
    if (i < lo && !keep[i])
      continue;
    write_event(w, &ev[i], i < lo ? 0 : ev[i].time - base, s, o, st);
    st->prologue += i < lo;
  }
  blob_queues_free(&queues);
  free(keep);
  saved_free(&c.meta);
  saved_free(&c.blobs);
  if (weft_writer_close(w) < 0)
    return -1;
  return patch_header(out, t, base);
}
