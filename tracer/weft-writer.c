#include "weft-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zlib.h>

#include "weft-encode-private.h"

void weft_file_header_init(WeftFileHeader *h, uint32_t features, uint32_t pid,
                           uint64_t start_realtime_ns) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, WEFT_MAGIC, WEFT_MAGIC_LEN);
  h->major = WEFT_FORMAT_MAJOR;
  h->minor = WEFT_FORMAT_MINOR;
  h->byte_order = WEFT_BYTE_ORDER_LITTLE;
  h->header_size = sizeof *h;
  h->features = features;
  h->pid = pid;
  h->start_realtime_ns = start_realtime_ns;
}

/* The preload's copy writes with raw system calls: its own writes must not
 * enter its own hooks of write and writev (a hook entered while the tracer is
 * at work on a thread counts as a lost event). */
#ifdef WEFT_WRITER_RAW_SYSCALLS
#include <sys/syscall.h>
#define writer_writev(fd, iov, n) syscall(SYS_writev, (fd), (iov), (n))
#define writer_write(fd, buf, n) syscall(SYS_write, (fd), (buf), (n))
#else
#define writer_writev writev
#define writer_write write
#endif

int weft_chunk_write(int fd, uint32_t thread, uint32_t sequence, uint16_t flags,
                     const void *payload, size_t length) {
  WeftChunkHeader h = {
      .magic = WEFT_CHUNK_MAGIC,
      .length = (uint32_t)length,
      .crc32 = (uint32_t)crc32(0L, payload, (uInt)length),
      .thread = thread,
      .sequence = sequence,
      .flags = flags,
  };
  struct iovec iov[2] = {{&h, sizeof h}, {(void *)payload, length}};
  size_t total = sizeof h + length;
  /* O_APPEND makes one writev land whole; a short write only happens on a
   * full disk, and then the rest is retried so the chunk stays contiguous. */
  while (total > 0) {
    ssize_t n = writer_writev(fd, iov, 2);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (n == 0) {
      errno = ENOSPC;
      return -1;
    }
    total -= (size_t)n;
    for (int i = 0; i < 2 && n > 0; i++) {
      size_t take = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
      iov[i].iov_base = (char *)iov[i].iov_base + take;
      iov[i].iov_len -= take;
      n -= (ssize_t)take;
    }
  }
  return 0;
}

typedef struct {
  uint32_t thread;
  uint32_t sequence;
  uint64_t last_tick;
  bool has_base;
  bool continues;
  uint8_t *buf;
  size_t len, cap;
} WriterStream;

struct WeftWriter {
  int fd;
  int error;
  WriterStream *streams;
  size_t nstreams, cap;
};

static WeftWriter *writer_new(int fd) {
  WeftWriter *w = calloc(1, sizeof *w);
  if (!w) {
    close(fd);
    errno = ENOMEM;
    return NULL;
  }
  w->fd = fd;
  return w;
}

WeftWriter *weft_writer_create(const char *path, uint32_t features, uint32_t pid) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return NULL;
  WeftFileHeader h;
  weft_file_header_init(&h, features, pid, 0);
  if (writer_write(fd, &h, sizeof h) != (ssize_t)sizeof h) {
    int e = errno ? errno : EIO;
    close(fd);
    errno = e;
    return NULL;
  }
  return writer_new(fd);
}

WeftWriter *weft_writer_append(const char *path) {
  int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  return writer_new(fd);
}

static WriterStream *writer_stream(WeftWriter *w, uint32_t thread) {
  for (size_t i = 0; i < w->nstreams; i++)
    if (w->streams[i].thread == thread)
      return &w->streams[i];
  if (w->nstreams == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 16;
    WriterStream *s = realloc(w->streams, cap * sizeof *s);
    if (!s)
      return NULL;
    w->streams = s;
    w->cap = cap;
  }
  WriterStream *s = &w->streams[w->nstreams++];
  memset(s, 0, sizeof *s);
  s->thread = thread;
  return s;
}

static void writer_flush_stream(WeftWriter *w, WriterStream *s) {
  if (s->len == 0)
    return;
  if (weft_chunk_write(w->fd, s->thread, s->sequence++,
                       s->continues ? WEFT_CHUNK_CONTINUES : 0, s->buf, s->len) < 0 &&
      !w->error)
    w->error = errno;
  s->len = 0;
  s->continues = true;
}

static uint8_t *writer_reserve(WeftWriter *w, WriterStream *s, size_t need) {
  if (s->len + need > WEFT_WRITER_CHUNK_SIZE && s->len > 0)
    writer_flush_stream(w, s);
  if (s->len + need > s->cap) {
    size_t cap = s->cap ? s->cap : WEFT_WRITER_CHUNK_SIZE;
    while (cap < s->len + need)
      cap *= 2;
    uint8_t *b = realloc(s->buf, cap);
    if (!b) {
      w->error = ENOMEM;
      return NULL;
    }
    s->buf = b;
    s->cap = cap;
  }
  return s->buf + s->len;
}

static void writer_put(WeftWriter *w, WriterStream *s, unsigned type, unsigned nargs,
                       const uint64_t *args, const void *blob, size_t blob_len) {
  uint8_t *p = writer_reserve(w, s, _weft_record_size(type, nargs, args, blob_len));
  if (!p)
    return;
  uint8_t *e = _weft_put_record(p, type, nargs, args, blob, blob_len);
  s->len += (size_t)(e - p);
}

void weft_writer_event(WeftWriter *w, uint32_t thread, uint64_t tick, unsigned type,
                       unsigned nargs, const uint64_t *args, const void *blob,
                       size_t blob_len) {
  WriterStream *s = writer_stream(w, thread);
  if (!s) {
    w->error = ENOMEM;
    return;
  }
  if (!s->has_base || tick < s->last_tick) {
    uint64_t base = tick;
    writer_put(w, s, WEFT_EV_TIME_BASE, 1, &base, NULL, 0);
    s->last_tick = tick;
    s->has_base = true;
  }
  uint64_t all[WEFT_RECORD_MAX_ARGS];
  if (nargs + 1 > WEFT_RECORD_MAX_ARGS)
    nargs = WEFT_RECORD_MAX_ARGS - 1;
  all[0] = tick - s->last_tick;
  memcpy(all + 1, args, nargs * sizeof *args);
  s->last_tick = tick;
  writer_put(w, s, type, nargs + 1, all, blob, blob_len);
}

void weft_writer_meta(WeftWriter *w, uint32_t thread, unsigned type, unsigned nargs,
                      const uint64_t *args, const void *blob, size_t blob_len) {
  WriterStream *s = writer_stream(w, thread);
  if (!s) {
    w->error = ENOMEM;
    return;
  }
  writer_put(w, s, type, nargs, args, blob, blob_len);
}

int weft_writer_close(WeftWriter *w) {
  for (size_t i = 0; i < w->nstreams; i++) {
    writer_flush_stream(w, &w->streams[i]);
    free(w->streams[i].buf);
  }
  free(w->streams);
  int err = w->error;
  if (close(w->fd) < 0 && !err)
    err = errno;
  free(w);
  if (err) {
    errno = err;
    return -1;
  }
  return 0;
}
