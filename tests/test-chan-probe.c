/* The probes' contract. This executable defines the probe functions itself;
 * its definitions interpose the library's empty ones, as libweft-preload.so's
 * do. Senders send unique values; each records the message id its own send
 * probe reported, each receiver the id its receive probe reported: for every
 * value the two must be equal, none missing, none duplicated, through
 * buffered and unbuffered channels, blocking or not, and through select. */
#include <check.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "test-run.h"
#include "weft-chan-probe.h"
#include "weft-chan.h"

/* ---- the probes -------------------------------------------------------- */

static _Thread_local uint64_t tl_send_msg, tl_recv_msg;
static _Thread_local unsigned tl_send_flags, tl_recv_flags, tl_sends, tl_recvs;
static _Thread_local const void *tl_send_ch, *tl_recv_ch;
static _Thread_local int tl_select_index = -2, tl_select_is_send, tl_misuse, tl_close_result;
static _Thread_local uint64_t tl_select_msg;
static _Thread_local const void *tl_select_ch;
static _Thread_local unsigned tl_select_flags, tl_select_ncases, tl_waits;

static _Atomic long probe_calls, send_waits, recv_waits, select_waits;
static _Atomic long wg_adds, wg_last_counter, wg_waits, wg_wakes, once_ran, once_calls;
static _Atomic long ctx_cancels[3], spawns, makes, frees;
static const void *_Atomic last_made;
static char spawn_name[16];
static char make_name[32];
static _Atomic size_t make_cap, make_elem;

void weft_probe_chan_make(const void *ch, size_t capacity, size_t elem_size, const char *name) {
  atomic_fetch_add(&makes, 1);
  atomic_store(&last_made, ch);
  atomic_store(&make_cap, capacity);
  atomic_store(&make_elem, elem_size);
  if (name)
    strncpy(make_name, name, sizeof make_name - 1);
}

void weft_probe_chan_send_wait(const void *ch) {
  (void)ch;
  atomic_fetch_add(&send_waits, 1);
  tl_waits++;
}

void weft_probe_chan_send(const void *ch, uint64_t msg, unsigned flags) {
  atomic_fetch_add(&probe_calls, 1);
  tl_send_ch = ch;
  tl_send_msg = msg;
  tl_send_flags = flags;
  tl_sends++;
}

void weft_probe_chan_recv_wait(const void *ch) {
  (void)ch;
  atomic_fetch_add(&recv_waits, 1);
  tl_waits++;
}

void weft_probe_chan_recv(const void *ch, uint64_t msg, unsigned flags) {
  atomic_fetch_add(&probe_calls, 1);
  tl_recv_ch = ch;
  tl_recv_msg = msg;
  tl_recv_flags = flags;
  tl_recvs++;
}

void weft_probe_chan_close(const void *ch, int result) {
  (void)ch;
  tl_close_result = result;
}

void weft_probe_chan_free(const void *ch) {
  (void)ch;
  atomic_fetch_add(&frees, 1);
}

void weft_probe_select_begin(unsigned ncases, unsigned flags) {
  tl_select_ncases = ncases;
  tl_select_flags = flags;
  tl_select_index = -2;
}

void weft_probe_select_wait(void) {
  atomic_fetch_add(&select_waits, 1);
  tl_waits++;
}

void weft_probe_select_end(const void *ch, int index, uint64_t msg, int is_send) {
  tl_select_ch = ch;
  tl_select_index = index;
  tl_select_msg = msg;
  tl_select_is_send = is_send;
}

void weft_probe_wg_add(const void *wg, long delta, long counter_after) {
  (void)wg, (void)delta;
  atomic_fetch_add(&wg_adds, 1);
  atomic_store(&wg_last_counter, counter_after);
}

void weft_probe_wg_wait(const void *wg) {
  (void)wg;
  atomic_fetch_add(&wg_waits, 1);
}

void weft_probe_wg_wake(const void *wg) {
  (void)wg;
  atomic_fetch_add(&wg_wakes, 1);
}

void weft_probe_once(const void *once, int ran) {
  (void)once;
  atomic_fetch_add(&once_calls, 1);
  atomic_fetch_add(&once_ran, ran);
}

void weft_probe_ctx_cancel(const void *ctx, int reason) {
  (void)ctx;
  if (reason == 1 || reason == 2)
    atomic_fetch_add(&ctx_cancels[reason], 1);
}

void weft_probe_spawn(const char *name, void *(*fn)(void *)) {
  (void)fn;
  atomic_fetch_add(&spawns, 1);
  strncpy(spawn_name, name, sizeof spawn_name - 1);
}

void weft_probe_misuse(const void *obj, int kind) {
  (void)obj;
  tl_misuse = kind;
}

/* ---- N senders, M receivers, every message paired ---------------------- */

/* MIXED cycles through the three; MIXED_BLOCKING through plain and select
 * (on an unbuffered channel a try can only meet a partner that blocks). */
enum { MODE_PLAIN, MODE_SELECT, MODE_TRY, MODE_MIXED, MODE_MIXED_BLOCKING };

static int pick_mode(int mode, int k) {
  return mode == MODE_MIXED ? k % 3 : mode == MODE_MIXED_BLOCKING ? k % 2 : mode;
}

typedef struct {
  WeftChan *ch, *dummy;
  int first, n, mode;
  uint64_t *send_msg, *recv_msg; /* indexed by value */
  _Atomic int *bad;
} Side;

static void *sender(void *p) {
  Side *s = p;
  for (int v = s->first; v < s->first + s->n; v++) {
    int mode = pick_mode(s->mode, v);
    unsigned before = tl_sends;
    unsigned want = 0;
    if (mode == MODE_PLAIN) {
      weft_chan_send(s->ch, &v);
    } else if (mode == MODE_SELECT) {
      WeftSelectCase c[3] = {WEFT_CASE_RECV(s->dummy, NULL), WEFT_CASE_SEND(s->ch, &v),
                             WEFT_CASE_SEND(NULL, &v)};
      if (weft_select(c, 3, WEFT_SELECT_FOREVER) != 1 || tl_select_index != 1 ||
          !tl_select_is_send || tl_select_msg != tl_send_msg || tl_select_ch != s->ch)
        atomic_store(s->bad, 1);
      want = WEFT_PROBE_IN_SELECT;
    } else {
      while (weft_chan_try_send(s->ch, &v) == WEFT_SELECT_DEFAULT)
        sched_yield();
      want = WEFT_PROBE_NONBLOCK;
    }
    if (tl_sends != before + 1 || tl_send_ch != s->ch || tl_send_flags != want)
      atomic_store(s->bad, 1);
    s->send_msg[v] = tl_send_msg;
  }
  return NULL;
}

static void *receiver(void *p) {
  Side *s = p;
  for (int k = 0;; k++) {
    int mode = pick_mode(s->mode, k);
    int v = -1;
    bool ok;
    unsigned before = tl_recvs;
    unsigned want = 0;
    if (mode == MODE_PLAIN) {
      weft_chan_recv(s->ch, &v, &ok);
    } else if (mode == MODE_SELECT) {
      WeftSelectCase c[2] = {WEFT_CASE_RECV(s->dummy, NULL), WEFT_CASE_RECV(s->ch, &v)};
      if (weft_select(c, 2, WEFT_SELECT_FOREVER) != 1 || tl_select_msg != tl_recv_msg ||
          tl_select_is_send || tl_select_index != 1)
        atomic_store(s->bad, 1);
      ok = c[1].ok;
      want = WEFT_PROBE_IN_SELECT;
    } else {
      while (weft_chan_try_recv(s->ch, &v, &ok) == WEFT_SELECT_DEFAULT)
        sched_yield();
      want = WEFT_PROBE_NONBLOCK;
    }
    if (tl_recvs != before + 1 || tl_recv_ch != s->ch)
      atomic_store(s->bad, 1);
    if (!ok) {
      /* closed and drained: id 0, no OK flag */
      if (tl_recv_msg != 0 || tl_recv_flags != want)
        atomic_store(s->bad, 1);
      break;
    }
    if (tl_recv_flags != (want | WEFT_PROBE_OK) || s->recv_msg[v] != 0)
      atomic_store(s->bad, 1);
    s->recv_msg[v] = tl_recv_msg;
  }
  return NULL;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void run_pairing(size_t capacity, int send_mode, int recv_mode) {
  enum { NS = 4, NR = 3, PER = 3000, TOTAL = NS * PER };
  WeftChan *ch = WEFT_CHAN_MAKE(int, capacity), *dummy = WEFT_CHAN_MAKE(int, 0);
  uint64_t *send_msg = calloc(TOTAL, sizeof *send_msg);
  uint64_t *recv_msg = calloc(TOTAL, sizeof *recv_msg);
  _Atomic int bad = 0;
  Side senders[NS], receivers[NR];
  pthread_t ts[NS], tr[NR];
  for (int i = 0; i < NR; i++) {
    receivers[i] = (Side){ch, dummy, 0, 0, recv_mode, send_msg, recv_msg, &bad};
    WEFT_GO_JOINABLE(receiver, &receivers[i], &tr[i]);
  }
  for (int i = 0; i < NS; i++) {
    senders[i] = (Side){ch, dummy, i * PER, PER, send_mode, send_msg, recv_msg, &bad};
    WEFT_GO_JOINABLE(sender, &senders[i], &ts[i]);
  }
  for (int i = 0; i < NS; i++)
    pthread_join(ts[i], NULL);
  weft_chan_close(ch);
  for (int i = 0; i < NR; i++)
    pthread_join(tr[i], NULL);
  ck_assert_msg(!atomic_load(&bad), "a probe reported the wrong channel, flags or select case");
  for (int v = 0; v < TOTAL; v++) {
    ck_assert_msg(send_msg[v] != 0, "value %d: no send id", v);
    ck_assert_msg(recv_msg[v] != 0, "value %d: never received", v);
    ck_assert_msg(send_msg[v] == recv_msg[v], "value %d: sent as %llu, received as %llu", v,
                  (unsigned long long)send_msg[v], (unsigned long long)recv_msg[v]);
  }
  qsort(send_msg, TOTAL, sizeof *send_msg, cmp_u64);
  for (int v = 1; v < TOTAL; v++)
    ck_assert_msg(send_msg[v] != send_msg[v - 1], "id %llu used twice",
                  (unsigned long long)send_msg[v]);
  free(send_msg);
  free(recv_msg);
  weft_chan_free(ch);
  weft_chan_free(dummy);
}

START_TEST(test_pairing_unbuffered) {
  run_pairing(0, MODE_PLAIN, MODE_PLAIN);
}
END_TEST

START_TEST(test_pairing_buffered) {
  run_pairing(1, MODE_PLAIN, MODE_PLAIN);
  run_pairing(64, MODE_PLAIN, MODE_PLAIN);
}
END_TEST

START_TEST(test_pairing_select) {
  run_pairing(0, MODE_SELECT, MODE_SELECT);
  run_pairing(0, MODE_SELECT, MODE_PLAIN);
  run_pairing(0, MODE_PLAIN, MODE_SELECT);
  run_pairing(8, MODE_SELECT, MODE_SELECT);
}
END_TEST

START_TEST(test_pairing_mixed) {
  run_pairing(0, MODE_MIXED, MODE_MIXED_BLOCKING);
  run_pairing(0, MODE_MIXED_BLOCKING, MODE_MIXED);
  run_pairing(4, MODE_MIXED, MODE_MIXED);
  run_pairing(4, MODE_TRY, MODE_TRY);
}
END_TEST

/* ---- the other probes -------------------------------------------------- */

START_TEST(test_probe_interposed) {
  long before = atomic_load(&probe_calls);
  WeftChan *ch = weft_chan_make_named(sizeof(int), 3, "results");
  ck_assert_ptr_eq(atomic_load(&last_made), ch);
  ck_assert_str_eq(make_name, "results");
  ck_assert_uint_eq(atomic_load(&make_cap), 3);
  ck_assert_uint_eq(atomic_load(&make_elem), sizeof(int));
  WEFT_SEND(ch, int, 5);
  uint64_t id = tl_send_msg;
  ck_assert_int_eq(weft_chan_recv(ch, NULL, NULL), 0);
  ck_assert_uint_eq(tl_recv_msg, id);
  ck_assert_int_eq(atomic_load(&probe_calls), before + 2);
  /* Ids grow: a later send gets a larger id. */
  WEFT_SEND(ch, int, 6);
  ck_assert_uint_gt(tl_send_msg, id);
  weft_chan_recv(ch, NULL, NULL);

  /* select with default and with timeout. */
  int v;
  WeftSelectCase c[2] = {WEFT_CASE_RECV(ch, &v), WEFT_CASE_SEND(NULL, &v)};
  ck_assert_int_eq(weft_select(c, 2, WEFT_SELECT_NOWAIT), WEFT_SELECT_DEFAULT);
  ck_assert_uint_eq(tl_select_ncases, 2);
  ck_assert_uint_eq(tl_select_flags, WEFT_PROBE_SELECT_DEFAULT);
  ck_assert_int_eq(tl_select_index, -1);
  ck_assert_ptr_null(tl_select_ch);
  long waits = atomic_load(&select_waits);
  ck_assert_int_eq(weft_select(c, 2, WEFT_MILLISECOND), WEFT_SELECT_TIMEOUT);
  ck_assert_uint_eq(tl_select_flags, WEFT_PROBE_SELECT_TIMEOUT);
  ck_assert_int_eq(tl_select_index, -1);
  ck_assert_int_eq(atomic_load(&select_waits), waits + 1);
  WEFT_SEND(ch, int, 7);
  ck_assert_int_eq(weft_select(c, 2, WEFT_SELECT_NOWAIT), 0);
  ck_assert_uint_eq(tl_recv_flags, WEFT_PROBE_IN_SELECT | WEFT_PROBE_NONBLOCK | WEFT_PROBE_OK);
  ck_assert_uint_eq(tl_select_msg, tl_recv_msg);

  /* Misuse. */
  ck_assert_int_eq(weft_chan_close(ch), 0);
  ck_assert_int_eq(tl_close_result, 0);
  tl_misuse = 0;
  WEFT_SEND(ch, int, 8);
  ck_assert_int_eq(tl_misuse, WEFT_PROBE_MISUSE_SEND_CLOSED);
  weft_chan_close(ch);
  ck_assert_int_eq(tl_misuse, WEFT_PROBE_MISUSE_CLOSE_CLOSED);
  ck_assert_int_eq(tl_close_result, WEFT_ERR_CLOSE_CLOSED);
  weft_chan_close(NULL);
  ck_assert_int_eq(tl_misuse, WEFT_PROBE_MISUSE_CLOSE_NIL);
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  weft_wg_done(&wg);
  ck_assert_int_eq(tl_misuse, WEFT_PROBE_MISUSE_NEGATIVE_WG);
  long frees_before = atomic_load(&frees);
  weft_chan_free(ch);
  ck_assert_int_eq(atomic_load(&frees), frees_before + 1);
}
END_TEST

static void *blocked_sender(void *p) {
  WEFT_SEND(p, int, 1);
  return NULL;
}

START_TEST(test_probe_waits) {
  /* A receive that must wait reports recv_wait first (the sender sleeps first
   * in one order, the receiver in the other: at least one wait either way). */
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  long before = atomic_load(&send_waits) + atomic_load(&recv_waits);
  pthread_t t;
  WEFT_GO_JOINABLE(blocked_sender, ch, &t);
  weft_sleep(20 * WEFT_MILLISECOND);
  weft_chan_recv(ch, NULL, NULL);
  pthread_join(t, NULL);
  ck_assert_int_ge(atomic_load(&send_waits) + atomic_load(&recv_waits), before + 1);
  /* Nothing waits on a buffered channel with room. */
  WeftChan *b = WEFT_CHAN_MAKE(int, 4);
  before = atomic_load(&send_waits) + atomic_load(&recv_waits);
  WEFT_SEND(b, int, 1);
  weft_chan_recv(b, NULL, NULL);
  ck_assert_int_eq(atomic_load(&send_waits) + atomic_load(&recv_waits), before);
  weft_chan_free(b);
  weft_chan_free(ch);
}
END_TEST

static void *noop(void *p) {
  weft_wg_done(p);
  return NULL;
}

static void once_fn(void *p) {
  (void)p;
}

START_TEST(test_probe_sync_ctx_spawn) {
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  long adds = atomic_load(&wg_adds);
  weft_wg_add(&wg, 2);
  ck_assert_int_eq(atomic_load(&wg_last_counter), 2);
  WEFT_GO(noop, &wg);
  ck_assert_str_eq(spawn_name, "noop");
  WEFT_GO(noop, &wg);
  weft_wg_wait(&wg);
  ck_assert_int_eq(atomic_load(&wg_adds), adds + 3);
  ck_assert_int_eq(atomic_load(&wg_waits), atomic_load(&wg_wakes));

  WeftOnce once = WEFT_ONCE_INIT;
  long ran = atomic_load(&once_ran), calls = atomic_load(&once_calls);
  weft_once_do(&once, once_fn, NULL);
  weft_once_do(&once, once_fn, NULL);
  ck_assert_int_eq(atomic_load(&once_ran), ran + 1);
  ck_assert_int_eq(atomic_load(&once_calls), calls + 2);

  long canceled = atomic_load(&ctx_cancels[1]), deadline = atomic_load(&ctx_cancels[2]);
  WeftCtx *root = weft_ctx_with_cancel(NULL);
  WeftCtx *val = weft_ctx_with_value(root, "k", "v");
  WeftCtx *child = weft_ctx_with_cancel(val);
  WeftCtx *grand = weft_ctx_with_cancel(child);
  weft_ctx_cancel(root);
  weft_ctx_cancel(root); /* once per context */
  ck_assert_int_eq(atomic_load(&ctx_cancels[1]), canceled + 3);
  WeftCtx *timed = weft_ctx_with_timeout(NULL, WEFT_MILLISECOND);
  WeftSelectCase c[1] = {WEFT_CASE_RECV(weft_ctx_done(timed), NULL)};
  ck_assert_int_eq(weft_select(c, 1, 10 * WEFT_SECOND), 0);
  ck_assert_int_eq(atomic_load(&ctx_cancels[2]), deadline + 1);
  weft_ctx_free(timed);
  weft_ctx_free(grand);
  weft_ctx_free(child);
  weft_ctx_free(val);
  weft_ctx_free(root);
}
END_TEST

int main(void) {
  Suite *s = suite_create("chan-probe");
  TCase *pairing = tcase_create("pairing");
  tcase_set_timeout(pairing, 120);
  tcase_add_test(pairing, test_pairing_unbuffered);
  tcase_add_test(pairing, test_pairing_buffered);
  tcase_add_test(pairing, test_pairing_select);
  tcase_add_test(pairing, test_pairing_mixed);
  suite_add_tcase(s, pairing);
  TCase *probes = tcase_create("probes");
  tcase_add_test(probes, test_probe_interposed);
  tcase_add_test(probes, test_probe_waits);
  tcase_add_test(probes, test_probe_sync_ctx_spawn);
  suite_add_tcase(s, probes);
  return weft_test_run(s);
}
