/* weft-gates.c: joins before creations, and barrier episodes, kept as the
 * events go by (a list of each, as long as the run has joins and barrier
 * passages), so that the lock-order search needs no array of events. */
#include "weft-gates.h"

#include <stdlib.h>

#include "weft-grow.h"

typedef struct {
  uint32_t creator;
  uint64_t at; /* position of its THREAD_CREATE in the events fed */
} Creation;

typedef struct {
  uint32_t joiner, joined;
  uint64_t at;
} Join;

/* The n-th arrival at a barrier of count k is in episode n / k (an episode
 * releases only once all k arrived), and a leave is in the episode of its
 * thread's arrival before it. */
typedef struct {
  uint32_t thread, barrier;
  uint64_t time;
  uint32_t episode;
  bool leave;
} Passage;

typedef struct {
  uint32_t barrier;
  uint64_t count, arrivals; /* count: from its init, 0 if unknown */
} BarrierState;

struct WeftGates {
  uint64_t fed;
  Creation *created; /* by thread id */
  size_t ncreated;
  Join *joins;
  size_t njoins, joins_cap;
  Passage *passages;
  size_t npassages, passages_cap;
  BarrierState *barriers;
  size_t nbarriers, barriers_cap;
  bool out_of_memory;
};

WeftGates *weft_gates_new(void) { return calloc(1, sizeof(WeftGates)); }

void weft_gates_free(WeftGates *g) {
  if (!g)
    return;
  free(g->created);
  free(g->joins);
  free(g->passages);
  free(g->barriers);
  free(g);
}

bool weft_gates_out_of_memory(const WeftGates *g) { return g->out_of_memory; }

/* Room for one more of an array's elements; false (and said) when memory ran out. */
static bool room(WeftGates *g, void **v, size_t *cap, size_t n, size_t size) {
  if (weft_grow(v, cap, n + 1, size))
    return true;
  g->out_of_memory = true;
  return false;
}

static void on_create(WeftGates *g, const WeftEvent *e) {
  uint64_t child = e->arg;
  if (!child || child > WEFT_MAX_ID)
    return;
  if (child >= g->ncreated) {
    size_t n = g->ncreated ? g->ncreated : 64;
    while (n <= child)
      n *= 2;
    Creation *grown = realloc(g->created, n * sizeof *grown);
    if (!grown) {
      g->out_of_memory = true;
      return;
    }
    for (size_t i = g->ncreated; i < n; i++)
      grown[i] = (Creation){0, UINT64_MAX};
    g->created = grown;
    g->ncreated = n;
  }
  if (g->created[child].at == UINT64_MAX) /* its first creation counts */
    g->created[child] = (Creation){e->thread, g->fed};
}

static void on_barrier(WeftGates *g, const WeftTrace *t, const WeftEvent *e) {
  bool passage = e->type == WEFT_EV_BARRIER_WAIT || e->type == WEFT_EV_BARRIER_LEAVE;
  BarrierState *bs = NULL;
  for (size_t k = 0; k < g->nbarriers && !bs; k++)
    if (g->barriers[k].barrier == e->object)
      bs = &g->barriers[k];
  if (!bs && !passage) {
    const WeftObject *o = weft_trace_object(t, e->object);
    if (!o || o->kind != WEFT_OBJ_BARRIER)
      return; /* the init of something else */
  }
  if (!bs) {
    if (!room(g, (void **)&g->barriers, &g->barriers_cap, g->nbarriers, sizeof *g->barriers))
      return;
    bs = &g->barriers[g->nbarriers++];
    *bs = (BarrierState){e->object, 0, 0};
  }
  if (e->type == WEFT_EV_OBJ_INIT) {
    bs->count = e->arg;
    bs->arrivals = 0;
    return;
  }
  Passage p = {e->thread, e->object, e->time, UINT32_MAX, e->type == WEFT_EV_BARRIER_LEAVE};
  if (!p.leave) {
    if (bs->count)
      p.episode = (uint32_t)(bs->arrivals / bs->count);
    bs->arrivals++;
  }
  for (size_t j = g->npassages; p.leave && j-- > 0;)
    if (g->passages[j].thread == e->thread && g->passages[j].barrier == e->object &&
        !g->passages[j].leave) {
      p.episode = g->passages[j].episode;
      break;
    }
  if (room(g, (void **)&g->passages, &g->passages_cap, g->npassages, sizeof *g->passages))
    g->passages[g->npassages++] = p;
}

void weft_gates_feed(WeftGates *g, const WeftTrace *t, const WeftEvent *e) {
  switch (e->type) {
  case WEFT_EV_THREAD_CREATE:
    on_create(g, e);
    break;
  case WEFT_EV_JOIN_END:
    if (!WEFT_RESULT(e->flags) && e->arg &&
        room(g, (void **)&g->joins, &g->joins_cap, g->njoins, sizeof *g->joins))
      g->joins[g->njoins++] = (Join){e->thread, (uint32_t)e->arg, g->fed};
    break;
  case WEFT_EV_BARRIER_WAIT:
  case WEFT_EV_BARRIER_LEAVE:
  case WEFT_EV_OBJ_INIT:
    on_barrier(g, t, e);
    break;
  default:
    break;
  }
  g->fed++;
}

bool weft_gates_ordered(const WeftGates *g, uint32_t before, uint32_t after) {
  for (int depth = 0; depth < 64; depth++) {
    if (after >= g->ncreated || g->created[after].at == UINT64_MAX)
      return false;
    const Creation *c = &g->created[after];
    for (size_t i = 0; i < g->njoins && g->joins[i].at < c->at; i++)
      if (g->joins[i].joiner == c->creator && g->joins[i].joined == before)
        return true;
    after = c->creator;
  }
  return false;
}

bool weft_gates_barrier_between(const WeftGates *g, uint32_t a, uint64_t a_last, uint32_t b,
                                uint64_t b_first) {
  for (size_t i = 0; i < g->npassages; i++) {
    const Passage *arrive = &g->passages[i];
    if (arrive->leave || arrive->thread != a || arrive->time < a_last ||
        arrive->episode == UINT32_MAX)
      continue;
    for (size_t j = i + 1; j < g->npassages; j++) {
      const Passage *go = &g->passages[j];
      if (go->leave && go->thread == b && go->barrier == arrive->barrier &&
          go->episode != UINT32_MAX && go->episode >= arrive->episode && go->time <= b_first)
        return true;
    }
    return false; /* a's first arrival after its order is the one that counts */
  }
  return false;
}
