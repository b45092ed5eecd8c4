/* weft-output.c: every chunk the preload writes goes through here. Without
 * a bound it is appended (O_APPEND: one writev lands whole). Under
 * --max-size (WEFT_MAX_SIZE bytes) the file keeps the start of the run and,
 * in the rest of the bound, a ring of the last chunks:
 *
 *   header | start: chunks appended up to half the bound | reserve: the first
 *   chunk of each later thread, and the last (its end alone) of each thread
 *   that ends | ring: chunks written round and round up to the bound
 *
 * A chunk written in the ring destroys the older chunks it lands on; the
 * last one it cuts into is covered, up to its end, by a PADDING chunk (skipped
 * by its length), so that a reader walking the file from the start finds a
 * whole chunk at every step. The older chunks are found by reading their
 * headers back from the file: the file is its own index. Chunks destroyed
 * are counted and said (a DROPPED record at the end). Writes in bounded mode
 * are serialised by one lock: they are system calls already. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "weft-preload-private.h"
#include "weft-writer.h"

#define RING_MIN (1u << 20) /* below this the bound is raised to it */
#define RESERVED_END_MAX 512 /* a lane's end chunk bigger than this goes in the ring */

static uint64_t max_size; /* 0: unbounded */
static atomic_int bound_lock;
static uint64_t file_end;       /* start phase: the next chunk's offset */
static uint64_t start_limit;    /* the start part ends before this */
static bool in_ring;
static uint64_t reserve_pos;    /* where the next thread's first chunk goes */
static uint64_t ring_start;     /* the first chunk of the ring */
static uint64_t ring_pos;       /* where the next ring chunk goes */
static uint64_t ring_high;      /* the end of what the ring holds */
static uint64_t older;          /* the first older chunk at or after ring_pos (a lap on) */
static bool lapped;
static uint64_t dropped_chunks, dropped_bytes;

void _weft_output_setup(int fd) {
  const char *v = getenv("WEFT_MAX_SIZE");
  max_size = v && *v ? strtoull(v, NULL, 10) : 0;
  if (!max_size)
    return;
  if (max_size < 2 * RING_MIN)
    max_size = 2 * RING_MIN;
  /* pwrite() at an offset: O_APPEND would ignore it. */
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0)
    fcntl(fd, F_SETFL, fl & ~O_APPEND);
  off_t end = lseek(fd, 0, SEEK_END);
  file_end = end > 0 ? (uint64_t)end : 0;
  start_limit = max_size / 2;
  in_ring = lapped = false;
  dropped_chunks = dropped_bytes = 0;
  if (file_end >= start_limit) { /* a new image after exec: its ring starts here */
    start_limit = file_end;
    max_size = file_end + max_size / 2;
  }
}

static int pwrite_all(int fd, const struct iovec *iov_in, int n, uint64_t off) {
  struct iovec iov[2];
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    iov[i] = iov_in[i];
    total += iov[i].iov_len;
  }
  while (total > 0) {
    ssize_t w = pwritev(fd, iov, n, (off_t)off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      if (w == 0)
        errno = ENOSPC;
      return -1;
    }
    off += (uint64_t)w;
    total -= (size_t)w;
    for (int i = 0; i < n && w > 0; i++) {
      size_t take = (size_t)w < iov[i].iov_len ? (size_t)w : iov[i].iov_len;
      iov[i].iov_base = (char *)iov[i].iov_base + take;
      iov[i].iov_len -= take;
      w -= (ssize_t)take;
    }
  }
  return 0;
}

static int write_chunk_at(int fd, uint64_t off, uint32_t thread, uint32_t seq, uint16_t flags,
                          const void *payload, size_t len) {
  WeftChunkHeader h = {WEFT_CHUNK_MAGIC, (uint32_t)len, (uint32_t)crc32(0L, payload, (uInt)len),
                       thread, seq, flags, 0};
  struct iovec iov[2] = {{&h, sizeof h}, {(void *)payload, len}};
  return pwrite_all(fd, iov, 2, off);
}

/* A PADDING chunk over [from, to): its header only, to - from >= 24. */
static int write_padding(int fd, uint64_t from, uint64_t to) {
  WeftChunkHeader pad = {WEFT_CHUNK_MAGIC, (uint32_t)(to - from - sizeof pad), 0, 0, 0,
                         WEFT_CHUNK_PADDING, 0};
  struct iovec iov[1] = {{&pad, sizeof pad}};
  return pwrite_all(fd, iov, 1, from);
}

/* Moves `older` past every older chunk that [.., end) overwrites, and past
 * more until a PADDING header fits between end and it. */
static void skip_older(int fd, uint64_t end) {
  while (older < ring_high && older != end && older < end + sizeof(WeftChunkHeader)) {
    WeftChunkHeader h;
    if (pread(fd, &h, sizeof h, (off_t)older) != (ssize_t)sizeof h || h.magic != WEFT_CHUNK_MAGIC ||
        h.length > WEFT_CHUNK_MAX_PAYLOAD) {
      older = ring_high; /* not what we wrote: nothing after it is kept */
      break;
    }
    if (!(h.flags & WEFT_CHUNK_PADDING)) {
      dropped_chunks++;
      dropped_bytes += sizeof h + h.length;
    }
    older += sizeof h + h.length;
  }
}

static int write_bounded(int fd, uint32_t thread, uint32_t seq, uint16_t flags,
                         const void *payload, size_t len) {
  uint64_t total = sizeof(WeftChunkHeader) + len;
  if (!in_ring && file_end + total <= start_limit) {
    int rc = write_chunk_at(fd, file_end, thread, seq, flags, payload, len);
    file_end += total;
    return rc;
  }
  if (!in_ring) {
    /* A reserve for the first chunk of each thread to come (its name, its
     * start, who created it), covered by a PADDING chunk until it fills. */
    in_ring = true;
    reserve_pos = file_end;
    ring_start = ring_pos = ring_high = older = file_end + (max_size - file_end) / 4;
    if (write_padding(fd, reserve_pos, ring_start) < 0)
      return -1;
  }
  bool reserved = (seq == 0 || ((flags & WEFT_CHUNK_LANE_END) && len <= RESERVED_END_MAX));
  if (reserved && thread != 0 && reserve_pos + total + sizeof(WeftChunkHeader) <= ring_start) {
    int rc = write_chunk_at(fd, reserve_pos, thread, seq, flags, payload, len);
    reserve_pos += total;
    return rc < 0 ? rc : write_padding(fd, reserve_pos, ring_start);
  }
  if (ring_pos + total > max_size && ring_pos > ring_start) { /* a lap */
    ring_pos = older = ring_start;
    lapped = true;
  }
  uint64_t end = ring_pos + total;
  if (lapped)
    skip_older(fd, end);
  int rc = write_chunk_at(fd, ring_pos, thread, seq, flags, payload, len);
  if (rc == 0 && lapped && older >= ring_high) {
    /* Every older chunk up to the end was overwritten: the ring ends here. */
    if (ring_high > end)
      rc = ftruncate(fd, (off_t)end);
    ring_high = older = end;
  } else if (rc == 0 && lapped && older > end) {
    rc = write_padding(fd, end, older);
  }
  ring_pos = end;
  if (end > ring_high)
    ring_high = end;
  return rc;
}

bool _weft_output_bounded(void) { return max_size != 0; }

/* Writes under way, and whether this thread's is one of them: a process a
 * signal ends dies with no write half done (a write of several pages that
 * a fatal signal meets stops at a page, cutting its chunk). */
static atomic_int in_flight;
static atomic_int closed;
static __thread int writing __attribute__((tls_model("initial-exec")));

static int output_chunk(int fd, uint32_t thread, uint32_t seq, uint16_t flags,
                        const void *payload, size_t len);

int _weft_output_chunk(int fd, uint32_t thread, uint32_t seq, uint16_t flags,
                       const void *payload, size_t len) {
  atomic_fetch_add(&in_flight, 1);
  writing++;
  int rc = 0;
  if (!atomic_load(&closed)) /* else the process is about to die: nothing more */
    rc = output_chunk(fd, thread, seq, flags, payload, len);
  writing--;
  atomic_fetch_sub(&in_flight, 1);
  return rc;
}

void _weft_output_close(void) {
  atomic_store(&closed, 1);
  /* a second at most: a writer stopped for good must not hold the end */
  for (int i = 0; i < 1000 && atomic_load(&in_flight) > writing; i++)
    nanosleep(&(struct timespec){0, 1000000}, NULL);
}

static int output_chunk(int fd, uint32_t thread, uint32_t seq, uint16_t flags,
                        const void *payload, size_t len) {
  if (!max_size)
    return weft_chunk_write(fd, thread, seq, flags, payload, len);
  /* No handler runs while this thread holds the ring: one that flushed (an
   * exit() in it) would wait for another thread's buffer, whose owner waits
   * for the ring. Signals wait for the few system calls of one write. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  int rc = -1;
  if (_weft_spin_lock(&bound_lock)) {
    rc = write_bounded(fd, thread, seq, flags, payload, len);
    _weft_spin_unlock(&bound_lock);
  } else {
    errno = EDEADLK; /* cannot happen with signals blocked; kept as the rule says */
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return rc;
}

void _weft_output_finish(void) {
  if (!dropped_chunks)
    return;
  uint64_t d[3] = {dropped_chunks, dropped_bytes, max_size};
  _weft_process_record(WEFT_META_DROPPED, 3, d, NULL, 0);
}
