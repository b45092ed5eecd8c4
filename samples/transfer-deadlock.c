/* transfer-deadlock: two transfers between two bank accounts, AB-BA.
 *
 * Each account has its own mutex. A transfer locks both accounts, moves
 * the money, unlocks both:
 *
 *     lock(from); lock(to); from->balance -= n; to->balance += n; unlock...
 *
 * Alice pays Bob while Bob pays Alice. The first transfer locks alice then
 * bob; the second locks bob then alice. If each gets its first lock before
 * the other gets its second, each waits for the lock the other holds: the
 * smallest deadlock there is, a cycle of two ("lock-order inversion").
 *
 * A barrier between the two locks forces that interleaving, so the program
 * hangs on every run (use `--timeout-ms 2000` to record it). Without the
 * barrier it would hang only now and then -- worse, since it would pass the
 * tests. weft's report names such inversions even in runs that got lucky.
 * The fix is in transfer-fixed.c.
 *
 * In the viewer: `pay-alice-bob` holds `alice.mu` and waits for `bob.mu`;
 * `pay-bob-alice` holds `bob.mu` and waits for `alice.mu`. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-annotate.h"

typedef struct {
  const char *name;
  pthread_mutex_t mu;
  long balance; /* guarded by mu */
} Account;

typedef struct {
  Account *from, *to;
  long amount;
} Transfer;

static Account alice = {.name = "alice", .balance = 100};
static Account bob = {.name = "bob", .balance = 100};
/* A named lock: "alice.mu" in the viewer and the report. */
static void account_init(Account *a) {
  char name[32];
  snprintf(name, sizeof name, "%s.mu", a->name);
  pthread_mutex_init(&a->mu, NULL);
  WEFT_NAME_OBJECT(&a->mu, name);
}

static pthread_barrier_t both_hold_one; /* forces the bad interleaving */

static void *transfer(void *p) {
  Transfer *t = p;
  sample_name_self("pay-%s-%s", t->from->name, t->to->name);
  pthread_mutex_lock(&t->from->mu);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&t->to->mu); /* the other transfer holds it: blocks forever */
  t->from->balance -= t->amount;
  t->to->balance += t->amount;
  pthread_mutex_unlock(&t->to->mu);
  pthread_mutex_unlock(&t->from->mu);
  printf("%s paid %s %ld\n", t->from->name, t->to->name, t->amount);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  account_init(&alice);
  account_init(&bob);
  pthread_barrier_init(&both_hold_one, NULL, 2);
  Transfer a = {&alice, &bob, 30}, b = {&bob, &alice, 20};
  pthread_t ta, tb;
  sample_check(pthread_create(&ta, NULL, transfer, &a), "pthread_create");
  sample_check(pthread_create(&tb, NULL, transfer, &b), "pthread_create");
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  printf("alice %ld, bob %ld\n", alice.balance, bob.balance);
  return 0;
}
