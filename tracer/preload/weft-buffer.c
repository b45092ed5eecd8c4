/* weft-buffer.c: one buffer per thread, written without locks.
 *
 * The owner appends records and publishes its end (pos) with a release store.
 * Anyone may flush: under the buffer's small lock it writes the bytes between
 * `flushed` and `pos` as one chunk. Only the owner resets a full buffer, also
 * under the lock, so a flusher never reads bytes being rewritten. Buffers are
 * mmap'ed (not malloc'ed: the program may be inside malloc when a hook runs),
 * kept on a global list and reused by later threads. */
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "weft-preload-private.h"
#include "weft-waits.h"
#include "weft-writer.h"

__thread WeftThreadState _weft_self __attribute__((tls_model("initial-exec")));

WEFT_HIDDEN atomic_uint _weft_next_tid = 1;
WEFT_HIDDEN atomic_ullong _weft_lost;
static _Atomic(WeftBuffer *) all_buffers;

uint32_t _weft_new_tid(void) { return atomic_fetch_add(&_weft_next_tid, 1); }

static void buffer_time_base(WeftBuffer *b) {
  uint64_t base = b->last_tick;
  uint8_t *e = _weft_put_small(b->data + b->pos, WEFT_EV_TIME_BASE, 1, &base);
  __atomic_store_n(&b->pos, (size_t)(e - b->data), __ATOMIC_RELEASE);
}

/* The thread's buffer and the heads of its two side buffers, in one
 * mapping; each side's pages in a mapping of their own, grown on demand. */
#define WEFT_BUFFER_MAP (sizeof(WeftBuffer) + WEFT_BUFFER_SIZE + 2 * sizeof(WeftBuffer))
#define SIDE_PAGE (32u * 1024u) /* takes the largest record (a 16 KiB log line) */
/* A full page starts with its length and the side's event count at its end. */
typedef struct {
  size_t len;
  uint64_t pending;
} SidePageHead;
#define SIDE_PAGE_HEAD sizeof(SidePageHead)
#define SIDE_MAPPED_FIRST (2u * SIDE_PAGE)
#define SIDE_MAPPED_MAX (64u << 20)

static uint8_t *side_page(WeftBuffer *side, uint32_t page) {
  return side->pages + (size_t)page * SIDE_PAGE;
}

void _weft_side_clear(WeftBuffer *side) {
  side->page = 0;
  side->data = side_page(side, 0) + SIDE_PAGE_HEAD;
  side->pos = 0;
  side->pending = 0;
}

static void sides_clear(WeftBuffer *b) {
  for (int k = 0; k < 2; k++) {
    WeftBuffer *side = &b->sides[k];
    if (side->mapped > SIDE_MAPPED_FIRST &&
        mremap(side->pages, side->mapped, SIDE_MAPPED_FIRST, 0) != MAP_FAILED)
      side->mapped = SIDE_MAPPED_FIRST; /* a shrink stays in place */
    _weft_side_clear(side);
  }
}

static bool sides_map(WeftBuffer *b) {
  for (int k = 0; k < 2; k++) {
    WeftBuffer *side = &b->sides[k];
    void *mem = mmap(NULL, SIDE_MAPPED_FIRST, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED)
      return false;
    side->pages = mem;
    side->mapped = SIDE_MAPPED_FIRST;
    side->cap = SIDE_PAGE - SIDE_PAGE_HEAD;
    side->side = true;
  }
  return true;
}

/* In a handler: mremap is a system call, safe there. */
static bool side_grow(WeftBuffer *side) {
  if (side->mapped * 2 > SIDE_MAPPED_MAX)
    return false;
  void *mem = mremap(side->pages, side->mapped, side->mapped * 2, MREMAP_MAYMOVE);
  if (mem == MAP_FAILED)
    return false;
  side->pages = mem;
  side->mapped *= 2;
  return true;
}

static void side_next_page(WeftBuffer *side) {
  size_t end = (size_t)(side->page + 2) * SIDE_PAGE;
  if (end > side->mapped && !side_grow(side)) {
    atomic_fetch_add(&_weft_lost, side->pending); /* no room left: counted */
    _weft_side_clear(side);
  } else {
    SidePageHead head = {side->pos, side->pending};
    memcpy(side_page(side, side->page), &head, sizeof head);
    side->page++;
    side->data = side_page(side, side->page) + SIDE_PAGE_HEAD;
    side->pos = 0;
  }
  buffer_time_base(side); /* each page a chunk of its own */
}

static WeftBuffer *buffer_take(uint32_t tid, uint32_t seq) {
  WeftBuffer *b;
  for (b = atomic_load(&all_buffers); b; b = b->next) {
    int expected = 0;
    if (atomic_compare_exchange_strong(&b->in_use, &expected, 1))
      break;
  }
  if (!b) {
    void *mem = mmap(NULL, WEFT_BUFFER_MAP, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
      return NULL;
    _weft_tsan_private_memory(mem, WEFT_BUFFER_MAP);
    b = mem;
    memset(b, 0, sizeof *b);
    b->data = (uint8_t *)mem + sizeof *b;
    b->cap = WEFT_BUFFER_SIZE;
    b->sides = (WeftBuffer *)(b->data + WEFT_BUFFER_SIZE);
    if (!sides_map(b)) {
      for (int k = 0; k < 2; k++)
        if (b->sides[k].pages)
          munmap(b->sides[k].pages, b->sides[k].mapped);
      munmap(mem, WEFT_BUFFER_MAP);
      return NULL;
    }
    atomic_store(&b->in_use, 1);
    WeftBuffer *head = atomic_load(&all_buffers);
    do
      b->next = head;
    while (!atomic_compare_exchange_weak(&all_buffers, &head, b));
  }
  _weft_spin_lock(&b->lock);
  b->tid = tid;
  b->seq = seq;
  b->pos = 0;
  b->flushed = 0;
  b->pending = 0;
  sides_clear(b);
  b->last_tick = _weft_now();
  buffer_time_base(b);
  _weft_spin_unlock(&b->lock);
  return b;
}

void _weft_emit_thread_meta(WeftThreadState *s) {
  pid_t os_tid = (pid_t)syscall(SYS_gettid);
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (w)
    atomic_store(&w->os_tid, os_tid);
  uint64_t m[6] = {s->tid, s->parent, (uint64_t)os_tid, s->start_pc, s->create_pc, _weft_epoch};
  _weft_emit_meta(s, WEFT_META_THREAD, 6, m, NULL, 0);
}

bool _weft_thread_attach(WeftThreadState *s) {
  if (!s->tid)
    s->tid = _weft_new_tid();
  s->errno_p = &errno; /* where it lives: a call each time otherwise */
  s->buf = buffer_take(s->tid, s->seq);
  if (!s->buf) {
    _weft_internal_failure(WEFT_N_("cannot allocate a trace buffer"), errno);
    return false;
  }
  _weft_emit_thread_meta(s);
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (w) {
    atomic_store(&w->state, WEFT_WAIT_NONE);
    atomic_store(&w->alive, 1);
  }
  return true;
}

/* False when it could not be written: the caller counts its events lost. */
static bool write_chunk(uint32_t tid, uint32_t seq, uint16_t flags, const uint8_t *p, size_t len) {
  int fd = _weft_output_fd();
  if (fd < 0 || _weft_trace_stopped())
    return false;
  if (_weft_output_chunk(fd, tid, seq, flags, p, len) < 0) {
    _weft_trace_write_failed(errno);
    return false;
  }
  return true;
}

/* Called with b->lock held. */
static void write_locked(WeftBuffer *b, uint16_t flags) {
  size_t end = __atomic_load_n(&b->pos, __ATOMIC_ACQUIRE);
  if (end <= b->flushed)
    return;
  if (b->flushed > 0)
    flags |= WEFT_CHUNK_CONTINUES;
  if (!write_chunk(b->tid, b->seq, flags, b->data + b->flushed, end - b->flushed))
    atomic_fetch_add(&_weft_lost, b->pending);
  b->seq++;
  b->flushed = end;
  b->pending = 0;
}

void _weft_buffer_flush(WeftBuffer *b, bool wait) {
  /* false: this thread holds it already (a handler on it flushes) */
  if (!(wait ? _weft_spin_lock(&b->lock) : _weft_spin_trylock(&b->lock)))
    return;
  write_locked(b, 0);
  _weft_spin_unlock(&b->lock);
}

void _weft_flush_all(bool wait) {
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next)
    if (atomic_load(&b->in_use))
      _weft_buffer_flush(b, wait);
}

void _weft_flush_all_within(unsigned ms) {
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next) {
    if (!atomic_load(&b->in_use) || _weft_spin_held_by_me(&b->lock))
      continue;
    /* another thread flushes it: what it took is written, the rest after */
    for (unsigned i = 0; i < ms * 10 && !_weft_spin_trylock(&b->lock); i++)
      nanosleep(&(struct timespec){0, 100000}, NULL);
    if (_weft_spin_held_by_me(&b->lock)) {
      write_locked(b, 0);
      _weft_spin_unlock(&b->lock);
    }
  }
}

void _weft_buffer_full(WeftThreadState *s, size_t need) {
  WeftBuffer *b = s->buf;
  (void)need; /* every record the hooks write fits in an empty buffer */
  if (b->side) {
    side_next_page(b);
    return;
  }
  if (!_weft_spin_lock(&b->lock))
    return; /* never: only a hook at work fills it, and no handler's hook works on its thread */
  write_locked(b, 0);
  b->pos = 0;
  b->flushed = 0;
  buffer_time_base(b);
  _weft_spin_unlock(&b->lock);
}

void _weft_buffer_merge_side(WeftThreadState *s, WeftBuffer *side) {
  size_t n = side->pos;
  if (side->page == 0 && n <= WEFT_BUFFER_SIZE / 2) {
    uint8_t *p = _weft_reserve(s, n);
    memcpy(p, side->data, n);
    s->buf->last_tick = side->last_tick;
    s->buf->pending += side->pending - 1; /* the commit counts one */
    _weft_commit(s, p + n);
    return;
  }
  WeftBuffer *b = s->buf;
  if (!_weft_spin_lock(&b->lock))
    return; /* never: as in _weft_buffer_full() */
  write_locked(b, 0);
  uint64_t written = 0; /* events of the pages written */
  for (uint32_t k = 0; k <= side->page; k++) {
    uint8_t *page = side_page(side, k);
    SidePageHead head = {n, side->pending};
    if (k < side->page)
      memcpy(&head, page, sizeof head);
    if (!write_chunk(b->tid, b->seq, 0, page + SIDE_PAGE_HEAD, head.len)) {
      atomic_fetch_add(&_weft_lost, side->pending - written);
      break;
    }
    written = head.pending;
    b->seq++;
  }
  b->pos = 0;
  b->flushed = 0;
  b->last_tick = side->last_tick;
  buffer_time_base(b);
  _weft_spin_unlock(&b->lock);
}

void _weft_buffer_cut(WeftThreadState *s) {
  if (_weft_output_bounded())
    _weft_buffer_full(s, 0);
}

void _weft_buffer_after_finalize(WeftThreadState *s) {
  if (!s->buf->side) /* a side buffer is flushed once merged */
    _weft_buffer_flush(s->buf, true);
}

void _weft_thread_detach(WeftThreadState *s) {
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (w)
    atomic_store(&w->alive, 0);
  WeftBuffer *b = s->buf;
  if (!b)
    return;
  if (_weft_spin_lock(&b->lock)) {
    write_locked(b, b->flushed == 0 ? WEFT_CHUNK_LANE_END : 0);
    _weft_spin_unlock(&b->lock);
  }
  s->seq = b->seq; /* a later event of this thread continues the numbering */
  s->buf = NULL;
  atomic_store(&b->in_use, 0);
}

void _weft_emit_record_at(WeftThreadState *s, uint64_t tick, unsigned type, uint64_t object,
                          uint64_t flags, uint64_t arg, uint64_t stack) {
  uint8_t *p = _weft_reserve(s, WEFT_RECORD_ROOM);
  WeftBuffer *b = s->buf;
  if (tick < b->last_tick) /* in time order, as _weft_emit_at() */
    tick = b->last_tick;
  uint64_t a[5] = {tick - b->last_tick, object, flags, arg, stack};
  b->last_tick = tick;
  unsigned n = stack ? 5 : arg ? 4 : flags ? 3 : object ? 2 : 1;
  _weft_commit(s, _weft_put_record(p, type, n, a, NULL, 0));
}

void _weft_emit_blob(WeftThreadState *s, unsigned type, uint64_t object, uint64_t flags,
                     uint64_t arg, const void *blob, size_t len) {
  _weft_emit_blob_at(s, _weft_now(), type, object, flags, arg, blob, len);
}

void _weft_emit_blob_at(WeftThreadState *s, uint64_t tick, unsigned type, uint64_t object,
                        uint64_t flags, uint64_t arg, const void *blob, size_t len) {
  if (len > WEFT_BUFFER_SIZE / 4)
    len = WEFT_BUFFER_SIZE / 4; /* a log line longer than 16 KiB is cut */
  WeftBuffer *b = s->buf;
  uint8_t *p = _weft_reserve(s, WEFT_RECORD_ROOM + len);
  if (tick < b->last_tick) /* in time order, as _weft_emit_at() */
    tick = b->last_tick;
  uint64_t a[4] = {tick - b->last_tick, object, flags, arg};
  b->last_tick = tick;
  _weft_commit(s, _weft_put_record(p, type, 4, a, blob, len));
}

void _weft_emit_meta(WeftThreadState *s, unsigned type, unsigned nargs,
                     const uint64_t *args, const void *blob, size_t len) {
  if (len > WEFT_BUFFER_SIZE / 4)
    len = WEFT_BUFFER_SIZE / 4;
  uint8_t *p = _weft_reserve(s, 16 + 10 * nargs + len);
  uint8_t *e = _weft_put_record(p, type, nargs, args, blob, len);
  s->buf->pending--; /* metadata is not an event */
  _weft_commit(s, e);
}

void _weft_buffers_lock_all(void) {
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next)
    _weft_spin_lock(&b->lock);
}

void _weft_buffers_unlock_all(void) {
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next)
    _weft_spin_unlock(&b->lock);
}

/* In a forked child: the other threads are gone and every buffer's content
 * belongs to the parent's trace, which the parent writes. */
void _weft_buffers_after_fork_child(WeftThreadState *self) {
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next) {
    if (b == self->buf)
      continue;
    b->pos = b->flushed = 0;
    sides_clear(b);
    atomic_store(&b->in_use, 0);
  }
  if (self->buf) {
    WeftBuffer *b = self->buf;
    b->pos = b->flushed = 0;
    b->seq = 0;
    b->pending = 0;
    sides_clear(b); /* the parent's */
    buffer_time_base(b);
  }
}

uint64_t _weft_buffers_progress(void) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (WeftBuffer *b = atomic_load(&all_buffers); b; b = b->next) {
    if (!atomic_load(&b->in_use))
      continue;
    uint64_t v = (uint64_t)b->tid << 40 ^ (uint64_t)b->seq << 20 ^
                 __atomic_load_n(&b->pos, __ATOMIC_ACQUIRE);
    h = (h ^ v) * 0x100000001b3ULL;
  }
  return h;
}
