/* weft-stats.c: one pass over the events: time blocked per thread and kind,
 * per-lock contention (acquisitions, waits, holds) as mutrace tabulates it,
 * and a count of every intercepted call by its C name. */
#include "weft-stats.h"

#include <stdlib.h>
#include <string.h>

#include "weft-grow.h"

static const char *const wait_names[WEFT_WAIT_KIND_COUNT] = {
    "mutex", "rwlock", "spinlock", "semaphore", "condvar", "barrier",
    "join",  "sleep",  "chan-send", "chan-recv", "select", "waitgroup",
    "io",    "poll",   "child",     "signal",
};

const char *weft_wait_kind_name(WeftWaitKind k) {
  return k < WEFT_WAIT_KIND_COUNT ? wait_names[k] : "?";
}

static int lock_wait_kind(unsigned kind) {
  switch (kind) {
  case WEFT_OBJ_RWLOCK: return WEFT_WAIT_RWLOCK;
  case WEFT_OBJ_SPINLOCK: return WEFT_WAIT_SPINLOCK;
  case WEFT_OBJ_SEMAPHORE: return WEFT_WAIT_SEMAPHORE;
  default: return WEFT_WAIT_MUTEX;
  }
}

/* Why the thread blocks, for an event that begins a wait. */
static int wait_kind(const WeftTrace *t, const WeftEvent *e) {
  const WeftObject *o;
  switch (e->type) {
  case WEFT_EV_LOCK_WAIT:
    o = weft_trace_object(t, e->object);
    return lock_wait_kind(o ? o->kind : WEFT_OBJ_MUTEX);
  case WEFT_EV_COND_WAIT: return WEFT_WAIT_CONDVAR;
  case WEFT_EV_BARRIER_WAIT: return WEFT_WAIT_BARRIER;
  case WEFT_EV_JOIN_BEGIN: return WEFT_WAIT_JOIN;
  case WEFT_EV_SLEEP_BEGIN: return WEFT_WAIT_SLEEP;
  case WEFT_EV_CHAN_SEND_WAIT: return WEFT_WAIT_CHAN_SEND;
  case WEFT_EV_CHAN_RECV_WAIT: return WEFT_WAIT_CHAN_RECV;
  case WEFT_EV_SELECT_WAIT: return WEFT_WAIT_SELECT;
  case WEFT_EV_IO_WAIT: return WEFT_WAIT_IO + (int)weft_io_call_class((unsigned)(e->arg & 0xff));
  default: return WEFT_WAIT_WAITGROUP;
  }
}

typedef struct {
  int kind; /* -1 none */
  uint64_t since;
  uint32_t object, stack;
} Waiting;

/* What the pass keeps by object id, grown as ids show up (a streamed trace
 * names objects in its events before the tables are complete). */
typedef struct {
  uint32_t lock; /* index + 1 in s->locks, 0 none */
  uint32_t chan; /* index + 1 in s->chans, 0 none */
  uint32_t holder;
  uint64_t held_since;
} ById;

typedef struct {
  WeftStats *s;
  ById *by_id;
  size_t nids;
  size_t locks_cap, chans_cap;
  bool out_of_memory;
} Pass;

static ById *by_id(Pass *p, uint32_t id) {
  if (id == 0 || id > WEFT_MAX_ID)
    return NULL;
  if (!weft_grow((void **)&p->by_id, &p->nids, (size_t)id + 1, sizeof *p->by_id)) {
    p->out_of_memory = true;
    return NULL;
  }
  return &p->by_id[id];
}

static WeftLockStats *lock_for(Pass *p, uint32_t id) {
  ById *b = by_id(p, id);
  if (!b)
    return NULL;
  if (!b->lock) {
    WeftStats *s = p->s;
    if (!weft_grow((void **)&s->locks, &p->locks_cap, s->nlocks + 1, sizeof *s->locks)) {
      p->out_of_memory = true;
      return NULL;
    }
    WeftLockStats *l = &s->locks[s->nlocks++];
    l->object = id;
    b->lock = (uint32_t)s->nlocks;
  }
  return &p->s->locks[b->lock - 1];
}

static WeftLockStats *lock_known(Pass *p, uint32_t id) {
  return id && id < p->nids && p->by_id[id].lock ? &p->s->locks[p->by_id[id].lock - 1] : NULL;
}

static int lock_cmp(const void *a, const void *b) {
  const WeftLockStats *x = a, *y = b;
  if (x->wait_total != y->wait_total)
    return x->wait_total > y->wait_total ? -1 : 1;
  if (x->contended != y->contended)
    return x->contended > y->contended ? -1 : 1;
  if (x->acquisitions != y->acquisitions)
    return x->acquisitions > y->acquisitions ? -1 : 1;
  return x->object < y->object ? -1 : x->object > y->object;
}

static void count_call(WeftStats *s, const char *name) {
  for (size_t i = 0; i < s->ncalls; i++)
    if (s->call_names[i] == name || !strcmp(s->call_names[i], name)) {
      s->calls[i]++;
      return;
    }
  s->call_names = realloc(s->call_names, (s->ncalls + 1) * sizeof *s->call_names);
  s->calls = realloc(s->calls, (s->ncalls + 1) * sizeof *s->calls);
  s->call_names[s->ncalls] = name;
  s->calls[s->ncalls++] = 1;
}

/* An open-addressing map from a 64-bit key to a count: hold time per
 * (lock, thread), and message ids sent or received but not yet paired. */
typedef struct {
  uint64_t key; /* 0 empty */
  uint64_t n;
} Slot;

typedef struct {
  Slot *slots;
  size_t cap, n;
} Map;

static Slot *map_find(const Map *m, uint64_t key) {
  if (!m->cap)
    return NULL;
  size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1);
  while (m->slots[i].key && m->slots[i].key != key)
    i = (i + 1) & (m->cap - 1);
  return &m->slots[i];
}

static Slot *map_slot(Map *m, uint64_t key) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    Slot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->slots) {
      m->slots = old;
      return NULL;
    }
    m->cap = cap;
    m->n = 0;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].key)
        *map_slot(m, old[i].key) = old[i];
    free(old);
  }
  Slot *s = map_find(m, key);
  if (!s->key) {
    s->key = key;
    m->n++;
  }
  return s;
}

static void top_holders(Pass *p, const Map *m) {
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].key)
      continue;
    uint32_t obj = (uint32_t)(m->slots[i].key >> 32), th = (uint32_t)m->slots[i].key;
    WeftLockStats *l = lock_known(p, obj);
    if (!l)
      continue;
    uint64_t ns = m->slots[i].n;
    for (int k = 0; k < 3; k++)
      if (!l->top_holder[k] || ns > l->top_hold[k]) {
        for (int j = 2; j > k; j--) {
          l->top_holder[j] = l->top_holder[j - 1];
          l->top_hold[j] = l->top_hold[j - 1];
        }
        l->top_holder[k] = th;
        l->top_hold[k] = ns;
        break;
      }
  }
}

/* Message ids in flight: a receive pairs with its send whichever of the two
 * the trace shows first (their stamps come from two cores). */
static bool paired(Map *in_flight, uint64_t id, bool is_send) {
  Slot *s = map_find(in_flight, id);
  if (s && s->key == id && s->n && (s->n & 1) != is_send) { /* the other side came first */
    s->n = 0;
    in_flight->n--;
    s->key = 0; /* a hole: rehash the run after it */
    size_t mask = in_flight->cap - 1;
    for (size_t i = ((size_t)(s - in_flight->slots) + 1) & mask; in_flight->slots[i].key;
         i = (i + 1) & mask) {
      Slot moved = in_flight->slots[i];
      in_flight->slots[i] = (Slot){0, 0};
      in_flight->n--;
      Slot *again = map_slot(in_flight, moved.key);
      if (again)
        *again = moved;
    }
    return true;
  }
  Slot *n = map_slot(in_flight, id);
  if (n)
    n->n = is_send ? 1 : 2;
  return false;
}

/* Per channel: sends, receives, how many receives carry the id of a send,
 * and time blocked on each side. */
static void chan_event(Pass *p, const WeftEvent *e, uint64_t *since, Map *in_flight) {
  WeftStats *s = p->s;
  if (e->type == WEFT_EV_CHAN_MAKE) {
    ById *b = by_id(p, e->object);
    if (!b || b->chan)
      return;
    if (!weft_grow((void **)&s->chans, &p->chans_cap, s->nchans + 1, sizeof *s->chans)) {
      p->out_of_memory = true;
      return;
    }
    WeftChanStats *c = &s->chans[s->nchans++];
    b->chan = (uint32_t)s->nchans;
    c->object = e->object;
    c->capacity = e->arg;
    return;
  }
  bool send_id = e->type == WEFT_EV_CHAN_SEND && e->arg;
  bool recv_id = e->type == WEFT_EV_CHAN_RECV && (e->flags & WEFT_CHAN_OK) && e->arg;
  /* a receive's pair counts for its channel, whenever its send shows */
  uint32_t chan = e->object < p->nids ? p->by_id[e->object].chan : 0;
  if ((send_id || recv_id) && paired(in_flight, e->arg, send_id) && chan)
    s->chans[chan - 1].paired++;
  if (!chan)
    return;
  WeftChanStats *c = &s->chans[chan - 1];
  switch (e->type) {
  case WEFT_EV_CHAN_SEND_WAIT:
  case WEFT_EV_CHAN_RECV_WAIT: since[e->thread] = e->time + 1; break;
  case WEFT_EV_CHAN_SEND:
    c->sends++;
    if ((e->flags & WEFT_F_WAITED) && since[e->thread])
      c->send_blocked += e->time - (since[e->thread] - 1);
    since[e->thread] = 0;
    break;
  case WEFT_EV_CHAN_RECV:
    if (e->flags & WEFT_CHAN_OK)
      c->receives++;
    if ((e->flags & WEFT_F_WAITED) && since[e->thread])
      c->recv_blocked += e->time - (since[e->thread] - 1);
    since[e->thread] = 0;
    break;
  case WEFT_EV_CHAN_CLOSE:
    if (WEFT_RESULT(e->flags) == 0)
      c->closed = true;
    break;
  default: break;
  }
}

WeftStats *weft_stats_compute(const WeftTrace *t) {
  WeftStats *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  size_t nth;
  const WeftThread *threads = weft_trace_threads(t, &nth);
  uint32_t max_tid = 0;
  for (size_t i = 0; i < nth; i++)
    if (threads[i].id > max_tid)
      max_tid = threads[i].id;
  Pass p = {s, NULL, 0, 0, false};
  s->threads = calloc(nth ? nth : 1, sizeof *s->threads);
  s->nthreads = nth;
  size_t *thread_index = calloc((size_t)max_tid + 1, sizeof *thread_index);
  Waiting *waiting = calloc(nth ? nth : 1, sizeof *waiting);
  uint64_t *chan_since = calloc((size_t)max_tid + 1, sizeof *chan_since);
  WeftEventCursor *cur = weft_event_cursor_new(t);
  if (!s->threads || !thread_index || !waiting || !chan_since || !cur) {
    free(thread_index);
    free(waiting);
    free(chan_since);
    weft_event_cursor_free(cur);
    s->nthreads = 0;
    return s;
  }
  for (size_t i = 0; i < nth; i++) {
    thread_index[threads[i].id] = i;
    waiting[i].kind = -1;
    s->threads[i].id = threads[i].id;
  }
  uint64_t end = 0;
  Map holds = {0}, in_flight = {0};

  WeftEvent ev, *e = &ev;
  while (weft_event_cursor_next(cur, e)) {
    end = e->time;
    const char *call = weft_event_call_name(t, e);
    if (call)
      count_call(s, call);
    if (e->thread > max_tid)
      continue;
    if (e->type >= WEFT_EV_CHAN_MAKE && e->type <= WEFT_EV_CHAN_CLOSE)
      chan_event(&p, e, chan_since, &in_flight);
    size_t ti = thread_index[e->thread];
    WeftThreadStats *ts = &s->threads[ti];
    Waiting *w = &waiting[ti];
    if (w->kind != -1 && weft_event_ends_wait(e)) {
      uint64_t d = e->time - w->since;
      ts->blocked[w->kind] += d;
      ts->blocked_total += d;
      /* the end of a lock wait is that lock's wait time too */
      WeftLockStats *l = e->type == WEFT_EV_LOCK_ACQUIRE || e->type == WEFT_EV_LOCK_FAIL
                             ? lock_known(&p, e->object)
                             : NULL;
      if (l) {
        l->wait_total += d;
        if (d > l->wait_max)
          l->wait_max = d;
      }
      w->kind = -1;
    }
    if (weft_event_begins_wait(e->type)) {
      w->kind = wait_kind(t, e);
      w->since = e->time;
      w->object = e->object;
      w->stack = e->stack;
    }
    /* Locks. */
    if (e->type == WEFT_EV_LOCK_ACQUIRE || e->type == WEFT_EV_LOCK_WAIT ||
        e->type == WEFT_EV_LOCK_RELEASE) {
      WeftLockStats *l = lock_for(&p, e->object);
      if (!l)
        continue;
      ById *b = &p.by_id[e->object];
      if (e->type == WEFT_EV_LOCK_WAIT) {
        l->contended++;
      } else if (e->type == WEFT_EV_LOCK_ACQUIRE) {
        l->acquisitions++;
        b->held_since = e->time;
        b->holder = e->thread;
      } else if (b->holder == e->thread) {
        uint64_t d = e->time - b->held_since;
        l->hold_total += d;
        if (d > l->hold_max)
          l->hold_max = d;
        Slot *h = map_slot(&holds, (uint64_t)e->object << 32 | e->thread);
        if (h)
          h->n += d;
        b->holder = 0;
      }
    }
  }
  weft_event_cursor_free(cur);
  /* Threads still waiting at the end: their wait runs to the end. */
  for (size_t i = 0; i < nth; i++) {
    WeftThreadStats *ts = &s->threads[i];
    uint64_t stop = threads[i].end_time != UINT64_MAX ? threads[i].end_time : end;
    ts->lifetime = stop > threads[i].start_time ? stop - threads[i].start_time : 0;
    ts->waiting_kind = waiting[i].kind;
    if (threads[i].end_time == UINT64_MAX && waiting[i].kind != -1) {
      ts->waiting_object = waiting[i].object;
      ts->waiting_stack = waiting[i].stack;
      ts->waiting_since = waiting[i].since;
      if (waiting[i].kind >= 0 && end > waiting[i].since) {
        uint64_t d = end - waiting[i].since;
        ts->blocked[waiting[i].kind] += d;
        ts->blocked_total += d;
        /* a lock waited for until the end (a deadlock) shows that wait */
        WeftLockStats *l = lock_known(&p, waiting[i].object);
        if (l) {
          l->wait_total += d;
          if (d > l->wait_max)
            l->wait_max = d;
        }
      }
    } else if (threads[i].end_time != UINT64_MAX) {
      ts->waiting_kind = -1;
    }
    ts->running = ts->lifetime > ts->blocked_total ? ts->lifetime - ts->blocked_total : 0;
  }
  top_holders(&p, &holds);
  free(holds.slots);
  free(in_flight.slots);
  if (s->nlocks)
    qsort(s->locks, s->nlocks, sizeof *s->locks, lock_cmp);
  free(p.by_id);
  free(thread_index);
  free(waiting);
  free(chan_since);
  return s;
}

void weft_stats_free(WeftStats *s) {
  if (!s)
    return;
  free(s->threads);
  free(s->locks);
  free(s->call_names);
  free(s->calls);
  free(s->chans);
  free(s);
}
