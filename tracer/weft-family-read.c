/* weft-family-read.c: the traces of a program and of the processes it
 * started, read as one trace.
 *
 * weft record writes one trace per process: the root, and <stem>-<pid>.weft
 * beside it for every child (children of children too: they all take the
 * root's stem). Each is read alone by weft-reader.c; then, from the root, the
 * FORK events name the children to look for, and their traces are merged
 * into one WeftTrace: ids renumbered per process above the root's (which stay
 * as they are, so a family with no child is the root trace itself), times
 * moved onto the root's clock by the CLOCK_MONOTONIC instant each trace starts
 * at, events merged by time. The merged trace keeps the member traces: the
 * names, frames and stacks it shows point into them. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "weft-reader-private.h"

/* Events of a member merged before their pages are given back (64 KiB). */
#define RELEASE_EVENTS 2048u

/* Far above any real family; each process costs a trace in memory. */
#define MAX_PROCESSES 4096

typedef struct {
  char *name;
  unsigned long pid;
  bool used;
} Candidate;

typedef struct {
  WeftProcess p;
  WeftTrace *trace; /* NULL when its trace could not be read */
  char *path;
  uint32_t fork_member, fork_index; /* the FORK in its parent's own events */
  uint32_t thread_base, object_base, stack_base, string_base, deadlock_base, race_base;
  uint64_t message_base;
  int64_t shift; /* ns added to its times */
  uint32_t *new_index; /* its event i is the family's new_index[i] */
} Member;

typedef struct {
  Member *v;
  size_t n, cap;
  Candidate *cand;
  size_t ncand;
  char dir[PATH_MAX];    /* where to look: "." for a root named without one */
  char prefix[PATH_MAX]; /* the root's folder as given ("" or "traces/"), for the paths */
} Family;

unsigned long weft_child_trace_pid(const char *name, const char *stem, size_t stem_len) {
  if (strncmp(name, stem, stem_len) || name[stem_len] != '-')
    return 0;
  char *end;
  unsigned long pid = strtoul(name + stem_len + 1, &end, 10);
  if (end == name + stem_len + 1)
    return 0;
  if (*end == '.' && end[1] >= '0' && end[1] <= '9')
    strtoul(end + 1, &end, 10);
  return !strcmp(end, ".weft") ? pid : 0;
}

static int list_candidates(Family *f, const char *root) {
  const char *slash = strrchr(root, '/');
  char stem[PATH_MAX];
  snprintf(f->dir, sizeof f->dir, "%.*s", slash ? (int)(slash - root) : 1, slash ? root : ".");
  if (!f->dir[0])
    snprintf(f->dir, sizeof f->dir, "/");
  snprintf(f->prefix, sizeof f->prefix, "%.*s", slash ? (int)(slash - root) + 1 : 0, root);
  snprintf(stem, sizeof stem, "%s", slash ? slash + 1 : root);
  size_t stem_len = strlen(stem);
  if (stem_len > 5 && !strcmp(stem + stem_len - 5, ".weft"))
    stem[stem_len -= 5] = 0;
  DIR *d = opendir(f->dir);
  if (!d)
    return 0;
  struct dirent *e;
  size_t cap = 0;
  while ((e = readdir(d))) {
    unsigned long pid = weft_child_trace_pid(e->d_name, stem, stem_len);
    if (!pid)
      continue;
    if (f->ncand == cap) {
      size_t c2 = cap ? cap * 2 : 16;
      Candidate *more = realloc(f->cand, c2 * sizeof *more);
      if (!more)
        break;
      f->cand = more;
      cap = c2;
    }
    f->cand[f->ncand].name = strdup(e->d_name);
    f->cand[f->ncand].pid = pid;
    f->cand[f->ncand].used = false;
    if (f->cand[f->ncand].name)
      f->ncand++;
  }
  closedir(d);
  return 0;
}

static Member *add_member(Family *f) {
  if (f->n == f->cap) {
    size_t c2 = f->cap ? f->cap * 2 : 8;
    Member *more = realloc(f->v, c2 * sizeof *more);
    if (!more)
      return NULL;
    f->v = more;
    f->cap = c2;
  }
  Member *m = &f->v[f->n++];
  memset(m, 0, sizeof *m);
  m->p.parent = m->p.fork_event = m->p.end_event = m->p.reap_event = UINT32_MAX;
  return m;
}

/* The trace of child `pid` of member `parent`: of the files named for that
 * pid (an older run's may have taken the plain name), the one whose process
 * says so and started the soonest after its parent. */
static void open_child(Family *f, uint32_t parent, uint32_t fork_index, uint32_t pid) {
  if (f->n >= MAX_PROCESSES)
    return;
  const WeftTraceInfo *pinfo = weft_trace_info(f->v[parent].trace);
  WeftTrace *best = NULL;
  size_t best_c = 0;
  WeftStatus first_error = WEFT_ERR_IO;
  int first_errno = ENOENT;
  char path[PATH_MAX + 260], first_path[PATH_MAX + 260] = "";
  for (size_t c = 0; c < f->ncand; c++) {
    if (f->cand[c].used || f->cand[c].pid != pid)
      continue;
    snprintf(path, sizeof path, "%s%s", f->prefix, f->cand[c].name);
    WeftTrace *t;
    WeftStatus st = weft_trace_open(path, &t);
    if (st != WEFT_TRACE_OK) {
      if (!first_path[0]) {
        first_error = st;
        first_errno = errno;
        snprintf(first_path, sizeof first_path, "%s", path);
      }
      continue;
    }
    const WeftTraceInfo *info = weft_trace_info(t);
    bool fits = info->pid == pid && info->ppid == pinfo->pid &&
                info->start_realtime_ns >= pinfo->start_realtime_ns;
    if (fits && (!best || info->start_realtime_ns < weft_trace_info(best)->start_realtime_ns)) {
      weft_trace_free(best);
      best = t;
      best_c = c;
    } else {
      weft_trace_free(t); /* an older run's, or a better one was found */
    }
  }
  Member *m = add_member(f);
  if (!m) {
    weft_trace_free(best);
    return;
  }
  m->p.pid = pid;
  m->p.ppid = weft_trace_info(f->v[parent].trace)->pid;
  m->p.parent = parent;
  m->fork_member = parent;
  m->fork_index = fork_index;
  if (best) {
    f->cand[best_c].used = true;
    snprintf(path, sizeof path, "%s%s", f->prefix, f->cand[best_c].name);
    m->trace = best;
    m->path = strdup(path);
    return;
  }
  if (!first_path[0]) {
    const char *root = f->v[0].path;
    size_t len = strlen(root);
    if (len > 5 && !strcmp(root + len - 5, ".weft"))
      len -= 5;
    snprintf(first_path, sizeof first_path, "%.*s-%u.weft", (int)len, root, pid);
  }
  m->path = strdup(first_path);
  m->p.status = first_error;
  m->p.error = first_errno;
}

static void find_children(Family *f) {
  for (size_t k = 0; k < f->n; k++) {
    if (!f->v[k].trace)
      continue;
    size_t n;
    const WeftEvent *ev = weft_trace_events(f->v[k].trace, &n);
    for (size_t i = 0; i < n; i++)
      if (ev[i].type == WEFT_EV_FORK && ev[i].arg && ev[i].arg < UINT32_MAX)
        open_child(f, (uint32_t)k, (uint32_t)i, (uint32_t)ev[i].arg);
  }
}

static void family_free(Family *f) {
  for (size_t k = 0; k < f->n; k++) {
    weft_trace_free(f->v[k].trace);
    free(f->v[k].path);
    free(f->v[k].new_index);
  }
  free(f->v);
  for (size_t c = 0; c < f->ncand; c++)
    free(f->cand[c].name);
  free(f->cand);
}

/* ---- the merge ---- */

static uint32_t max_thread(const WeftTrace *t) {
  return t->nthreads ? t->threads[t->nthreads - 1].id : 0;
}

/* Each member's ids go above the previous members'; false if they do not fit. */
static bool assign_bases(Family *f) {
  uint64_t tb = 0, ob = 0, sb = 0, strb = 0, db = 0, rb = 0;
  uint64_t origin = f->v[0].trace->origin_ns;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace && f->v[k].trace->origin_ns < origin)
      origin = f->v[k].trace->origin_ns;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    m->thread_base = (uint32_t)tb;
    m->object_base = (uint32_t)ob;
    m->stack_base = (uint32_t)sb;
    m->string_base = (uint32_t)strb;
    m->deadlock_base = (uint32_t)db;
    m->race_base = (uint32_t)rb;
    m->shift = (int64_t)(m->trace->origin_ns - origin);
    m->message_base = (uint64_t)k << 40;
    tb += max_thread(m->trace);
    ob += m->trace->objects_cap ? m->trace->objects_cap - 1 : 0;
    sb += m->trace->stacks_cap ? m->trace->stacks_cap - 1 : 0;
    strb += m->trace->nstrings;
    db += m->trace->ndeadlocks;
    rb += m->trace->races.n;
    if (rb > UINT32_MAX || tb > WEFT_MAX_ID || ob > WEFT_MAX_ID || sb > WEFT_MAX_ID || strb > UINT32_MAX)
      return false;
  }
  return true;
}

static bool arg_is_thread(unsigned type) {
  return type == WEFT_EV_THREAD_CREATE || type == WEFT_EV_THREAD_START ||
         type == WEFT_EV_JOIN_BEGIN || type == WEFT_EV_JOIN_END || type == WEFT_EV_DETACH;
}

static bool arg_is_string(unsigned type) {
  return type == WEFT_EV_THREAD_NAME || type == WEFT_EV_REGION_BEGIN ||
         type == WEFT_EV_REGION_END || type == WEFT_EV_LOG || type == WEFT_EV_EXEC ||
         type == WEFT_EV_SPAWN;
}

/* An event of member m with the family's ids. */
static WeftEvent renumber(const Member *m, WeftEvent e) {
  e.time = (uint64_t)((int64_t)e.time + m->shift);
  e.thread += m->thread_base;
  if (e.type == WEFT_EV_DUMP) /* its object is a thread */
    e.object += e.object ? m->thread_base : 0;
  else if (e.type != WEFT_EV_THREAD_ARG && e.object)
    e.object += m->object_base;
  if (e.type == WEFT_EV_THREAD_NAME) /* its stack is the thread it names */
    e.stack += e.stack ? m->thread_base : 0;
  else if (e.type == WEFT_EV_DEADLOCK)
    e.stack += e.stack ? m->deadlock_base : 0;
  else if (e.stack)
    e.stack += m->stack_base;
  if (arg_is_thread(e.type) && e.arg)
    e.arg += m->thread_base;
  else if ((e.type == WEFT_EV_COND_WAIT || e.type == WEFT_EV_COND_WAKE) && e.arg)
    e.arg += m->object_base;
  else if (arg_is_string(e.type) && e.arg)
    e.arg += m->string_base;
  else if (e.type == WEFT_EV_RACE && e.arg)
    e.arg += m->race_base;
  else if ((e.type == WEFT_EV_CHAN_SEND || e.type == WEFT_EV_CHAN_RECV) && e.arg)
    e.arg += m->message_base; /* each process counts its messages from 1 */
  return e;
}

/* A binary heap of members by the time of their next event. */
typedef struct {
  uint64_t time;
  uint32_t member;
} Head;

static bool head_less(Head a, Head b) {
  return a.time < b.time || (a.time == b.time && a.member < b.member);
}

static void sift_down(Head *h, size_t n, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, s = i;
    if (l < n && head_less(h[l], h[s]))
      s = l;
    if (r < n && head_less(h[r], h[s]))
      s = r;
    if (s == i)
      return;
    Head x = h[i];
    h[i] = h[s];
    h[s] = x;
    i = s;
  }
}

static int merge_events(WeftTrace *t, Family *f) {
  size_t total = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      total += f->v[k].trace->nevents;
  if (total >= UINT32_MAX)
    return -1;
  t->events = malloc((total ? total : 1) * sizeof *t->events);
  Head *heap = malloc(f->n * sizeof *heap);
  size_t *pos = calloc(f->n, sizeof *pos);
  if (!t->events || !heap || !pos) {
    free(heap);
    free(pos);
    return -1;
  }
  size_t nh = 0;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    m->new_index = malloc((m->trace->nevents ? m->trace->nevents : 1) * sizeof *m->new_index);
    if (!m->new_index) {
      free(heap);
      free(pos);
      return -1;
    }
    if (m->trace->nevents)
      heap[nh++] = (Head){(uint64_t)((int64_t)m->trace->events[0].time + m->shift), (uint32_t)k};
  }
  for (size_t i = nh / 2; i-- > 0;)
    sift_down(heap, nh, i);
  size_t o = 0, page = (size_t)sysconf(_SC_PAGESIZE);
  while (nh) {
    Member *m = &f->v[heap[0].member];
    size_t i = pos[heap[0].member]++;
    m->new_index[i] = (uint32_t)o;
    t->events[o++] = renumber(m, m->trace->events[i]);
    /* a mapped array's pages go back as they are merged: the peak stays
     * near one copy of the events, not two */
    if (m->trace->events_map_size && (i + 1) % RELEASE_EVENTS == 0) {
      uintptr_t lo = (uintptr_t)m->trace->events + (i + 1 - RELEASE_EVENTS) * sizeof(WeftEvent);
      uintptr_t hi = (uintptr_t)(m->trace->events + i + 1);
      lo = (lo + page - 1) / page * page;
      hi = hi / page * page;
      if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTNEED);
    }
    if (i + 1 < m->trace->nevents)
      heap[0].time = (uint64_t)((int64_t)m->trace->events[i + 1].time + m->shift);
    else
      heap[0] = heap[--nh];
    sift_down(heap, nh, 0);
  }
  t->nevents = o;
  free(heap);
  free(pos);
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      _weft_trace_drop_events(f->v[k].trace);
  return 0;
}

/* Keeps an owned string alive as long as the trace (in its string table). */
static const char *keep(WeftTrace *t, char *s) {
  if (!s)
    return "?";
  if (t->nstrings + 2 > t->strings_cap) {
    size_t cap = t->strings_cap ? t->strings_cap * 2 : 16;
    char **more = realloc(t->strings, cap * sizeof *more);
    if (!more) {
      free(s);
      return "?";
    }
    t->strings = more;
    t->strings_cap = cap;
  }
  t->strings[++t->nstrings] = s;
  return s;
}

/* "pid 4243: main" in a child; the name as it is in the root. */
static char *process_name(const Member *m, bool root, const char *name) {
  char *s = NULL;
  if (root)
    return strdup(name ? name : "?");
  if (asprintf(&s, "pid %u: %s", m->p.pid, name ? name : "?") < 0)
    return NULL;
  return s;
}

static int merge_threads(WeftTrace *t, Family *f) {
  size_t n = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      n += f->v[k].trace->nthreads;
  t->threads = calloc(n ? n : 1, sizeof *t->threads);
  t->thread_names = calloc(n ? n : 1, sizeof *t->thread_names);
  if (!t->threads || !t->thread_names)
    return -1;
  t->threads_cap = n;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    for (size_t i = 0; i < m->trace->nthreads; i++) {
      WeftThread th = m->trace->threads[i];
      th.id += m->thread_base;
      th.parent += th.parent ? m->thread_base : 0;
      th.pid = m->p.pid;
      th.process = (uint32_t)k;
      th.start_time = (uint64_t)((int64_t)th.start_time + m->shift);
      if (th.end_time != UINT64_MAX)
        th.end_time = (uint64_t)((int64_t)th.end_time + m->shift);
      if (th.create_event != UINT32_MAX)
        th.create_event = m->new_index[th.create_event];
      if (k && m->trace->threads[i].id == m->p.main_thread) {
        /* the child's first thread comes from its parent's fork */
        const Member *pm = &f->v[m->fork_member];
        th.create_event = pm->new_index[m->fork_index];
        th.parent = t->events[th.create_event].thread;
      }
      char *name = process_name(m, k == 0, th.name);
      th.name = name ? name : "?";
      t->thread_names[t->nthreads] = name; /* freed with the trace */
      t->threads[t->nthreads++] = th;
    }
  }
  return 0;
}

static int merge_objects(WeftTrace *t, Family *f) {
  size_t cap = 1, n = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace) {
      cap += f->v[k].trace->objects_cap ? f->v[k].trace->objects_cap - 1 : 0;
      n += f->v[k].trace->nobjects_defined;
    }
  t->objects = calloc(cap, sizeof *t->objects);
  t->object_given_names = calloc(cap, sizeof *t->object_given_names);
  t->object_symbol = calloc(cap, sizeof *t->object_symbol);
  t->object_list = calloc(n ? n : 1, sizeof *t->object_list);
  if (!t->objects || !t->object_given_names || !t->object_symbol || !t->object_list)
    return -1;
  t->objects_cap = cap;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    for (size_t i = 0; i < m->trace->nobjects_defined; i++) {
      WeftObject o = m->trace->object_list[i];
      o.id += m->object_base;
      if (k) /* two processes' "mu" are two locks */
        o.name = keep(t, process_name(m, false, o.name));
      t->objects[o.id] = o;
      t->object_list[t->nobjects_defined++] = o;
    }
  }
  return 0;
}

/* Stacks with their frames resolved in their own trace: the family has no
 * frame table of its own. */
static int merge_stacks(WeftTrace *t, Family *f) {
  size_t cap = 1;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      cap += f->v[k].trace->stacks_cap ? f->v[k].trace->stacks_cap - 1 : 0;
  t->stacks = calloc(cap, sizeof *t->stacks);
  if (!t->stacks)
    return -1;
  t->stacks_cap = cap;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    for (size_t id = 1; id < m->trace->stacks_cap; id++) {
      size_t depth;
      const WeftFrame *fr = weft_trace_stack(m->trace, (uint32_t)id, &depth);
      if (!fr)
        continue;
      StackEntry *s = &t->stacks[id + m->stack_base];
      s->epoch = m->trace->stacks[id].epoch;
      s->pcs = malloc((depth ? depth : 1) * sizeof *s->pcs);
      s->frames = malloc((depth ? depth : 1) * sizeof *s->frames);
      if (!s->pcs || !s->frames)
        return -1;
      memcpy(s->pcs, m->trace->stacks[id].pcs, depth * sizeof *s->pcs);
      memcpy(s->frames, fr, depth * sizeof *s->frames);
      s->depth = (uint32_t)depth;
    }
  }
  return 0;
}

static int merge_strings(WeftTrace *t, Family *f) {
  size_t n = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      n += f->v[k].trace->nstrings;
  t->strings = calloc(n + 2, sizeof *t->strings);
  if (!t->strings)
    return -1;
  t->strings_cap = n + 2;
  for (size_t k = 0; k < f->n; k++) {
    const WeftTrace *m = f->v[k].trace;
    for (size_t i = 1; m && i <= m->nstrings; i++) {
      t->strings[++t->nstrings] = strdup(m->strings[i] ? m->strings[i] : "");
      if (!t->strings[t->nstrings])
        return -1;
    }
  }
  return 0;
}

static int merge_deadlocks(WeftTrace *t, Family *f) {
  size_t n = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace)
      n += f->v[k].trace->ndeadlocks;
  if (!n)
    return 0;
  t->deadlocks = calloc(n, sizeof *t->deadlocks);
  if (!t->deadlocks)
    return -1;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    for (size_t i = 0; m->trace && i < m->trace->ndeadlocks; i++) {
      WeftDeadlock d = m->trace->deadlocks[i];
      uint32_t *th = malloc((d.nthreads ? d.nthreads : 1) * sizeof *th);
      uint32_t *ob = malloc((d.nobjects ? d.nobjects : 1) * sizeof *ob);
      if (!th || !ob) {
        free(th);
        free(ob);
        return -1;
      }
      for (size_t j = 0; j < d.nthreads; j++)
        th[j] = d.threads[j] + m->thread_base;
      for (size_t j = 0; j < d.nobjects; j++)
        ob[j] = d.objects[j] ? d.objects[j] + m->object_base : 0;
      d.time = (uint64_t)((int64_t)d.time + m->shift);
      d.threads = th;
      d.objects = ob;
      t->deadlocks[t->ndeadlocks++] = d;
    }
  }
  return 0;
}

/* Every member's ThreadSanitizer reports, their threads, stacks and time
 * in the family's terms, each member's numbered after the previous ones'
 * (as its RACE events are): a child's race keeps its text and its lanes. */
static int merge_races(WeftTrace *t, Family *f) {
  size_t n = 0;
  for (size_t k = 0; k < f->n; k++)
    if (f->v[k].trace) {
      n += f->v[k].trace->races.n;
      t->races.detector |= f->v[k].trace->races.detector;
    }
  if (!n)
    return 0;
  WeftRaceTable *all = &t->races;
  all->races = calloc(n, sizeof *all->races);
  all->tsan_threads = calloc(n, sizeof *all->tsan_threads);
  if (!all->races || !all->tsan_threads)
    return -1;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    if (!m->trace)
      continue;
    WeftRaceTable *rt = &m->trace->races;
    uint32_t tb = m->thread_base, sb = m->stack_base;
    for (size_t i = 0; i < rt->n; i++) {
      WeftRace r = rt->races[i];
      r.time = (uint64_t)((int64_t)r.time + m->shift);
      r.thread += r.thread ? tb : 0;
      r.location_thread += r.location_thread ? tb : 0;
      r.location_stack += r.location_stack ? sb : 0;
      WeftRaceAccess *acc = (WeftRaceAccess *)r.accesses;
      for (size_t j = 0; j < r.naccesses; j++) {
        acc[j].thread += acc[j].thread ? tb : 0;
        acc[j].stack += acc[j].stack ? sb : 0;
      }
      uint32_t *ids = (uint32_t *)r.threads, *stacks = (uint32_t *)r.stacks;
      for (size_t j = 0; j < r.nthreads; j++)
        ids[j] += ids[j] ? tb : 0;
      for (size_t j = 0; j < r.nstacks; j++)
        stacks[j] += stacks[j] ? sb : 0;
      all->races[all->n] = r;
      all->tsan_threads[all->n++] = rt->tsan_threads[i];
    }
    /* the family owns them now */
    free(rt->races);
    free(rt->tsan_threads);
    memset(rt, 0, sizeof *rt);
  }
  return 0;
}

/* The IO_DONE of a wait for a child that returned that child's pid: one
 * that blocked (an IO_WAIT of the child class just before it on the same
 * thread), or one that did not (flagged TRY: only waits for children write
 * those). */
static void find_reaps(WeftTrace *t) {
  uint32_t max_id = t->threads[t->nthreads - 1].id;
  uint32_t *last_wait = calloc(max_id + 1, sizeof *last_wait);
  if (!last_wait)
    return;
  for (size_t i = 0; i < t->nevents; i++) {
    const WeftEvent *e = &t->events[i];
    if (e->thread > max_id)
      continue;
    if (e->type == WEFT_EV_IO_WAIT) {
      last_wait[e->thread] = (uint32_t)i + 1;
    } else if (e->type == WEFT_EV_IO_DONE && (last_wait[e->thread] || (e->flags & WEFT_F_TRY))) {
      const WeftEvent *w = last_wait[e->thread] ? &t->events[last_wait[e->thread] - 1] : NULL;
      last_wait[e->thread] = 0;
      if (w ? weft_io_call_class((unsigned)(w->arg & 0xff)) != WEFT_IO_CLASS_CHILD
            : !(e->flags & WEFT_F_TRY))
        continue;
      for (size_t p = 1; p < t->nprocesses; p++) {
        WeftProcess *pr = &t->processes[p];
        const WeftThread *waiter = weft_trace_thread(t, e->thread);
        if (pr->pid == e->arg && pr->reap_event == UINT32_MAX && waiter &&
            waiter->process == pr->parent && pr->fork_event != UINT32_MAX && i > pr->fork_event) {
          pr->reap_event = (uint32_t)i;
          break;
        }
      }
    }
  }
  free(last_wait);
}

static int build_processes(WeftTrace *t, Family *f) {
  t->processes = calloc(f->n, sizeof *t->processes);
  if (!t->processes)
    return -1;
  t->nprocesses = f->n;
  for (size_t k = 0; k < f->n; k++) {
    Member *m = &f->v[k];
    WeftProcess *p = &t->processes[k];
    *p = m->p;
    p->path = m->path;
    if (!m->trace)
      continue;
    p->status = WEFT_TRACE_OK;
    p->info = &m->trace->info;
    p->argv = m->trace->info.argv;
    p->main_thread = m->trace->nthreads ? m->trace->threads[0].id + m->thread_base : 0;
    if (k)
      p->fork_event = f->v[m->fork_member].new_index[m->fork_index];
    if (m->trace->processes && m->trace->processes[0].end_event != UINT32_MAX)
      p->end_event = m->new_index[m->trace->processes[0].end_event];
    p->start_time = (uint64_t)m->shift;
    p->end_time = (uint64_t)((int64_t)m->trace->info.duration + m->shift);
  }
  return 0;
}

static WeftStatus merge(Family *f, WeftTrace **out) {
  WeftTrace *t = calloc(1, sizeof *t);
  if (!t)
    return WEFT_ERR_NO_MEMORY;
  for (size_t k = 0; k < f->n; k++) /* the main threads before renumbering */
    if (f->v[k].trace && f->v[k].trace->nthreads)
      f->v[k].p.main_thread = f->v[k].trace->threads[0].id;
  if (!assign_bases(f) || merge_strings(t, f) || merge_events(t, f) || build_processes(t, f) ||
      merge_threads(t, f) || merge_objects(t, f) || merge_stacks(t, f) ||
      merge_deadlocks(t, f) || merge_races(t, f)) {
    weft_trace_free(t);
    return WEFT_ERR_NO_MEMORY;
  }
  WeftTrace *root = f->v[0].trace;
  t->info = root->info;
  t->info.argv = root->info.argv ? strdup(root->info.argv) : NULL;
  t->info.duration = t->nevents ? t->events[t->nevents - 1].time : 0;
  for (size_t k = 1; k < f->n; k++)
    if (f->v[k].trace) {
      t->info.lost_events += f->v[k].trace->info.lost_events;
      t->info.dropped_chunks += f->v[k].trace->info.dropped_chunks;
      t->info.dropped_bytes += f->v[k].trace->info.dropped_bytes;
    }
  t->origin_ns = root->origin_ns - (uint64_t)f->v[0].shift;
  if (t->nthreads)
    find_reaps(t);
  /* The members now belong to the family; so do the paths. */
  t->members = calloc(f->n, sizeof *t->members);
  if (!t->members) {
    weft_trace_free(t);
    return WEFT_ERR_NO_MEMORY;
  }
  for (size_t k = 0; k < f->n; k++) {
    if (f->v[k].trace)
      t->members[t->nmembers++] = f->v[k].trace;
    f->v[k].trace = NULL;
    t->processes[k].path = f->v[k].path ? keep(t, f->v[k].path) : NULL;
    f->v[k].path = NULL;
  }
  *out = t;
  return WEFT_TRACE_OK;
}

WeftStatus weft_trace_open_family(const char *root, WeftProgressFn progress, void *user,
                                  WeftTrace **out) {
  *out = NULL;
  Family f = {0};
  Member *r = add_member(&f);
  if (!r)
    return WEFT_ERR_NO_MEMORY;
  WeftStatus st = weft_trace_open_with_progress(root, progress, user, &r->trace);
  if (st != WEFT_TRACE_OK) {
    int e = errno;
    family_free(&f);
    errno = e;
    return st;
  }
  r->path = strdup(root);
  r->p.pid = weft_trace_info(r->trace)->pid;
  r->p.ppid = weft_trace_info(r->trace)->ppid;
  bool forks = false;
  size_t n;
  const WeftEvent *ev = weft_trace_events(r->trace, &n);
  for (size_t i = 0; i < n && !forks; i++)
    forks = ev[i].type == WEFT_EV_FORK;
  if (forks && r->path) {
    list_candidates(&f, root);
    find_children(&f);
  }
  if (f.n == 1) { /* no child: the root alone */
    WeftTrace *t = f.v[0].trace;
    f.v[0].trace = NULL;
    family_free(&f);
    *out = t;
    return WEFT_TRACE_OK;
  }
  st = merge(&f, out);
  family_free(&f);
  return st;
}
