/* weft-lanes.c: per-thread state segments, arrows and deadlocks from a trace. */
#include "weft-lanes.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "weft-lane-misuse.h"
#include "weft-narration.h"
#include "weft-replay-cache.h"
#include "weft-thread-names.h"
#include "weft-viewer-private.h"

static size_t gallop(const WeftLane *l, size_t from, double t);

struct WeftLaneModel {
  const WeftTrace *trace;
  const WeftEvent *events;
  size_t nevents;
  uint64_t duration;
  WeftLane *lanes;
  size_t nlanes;
  int32_t *lane_of_tid; /* [max_tid + 1] */
  uint32_t max_tid;
  uint32_t max_object;
  unsigned states_used;
  struct {
    WeftArrow *v; /* sorted by source */
    size_t n, cap;
    /* The latest destination of each block of ARROW_BLOCK arrows (level
     * 0), then of each pair of level 0's blocks, ...: to find the arrows
     * that cross a time in O(log n) per arrow found. */
    uint32_t *mx;
    size_t mx_off[48], mx_count[48];
    unsigned mx_levels;
    uint32_t *rev; /* arrows whose destination comes first, by destination */
    size_t nrev;
  } arrows[WEFT_ARROW_KIND_COUNT];
  WeftLaneDeadlock *deadlocks;
  size_t ndeadlocks;
  /* the state of the world at the playhead, moved as it moves */
  WeftReplayCache *world;
  pthread_mutex_t world_lock;
  uint32_t *dumps; /* the first DUMP event of each stuck dump or crash */
  size_t ndumps, dumps_cap;
  uint32_t *execs; /* EXEC events: a lane's process took a new program */
  size_t nexecs, execs_cap;
  WeftLaneMisuseMarks *misuse; /* found after the model, by weft-lane-misuse.c */
};

static const char *const state_names[WEFT_STATE_COUNT] = {
    [WEFT_STATE_NONE] = N_("not running"),
    [WEFT_STATE_RUNNING] = N_("running"),
    [WEFT_STATE_MUTEX] = N_("blocked on mutex"),
    [WEFT_STATE_RWLOCK] = N_("blocked on rwlock"),
    [WEFT_STATE_SEMAPHORE] = N_("blocked on semaphore"),
    [WEFT_STATE_BARRIER] = N_("at barrier"),
    [WEFT_STATE_CONDVAR] = N_("waiting on condvar"),
    [WEFT_STATE_CHAN_SEND] = N_("channel send"),
    [WEFT_STATE_CHAN_RECV] = N_("channel receive"),
    [WEFT_STATE_SELECT] = N_("in select"),
    [WEFT_STATE_WAITGROUP] = N_("waitgroup wait"),
    [WEFT_STATE_JOIN] = N_("joining"),
    [WEFT_STATE_SLEEP] = N_("sleeping"),
    [WEFT_STATE_IO] = N_("blocked in I/O or a system call"),
};

const char *weft_lane_state_name(WeftLaneState s) {
  return s < WEFT_STATE_COUNT ? _(state_names[s]) : "?";
}

static const char *const arrow_names[WEFT_ARROW_KIND_COUNT] = {
    [WEFT_ARROW_CHANNEL] = N_("message"),
    [WEFT_ARROW_LOCK] = N_("lock hand-off"),
    [WEFT_ARROW_SIGNAL] = N_("signal"),
    [WEFT_ARROW_CREATE] = N_("create"),
    [WEFT_ARROW_JOIN] = N_("exit → join"),
};

const char *weft_arrow_kind_name(WeftArrowKind k) {
  return k < WEFT_ARROW_KIND_COUNT ? _(arrow_names[k]) : "?";
}

int weft_event_state(const WeftTrace *trace, const WeftEvent *ev) {
  switch (ev->type) {
  case WEFT_EV_LOCK_WAIT: {
    const WeftObject *o = weft_trace_object(trace, ev->object);
    unsigned kind = o ? o->kind : WEFT_OBJ_MUTEX;
    return kind == WEFT_OBJ_RWLOCK      ? WEFT_STATE_RWLOCK
           : kind == WEFT_OBJ_SEMAPHORE ? WEFT_STATE_SEMAPHORE
                                        : WEFT_STATE_MUTEX;
  }
  case WEFT_EV_COND_WAIT: return WEFT_STATE_CONDVAR;
  case WEFT_EV_BARRIER_WAIT: return WEFT_STATE_BARRIER;
  case WEFT_EV_JOIN_BEGIN: return WEFT_STATE_JOIN;
  case WEFT_EV_SLEEP_BEGIN: return WEFT_STATE_SLEEP;
  case WEFT_EV_IO_WAIT: return WEFT_STATE_IO;
  case WEFT_EV_CHAN_SEND_WAIT: return WEFT_STATE_CHAN_SEND;
  case WEFT_EV_CHAN_RECV_WAIT: return WEFT_STATE_CHAN_RECV;
  case WEFT_EV_SELECT_BEGIN: return WEFT_STATE_SELECT;
  case WEFT_EV_WAITGROUP_WAIT: return WEFT_STATE_WAITGROUP;
  case WEFT_EV_THREAD_START:
  case WEFT_EV_LOCK_ACQUIRE:
  case WEFT_EV_LOCK_FAIL:
  case WEFT_EV_COND_WAKE:
  case WEFT_EV_BARRIER_LEAVE:
  case WEFT_EV_JOIN_END:
  case WEFT_EV_SLEEP_END:
  case WEFT_EV_SELECT_END:
  case WEFT_EV_WAITGROUP_WAKE:
  case WEFT_EV_IO_DONE:
    return WEFT_STATE_RUNNING;
  default:
    return -1;
  }
}

/* ---- building ---- */

typedef struct {
  size_t nwide, wide_cap; /* entries of WeftTimes.wide used, allocated */
} TimesBuild;

typedef struct {
  size_t cap;       /* segments that fit (the lane's events + 1) */
  TimesBuild seg, region_start;
  int state;        /* current WeftLaneState, -1 before the first event */
  uint32_t *open;   /* open regions (indices), a stack */
  size_t nopen, open_cap;
  size_t regions_cap;
  size_t long_cap;
  uint64_t cond_wait_start;
  uint32_t first_event;
} LaneBuild;

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  void *q = realloc(*p, c * elem);
  if (!q)
    return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* Arrays are allocated at their final size (or a bound on it), never grown. */
static void add_arrow(WeftLaneModel *m, WeftArrowKind k, uint32_t src, uint32_t dst) {
  if (m->arrows[k].n < m->arrows[k].cap)
    m->arrows[k].v[m->arrows[k].n++] = (WeftArrow){src, dst};
}

/* Stores time i of t (all times after i are gone). */
static int times_set(WeftTimes *tt, TimesBuild *b, size_t i, uint64_t t) {
  size_t blk = i >> WEFT_TIMES_SHIFT, in = i & (WEFT_TIMES_BLOCK - 1);
  if (!in) {
    tt->base[blk] = t;
    tt->off[i] = 0;
    return 0;
  }
  uint64_t base = tt->base[blk];
  if (base & WEFT_TIMES_WIDE) {
    tt->wide[(base & ~WEFT_TIMES_WIDE) + in] = t;
    return 0;
  }
  if (t >= base && t - base <= UINT32_MAX) {
    tt->off[i] = (uint32_t)(t - base);
    return 0;
  }
  /* More than 4.3 s since the block began: the block goes wide. */
  if (grow((void **)&tt->wide, &b->wide_cap, b->nwide + WEFT_TIMES_BLOCK, sizeof(uint64_t)))
    return -1;
  size_t at = b->nwide, first = blk << WEFT_TIMES_SHIFT;
  b->nwide += WEFT_TIMES_BLOCK;
  for (size_t j = first; j < i; j++)
    tt->wide[at + (j - first)] = base + tt->off[j];
  tt->wide[at + in] = t;
  tt->base[blk] = WEFT_TIMES_WIDE | at;
  return 0;
}

/* Room for n times (pages not written are not resident). */
static int times_alloc(WeftTimes *tt, size_t n) {
  tt->off = malloc((n ? n : 1) * sizeof *tt->off);
  tt->base = malloc(((n >> WEFT_TIMES_SHIFT) + 1) * sizeof *tt->base);
  return tt->off && tt->base ? 0 : -1;
}

/* Gives back the room above n times. */
static void times_shrink(WeftTimes *tt, const TimesBuild *b, size_t n) {
  void *p;
  if ((p = realloc(tt->off, (n ? n : 1) * sizeof *tt->off)))
    tt->off = p;
  if ((p = realloc(tt->base, ((n >> WEFT_TIMES_SHIFT) + 1) * sizeof *tt->base)))
    tt->base = p;
  if (b->nwide && (p = realloc(tt->wide, b->nwide * sizeof *tt->wide)))
    tt->wide = p;
}

static void times_free(WeftTimes *tt) {
  free(tt->off);
  free(tt->base);
  free(tt->wide);
}

static void push_segment(WeftLane *l, LaneBuild *b, uint64_t t, int state) {
  if (b->state == state)
    return;
  b->state = state;
  if (l->nsegs && weft_lane_seg_start(l, l->nsegs - 1) == t) {
    /* zero-length: the later state wins, and may rejoin the one before */
    l->nsegs--;
    if (l->nsegs && l->seg_state[l->nsegs - 1] == state)
      return;
  }
  if (l->nsegs >= b->cap || times_set(&l->seg, &b->seg, l->nsegs, t))
    return; /* cannot happen (capacity is the lane's event count), or out of memory */
  l->seg_state[l->nsegs] = (uint8_t)state;
  l->nsegs++;
}

/* Message id -> event index, open addressing, sized for the messages in
 * flight (sent and not yet received, or the other way round), not for all. */
typedef struct {
  uint64_t *keys; /* 0: empty, UINT64_MAX: a tombstone */
  uint32_t *vals;
  size_t mask;
  size_t used, live; /* used: live entries and tombstones */
} MsgTable;

static size_t msg_hash(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (size_t)k;
}

static int msg_init(MsgTable *t, size_t size) {
  uint64_t *keys = calloc(size, sizeof *keys);
  uint32_t *vals = malloc(size * sizeof *vals);
  if (!keys || !vals) {
    free(keys), free(vals);
    return -1;
  }
  MsgTable old = *t;
  *t = (MsgTable){keys, vals, size - 1, 0, 0};
  for (size_t i = 0; old.keys && i <= old.mask; i++)
    if (old.keys[i] && old.keys[i] != UINT64_MAX) {
      size_t j = msg_hash(old.keys[i]) & t->mask;
      while (t->keys[j])
        j = (j + 1) & t->mask;
      t->keys[j] = old.keys[i];
      t->vals[j] = old.vals[i];
      t->used++, t->live++;
    }
  free(old.keys), free(old.vals);
  return 0;
}

static void msg_free(MsgTable *t) {
  free(t->keys), free(t->vals);
  t->keys = NULL, t->vals = NULL;
}

/* Finds key; if absent inserts val and returns UINT32_MAX. If present, removes
 * it (a tombstone keeps probing correct) and returns its value. */
static uint32_t msg_match(MsgTable *t, uint64_t key, uint32_t val) {
  size_t i = msg_hash(key) & t->mask;
  size_t free_slot = SIZE_MAX;
  for (;; i = (i + 1) & t->mask) {
    if (t->keys[i] == key) {
      uint32_t v = t->vals[i];
      t->keys[i] = UINT64_MAX; /* tombstone */
      t->live--;
      return v;
    }
    if (t->keys[i] == UINT64_MAX && free_slot == SIZE_MAX)
      free_slot = i;
    if (t->keys[i] == 0)
      break;
  }
  if (free_slot == SIZE_MAX) {
    if ((t->used + 1) * 2 > t->mask + 1) { /* full of live ones or tombstones: rehash */
      size_t size = 64;
      while (size < (t->live + 1) * 4)
        size *= 2;
      if (msg_init(t, size))
        return UINT32_MAX; /* out of memory: this message gets no arrow */
      return msg_match(t, key, val);
    }
    free_slot = i;
    t->used++;
  }
  t->keys[free_slot] = key;
  t->vals[free_slot] = val;
  t->live++;
  return UINT32_MAX;
}

/* Segments m << (PYR_SHIFT + k) ... make node m of pyramid level k: below
 * that, segments are visited one by one (at most 2 * 2^PYR_SHIFT a call). */
#define PYR_SHIFT 3

static uint16_t pack_share(unsigned state, double v, double total) {
  unsigned share = total > 0 ? (unsigned)(v / total * 255 + 0.5) : 255;
  return (uint16_t)(state << 8 | (share > 255 ? 255 : share));
}

static void build_pyramid(WeftLane *l) {
  size_t n = l->nsegs;
  unsigned levels = 0;
  while (((size_t)1 << (PYR_SHIFT + levels)) <= n)
    levels++;
  if (!levels)
    return;
  l->level = calloc(levels, sizeof *l->level);
  if (!l->level)
    return;
  for (unsigned k = 0; k < levels; k++) {
    size_t group = (size_t)1 << (PYR_SHIFT + k), count = (n + group - 1) / group;
    uint16_t *lv = malloc(count * sizeof *lv);
    if (!lv)
      break;
    l->level[k] = lv;
    l->nlevels = k + 1;
    for (size_t g = 0; g < count; g++) {
      size_t a = g * group, e = a + group < n ? a + group : n;
      if (k == 0) {
        double votes[WEFT_STATE_COUNT] = {0};
        uint64_t prev = weft_lane_seg_start(l, a);
        for (size_t i = a; i < e; i++) {
          uint64_t next = weft_lane_seg_start(l, i + 1);
          votes[l->seg_state[i]] += (double)(next - prev);
          prev = next;
        }
        unsigned best = l->seg_state[a];
        for (unsigned st = 0; st < WEFT_STATE_COUNT; st++)
          if (votes[st] > votes[best])
            best = st;
        lv[g] = pack_share(best, votes[best],
                           (double)(prev - weft_lane_seg_start(l, a)));
        continue;
      }
      size_t mid = a + group / 2;
      uint16_t c0 = l->level[k - 1][2 * g];
      uint16_t c1 = mid < n ? l->level[k - 1][2 * g + 1] : c0;
      unsigned s0 = c0 >> 8, sh0 = c0 & 255, s1 = c1 >> 8, sh1 = c1 & 255;
      uint64_t ta = weft_lane_seg_start(l, a), tm = weft_lane_seg_start(l, mid < n ? mid : n);
      double span0 = (double)(tm - ta);
      double span1 = mid < n ? (double)(weft_lane_seg_start(l, e) - tm) : 0;
      double v0 = span0 * sh0, v1 = span1 * sh1, total = span0 + span1;
      unsigned st = s0;
      double v = v0;
      if (s1 == s0)
        v = v0 + v1;
      else if (v1 > v0)
        st = s1, v = v1;
      lv[g] = pack_share(st, v / 255, total);
    }
  }
}

static uint16_t pack_vote(const double *votes, double total) {
  unsigned best = 0;
  for (unsigned st = 1; st < WEFT_STATE_COUNT; st++)
    if (votes[st] > votes[best])
      best = st;
  unsigned share = total > 0 ? (unsigned)(votes[best] / total * 255 + 0.5) : 0;
  return (uint16_t)(best << 8 | (share > 255 ? 255 : share));
}

/* The time summary: about one level-0 bucket per 8 segments. */
static void build_mip(WeftLane *l) {
  size_t n = l->nsegs;
  if (n < 256)
    return;
  size_t count = 1;
  while (count < n / 8 && count < 65536)
    count *= 2;
  double start = (double)weft_lane_seg_start(l, 0), end = (double)weft_lane_seg_start(l, n);
  if (end <= start)
    return;
  double w0 = (end - start) / (double)count;
  unsigned levels = 1;
  while (((size_t)1 << levels) < count)
    levels++;
  l->mip = calloc(levels, sizeof *l->mip);
  if (!l->mip)
    return;
  l->mip[0] = malloc(count * sizeof **l->mip);
  if (!l->mip[0]) {
    free(l->mip);
    l->mip = NULL;
    return;
  }
  size_t seg = 0;
  for (size_t b = 0; b < count; b++) {
    double bs = start + (double)b * w0, be = bs + w0;
    double votes[WEFT_STATE_COUNT] = {0};
    while (seg + 1 < n && (double)weft_lane_seg_start(l, seg + 1) <= bs)
      seg++;
    double sk = (double)weft_lane_seg_start(l, seg);
    for (size_t k = seg; k < n && sk < be; k++) {
      double sn = (double)weft_lane_seg_start(l, k + 1);
      double a = sk > bs ? sk : bs, e = sn < be ? sn : be;
      if (e > a)
        votes[l->seg_state[k]] += e - a;
      sk = sn;
    }
    l->mip[0][b] = pack_vote(votes, w0);
  }
  l->mip_levels = 1;
  for (unsigned k = 1; k < levels; k++) {
    size_t c = count >> k;
    l->mip[k] = malloc(c * sizeof **l->mip);
    if (!l->mip[k])
      break;
    for (size_t b = 0; b < c; b++) {
      double votes[WEFT_STATE_COUNT] = {0};
      uint16_t x = l->mip[k - 1][2 * b], y = l->mip[k - 1][2 * b + 1];
      votes[x >> 8] += (x & 255);
      votes[y >> 8] += (y & 255);
      l->mip[k][b] = pack_vote(votes, 510);
    }
    l->mip_levels = k + 1;
  }
  l->mip_start = start;
  l->mip_w0 = w0;
  l->mip_count0 = count;
}

/* Arrows of one kind in source order, sorted in place: an American flag
 * sort on the sources' high 16 bits (swaps, no copy), then each bucket by
 * the low 16 bits, two counting passes through a copy of that bucket only
 * (a bucket is the arrows from 65536 events, 17 K here): the build's peak
 * does not grow by a copy of the array. */
/* Scratch that goes back to the system when freed (freed heap memory can
 * stay resident, and count after the open). */
static void *scratch_alloc(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void scratch_free(void *p, size_t size) {
  if (p)
    munmap(p, size);
}

static int sort_arrows(WeftLaneModel *m, unsigned k, size_t *bucket) {
  WeftArrow *v = m->arrows[k].v;
  size_t n = m->arrows[k].n;
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; i++)
    sorted = v[i].src >= v[i - 1].src;
  if (sorted)
    return 0;
  size_t *next = bucket + 65537;
  memset(bucket, 0, 65537 * sizeof *bucket);
  for (size_t i = 0; i < n; i++)
    bucket[(v[i].src >> 16) + 1]++;
  for (size_t d = 1; d <= 65536; d++)
    bucket[d] += bucket[d - 1]; /* bucket d is [bucket[d], bucket[d + 1]) */
  memcpy(next, bucket, 65536 * sizeof *next);
  size_t biggest = 0;
  for (size_t d = 0; d < 65536; d++) {
    size_t end = bucket[d + 1];
    if (end - bucket[d] > biggest)
      biggest = end - bucket[d];
    while (next[d] < end) {
      WeftArrow x = v[next[d]];
      size_t to = x.src >> 16;
      while (to != d) { /* carry it to its bucket, and take what was there */
        WeftArrow y = v[next[to]];
        v[next[to]++] = x;
        x = y;
        to = x.src >> 16;
      }
      v[next[d]++] = x;
    }
  }
  size_t tmp_size = (biggest ? biggest : 1) * sizeof(WeftArrow);
  WeftArrow *tmp = scratch_alloc(tmp_size);
  if (!tmp)
    return -1;
  size_t count[257];
  for (size_t d = 0; d < 65536; d++) {
    WeftArrow *b = v + bucket[d];
    size_t len = bucket[d + 1] - bucket[d];
    if (len < 2)
      continue;
    for (unsigned shift = 0; shift < 16; shift += 8) { /* stable: v -> tmp -> v */
      WeftArrow *from = shift ? tmp : b, *to = shift ? b : tmp;
      memset(count, 0, sizeof count);
      for (size_t i = 0; i < len; i++)
        count[((from[i].src >> shift) & 255) + 1]++;
      for (size_t c = 1; c <= 256; c++)
        count[c] += count[c - 1];
      for (size_t i = 0; i < len; i++)
        to[count[(from[i].src >> shift) & 255]++] = from[i];
    }
  }
  scratch_free(tmp, tmp_size);
  return 0;
}

#define ARROW_SHIFT 5 /* blocks of 32 arrows */
#define BUCKET_SIZE ((65537 + 65536) * sizeof(size_t))

static int u64_cmp(const void *a, const void *b) {
  const uint64_t *x = a, *y = b;
  return *x < *y ? -1 : *x > *y;
}

/* The tree of latest destinations, and the reversed arrows by destination. */
static int index_arrows(WeftLaneModel *m, unsigned k) {
  const WeftArrow *v = m->arrows[k].v;
  size_t n = m->arrows[k].n;
  if (!n)
    return 0;
  size_t total = 0, c = ((n - 1) >> ARROW_SHIFT) + 1;
  unsigned levels = 0;
  for (;;) {
    m->arrows[k].mx_off[levels] = total;
    m->arrows[k].mx_count[levels] = c;
    total += c;
    levels++;
    if (c == 1)
      break;
    c = (c + 1) / 2;
  }
  uint32_t *mx = m->arrows[k].mx = malloc(total * sizeof *mx);
  if (!mx)
    return -1;
  m->arrows[k].mx_levels = levels;
  size_t nrev = 0;
  for (size_t b = 0; b < m->arrows[k].mx_count[0]; b++) {
    uint32_t best = 0;
    for (size_t i = b << ARROW_SHIFT; i < n && i < (b + 1) << ARROW_SHIFT; i++) {
      if (v[i].dst > best)
        best = v[i].dst;
      nrev += v[i].dst < v[i].src;
    }
    mx[b] = best;
  }
  for (unsigned l = 1; l < levels; l++) {
    uint32_t *up = mx + m->arrows[k].mx_off[l];
    const uint32_t *down = mx + m->arrows[k].mx_off[l - 1];
    size_t nd = m->arrows[k].mx_count[l - 1];
    for (size_t i = 0; i < m->arrows[k].mx_count[l]; i++)
      up[i] = 2 * i + 1 < nd && down[2 * i + 1] > down[2 * i] ? down[2 * i + 1] : down[2 * i];
  }
  if (nrev) {
    uint64_t *keys = malloc(nrev * sizeof *keys);
    m->arrows[k].rev = malloc(nrev * sizeof *m->arrows[k].rev);
    if (!keys || !m->arrows[k].rev) {
      free(keys);
      return -1;
    }
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
      if (v[i].dst < v[i].src)
        keys[r++] = (uint64_t)v[i].dst << 32 | i;
    qsort(keys, nrev, sizeof *keys, u64_cmp);
    for (size_t i = 0; i < nrev; i++)
      m->arrows[k].rev[i] = (uint32_t)keys[i];
    m->arrows[k].nrev = nrev;
    free(keys);
  }
  return 0;
}

static int long_region_cmp(const void *a, const void *b) {
  const WeftLongRegion *x = a, *y = b;
  return x->region < y->region ? -1 : x->region > y->region;
}

static int lane_order_cmp(const void *a, const void *b) {
  const uint64_t *x = a, *y = b;
  return *x < *y ? -1 : *x > *y;
}

WeftLaneModel *weft_lane_model_new(const WeftTrace *trace, WeftProgressFunc progress,
                                   void *data) {
  WeftLaneModel *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  m->trace = trace;
  m->events = weft_trace_events(trace, &m->nevents);
  m->world = weft_replay_cache_new(trace);
  pthread_mutex_init(&m->world_lock, NULL);
  m->duration = weft_trace_info(trace)->duration;
  size_t nthreads;
  const WeftThread *threads = weft_trace_threads(trace, &nthreads);
  for (size_t i = 0; i < nthreads; i++)
    if (threads[i].id > m->max_tid)
      m->max_tid = threads[i].id;
  size_t nobj;
  const WeftObject *objs = weft_trace_objects(trace, &nobj);
  for (size_t i = 0; i < nobj; i++)
    if (objs[i].id > m->max_object)
      m->max_object = objs[i].id;

  /* Build-time scratch, all freed before the summaries are built. */
  LaneBuild *lb = NULL;
  MsgTable msgs = {0};
  uint32_t *last_release = NULL, *last_signal = NULL, *create_ev = NULL, *end_ev = NULL;
  uint8_t *signal_used = NULL;
  uint64_t *order = NULL;
  size_t *bucket = NULL;
  size_t nproc = 0;
  const WeftProcess *procs = NULL;

  /* Count events and regions per thread, and bound the arrows of each
   * kind, so that every array is allocated once at its final size (or
   * above it, and shrunk): grown arrays leave their old copies in the heap. */
  size_t ntidslots = (size_t)m->max_tid + 1;
  size_t *count = calloc(ntidslots * 2, sizeof *count), *nreg = count + ntidslots;
  m->lane_of_tid = malloc(ntidslots * sizeof *m->lane_of_tid);
  size_t bound[WEFT_ARROW_KIND_COUNT] = {0}, nsend = 0, nrecv = 0;
  if (!count || !m->lane_of_tid)
    goto fail;
  for (size_t i = 0; i < m->nevents; i++) {
    const WeftEvent *e = &m->events[i];
    if (e->thread <= m->max_tid) {
      count[e->thread]++;
      nreg[e->thread] += e->type == WEFT_EV_REGION_BEGIN;
    }
    switch (e->type) {
    case WEFT_EV_CHAN_SEND: nsend += e->arg != 0; break;
    case WEFT_EV_CHAN_RECV: nrecv += e->arg != 0; break;
    case WEFT_EV_LOCK_ACQUIRE: bound[WEFT_ARROW_LOCK]++; break;
    case WEFT_EV_COND_WAKE:
      bound[WEFT_ARROW_LOCK]++;
      bound[WEFT_ARROW_SIGNAL]++;
      break;
    case WEFT_EV_JOIN_END: bound[WEFT_ARROW_JOIN]++; break;
    default: break;
    }
    if (e->object > m->max_object && e->object < 0x10000000)
      m->max_object = e->object;
  }
  bound[WEFT_ARROW_CHANNEL] = nsend < nrecv ? nsend : nrecv;
  bound[WEFT_ARROW_CREATE] = nthreads;
  procs = weft_trace_processes(trace, &nproc);
  bound[WEFT_ARROW_JOIN] += nproc; /* a child's end -> the wait that reaped it */
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    m->arrows[k].v = malloc((bound[k] ? bound[k] : 1) * sizeof(WeftArrow));
    m->arrows[k].cap = bound[k];
    if (!m->arrows[k].v)
      goto fail;
  }

  /* Lanes in creation order. */
  order = malloc((nthreads ? nthreads : 1) * sizeof *order);
  if (!order)
    goto fail;
  for (size_t i = 0; i < nthreads; i++) {
    uint64_t key = threads[i].create_event != UINT32_MAX
                       ? threads[i].create_event
                       : weft_lane_model_event_at_time(m, threads[i].start_time);
    /* a family's processes one after another, each a group of lanes */
    uint64_t proc = threads[i].process < 4096 ? threads[i].process : 4095;
    order[i] = proc << 52 | key << 20 | i; /* thread count stays far below 2^20 */
  }
  qsort(order, nthreads, sizeof *order, lane_order_cmp);
  m->lanes = calloc(nthreads ? nthreads : 1, sizeof *m->lanes);
  lb = calloc(nthreads ? nthreads : 1, sizeof *lb);
  if (!m->lanes || !lb)
    goto fail;
  for (size_t i = 0; i <= m->max_tid; i++)
    m->lane_of_tid[i] = -1;
  m->nlanes = nthreads;
  for (size_t k = 0; k < nthreads; k++) {
    const WeftThread *th = &threads[order[k] & 0xfffff];
    WeftLane *l = &m->lanes[k];
    l->thread = th;
    l->tid = th->id;
    l->deadlock_from = UINT64_MAX;
    m->lane_of_tid[th->id] = (int32_t)k;
    size_t cap = count[th->id] + 1;
    lb[k].cap = cap;
    lb[k].state = -1;
    /* Pages not written are not resident: only what the segments use is. */
    l->seg_state = malloc(cap);
    if (times_alloc(&l->seg, cap + 1) || !l->seg_state)
      goto fail;
    if (nreg[th->id]) {
      size_t nr = nreg[th->id];
      l->regions = malloc(nr * sizeof *l->regions);
      l->region_depth = malloc(nr);
      if (!l->regions || !l->region_depth || times_alloc(&l->region_start, nr))
        goto fail;
      lb[k].regions_cap = nr;
    }
  }
  free(order);
  order = NULL;

  size_t nd;
  const WeftDeadlock *rd = weft_trace_deadlocks(trace, &nd);
  if (nd) {
    m->deadlocks = calloc(nd, sizeof *m->deadlocks);
    if (!m->deadlocks)
      goto fail;
    m->ndeadlocks = nd;
    for (size_t d = 0; d < nd; d++)
      m->deadlocks[d] = (WeftLaneDeadlock){
          (uint32_t)weft_lane_model_event_at_time(m, rd[d].time), rd[d].kind, rd[d].nthreads,
          rd[d].nobjects, rd[d].threads, rd[d].objects};
  }
  size_t nobjslots = (size_t)m->max_object + 1;
  last_release = malloc(nobjslots * sizeof *last_release);
  last_signal = malloc(nobjslots * sizeof *last_signal);
  signal_used = calloc(nobjslots, 1);
  create_ev = malloc(ntidslots * sizeof *create_ev);
  end_ev = malloc(ntidslots * sizeof *end_ev);
  if (msg_init(&msgs, 64) || !last_release || !last_signal || !signal_used || !create_ev ||
      !end_ev)
    goto fail;
  memset(last_release, 0xff, nobjslots * sizeof *last_release);
  memset(last_signal, 0xff, nobjslots * sizeof *last_signal);
  memset(create_ev, 0xff, ntidslots * sizeof *create_ev);
  memset(end_ev, 0xff, ntidslots * sizeof *end_ev);
  for (size_t p = 1; p < nproc; p++) /* a child's first lane starts from its parent's fork */
    if (procs[p].main_thread <= m->max_tid && procs[p].fork_event < m->nevents)
      create_ev[procs[p].main_thread] = procs[p].fork_event;

  for (size_t i = 0; i < m->nevents; i++) {
    if (progress && (i & 0xffff) == 0 && !progress(0.85 * (double)i / (double)m->nevents, data))
      goto fail;
    const WeftEvent *e = &m->events[i];
    uint32_t ev = (uint32_t)i;
    /* A dump is one process-level event per thread, all at the dump's time. */
    if (e->type == WEFT_EV_DUMP &&
        (!m->ndumps || m->events[m->dumps[m->ndumps - 1]].time != e->time) &&
        !grow((void **)&m->dumps, &m->dumps_cap, m->ndumps + 1, sizeof *m->dumps))
      m->dumps[m->ndumps++] = ev;
    if (e->type == WEFT_EV_EXEC &&
        !grow((void **)&m->execs, &m->execs_cap, m->nexecs + 1, sizeof *m->execs))
      m->execs[m->nexecs++] = ev;
    int li = e->thread <= m->max_tid ? m->lane_of_tid[e->thread] : -1;
    if (li < 0)
      continue;
    WeftLane *l = &m->lanes[li];
    LaneBuild *b = &lb[li];
    if (b->state < 0) {
      l->start_time = e->time;
      b->first_event = ev;
      if (create_ev[e->thread] != UINT32_MAX)
        add_arrow(m, WEFT_ARROW_CREATE, create_ev[e->thread], ev);
    }
    if (e->type == WEFT_EV_THREAD_END) {
      l->ended = true;
      l->end_time = e->time;
      end_ev[e->thread] = ev;
      continue;
    }
    if (l->ended)
      continue;
    int st = weft_event_state(trace, e);
    if (st < 0 && b->state < 0)
      st = WEFT_STATE_RUNNING;
    /* A channel op completes only the wait of its own kind: inside a select,
     * the select state lasts until SELECT_END. */
    if ((e->type == WEFT_EV_CHAN_SEND && b->state == WEFT_STATE_CHAN_SEND) ||
        (e->type == WEFT_EV_CHAN_RECV && b->state == WEFT_STATE_CHAN_RECV))
      st = WEFT_STATE_RUNNING;
    if (st >= 0)
      push_segment(l, b, e->time, st);
    switch (e->type) {
    /* Not WEFT_EV_SPAWN: the reader replaces its arg (the child) with the
     * id of its blob (the name), and a THREAD_CREATE follows it anyway. */
    case WEFT_EV_THREAD_CREATE:
      if (e->arg <= m->max_tid && e->arg) {
        int child = m->lane_of_tid[e->arg];
        if (child >= 0 && lb[child].state >= 0) /* started first: link to its start */
          add_arrow(m, WEFT_ARROW_CREATE, ev, lb[child].first_event);
        else
          create_ev[e->arg] = ev;
      }
      break;
    case WEFT_EV_CHAN_SEND:
    case WEFT_EV_CHAN_RECV:
      if (e->arg) {
        uint32_t other = msg_match(&msgs, e->arg, ev);
        if (other != UINT32_MAX) {
          if (e->type == WEFT_EV_CHAN_RECV)
            add_arrow(m, WEFT_ARROW_CHANNEL, other, ev);
          else
            add_arrow(m, WEFT_ARROW_CHANNEL, ev, other);
        }
      }
      break;
    case WEFT_EV_LOCK_RELEASE:
      if (e->object < nobjslots)
        last_release[e->object] = ev;
      break;
    case WEFT_EV_LOCK_ACQUIRE:
      if (e->object < nobjslots && last_release[e->object] != UINT32_MAX) {
        uint32_t r = last_release[e->object];
        if (m->events[r].thread != e->thread)
          add_arrow(m, WEFT_ARROW_LOCK, r, ev);
        last_release[e->object] = UINT32_MAX;
      }
      break;
    case WEFT_EV_COND_WAIT: /* releases its mutex (arg) */
      b->cond_wait_start = e->time;
      if (e->arg && e->arg < nobjslots)
        last_release[e->arg] = ev;
      break;
    case WEFT_EV_COND_SIGNAL:
    case WEFT_EV_COND_BROADCAST:
      if (e->object < nobjslots) {
        last_signal[e->object] = ev;
        signal_used[e->object] = 0;
      }
      break;
    case WEFT_EV_COND_WAKE: /* holds its mutex (arg) again */
      if (e->arg && e->arg < nobjslots && last_release[e->arg] != UINT32_MAX) {
        uint32_t r = last_release[e->arg];
        if (m->events[r].thread != e->thread)
          add_arrow(m, WEFT_ARROW_LOCK, r, ev);
        last_release[e->arg] = UINT32_MAX;
      }
      if (e->object < nobjslots && last_signal[e->object] != UINT32_MAX) {
        const WeftEvent *s = &m->events[last_signal[e->object]];
        if (s->time >= b->cond_wait_start &&
            (s->type == WEFT_EV_COND_BROADCAST || !signal_used[e->object])) {
          add_arrow(m, WEFT_ARROW_SIGNAL, last_signal[e->object], ev);
          signal_used[e->object] = 1;
        }
      }
      break;
    case WEFT_EV_JOIN_END:
      if (e->arg && e->arg <= m->max_tid && end_ev[e->arg] != UINT32_MAX)
        add_arrow(m, WEFT_ARROW_JOIN, end_ev[e->arg], ev);
      break;
    case WEFT_EV_REGION_BEGIN:
      if (l->nregions < b->regions_cap &&
          !grow((void **)&b->open, &b->open_cap, b->nopen + 1, sizeof(uint32_t)) &&
          !times_set(&l->region_start, &b->region_start, l->nregions, e->time)) {
        l->regions[l->nregions] = (WeftRegion){ev, WEFT_REGION_LONG};
        l->region_depth[l->nregions] = (uint8_t)(b->nopen < 255 ? b->nopen : 255);
        if (b->nopen + 1 > l->max_depth)
          l->max_depth = (uint16_t)(b->nopen + 1);
        b->open[b->nopen++] = (uint32_t)l->nregions++;
      }
      break;
    case WEFT_EV_REGION_END:
      if (b->nopen) {
        uint32_t r = b->open[--b->nopen];
        uint64_t len = e->time - weft_lane_region_start(l, r);
        if (len < WEFT_REGION_LONG)
          l->regions[r].len = (uint32_t)len;
        else if (!grow((void **)&l->long_regions, &b->long_cap, l->nlong_regions + 1,
                       sizeof *l->long_regions))
          l->long_regions[l->nlong_regions++] = (WeftLongRegion){r, e->time};
      }
      break;
    case WEFT_EV_DEADLOCK: /* its stack is the reader's deadlock index + 1 */
      if (e->stack && e->stack <= m->ndeadlocks)
        m->deadlocks[e->stack - 1].event = ev;
      break;
    default:
      break;
    }
  }
  for (size_t p = 1; p < nproc; p++)
    if (procs[p].end_event < m->nevents && procs[p].reap_event < m->nevents)
      add_arrow(m, WEFT_ARROW_JOIN, procs[p].end_event, procs[p].reap_event);
  msg_free(&msgs);
  free(last_release), free(last_signal), free(signal_used), free(create_ev), free(end_ev);
  last_release = last_signal = create_ev = end_ev = NULL;
  signal_used = NULL;

  for (size_t k = 0; k < m->nlanes; k++) {
    WeftLane *l = &m->lanes[k];
    if (!l->ended)
      l->end_time = m->duration;
    if (l->end_time < l->start_time)
      l->end_time = l->start_time;
    if (l->nlong_regions > 1) /* ended in end order: sort them by region */
      qsort(l->long_regions, l->nlong_regions, sizeof *l->long_regions, long_region_cmp);
    for (size_t r = 0; r < l->nregions; r++) {
      uint64_t len = weft_lane_region_end(l, r) - weft_lane_region_start(l, r);
      if (len > l->region_max_len)
        l->region_max_len = len;
    }
    if (l->nregions)
      times_shrink(&l->region_start, &lb[k].region_start, l->nregions);
    free(lb[k].open);
    lb[k].open = NULL;
    if (times_set(&l->seg, &lb[k].seg, l->nsegs, l->end_time))
      goto fail;
    /* Give back what the exact-count allocation did not use. */
    size_t n = l->nsegs ? l->nsegs : 1;
    void *p;
    times_shrink(&l->seg, &lb[k].seg, l->nsegs + 1);
    if ((p = realloc(l->seg_state, n)))
      l->seg_state = p;
    for (size_t s = 0; s < l->nsegs; s++)
      m->states_used |= 1u << l->seg_state[s];
  }
  free(lb);
  lb = NULL;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    void *p = realloc(m->arrows[k].v, (m->arrows[k].n ? m->arrows[k].n : 1) * sizeof(WeftArrow));
    if (p)
      m->arrows[k].v = p;
    m->arrows[k].cap = m->arrows[k].n;
  }

  /* Deadlocked threads: red from their last wait. */
  for (size_t d = 0; d < m->ndeadlocks; d++) {
    const WeftLaneDeadlock *dl = &m->deadlocks[d];
    uint64_t t = m->events[dl->event].time;
    for (size_t i = 0; i < dl->nthreads; i++) {
      int li = weft_lane_model_lane_of(m, dl->threads[i]);
      if (li < 0)
        continue;
      WeftLane *l = &m->lanes[li];
      ptrdiff_t s = weft_lane_segment_at(l, t);
      if (s >= 0 && (size_t)s + 1 < l->nsegs && l->seg_state[s] == WEFT_STATE_RUNNING)
        s++; /* its wait began just after the detector spoke */
      while (s > 0 && l->seg_state[s] == WEFT_STATE_RUNNING)
        s--;
      uint64_t from = s >= 0 ? weft_lane_seg_start(l, (size_t)s) : t;
      if (from < l->deadlock_from)
        l->deadlock_from = from;
    }
  }

  if (progress && !progress(0.9, data))
    goto fail;
  /* Sources in time order: events are in time order, so sort by source
   * event index, a radix sort on 32-bit keys of a permutation (skipped when
   * already sorted), applied in place; then the tree of destinations. */
  bucket = scratch_alloc(BUCKET_SIZE); /* counts, then where each bucket goes */
  if (!bucket)
    goto fail;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    if (sort_arrows(m, k, bucket) || index_arrows(m, k))
      goto fail;
  scratch_free(bucket, BUCKET_SIZE);
  bucket = NULL;

  if (progress && !progress(0.95, data))
    goto fail;
  /* The summaries, last: the scratch above is gone. */
  for (size_t k = 0; k < m->nlanes; k++) {
    build_pyramid(&m->lanes[k]);
    build_mip(&m->lanes[k]);
  }
  free(count);
  if (progress)
    progress(1.0, data);
  return m;

fail:
  if (lb)
    for (size_t k = 0; k < m->nlanes; k++)
      free(lb[k].open);
  free(lb), free(order);
  scratch_free(bucket, BUCKET_SIZE);
  for (size_t p = 1; p < nproc; p++)
    if (procs[p].end_event < m->nevents && procs[p].reap_event < m->nevents)
      add_arrow(m, WEFT_ARROW_JOIN, procs[p].end_event, procs[p].reap_event);
  msg_free(&msgs);
  free(last_release), free(last_signal), free(signal_used), free(create_ev), free(end_ev);
  free(count);
  weft_lane_model_free(m);
  return NULL;
}

void weft_lane_model_free(WeftLaneModel *m) {
  if (!m)
    return;
  for (size_t k = 0; k < m->nlanes; k++) {
    WeftLane *l = &m->lanes[k];
    times_free(&l->seg);
    times_free(&l->region_start);
    free(l->region_depth);
    free(l->long_regions);
    free(l->seg_state);
    for (unsigned i = 0; i < l->nlevels; i++)
      free(l->level[i]);
    free(l->level);
    for (unsigned i = 0; i < l->mip_levels; i++)
      free(l->mip[i]);
    free(l->mip);
    free(l->regions);
  }
  free(m->lanes);
  free(m->lane_of_tid);
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++) {
    free(m->arrows[k].v);
    free(m->arrows[k].mx);
    free(m->arrows[k].rev);
  }
  free(m->deadlocks);
  weft_lane_misuse_marks_free(m->misuse);
  weft_replay_cache_free(m->world);
  pthread_mutex_destroy(&m->world_lock);
  free(m->dumps);
  free(m->execs);
  free(m);
}

/* ---- queries ---- */

const WeftTrace *weft_lane_model_trace(const WeftLaneModel *m) { return m->trace; }
uint64_t weft_lane_model_duration(const WeftLaneModel *m) { return m->duration; }
uint64_t weft_lane_model_first_time(const WeftLaneModel *m) {
  return m->nevents ? m->events[0].time : 0;
}

void weft_lane_model_fit(const WeftLaneModel *m, double *t0, double *t1) {
  double a = (double)weft_lane_model_first_time(m), b = (double)m->duration;
  double margin = (b - a) * 0.02;
  if (margin <= 0)
    margin = 500;
  *t0 = a - margin > 0 ? a - margin : 0;
  *t1 = b + margin;
}
size_t weft_lane_model_lane_count(const WeftLaneModel *m) { return m->nlanes; }
unsigned weft_lane_model_states_used(const WeftLaneModel *m) { return m->states_used; }
size_t weft_lane_model_deadlock_count(const WeftLaneModel *m) { return m->ndeadlocks; }

const WeftLane *weft_lane_model_lane(const WeftLaneModel *m, size_t i) {
  return i < m->nlanes ? &m->lanes[i] : NULL;
}

int weft_lane_model_lane_of(const WeftLaneModel *m, uint32_t tid) {
  return tid <= m->max_tid ? m->lane_of_tid[tid] : -1;
}

unsigned weft_lane_model_arrows_used(const WeftLaneModel *m) {
  unsigned mask = 0;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT; k++)
    if (m->arrows[k].n)
      mask |= 1u << k;
  return mask;
}

size_t weft_lane_model_exec_count(const WeftLaneModel *m) { return m->nexecs; }

const WeftEvent *weft_lane_model_exec(const WeftLaneModel *m, size_t i) {
  return i < m->nexecs ? &m->events[m->execs[i]] : NULL;
}

size_t weft_lane_model_dump_count(const WeftLaneModel *m) { return m->ndumps; }

const WeftEvent *weft_lane_model_dump(const WeftLaneModel *m, size_t i) {
  return i < m->ndumps ? &m->events[m->dumps[i]] : NULL;
}

const WeftLaneDeadlock *weft_lane_model_deadlock(const WeftLaneModel *m, size_t i) {
  return i < m->ndeadlocks ? &m->deadlocks[i] : NULL;
}

const WeftArrow *weft_lane_model_arrows(const WeftLaneModel *m, WeftArrowKind kind, size_t *n) {
  *n = m->arrows[kind].n;
  return m->arrows[kind].v;
}

size_t weft_lane_model_arrows_from(const WeftLaneModel *m, WeftArrowKind kind, uint32_t ev,
                                   size_t from) {
  const WeftArrow *v = m->arrows[kind].v;
  size_t n = m->arrows[kind].n, lo = from < n ? from : n, hi = lo, step = 1;
  while (hi < n && v[hi].src < ev) { /* gallop, then bisect */
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n)
    hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid].src < ev)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static size_t across(const WeftLaneModel *m, unsigned k, unsigned level, size_t node,
                     size_t nsrc, uint32_t at, uint32_t until, uint32_t *out, size_t n,
                     size_t max) {
  size_t first = node << (ARROW_SHIFT + level);
  if (n >= max || first >= nsrc || m->arrows[k].mx[m->arrows[k].mx_off[level] + node] < at)
    return n;
  if (level == 0) {
    const WeftArrow *v = m->arrows[k].v;
    for (size_t i = first; i < nsrc && i < first + ((size_t)1 << ARROW_SHIFT) && n < max; i++)
      if (v[i].dst >= at && v[i].dst < until)
        out[n++] = (uint32_t)i;
    return n;
  }
  n = across(m, k, level - 1, 2 * node, nsrc, at, until, out, n, max);
  if (2 * node + 1 < m->arrows[k].mx_count[level - 1])
    n = across(m, k, level - 1, 2 * node + 1, nsrc, at, until, out, n, max);
  return n;
}

size_t weft_lane_model_arrows_across(const WeftLaneModel *m, WeftArrowKind kind, uint32_t at,
                                     uint32_t until, uint32_t *out, size_t max) {
  if (!m->arrows[kind].n || !max)
    return 0;
  size_t nsrc = weft_lane_model_arrows_from(m, kind, at, 0);
  unsigned top = m->arrows[kind].mx_levels - 1;
  return across(m, kind, top, 0, nsrc, at, until, out, 0, max);
}

ptrdiff_t weft_lane_segment_at(const WeftLane *l, uint64_t t) {
  size_t lo = 0, hi = l->nsegs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (weft_lane_seg_start(l, mid) <= t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (ptrdiff_t)lo - 1;
}

uint64_t weft_lane_segment_end(const WeftLane *l, size_t seg) {
  return weft_lane_seg_start(l, seg + 1 <= l->nsegs ? seg + 1 : l->nsegs);
}

size_t weft_lane_find(const WeftLane *l, double t, size_t hint) {
  return gallop(l, hint, t);
}

/* Last segment starting at or before t, searching forward from hint. */
static size_t gallop(const WeftLane *l, size_t from, double t) {
  size_t n = l->nsegs;
  if (from >= n || (double)weft_lane_seg_start(l, from) > t)
    from = 0;
  size_t step = 1, lo = from, hi = from + 1;
  while (hi < n && (double)weft_lane_seg_start(l, hi) <= t) {
    lo = hi;
    hi += step;
    step *= 2;
  }
  if (hi > n)
    hi = n;
  /* start(lo) <= t, and start(hi) > t or hi == n */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if ((double)weft_lane_seg_start(l, mid) <= t)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

int weft_lane_summary(const WeftLane *l, double t0, double t1, double *purity) {
  if (!l->mip || t1 - t0 < 2 * l->mip_w0)
    return -1;
  if (t0 < l->mip_start)
    t0 = l->mip_start;
  double votes[16];
  for (int k = 0; k < 16; k += 2)
    votes[k] = votes[k + 1] = 0;
  double w = t1 - t0, total = 0, bestv = -1;
  unsigned k = 0, best = 0;
  while (k + 1 < l->mip_levels && l->mip_w0 * (double)((size_t)4 << k) <= w)
    k++;
  double wk = l->mip_w0 * (double)((size_t)1 << k);
  size_t count = l->mip_count0 >> k;
  double r0 = (t0 - l->mip_start) / wk, r1 = (t1 - l->mip_start) / wk;
  if (r1 > (double)count)
    r1 = (double)count;
  size_t b0 = (size_t)r0;
  const uint16_t *mip = l->mip[k];
  /* in units of buckets: bucket b covers [b, b + 1) */
  for (size_t b = b0; (double)b < r1 && b < count; b++) {
    double lo = (double)b > r0 ? (double)b : r0, hi = (double)(b + 1) < r1 ? (double)(b + 1) : r1;
    double ov = hi - lo;
    if (ov <= 0)
      continue;
    uint16_t node = mip[b];
    double v = votes[node >> 8] += ov * (node & 255);
    total += ov * 255;
    if (v > bestv)
      bestv = v, best = node >> 8;
  }
  if (bestv <= 0)
    return -1;
  *purity = bestv / total;
  return (int)best;
}

WeftLaneState weft_lane_dominant(const WeftLane *l, double t0, double t1, size_t *hint) {
  if (!l->nsegs || t1 <= (double)weft_lane_seg_start(l, 0))
    return WEFT_STATE_NONE;
  double votes[16];
  for (int k = 0; k < 16; k += 2) /* not memset: this runs per pixel column */
    votes[k] = votes[k + 1] = 0;
  unsigned best = 0;
  double bestv = -1;
#define VOTE(st, v)                                                                                \
  do {                                                                                             \
    unsigned s_ = (st);                                                                            \
    double n_ = votes[s_] += (v);                                                                  \
    if (n_ > bestv) {                                                                              \
      bestv = n_;                                                                                  \
      best = s_;                                                                                   \
    }                                                                                              \
  } while (0)
  double purity;
  int quick = weft_lane_summary(l, t0, t1, &purity);
  if (quick >= 0)
    return (WeftLaneState)quick;
  double first = (double)weft_lane_seg_start(l, 0);
  size_t i = gallop(l, hint ? *hint : 0, t0 > first ? t0 : first);
  size_t j = gallop(l, i, t1);
  if (hint)
    *hint = j;
  if (i == j)
    return (WeftLaneState)l->seg_state[i];
  double s_i = (double)weft_lane_seg_start(l, i);
  VOTE(l->seg_state[i], (double)weft_lane_seg_start(l, i + 1) - (t0 > s_i ? t0 : s_i));
  double e_j = (double)weft_lane_seg_start(l, j + 1);
  VOTE(l->seg_state[j], (t1 < e_j ? t1 : e_j) - (double)weft_lane_seg_start(l, j));
  size_t a = i + 1, b = j; /* full segments [a, b) */
  uint64_t sa = weft_lane_seg_start(l, a);
  while (a < b) {
    /* the largest pyramid node that starts at a and ends by b, or one segment */
    unsigned lv = 0;
    while (lv < l->nlevels + PYR_SHIFT - 1 && (a & (((size_t)2 << lv) - 1)) == 0 &&
           a + ((size_t)2 << lv) <= b)
      lv++;
    if (lv < PYR_SHIFT)
      lv = 0;
    size_t len = (size_t)1 << lv;
    uint64_t se = weft_lane_seg_start(l, a + len);
    double span = (double)(se - sa);
    if (lv == 0) {
      VOTE(l->seg_state[a], span);
    } else {
      uint16_t node = l->level[lv - PYR_SHIFT][a >> lv];
      VOTE(node >> 8, span * (node & 255) * (1.0 / 255));
    }
    a += len;
    sa = se;
  }
#undef VOTE
  return (WeftLaneState)best;
}

uint64_t weft_lane_region_end(const WeftLane *l, size_t r) {
  if (l->regions[r].len != WEFT_REGION_LONG)
    return weft_lane_region_start(l, r) + l->regions[r].len;
  size_t lo = 0, hi = l->nlong_regions;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->long_regions[mid].region < r)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < l->nlong_regions && l->long_regions[lo].region == r)
    return l->long_regions[lo].end;
  return l->end_time; /* never ended */
}

const char *weft_lane_region_name(const WeftLaneModel *m, const WeftLane *l, size_t r) {
  return r < l->nregions ? weft_trace_string(m->trace, m->events[l->regions[r].event].arg) : NULL;
}

uint32_t weft_lane_segment_event(const WeftLaneModel *m, const WeftLane *l, size_t seg) {
  /* Not stored (4 bytes a segment): the segment began at an event of its
   * thread at its start time; of several, the last one that sets its state. */
  uint64_t t = weft_lane_seg_start(l, seg);
  size_t first = SIZE_MAX, match = SIZE_MAX;
  for (size_t i = weft_lane_model_event_at_time(m, t); i < m->nevents && m->events[i].time == t;
       i++) {
    if (m->events[i].thread != l->tid)
      continue;
    if (first == SIZE_MAX)
      first = i;
    int st = weft_event_state(m->trace, &m->events[i]);
    if (st == l->seg_state[seg] ||
        (st < 0 && l->seg_state[seg] == WEFT_STATE_RUNNING && match == SIZE_MAX))
      match = i;
  }
  size_t r = match != SIZE_MAX ? match : first;
  if (r == SIZE_MAX) /* cannot happen; never index out of the events */
    r = m->nevents ? weft_lane_model_event_at_time(m, t) % m->nevents : 0;
  return (uint32_t)r;
}

size_t weft_lane_model_event_at_time(const WeftLaneModel *m, uint64_t t) {
  size_t lo = 0, hi = m->nevents;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->events[mid].time < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

uint32_t weft_lane_model_event_near(const WeftLaneModel *m, uint32_t tid, uint64_t t,
                                    uint64_t slack) {
  size_t mid = weft_lane_model_event_at_time(m, t);
  uint64_t lo_t = t > slack ? t - slack : 0, hi_t = t + slack;
  size_t best = SIZE_MAX;
  uint64_t best_d = UINT64_MAX;
  const size_t cap = 200000;
  for (size_t k = 0, i = mid; i < m->nevents && k < cap && m->events[i].time <= hi_t; i++, k++)
    if (m->events[i].thread == tid) {
      best = i;
      best_d = m->events[i].time - t;
      break;
    }
  for (size_t k = 0, i = mid; i-- > 0 && k < cap && m->events[i].time >= lo_t; k++)
    if (m->events[i].thread == tid) {
      if (t - m->events[i].time <= best_d)
        best = i;
      break;
    }
  return best == SIZE_MAX ? UINT32_MAX : (uint32_t)best;
}

size_t weft_lane_model_related(const WeftLaneModel *m, uint32_t ev, uint32_t *out, size_t max) {
  size_t n = 0;
  for (unsigned k = 0; k < WEFT_ARROW_KIND_COUNT && n < max; k++) {
    const WeftArrow *v = m->arrows[k].v;
    size_t na = m->arrows[k].n;
    if (!na)
      continue;
    /* as destination: the arrows that cross ev and end there, and the
     * reversed ones (a receive recorded before its send) */
    uint32_t idx[64];
    size_t nx = weft_lane_model_arrows_across(m, k, ev, ev + 1, idx, 64);
    for (size_t i = 0; i < nx && n < max; i++)
      out[n++] = v[idx[i]].src;
    const uint32_t *rev = m->arrows[k].rev;
    size_t lo = 0, hi = m->arrows[k].nrev;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (v[rev[mid]].dst < ev)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t i = lo; i < m->arrows[k].nrev && v[rev[i]].dst == ev && n < max; i++)
      out[n++] = v[rev[i]].src;
    /* as source */
    for (size_t i = weft_lane_model_arrows_from(m, k, ev, 0); i < na && v[i].src == ev && n < max;
         i++)
      out[n++] = v[i].dst;
  }
  return n;
}

void weft_world_clear(WeftWorld *w) {
  free(w->held);
  free(w->waiting);
  free(w->chans);
  memset(w, 0, sizeof *w);
}

void weft_lane_model_world(const WeftLaneModel *m, size_t upto, WeftWorld *out) {
  memset(out, 0, sizeof *out);
  if (!m->nevents)
    return;
  if (upto >= m->nevents)
    upto = m->nevents - 1;
  pthread_mutex_lock((pthread_mutex_t *)&m->world_lock);
  const WeftReplay *r = m->world ? weft_replay_cache_at(m->world, upto) : NULL;
  if (!r) {
    pthread_mutex_unlock((pthread_mutex_t *)&m->world_lock);
    return;
  }
  uint32_t nobj = weft_replay_max_object(r);
  size_t nheld = 0, nchans = 0;
  for (uint32_t o = 1; o <= nobj; o++) {
    const WeftObjectNow *s = weft_replay_object(r, o);
    nheld += s->holder || s->readers;
    nchans += s->used;
  }
  out->held = calloc(nheld ? nheld : 1, sizeof *out->held);
  out->chans = calloc(nchans ? nchans : 1, sizeof *out->chans);
  out->waiting = calloc(m->nlanes ? m->nlanes : 1, sizeof *out->waiting);
  for (uint32_t o = 1; o <= nobj; o++) {
    const WeftObjectNow *s = weft_replay_object(r, o);
    if ((s->holder || s->readers) && out->held)
      out->held[out->nheld++] = (WeftHeld){o, s->holder, s->readers};
    if (!s->used || !out->chans)
      continue;
    WeftChanState *c = &out->chans[out->nchans++];
    c->object = o;
    c->capacity = s->capacity;
    /* a receive can be recorded a little before its send: never below 0,
     * nor above the buffer (an unbuffered send is in flight, not stored) */
    int64_t n = s->in_buffer < 0 ? 0 : s->in_buffer;
    if (c->capacity >= 0 && n > c->capacity)
      n = c->capacity;
    c->count = (uint64_t)n;
    c->closed = s->closed;
  }
  pthread_mutex_unlock((pthread_mutex_t *)&m->world_lock);
  uint64_t t = m->events[upto].time;
  out->time = t;
  if (out->waiting)
    for (size_t k = 0; k < m->nlanes; k++) {
      const WeftLane *l = &m->lanes[k];
      if (l->ended && l->end_time <= t)
        continue;
      ptrdiff_t s = weft_lane_segment_at(l, t);
      if (s < 0 || l->seg_state[s] == WEFT_STATE_RUNNING || l->seg_state[s] == WEFT_STATE_NONE)
        continue;
      const WeftEvent *e = &m->events[weft_lane_segment_event(m, l, (size_t)s)];
      out->waiting[out->nwaiting++] =
          (WeftWaiting){l->tid, (WeftLaneState)l->seg_state[s], e->object,
                        e->type == WEFT_EV_JOIN_BEGIN ? (uint32_t)e->arg : 0, weft_lane_seg_start(l, s),
                        e->type == WEFT_EV_IO_WAIT ? (unsigned)(e->arg & 0xff) : 0};
    }
  for (size_t i = 0; i < out->nwaiting; i++)
    for (size_t c = 0; c < out->nchans; c++)
      if (out->chans[c].object == out->waiting[i].object) {
        if (out->waiting[i].state == WEFT_STATE_CHAN_SEND)
          out->chans[c].senders++;
        else if (out->waiting[i].state == WEFT_STATE_CHAN_RECV)
          out->chans[c].receivers++;
      }
}

void weft_lane_model_keep_misuse(WeftLaneModel *m, WeftLaneMisuseMarks *marks) {
  weft_lane_misuse_marks_free(m->misuse);
  m->misuse = marks;
}

const WeftLaneMisuseMarks *weft_lane_model_misuse_marks(const WeftLaneModel *m) {
  return m->misuse;
}

char *weft_lane_model_narrate(const WeftLaneModel *m, size_t ev) {
  if (ev >= m->nevents)
    return NULL;
  pthread_mutex_lock((pthread_mutex_t *)&m->world_lock);
  const WeftReplay *r = m->world ? weft_replay_cache_at(m->world, ev) : NULL;
  char *s = r ? weft_narrate(m->trace, ev, r) : NULL;
  pthread_mutex_unlock((pthread_mutex_t *)&m->world_lock);
  return s;
}

const char *weft_lane_model_thread_label(const WeftLaneModel *m, uint32_t tid, char *buf,
                                         size_t size) {
  return weft_thread_display_name(m->trace, tid, buf, size);
}

uint32_t weft_lane_model_wait_end(const WeftLaneModel *m, uint32_t ev) {
  if (ev >= m->nevents)
    return UINT32_MAX;
  const WeftEvent *e = &m->events[ev];
  int st = weft_event_state(m->trace, e);
  int li = weft_lane_model_lane_of(m, e->thread);
  if (st < 0 || st == WEFT_STATE_RUNNING || li < 0)
    return UINT32_MAX;
  const WeftLane *l = &m->lanes[li];
  ptrdiff_t s = weft_lane_segment_at(l, e->time);
  if (s < 0 || weft_lane_seg_start(l, s) != e->time || l->seg_state[s] != st)
    return UINT32_MAX;
  if ((size_t)s + 1 >= l->nsegs)
    return UINT32_MAX; /* still waiting when the trace ends */
  return weft_lane_segment_event(m, l, (size_t)s + 1);
}

uint32_t weft_lane_model_acquisition(const WeftLaneModel *m, uint32_t object, uint32_t holder,
                                     size_t upto) {
  if (!m->nevents || !object)
    return UINT32_MAX;
  if (upto >= m->nevents)
    upto = m->nevents - 1;
  for (size_t i = upto + 1; i-- > 0;) {
    const WeftEvent *e = &m->events[i];
    if (e->thread != holder)
      continue;
    if ((e->type == WEFT_EV_LOCK_ACQUIRE && e->object == object) ||
        (e->type == WEFT_EV_COND_WAKE && e->arg == object))
      return (uint32_t)i;
    if ((e->type == WEFT_EV_LOCK_RELEASE && e->object == object) ||
        (e->type == WEFT_EV_COND_WAIT && e->arg == object))
      return UINT32_MAX; /* it had let go since */
  }
  return UINT32_MAX;
}
