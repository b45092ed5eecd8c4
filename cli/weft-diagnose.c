/* weft-diagnose.c: deadlock reports, lock-order inversions, leaks, misuse.
 *
 * Inversions follow Helgrind and Linux lockdep with one change: an edge
 * "A before B" is added when B is *asked for* while A is held, not when the
 * lock call returns, so the calls that close a real cycle count too. */
#include "weft-diagnose.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-i18n.h"

#define MAX_HELD 32

typedef struct {
  uint32_t obj, stack;
} Held;

typedef struct {
  Held held[MAX_HELD];
  int nheld;
  uint8_t wait_event; /* 0: not waiting */
  uint32_t wait_object, wait_target, wait_stack;
  uint16_t wait_flags;
  uint64_t wait_since;
  bool ended;
} ThreadState;

typedef struct {
  const WeftTrace *t;
  ThreadState *states; /* [0] for an unknown id, then one per thread: ids may be sparse */
  uint32_t *slot;      /* by thread id: index in states */
  uint32_t max_tid;
  uint32_t *holder; /* by object id */
  uint32_t max_obj;
} World;

static bool is_lock(const WeftTrace *t, uint32_t obj) {
  const WeftObject *o = weft_trace_object(t, obj);
  return o && (o->kind == WEFT_OBJ_MUTEX || o->kind == WEFT_OBJ_SPINLOCK ||
               o->kind == WEFT_OBJ_RWLOCK);
}

static bool world_init(World *w, const WeftTrace *t) {
  size_t nev, nth, nobj;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  const WeftThread *th = weft_trace_threads(t, &nth);
  const WeftObject *objs = weft_trace_objects(t, &nobj);
  memset(w, 0, sizeof *w);
  w->t = t;
  for (size_t i = 0; i < nth; i++)
    if (th[i].id > w->max_tid)
      w->max_tid = th[i].id;
  for (size_t i = 0; i < nev; i++) {
    if (ev[i].thread > w->max_tid)
      w->max_tid = ev[i].thread;
    if (ev[i].object > w->max_obj)
      w->max_obj = ev[i].object;
  }
  for (size_t i = 0; i < nobj; i++)
    if (objs[i].id > w->max_obj)
      w->max_obj = objs[i].id;
  w->states = calloc(nth + 1, sizeof *w->states);
  w->slot = calloc((size_t)w->max_tid + 1, sizeof *w->slot);
  w->holder = calloc((size_t)w->max_obj + 1, sizeof *w->holder);
  for (size_t i = 0; w->slot && i < nth; i++)
    w->slot[th[i].id] = (uint32_t)i + 1;
  return w->states && w->slot && w->holder;
}

/* A thread's state by id; a zeroed one that waits for nothing if unknown. */
static ThreadState *ts(const World *w, uint32_t tid) {
  return &w->states[tid <= w->max_tid ? w->slot[tid] : 0];
}

static void world_free(World *w) {
  free(w->states);
  free(w->slot);
  free(w->holder);
}

static void held_remove(ThreadState *s, uint32_t obj) {
  for (int i = s->nheld - 1; i >= 0; i--)
    if (s->held[i].obj == obj) {
      memmove(&s->held[i], &s->held[i + 1], (size_t)(s->nheld - i - 1) * sizeof *s->held);
      s->nheld--;
      return;
    }
}

static void held_add(ThreadState *s, uint32_t obj, uint32_t stack) {
  if (s->nheld < MAX_HELD)
    s->held[s->nheld++] = (Held){obj, stack};
}

/* One event into the world; edge_fn sees each lock-order edge. */
typedef void (*EdgeFn)(void *ctx, uint32_t first, uint32_t second, uint32_t thread,
                       uint32_t first_stack, uint32_t second_stack);

static void world_step(World *w, const WeftEvent *e, EdgeFn edge, void *ctx) {
  if (e->thread == 0 || e->thread > w->max_tid)
    return;
  ThreadState *s = ts(w, e->thread);
  bool lock = e->object && is_lock(w->t, e->object);
  bool attempt = lock && !(e->flags & WEFT_F_TRY) && !(e->flags & WEFT_F_WAITED) &&
                 (e->type == WEFT_EV_LOCK_WAIT || e->type == WEFT_EV_LOCK_ACQUIRE);
  if (attempt && edge)
    for (int i = 0; i < s->nheld; i++)
      if (s->held[i].obj != e->object)
        edge(ctx, s->held[i].obj, e->object, e->thread, s->held[i].stack, e->stack);
  if (weft_event_ends_wait(e))
    s->wait_event = 0;
  if (weft_event_begins_wait(e->type)) {
    s->wait_event = e->type;
    s->wait_object = e->object;
    s->wait_target = e->type == WEFT_EV_JOIN_BEGIN ? (uint32_t)e->arg : 0;
    s->wait_stack = e->stack;
    s->wait_flags = e->flags;
    s->wait_since = e->time;
  }
  switch (e->type) {
  case WEFT_EV_LOCK_ACQUIRE:
    if (lock) {
      held_add(s, e->object, e->stack ? e->stack : s->wait_stack);
      if (e->object <= w->max_obj)
        w->holder[e->object] = e->thread;
    }
    break;
  case WEFT_EV_LOCK_RELEASE:
    if (lock) {
      held_remove(s, e->object);
      if (e->object <= w->max_obj && w->holder[e->object] == e->thread)
        w->holder[e->object] = 0;
    }
    break;
  case WEFT_EV_COND_WAIT:
    held_remove(s, (uint32_t)e->arg);
    if (e->arg <= w->max_obj && w->holder[e->arg] == e->thread)
      w->holder[e->arg] = 0;
    break;
  case WEFT_EV_COND_WAKE:
    held_add(s, (uint32_t)e->arg, 0);
    if (e->arg <= w->max_obj)
      w->holder[e->arg] = e->thread;
    break;
  case WEFT_EV_THREAD_END: s->ended = true; break;
  default: break;
  }
}

/* ---- names ---- */

const char *weft_deadlock_kind_id(unsigned kind) {
  switch (kind) {
  case WEFT_DEADLOCK_MUTEX_CYCLE: return "mutex-cycle";
  case WEFT_DEADLOCK_SELF_RELOCK: return "self-relock";
  case WEFT_DEADLOCK_JOIN_CYCLE: return "join-cycle";
  case WEFT_DEADLOCK_RWLOCK_UPGRADE: return "rwlock-upgrade";
  case WEFT_DEADLOCK_ALL_ASLEEP: return "all-asleep";
  default: return "unknown";
  }
}

const char *weft_misuse_kind_id(unsigned kind) {
  switch (kind) {
  case WEFT_MISUSE_UNLOCK_NOT_OWNER: return "unlock-not-owner";
  case WEFT_MISUSE_DESTROY_LOCKED: return "destroy-locked";
  case WEFT_MISUSE_SEND_ON_CLOSED: return "send-on-closed";
  case WEFT_MISUSE_CLOSE_CLOSED: return "close-closed";
  case WEFT_MISUSE_CLOSE_NIL: return "close-nil";
  case WEFT_MISUSE_NEGATIVE_WAITGROUP: return "negative-waitgroup";
  case WEFT_MISUSE_EXIT_HOLDING_LOCK: return "exit-holding-lock";
  default: return "unknown";
  }
}

/* A thread's name, with its id when another thread has the same name. */
static const char *thread_name(const WeftTrace *t, uint32_t tid) {
  static char buf[8][96];
  static int next;
  const WeftThread *th = weft_trace_thread(t, tid);
  if (!th)
    return "?";
  size_t n;
  const WeftThread *all = weft_trace_threads(t, &n);
  for (size_t i = 0; i < n; i++)
    if (all[i].id != tid && !strcmp(all[i].name, th->name)) {
      char *b = buf[next++ % 8];
      snprintf(b, sizeof buf[0], "%s#%u", th->name, tid);
      return b;
    }
  return th->name;
}

static const char *object_name(const WeftTrace *t, uint32_t id) {
  const WeftObject *o = weft_trace_object(t, id);
  return o ? o->name : "?";
}

/* A growing string. */
typedef struct {
  char *s;
  size_t len, cap;
} Text;

static void add(Text *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *x, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *piece = NULL;
  int n = vasprintf(&piece, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if (x->len + (size_t)n + 1 > x->cap) {
    size_t cap = x->cap ? x->cap * 2 : 256;
    while (cap < x->len + (size_t)n + 1)
      cap *= 2;
    char *s = realloc(x->s, cap);
    if (!s) {
      free(piece);
      return;
    }
    x->s = s;
    x->cap = cap;
  }
  memcpy(x->s + x->len, piece, (size_t)n + 1);
  x->len += (size_t)n;
  free(piece);
}

/* The world just before the deadlock was confirmed. */
static bool world_at(World *w, const WeftTrace *t, uint64_t time) {
  if (!world_init(w, t)) {
    world_free(w);
    return false;
  }
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < nev && ev[i].time <= time; i++)
    world_step(w, &ev[i], NULL, NULL);
  return true;
}

static const char *wait_phrase(uint8_t event) {
  switch (event) {
  case WEFT_EV_LOCK_WAIT: return _("waits for");
  case WEFT_EV_COND_WAIT: return _("waits on the condition");
  case WEFT_EV_BARRIER_WAIT: return _("waits at the barrier");
  case WEFT_EV_JOIN_BEGIN: return _("waits to join");
  case WEFT_EV_CHAN_SEND_WAIT: return _("waits to send on");
  case WEFT_EV_CHAN_RECV_WAIT: return _("waits to receive from");
  case WEFT_EV_SELECT_WAIT: return _("waits in a select");
  case WEFT_EV_WAITGROUP_WAIT: return _("waits for the WaitGroup");
  case WEFT_EV_SLEEP_BEGIN: return _("sleeps");
  default: return _("waits");
  }
}

static void describe_wait(Text *x, const WeftTrace *t, const ThreadState *s) {
  add(x, "%s", wait_phrase(s->wait_event));
  if (s->wait_event == WEFT_EV_JOIN_BEGIN)
    add(x, " %s", thread_name(t, s->wait_target));
  else if (s->wait_object && s->wait_event != WEFT_EV_SELECT_WAIT)
    add(x, " %s", object_name(t, s->wait_object));
}

char *weft_deadlock_sentence(const WeftTrace *t, const WeftDeadlock *d) {
  World w;
  if (!world_at(&w, t, d->time))
    return NULL;
  Text x = {0};
  size_t n = d->nthreads;
  const uint32_t *th = d->threads;
  switch (n ? d->kind : 0) { /* a damaged record may name no thread */
  case WEFT_DEADLOCK_MUTEX_CYCLE:
    for (size_t i = 0; i < n; i++) {
      const ThreadState *s = ts(&w, th[i]);
      if (i == 0) {
        const ThreadState *last = ts(&w, th[n - 1]);
        add(&x, _("%s holds %s and "), thread_name(t, th[0]), object_name(t, last->wait_object));
      } else {
        add(&x, _(", which %s holds while it "), thread_name(t, th[i]));
      }
      describe_wait(&x, t, s);
    }
    add(&x, _(", which %s holds."), thread_name(t, th[0]));
    break;
  case WEFT_DEADLOCK_SELF_RELOCK:
    add(&x, _("%s waits for %s, which it already holds: a mutex that is not recursive cannot be "
              "locked twice by the same thread."),
        thread_name(t, th[0]), n ? object_name(t, ts(&w, th[0])->wait_object) : "?");
    break;
  case WEFT_DEADLOCK_RWLOCK_UPGRADE:
    add(&x, _("%s holds %s for reading and asks for it for writing: it waits for itself to "
              "release the read lock."),
        thread_name(t, th[0]), object_name(t, ts(&w, th[0])->wait_object));
    break;
  case WEFT_DEADLOCK_JOIN_CYCLE:
    for (size_t i = 0; i < n; i++)
      add(&x, i ? _(", %s waits for %s to end") : _("%s waits for %s to end"),
          thread_name(t, th[i]), thread_name(t, th[(i + 1) % n]));
    add(&x, _(": none of them can end first."));
    break;
  case WEFT_DEADLOCK_ALL_ASLEEP:
    add(&x, _("Every thread is blocked and none can wake another: "));
    for (size_t i = 0; i < n; i++) {
      if (th[i] > w.max_tid)
        continue;
      add(&x, "%s%s ", i ? (i + 1 == n ? _(" and ") : ", ") : "", thread_name(t, th[i]));
      describe_wait(&x, t, ts(&w, th[i]));
    }
    add(&x, ".");
    break;
  default:
    add(&x, _("The threads wait for each other."));
  }
  world_free(&w);
  return x.s;
}

void weft_print_stack(FILE *out, const WeftTrace *t, uint32_t stack, const char *indent) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  for (size_t i = 0; i < depth; i++) {
    /* Below the program's own entry points there is only the C library. */
    if (f[i].function && (!strncmp(f[i].function, "__libc_start", 12) ||
                          !strcmp(f[i].function, "start_thread") ||
                          !strncmp(f[i].function, "__clone", 7) || !strcmp(f[i].function, "_start")))
      break;
    char line[512];
    weft_format_frame(line, sizeof line, &f[i]);
    fprintf(out, "%s%s\n", indent, line);
  }
}

void weft_format_frame(char *out, size_t size, const WeftFrame *f) {
  if (f->function && f->file)
    snprintf(out, size, "%s (%s:%u)", f->function, f->file, f->line);
  else if (f->function)
    snprintf(out, size, "%s", f->function);
  else
    snprintf(out, size, "0x%llx", (unsigned long long)f->pc);
}

static const char *headline(unsigned kind) {
  switch (kind) {
  case WEFT_DEADLOCK_ALL_ASLEEP: return _("all threads are asleep - deadlock!");
  case WEFT_DEADLOCK_MUTEX_CYCLE: return _("deadlock! threads wait for each other's locks");
  case WEFT_DEADLOCK_SELF_RELOCK: return _("deadlock! a thread locks a mutex it already holds");
  case WEFT_DEADLOCK_JOIN_CYCLE: return _("deadlock! threads wait for each other to end");
  case WEFT_DEADLOCK_RWLOCK_UPGRADE: return _("deadlock! a reader asks for the write lock");
  default: return _("deadlock!");
  }
}

/* Hints: a condition signalled while nobody waited; a channel nobody can use. */
static void print_hints(FILE *out, const WeftTrace *t, const WeftDeadlock *d) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t k = 0; k < d->nobjects; k++) {
    const WeftObject *o = weft_trace_object(t, d->objects[k]);
    if (!o)
      continue;
    if (o->kind == WEFT_OBJ_CONDVAR) {
      unsigned waiting = 0;
      bool lost = false;
      for (size_t i = 0; i < nev && ev[i].time <= d->time; i++) {
        if (ev[i].object != o->id)
          continue;
        if (ev[i].type == WEFT_EV_COND_WAIT)
          waiting++;
        else if (ev[i].type == WEFT_EV_COND_WAKE && waiting)
          waiting--;
        else if ((ev[i].type == WEFT_EV_COND_SIGNAL || ev[i].type == WEFT_EV_COND_BROADCAST) &&
                 waiting == 0)
          lost = true;
      }
      fprintf(out, lost ? _("hint: %s was signalled earlier while nobody waited on it: a lost "
                            "wake-up? Check the condition in a loop under the mutex.\n")
                        : _("hint: nobody ever signals %s after this wait began.\n"),
              o->name);
    } else if (o->kind == WEFT_OBJ_CHANNEL) {
      fprintf(out, _("hint: no thread that is still running can use channel %s: every "
                     "thread is blocked.\n"),
              o->name);
    }
  }
}

void weft_print_deadlock(FILE *out, const WeftTrace *t, const WeftDeadlock *d) {
  World w;
  if (!world_at(&w, t, d->time)) {
    fprintf(out, _("\nweft: %s (not enough memory to describe it)\n"), headline(d->kind));
    return;
  }
  fprintf(out, "\nweft: %s\n\n", headline(d->kind));
  for (size_t i = 0; i < d->nthreads; i++) {
    uint32_t tid = d->threads[i];
    if (tid > w.max_tid)
      continue;
    const ThreadState *s = ts(&w, tid);
    Text x = {0};
    describe_wait(&x, t, s);
    char since[32];
    weft_cli_format_ns(since, sizeof since, d->time > s->wait_since ? d->time - s->wait_since : 0);
    fprintf(out, _("thread %u \"%s\" %s, for %s"), tid, thread_name(t, tid), x.s ? x.s : "",
            since);
    free(x.s);
    uint32_t holder = s->wait_event == WEFT_EV_LOCK_WAIT && s->wait_object <= w.max_obj
                          ? w.holder[s->wait_object]
                          : 0;
    if (holder)
      fprintf(out, _(", held by thread %u \"%s\""), holder, thread_name(t, holder));
    if (s->nheld) {
      fprintf(out, _("; it holds"));
      for (int k = 0; k < s->nheld; k++)
        fprintf(out, "%s %s", k ? "," : "", object_name(t, s->held[k].obj));
    }
    fprintf(out, ":\n");
    weft_print_stack(out, t, s->wait_stack, "    ");
    fprintf(out, "\n");
  }
  char *sentence = weft_deadlock_sentence(t, d);
  if (sentence)
    fprintf(out, "%s\n", sentence);
  free(sentence);
  print_hints(out, t, d);
  world_free(&w);
}

/* ---- inversions ---- */

typedef struct {
  WeftLockEdge *edges;
  size_t n, cap;
  uint32_t *other_thread; /* a second thread seen taking the same edge */
  bool out_of_memory;
} Edges;

static void on_edge(void *ctx, uint32_t first, uint32_t second, uint32_t thread,
                    uint32_t first_stack, uint32_t second_stack) {
  Edges *g = ctx;
  for (size_t i = 0; i < g->n; i++)
    if (g->edges[i].first == first && g->edges[i].second == second) {
      if (g->edges[i].thread != thread)
        g->other_thread[i] = thread;
      return;
    }
  if (g->n == g->cap) {
    /* Each array is kept as soon as it has grown: a failed second realloc
     * must not leave a pointer to what the first one freed. */
    size_t cap = g->cap ? g->cap * 2 : 64;
    WeftLockEdge *e = realloc(g->edges, cap * sizeof *e);
    if (e)
      g->edges = e;
    uint32_t *o = e ? realloc(g->other_thread, cap * sizeof *o) : NULL;
    if (o)
      g->other_thread = o;
    if (!e || !o) {
      g->out_of_memory = true;
      return;
    }
    g->cap = cap;
  }
  g->edges[g->n] = (WeftLockEdge){first, second, thread, first_stack, second_stack};
  g->other_thread[g->n] = 0;
  g->n++;
}

/* Simple cycles through the lock-order graph, each once (it starts at its
 * smallest lock), at most 8 long and 64 in all. */
static void find_cycles(const Edges *g, WeftDiagnosis *d) {
  enum { MAX_LEN = 8, MAX_CYCLES = 64 };
  size_t path[MAX_LEN];
  size_t next_try[MAX_LEN];
  for (size_t s = 0; s < g->n && d->ninversions < MAX_CYCLES; s++) {
    uint32_t start = g->edges[s].first;
    int depth = 0;
    path[0] = s;
    if (g->edges[s].second < start)
      continue;
    next_try[0] = 0;
    depth = 1;
    while (depth > 0 && d->ninversions < MAX_CYCLES) {
      uint32_t at = g->edges[path[depth - 1]].second;
      if (at == start) {
        /* a cycle: keep it if two different threads made its edges */
        bool two_threads = false;
        for (int i = 0; i < depth; i++)
          if (g->edges[path[i]].thread != g->edges[path[0]].thread || g->other_thread[path[i]])
            two_threads = true;
        if (two_threads) {
          WeftInversion *inv = realloc(d->inversions, (d->ninversions + 1) * sizeof *inv);
          uint32_t *locks = inv ? calloc((size_t)depth, sizeof *locks) : NULL;
          WeftLockEdge *edges = locks ? calloc((size_t)depth, sizeof *edges) : NULL;
          if (inv)
            d->inversions = inv;
          if (edges) {
            WeftInversion *c = &inv[d->ninversions++];
            c->n = (size_t)depth;
            c->locks = locks;
            c->edges = edges;
            for (int i = 0; i < depth; i++) {
              c->edges[i] = g->edges[path[i]];
              c->locks[i] = g->edges[path[i]].first;
            }
          } else {
            free(locks);
            d->incomplete = true;
          }
        }
        depth--;
        continue;
      }
      size_t k = next_try[depth - 1];
      bool pushed = false;
      for (; k < g->n; k++) {
        if (g->edges[k].first != at || g->edges[k].second < start)
          continue;
        bool on_path = false;
        for (int i = 0; i < depth; i++)
          on_path = on_path || g->edges[path[i]].first == g->edges[k].second;
        if (on_path && g->edges[k].second != start)
          continue;
        if (depth == MAX_LEN)
          break;
        next_try[depth - 1] = k + 1;
        path[depth] = k;
        next_try[depth] = 0;
        depth++;
        pushed = true;
        break;
      }
      if (!pushed)
        depth--;
    }
  }
}

/* An inversion whose locks are exactly those of a deadlock this run hit is
 * that deadlock, already reported: not a potential one. */
static void drop_cycles_that_deadlocked(const WeftTrace *t, WeftDiagnosis *d) {
  size_t ndl;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &ndl);
  size_t kept = 0;
  for (size_t i = 0; i < d->ninversions; i++) {
    WeftInversion *inv = &d->inversions[i];
    bool same = false;
    for (size_t k = 0; k < ndl && !same; k++) {
      if (dl[k].kind != WEFT_DEADLOCK_MUTEX_CYCLE || dl[k].nobjects != inv->n)
        continue;
      same = true;
      for (size_t a = 0; a < inv->n && same; a++) {
        bool found = false;
        for (size_t b = 0; b < dl[k].nobjects && !found; b++)
          found = dl[k].objects[b] == inv->locks[a];
        same = found;
      }
    }
    if (same) {
      free(inv->locks);
      free(inv->edges);
    } else {
      d->inversions[kept++] = *inv;
    }
  }
  d->ninversions = kept;
}

/* Returned from main or called exit(): the tracer ended the exiting thread's
 * lane. A kill, a crash or an abort ends none (threads were cut off wherever
 * they were), nor does _exit. */
static bool ended_by_exit(const WeftEvent *ev, size_t nev) {
  bool lane_ended = false;
  for (size_t i = 0; i < nev; i++) {
    if (ev[i].type == WEFT_EV_PROCESS_EXIT && (ev[i].flags & WEFT_EXIT_IMMEDIATE))
      return false;
    lane_ended |= ev[i].type == WEFT_EV_THREAD_END && ev[i].arg == WEFT_END_PROCESS_EXIT;
  }
  return lane_ended;
}

WeftDiagnosis *weft_diagnose(const WeftTrace *t) {
  WeftDiagnosis *d = calloc(1, sizeof *d);
  World w;
  if (!d)
    return NULL;
  if (!world_init(&w, t)) {
    world_free(&w);
    d->incomplete = true;
    return d;
  }
  Edges g = {0};
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < nev; i++) {
    /* A thread that ends with a lock still held leaves it held for ever. */
    if (ev[i].type == WEFT_EV_THREAD_END && ev[i].thread && ev[i].thread <= w.max_tid &&
        ev[i].arg != WEFT_END_PROCESS_EXIT) {
      const ThreadState *st = ts(&w, ev[i].thread);
      for (int k = 0; k < st->nheld; k++) {
        WeftMisuse *m = realloc(d->misuse, (d->nmisuse + 1) * sizeof *m);
        if (!m) {
          d->incomplete = true;
          break;
        }
        d->misuse = m;
        m[d->nmisuse++] = (WeftMisuse){ev[i].thread, st->held[k].obj, st->held[k].stack,
                                       WEFT_MISUSE_EXIT_HOLDING_LOCK, ev[i].time};
      }
    }
    world_step(&w, &ev[i], on_edge, &g);
    if (ev[i].type == WEFT_EV_MISUSE) {
      WeftMisuse *m = realloc(d->misuse, (d->nmisuse + 1) * sizeof *m);
      if (m) {
        d->misuse = m;
        m[d->nmisuse++] = (WeftMisuse){ev[i].thread, ev[i].object, ev[i].stack,
                                       (unsigned)ev[i].arg, ev[i].time};
      } else {
        d->incomplete = true;
      }
    }
  }
  find_cycles(&g, d);
  d->incomplete |= g.out_of_memory;
  drop_cycles_that_deadlocked(t, d);
  /* Leaks: at a clean end, threads that never ended and wait for ever. */
  size_t ndl;
  weft_trace_deadlocks(t, &ndl);
  if (weft_trace_info(t)->closed_cleanly && ndl == 0 && ended_by_exit(ev, nev)) {
    for (uint32_t tid = 1; tid <= w.max_tid; tid++) {
      const ThreadState *s = ts(&w, tid);
      if (s->ended || !s->wait_event || s->wait_event == WEFT_EV_SLEEP_BEGIN ||
          (s->wait_flags & WEFT_F_TIMED))
        continue;
      WeftLeak *l = realloc(d->leaks, (d->nleaks + 1) * sizeof *l);
      if (!l) {
        d->incomplete = true;
        break;
      }
      d->leaks = l;
      l[d->nleaks++] = (WeftLeak){tid, s->wait_event == WEFT_EV_JOIN_BEGIN ? 0 : s->wait_object,
                                  s->wait_event, s->wait_stack, s->wait_since};
    }
  }
  free(g.edges);
  free(g.other_thread);
  world_free(&w);
  return d;
}

void weft_diagnosis_free(WeftDiagnosis *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->ninversions; i++) {
    free(d->inversions[i].locks);
    free(d->inversions[i].edges);
  }
  free(d->inversions);
  free(d->leaks);
  free(d->misuse);
  free(d);
}
