/* The channel library against Go's semantics: the behaviours Go's own
 * test/chan programs check (sieves, fifo, nonblock, select and select2 to
 * select7, doubleselect, close), written anew for C, plus blocking, wake-ups,
 * fairness, timers, context, errgroup, WaitGroup, Once and spawn.
 *
 * No test relies on a sleep being long enough: "it blocks" is checked by
 * waiting until the thread sleeps in the kernel (its /proc state is S) and
 * then seeing it has not finished; "it does not block" by a generous bound. */
#include <check.h>
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "test-run.h"
#include "weft-chan.h"

#define BOUND (10 * WEFT_SECOND) /* what "soon" means on a loaded machine */

/* ---- helpers ----------------------------------------------------------- */

static char thread_state(pid_t tid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
  FILE *f = fopen(path, "r");
  if (!f)
    return '?';
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  char *p = strrchr(buf, ')'); /* the name may contain spaces */
  return p && p[1] == ' ' ? p[2] : '?';
}

/* Waits (bounded) until the thread sleeps in the kernel: it is blocked, and
 * not spinning. */
static bool wait_sleeping(_Atomic pid_t *tid) {
  int64_t end = weft_now() + BOUND;
  while (weft_now() < end) {
    pid_t t = atomic_load(tid);
    if (t && thread_state(t) == 'S') {
      /* Still asleep a moment later: not a passing futex on a lock. */
      weft_sleep(2 * WEFT_MILLISECOND);
      if (thread_state(t) == 'S')
        return true;
    }
    weft_sleep(WEFT_MILLISECOND);
  }
  return false;
}

/* An operation run in its own thread. */
typedef struct Op {
  void (*fn)(struct Op *);
  WeftChan *ch;
  int value;
  int result;
  bool ok;
  _Atomic pid_t tid;
  _Atomic int done;
  pthread_t thread;
} Op;

static void *op_main(void *p) {
  Op *op = p;
  atomic_store(&op->tid, gettid());
  op->fn(op);
  atomic_store(&op->done, 1);
  return NULL;
}

static void op_start(Op *op) {
  ck_assert_int_eq(WEFT_GO_JOINABLE(op_main, op, &op->thread), 0);
}

/* The op blocks: it sleeps in the kernel and has not finished. The thread stays. */
static void assert_blocks(Op *op) {
  op_start(op);
  ck_assert_msg(wait_sleeping(&op->tid), "the operation neither blocked nor finished");
  ck_assert_int_eq(atomic_load(&op->done), 0);
  pthread_detach(op->thread);
}

/* The op finishes without anyone's help. */
static void assert_completes(Op *op) {
  op_start(op);
  int64_t end = weft_now() + BOUND;
  while (!atomic_load(&op->done) && weft_now() < end)
    weft_sleep(100 * WEFT_MICROSECOND);
  ck_assert_msg(atomic_load(&op->done), "the operation blocked");
  pthread_join(op->thread, NULL);
}

static int recv_int(WeftChan *ch, bool *ok) {
  int v = -1;
  weft_chan_recv(ch, &v, ok);
  return v;
}

/* A receive that must happen soon: fails the test instead of hanging. */
static int recv_soon(WeftChan *ch, bool *ok) {
  int v = -1;
  WeftSelectCase c[1] = {WEFT_CASE_RECV(ch, &v)};
  ck_assert_int_eq(weft_select(c, 1, BOUND), 0);
  if (ok)
    *ok = c[0].ok;
  return v;
}

static void send_soon(WeftChan *ch, int v) {
  WeftSelectCase c[1] = {WEFT_CASE_SEND(ch, &v)};
  ck_assert_int_eq(weft_select(c, 1, BOUND), 0);
}

/* Receive from ch, unless quit is closed first. */
static bool recv_or_quit(WeftChan *ch, void *out, WeftChan *quit) {
  WeftSelectCase c[2] = {WEFT_CASE_RECV(ch, out), WEFT_CASE_RECV(quit, NULL)};
  return weft_select(c, 2, WEFT_SELECT_FOREVER) == 0 && c[0].ok;
}

static bool send_or_quit(WeftChan *ch, const void *v, WeftChan *quit) {
  WeftSelectCase c[2] = {WEFT_CASE_SEND(ch, v), WEFT_CASE_RECV(quit, NULL)};
  return weft_select(c, 2, WEFT_SELECT_FOREVER) == 0;
}

static const int primes100[] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                                43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
#define NPRIMES ((int)(sizeof primes100 / sizeof primes100[0]))

/* ---- sieve1: a chain of filter threads --------------------------------- */

typedef struct {
  WeftChan *in, *out, *quit;
  int prime;
} Stage;

static void *generate(void *p) {
  Stage *s = p;
  for (int i = 2; send_or_quit(s->out, &i, s->quit); i++)
    ;
  return NULL;
}

static void *filter(void *p) {
  Stage *s = p;
  int v;
  while (recv_or_quit(s->in, &v, s->quit))
    if (v % s->prime != 0 && !send_or_quit(s->out, &v, s->quit))
      break;
  return NULL;
}

START_TEST(test_sieve1) {
  WeftCtx *ctx = weft_ctx_with_cancel(NULL);
  WeftChan *quit = weft_ctx_done(ctx);
  Stage stages[NPRIMES + 1];
  pthread_t threads[NPRIMES + 1];
  stages[0] = (Stage){.out = WEFT_CHAN_MAKE(int, 0), .quit = quit};
  ck_assert_int_eq(WEFT_GO_JOINABLE(generate, &stages[0], &threads[0]), 0);
  WeftChan *ch = stages[0].out;
  for (int i = 0; i < NPRIMES; i++) {
    int prime = recv_soon(ch, NULL);
    ck_assert_int_eq(prime, primes100[i]);
    stages[i + 1] = (Stage){.in = ch, .out = WEFT_CHAN_MAKE(int, 0), .quit = quit, .prime = prime};
    ck_assert_int_eq(WEFT_GO_JOINABLE(filter, &stages[i + 1], &threads[i + 1]), 0);
    ch = stages[i + 1].out;
  }
  weft_ctx_cancel(ctx); /* every stage returns */
  for (int i = 0; i <= NPRIMES; i++)
    pthread_join(threads[i], NULL);
  for (int i = 0; i <= NPRIMES; i++)
    weft_chan_free(stages[i].out);
  weft_ctx_free(ctx);
}
END_TEST

/* ---- sieve2: multiples generators and an unbounded proxy --------------- */

typedef struct {
  WeftChan *out, *quit;
  int start, step;
} Gen;

static void *gen_arith(void *p) {
  Gen *g = p;
  for (int n = g->start; send_or_quit(g->out, &n, g->quit); n += g->step)
    ;
  return NULL;
}

/* Forwards in to out through a growing queue, so sends to in never wait for
 * out's reader: a select whose send case is disabled (nil) when the queue is empty. */
typedef struct {
  WeftChan *in, *out;
} Proxy;

static void *proxy(void *p) {
  Proxy *px = p;
  size_t head = 0, len = 0, size = 4;
  int *queue = malloc(size * sizeof *queue);
  bool open = true;
  while (open || len) {
    int in = 0, first = len ? queue[head] : 0;
    WeftSelectCase c[2] = {WEFT_CASE_RECV(open ? px->in : NULL, &in),
                           WEFT_CASE_SEND(len ? px->out : NULL, &first)};
    int r = weft_select(c, 2, WEFT_SELECT_FOREVER);
    if (r == 0 && !c[0].ok) {
      open = false;
    } else if (r == 0) {
      if (len == size) {
        int *bigger = malloc(2 * size * sizeof *bigger);
        for (size_t i = 0; i < len; i++)
          bigger[i] = queue[(head + i) % size];
        free(queue);
        queue = bigger;
        head = 0;
        size *= 2;
      }
      queue[(head + len++) % size] = in;
    } else {
      head = (head + 1) % size;
      len--;
    }
  }
  free(queue);
  weft_chan_close(px->out);
  return NULL;
}

START_TEST(test_sieve2) {
  WeftCtx *ctx = weft_ctx_with_cancel(NULL);
  WeftChan *quit = weft_ctx_done(ctx);
  Proxy px = {WEFT_CHAN_MAKE(int, 2), WEFT_CHAN_MAKE(int, 0)};
  pthread_t proxy_thread;
  ck_assert_int_eq(WEFT_GO_JOINABLE(proxy, &px, &proxy_thread), 0);

  /* Odd candidates; a prime p owns a channel of its odd multiples from p*p. */
  Gen odds = {WEFT_CHAN_MAKE(int, 16), quit, 3, 2};
  Gen mult[NPRIMES];
  int heads[NPRIMES], nmult = 0;
  pthread_t threads[NPRIMES + 1];
  ck_assert_int_eq(WEFT_GO_JOINABLE(gen_arith, &odds, &threads[0]), 0);
  WEFT_SEND(px.in, int, 2);
  for (;;) {
    int c = recv_soon(odds.out, NULL);
    if (c > 100)
      break;
    bool composite = false;
    for (int i = 0; i < nmult && !composite; i++) {
      while (heads[i] < c)
        heads[i] = recv_soon(mult[i].out, NULL);
      composite = heads[i] == c;
    }
    if (composite)
      continue;
    ck_assert_int_eq(weft_chan_send(px.in, &c), 0); /* never blocks for long */
    mult[nmult] = (Gen){WEFT_CHAN_MAKE(int, 4), quit, c * c, 2 * c};
    ck_assert_int_eq(WEFT_GO_JOINABLE(gen_arith, &mult[nmult], &threads[nmult + 1]), 0);
    heads[nmult] = recv_soon(mult[nmult].out, NULL);
    nmult++;
  }
  weft_chan_close(px.in);
  /* Only now the primes are read: the proxy held them all. */
  int i = 0, p;
  while (weft_chan_range(px.out, &p)) {
    ck_assert_int_lt(i, NPRIMES);
    ck_assert_int_eq(p, primes100[i++]);
  }
  ck_assert_int_eq(i, NPRIMES);
  weft_ctx_cancel(ctx);
  pthread_join(proxy_thread, NULL);
  for (int k = 0; k <= nmult; k++)
    pthread_join(threads[k], NULL);
  for (int k = 0; k < nmult; k++)
    weft_chan_free(mult[k].out);
  weft_chan_free(odds.out);
  weft_chan_free(px.in);
  weft_chan_free(px.out);
  weft_ctx_free(ctx);
}
END_TEST

/* ---- fifo -------------------------------------------------------------- */

START_TEST(test_fifo_async) {
  enum { N = 100 };
  WeftChan *ch = WEFT_CHAN_MAKE(int, N);
  for (int i = 0; i < N; i++)
    ck_assert_int_eq(weft_chan_send(ch, &i), 0);
  ck_assert_uint_eq(weft_chan_len(ch), N);
  for (int i = 0; i < N; i++)
    ck_assert_int_eq(recv_int(ch, NULL), i);
  ck_assert_uint_eq(weft_chan_len(ch), 0);
  weft_chan_free(ch);
}
END_TEST

typedef struct {
  WeftChan *ch, *in, *out;
  int value;
} Link;

static void *chain_link(void *p) {
  Link *l = p;
  recv_int(l->in, NULL);
  weft_chan_send(l->ch, &l->value);
  weft_chan_send(l->out, &l->value);
  return NULL;
}

START_TEST(test_fifo_sync) {
  enum { N = 64 };
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  WeftChan *turn[N + 1];
  Link links[N];
  pthread_t threads[N];
  for (int i = 0; i <= N; i++)
    turn[i] = WEFT_CHAN_MAKE(int, 0);
  for (int i = 0; i < N; i++) {
    links[i] = (Link){ch, turn[i], turn[i + 1], i};
    ck_assert_int_eq(WEFT_GO_JOINABLE(chain_link, &links[i], &threads[i]), 0);
  }
  WEFT_SEND(turn[0], int, 0);
  for (int i = 0; i < N; i++) {
    ck_assert_int_eq(recv_soon(ch, NULL), i);
    if (i + 1 == N)
      recv_soon(turn[N], NULL);
  }
  for (int i = 0; i < N; i++)
    pthread_join(threads[i], NULL);
  for (int i = 0; i <= N; i++)
    weft_chan_free(turn[i]);
  weft_chan_free(ch);
}
END_TEST

/* ---- nonblock: try operations, several element sizes ------------------- */

typedef struct {
  char text[40];
} Str;

typedef struct {
  WeftChan *ch, *sync;
  size_t size;
  unsigned char value[40];
} Peer;

static void *peer_receiver(void *p) {
  Peer *x = p;
  unsigned char got[40] = {0};
  weft_chan_recv(x->ch, got, NULL);
  bool same = memcmp(got, x->value, x->size) == 0;
  weft_chan_send(x->sync, &same);
  return NULL;
}

static void *peer_sender(void *p) {
  Peer *x = p;
  weft_chan_send(x->ch, x->value);
  bool sent = true;
  weft_chan_send(x->sync, &sent);
  return NULL;
}

START_TEST(test_nonblock) {
  const size_t sizes[] = {sizeof(int32_t), sizeof(int64_t), sizeof(bool), sizeof(Str), 0};
  WeftChan *sync = WEFT_CHAN_MAKE(bool, 0);
  for (int buffer = 0; buffer < 2; buffer++) {
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
      Peer x = {.ch = weft_chan_make(sizes[k], (size_t)buffer), .sync = sync, .size = sizes[k]};
      for (size_t i = 0; i < sizeof x.value; i++)
        x.value[i] = (unsigned char)(i * 7 + k + 1);
      unsigned char got[40];
      bool ok = true, flag;
      /* Nobody there: both directions would block (a buffer of 1 takes one send). */
      ck_assert_int_eq(weft_chan_try_recv(x.ch, got, &ok), WEFT_SELECT_DEFAULT);
      if (buffer == 0)
        ck_assert_int_eq(weft_chan_try_send(x.ch, x.value), WEFT_SELECT_DEFAULT);

      /* A receiver arrives: some try_send succeeds, and it gets the value. */
      pthread_t t;
      WEFT_GO_JOINABLE(peer_receiver, &x, &t);
      int64_t end = weft_now() + BOUND;
      int r;
      while ((r = weft_chan_try_send(x.ch, x.value)) == WEFT_SELECT_DEFAULT && weft_now() < end)
        weft_sleep(50 * WEFT_MICROSECOND);
      ck_assert_int_eq(r, 0);
      weft_chan_recv(sync, &flag, NULL);
      ck_assert(flag);
      pthread_join(t, NULL);

      /* A sender arrives: some try_recv succeeds with its value. */
      WEFT_GO_JOINABLE(peer_sender, &x, &t);
      if (buffer > 0)
        weft_chan_recv(sync, &flag, NULL); /* buffered: the send completed alone */
      end = weft_now() + BOUND;
      memset(got, 0, sizeof got);
      while ((r = weft_chan_try_recv(x.ch, got, &ok)) == WEFT_SELECT_DEFAULT && weft_now() < end)
        weft_sleep(50 * WEFT_MICROSECOND);
      ck_assert_int_eq(r, 0);
      ck_assert(ok);
      ck_assert_mem_eq(got, x.value, x.size);
      if (buffer == 0)
        weft_chan_recv(sync, &flag, NULL);
      pthread_join(t, NULL);
      weft_chan_free(x.ch);
    }
  }
  weft_chan_free(sync);
}
END_TEST

/* ---- select: every value exactly once through two channels ------------- */

START_TEST(test_select_two_buffers) {
  WeftChan *a = WEFT_CHAN_MAKE(int, 50), *b = WEFT_CHAN_MAKE(int, 30);
  int sent = 0;
  for (;;) {
    WeftSelectCase c[2] = {WEFT_CASE_SEND(a, &sent), WEFT_CASE_SEND(b, &sent)};
    int r = weft_select(c, 2, WEFT_SELECT_NOWAIT);
    if (r == WEFT_SELECT_DEFAULT)
      break;
    ck_assert_int_ge(r, 0);
    sent++;
  }
  ck_assert_int_eq(sent, 80);
  ck_assert_uint_eq(weft_chan_len(a), 50);
  ck_assert_uint_eq(weft_chan_len(b), 30);
  bool seen[80] = {0};
  for (int n = 0; n < 80; n++) {
    int v = -1;
    WeftSelectCase c[2] = {WEFT_CASE_RECV(a, &v), WEFT_CASE_RECV(b, &v)};
    ck_assert_int_ge(weft_select(c, 2, WEFT_SELECT_NOWAIT), 0);
    ck_assert(v >= 0 && v < 80 && !seen[v]);
    seen[v] = true;
  }
  weft_chan_free(a);
  weft_chan_free(b);
}
END_TEST

/* ---- select2: selects do not consume memory ---------------------------- */

typedef struct {
  WeftChan *ch;
  int n;
} Count;

static void *send_ones(void *p) {
  Count *c = p;
  for (int i = 0; i < c->n; i++)
    WEFT_SEND(c->ch, int, 1);
  return NULL;
}

static void select_rounds(WeftChan *c, WeftChan *dummy, int n) {
  Count cnt = {c, n};
  pthread_t t;
  WEFT_GO_JOINABLE(send_ones, &cnt, &t);
  for (int i = 0; i < n; i++) {
    WeftSelectCase cs[2] = {WEFT_CASE_RECV(c, NULL), WEFT_CASE_RECV(dummy, NULL)};
    ck_assert_int_eq(weft_select(cs, 2, WEFT_SELECT_FOREVER), 0);
  }
  pthread_join(t, NULL);
}

START_TEST(test_select2_memory) {
  WeftChan *c = WEFT_CHAN_MAKE(int, 0), *dummy = WEFT_CHAN_MAKE(int, 0);
  select_rounds(c, dummy, 20000);
  size_t before = mallinfo2().uordblks;
  select_rounds(c, dummy, 20000);
  size_t after = mallinfo2().uordblks;
  ck_assert_msg(after < before + 64 * 1024, "20000 selects took %zu bytes", after - before);
  weft_chan_free(c);
  weft_chan_free(dummy);
}
END_TEST

/* ---- select3: what blocks, what does not, what is an error ------------- */

static void op_send(Op *op) {
  op->result = weft_chan_send(op->ch, &op->value);
}

static void op_recv(Op *op) {
  op->result = weft_chan_recv(op->ch, &op->value, &op->ok);
}

static void op_select_recv(Op *op) {
  WeftSelectCase c[1] = {WEFT_CASE_RECV(op->ch, &op->value)};
  op->result = weft_select(c, 1, WEFT_SELECT_FOREVER);
  op->ok = c[0].ok;
}

static void op_select_send(Op *op) {
  WeftSelectCase c[1] = {WEFT_CASE_SEND(op->ch, &op->value)};
  op->result = weft_select(c, 1, WEFT_SELECT_FOREVER);
}

static void op_select_nil_both(Op *op) {
  (void)op;
  int v = 7;
  WeftSelectCase c[2] = {WEFT_CASE_RECV(NULL, &v), WEFT_CASE_SEND(NULL, &v)};
  weft_select(c, 2, WEFT_SELECT_FOREVER);
}

static void op_select_empty(Op *op) {
  (void)op;
  weft_select(NULL, 0, WEFT_SELECT_FOREVER);
}

static void op_select_itself(Op *op) {
  int one = 1, got;
  WeftSelectCase c[2] = {WEFT_CASE_SEND(op->ch, &one), WEFT_CASE_RECV(op->ch, &got)};
  op->result = weft_select(c, 2, WEFT_SELECT_FOREVER);
}

static void op_recv_closed_many(Op *op) {
  for (int i = 0; i < 10; i++) {
    int v = 99;
    bool ok = true;
    weft_chan_recv(op->ch, &v, &ok);
    if (v != 0 || ok)
      op->result = -100;
  }
}

START_TEST(test_select3_blocking) {
  /* Static: the threads that block forever keep using them. */
  static Op nil_send = {.fn = op_send, .value = 7}, nil_recv = {.fn = op_recv},
            nil_sel = {.fn = op_select_nil_both}, empty_sel = {.fn = op_select_empty},
            unready_recv = {.fn = op_recv}, unready_sel = {.fn = op_select_recv},
            itself = {.fn = op_select_itself};
  assert_blocks(&nil_send);
  assert_blocks(&nil_recv);
  assert_blocks(&nil_sel);
  assert_blocks(&empty_sel);
  unready_recv.ch = WEFT_CHAN_MAKE(int, 0);
  assert_blocks(&unready_recv);
  unready_sel.ch = WEFT_CHAN_MAKE(int, 0);
  assert_blocks(&unready_sel);
  itself.ch = WEFT_CHAN_MAKE(int, 0);
  assert_blocks(&itself);

  WeftChan *closed = WEFT_CHAN_MAKE(int, 0);
  weft_chan_close(closed);
  Op buffered_send = {.fn = op_send, .ch = WEFT_CHAN_MAKE(int, 1), .value = 7};
  assert_completes(&buffered_send);
  ck_assert_int_eq(buffered_send.result, 0);
  Op closed_recv = {.fn = op_recv_closed_many, .ch = closed};
  assert_completes(&closed_recv);
  ck_assert_int_eq(closed_recv.result, 0);
  Op closed_sel = {.fn = op_select_recv, .ch = closed, .value = 5, .ok = true};
  assert_completes(&closed_sel);
  ck_assert_int_eq(closed_sel.result, 0);
  ck_assert(!closed_sel.ok);
  ck_assert_int_eq(closed_sel.value, 0);

  /* Go panics: we return errors. */
  ck_assert_int_eq(WEFT_SEND(closed, int, 7), WEFT_ERR_SEND_CLOSED);
  Op closed_sel_send = {.fn = op_select_send, .ch = closed, .value = 7};
  assert_completes(&closed_sel_send);
  ck_assert_int_eq(closed_sel_send.result, WEFT_ERR_SEND_CLOSED);

  /* Selects with a default never block; nil cases are never chosen. */
  int v = 7;
  ck_assert_int_eq(weft_select(NULL, 0, WEFT_SELECT_NOWAIT), WEFT_SELECT_DEFAULT);
  WeftSelectCase nils[2] = {WEFT_CASE_RECV(NULL, &v), WEFT_CASE_SEND(NULL, &v)};
  ck_assert_int_eq(weft_select(nils, 2, WEFT_SELECT_NOWAIT), WEFT_SELECT_DEFAULT);
  WeftChan *one = WEFT_CHAN_MAKE(int, 1);
  WeftSelectCase s1[1] = {WEFT_CASE_SEND(one, &v)};
  ck_assert_int_eq(weft_select(s1, 1, WEFT_SELECT_NOWAIT), 0);
  WeftSelectCase r1[1] = {WEFT_CASE_RECV(one, &v)};
  ck_assert_int_eq(weft_select(r1, 1, WEFT_SELECT_NOWAIT), 0);
  weft_chan_free(one);
  weft_chan_free(buffered_send.ch);
  weft_chan_free(closed);
}
END_TEST

/* ---- select4: only the chosen case writes its destination -------------- */

START_TEST(test_select4_destination) {
  WeftChan *c = WEFT_CHAN_MAKE(int, 1), *c1 = WEFT_CHAN_MAKE(int, 0);
  WEFT_SEND(c, int, 42);
  int untouched = 1234, x = 0;
  WeftSelectCase cs[2] = {WEFT_CASE_RECV(c1, &untouched), WEFT_CASE_RECV(c, &x)};
  ck_assert_int_eq(weft_select(cs, 2, WEFT_SELECT_FOREVER), 1);
  ck_assert_int_eq(x, 42);
  ck_assert_int_eq(untouched, 1234);
  weft_chan_free(c);
  weft_chan_free(c1);
}
END_TEST

/* ---- select5: every combination of case kinds, with a default ---------- */

enum { K_NIL_RECV, K_NIL_SEND, K_READY_RECV, K_EMPTY_RECV, K_READY_SEND, K_FULL_SEND,
       K_CLOSED_RECV, K_KINDS };

static bool kind_ready(int k) {
  return k == K_READY_RECV || k == K_READY_SEND || k == K_CLOSED_RECV;
}

START_TEST(test_select5_matrix) {
  for (int n = 1; n <= 3; n++) {
    int combos = n == 1 ? K_KINDS : n == 2 ? K_KINDS * K_KINDS : K_KINDS * K_KINDS * K_KINDS;
    for (int combo = 0; combo < combos; combo++) {
      int kind[3], values[3], dest[3];
      WeftChan *chans[3] = {0};
      WeftSelectCase cases[3];
      bool any_ready = false;
      for (int i = 0, rest = combo; i < n; i++, rest /= K_KINDS) {
        kind[i] = rest % K_KINDS;
        values[i] = 100 * (i + 1);
        dest[i] = -7;
        int op = kind[i] == K_NIL_SEND || kind[i] == K_READY_SEND || kind[i] == K_FULL_SEND
                     ? WEFT_SELECT_SEND
                     : WEFT_SELECT_RECV;
        if (kind[i] != K_NIL_RECV && kind[i] != K_NIL_SEND) {
          chans[i] = WEFT_CHAN_MAKE(int, 1);
          if (kind[i] == K_READY_RECV || kind[i] == K_FULL_SEND)
            WEFT_SEND(chans[i], int, values[i] + 1);
          if (kind[i] == K_CLOSED_RECV)
            weft_chan_close(chans[i]);
        }
        cases[i] = (WeftSelectCase){op, chans[i], op == WEFT_SELECT_SEND ? &values[i] : &dest[i],
                                    true};
        any_ready |= kind_ready(kind[i]);
      }
      int r = weft_select(cases, (size_t)n, WEFT_SELECT_NOWAIT);
      if (!any_ready) {
        ck_assert_int_eq(r, WEFT_SELECT_DEFAULT);
      } else {
        ck_assert_int_ge(r, 0);
        ck_assert(kind_ready(kind[r]));
      }
      for (int i = 0; i < n; i++) {
        size_t len = weft_chan_len(chans[i]);
        bool chosen = i == r;
        switch (kind[i]) {
        case K_READY_RECV:
          ck_assert_int_eq(dest[i], chosen ? values[i] + 1 : -7);
          ck_assert_uint_eq(len, chosen ? 0 : 1);
          break;
        case K_READY_SEND:
          ck_assert_uint_eq(len, chosen ? 1 : 0);
          if (chosen)
            ck_assert_int_eq(recv_int(chans[i], NULL), values[i]);
          break;
        case K_CLOSED_RECV:
          ck_assert_int_eq(dest[i], chosen ? 0 : -7);
          if (chosen)
            ck_assert(!cases[i].ok);
          break;
        case K_FULL_SEND: ck_assert_uint_eq(len, 1); break;
        default: ck_assert_int_eq(dest[i], -7); break;
        }
        weft_chan_free(chans[i]);
      }
    }
  }
}
END_TEST

/* ---- select6: a select that lost must leave the queues intact ---------- */

typedef struct {
  WeftChan *c1, *c2, *c3;
  _Atomic pid_t tid;
  _Atomic int bad;
} Six;

static void *six_recv_c1(void *p) {
  Six *s = p;
  atomic_store(&s->tid, gettid());
  recv_int(s->c1, NULL);
  return NULL;
}

static void *six_selector(void *p) {
  Six *s = p;
  atomic_store(&s->tid, gettid());
  WeftSelectCase c[2] = {WEFT_CASE_RECV(s->c1, NULL), WEFT_CASE_RECV(s->c2, NULL)};
  if (weft_select(c, 2, WEFT_SELECT_FOREVER) == 0)
    atomic_store(&s->bad, 1);
  else
    WEFT_SEND(s->c3, int, 1);
  recv_int(s->c1, NULL);
  return NULL;
}

static void *six_send_c2(void *p) {
  WEFT_SEND(((Six *)p)->c2, int, 1);
  return NULL;
}

START_TEST(test_select6_queues) {
  Six s = {WEFT_CHAN_MAKE(int, 0), WEFT_CHAN_MAKE(int, 0), WEFT_CHAN_MAKE(int, 0)};
  pthread_t t[3];
  /* A receiver waits on c1 first, then the select queues behind it. */
  WEFT_GO_JOINABLE(six_recv_c1, &s, &t[0]);
  ck_assert(wait_sleeping(&s.tid));
  atomic_store(&s.tid, 0);
  WEFT_GO_JOINABLE(six_selector, &s, &t[1]);
  ck_assert(wait_sleeping(&s.tid));
  WEFT_GO_JOINABLE(six_send_c2, &s, &t[2]);
  recv_soon(s.c3, NULL);
  send_soon(s.c1, 1);
  send_soon(s.c1, 1);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  ck_assert_int_eq(atomic_load(&s.bad), 0);
  weft_chan_free(s.c1);
  weft_chan_free(s.c2);
  weft_chan_free(s.c3);
}
END_TEST

/* ---- select7: receives that discard the value -------------------------- */

static void *recv1(void *p) {
  weft_chan_recv(p, NULL, NULL);
  return NULL;
}

static void *recv2(void *p) {
  WeftSelectCase c[1] = {WEFT_CASE_RECV((WeftChan *)p, NULL)};
  weft_select(c, 1, WEFT_SELECT_FOREVER);
  return NULL;
}

static void *recv3(void *p) {
  WeftChan *c2 = WEFT_CHAN_MAKE(int, 0);
  WeftSelectCase c[2] = {WEFT_CASE_RECV((WeftChan *)p, NULL), WEFT_CASE_RECV(c2, NULL)};
  weft_select(c, 2, WEFT_SELECT_FOREVER);
  weft_chan_free(c2);
  return NULL;
}

START_TEST(test_select7_discard) {
  void *(*recvs[3])(void *) = {recv1, recv2, recv3};
  for (int r = 0; r < 3; r++) {
    for (int s = 0; s < 3; s++) {
      WeftChan *c = WEFT_CHAN_MAKE(int, 0), *c2 = WEFT_CHAN_MAKE(int, 0);
      pthread_t t;
      weft_go_named("recv", recvs[r], c, &t);
      int one = 1;
      WeftSelectCase cs[2] = {WEFT_CASE_SEND(c, &one), WEFT_CASE_SEND(c2, &one)};
      if (s == 0)
        ck_assert_int_eq(weft_chan_send(c, &one), 0);
      else
        ck_assert_int_eq(weft_select(cs, (size_t)s, BOUND), 0);
      pthread_join(t, NULL);
      weft_chan_free(c);
      weft_chan_free(c2);
    }
  }
}
END_TEST

/* ---- doubleselect: a value sent by a select goes to one case only ------ */

typedef struct {
  WeftChan *out[4];
  int n;
} Fan;

static void *fan_sender(void *p) {
  Fan *f = p;
  for (int i = 0; i < f->n; i++) {
    WeftSelectCase c[4];
    for (int k = 0; k < 4; k++)
      c[k] = WEFT_CASE_SEND(f->out[k], &i);
    weft_select(c, 4, WEFT_SELECT_FOREVER);
  }
  for (int k = 0; k < 4; k++)
    weft_chan_close(f->out[k]);
  return NULL;
}

typedef struct {
  WeftChan *in, *out;
  WeftWaitGroup *wg;
} Mux;

static void *mux(void *p) {
  Mux *m = p;
  int v;
  while (weft_chan_range(m->in, &v))
    weft_chan_send(m->out, &v);
  weft_wg_done(m->wg);
  return NULL;
}

static void *close_after(void *p) {
  Mux *m = p;
  weft_wg_wait(m->wg);
  weft_chan_close(m->out);
  return NULL;
}

START_TEST(test_doubleselect) {
  enum { N = 20000 };
  Fan f = {.n = N};
  WeftChan *cmux = WEFT_CHAN_MAKE(int, 0);
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  Mux m[5];
  pthread_t t[6];
  weft_wg_add(&wg, 4);
  for (int k = 0; k < 4; k++) {
    f.out[k] = WEFT_CHAN_MAKE(int, 0);
    m[k] = (Mux){f.out[k], cmux, &wg};
    WEFT_GO_JOINABLE(mux, &m[k], &t[k]);
  }
  m[4] = (Mux){NULL, cmux, &wg};
  WEFT_GO_JOINABLE(close_after, &m[4], &t[4]);
  WEFT_GO_JOINABLE(fan_sender, &f, &t[5]);
  unsigned char *seen = calloc(N, 1);
  int count = 0, v;
  while (weft_chan_range(cmux, &v)) {
    ck_assert(v >= 0 && v < N);
    ck_assert_msg(!seen[v], "duplicate value %d", v);
    seen[v] = 1;
    count++;
  }
  ck_assert_int_eq(count, N);
  for (int k = 0; k < 6; k++)
    pthread_join(t[k], NULL);
  free(seen);
  for (int k = 0; k < 4; k++)
    weft_chan_free(f.out[k]);
  weft_chan_free(cmux);
}
END_TEST

/* ---- close ------------------------------------------------------------- */

START_TEST(test_close_semantics) {
  WeftChan *ch = WEFT_CHAN_MAKE(int, 3);
  WEFT_SEND(ch, int, 1);
  WEFT_SEND(ch, int, 2);
  ck_assert_int_eq(weft_chan_close(ch), 0);
  ck_assert_int_eq(weft_chan_close(ch), WEFT_ERR_CLOSE_CLOSED);
  ck_assert_int_eq(WEFT_SEND(ch, int, 3), WEFT_ERR_SEND_CLOSED);
  ck_assert_int_eq(weft_chan_try_send(ch, &(int){3}), WEFT_ERR_SEND_CLOSED);
  ck_assert_uint_eq(weft_chan_len(ch), 2);
  ck_assert_uint_eq(weft_chan_cap(ch), 3);
  bool ok = false;
  /* Buffered values are still delivered, then zero values with ok false. */
  ck_assert_int_eq(recv_int(ch, &ok), 1);
  ck_assert(ok);
  ck_assert_int_eq(recv_int(ch, &ok), 2);
  ck_assert(ok);
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(recv_int(ch, &ok), 0);
    ck_assert(!ok);
  }
  int v = 5;
  ck_assert_int_eq(weft_chan_try_recv(ch, &v, &ok), 0);
  ck_assert(!ok);
  ck_assert_int_eq(v, 0);
  ck_assert(!weft_chan_range(ch, &v));
  weft_chan_free(ch);

  ck_assert_int_eq(weft_chan_close(NULL), WEFT_ERR_CLOSE_NIL);
  ck_assert_uint_eq(weft_chan_len(NULL), 0);
  ck_assert_uint_eq(weft_chan_cap(NULL), 0);
  ck_assert_str_eq(weft_strerror(WEFT_ERR_SEND_CLOSED), "send on closed channel");
  ck_assert_str_eq(weft_strerror(WEFT_ERR_CLOSE_CLOSED), "close of closed channel");
  ck_assert_str_eq(weft_strerror(WEFT_ERR_CLOSE_NIL), "close of nil channel");
  ck_assert_str_eq(weft_strerror(WEFT_ERR_NEGATIVE_WG), "sync: negative WaitGroup counter");

  WeftChan *named = weft_chan_make_named(sizeof(int), 0, "jobs");
  ck_assert_str_eq(weft_chan_name(named), "jobs");
  weft_chan_free(named);
}
END_TEST

START_TEST(test_close_wakes_all) {
  enum { N = 6 };
  for (int buffered = 0; buffered < 2; buffered++) {
    WeftChan *ch = WEFT_CHAN_MAKE(int, (size_t)buffered);
    Op recvs[N], sel[N];
    for (int i = 0; i < N; i++) {
      recvs[i] = (Op){.fn = op_recv, .ch = ch, .value = 9, .ok = true};
      sel[i] = (Op){.fn = op_select_recv, .ch = ch, .value = 9, .ok = true};
      op_start(&recvs[i]);
      op_start(&sel[i]);
    }
    for (int i = 0; i < N; i++) {
      ck_assert(wait_sleeping(&recvs[i].tid));
      ck_assert(wait_sleeping(&sel[i].tid));
    }
    ck_assert_int_eq(weft_chan_close(ch), 0);
    for (int i = 0; i < N; i++) {
      pthread_join(recvs[i].thread, NULL);
      pthread_join(sel[i].thread, NULL);
      ck_assert(!recvs[i].ok && recvs[i].value == 0);
      ck_assert(!sel[i].ok && sel[i].value == 0 && sel[i].result == 0);
    }
    weft_chan_free(ch);
  }
  /* Blocked senders get the error. */
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  Op sends[N];
  for (int i = 0; i < N; i++) {
    sends[i] = (Op){.fn = i % 2 ? op_send : op_select_send, .ch = ch, .value = i};
    op_start(&sends[i]);
  }
  for (int i = 0; i < N; i++)
    ck_assert(wait_sleeping(&sends[i].tid));
  weft_chan_close(ch);
  for (int i = 0; i < N; i++) {
    pthread_join(sends[i].thread, NULL);
    ck_assert_int_eq(sends[i].result, WEFT_ERR_SEND_CLOSED);
  }
  weft_chan_free(ch);
}
END_TEST

/* ---- an unbuffered send waits for its receiver ------------------------- */

START_TEST(test_unbuffered_rendezvous) {
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  Op send = {.fn = op_send, .ch = ch, .value = 77};
  op_start(&send);
  ck_assert(wait_sleeping(&send.tid));
  ck_assert_int_eq(atomic_load(&send.done), 0);
  ck_assert_uint_eq(weft_chan_len(ch), 0);
  ck_assert_int_eq(recv_soon(ch, NULL), 77);
  pthread_join(send.thread, NULL);
  ck_assert_int_eq(send.result, 0);

  /* A buffered channel blocks its sender only when full. */
  WeftChan *b = WEFT_CHAN_MAKE(int, 2);
  WEFT_SEND(b, int, 1);
  WEFT_SEND(b, int, 2);
  Op third = {.fn = op_send, .ch = b, .value = 3};
  op_start(&third);
  ck_assert(wait_sleeping(&third.tid));
  ck_assert_int_eq(atomic_load(&third.done), 0);
  ck_assert_int_eq(recv_soon(b, NULL), 1);
  pthread_join(third.thread, NULL);
  ck_assert_int_eq(recv_soon(b, NULL), 2);
  ck_assert_int_eq(recv_soon(b, NULL), 3);
  weft_chan_free(b);
  weft_chan_free(ch);
}
END_TEST

/* ---- zero-size elements ------------------------------------------------ */

START_TEST(test_zero_size) {
  for (size_t cap = 0; cap < 3; cap += 2) {
    WeftChan *ch = weft_chan_make(0, cap);
    Op send = {.fn = op_send, .ch = ch};
    op_start(&send);
    bool ok = false;
    WeftSelectCase c[1] = {WEFT_CASE_RECV(ch, NULL)};
    ck_assert_int_eq(weft_select(c, 1, BOUND), 0);
    ck_assert(c[0].ok);
    pthread_join(send.thread, NULL);
    weft_chan_close(ch);
    weft_chan_recv(ch, NULL, &ok);
    ck_assert(!ok);
    weft_chan_free(ch);
  }
}
END_TEST

/* ---- many senders, many receivers: every value once -------------------- */

typedef struct {
  WeftChan *ch;
  int first, n;
  bool use_select;
  long sum, count;
} Worker;

static void *producer(void *p) {
  Worker *w = p;
  for (int i = w->first; i < w->first + w->n; i++) {
    if (w->use_select) {
      WeftSelectCase c[2] = {WEFT_CASE_SEND(w->ch, &i), WEFT_CASE_RECV(NULL, NULL)};
      weft_select(c, 2, WEFT_SELECT_FOREVER);
    } else {
      weft_chan_send(w->ch, &i);
    }
  }
  return NULL;
}

static void *consumer(void *p) {
  Worker *w = p;
  for (;;) {
    int v;
    bool ok;
    if (w->use_select) {
      WeftSelectCase c[1] = {WEFT_CASE_RECV(w->ch, &v)};
      weft_select(c, 1, WEFT_SELECT_FOREVER);
      ok = c[0].ok;
    } else {
      weft_chan_recv(w->ch, &v, &ok);
    }
    if (!ok)
      break;
    w->sum += v;
    w->count++;
  }
  return NULL;
}

START_TEST(test_many_to_many) {
  enum { P = 4, C = 3, N = 5000 };
  const size_t caps[] = {0, 1, 16};
  for (int k = 0; k < 3; k++) {
    for (int sel = 0; sel < 2; sel++) {
      WeftChan *ch = WEFT_CHAN_MAKE(int, caps[k]);
      Worker prod[P], cons[C];
      pthread_t tp[P], tc[C];
      for (int i = 0; i < C; i++) {
        cons[i] = (Worker){.ch = ch, .use_select = sel && i % 2};
        WEFT_GO_JOINABLE(consumer, &cons[i], &tc[i]);
      }
      for (int i = 0; i < P; i++) {
        prod[i] = (Worker){.ch = ch, .first = i * N, .n = N, .use_select = sel && i % 2 == 0};
        WEFT_GO_JOINABLE(producer, &prod[i], &tp[i]);
      }
      for (int i = 0; i < P; i++)
        pthread_join(tp[i], NULL);
      weft_chan_close(ch);
      long sum = 0, count = 0;
      for (int i = 0; i < C; i++) {
        pthread_join(tc[i], NULL);
        sum += cons[i].sum;
        count += cons[i].count;
      }
      ck_assert_int_eq(count, P * N);
      ck_assert_int_eq(sum, (long)P * N * (P * N - 1) / 2);
      weft_chan_free(ch);
    }
  }
}
END_TEST

/* ---- select fairness --------------------------------------------------- */

static double chi_square(const long *counts, int k, long total) {
  double e = (double)total / k, chi = 0;
  for (int i = 0; i < k; i++)
    chi += (counts[i] - e) * (counts[i] - e) / e;
  return chi;
}

START_TEST(test_select_fairness) {
  enum { K = 4, ROUNDS = 20000 };
  /* Chi-square with 3 degrees of freedom: 40 has p < 1e-8, never a flake;
   * a biased choice (e.g. always the first ready case) gives ~60000. */
  WeftChan *chans[K];
  for (int i = 0; i < K; i++) {
    chans[i] = WEFT_CHAN_MAKE(int, 1);
    WEFT_SEND(chans[i], int, i);
  }
  long counts[K] = {0};
  for (int r = 0; r < ROUNDS; r++) {
    int v = -1;
    WeftSelectCase c[K];
    for (int i = 0; i < K; i++)
      c[i] = WEFT_CASE_RECV(chans[i], &v);
    int chosen = weft_select(c, K, WEFT_SELECT_FOREVER);
    ck_assert(chosen >= 0 && chosen < K && v == chosen);
    counts[chosen]++;
    WEFT_SEND(chans[chosen], int, chosen);
  }
  ck_assert_msg(chi_square(counts, K, ROUNDS) < 40, "recv counts %ld %ld %ld %ld", counts[0],
                counts[1], counts[2], counts[3]);

  /* Send cases, ready together. */
  long sends[K] = {0};
  for (int r = 0; r < ROUNDS; r++) {
    int v = r;
    WeftSelectCase c[K];
    for (int i = 0; i < K; i++)
      c[i] = WEFT_CASE_SEND(chans[i], &v);
    for (int i = 0; i < K; i++)
      weft_chan_try_recv(chans[i], NULL, NULL); /* empty them all */
    int chosen = weft_select(c, K, WEFT_SELECT_NOWAIT);
    ck_assert(chosen >= 0 && chosen < K);
    sends[chosen]++;
  }
  ck_assert_msg(chi_square(sends, K, ROUNDS) < 40, "send counts %ld %ld %ld %ld", sends[0],
                sends[1], sends[2], sends[3]);
  for (int i = 0; i < K; i++)
    weft_chan_free(chans[i]);
}
END_TEST

/* ---- nil channels in select -------------------------------------------- */

START_TEST(test_select_nil_never_ready) {
  int v = 0;
  WeftSelectCase nils[2] = {WEFT_CASE_RECV(NULL, &v), WEFT_CASE_SEND(NULL, &v)};
  int64_t t0 = weft_now();
  ck_assert_int_eq(weft_select(nils, 2, 20 * WEFT_MILLISECOND), WEFT_SELECT_TIMEOUT);
  ck_assert_int_ge(weft_now() - t0, 20 * WEFT_MILLISECOND);
  ck_assert_int_eq(weft_select(nils, 2, WEFT_SELECT_NOWAIT), WEFT_SELECT_DEFAULT);

  WeftChan *ready = WEFT_CHAN_MAKE(int, 1);
  for (int i = 0; i < 200; i++) {
    WEFT_SEND(ready, int, i);
    WeftSelectCase c[3] = {WEFT_CASE_RECV(NULL, &v), WEFT_CASE_RECV(ready, &v),
                           WEFT_CASE_SEND(NULL, &v)};
    ck_assert_int_eq(weft_select(c, 3, WEFT_SELECT_FOREVER), 1);
    ck_assert_int_eq(v, i);
  }
  weft_chan_free(ready);
}
END_TEST

START_TEST(test_select_many_cases) {
  enum { K = 40 }; /* more than fit on the stack inside weft_select */
  WeftChan *chans[K];
  WeftSelectCase c[K];
  int v = -1;
  for (int i = 0; i < K; i++) {
    chans[i] = WEFT_CHAN_MAKE(int, 0);
    c[i] = WEFT_CASE_RECV(chans[i], &v);
  }
  ck_assert_int_eq(weft_select(c, K, 5 * WEFT_MILLISECOND), WEFT_SELECT_TIMEOUT);
  Op send = {.fn = op_send, .ch = chans[33], .value = 33};
  op_start(&send);
  ck_assert_int_eq(weft_select(c, K, BOUND), 33);
  ck_assert_int_eq(v, 33);
  pthread_join(send.thread, NULL);
  for (int i = 0; i < K; i++)
    weft_chan_free(chans[i]);
}
END_TEST

/* ---- timers ------------------------------------------------------------ */

START_TEST(test_timer_after) {
  int64_t t0 = weft_now();
  WeftChan *after = weft_after(30 * WEFT_MILLISECOND);
  int64_t fired = 0;
  bool ok = false;
  weft_chan_recv(after, &fired, &ok);
  int64_t elapsed = weft_now() - t0;
  ck_assert(ok);
  ck_assert_int_ge(fired - t0, 30 * WEFT_MILLISECOND);
  ck_assert_int_ge(elapsed, 30 * WEFT_MILLISECOND);
  ck_assert_int_lt(elapsed, 30 * WEFT_MILLISECOND + 3 * WEFT_SECOND);
  weft_chan_free(after);

  /* Many timers, out of order: each fires, none early. */
  enum { N = 50 };
  WeftChan *timers[N];
  int64_t due[N];
  t0 = weft_now();
  for (int i = 0; i < N; i++) {
    int64_t d = ((i * 37) % N + 1) * WEFT_MILLISECOND;
    due[i] = t0 + d;
    timers[i] = weft_after(d);
  }
  for (int i = 0; i < N; i++) {
    WeftSelectCase c[1] = {WEFT_CASE_RECV(timers[i], &fired)};
    ck_assert_int_eq(weft_select(c, 1, BOUND), 0);
    ck_assert_int_ge(fired, due[i]);
    weft_chan_free(timers[i]);
  }
  /* A timer freed before it fires is simply gone. */
  weft_chan_free(weft_after(WEFT_SECOND * 3600));
}
END_TEST

START_TEST(test_timer_tick) {
  int64_t t0 = weft_now();
  WeftChan *tick = weft_tick(10 * WEFT_MILLISECOND);
  int64_t at;
  /* Ticks keep their schedule (a late one is followed by an early one, as in
   * Go): the k-th comes no sooner than k periods. */
  for (int i = 1; i <= 5; i++) {
    WeftSelectCase c[1] = {WEFT_CASE_RECV(tick, &at)};
    ck_assert_int_eq(weft_select(c, 1, BOUND), 0);
    ck_assert_int_ge(at, t0 + i * 10 * WEFT_MILLISECOND);
  }
  ck_assert_int_ge(weft_now() - t0, 50 * WEFT_MILLISECOND);
  weft_chan_free(tick);
  ck_assert_ptr_null(weft_tick(0));

  WeftTicker *t = weft_ticker_new(5 * WEFT_MILLISECOND);
  WeftChan *c = weft_ticker_chan(t);
  WeftSelectCase rc[1] = {WEFT_CASE_RECV(c, &at)};
  ck_assert_int_eq(weft_select(rc, 1, BOUND), 0);
  weft_ticker_stop(t);
  /* Stopped: nothing arrives, not even a tick sent just before the stop. */
  ck_assert_int_eq(weft_select(rc, 1, 30 * WEFT_MILLISECOND), WEFT_SELECT_TIMEOUT);
  weft_ticker_reset(t, 5 * WEFT_MILLISECOND);
  ck_assert_int_eq(weft_select(rc, 1, BOUND), 0);
  weft_ticker_free(t);
}
END_TEST

START_TEST(test_select_timeout) {
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  int v;
  WeftSelectCase c[1] = {WEFT_CASE_RECV(ch, &v)};
  int64_t t0 = weft_now();
  ck_assert_int_eq(weft_select(c, 1, 20 * WEFT_MILLISECOND), WEFT_SELECT_TIMEOUT);
  int64_t elapsed = weft_now() - t0;
  ck_assert_int_ge(elapsed, 20 * WEFT_MILLISECOND);
  ck_assert_int_lt(elapsed, 20 * WEFT_MILLISECOND + 3 * WEFT_SECOND);
  /* The timed-out select left nothing behind: a sender still blocks. */
  ck_assert_int_eq(weft_chan_try_send(ch, &v), WEFT_SELECT_DEFAULT);
  /* A timer channel in a select, Go's time.After idiom. */
  WeftChan *after = weft_after(10 * WEFT_MILLISECOND);
  WeftSelectCase c2[2] = {WEFT_CASE_RECV(ch, &v), WEFT_CASE_RECV(after, NULL)};
  ck_assert_int_eq(weft_select(c2, 2, WEFT_SELECT_FOREVER), 1);
  weft_chan_free(after);
  weft_chan_free(ch);
}
END_TEST

/* ---- context ----------------------------------------------------------- */

static bool is_closed_soon(WeftChan *done) {
  WeftSelectCase c[1] = {WEFT_CASE_RECV(done, NULL)};
  return weft_select(c, 1, BOUND) == 0 && !c[0].ok;
}

static bool is_open(WeftChan *done) {
  WeftSelectCase c[1] = {WEFT_CASE_RECV(done, NULL)};
  return weft_select(c, 1, WEFT_SELECT_NOWAIT) == WEFT_SELECT_DEFAULT;
}

START_TEST(test_ctx_cancel_tree) {
  static const char key_user[] = "user", key_id[] = "id";
  WeftCtx *bg = weft_ctx_background();
  ck_assert_ptr_null(weft_ctx_done(bg));
  ck_assert_int_eq(weft_ctx_err(bg), 0);

  WeftCtx *root = weft_ctx_with_cancel(bg);
  WeftCtx *val = weft_ctx_with_value(root, key_user, "ada");
  WeftCtx *child = weft_ctx_with_cancel(val);
  WeftCtx *grand = weft_ctx_with_timeout(child, 3600 * WEFT_SECOND);
  WeftCtx *grand_val = weft_ctx_with_value(grand, key_id, "42");
  WeftCtx *sibling = weft_ctx_with_cancel(bg);

  ck_assert_str_eq(weft_ctx_value(grand_val, key_user), "ada");
  ck_assert_str_eq(weft_ctx_value(grand_val, key_id), "42");
  ck_assert_ptr_null(weft_ctx_value(child, key_id));
  ck_assert_ptr_eq(weft_ctx_done(val), weft_ctx_done(root));
  int64_t deadline;
  ck_assert(weft_ctx_deadline(grand_val, &deadline));
  ck_assert(!weft_ctx_deadline(child, NULL));

  ck_assert(is_open(weft_ctx_done(grand)));
  weft_ctx_cancel(child); /* only the subtree */
  ck_assert(is_closed_soon(weft_ctx_done(grand)));
  ck_assert_int_eq(weft_ctx_err(grand_val), WEFT_CTX_CANCELED);
  ck_assert_int_eq(weft_ctx_err(root), 0);
  ck_assert(is_open(weft_ctx_done(root)));

  WeftCtx *late = weft_ctx_with_cancel(child); /* born canceled */
  ck_assert_int_eq(weft_ctx_err(late), WEFT_CTX_CANCELED);
  ck_assert(is_closed_soon(weft_ctx_done(late)));

  WeftCtx *child2 = weft_ctx_with_cancel(val);
  WeftCtx *grand2 = weft_ctx_with_cancel(child2);
  weft_ctx_cancel(root);
  ck_assert(is_closed_soon(weft_ctx_done(grand2)));
  ck_assert_int_eq(weft_ctx_err(grand2), WEFT_CTX_CANCELED);
  ck_assert_int_eq(weft_ctx_err(sibling), 0);
  ck_assert_str_eq(weft_ctx_strerror(weft_ctx_err(root)), "context canceled");

  /* Parents freed before their children: the children stay valid. */
  weft_ctx_free(root);
  weft_ctx_free(val);
  weft_ctx_free(child);
  ck_assert_str_eq(weft_ctx_value(grand_val, key_user), "ada");
  weft_ctx_free(grand);
  weft_ctx_free(grand_val);
  weft_ctx_free(late);
  weft_ctx_free(grand2);
  weft_ctx_free(child2);
  weft_ctx_free(sibling);
  weft_ctx_free(bg);
}
END_TEST

START_TEST(test_ctx_deadline) {
  int64_t t0 = weft_now();
  WeftCtx *parent = weft_ctx_with_cancel(NULL);
  WeftCtx *ctx = weft_ctx_with_timeout(parent, 30 * WEFT_MILLISECOND);
  WeftCtx *child = weft_ctx_with_cancel(ctx);
  WeftCtx *grand = weft_ctx_with_cancel(child);
  ck_assert_int_eq(weft_ctx_err(grand), 0);
  ck_assert(is_closed_soon(weft_ctx_done(grand)));
  ck_assert_int_ge(weft_now() - t0, 30 * WEFT_MILLISECOND);
  ck_assert_int_eq(weft_ctx_err(ctx), WEFT_CTX_DEADLINE_EXCEEDED);
  ck_assert_int_eq(weft_ctx_err(grand), WEFT_CTX_DEADLINE_EXCEEDED);
  ck_assert_int_eq(weft_ctx_err(parent), 0);
  ck_assert_str_eq(weft_ctx_strerror(weft_ctx_err(grand)), "context deadline exceeded");

  /* A deadline already past; a later deadline under an earlier one. */
  WeftCtx *past = weft_ctx_with_deadline(parent, weft_now() - WEFT_SECOND);
  ck_assert_int_eq(weft_ctx_err(past), WEFT_CTX_DEADLINE_EXCEEDED);
  WeftCtx *soon = weft_ctx_with_timeout(parent, 20 * WEFT_MILLISECOND);
  WeftCtx *later = weft_ctx_with_timeout(soon, 3600 * WEFT_SECOND);
  int64_t d1, d2;
  ck_assert(weft_ctx_deadline(soon, &d1) && weft_ctx_deadline(later, &d2));
  ck_assert_int_eq(d1, d2);
  ck_assert(is_closed_soon(weft_ctx_done(later)));
  ck_assert_int_eq(weft_ctx_err(later), WEFT_CTX_DEADLINE_EXCEEDED);

  /* Canceled before its deadline: canceled, and the timer is gone (no leak). */
  WeftCtx *quick = weft_ctx_with_timeout(parent, 3600 * WEFT_SECOND);
  weft_ctx_cancel(quick);
  ck_assert_int_eq(weft_ctx_err(quick), WEFT_CTX_CANCELED);
  weft_ctx_free(quick);
  WeftCtx *freed = weft_ctx_with_timeout(parent, 3600 * WEFT_SECOND);
  weft_ctx_free(freed);

  weft_ctx_free(later);
  weft_ctx_free(soon);
  weft_ctx_free(past);
  weft_ctx_free(grand);
  weft_ctx_free(child);
  weft_ctx_free(ctx);
  weft_ctx_free(parent);
}
END_TEST

/* Concurrent cancellation from both ends of a tree, and frees, under ASan. */
static void *cancel_ctx(void *p) {
  weft_ctx_cancel(p);
  return NULL;
}

START_TEST(test_ctx_concurrent) {
  for (int round = 0; round < 200; round++) {
    WeftCtx *root = weft_ctx_with_cancel(NULL);
    WeftCtx *ctxs[8];
    WeftCtx *parent = root;
    for (int i = 0; i < 8; i++)
      parent = ctxs[i] = i % 3 == 2 ? weft_ctx_with_timeout(parent, (round % 3) * WEFT_MICROSECOND)
                                    : weft_ctx_with_cancel(parent);
    pthread_t a, b;
    weft_go_named("cancel", cancel_ctx, root, &a);
    weft_go_named("cancel", cancel_ctx, ctxs[5], &b);
    ck_assert(is_closed_soon(weft_ctx_done(ctxs[7])));
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    for (int i = 0; i < 8; i++)
      ck_assert_int_ne(weft_ctx_err(ctxs[i]), 0);
    weft_ctx_free(root);
    for (int i = 0; i < 8; i++)
      weft_ctx_free(ctxs[i]);
  }
}
END_TEST

/* ---- errgroup ---------------------------------------------------------- */

static _Atomic int saw_cancel;

static int task_fail_soon(WeftCtx *ctx, void *arg) {
  (void)ctx;
  weft_sleep(5 * WEFT_MILLISECOND);
  return (int)(intptr_t)arg;
}

static int task_wait_cancel(WeftCtx *ctx, void *arg) {
  (void)arg;
  WeftSelectCase c[1] = {WEFT_CASE_RECV(weft_ctx_done(ctx), NULL)};
  if (weft_select(c, 1, BOUND) == 0 && weft_ctx_err(ctx) == WEFT_CTX_CANCELED)
    atomic_fetch_add(&saw_cancel, 1);
  return 7; /* a later error: never the one Wait returns */
}

static int task_ok(WeftCtx *ctx, void *arg) {
  (void)ctx;
  atomic_fetch_add((_Atomic int *)arg, 1);
  return 0;
}

START_TEST(test_errgroup) {
  atomic_store(&saw_cancel, 0);
  WeftErrGroup *g = weft_errgroup_new(NULL);
  for (int i = 0; i < 3; i++)
    ck_assert_int_eq(WEFT_ERRGROUP_GO(g, task_wait_cancel, NULL), 0);
  ck_assert_int_eq(weft_errgroup_go(g, task_fail_soon, (void *)(intptr_t)42), 0);
  ck_assert_int_eq(weft_errgroup_wait(g), 42);
  ck_assert_int_eq(atomic_load(&saw_cancel), 3);
  ck_assert_int_eq(weft_ctx_err(weft_errgroup_ctx(g)), WEFT_CTX_CANCELED);
  weft_errgroup_free(g);

  /* All succeed: 0, and Wait still cancels the group's context. */
  _Atomic int ran = 0;
  WeftCtx *parent = weft_ctx_with_cancel(NULL);
  g = weft_errgroup_new(parent);
  for (int i = 0; i < 5; i++)
    WEFT_ERRGROUP_GO(g, task_ok, (void *)&ran);
  ck_assert_int_eq(weft_errgroup_wait(g), 0);
  ck_assert_int_eq(atomic_load(&ran), 5);
  ck_assert_int_eq(weft_ctx_err(weft_errgroup_ctx(g)), WEFT_CTX_CANCELED);
  ck_assert_int_eq(weft_ctx_err(parent), 0);
  weft_errgroup_free(g);

  /* The parent's cancellation reaches the tasks. */
  atomic_store(&saw_cancel, 0);
  g = weft_errgroup_new(parent);
  WEFT_ERRGROUP_GO(g, task_wait_cancel, NULL);
  weft_ctx_cancel(parent);
  ck_assert_int_eq(weft_errgroup_wait(g), 7);
  ck_assert_int_eq(atomic_load(&saw_cancel), 1);
  weft_errgroup_free(g);
  weft_ctx_free(parent);
}
END_TEST

/* ---- WaitGroup and Once ------------------------------------------------ */

typedef struct {
  WeftWaitGroup *wg;
  _Atomic int *count;
} WgArg;

static void *wg_worker(void *p) {
  WgArg *a = p;
  weft_sleep(WEFT_MILLISECOND);
  atomic_fetch_add(a->count, 1);
  weft_wg_done(a->wg);
  return NULL;
}

START_TEST(test_waitgroup) {
  WeftWaitGroup wg = WEFT_WAITGROUP_INIT;
  weft_wg_wait(&wg); /* zero: returns at once */
  ck_assert_int_eq(weft_wg_add(&wg, -1), WEFT_ERR_NEGATIVE_WG);
  weft_wg_wait(&wg); /* the failed add left it at zero */
  for (int round = 0; round < 20; round++) {
    _Atomic int count = 0;
    WgArg arg = {&wg, &count};
    ck_assert_int_eq(weft_wg_add(&wg, 8), 0);
    for (int i = 0; i < 8; i++)
      ck_assert_int_eq(WEFT_GO(wg_worker, &arg), 0);
    weft_wg_wait(&wg);
    ck_assert_int_eq(atomic_load(&count), 8);
  }
  weft_wg_add(&wg, 2);
  ck_assert_int_eq(weft_wg_done(&wg), 0);
  ck_assert_int_eq(weft_wg_done(&wg), 0);
  ck_assert_int_eq(weft_wg_done(&wg), WEFT_ERR_NEGATIVE_WG);
}
END_TEST

static _Atomic int once_runs, once_finished;

static void once_fn(void *arg) {
  (void)arg;
  atomic_fetch_add(&once_runs, 1);
  weft_sleep(20 * WEFT_MILLISECOND);
  atomic_store(&once_finished, 1);
}

static WeftOnce the_once = WEFT_ONCE_INIT;

static void *once_caller(void *p) {
  weft_once_do(&the_once, once_fn, NULL);
  *(int *)p = atomic_load(&once_finished); /* Do returns after f returned */
  return NULL;
}

START_TEST(test_once) {
  enum { N = 8 };
  pthread_t t[N];
  int seen[N];
  for (int i = 0; i < N; i++)
    WEFT_GO_JOINABLE(once_caller, &seen[i], &t[i]);
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    ck_assert_int_eq(seen[i], 1);
  }
  ck_assert_int_eq(atomic_load(&once_runs), 1);
  weft_once_do(&the_once, once_fn, NULL);
  ck_assert_int_eq(atomic_load(&once_runs), 1);
}
END_TEST

/* ---- spawn ------------------------------------------------------------- */

static void *name_reporter(void *p) {
  char name[16] = "";
  pthread_getname_np(pthread_self(), name, sizeof name);
  weft_chan_send(p, name);
  return NULL;
}

static void *a_worker_with_a_long_name(void *p) {
  return name_reporter(p);
}

START_TEST(test_spawn_names) {
  WeftChan *names = weft_chan_make(16, 0);
  char name[16];
  pthread_t t;
  ck_assert_int_eq(WEFT_GO(name_reporter, names), 0);
  weft_chan_recv(names, name, NULL);
  ck_assert_str_eq(name, "name_reporter");
  ck_assert_int_eq(WEFT_GO_JOINABLE(a_worker_with_a_long_name, names, &t), 0);
  weft_chan_recv(names, name, NULL);
  pthread_join(t, NULL);
  ck_assert_str_eq(name, "a_worker_with_a");
  ck_assert_int_eq(weft_go_named("(void *(*)(void *))&cast", name_reporter, names, NULL), 0);
  weft_chan_recv(names, name, NULL);
  ck_assert_str_eq(name, "cast");
  ck_assert_int_eq(weft_go(name_reporter, names), 0);
  weft_chan_recv(names, name, NULL);
  ck_assert_int_gt(strlen(name), 0);
  ck_assert_int_eq(weft_go_named("x", NULL, NULL, NULL), WEFT_ERR_INVAL);
  weft_chan_free(names);
}
END_TEST

/* ---- errno is left alone ----------------------------------------------- */

START_TEST(test_errno_untouched) {
  WeftChan *ch = WEFT_CHAN_MAKE(int, 0);
  Op send = {.fn = op_send, .ch = ch, .value = 1};
  op_start(&send);
  errno = 1234;
  ck_assert_int_eq(recv_int(ch, NULL), 1);
  int v;
  WeftSelectCase c[1] = {WEFT_CASE_RECV(ch, &v)};
  weft_select(c, 1, WEFT_MILLISECOND);
  ck_assert_int_eq(errno, 1234);
  pthread_join(send.thread, NULL);
  weft_chan_free(ch);
}
END_TEST

static Suite *chan_suite(void) {
  Suite *s = suite_create("chan");
  struct {
    const char *name;
    const TTest *test;
  } cases[] = {
      {"go-tests", test_sieve1},      {"go-tests", test_sieve2},
      {"go-tests", test_fifo_async},  {"go-tests", test_fifo_sync},
      {"go-tests", test_nonblock},    {"go-tests", test_select_two_buffers},
      {"go-tests", test_select2_memory}, {"go-tests", test_select3_blocking},
      {"go-tests", test_select4_destination}, {"go-tests", test_select5_matrix},
      {"go-tests", test_select6_queues}, {"go-tests", test_select7_discard},
      {"go-tests", test_doubleselect}, {"close", test_close_semantics},
      {"close", test_close_wakes_all}, {"blocking", test_unbuffered_rendezvous},
      {"blocking", test_zero_size},   {"blocking", test_many_to_many},
      {"select", test_select_fairness}, {"select", test_select_nil_never_ready},
      {"select", test_select_many_cases}, {"timers", test_timer_after},
      {"timers", test_timer_tick},    {"timers", test_select_timeout},
      {"context", test_ctx_cancel_tree}, {"context", test_ctx_deadline},
      {"context", test_ctx_concurrent}, {"errgroup", test_errgroup},
      {"sync", test_waitgroup},       {"sync", test_once},
      {"spawn", test_spawn_names},    {"misc", test_errno_untouched},
  };
  TCase *tc = NULL;
  const char *current = "";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (strcmp(cases[i].name, current) != 0) {
      tc = tcase_create(cases[i].name);
      tcase_set_timeout(tc, 60);
      suite_add_tcase(s, tc);
      current = cases[i].name;
    }
    tcase_add_test(tc, cases[i].test);
  }
  return s;
}

int main(void) {
  return weft_test_run(chan_suite());
}
