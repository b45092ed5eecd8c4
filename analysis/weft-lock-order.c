/* weft-lock-order.c: the lock-order graph, its cycles, and the gates that
 * make a cycle harmless. */
#include "weft-lock-order.h"

#include "weft-gates.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GUARDS 6
#define MAX_INSTANCES 8

typedef struct {
  uint32_t thread, first_stack, second_stack;
  uint32_t guards[MAX_GUARDS]; /* the other locks held then */
  uint8_t nguards;
  uint64_t first_time, last_time; /* when this thread took this order */
} Instance;

typedef struct {
  uint32_t first, second;
  Instance inst[MAX_INSTANCES];
  uint8_t ninst;
} Edge;

struct WeftLockOrder {
  Edge *edges;
  size_t n, cap;
  uint32_t *slots; /* open addressing: edge index + 1 */
  size_t nslots;
  size_t ruled_out;
  bool out_of_memory;
  WeftInversion *notes; /* one thread's both orders, until taken */
  size_t nnotes;
  WeftGates *gates;
};

WeftLockOrder *weft_lock_order_new(void) {
  WeftLockOrder *lo = calloc(1, sizeof *lo);
  if (lo && !(lo->gates = weft_gates_new())) {
    free(lo);
    return NULL;
  }
  return lo;
}

void weft_lock_order_free(WeftLockOrder *lo) {
  if (!lo)
    return;
  weft_gates_free(lo->gates);
  free(lo->edges);
  free(lo->slots);
  weft_inversions_free(lo->notes, lo->nnotes);
  free(lo);
}

static size_t hash(uint32_t a, uint32_t b, size_t mask) {
  uint64_t h = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 32) & mask;
}

static bool rehash(WeftLockOrder *lo, size_t nslots) {
  uint32_t *slots = calloc(nslots, sizeof *slots);
  if (!slots)
    return false;
  for (size_t i = 0; i < lo->n; i++) {
    size_t j = hash(lo->edges[i].first, lo->edges[i].second, nslots - 1);
    while (slots[j])
      j = (j + 1) & (nslots - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(lo->slots);
  lo->slots = slots;
  lo->nslots = nslots;
  return true;
}

static Edge *edge_get(WeftLockOrder *lo, uint32_t first, uint32_t second) {
  if ((lo->n + 1) * 2 > lo->nslots && !rehash(lo, lo->nslots ? lo->nslots * 2 : 64))
    return NULL;
  size_t j = hash(first, second, lo->nslots - 1);
  for (; lo->slots[j]; j = (j + 1) & (lo->nslots - 1)) {
    Edge *e = &lo->edges[lo->slots[j] - 1];
    if (e->first == first && e->second == second)
      return e;
  }
  if (lo->n == lo->cap) {
    size_t cap = lo->cap ? lo->cap * 2 : 64;
    Edge *grown = realloc(lo->edges, cap * sizeof *grown);
    if (!grown)
      return NULL;
    lo->edges = grown;
    lo->cap = cap;
  }
  Edge *e = &lo->edges[lo->n];
  memset(e, 0, sizeof *e);
  e->first = first;
  e->second = second;
  lo->slots[j] = (uint32_t)++lo->n;
  return e;
}

static bool same_guards(const Instance *a, const Instance *b) {
  if (a->nguards != b->nguards)
    return false;
  for (unsigned i = 0; i < a->nguards; i++)
    if (a->guards[i] != b->guards[i])
      return false;
  return true;
}

void weft_lock_order_feed(WeftLockOrder *lo, const WeftReplay *r, const WeftEvent *e) {
  weft_gates_feed(lo->gates, weft_replay_trace(r), e);
  if ((e->type != WEFT_EV_LOCK_WAIT && e->type != WEFT_EV_LOCK_ACQUIRE) ||
      (e->flags & (WEFT_F_TRY | WEFT_F_WAITED)) || !weft_is_lock(weft_replay_trace(r), e->object))
    return;
  const WeftThreadNow *s = weft_replay_thread(r, e->thread);
  if (!s)
    return;
  for (int i = 0; i < s->nheld; i++) {
    uint32_t first = s->held[i].object;
    if (first == e->object)
      continue;
    Instance in = {e->thread, s->held[i].stack, e->stack, {0}, 0, e->time, e->time};
    for (int k = 0; k < s->nheld && in.nguards < MAX_GUARDS; k++)
      if (k != i && s->held[k].object != e->object)
        in.guards[in.nguards++] = s->held[k].object;
    Edge *edge = edge_get(lo, first, e->object);
    if (!edge) {
      lo->out_of_memory = true;
      return;
    }
    Instance *known = NULL;
    for (unsigned k = 0; k < edge->ninst && !known; k++)
      if (edge->inst[k].thread == in.thread && same_guards(&edge->inst[k], &in))
        known = &edge->inst[k];
    if (known)
      known->last_time = e->time;
    else if (edge->ninst < MAX_INSTANCES)
      edge->inst[edge->ninst++] = in;
  }
}

/* ---- which instances could run at once ---- */

static bool guards_meet(const Instance *a, const Instance *b) {
  for (unsigned i = 0; i < a->nguards; i++)
    for (unsigned k = 0; k < b->nguards; k++)
      if (a->guards[i] == b->guards[k])
        return true;
  return false;
}

static bool compatible(const WeftGates *g, const Instance *a, const Instance *bi, bool gates) {
  if (a->thread == bi->thread)
    return false;
  if (!gates)
    return true;
  return !guards_meet(a, bi) && !weft_gates_ordered(g, a->thread, bi->thread) &&
         !weft_gates_ordered(g, bi->thread, a->thread) &&
         !weft_gates_barrier_between(g, a->thread, a->last_time, bi->thread, bi->first_time) &&
         !weft_gates_barrier_between(g, bi->thread, bi->last_time, a->thread, a->first_time);
}

/* Picks one instance per edge of the cycle, pairwise compatible. */
static bool choose(const WeftGates *g, const Edge *const *cyc, size_t n, size_t k,
                   const Instance **pick, bool gates) {
  if (k == n)
    return true;
  for (unsigned i = 0; i < cyc[k]->ninst; i++) {
    const Instance *in = &cyc[k]->inst[i];
    bool ok = true;
    for (size_t j = 0; j < k && ok; j++)
      ok = compatible(g, pick[j], in, gates);
    if (!ok)
      continue;
    pick[k] = in;
    if (choose(g, cyc, n, k + 1, pick, gates))
      return true;
  }
  return false;
}

typedef struct {
  const WeftLockOrder *lo;
  const WeftTrace *t;
  WeftInversion *out;
  size_t nout;
  WeftInversion *notes;
  size_t nnotes;
  size_t ruled_out;
  bool out_of_memory;
} Search;

static void keep(Search *s, WeftInversion **list, size_t *n, const Edge *const *cyc,
                 const Instance *const *pick, size_t depth) {
  WeftInversion *grown = realloc(*list, (*n + 1) * sizeof *grown);
  if (!grown) {
    s->out_of_memory = true;
    return;
  }
  *list = grown;
  WeftInversion *c = &grown[*n];
  c->n = depth;
  c->locks = calloc(depth, sizeof *c->locks);
  c->edges = calloc(depth, sizeof *c->edges);
  if (!c->locks || !c->edges) {
    free(c->locks);
    free(c->edges);
    s->out_of_memory = true;
    return;
  }
  for (size_t i = 0; i < depth; i++) {
    c->locks[i] = cyc[i]->first;
    c->edges[i] = (WeftLockEdge){cyc[i]->first, cyc[i]->second, pick[i]->thread,
                                 pick[i]->first_stack, pick[i]->second_stack};
  }
  ++*n;
}

static void found(Search *s, const size_t *path, size_t depth) {
  enum { MAX_LEN = 8 };
  const Edge *cyc[MAX_LEN];
  const Instance *pick[MAX_LEN];
  for (size_t i = 0; i < depth; i++)
    cyc[i] = &s->lo->edges[path[i]];
  if (!choose(s->lo->gates, cyc, depth, 0, pick, false)) {
    /* One thread alone cannot wait for itself this way; another thread
     * running the same path could. */
    if (s->nnotes >= 64)
      return;
    for (size_t i = 0; i < depth; i++)
      pick[i] = &cyc[i]->inst[0];
    keep(s, &s->notes, &s->nnotes, cyc, pick, depth);
    return;
  }
  if (!choose(s->lo->gates, cyc, depth, 0, pick, true)) {
    s->ruled_out++;
    return;
  }
  keep(s, &s->out, &s->nout, cyc, pick, depth);
}

/* Simple cycles, each once: it starts at its smallest lock. */
static void find_cycles(Search *s) {
  enum { MAX_LEN = 8, MAX_CYCLES = 64 };
  const WeftLockOrder *lo = s->lo;
  size_t path[MAX_LEN], next_try[MAX_LEN];
  for (size_t e0 = 0; e0 < lo->n && s->nout < MAX_CYCLES; e0++) {
    uint32_t start = lo->edges[e0].first;
    if (lo->edges[e0].second < start)
      continue;
    path[0] = e0;
    next_try[0] = 0;
    size_t depth = 1;
    while (depth > 0 && s->nout < MAX_CYCLES) {
      uint32_t at = lo->edges[path[depth - 1]].second;
      if (at == start) {
        found(s, path, depth);
        depth--;
        continue;
      }
      bool pushed = false;
      for (size_t k = next_try[depth - 1]; k < lo->n && depth < MAX_LEN; k++) {
        if (lo->edges[k].first != at || lo->edges[k].second < start)
          continue;
        bool on_path = false;
        for (size_t i = 0; i < depth; i++)
          on_path = on_path || lo->edges[path[i]].first == lo->edges[k].second;
        if (on_path && lo->edges[k].second != start)
          continue;
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

WeftInversion *weft_lock_order_inversions(WeftLockOrder *lo, const WeftTrace *t,
                                          size_t *n) {
  Search s = {lo, t, NULL, 0, NULL, 0, 0, false};
  find_cycles(&s);
  s.out_of_memory |= weft_gates_out_of_memory(lo->gates);
  weft_inversions_free(lo->notes, lo->nnotes);
  lo->notes = s.notes;
  lo->nnotes = s.nnotes;
  lo->ruled_out = s.ruled_out;
  lo->out_of_memory |= s.out_of_memory;
  *n = s.nout;
  return s.out;
}

WeftInversion *weft_lock_order_single_thread(WeftLockOrder *lo, size_t *n) {
  WeftInversion *notes = lo->notes;
  *n = lo->nnotes;
  lo->notes = NULL;
  lo->nnotes = 0;
  return notes;
}

size_t weft_lock_order_ruled_out(const WeftLockOrder *lo) { return lo->ruled_out; }

bool weft_lock_order_out_of_memory(const WeftLockOrder *lo) { return lo->out_of_memory; }

void weft_inversions_free(WeftInversion *inv, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(inv[i].locks);
    free(inv[i].edges);
  }
  free(inv);
}
