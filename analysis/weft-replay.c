/* weft-replay.c: the state of a run, event by event. */
#include "weft-replay.h"

#include <stdlib.h>
#include <string.h>

#include "weft-grow.h"

struct WeftReplay {
  const WeftTrace *t;
  uint32_t max_tid; /* past the trace's threads: damage, not replayed */
  WeftThreadNow *threads; /* dense, in order of appearance: ids may be sparse */
  size_t nthreads, threads_cap;
  uint32_t *thread_index; /* by thread id: index + 1 in threads, 0 if none */
  size_t nthread_ids;     /* slots */
  WeftObjectNow *objects; /* dense, as threads */
  size_t nobjects, objects_cap;
  uint32_t *object_index; /* by object id: index + 1 in objects, 0 if none */
  size_t nobject_ids;
  size_t position;
  uint64_t time;
};

/* Room for ids up to need - 1 (within the ids a trace can hold), each new
 * element made by init when there is one. */
static bool grow(void **arr, size_t *n, size_t need, size_t elem, void (*init)(void *)) {
  size_t had = *n;
  if (need > (size_t)WEFT_MAX_ID + 1 || !weft_grow(arr, n, need, elem))
    return false;
  if (init)
    for (size_t i = had; i < *n; i++)
      init((char *)*arr + i * elem);
  return true;
}

static void object_init(void *p) {
  WeftObjectNow *o = p;
  o->capacity = -1;
  o->last_signal = UINT64_MAX;
}

/* States by id, made on first use, kept dense: a trace naming id 4000000
 * costs 16 MB of index, not 4000000 states. */
typedef struct {
  void **states;
  size_t *n, *cap;
  uint32_t **index; /* by id: position + 1 in states, 0 if none */
  size_t *nids;
  size_t elem;
  void (*init)(void *);
} Dense;

/* The pointer is good until the next new id. */
static void *dense_slot(Dense d, uint64_t id) {
  if (!grow((void **)d.index, d.nids, (size_t)id + 1, sizeof **d.index, NULL))
    return NULL;
  if (!(*d.index)[id]) {
    if (!grow(d.states, d.cap, *d.n + 1, d.elem, d.init))
      return NULL;
    (*d.index)[id] = (uint32_t)++*d.n;
  }
  return (char *)*d.states + ((*d.index)[id] - 1) * d.elem;
}

static WeftThreadNow *thread_slot(WeftReplay *r, uint32_t tid) {
  return dense_slot((Dense){(void **)&r->threads, &r->nthreads, &r->threads_cap, &r->thread_index,
                            &r->nthread_ids, sizeof *r->threads, NULL},
                    tid);
}

static WeftObjectNow *object_slot(WeftReplay *r, uint64_t obj) {
  if (obj == 0 || obj > WEFT_MAX_ID)
    return NULL;
  return dense_slot((Dense){(void **)&r->objects, &r->nobjects, &r->objects_cap, &r->object_index,
                            &r->nobject_ids, sizeof *r->objects, object_init},
                    obj);
}

static uint32_t max_thread_id(const WeftTrace *t) {
  size_t n;
  const WeftThread *th = weft_trace_threads(t, &n);
  return n ? th[n - 1].id : 0;
}

WeftReplay *weft_replay_new(const WeftTrace *t) {
  WeftReplay *r = calloc(1, sizeof *r);
  if (r) {
    r->t = t;
    r->max_tid = max_thread_id(t) + 4096; /* room for threads with no record */
  }
  return r;
}

void weft_replay_free(WeftReplay *r) {
  if (!r)
    return;
  free(r->threads);
  free(r->thread_index);
  free(r->objects);
  free(r->object_index);
  free(r);
}

bool weft_is_lock(const WeftTrace *t, uint32_t obj) {
  const WeftObject *o = obj ? weft_trace_object(t, obj) : NULL;
  return o && (o->kind == WEFT_OBJ_MUTEX || o->kind == WEFT_OBJ_SPINLOCK ||
               o->kind == WEFT_OBJ_RWLOCK);
}

bool weft_thread_blocked_for_ever(const WeftThreadNow *s) {
  return s && !s->ended && s->wait_event && s->wait_event != WEFT_EV_SLEEP_BEGIN &&
         !(s->wait_flags & WEFT_F_TIMED);
}

static void held_remove(WeftThreadNow *s, uint32_t obj) {
  for (int i = s->nheld - 1; i >= 0; i--)
    if (s->held[i].object == obj) {
      memmove(&s->held[i], &s->held[i + 1], (size_t)(s->nheld - i - 1) * sizeof *s->held);
      s->nheld--;
      return;
    }
}

static void held_add(WeftThreadNow *s, uint32_t obj, uint32_t stack, uint32_t event) {
  if (s->nheld < WEFT_REPLAY_MAX_HELD)
    s->held[s->nheld++] = (WeftHeldLock){obj, stack, event};
}

static void take(WeftObjectNow *o, const WeftObject *def, const WeftEvent *e, uint32_t stack) {
  if (def && def->kind == WEFT_OBJ_RWLOCK && !(e->flags & WEFT_F_WRITE)) {
    o->readers++;
  } else {
    if (o->holder && o->holder != e->thread)
      weft_overtaken_add(o->overtaken, o->holder);
    o->holder = e->thread;
    o->holder_stack = stack;
  }
}

static void let_go(WeftObjectNow *o, uint32_t tid) {
  if (o->holder != tid && weft_overtaken_take(o->overtaken, tid))
    ; /* its release, late: the new holder keeps it */
  else if (o->holder == tid || (o->holder && !o->readers))
    o->holder = 0;
  else if (o->readers)
    o->readers--;
}

static void channel_step(WeftObjectNow *o, const WeftEvent *e) {
  o->used = true;
  switch (e->type) {
  case WEFT_EV_CHAN_MAKE: o->capacity = (int64_t)(e->arg < INT32_MAX ? e->arg : INT32_MAX); break;
  case WEFT_EV_CHAN_SEND:
    o->in_buffer++;
    o->sends++;
    if (!o->sender)
      o->sender = e->thread;
    else if (o->sender != e->thread && !o->other_sender)
      o->other_sender = e->thread;
    if (e->stack)
      o->sender_stack = e->stack;
    break;
  case WEFT_EV_CHAN_RECV:
    if (e->arg) { /* 0: closed and drained, no value */
      o->in_buffer--;
      o->receives++;
    }
    break;
  case WEFT_EV_CHAN_CLOSE: o->closed = true; break;
  default: break;
  }
}

bool weft_replay_feed(WeftReplay *r, const WeftEvent *e) {
  r->position++;
  r->time = e->time;
  if (e->thread == 0 || e->thread > r->max_tid)
    return true; /* process-level, or an id far past the trace's threads */
  WeftThreadNow *s = thread_slot(r, e->thread);
  if (!s)
    return false;
  uint32_t index = (uint32_t)(r->position - 1);
  s->started = true;
  if (e->stack)
    s->last_stack = e->stack;
  if (weft_event_ends_wait(e))
    s->wait_event = 0;
  if (weft_event_begins_wait(e->type)) {
    s->wait_event = e->type;
    s->wait_index = index;
    s->wait_arg = e->arg;
    s->wait_object = e->object;
    s->wait_target = e->type == WEFT_EV_JOIN_BEGIN ? (uint32_t)e->arg : 0;
    s->wait_stack = e->stack;
    s->wait_flags = e->flags;
    s->wait_since = e->time;
  }
  const WeftObject *def = e->object ? weft_trace_object(r->t, e->object) : NULL;
  WeftObjectNow *o = e->object ? object_slot(r, e->object) : NULL;
  if (e->object && !o)
    return false;
  bool lock = def && (def->kind == WEFT_OBJ_MUTEX || def->kind == WEFT_OBJ_SPINLOCK ||
                      def->kind == WEFT_OBJ_RWLOCK);
  bool sem = def && def->kind == WEFT_OBJ_SEMAPHORE;
  switch (e->type) {
  case WEFT_EV_OBJ_INIT:
    if (sem || (def && def->kind == WEFT_OBJ_BARRIER)) {
      o->init_seen = true;
      o->init_value = e->arg;
      o->init_stack = e->stack;
    }
    break;
  case WEFT_EV_LOCK_ACQUIRE:
    if (lock) {
      uint32_t stack = e->stack ? e->stack : s->wait_stack;
      held_add(s, e->object, stack, index);
      take(o, def, e, stack);
    }
    if (sem && !WEFT_RESULT(e->flags))
      o->sem_takes++;
    break;
  case WEFT_EV_LOCK_RELEASE:
    if (lock) {
      held_remove(s, e->object);
      let_go(o, e->thread);
    }
    if (sem && !WEFT_RESULT(e->flags))
      o->sem_posts++;
    break;
  case WEFT_EV_COND_WAIT: {
    if (o)
      o->cond_waiting++;
    bool held = s->nheld >= WEFT_REPLAY_MAX_HELD; /* a full list may miss it: assume held */
    for (int i = 0; i < s->nheld && !held; i++)
      held = s->held[i].object == (uint32_t)e->arg;
    s->wait_unheld = !held;
    held_remove(s, (uint32_t)e->arg);
    WeftObjectNow *m = object_slot(r, e->arg);
    if (m && m->holder == e->thread)
      m->holder = 0;
    break;
  }
  case WEFT_EV_COND_WAKE: {
    if (o && o->cond_waiting)
      o->cond_waiting--;
    held_add(s, (uint32_t)e->arg, e->stack ? e->stack : s->last_stack, index);
    WeftObjectNow *m = object_slot(r, e->arg);
    if (m) {
      if (m->holder && m->holder != e->thread)
        weft_overtaken_add(m->overtaken, m->holder);
      m->holder = e->thread;
      m->holder_stack = e->stack ? e->stack : s->last_stack;
    }
    break;
  }
  case WEFT_EV_COND_SIGNAL:
  case WEFT_EV_COND_BROADCAST:
    if (o) {
      if (!o->cond_waiting)
        o->unheard++;
      o->last_signal = e->time;
      o->last_signaller = e->thread;
      o->last_signal_one = e->type == WEFT_EV_COND_SIGNAL;
      o->waiting_at_signal = o->cond_waiting;
    }
    break;
  case WEFT_EV_CHAN_MAKE:
  case WEFT_EV_CHAN_SEND:
  case WEFT_EV_CHAN_RECV:
  case WEFT_EV_CHAN_CLOSE:
  case WEFT_EV_CHAN_SEND_WAIT:
  case WEFT_EV_CHAN_RECV_WAIT:
    if (o)
      channel_step(o, e);
    break;
  case WEFT_EV_WAITGROUP:
    if (o) {
      o->wg_count = (int64_t)(e->arg >> 1) ^ -(int64_t)(e->arg & 1); /* zigzag */
      if (e->flags & WEFT_WG_DONE) {
        o->wg_dones++;
        o->wg_done_thread = e->thread;
        o->wg_done_stack = e->stack;
      } else {
        o->wg_adds++;
        o->wg_add_thread = e->thread;
        o->wg_add_stack = e->stack;
      }
    }
    break;
  case WEFT_EV_THREAD_END:
    s->ended = true;
    s->end_time = e->time;
    break;
  default: break;
  }
  return true;
}

bool weft_replay_seek(WeftReplay *r, size_t upto) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(r->t, &nev);
  if (upto == SIZE_MAX || upto + 1 < r->position) {
    free(r->threads);
    free(r->thread_index);
    free(r->objects);
    free(r->object_index);
    const WeftTrace *t = r->t;
    uint32_t max_tid = r->max_tid;
    memset(r, 0, sizeof *r);
    r->t = t;
    r->max_tid = max_tid;
    if (upto == SIZE_MAX)
      return true;
  }
  for (size_t i = r->position; i <= upto && i < nev; i++)
    if (!weft_replay_feed(r, &ev[i]))
      return false;
  return true;
}

/* A copy of n elements of size each, NULL for none; false when out of memory. */
static bool copy_array(void **dst, const void *src, size_t n, size_t size) {
  *dst = NULL;
  if (!n)
    return true;
  *dst = malloc(n * size);
  if (!*dst)
    return false;
  memcpy(*dst, src, n * size);
  return true;
}

WeftReplay *weft_replay_copy(const WeftReplay *r) {
  WeftReplay *c = malloc(sizeof *c);
  if (!c)
    return NULL;
  *c = *r;
  /* the dense tables are copied at their length; growing reallocates them */
  bool ok = copy_array((void **)&c->threads, r->threads, r->nthreads, sizeof *r->threads);
  ok = copy_array((void **)&c->thread_index, r->thread_index, r->nthread_ids,
                  sizeof *r->thread_index) && ok;
  ok = copy_array((void **)&c->objects, r->objects, r->nobjects, sizeof *r->objects) && ok;
  ok = copy_array((void **)&c->object_index, r->object_index, r->nobject_ids,
                  sizeof *r->object_index) && ok;
  c->threads_cap = r->nthreads;
  c->objects_cap = r->nobjects;
  if (!ok) {
    weft_replay_free(c);
    return NULL;
  }
  return c;
}

size_t weft_replay_size(const WeftReplay *r) {
  return sizeof *r + r->nthreads * sizeof *r->threads + r->nobjects * sizeof *r->objects +
         (r->nthread_ids + r->nobject_ids) * sizeof(uint32_t);
}

WeftReplay *weft_replay_at(const WeftTrace *t, size_t upto) {
  WeftReplay *r = weft_replay_new(t);
  if (r && !weft_replay_seek(r, upto)) {
    weft_replay_free(r);
    return NULL;
  }
  return r;
}

const WeftTrace *weft_replay_trace(const WeftReplay *r) { return r->t; }
size_t weft_replay_position(const WeftReplay *r) { return r->position; }
uint64_t weft_replay_time(const WeftReplay *r) { return r->time; }

const WeftThreadNow *weft_replay_thread(const WeftReplay *r, uint32_t tid) {
  const WeftThreadNow *s =
      tid && tid < r->nthread_ids && r->thread_index[tid] ? &r->threads[r->thread_index[tid] - 1] : NULL;
  return s && s->started ? s : NULL;
}

const WeftObjectNow *weft_replay_object(const WeftReplay *r, uint32_t obj) {
  /* An id below the largest seen but never used reads as a fresh object. */
  static const WeftObjectNow unseen = {.capacity = -1, .last_signal = UINT64_MAX};
  if (!obj || obj >= r->nobject_ids)
    return NULL;
  return r->object_index[obj] ? &r->objects[r->object_index[obj] - 1] : &unseen;
}

uint32_t weft_replay_max_thread(const WeftReplay *r) {
  return r->nthread_ids ? (uint32_t)r->nthread_ids - 1 : 0;
}

uint32_t weft_replay_max_object(const WeftReplay *r) {
  return r->nobject_ids ? (uint32_t)r->nobject_ids - 1 : 0;
}
