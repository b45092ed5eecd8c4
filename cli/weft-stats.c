/* weft-stats.c: one pass over the events: time blocked per thread and kind,
 * per-lock contention (acquisitions, waits, holds) as mutrace tabulates it,
 * and a count of every intercepted call by its C name. */
#include "weft-stats.h"

#include <stdlib.h>
#include <string.h>

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

static WeftLockStats *lock_for(WeftStats *s, WeftLockStats **by_id, size_t nids, uint32_t id) {
  if (id == 0 || id >= nids)
    return NULL;
  if (!by_id[id]) {
    WeftLockStats *l = &s->locks[s->nlocks++];
    memset(l, 0, sizeof *l);
    l->object = id;
    by_id[id] = l;
  }
  return by_id[id];
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

/* Hold time per (lock, thread), to name each lock's top holders. */
typedef struct {
  uint64_t key; /* object << 32 | thread; 0 empty */
  uint64_t ns;
} HoldSlot;

typedef struct {
  HoldSlot *slots;
  size_t cap, n;
} HoldMap;

static void hold_add(HoldMap *m, uint32_t obj, uint32_t thread, uint64_t ns) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    HoldSlot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->slots) {
      m->slots = old;
      return;
    }
    m->cap = cap;
    m->n = 0;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].key)
        hold_add(m, (uint32_t)(old[i].key >> 32), (uint32_t)old[i].key, old[i].ns);
    free(old);
  }
  uint64_t key = (uint64_t)obj << 32 | thread;
  size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1);
  while (m->slots[i].key && m->slots[i].key != key)
    i = (i + 1) & (m->cap - 1);
  if (!m->slots[i].key) {
    m->slots[i].key = key;
    m->n++;
  }
  m->slots[i].ns += ns;
}

static void top_holders(WeftStats *s, WeftLockStats **by_id, size_t nids, const HoldMap *m) {
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].key)
      continue;
    uint32_t obj = (uint32_t)(m->slots[i].key >> 32), th = (uint32_t)m->slots[i].key;
    WeftLockStats *l = obj < nids ? by_id[obj] : NULL;
    if (!l)
      continue;
    uint64_t ns = m->slots[i].ns;
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
  (void)s;
}

static int u64_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Per channel: sends, receives, how many receives carry the id of a send,
 * and time blocked on each side. */
static void chan_stats(const WeftTrace *t, WeftStats *s, size_t nids) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  int32_t *index = malloc(nids * sizeof *index);
  uint64_t *sent = malloc((nev ? nev : 1) * sizeof *sent);
  size_t nsent = 0;
  if (!index || !sent) {
    free(index);
    free(sent);
    return;
  }
  for (size_t i = 0; i < nids; i++)
    index[i] = -1;
  for (size_t i = 0; i < nev; i++) {
    const WeftEvent *e = &ev[i];
    if (e->type == WEFT_EV_CHAN_SEND && e->arg)
      sent[nsent++] = e->arg;
    if (e->type != WEFT_EV_CHAN_MAKE || e->object >= nids || index[e->object] >= 0)
      continue;
    WeftChanStats *grown = realloc(s->chans, (s->nchans + 1) * sizeof *grown);
    if (!grown)
      break;
    s->chans = grown;
    index[e->object] = (int32_t)s->nchans;
    WeftChanStats *c = &s->chans[s->nchans++];
    memset(c, 0, sizeof *c);
    c->object = e->object;
    c->capacity = e->arg;
  }
  qsort(sent, nsent, sizeof *sent, u64_cmp);
  uint32_t max_tid = 0;
  for (size_t i = 0; i < nev; i++)
    if (ev[i].thread > max_tid)
      max_tid = ev[i].thread;
  uint64_t *since = calloc((size_t)max_tid + 1, sizeof *since);
  for (size_t i = 0; since && i < nev; i++) {
    const WeftEvent *e = &ev[i];
    if (e->object >= nids || index[e->object] < 0)
      continue;
    WeftChanStats *c = &s->chans[index[e->object]];
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
      if (e->flags & WEFT_CHAN_OK) {
        c->receives++;
        if (e->arg && bsearch(&e->arg, sent, nsent, sizeof *sent, u64_cmp))
          c->paired++;
      }
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
  free(since);
  free(index);
  free(sent);
}

WeftStats *weft_stats_compute(const WeftTrace *t) {
  WeftStats *s = calloc(1, sizeof *s);
  size_t nth, nev, nobj;
  const WeftThread *threads = weft_trace_threads(t, &nth);
  const WeftEvent *ev = weft_trace_events(t, &nev);
  const WeftObject *objs = weft_trace_objects(t, &nobj);
  uint32_t max_tid = 0, max_obj = 0;
  for (size_t i = 0; i < nth; i++)
    if (threads[i].id > max_tid)
      max_tid = threads[i].id;
  for (size_t i = 0; i < nobj; i++)
    if (objs[i].id > max_obj)
      max_obj = objs[i].id;
  for (size_t i = 0; i < nev; i++)
    if (ev[i].object > max_obj)
      max_obj = ev[i].object;
  size_t nids = (size_t)max_obj + 1;
  s->threads = calloc(nth ? nth : 1, sizeof *s->threads);
  s->nthreads = nth;
  s->locks = calloc(nids, sizeof *s->locks);
  WeftLockStats **by_id = calloc(nids, sizeof *by_id);
  size_t *thread_index = calloc((size_t)max_tid + 1, sizeof *thread_index);
  Waiting *waiting = calloc(nth ? nth : 1, sizeof *waiting);
  /* Per object: who holds it since when (rwlock readers are not tracked). */
  uint64_t *held_since = calloc(nids, sizeof *held_since);
  uint32_t *holder = calloc(nids, sizeof *holder);
  if (!s->threads || !s->locks || !by_id || !thread_index || !waiting || !held_since ||
      !holder) {
    free(by_id);
    free(thread_index);
    free(waiting);
    free(held_since);
    free(holder);
    s->nthreads = 0;
    return s;
  }
  for (size_t i = 0; i < nth; i++) {
    thread_index[threads[i].id] = i;
    waiting[i].kind = -1;
    s->threads[i].id = threads[i].id;
  }
  uint64_t end = nev ? ev[nev - 1].time : 0;
  HoldMap holds = {0};

  for (size_t i = 0; i < nev; i++) {
    const WeftEvent *e = &ev[i];
    const char *call = weft_event_call_name(t, e);
    if (call)
      count_call(s, call);
    if (e->thread > max_tid)
      continue;
    size_t ti = thread_index[e->thread];
    WeftThreadStats *ts = &s->threads[ti];
    Waiting *w = &waiting[ti];
    if (w->kind != -1 && weft_event_ends_wait(e)) {
      uint64_t d = e->time - w->since;
      ts->blocked[w->kind] += d;
      ts->blocked_total += d;
      /* the end of a lock wait is that lock's wait time too */
      WeftLockStats *l = (e->type == WEFT_EV_LOCK_ACQUIRE || e->type == WEFT_EV_LOCK_FAIL) &&
                                 e->object < nids
                             ? by_id[e->object]
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
      WeftLockStats *l = lock_for(s, by_id, nids, e->object);
      if (!l)
        continue;
      if (e->type == WEFT_EV_LOCK_WAIT) {
        l->contended++;
      } else if (e->type == WEFT_EV_LOCK_ACQUIRE) {
        l->acquisitions++;
        held_since[e->object] = e->time;
        holder[e->object] = e->thread;
      } else if (holder[e->object] == e->thread) {
        uint64_t d = e->time - held_since[e->object];
        l->hold_total += d;
        if (d > l->hold_max)
          l->hold_max = d;
        hold_add(&holds, e->object, e->thread, d);
        holder[e->object] = 0;
      }
    }
  }
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
        WeftLockStats *l = waiting[i].object < nids ? by_id[waiting[i].object] : NULL;
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
  top_holders(s, by_id, nids, &holds);
  free(holds.slots);
  qsort(s->locks, s->nlocks, sizeof *s->locks, lock_cmp);
  chan_stats(t, s, nids);
  free(by_id);
  free(thread_index);
  free(waiting);
  free(held_since);
  free(holder);
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
