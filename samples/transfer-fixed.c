/* transfer-fixed: the two transfers of transfer-deadlock, without the deadlock.
 *
 * The bug: one transfer locks alice then bob, the other bob then alice, and
 * each can end up holding the lock the other waits for. The fix: every
 * transfer locks the two accounts in the same global order, whichever way
 * the money goes -- here by account number. Then both transfers start with
 * the same lock; whoever gets it first finishes, and the other follows.
 *
 * The barrier of transfer-deadlock is kept (both threads start their
 * transfer at the same moment), to show the order alone is enough. Each of
 * the two threads makes ROUNDS transfers, so the money goes back and forth
 * and the total is checked at the end.
 *
 * In the viewer: the two `pay-...` lanes take turns; one briefly blocked on
 * `alice.mu` while the other holds both. No cycle. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-annotate.h"

#define ROUNDS 100

typedef struct {
  int number; /* the global lock order */
  const char *name;
  pthread_mutex_t mu;
  long balance; /* guarded by mu */
} Account;

typedef struct {
  Account *from, *to;
  long amount;
} Transfer;

static Account alice = {.number = 1, .name = "alice", .balance = 100};
static Account bob = {.number = 2, .name = "bob", .balance = 100};
/* A named lock: "alice.mu" in the viewer and the report. */
static void account_init(Account *a) {
  char name[32];
  snprintf(name, sizeof name, "%s.mu", a->name);
  pthread_mutex_init(&a->mu, NULL);
  WEFT_NAME_OBJECT(&a->mu, name);
}

static pthread_barrier_t start_together;

static void *transfer(void *p) {
  Transfer *t = p;
  /* The fix: lock the lower-numbered account first, whatever the direction. */
  Account *first = t->from->number < t->to->number ? t->from : t->to;
  Account *second = first == t->from ? t->to : t->from;
  sample_name_self("pay-%s-%s", t->from->name, t->to->name);
  pthread_barrier_wait(&start_together);
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&first->mu);
    pthread_mutex_lock(&second->mu);
    t->from->balance -= t->amount;
    t->to->balance += t->amount;
    pthread_mutex_unlock(&second->mu);
    pthread_mutex_unlock(&first->mu);
  }
  printf("%s paid %s %ld, %d times\n", t->from->name, t->to->name, t->amount, ROUNDS);
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  account_init(&alice);
  account_init(&bob);
  pthread_barrier_init(&start_together, NULL, 2);
  Transfer a = {&alice, &bob, 1}, b = {&bob, &alice, 1};
  pthread_t ta, tb;
  sample_check(pthread_create(&ta, NULL, transfer, &a), "pthread_create");
  sample_check(pthread_create(&tb, NULL, transfer, &b), "pthread_create");
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  long total = alice.balance + bob.balance;
  printf("alice %ld, bob %ld, total %ld (expected 200)\n", alice.balance, bob.balance, total);
  return total == 200 ? 0 : 1;
}
