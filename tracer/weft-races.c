/* weft-races.c: the reader's side of RACE events: ThreadSanitizer reports
 * decoded from their blob, and TSan's thread numbers mapped to weft's.
 *
 * TSan numbers threads in the order it registers their creation, which is not
 * weft's order when two parents create threads at once; both know each
 * thread's OS id, and a report says whether each thread was still running.
 * The OS reuses an id only after its thread ended, so among the weft threads
 * with that id, a running one is the one alive at the report, an ended one
 * the last to end before it. */
#include <stdlib.h>
#include <string.h>

#include "weft-races-private.h"

typedef struct {
  const uint8_t *p, *end;
  bool bad;
} In;

static uint64_t get(In *in) {
  uint64_t v = 0;
  if (in->bad || _weft_get_varint(&in->p, in->end, &v) < 0) {
    in->bad = true;
    return 0;
  }
  return v;
}

/* A length-prefixed string, NULL when empty or damaged. */
static char *get_string(In *in) {
  uint64_t n = get(in);
  if (in->bad || n > (uint64_t)(in->end - in->p)) {
    in->bad = true;
    return NULL;
  }
  char *s = NULL;
  if (n) {
    s = malloc(n + 1);
    if (s) {
      memcpy(s, in->p, n);
      s[n] = 0;
    }
  }
  in->p += n;
  return s;
}

/* A count of items at least `min_bytes` each: bounded by what remains. */
static size_t get_count(In *in, size_t min_bytes) {
  uint64_t n = get(in);
  if (in->bad || n > (uint64_t)(in->end - in->p) / min_bytes) {
    in->bad = true;
    return 0;
  }
  return (size_t)n;
}

static uint32_t get_id(In *in) {
  uint64_t v = get(in);
  return v <= WEFT_MAX_ID ? (uint32_t)v : 0;
}

uint32_t _weft_races_parse(WeftRaceTable *rt, const WeftRecord *r, uint32_t *stack) {
  In in = {r->blob, r->blob ? r->blob + r->blob_len : NULL, !r->blob};
  if (get(&in) != WEFT_RACE_BLOB_VERSION)
    return 0;
  WeftRace *grown = realloc(rt->races, (rt->n + 1) * sizeof *grown);
  if (!grown)
    return 0;
  rt->races = grown;
  WeftRaceTsanThread **tgrown = realloc(rt->tsan_threads, (rt->n + 1) * sizeof *tgrown);
  if (!tgrown)
    return 0;
  rt->tsan_threads = tgrown;
  WeftRace *race = &rt->races[rt->n];
  memset(race, 0, sizeof *race);
  rt->tsan_threads[rt->n] = NULL;
  rt->n++;

  race->kind = get_string(&in);
  size_t nacc = get_count(&in, 5);
  WeftRaceAccess *acc = calloc(nacc ? nacc : 1, sizeof *acc);
  for (size_t i = 0; acc && i < nacc; i++) {
    acc[i].tsan_tid = (uint32_t)get(&in);
    uint64_t flags = get(&in);
    acc[i].write = flags & WEFT_RACE_WRITE;
    acc[i].atomic = flags & WEFT_RACE_ATOMIC;
    acc[i].size = (uint32_t)get(&in);
    acc[i].address = get(&in);
    acc[i].stack = get_id(&in);
  }
  race->accesses = acc;
  race->naccesses = acc && !in.bad ? nacc : 0;
  race->location = get_string(&in);
  race->location_start = get(&in);
  race->location_size = get(&in);
  race->location_thread = (uint32_t)get(&in); /* TSan's number until finish */
  race->location_stack = get_id(&in);
  race->variable = get_string(&in);

  size_t nth = get_count(&in, 5);
  uint32_t *ids = calloc(nth ? nth : 1, sizeof *ids);
  WeftRaceTsanThread *tt = calloc(nth ? nth : 1, sizeof *tt);
  for (size_t i = 0; ids && tt && i < nth; i++) {
    tt[i].tsan_tid = (uint32_t)get(&in);
    tt[i].os_tid = get(&in);
    tt[i].running = get(&in) != 0;
    get(&in); /* the parent, as TSan numbers it */
    free(get_string(&in));
  }
  race->threads = ids;
  race->nthreads = ids && tt && !in.bad ? nth : 0;
  rt->tsan_threads[rt->n - 1] = tt;

  size_t nst = get_count(&in, 1);
  uint32_t *stacks = calloc(nst ? nst : 1, sizeof *stacks);
  for (size_t i = 0; stacks && i < nst; i++)
    stacks[i] = get_id(&in);
  race->stacks = stacks;
  race->nstacks = stacks && !in.bad ? nst : 0;
  race->text = get_string(&in);
  *stack = race->naccesses ? race->accesses[0].stack : 0;
  return (uint32_t)rt->n;
}

void _weft_races_event(WeftRaceTable *rt, const WeftEvent *e) {
  if (e->type != WEFT_EV_RACE || !e->arg || e->arg > rt->n)
    return;
  rt->races[e->arg - 1].time = e->time;
  rt->races[e->arg - 1].thread = e->thread;
}

static uint32_t weft_thread_of(const WeftTrace *t, const WeftRaceTsanThread *tt, uint64_t when) {
  size_t n;
  const WeftThread *th = weft_trace_threads(t, &n);
  uint32_t best = 0;
  uint64_t best_end = 0;
  for (size_t i = 0; i < n; i++) {
    if (th[i].os_tid != tt->os_tid || th[i].start_time > when)
      continue;
    bool alive = th[i].end_time == UINT64_MAX || th[i].end_time >= when;
    if (tt->running && alive)
      return th[i].id;
    if (!tt->running && !alive && (!best || th[i].end_time > best_end)) {
      best = th[i].id;
      best_end = th[i].end_time;
    }
    if (!best)
      best = th[i].id; /* the trace ends before the thread's end was seen */
  }
  return best;
}

static uint32_t map_tid(const WeftRace *race, const WeftRaceTsanThread *tt, uint32_t tsan_tid) {
  for (size_t i = 0; i < race->nthreads; i++)
    if (tt[i].tsan_tid == tsan_tid)
      return race->threads[i];
  return 0;
}

void _weft_races_finish(WeftRaceTable *rt, const WeftTrace *t) {
  for (size_t r = 0; r < rt->n; r++) {
    WeftRace *race = &rt->races[r];
    const WeftRaceTsanThread *tt = rt->tsan_threads[r];
    uint32_t *ids = (uint32_t *)race->threads;
    for (size_t i = 0; i < race->nthreads; i++)
      ids[i] = weft_thread_of(t, &tt[i], race->time);
    WeftRaceAccess *acc = (WeftRaceAccess *)race->accesses;
    for (size_t i = 0; i < race->naccesses; i++)
      acc[i].thread = map_tid(race, tt, acc[i].tsan_tid);
    /* TSan's current thread is the one that reported. */
    if (race->naccesses && !acc[0].thread)
      acc[0].thread = race->thread;
    race->location_thread =
        race->location && strcmp(race->location, "global") ? map_tid(race, tt, race->location_thread)
                                                           : 0;
  }
}

void _weft_races_free(WeftRaceTable *rt) {
  for (size_t r = 0; r < rt->n; r++) {
    WeftRace *race = &rt->races[r];
    free((void *)race->kind);
    free((void *)race->variable);
    free((void *)race->location);
    free((void *)race->accesses);
    free((void *)race->threads);
    free((void *)race->stacks);
    free((void *)race->text);
    free(rt->tsan_threads[r]);
  }
  free(rt->races);
  free(rt->tsan_threads);
  memset(rt, 0, sizeof *rt);
}
