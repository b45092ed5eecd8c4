/* test-viewer-fixture.c: writes the viewer tests' trace with WeftWriter. */
#include "test-viewer-fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test-race-fixture.h"
#include "weft-trace.h"
#include "weft-writer.h"

static WeftWriter *w;

static void ev(uint32_t tid, uint64_t t_us, unsigned type, uint64_t object, uint64_t flags,
               uint64_t arg) {
  uint64_t a[] = {object, flags, arg};
  unsigned n = arg ? 3 : flags ? 2 : object ? 1 : 0;
  weft_writer_event(w, tid, t_us * US, type, n, a, NULL, 0);
}

static void blob_ev(uint32_t tid, uint64_t t_us, unsigned type, uint64_t object, uint64_t arg,
                    const void *blob, size_t len) {
  uint64_t a[] = {object, 0, arg};
  weft_writer_event(w, tid, t_us * US, type, 3, a, blob, len);
}

static void object(uint64_t id, unsigned kind, const char *name) {
  uint64_t a[] = {id, kind, 0x600000 + id * 64, 0, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_OBJECT, 6, a, name, strlen(name));
}

void weft_test_write_fixture(const char *path) {
  w = weft_writer_create(path, 0, 777);
  if (!w) {
    perror(path);
    exit(1);
  }
  uint64_t proc[] = {777, 1, 0, 0};
  weft_writer_meta(w, 0, WEFT_META_PROCESS, 4, proc, "pipeline", 8);
  for (uint64_t t = 1; t <= 5; t++) { /* both philosophers run philosopher() */
    uint64_t th[] = {t, t == 1 ? 0 : 1, 1000 + t, t >= 4 ? 0x402000 : 0, 0, 0};
    weft_writer_meta(w, (uint32_t)t, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  object(1, WEFT_OBJ_MUTEX, "counter_mu");
  object(2, WEFT_OBJ_CHANNEL, "jobs");
  object(3, WEFT_OBJ_MUTEX, "fork_a");
  object(4, WEFT_OBJ_MUTEX, "fork_b");
  object(5, WEFT_OBJ_CONDVAR, "done_cv");
  object(6, WEFT_OBJ_CHANNEL, "results");
  /* one stack, for the source pane: philo-b's wait at fixture.c:12 */
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, (uint64_t[]){1}, "philosopher", 11);
  weft_writer_meta(w, 0, WEFT_META_STRING, 1, (uint64_t[]){2}, "fixture.c", 9);
  weft_writer_meta(w, 0, WEFT_META_STACK, 3, (uint64_t[]){1, 0, 0x401000}, NULL, 0);
  weft_writer_meta(w, 0, WEFT_META_FRAME, 5, (uint64_t[]){0, 0x401000, 1, 2, 12}, NULL, 0);
  weft_writer_meta(w, 0, WEFT_META_FRAME, 5, (uint64_t[]){0, 0x402000, 1, 2, 8}, NULL, 0);

  /* main */
  ev(1, 0, WEFT_EV_THREAD_START, 0, 0, 0);
  ev(1, 5, WEFT_EV_CHAN_MAKE, 2, 0, 0);
  ev(1, 6, WEFT_EV_CHAN_MAKE, 6, 0, 3);
  ev(1, 10, WEFT_EV_THREAD_CREATE, 0, 0, 2);
  ev(1, 20, WEFT_EV_THREAD_CREATE, 0, 0, 3);
  ev(1, 30, WEFT_EV_THREAD_CREATE, 0, 0, 4);
  ev(1, 40, WEFT_EV_THREAD_CREATE, 0, 0, 5);
  ev(1, 50, WEFT_EV_JOIN_BEGIN, 0, 0, 2);
  ev(1, 525, WEFT_EV_JOIN_END, 0, WEFT_F_WAITED, 2);
  ev(1, 530, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0);
  ev(1, 560, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(1, 590, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0);
  ev(1, 600, WEFT_EV_COND_WAIT, 5, 0, 1);
  ev(1, 705, WEFT_EV_COND_WAKE, 5, WEFT_F_WAITED, 1);
  ev(1, 720, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(1, 730, WEFT_EV_SLEEP_BEGIN, 0, 0, 260000);
  ev(1, 990, WEFT_EV_SLEEP_END, 0, WEFT_F_WAITED, 0);

  /* producer */
  ev(2, 15, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(2, 16, WEFT_EV_THREAD_NAME, 0, 2, "producer", 8);
  blob_ev(2, 20, WEFT_EV_REGION_BEGIN, 0, 0, "produce", 7);
  ev(2, 21, WEFT_EV_CHAN_SEND, 6, 0, 101);
  ev(2, 22, WEFT_EV_CHAN_SEND, 6, 0, 102);
  for (uint64_t i = 0; i < 5; i++) {
    uint64_t base = 60 + i * 90;
    ev(2, base, WEFT_EV_SLEEP_BEGIN, 0, 0, 30000);
    ev(2, base + 30, WEFT_EV_SLEEP_END, 0, WEFT_F_WAITED, 0);
    if (i == 2) {
      ev(2, base + 35, WEFT_EV_CHAN_SEND_WAIT, 2, 0, 0);
      ev(2, base + 80, WEFT_EV_CHAN_SEND, 2, WEFT_F_WAITED, i + 1);
    } else {
      ev(2, base + 40, WEFT_EV_CHAN_SEND, 2, 0, i + 1);
    }
  }
  blob_ev(2, 500, WEFT_EV_REGION_END, 0, 0, "produce", 7);
  ev(2, 520, WEFT_EV_THREAD_END, 0, 0, 0);

  /* consumer */
  ev(3, 25, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(3, 26, WEFT_EV_THREAD_NAME, 0, 3, "consumer", 8);
  ev(3, 27, WEFT_EV_CHAN_RECV, 6, WEFT_CHAN_OK, 101);
  for (uint64_t i = 0; i < 5; i++) {
    uint64_t base = 60 + i * 90, recv;
    if (i == 2) {
      ev(3, base, WEFT_EV_SLEEP_BEGIN, 0, 0, 78000);
      ev(3, base + 78, WEFT_EV_SLEEP_END, 0, WEFT_F_WAITED, 0);
      recv = base + 80;
      ev(3, recv, WEFT_EV_CHAN_RECV, 2, WEFT_CHAN_OK, i + 1);
    } else {
      ev(3, base + 5, WEFT_EV_CHAN_RECV_WAIT, 2, 0, 0);
      recv = base + 41;
      ev(3, recv, WEFT_EV_CHAN_RECV, 2, WEFT_F_WAITED | WEFT_CHAN_OK, i + 1);
    }
    ev(3, recv + 3, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0);
    ev(3, recv + 8, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  }
  ev(3, 540, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0);
  ev(3, 561, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE | WEFT_F_WAITED, 0);
  ev(3, 570, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(3, 595, WEFT_EV_LOCK_WAIT, 1, WEFT_F_WRITE, 0);
  ev(3, 601, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE | WEFT_F_WAITED, 0);
  ev(3, 650, WEFT_EV_COND_SIGNAL, 5, 0, 0);
  ev(3, 660, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(3, 700, WEFT_EV_THREAD_END, 0, 0, 0);

  /* the philosophers */
  ev(4, 35, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(4, 36, WEFT_EV_THREAD_NAME, 0, 4, "philo-a", 7);
  ev(4, 100, WEFT_EV_LOCK_ACQUIRE, 3, WEFT_F_WRITE, 0);
  ev(4, 200, WEFT_EV_LOCK_WAIT, 4, WEFT_F_WRITE, 0);
  ev(5, 45, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(5, 46, WEFT_EV_THREAD_NAME, 0, 5, "philo-b", 7);
  ev(5, 110, WEFT_EV_LOCK_ACQUIRE, 4, WEFT_F_WRITE, 0);
  uint64_t wait_args[] = {3, WEFT_F_WRITE, 0, 1};
  weft_writer_event(w, 5, 210 * US, WEFT_EV_LOCK_WAIT, 4, wait_args, NULL, 0);
  static const unsigned char cycle[] = {2, 4, 5, 2, 4, 3}; /* each waits on */
  blob_ev(5, 211, WEFT_EV_DEADLOCK, 0, WEFT_DEADLOCK_MUTEX_CYCLE, cycle, sizeof cycle);
  if (weft_writer_close(w) < 0) {
    perror(path);
    exit(1);
  }
}

void weft_test_write_findings_fixture(const char *path, const void *race_blob, size_t race_len) {
  w = weft_writer_create(path, 0, 778);
  if (!w) {
    perror(path);
    exit(1);
  }
  for (uint64_t t = 1; t <= 3; t++) {
    uint64_t th[] = {t, t == 1 ? 0 : 1, 2000 + t, 0, 0, 0};
    weft_writer_meta(w, (uint32_t)t, WEFT_META_THREAD, 6, th, NULL, 0);
  }
  object(1, WEFT_OBJ_MUTEX, "m1");
  object(2, WEFT_OBJ_MUTEX, "m2");
  ev(1, 0, WEFT_EV_THREAD_START, 0, 0, 0);
  ev(1, 1, WEFT_EV_THREAD_CREATE, 0, 0, 2);
  ev(1, 2, WEFT_EV_THREAD_CREATE, 0, 0, 3);
  /* the inversion: a takes m1 then m2, b takes m2 then m1, one after the other */
  ev(2, 5, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(2, 6, WEFT_EV_THREAD_NAME, 0, 2, "a", 1);
  ev(2, 10, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0);
  ev(2, 11, WEFT_EV_LOCK_ACQUIRE, 2, WEFT_F_WRITE, 0);
  ev(2, 12, WEFT_EV_LOCK_RELEASE, 2, 0, 0);
  ev(2, 13, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(3, 20, WEFT_EV_THREAD_START, 0, 0, 1);
  blob_ev(3, 21, WEFT_EV_THREAD_NAME, 0, 3, "b", 1);
  ev(3, 30, WEFT_EV_LOCK_ACQUIRE, 2, WEFT_F_WRITE, 0);
  ev(3, 31, WEFT_EV_LOCK_ACQUIRE, 1, WEFT_F_WRITE, 0);
  ev(3, 32, WEFT_EV_LOCK_RELEASE, 1, 0, 0);
  ev(3, 33, WEFT_EV_LOCK_RELEASE, 2, 0, 0);
  /* b unlocks m1 again: a misuse */
  ev(3, 40, WEFT_EV_MISUSE, 1, 0, WEFT_MISUSE_UNLOCK_NOT_OWNER);
  /* and m2 a second time: a misuse found after the run, with no event of its own */
  ev(3, 45, WEFT_EV_LOCK_RELEASE, 2, 0, 0);
  /* ThreadSanitizer's report on a's lane */
  blob_ev(2, 50, WEFT_EV_RACE, 0, 0, race_blob, race_len);
  /* Ctrl-\: one dump of both threads, at one time */
  ev(0, 60, WEFT_EV_DUMP, 2, WEFT_DUMP_RUNNING | WEFT_DUMP_QUIT << WEFT_DUMP_REASON_SHIFT, 0);
  ev(0, 60, WEFT_EV_DUMP, 3, WEFT_DUMP_RUNNING | WEFT_DUMP_QUIT << WEFT_DUMP_REASON_SHIFT, 0);
  /* b crashes (SIGSEGV) */
  ev(0, 70, WEFT_EV_DUMP, 3, WEFT_DUMP_RUNNING | WEFT_DUMP_CRASH << WEFT_DUMP_REASON_SHIFT, 11);
  ev(2, 80, WEFT_EV_THREAD_END, 0, 0, 0);
  ev(1, 90, WEFT_EV_THREAD_END, 0, 0, 0);
  if (weft_writer_close(w) < 0) {
    perror(path);
    exit(1);
  }
}

struct WeftTrace *weft_test_open_findings_fixture(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/weft-test-findings-XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0)
    return NULL;
  close(fd);
  unsigned char blob[1024];
  size_t len = weft_test_race_blob(blob, sizeof blob);
  weft_test_write_findings_fixture(path, blob, len);
  WeftTrace *t = NULL;
  if (weft_trace_open(path, &t) != WEFT_TRACE_OK)
    t = NULL;
  unlink(path);
  return t;
}
