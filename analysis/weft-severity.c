/* weft-severity.c: the one table of finding severities. */
#include "weft-severity.h"

#include <string.h>

#include "weft-misuse.h"

#define ERROR WEFT_SEVERITY_ERROR
#define NOTE WEFT_SEVERITY_NOTE

static const WeftSeverityRow table[] = {
    /* what ends or hangs the run, or computes a wrong answer */
    {"deadlock", ERROR},
    {"hang", ERROR},
    {"crash", ERROR},
    {"race", ERROR},
    {"lock-order-inversion", ERROR}, /* two threads: another run can deadlock */
    {"lock-order-note", NOTE},       /* one thread took both orders: a path, not yet a bug */
    {"leak", ERROR},
    {"early-exit", ERROR},
    {"shared-stack-arg", ERROR},
    {"waitgroup-add", ERROR},
    /* misuse, by kind */
    {"unlock-not-owner", ERROR},
    {"destroy-locked", ERROR},
    {"send-on-closed", ERROR},
    {"close-closed", ERROR},
    {"close-nil", ERROR},
    {"negative-waitgroup", ERROR},
    {"exit-holding-lock", ERROR},
    {"add-in-worker", ERROR},
    {"add-races-wait", ERROR},
    {"cond-wait-not-held", ERROR},
    {"cond-wait-other-mutex", ERROR},
    {"double-unlock", ERROR},
    {"unlock-never-locked", ERROR},
    {"destroy-cond-waiters", ERROR},
    {"destroy-barrier-waiters", ERROR},
    {"reinit-live", ERROR},
    {"join-self", ERROR},
    {"join-detached", ERROR},
    {"join-joined", ERROR},
    {"detach-twice", ERROR},
    {"barrier-count-zero", ERROR},
    {"barrier-oversubscribed", ERROR},
    {"rwlock-unlock-not-held", ERROR},
    {"rwlock-relock", ERROR},
    {"sem-bad-value", ERROR},
    {"sem-overflow", ERROR},
    {"not-initialised", ERROR},
    {"recursive-over-unlock", ERROR},
    {"errorcheck-relock", ERROR},
    {"call-failed", NOTE},              /* the program may check and handle it */
    {"process-end-holding-lock", NOTE}, /* the lock dies with the process */
};

const WeftSeverityRow *weft_severity_table(size_t *n) {
  *n = sizeof table / sizeof *table;
  return table;
}

WeftSeverity weft_severity_of(const char *finding) {
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    if (!strcmp(table[i].finding, finding))
      return table[i].severity;
  return ERROR;
}

WeftSeverity weft_misuse_severity(unsigned kind) {
  return weft_severity_of(weft_misuse_kind_id(kind));
}

const char *weft_severity_name(WeftSeverity s) {
  return s == NOTE ? "note" : "error";
}
