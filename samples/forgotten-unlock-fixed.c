/* forgotten-unlock-fixed: every path out of withdraw() unlocks.
 *
 * The bug (forgotten-unlock.c): the error path returned with the mutex
 * still locked, and the next thread to touch the account blocked forever.
 * The fix: one way out of the function, through the unlock. Go writes
 * `mu.Lock(); defer mu.Unlock()`; in C the idiom is a result variable and a
 * single exit (or a `goto out` when there are several error paths).
 *
 * In the viewer: `account.mu` taken and released three times by `spender`,
 * once by `auditor`; both lanes end. */
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
  int result = -1;
  pthread_mutex_lock(&a->mu);
  if (a->balance >= amount) {
    a->balance -= amount;
    result = 0;
  }
  pthread_mutex_unlock(&a->mu); /* the fix: reached on every path */
  return result;
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
  long amounts[] = {30, 50, 40};
  for (int i = 0; i < 3; i++) {
    int r = withdraw(&account, amounts[i]);
    printf("withdraw %ld: %s\n", amounts[i], r == 0 ? "ok" : "insufficient funds");
  }
  return NULL;
}

static void *auditor(void *arg) {
  (void)arg;
  sample_name_self("auditor");
  printf("auditor: balance %ld\n", balance(&account));
  return NULL;
}

int main(int argc, char **argv) {
  sample_watchdog_start(&argc, argv);
  pthread_mutex_init(&account.mu, NULL);
  WEFT_NAME_OBJECT(&account.mu, "account.mu"); /* its name in the viewer */
  pthread_t ts, ta;
  sample_check(pthread_create(&ts, NULL, spender, NULL), "pthread_create");
  pthread_join(ts, NULL);
  sample_check(pthread_create(&ta, NULL, auditor, NULL), "pthread_create");
  pthread_join(ta, NULL);
  return 0;
}
