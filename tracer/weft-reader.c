/* weft-reader.c: reads a whole trace into memory.
 *
 * Pass 1 walks the chunks, checking each length and checksum, and stops at the
 * first one that runs past the end of the file (a truncated trace).
 * Pass 2 counts each thread's events (and collects the CLOCK pairs, so ticks
 * can become nanoseconds as they are decoded), so that one array of exactly
 * the right size holds every thread's run, side by side.
 * Pass 3 decodes each thread's chunks in sequence order as one stream into its
 * slice, turning tick deltas into times; metadata fills the tables.
 * Then a loser tree merges the runs by time into the final array; when the
 * arrays are large they are mapped, and the pages of the runs are given back
 * as the merge consumes them, so the peak stays near one array, not two.
 * The file itself is unmapped once read: everything kept from it is copied. */
#include "weft-trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft-encode-private.h"
#include "weft-grow.h"
#include "weft-losers-private.h"
#include "weft-races-private.h"
#include "weft-reader-private.h"
#include "weft-scan-private.h"

static char *dup_bytes(const uint8_t *b, size_t n) {
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  if (n)
    memcpy(s, b, n);
  s[n] = 0;
  return s;
}

static uint64_t intern(WeftTrace *t, char *owned) {
  if (!owned || !weft_grow((void **)&t->strings, &t->strings_cap, t->nstrings + 2, sizeof(char *))) {
    free(owned);
    return 0;
  }
  t->strings[++t->nstrings] = owned;
  return t->nstrings;
}

static size_t thread_slot_of(const WeftTrace *t, uint32_t tid) {
  size_t mask = t->thread_slots_cap - 1;
  size_t i = (size_t)(tid * 0x9e3779b1u) & mask;
  while (t->thread_slots[i] && t->threads[t->thread_slots[i] - 1].id != tid)
    i = (i + 1) & mask;
  return i;
}

/* Valid until the threads are sorted by id at the end of the parse. */
static WeftThread *thread_get(WeftTrace *t, uint32_t tid) {
  if (tid == 0 || tid > WEFT_MAX_ID)
    return NULL;
  if (t->thread_slots_cap) {
    uint32_t k = t->thread_slots[thread_slot_of(t, tid)];
    if (k)
      return &t->threads[k - 1];
  }
  if ((t->nthreads + 1) * 2 > t->thread_slots_cap) {
    size_t cap = t->thread_slots_cap ? t->thread_slots_cap * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
      return NULL;
    free(t->thread_slots);
    t->thread_slots = slots;
    t->thread_slots_cap = cap;
    for (size_t i = 0; i < t->nthreads; i++)
      t->thread_slots[thread_slot_of(t, t->threads[i].id)] = (uint32_t)i + 1;
  }
  size_t cap = t->threads_cap;
  if (!weft_grow((void **)&t->threads, &t->threads_cap, t->nthreads + 1, sizeof(WeftThread)))
    return NULL;
  if (!weft_grow((void **)&t->thread_names, &cap, t->nthreads + 1, sizeof(char *)))
    return NULL;
  WeftThread *th = &t->threads[t->nthreads];
  t->thread_names[t->nthreads] = NULL;
  t->nthreads++;
  memset(th, 0, sizeof *th);
  th->id = tid;
  th->start_time = UINT64_MAX;
  th->end_time = UINT64_MAX;
  th->create_event = UINT32_MAX;
  t->thread_slots[thread_slot_of(t, tid)] = (uint32_t)t->nthreads;
  return th;
}

static WeftObject *object_slot(WeftTrace *t, uint64_t id) {
  if (id == 0 || id > WEFT_MAX_ID)
    return NULL;
  size_t c1 = t->objects_cap, c2 = t->objects_cap;
  if (!weft_grow((void **)&t->objects, &t->objects_cap, id + 1, sizeof(WeftObject)) ||
      !weft_grow((void **)&t->object_given_names, &c1, id + 1, sizeof(char *)) ||
      !weft_grow((void **)&t->object_symbol, &c2, id + 1, sizeof(uint32_t)))
    return NULL;
  return &t->objects[id];
}

static uint64_t frame_key(uint32_t epoch, uint64_t pc) {
  return ((uint64_t)epoch << 48) ^ pc;
}

static size_t frame_hash(uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return (size_t)key;
}

static FrameSlot *frame_find(const WeftTrace *t, uint64_t key) {
  if (!t->frames_cap)
    return NULL;
  size_t mask = t->frames_cap - 1;
  for (size_t i = frame_hash(key) & mask;; i = (i + 1) & mask) {
    FrameSlot *s = &t->frames[i];
    if (s->key == key && s->frame.pc)
      return s;
    if (!s->frame.pc)
      return NULL;
  }
}

static int frame_insert(WeftTrace *t, uint64_t key, const WeftFrame *f) {
  if ((t->nframes + 1) * 2 > t->frames_cap) {
    size_t cap = t->frames_cap ? t->frames_cap * 2 : 1024;
    FrameSlot *old = t->frames;
    size_t oldcap = t->frames_cap;
    t->frames = calloc(cap, sizeof *t->frames);
    if (!t->frames) {
      t->frames = old;
      return -1;
    }
    t->frames_cap = cap;
    t->nframes = 0;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].frame.pc)
        frame_insert(t, old[i].key, &old[i].frame);
    free(old);
  }
  size_t mask = t->frames_cap - 1;
  for (size_t i = frame_hash(key) & mask;; i = (i + 1) & mask) {
    FrameSlot *s = &t->frames[i];
    if (!s->frame.pc || s->key == key) {
      if (!s->frame.pc)
        t->nframes++;
      s->key = key;
      s->frame = *f;
      return 0;
    }
  }
}

static const char *file_string(const WeftTrace *t, uint64_t id) {
  return id < t->file_strings_cap ? t->file_strings[id] : NULL;
}

/* ---- progress ---- */

typedef struct {
  WeftProgressFn fn;
  void *user;
  double from, span; /* the current phase's share of the whole */
  double last;       /* the last fraction reported */
} Progress;

static void progress_report(Progress *p, double done) {
  if (!p->fn)
    return;
  double f = p->from + p->span * (done < 1 ? done : 1);
  if (f < p->last + 0.01 && !(f >= 1 && p->last < 1)) /* about a hundred calls in all */
    return;
  p->last = f;
  p->fn(f, p->user);
}

/* Shares of the phases measured on the 10M-event benchmark trace. */
static void progress_phase(Progress *p, double from, double to) {
  p->from = from;
  p->span = to - from;
  progress_report(p, 0);
}

/* ---- the file's pages ---- */

/* Each pass reads the chunks of one thread after another, scattered over the
 * file: the pages a chunk was read from are dropped after it (they come back
 * from the page cache if a neighbour needs them), so the mapped file does not
 * add its size to the peak next to the events. */
void _weft_forget_pages(const WeftTrace *t, const uint8_t *p, size_t len) {
  if (!t->mapped || !len)
    return;
  /* A fault maps the neighbouring pages too, in aligned 64 KiB windows. */
  const uintptr_t window = 64u << 10;
  uintptr_t base = (uintptr_t)t->data, end = base + t->size;
  uintptr_t lo = (uintptr_t)p / window * window, hi = ((uintptr_t)p + len + window - 1) / window * window;
  if (lo < base)
    lo = base; /* the mapping starts on a page */
  if (hi > end)
    hi = end;
  madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* ---- pass 1: chunks ---- */

static int chunk_cmp(const void *a, const void *b) {
  const Chunk *x = a, *y = b;
  if (x->thread != y->thread)
    return x->thread < y->thread ? -1 : 1;
  if (x->sequence != y->sequence)
    return x->sequence < y->sequence ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static WeftStatus scan_chunks(WeftTrace *t, Chunk **out, size_t *nout, Progress *pg) {
  size_t off = t->info.file_size >= sizeof(WeftFileHeader) ? ((const WeftFileHeader *)t->data)->header_size : 0;
  Chunk *chunks = NULL;
  size_t n = 0, cap = 0, forgotten = 0;
  while (off < t->size) {
    WeftChunkHeader h;
    WeftChunkCheck check = _weft_chunk_check(t->data, t->size, off, &h);
    if (check == WEFT_CHUNK_STOP) {
      t->info.bytes_ignored = t->size - off;
      break;
    }
    const uint8_t *payload = t->data + off + sizeof h;
    if (check == WEFT_CHUNK_DAMAGED) {
      t->info.corrupt_chunks++;
    } else if (check == WEFT_CHUNK_VALID) {
      if (!weft_grow((void **)&chunks, &cap, n + 1, sizeof *chunks)) {
        free(chunks);
        return WEFT_ERR_NO_MEMORY;
      }
      chunks[n] = (Chunk){payload, h.length, h.thread, h.sequence, h.flags, (uint32_t)n};
      n++;
    }
    off += sizeof h + h.length;
    progress_report(pg, (double)off / (double)t->size);
    if (off - forgotten >= (4u << 20)) { /* the headers read: no need to keep the pages */
      _weft_forget_pages(t, t->data + forgotten, off - forgotten);
      forgotten = off;
    }
  }
  _weft_forget_pages(t, t->data, t->size);
  if (n)
    qsort(chunks, n, sizeof *chunks, chunk_cmp);
  *out = chunks;
  *nout = n;
  return WEFT_TRACE_OK;
}

/* ---- pass 2: records ---- */

static void apply_meta(WeftTrace *t, const WeftRecord *r) {
  const uint64_t *a = r->args;
  uint64_t z[8] = {0};
  if (r->nargs < 8) {
    memcpy(z, a, r->nargs * sizeof *a);
    a = z;
  }
  switch (r->type) {
  case WEFT_META_STRING:
    /* The first definition stays: frames already point at it. */
    if (a[0] < 0x1000000 &&
        weft_grow((void **)&t->file_strings, &t->file_strings_cap, a[0] + 1, sizeof(char *)) &&
        !t->file_strings[a[0]])
      t->file_strings[a[0]] = dup_bytes(r->blob, r->blob_len);
    break;
  case WEFT_META_OBJECT: {
    WeftObject *o = object_slot(t, a[0]);
    if (!o)
      break;
    if (o->id && a[1] == WEFT_OBJ_UNKNOWN) { /* a later naming only */
      if (r->blob_len) {
        free(t->object_given_names[a[0]]);
        t->object_given_names[a[0]] = dup_bytes(r->blob, r->blob_len);
      }
      break;
    }
    o->id = (uint32_t)a[0];
    o->kind = (uint16_t)(a[1] < WEFT_OBJ_KIND_COUNT_ ? a[1] : WEFT_OBJ_UNKNOWN);
    o->address = a[2];
    o->site_pc = a[3];
    o->elem_size = a[4];
    o->epoch = (uint16_t)a[5];
    if (r->blob_len) {
      free(t->object_given_names[a[0]]);
      t->object_given_names[a[0]] = dup_bytes(r->blob, r->blob_len);
    }
    break;
  }
  case WEFT_META_OBJECT_NAME:
    if (object_slot(t, a[0]))
      t->object_symbol[a[0]] = (uint32_t)a[1];
    break;
  case WEFT_META_STACK: {
    if (r->nargs < 2 || a[0] == 0 || a[0] > WEFT_MAX_ID)
      break;
    if (!weft_grow((void **)&t->stacks, &t->stacks_cap, r->args[0] + 1, sizeof(StackEntry)))
      break;
    StackEntry *s = &t->stacks[r->args[0]];
    free(s->pcs);
    s->epoch = (uint32_t)r->args[1];
    s->depth = r->nargs - 2;
    s->pcs = malloc((s->depth ? s->depth : 1) * sizeof *s->pcs);
    if (!s->pcs) {
      s->depth = 0;
      break;
    }
    memcpy(s->pcs, r->args + 2, s->depth * sizeof *s->pcs);
    break;
  }
  case WEFT_META_THREAD: {
    WeftThread *th = thread_get(t, (uint32_t)a[0]);
    if (!th)
      break;
    th->parent = (uint32_t)a[1];
    th->os_tid = (uint32_t)a[2];
    th->start_pc = a[3];
    th->create_pc = a[4];
    th->epoch = (uint32_t)a[5];
    break;
  }
  case WEFT_META_FRAME: {
    WeftFrame f = {.pc = a[1] ? a[1] : 1,
                   .function = file_string(t, a[2]),
                   .file = file_string(t, a[3]),
                   .line = (uint32_t)a[4],
                   .origin = (uint8_t)(a[5] <= WEFT_ORIGIN_SYSTEM ? a[5] : 0),
                   .path = file_string(t, a[6])};
    frame_insert(t, frame_key((uint32_t)a[0], a[1]), &f);
    break;
  }
  case WEFT_META_CLOCK: /* collected by count_stream() */
    break;
  case WEFT_META_PROCESS:
    if (a[2] == 0) {
      t->info.pid = (uint32_t)a[0];
      t->info.ppid = (uint32_t)a[1];
      t->process_start_ns = a[3];
      t->have_process_start = true;
      free((char *)t->info.argv);
      char *argv = dup_bytes(r->blob, r->blob_len);
      if (argv) {
        for (size_t i = 0; i + 1 < r->blob_len; i++)
          if (argv[i] == 0)
            argv[i] = ' ';
      }
      t->info.argv = argv;
    }
    if (a[2] + 1 > t->info.epochs)
      t->info.epochs = (uint32_t)a[2] + 1;
    break;
  case WEFT_META_LOST:
    t->info.lost_events += a[0];
    break;
  case WEFT_META_END:
    t->info.closed_cleanly = true;
    t->info.exit_status = (int)_weft_unzigzag(a[0]);
    break;
  case WEFT_META_SYMBOLIZED:
    t->info.symbolized = true;
    break;
  case WEFT_META_RACE_DETECTOR:
    t->races.detector = true;
    break;
  case WEFT_META_DROPPED:
    t->info.dropped_chunks += a[0];
    t->info.dropped_bytes += a[1];
    t->info.max_size = a[2];
    break;
  default:
    break; /* unknown metadata: skipped by length */
  }
}

/* blob: varint n, n thread ids, varint m, m object ids. */
static uint32_t parse_deadlock(WeftTrace *t, const WeftRecord *r) {
  WeftDeadlock *grown = realloc(t->deadlocks, (t->ndeadlocks + 1) * sizeof *grown);
  if (!grown)
    return 0;
  t->deadlocks = grown;
  WeftDeadlock *d = &t->deadlocks[t->ndeadlocks];
  memset(d, 0, sizeof *d);
  d->kind = r->nargs > 3 ? (unsigned)r->args[3] : 0;
  const uint8_t *p = r->blob, *end = p ? p + r->blob_len : NULL;
  uint64_t n;
  for (int list = 0; list < 2; list++) {
    if (!p || _weft_get_varint(&p, end, &n) < 0 || n > (uint64_t)(end - p))
      break;
    uint32_t *ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
      break;
    size_t k = 0;
    for (uint64_t i = 0; i < n; i++) {
      uint64_t v;
      if (_weft_get_varint(&p, end, &v) < 0)
        break;
      ids[k++] = (uint32_t)v;
    }
    if (list == 0) {
      d->threads = ids;
      d->nthreads = k;
    } else {
      d->objects = ids;
      d->nobjects = k;
    }
  }
  return (uint32_t)++t->ndeadlocks;
}

/* An event's fields, without the table entries its blob makes. */
static bool decode_fields(const WeftTrace *t, WeftEvent *e, uint32_t thread, uint64_t time,
                          const WeftRecord *r) {
  (void)t;
  const uint64_t *a = r->args;
  unsigned n = r->nargs;
  e->time = time;
  e->thread = thread;
  e->type = (uint8_t)r->type;
  e->pad = 0;
  e->object = n > 1 && a[1] <= WEFT_MAX_ID ? (uint32_t)a[1] : 0;
  e->flags = n > 2 ? (uint16_t)a[2] : 0;
  e->arg = n > 3 ? a[3] : 0;
  e->stack = n > 4 && a[4] <= WEFT_MAX_ID ? (uint32_t)a[4] : 0;
  bool bad_id = (n > 1 && a[1] > WEFT_MAX_ID) || (n > 4 && a[4] > WEFT_MAX_ID);
  /* args that are thread or mutex ids: tools index tables by them */
  if ((r->type == WEFT_EV_THREAD_CREATE || r->type == WEFT_EV_JOIN_BEGIN ||
       r->type == WEFT_EV_JOIN_END || r->type == WEFT_EV_DETACH ||
       r->type == WEFT_EV_THREAD_START || r->type == WEFT_EV_COND_WAIT ||
       r->type == WEFT_EV_COND_WAKE) && e->arg > WEFT_MAX_ID) {
    e->arg = 0;
    bad_id = true;
  }
  return bad_id;
}

static void decode_event(WeftTrace *t, WeftEvent *e, uint32_t thread, uint64_t time,
                         const WeftRecord *r) {
  t->info.malformed_records += decode_fields(t, e, thread, time, r);
  if (r->type == WEFT_EV_RACE) {
    e->arg = _weft_races_parse(&t->races, r, &e->stack);
  } else if (r->blob_len && r->type != WEFT_EV_DEADLOCK) {
    char *s = dup_bytes(r->blob, r->blob_len);
    if (s && r->type == WEFT_EV_LOG) {
      size_t cat = strnlen(s, r->blob_len);
      if (cat < r->blob_len) {
        char *m = malloc(r->blob_len + 2);
        if (m) {
          snprintf(m, r->blob_len + 2, "%s: %s", s, s + cat + 1);
          free(s);
          s = m;
        }
      }
    }
    if (r->type == WEFT_EV_THREAD_NAME) {
      WeftThread *th = thread_get(t, (uint32_t)e->arg);
      if (th && s) {
        size_t i = (size_t)(th - t->threads);
        free(t->thread_names[i]);
        t->thread_names[i] = strdup(s);
      }
    }
    if (r->type == WEFT_EV_THREAD_NAME) /* the target tid moves to stack */
      e->stack = (uint32_t)e->arg;
    e->arg = intern(t, s);
  } else if (r->type == WEFT_EV_DEADLOCK) {
    e->stack = parse_deadlock(t, r);
  }
}

/* ---- ticks to nanoseconds ---- */

static TimeScale tick_scale(const WeftTrace *t) {
  TimeScale s = {1.0, 0, 0, true};
  if (!(t->info.features & WEFT_FEATURE_TSC) || t->nclocks == 0)
    return s;
  const ClockPair *lo = &t->clocks[0], *hi = &t->clocks[0];
  for (size_t i = 1; i < t->nclocks; i++) {
    if (t->clocks[i].tick < lo->tick)
      lo = &t->clocks[i];
    if (t->clocks[i].tick > hi->tick)
      hi = &t->clocks[i];
  }
  s.tick0 = lo->tick;
  s.ns0 = lo->ns;
  if (hi->tick > lo->tick && hi->ns > lo->ns)
    s.scale = (double)(hi->ns - lo->ns) / (double)(hi->tick - lo->tick);
  s.identity = s.scale == 1.0 && s.tick0 == 0 && s.ns0 == 0;
  return s;
}

uint64_t _weft_to_ns(const TimeScale *s, uint64_t tick) {
  if (s->identity)
    return tick;
  double d = ((double)tick - (double)s->tick0) * s->scale + (double)s->ns0;
  return d < 0 ? 0 : d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
}

/* ---- passes 2 and 3: each thread's stream of records ---- */

typedef struct {
  const Chunk *chunks; /* this thread's, in sequence order */
  size_t nchunks;
  uint32_t thread;
  size_t base, count;          /* its slice of the runs array */
  uint64_t min_time, last_end; /* ns; last_end is UINT64_MAX without THREAD_END */
} Stream;

/* ---- a thread's records, one event at a time ---- */

void _weft_decoder_start(WeftDecoder *d, const Chunk *chunks, size_t nchunks, uint32_t thread) {
  uint64_t *side = d->side;
  size_t nside = d->nside, cap = d->side_cap;
  *d = (WeftDecoder){.chunks = chunks, .nchunks = nchunks, .thread = thread,
                     .expect_seq = nchunks ? chunks[0].sequence : 0};
  d->side = side;
  d->nside = nside;
  d->side_cap = cap;
  if (nchunks) {
    d->p = chunks[0].payload;
    d->end = d->p + chunks[0].length;
    d->expect_seq = chunks[0].sequence + 1;
  }
}

/* Blobs, races and deadlocks make table entries when first decoded; a later
 * pass takes the same ids again (arg and stack) instead of making new ones. */
static void side_keep(WeftTrace *t, WeftDecoder *d, const WeftEvent *e) {
  if (!weft_grow((void **)&d->side, &d->side_cap, d->nside + 1, sizeof *d->side)) {
    t->info.malformed_records++; /* out of memory: counted, never silent */
    return;
  }
  d->side[d->nside++] = e->arg << 24 >> 24 == e->arg && e->stack < (1u << 24)
                            ? e->arg | (uint64_t)e->stack << 40
                            : 0;
}

static void side_take(WeftDecoder *d, WeftEvent *e) {
  uint64_t v = d->side_pos < d->nside ? d->side[d->side_pos++] : 0;
  e->arg = v & ((1ull << 40) - 1);
  e->stack = (uint32_t)(v >> 40);
}

static bool has_side(const WeftRecord *r) {
  return r->type == WEFT_EV_RACE || r->type == WEFT_EV_DEADLOCK || r->blob_len;
}

bool _weft_decoder_next(WeftTrace *t, WeftDecoder *d, const TimeScale *ts, WeftEvent *e,
                        WeftDecodePass pass) {
  for (;;) {
    while (d->p >= d->end) {
      if (d->ci >= d->nchunks)
        return false; /* done */
      _weft_forget_pages(t, d->chunks[d->ci].payload, d->chunks[d->ci].length);
      d->chunk_done = true;
      if (++d->ci >= d->nchunks) {
        d->p = d->end = NULL;
        return false;
      }
      const Chunk *c = &d->chunks[d->ci];
      /* A continuation whose predecessor is missing has no time origin. */
      if ((c->flags & WEFT_CHUNK_CONTINUES) && c->sequence != d->expect_seq)
        d->have_base = false;
      d->expect_seq = c->sequence + 1;
      d->p = c->payload;
      d->end = d->p + c->length;
    }
    WeftRecord r;
    if (_weft_get_record(&d->p, d->end, &r) < 0) {
      if (pass != WEFT_PASS_AGAIN)
        t->info.malformed_records++;
      d->p = d->end;
      continue;
    }
    if (!weft_rec_is_event(r.type)) {
      if (pass != WEFT_PASS_AGAIN)
        apply_meta(t, &r);
      continue;
    }
    if (r.nargs == 0)
      continue;
    if (r.type == WEFT_EV_TIME_BASE) {
      d->tick = r.args[0];
      d->have_base = true;
      continue;
    }
    d->tick += r.args[0];
    if (!d->have_base || d->thread > WEFT_MAX_ID) /* tools index tables by thread ids */
      continue;
    if (pass == WEFT_PASS_AGAIN) {
      decode_fields(t, e, d->thread, _weft_to_ns(ts, d->tick), &r);
      if (has_side(&r))
        side_take(d, e);
      return true;
    }
    decode_event(t, e, d->thread, _weft_to_ns(ts, d->tick), &r);
    if (pass == WEFT_PASS_FIRST_KEEP && has_side(&r))
      side_keep(t, d, e);
    return true;
  }
}

/* As _weft_get_varint() without the value: fails where it fails. */
static inline int skip_varint(const uint8_t **pp, const uint8_t *end) {
  const uint8_t *p = *pp;
  for (unsigned i = 0; i < 10 && p < end; i++)
    if (!(*p++ & 0x80)) {
      *pp = p;
      return 0;
    }
  return -1;
}

/* The walk of decode_stream() without decoding: how many events the stream
 * keeps. CLOCK pairs are collected here, so that decoding can turn ticks
 * into nanoseconds at once. */
static size_t count_stream(WeftTrace *t, const Stream *s) {
  size_t count = 0;
  bool have_base = false;
  uint32_t expect_seq = s->chunks[0].sequence;
  for (size_t i = 0; i < s->nchunks; i++) {
    const Chunk *c = &s->chunks[i];
    if ((c->flags & WEFT_CHUNK_CONTINUES) && c->sequence != expect_seq)
      have_base = false;
    expect_seq = c->sequence + 1;
    const uint8_t *p = c->payload, *end = p + c->length;
    while (p < end) {
      unsigned type = p[0] & WEFT_REC_TYPE_MASK, form = p[0] >> WEFT_REC_FORM_SHIFT;
      if (form != WEFT_REC_FORM_BODY && type != WEFT_REC_EXTENDED && type != WEFT_META_CLOCK) {
        const uint8_t *q = p + 1;
        unsigned k = 0;
        while (k <= form && skip_varint(&q, end) == 0)
          k++;
        if (k <= form)
          break; /* decode_stream() counts the damage */
        p = q;
        if (type == WEFT_EV_TIME_BASE)
          have_base = true;
        else if (type < WEFT_REC_META_FIRST)
          count += have_base;
        continue;
      }
      WeftRecord r;
      if (_weft_get_record(&p, end, &r) < 0)
        break;
      if (r.type == WEFT_META_CLOCK) {
        if (weft_grow((void **)&t->clocks, &t->clocks_cap, t->nclocks + 1, sizeof(ClockPair)))
          t->clocks[t->nclocks++] = (ClockPair){r.nargs > 0 ? r.args[0] : 0,
                                                r.nargs > 1 ? r.args[1] : 0};
      } else if (weft_rec_is_event(r.type) && r.nargs > 0) {
        if (r.type == WEFT_EV_TIME_BASE)
          have_base = true;
        else
          count += have_base;
      }
    }
    _weft_forget_pages(t, c->payload, c->length);
  }
  return s->thread <= WEFT_MAX_ID ? count : 0; /* a damaged id: tools index tables by ids */
}

static void decode_stream(WeftTrace *t, Stream *s, WeftEvent *slice, const TimeScale *ts,
                          Progress *pg, size_t *chunks_done, size_t nchunks_all,
                          WeftDecoder *d, WeftDecodePass pass) {
  size_t n = 0;
  s->min_time = UINT64_MAX;
  s->last_end = UINT64_MAX;
  _weft_decoder_start(d, s->chunks, s->nchunks, s->thread);
  WeftEvent scratch;
  for (;;) {
    /* slice: the whole trace in memory; none: its tables only */
    WeftEvent *e = slice && n < s->count ? &slice[n] : &scratch;
    bool more = _weft_decoder_next(t, d, ts, e, pass);
    if (d->chunk_done) {
      d->chunk_done = false;
      progress_report(pg, (double)++*chunks_done / (double)nchunks_all);
    }
    if (!more)
      break;
    if (slice && n == s->count) /* more than counted: damage */
      continue;
    n++;
    if (e->time < s->min_time)
      s->min_time = e->time;
    if (e->type == WEFT_EV_THREAD_END)
      s->last_end = e->time;
  }
  s->count = n;
}

/* ---- merge the runs by time ---- */

/* Arrays of events this large are mapped, so that their pages can be given
 * back before the whole array is freed; smaller ones stay under malloc (and
 * under the sanitizers' eyes). */
#define MAP_EVENTS_MIN (4u << 20)
#define RELEASE_STEP (64u << 10) /* bytes of a run consumed before they are given back */

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels say EINVAL and fault as usual */
#endif

/* Faults in the pages of [p, p + len) in one call: much cheaper than a page
 * fault per page, for memory about to be written whole. */
static void populate(void *p, size_t len) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = (uintptr_t)p / page * page, hi = ((uintptr_t)p + len + page - 1) / page * page;
  madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
}

/* runs: the pages will be given back piecemeal as they are merged, which
 * only small pages allow (with transparent huge pages, a partly given back
 * huge page would stay whole in memory); they are written whole at once, so
 * they are faulted in at once. */
static WeftEvent *events_alloc(size_t n, bool runs, size_t *map_size) {
  *map_size = 0;
  if (n > SIZE_MAX / sizeof(WeftEvent) / 2)
    return NULL;
  size_t bytes = (n ? n : 1) * sizeof(WeftEvent);
  if (bytes < MAP_EVENTS_MIN)
    return malloc(bytes);
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  bytes = (bytes + page - 1) / page * page;
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  if (runs) {
#ifdef MADV_NOHUGEPAGE
    madvise(p, bytes, MADV_NOHUGEPAGE);
#endif
    populate(p, bytes);
  }
  *map_size = bytes;
  return p;
}

/* The final array is filled in order: its pages are faulted in a window
 * ahead of the merge, which keeps the peak where it is. */
#define POPULATE_STEP 32768u /* events: 1 MiB */

static void events_free(WeftEvent *ev, size_t map_size) {
  if (map_size)
    munmap(ev, map_size);
  else
    free(ev);
}

typedef struct {
  const WeftEvent *cur, *end;
  uintptr_t kept; /* the run's pages below this were given back */
} Run;

/* Merges the streams' runs into t->events, subtracting origin; collects the
 * indices of THREAD_CREATE, DEADLOCK and RACE events for note_special(). */
static WeftStatus merge_runs(WeftTrace *t, const WeftEvent *in, size_t in_map_size,
                             const Stream *streams, size_t nstreams, uint64_t origin,
                             uint32_t **special_out, size_t *nspecial_out, Progress *pg) {
  size_t total = 0, k = 0;
  for (size_t i = 0; i < nstreams; i++) {
    total += streams[i].count;
    k += streams[i].count > 0;
  }
  Run *runs = calloc(k ? k : 1, sizeof *runs);
  uint64_t *heads = malloc((k ? k : 1) * sizeof *heads);
  bool *live = malloc(k ? k : 1);
  uint32_t *special = NULL;
  size_t nspecial = 0, special_cap = 0;
  t->events = events_alloc(total, false, &t->events_map_size);
  WeftLosers l = {0};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (runs && heads && live)
    for (size_t i = 0, r = 0; i < nstreams; i++)
      if (streams[i].count) {
        runs[r].cur = in + streams[i].base;
        runs[r].end = runs[r].cur + streams[i].count;
        runs[r].kept = ((uintptr_t)runs[r].cur + page - 1) / page * page;
        heads[r] = runs[r].cur->time;
        live[r] = true;
        r++;
      }
  if (!runs || !heads || !live || !t->events || _weft_losers_build(&l, k, heads, live) < 0) {
    free(runs);
    free(heads);
    free(live);
    return WEFT_ERR_NO_MEMORY;
  }
  free(heads);
  free(live);

  WeftEvent *out = t->events;
  size_t step = total / 64 + 1;
  for (size_t o = 0; o < total; o++) {
    size_t w = _weft_losers_top(&l);
    Run *r = &runs[w];
    WeftEvent e = *r->cur++;
    /* 64 interleaved streams outrun the hardware's prefetcher (a prefetch
     * past the end is harmless) */
    __builtin_prefetch((const void *)((uintptr_t)r->cur + 16 * sizeof *r->cur));
    e.time -= origin;
    out[o] = e;
    if (t->events_map_size && (o & (POPULATE_STEP - 1)) == 0)
      populate(out + o, (total - o < POPULATE_STEP ? total - o : POPULATE_STEP) * sizeof *out);
    if (e.type == WEFT_EV_THREAD_CREATE || e.type == WEFT_EV_DEADLOCK || e.type == WEFT_EV_RACE) {
      if (weft_grow((void **)&special, &special_cap, nspecial + 1, sizeof *special))
        special[nspecial++] = (uint32_t)o;
    }
    if (in_map_size && (uintptr_t)r->cur >= r->kept + RELEASE_STEP) {
      uintptr_t upto = (uintptr_t)r->cur / page * page;
      madvise((void *)r->kept, upto - r->kept, MADV_DONTNEED);
      r->kept = upto;
    }
    _weft_losers_replace(&l, _weft_loser_leaf(&l, w, r->cur < r->end,
                                               r->cur < r->end ? r->cur->time : 0));
    if (o % step == 0)
      progress_report(pg, (double)o / (double)total);
  }
  t->nevents = total;
  free(runs);
  _weft_losers_free(&l);
  *special_out = special;
  *nspecial_out = nspecial;
  return WEFT_TRACE_OK;
}

/* ---- names ---- */

static const char *frame_function(const WeftTrace *t, uint32_t epoch, uint64_t pc) {
  FrameSlot *s = frame_find(t, frame_key(epoch, pc));
  return s ? s->frame.function : NULL;
}

static char *site_name(const WeftTrace *t, uint32_t epoch, uint64_t pc) {
  FrameSlot *s = pc ? frame_find(t, frame_key(epoch, pc)) : NULL;
  if (!s || !s->frame.file)
    return NULL;
  char *out = NULL;
  if (asprintf(&out, "%s:%u", s->frame.file, s->frame.line) < 0)
    return NULL;
  return out;
}

static int thread_pair_cmp(const void *a, const void *b) {
  uint32_t x = ((const WeftThread *)a)->id, y = ((const WeftThread *)b)->id;
  return x < y ? -1 : x > y;
}

/* The events the tables point at (thread creations, deadlocks, races), met
 * in time order; index: the event's in the merged order. */
static void note_special(WeftTrace *t, size_t index, const WeftEvent *e) {
  if (e->type == WEFT_EV_THREAD_CREATE && thread_get(t, e->thread)) {
    WeftThread *child = thread_get(t, (uint32_t)e->arg);
    if (child && child->create_event == UINT32_MAX)
      child->create_event = index < UINT32_MAX ? (uint32_t)index : UINT32_MAX;
  }
  if (e->type == WEFT_EV_DEADLOCK && e->stack && e->stack <= t->ndeadlocks)
    t->deadlocks[e->stack - 1].time = e->time;
  _weft_races_event(&t->races, e);
}

static void finish_tables(WeftTrace *t) {
  for (size_t i = 0; i < t->nthreads; i++) {
    WeftThread *th = &t->threads[i];
    th->start_function = frame_function(t, th->epoch, th->start_pc);
    th->create_site = site_name(t, th->epoch, th->create_pc);
    if (th->create_site) /* kept alive by the string table */
      intern(t, (char *)th->create_site);
    const char *name = t->thread_names[i];
    char buf[32];
    if (!name && th->start_function)
      name = th->start_function;
    if (!name && th->id == 1)
      name = "main";
    if (!name) {
      snprintf(buf, sizeof buf, "thread-%u", th->id);
      name = buf;
    }
    char *owned = strdup(name);
    intern(t, owned);
    th->name = owned ? owned : "?";
    if (th->start_time == UINT64_MAX)
      th->start_time = 0;
  }
  /* Threads sorted by id, each with its name. */
  free(t->thread_slots);
  t->thread_slots = NULL;
  t->thread_slots_cap = 0;
  typedef struct {
    WeftThread th;
    char *name;
  } Pair;
  Pair *pairs = t->nthreads > 1 ? malloc(t->nthreads * sizeof *pairs) : NULL;
  if (pairs) {
    for (size_t i = 0; i < t->nthreads; i++)
      pairs[i] = (Pair){t->threads[i], t->thread_names[i]};
    qsort(pairs, t->nthreads, sizeof *pairs, thread_pair_cmp); /* ids are unique */
    for (size_t i = 0; i < t->nthreads; i++) {
      t->threads[i] = pairs[i].th;
      t->thread_names[i] = pairs[i].name;
    }
    free(pairs);
  } else {
    for (size_t i = 1; i < t->nthreads; i++) {
      WeftThread x = t->threads[i];
      char *xn = t->thread_names[i];
      size_t j = i;
      while (j > 0 && t->threads[j - 1].id > x.id) {
        t->threads[j] = t->threads[j - 1];
        t->thread_names[j] = t->thread_names[j - 1];
        j--;
      }
      t->threads[j] = x;
      t->thread_names[j] = xn;
    }
  }
  /* Objects: names, and a dense list of the defined ones. */
  size_t nobj = 0;
  for (size_t id = 1; id < t->objects_cap; id++)
    if (t->objects[id].id)
      nobj++;
  t->object_list = calloc(nobj ? nobj : 1, sizeof *t->object_list);
  size_t k = 0;
  for (size_t id = 1; id < t->objects_cap; id++) {
    WeftObject *o = &t->objects[id];
    if (!o->id)
      continue;
    char *name = NULL;
    const char *sym = t->object_symbol[id] ? file_string(t, t->object_symbol[id]) : NULL;
    if (t->object_given_names[id])
      name = strdup(t->object_given_names[id]);
    else if (sym) {
      name = strdup(sym);
      o->from_source = true;
    } else
      name = site_name(t, o->epoch, o->site_pc);
    if (!name && asprintf(&name, "%s#%u", weft_object_kind_name(o->kind), o->id) < 0)
      name = NULL;
    intern(t, name);
    o->name = name ? name : "?";
    if (t->object_list)
      t->object_list[k++] = *o;
  }
  t->nobjects_defined = t->object_list ? k : 0;
}

/* A deadlock names threads and objects by id: only those the trace defines
 * are kept, and each kept thread keeps the object it waits on (or 0). */
static void validate_deadlocks(WeftTrace *t) {
  for (size_t i = 0; i < t->ndeadlocks; i++) {
    WeftDeadlock *d = &t->deadlocks[i];
    uint32_t *threads = (uint32_t *)d->threads, *objects = (uint32_t *)d->objects;
    bool damaged = d->nobjects != d->nthreads || !threads;
    size_t k = 0;
    for (size_t j = 0; threads && j < d->nthreads; j++) {
      if (!weft_trace_thread(t, threads[j])) {
        damaged = true;
        continue;
      }
      uint32_t obj = objects && j < d->nobjects ? objects[j] : 0;
      if (obj && !weft_trace_object(t, obj)) {
        damaged = true;
        obj = 0;
      }
      threads[k] = threads[j];
      if (objects && k < d->nobjects)
        objects[k] = obj;
      k++;
    }
    if (!objects || d->nobjects < k) {
      uint32_t *grown = realloc(objects, (k ? k : 1) * sizeof *grown);
      if (!grown) {
        k = d->nobjects < k ? d->nobjects : k; /* the lists stay the same length */
      } else {
        for (size_t j = objects ? d->nobjects : 0; j < k; j++)
          grown[j] = 0;
        objects = grown;
      }
    }
    d->threads = threads;
    d->objects = objects;
    d->nthreads = d->nobjects = k;
    t->info.malformed_records += damaged || k == 0;
  }
}

/* ---- open ---- */

/* The lazy trace's pass in time order: what the tables need from the merged
 * order (creation indices, deadlock times, races), the count and the end. */
static WeftStatus lazy_pass(WeftTrace *t, uint32_t *last_end, Progress *pg) {
  WeftEventCursor *c = weft_event_cursor_new(t);
  if (!c)
    return WEFT_ERR_NO_MEMORY;
  WeftEvent e;
  size_t n = 0, counted = t->lazy_count;
  *last_end = UINT32_MAX;
  while (weft_event_cursor_next(c, &e)) {
    if (e.type == WEFT_EV_THREAD_CREATE || e.type == WEFT_EV_DEADLOCK || e.type == WEFT_EV_RACE)
      note_special(t, n, &e);
    if (e.type == WEFT_EV_THREAD_END && n < UINT32_MAX)
      *last_end = (uint32_t)n;
    t->info.forks += e.type == WEFT_EV_FORK;
    t->info.duration = e.time;
    if ((++n & 0xffff) == 0)
      progress_report(pg, (double)n / (double)(counted > n ? counted : n));
  }
  t->lazy_count = n;
  weft_event_cursor_free(c);
  return WEFT_TRACE_OK;
}

static WeftStatus parse(WeftTrace *t, Progress *pg, bool lazy) {
  t->info.file_size = t->size;
  if (t->size < WEFT_MAGIC_LEN || memcmp(t->data, WEFT_MAGIC, WEFT_MAGIC_LEN) != 0)
    return t->size > 0 && t->size < WEFT_MAGIC_LEN && memcmp(t->data, WEFT_MAGIC, t->size) == 0
               ? WEFT_ERR_TRUNCATED
               : WEFT_ERR_NOT_TRACE;
  if (t->size < sizeof(WeftFileHeader))
    return WEFT_ERR_TRUNCATED;
  WeftFileHeader h;
  memcpy(&h, t->data, sizeof h);
  t->info.major = h.major;
  t->info.minor = h.minor;
  if (h.major != WEFT_FORMAT_MAJOR)
    return WEFT_ERR_VERSION;
  if (h.byte_order != WEFT_BYTE_ORDER_LITTLE)
    return WEFT_ERR_BYTE_ORDER;
  if (h.header_size < sizeof h || h.header_size > t->size)
    return WEFT_ERR_CORRUPT;
  t->info.features = h.features;
  t->info.pid = h.pid;
  t->info.start_realtime_ns = h.start_realtime_ns;
  t->info.epochs = 1;

  progress_phase(pg, 0.0, 0.04);
  Chunk *chunks;
  size_t nchunks;
  WeftStatus st = scan_chunks(t, &chunks, &nchunks, pg);
  if (st != WEFT_TRACE_OK)
    return st;
  Stream *streams = NULL;
  size_t nstreams = 0, streams_cap = 0;
  for (size_t i = 0, j; i < nchunks; i = j) {
    for (j = i + 1; j < nchunks && chunks[j].thread == chunks[i].thread; j++)
      ;
    if (!weft_grow((void **)&streams, &streams_cap, nstreams + 1, sizeof *streams)) {
      free(streams);
      free(chunks);
      return WEFT_ERR_NO_MEMORY;
    }
    streams[nstreams++] = (Stream){.chunks = chunks + i, .nchunks = j - i, .thread = chunks[i].thread};
  }

  progress_phase(pg, 0.04, 0.16);
  size_t total = 0;
  for (size_t i = 0; i < nstreams; i++) {
    streams[i].base = total;
    streams[i].count = count_stream(t, &streams[i]);
    total += streams[i].count;
    progress_report(pg, (double)(i + 1) / (double)nstreams);
  }
  TimeScale ts = tick_scale(t);
  size_t in_map_size = 0;
  WeftEvent *in = lazy ? NULL : events_alloc(total, true, &in_map_size);
  WeftLazyEvents *lz = lazy ? calloc(1, sizeof *lz) : NULL;
  WeftDecoder *decoders = lazy && lz ? calloc(nstreams ? nstreams : 1, sizeof *decoders) : NULL;
  if (lazy ? !decoders : !in) {
    free(lz);
    free(streams);
    free(chunks);
    return WEFT_ERR_NO_MEMORY;
  }
  if (lazy) {
    *lz = (WeftLazyEvents){chunks, decoders, nstreams, ts, 0};
    t->lazy = lz; /* freed with the trace from here on */
  }

  progress_phase(pg, 0.16, lazy ? 0.5 : 0.48);
  size_t chunks_done = 0;
  uint64_t origin = UINT64_MAX;
  WeftDecoder one = {0};
  for (size_t i = 0; i < nstreams; i++) {
    decode_stream(t, &streams[i], lazy ? NULL : in + streams[i].base, &ts, pg, &chunks_done,
                  nchunks, lazy ? &decoders[i] : &one, lazy ? WEFT_PASS_FIRST_KEEP : WEFT_PASS_FIRST);
    if (streams[i].min_time < origin)
      origin = streams[i].min_time;
  }
  if (!lazy)
    free(chunks); /* the streams keep no pointer into them from here on */
  if (t->have_process_start && t->process_start_ns < origin)
    origin = t->process_start_ns;
  if (origin == UINT64_MAX)
    origin = 0;
  t->origin_ns = origin;
  for (size_t i = 0; i < nstreams; i++) {
    Stream *s = &streams[i];
    WeftThread *th = s->count ? thread_get(t, s->thread) : NULL;
    if (!th)
      continue;
    th->start_time = s->min_time - origin;
    if (s->last_end != UINT64_MAX)
      th->end_time = s->last_end - origin;
  }

  uint32_t last_end = UINT32_MAX;
  if (lazy) {
    free(streams);
    lz->origin = origin;
    t->lazy_count = total; /* as counted: for progress */
    progress_phase(pg, 0.5, 0.99);
    st = lazy_pass(t, &last_end, pg);
    if (st != WEFT_TRACE_OK)
      return st;
  } else {
    progress_phase(pg, 0.48, 0.99);
    uint32_t *special = NULL;
    size_t nspecial = 0;
    st = merge_runs(t, in, in_map_size, streams, nstreams, origin, &special, &nspecial, pg);
    events_free(in, in_map_size);
    free(streams);
    if (st != WEFT_TRACE_OK)
      return st;
    if (t->nevents)
      t->info.duration = t->events[t->nevents - 1].time;
    for (size_t i = 0; i < nspecial; i++)
      note_special(t, special[i], &t->events[special[i]]);
    free(special);
  }
  progress_phase(pg, 0.99, 1.0);
  finish_tables(t);
  validate_deadlocks(t);
  _weft_races_finish(&t->races, t);
  if (_weft_trace_set_single_process(t) < 0)
    return WEFT_ERR_NO_MEMORY;
  if (lazy)
    t->processes[0].end_event = last_end;
  progress_report(pg, 1.0);
  return WEFT_TRACE_OK;
}

/* Everything kept from the file has been copied: its pages can go. */
static void release_data(WeftTrace *t) {
  if (t->mapped)
    munmap((void *)t->data, t->size);
  free(t->owned_data);
  t->mapped = false;
  t->owned_data = NULL;
  t->data = NULL;
}

static WeftStatus open_common(WeftTrace *t, Progress *pg, bool lazy, WeftTrace **out) {
  WeftStatus st = parse(t, pg, lazy);
  if (!lazy || st != WEFT_TRACE_OK)
    release_data(t);
  if (st != WEFT_TRACE_OK) {
    weft_trace_free(t);
    *out = NULL;
    return st;
  }
  *out = t;
  return WEFT_TRACE_OK;
}

static WeftStatus open_file(const char *path, WeftProgressFn progress, void *user, bool lazy,
                            WeftTrace **out) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return WEFT_ERR_IO;
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return WEFT_ERR_IO;
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    errno = EISDIR;
    return WEFT_ERR_IO;
  }
  WeftTrace *t = calloc(1, sizeof *t);
  if (!t) {
    close(fd);
    return WEFT_ERR_NO_MEMORY;
  }
  if (st.st_size > 0) {
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      int e = errno;
      close(fd);
      free(t);
      errno = e;
      return WEFT_ERR_IO;
    }
    t->data = m;
    t->size = (size_t)st.st_size;
    t->mapped = true;
  } else {
    t->data = (const uint8_t *)"";
  }
  close(fd);
  Progress pg = {progress, user, 0, 0, -1};
  return open_common(t, &pg, lazy, out);
}

WeftStatus weft_trace_open_with_progress(const char *path, WeftProgressFn progress, void *user,
                                         WeftTrace **out) {
  return open_file(path, progress, user, false, out);
}

WeftStatus weft_trace_open_streamed(const char *path, WeftTrace **out) {
  return open_file(path, NULL, NULL, true, out);
}

WeftStatus weft_trace_open(const char *path, WeftTrace **out) {
  return weft_trace_open_with_progress(path, NULL, NULL, out);
}

WeftStatus weft_trace_open_memory(const void *data, size_t size, WeftTrace **out) {
  *out = NULL;
  WeftTrace *t = calloc(1, sizeof *t);
  if (!t)
    return WEFT_ERR_NO_MEMORY;
  t->owned_data = malloc(size ? size : 1);
  if (!t->owned_data) {
    free(t);
    return WEFT_ERR_NO_MEMORY;
  }
  memcpy(t->owned_data, data, size);
  t->data = t->owned_data;
  t->size = size;
  Progress pg = {0};
  return open_common(t, &pg, false, out);
}

void weft_trace_free(WeftTrace *t) {
  if (!t)
    return;
  if (t->mapped)
    munmap((void *)t->data, t->size);
  free(t->owned_data);
  events_free(t->events, t->events_map_size);
  if (t->lazy) {
    for (size_t i = 0; i < t->lazy->nstreams; i++)
      free(t->lazy->streams[i].side);
    free(t->lazy->streams);
    free(t->lazy->chunks);
    free(t->lazy);
  }
  free(t->threads);
  free(t->thread_slots);
  for (size_t i = 0; i < t->nthreads; i++)
    free(t->thread_names[i]);
  free(t->thread_names);
  for (size_t i = 0; i < t->objects_cap; i++)
    free(t->object_given_names[i]);
  free(t->objects);
  free(t->object_given_names);
  free(t->object_symbol);
  free(t->object_list);
  for (size_t i = 0; i < t->stacks_cap; i++) {
    free(t->stacks[i].pcs);
    free(t->stacks[i].frames);
  }
  free(t->stacks);
  free(t->frames);
  for (size_t i = 1; i <= t->nstrings; i++)
    free(t->strings[i]);
  free(t->strings);
  for (size_t i = 0; i < t->file_strings_cap; i++)
    free(t->file_strings[i]);
  free(t->file_strings);
  for (size_t i = 0; i < t->ndeadlocks; i++) {
    free((void *)t->deadlocks[i].threads);
    free((void *)t->deadlocks[i].objects);
  }
  free(t->deadlocks);
  _weft_races_free(&t->races);
  free(t->clocks);
  free(t->processes);
  for (size_t i = 0; i < t->nmembers; i++)
    weft_trace_free(t->members[i]);
  free(t->members);
  free((char *)t->info.argv);
  free(t);
}

/* ---- processes ---- */

int _weft_trace_set_single_process(WeftTrace *t) {
  WeftProcess *p = calloc(1, sizeof *p);
  if (!p)
    return -1;
  *p = (WeftProcess){.pid = t->info.pid, .ppid = t->info.ppid, .argv = t->info.argv,
                     .info = &t->info, .parent = UINT32_MAX, .fork_event = UINT32_MAX,
                     .end_event = UINT32_MAX, .reap_event = UINT32_MAX,
                     .end_time = t->info.duration};
  for (size_t i = 0; i < t->nthreads; i++) {
    t->threads[i].pid = t->info.pid;
    if (!p->main_thread || t->threads[i].id < p->main_thread)
      p->main_thread = t->threads[i].id;
  }
  for (size_t i = 0; i < t->nevents; i++) {
    if (t->events[i].type == WEFT_EV_THREAD_END)
      p->end_event = (uint32_t)i;
    t->info.forks += t->events[i].type == WEFT_EV_FORK;
  }
  free(t->processes);
  t->processes = p;
  t->nprocesses = 1;
  return 0;
}

void _weft_trace_drop_events(WeftTrace *t) {
  events_free(t->events, t->events_map_size);
  t->events = NULL;
  t->nevents = 0;
  t->events_map_size = 0;
}

/* ---- lookups ---- */

const WeftTraceInfo *weft_trace_info(const WeftTrace *t) { return &t->info; }

const WeftEvent *weft_trace_events(const WeftTrace *t, size_t *count) {
  *count = t->nevents;
  return t->events;
}

const WeftThread *weft_trace_threads(const WeftTrace *t, size_t *count) {
  *count = t->nthreads;
  return t->threads;
}

const WeftThread *weft_trace_thread(const WeftTrace *t, uint32_t id) {
  size_t lo = 0, hi = t->nthreads;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->threads[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->nthreads && t->threads[lo].id == id ? &t->threads[lo] : NULL;
}

const WeftObject *weft_trace_objects(const WeftTrace *t, size_t *count) {
  *count = t->nobjects_defined;
  return t->object_list;
}

const WeftObject *weft_trace_object(const WeftTrace *t, uint32_t id) {
  if (id == 0 || id >= t->objects_cap || !t->objects[id].id)
    return NULL;
  return &t->objects[id];
}

size_t weft_trace_stack_count(const WeftTrace *t) { return t->stacks_cap; }

const WeftFrame *weft_trace_stack(const WeftTrace *t, uint32_t id, size_t *depth) {
  *depth = 0;
  if (id == 0 || id >= t->stacks_cap || !t->stacks[id].pcs)
    return NULL;
  StackEntry *s = &((WeftTrace *)t)->stacks[id];
  if (!s->frames) {
    s->frames = calloc(s->depth ? s->depth : 1, sizeof *s->frames);
    if (!s->frames)
      return NULL;
    for (uint32_t i = 0; i < s->depth; i++) {
      FrameSlot *f = frame_find(t, frame_key(s->epoch, s->pcs[i]));
      if (f)
        s->frames[i] = f->frame;
      s->frames[i].pc = s->pcs[i];
    }
  }
  *depth = s->depth;
  return s->frames;
}

const char *weft_trace_race_detector(const WeftTrace *t) {
  return t->races.detector ? "ThreadSanitizer" : NULL;
}

const WeftRace *weft_trace_races(const WeftTrace *t, size_t *count) {
  *count = t->races.n;
  return t->races.races;
}

const WeftDeadlock *weft_trace_deadlocks(const WeftTrace *t, size_t *count) {
  *count = t->ndeadlocks;
  return t->deadlocks;
}

const WeftProcess *weft_trace_processes(const WeftTrace *t, size_t *count) {
  *count = t->nprocesses;
  return t->processes;
}

const char *weft_trace_string(const WeftTrace *t, uint64_t id) {
  return id >= 1 && id <= t->nstrings ? t->strings[id] : NULL;
}
