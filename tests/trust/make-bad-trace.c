/* Writes a trace that a damaged or hostile file could hold, for the tests of
 * the reader's validation: make-bad-trace KIND FILE.
 * Two threads, two mutexes, each thread holding one and waiting for the
 * other, then a DEADLOCK event whose fields are what KIND says. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-encode-private.h"
#include "weft-writer.h"

static void abba(WeftWriter *w) {
  uint64_t proc[] = {100, 1, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "abba", 4);
  for (uint64_t tid = 1; tid <= 2; tid++) {
    uint64_t th[] = {tid, tid - 1, 100 + tid, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)tid, WEFT_META_THREAD, 6, th, NULL, 0);
    uint64_t obj[] = {tid, WEFT_OBJ_MUTEX, 0x1000 * tid, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)tid, WEFT_META_OBJECT, 6, obj, NULL, 0);
  }
  uint64_t create[] = {0, 0, 2};
  weft_writer_event(w, 1, 10, WEFT_EV_THREAD_CREATE, 3, create, NULL, 0);
  uint64_t start[] = {0, 0, 1};
  weft_writer_event(w, 2, 20, WEFT_EV_THREAD_START, 3, start, NULL, 0);
  for (uint64_t tid = 1; tid <= 2; tid++) {
    uint64_t acq[] = {tid, WEFT_F_WRITE};
    weft_writer_event(w, (uint32_t)tid, 30 + tid, WEFT_EV_LOCK_ACQUIRE, 2, acq, NULL, 0);
    uint64_t wait[] = {3 - tid, WEFT_F_WRITE};
    weft_writer_event(w, (uint32_t)tid, 40 + tid, WEFT_EV_LOCK_WAIT, 2, wait, NULL, 0);
  }
}

/* The DEADLOCK blob: n threads, then m objects. */
static size_t deadlock_blob(uint8_t *out, const uint64_t *tids, size_t n, const uint64_t *objs,
                            size_t m) {
  uint8_t *p = out;
  p = _weft_put_varint(p, n);
  for (size_t i = 0; i < n; i++)
    p = _weft_put_varint(p, tids[i]);
  p = _weft_put_varint(p, m);
  for (size_t i = 0; i < m; i++)
    p = _weft_put_varint(p, objs[i]);
  return (size_t)(p - out);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: make-bad-trace KIND FILE\n");
    return 2;
  }
  const char *kind = argv[1];
  WeftWriter *w = weft_writer_create(argv[2], 0, 100);
  if (!w) {
    perror(argv[2]);
    return 1;
  }
  abba(w);
  uint8_t blob[256];
  size_t len = 0;
  uint64_t dl_kind = WEFT_DEADLOCK_MUTEX_CYCLE;
  uint64_t both[] = {1, 2}, objs[] = {2, 1}, unknown[] = {1, 77}, huge[] = {1, 1u << 30};
  if (!strcmp(kind, "deadlock-empty")) {
    len = deadlock_blob(blob, NULL, 0, NULL, 0);
  } else if (!strcmp(kind, "deadlock-no-blob")) {
    len = 0;
  } else if (!strcmp(kind, "deadlock-short")) {
    len = deadlock_blob(blob, both, 2, objs, 1);
  } else if (!strcmp(kind, "deadlock-unknown-thread")) {
    len = deadlock_blob(blob, unknown, 2, objs, 2);
  } else if (!strcmp(kind, "deadlock-huge-ids")) {
    len = deadlock_blob(blob, huge, 2, huge, 2);
  } else if (!strcmp(kind, "deadlock-self-empty")) {
    dl_kind = WEFT_DEADLOCK_SELF_RELOCK;
    len = deadlock_blob(blob, NULL, 0, NULL, 0);
  } else if (!strcmp(kind, "deadlock-upgrade-unknown")) {
    dl_kind = WEFT_DEADLOCK_RWLOCK_UPGRADE;
    len = deadlock_blob(blob, unknown + 1, 1, objs, 1);
  } else if (!strcmp(kind, "deadlock-unknown-kind")) {
    dl_kind = 99;
    len = deadlock_blob(blob, both, 2, objs, 2);
  } else if (!strcmp(kind, "deadlock-good")) {
    len = deadlock_blob(blob, both, 2, objs, 2);
  } else if (strcmp(kind, "malformed-record")) {
    fprintf(stderr, "make-bad-trace: unknown kind '%s'\n", kind);
    return 2;
  }
  if (strcmp(kind, "malformed-record")) {
    uint64_t dl[] = {0, 0, dl_kind};
    weft_writer_event(w, 0, 1000, WEFT_EV_DEADLOCK, 3, dl, len ? blob : NULL, len);
    uint64_t status[] = {_weft_zigzag(2)};
    weft_writer_meta(w, 0, WEFT_META_END, 1, status, NULL, 0);
  }
  if (weft_writer_close(w) < 0) {
    perror(argv[2]);
    return 1;
  }
  if (!strcmp(kind, "malformed-record")) {
    /* A chunk with a right checksum whose record stops inside a varint. */
    int fd = open(argv[2], O_WRONLY | O_APPEND);
    const uint8_t payload[] = {(1u << WEFT_REC_FORM_SHIFT) | WEFT_EV_LOCK_ACQUIRE, 0x85, 0x80};
    if (fd < 0 || weft_chunk_write(fd, 1, 99, 0, payload, sizeof payload) < 0) {
      perror(argv[2]);
      return 1;
    }
    close(fd);
  }
  return 0;
}
