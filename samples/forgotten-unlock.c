/* forgotten-unlock: an early return that leaves a mutex locked.
 *
 * withdraw() locks the account, checks the balance, and -- on the error
 * path only -- returns without unlocking:
 *
 *     pthread_mutex_lock(&acct.mu);
 *     if (acct.balance < amount)
 *         return -1;                 // bug: acct.mu is still locked
 *     ...
 *     pthread_mutex_unlock(&acct.mu);
 *
 * The happy path works, so the tests that only try it pass. The first
 * withdrawal that fails leaves the mutex locked, and every later access to
 * the account blocks forever -- here in a thread that merely wants to read
 * the balance. Go avoids most of these with `mu.Lock(); defer mu.Unlock()`;
 * in C, one exit path per function (a `goto out`) does the same job.
 *
 * The order is forced: `spender` makes its withdrawals (the last one fails)
 * before `auditor` starts, so the program hangs on every run (record it with
 * `--timeout-ms 2000`). The fix is in forgotten-unlock-fixed.c.
 *
 * In the viewer: `account.mu` acquired by `spender` and never released; the
 * spender lane ends while holding it; `auditor` is blocked on it to the end,
 * waiting for a thread that no longer exists. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sample-util.h"
#include "weft-annotate.h"

typedef struct {
  pthread_mutex_t mu;
  long balance; /* guarded by mu */
} Account;

static Account account = {.balance = 100};

static int withdraw(Account *a, long amount) {
  pthread_mutex_lock(&a->mu);
  if (a->balance < amount)
    return -1; /* BUG: returns with a->mu locked */
  a->balance -= amount;
  pthread_mutex_unlock(&a->mu);
  return 0;
}

static long balance(Account *a) {
  pthread_mutex_lock(&a->mu);
  long b = a->balance;
  pthread_mutex_unlock(&a->mu);
  return b;
}

static void *spender(void *arg) {
  (void)arg;
  sample_name_self("spender");
  long amounts[] = {30, 50, 40}; /* the third is more than what is left */
  for (int i = 0; i < 3; i++) {
    int r = withdraw(&account, amounts[i]);
    printf("withdraw %ld: %s\n", amounts[i], r == 0 ? "ok" : "insufficient funds");
  }
  fflush(stdout);
  return NULL;
}

static void *auditor(void *arg) {
  (void)arg;
  sample_name_self("auditor");
  printf("auditor: reading the balance...\n");
  fflush(stdout);
  printf("auditor: balance %ld\n", balance(&account)); /* blocks forever */
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  pthread_mutex_init(&account.mu, NULL);
  WEFT_NAME_OBJECT(&account.mu, "account.mu"); /* its name in the viewer */
  pthread_t ts, ta;
  sample_check(pthread_create(&ts, NULL, spender, NULL), "pthread_create");
  pthread_join(ts, NULL); /* forces the order: every withdrawal first */
  sample_check(pthread_create(&ta, NULL, auditor, NULL), "pthread_create");
  pthread_join(ta, NULL); /* never returns */
  return 0;
}
