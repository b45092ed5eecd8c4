/* weft-diagnose.h: what went wrong in a run, from its trace: the deadlocks
 * the tracer caught live, lock-order inversions that could deadlock another
 * run, threads left blocked at exit, and misuse. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-trace.h"

/* One edge of the lock-order graph: `second` was asked for while `first` was
 * held (an attempt counts when made, not when it returns; trylocks add none). */
typedef struct {
  uint32_t first, second;  /* object ids */
  uint32_t thread;         /* the first thread seen doing it */
  uint32_t first_stack;    /* where first was taken */
  uint32_t second_stack;   /* where second was asked for */
} WeftLockEdge;

typedef struct {
  uint32_t *locks; /* the cycle: locks[0] -> locks[1] -> ... -> locks[0] */
  WeftLockEdge *edges;
  size_t n;
} WeftInversion;

typedef struct {
  uint32_t thread;
  uint32_t object;    /* what it waits on, 0 for a join or a select */
  uint8_t event;      /* the event that began the wait */
  uint32_t stack;
  uint64_t since;
} WeftLeak;

typedef struct {
  uint32_t thread, object, stack;
  unsigned kind; /* WeftMisuseKind */
  uint64_t time;
} WeftMisuse;

typedef struct {
  WeftInversion *inversions;
  size_t ninversions;
  WeftLeak *leaks;
  size_t nleaks;
  bool leaks_checked; /* only a run that ended cleanly, without a deadlock, tells */
  WeftMisuse *misuse;
  size_t nmisuse;
  bool incomplete; /* memory ran out: findings may be missing, never read it as clean */
} WeftDiagnosis;

WeftDiagnosis *weft_diagnose(const WeftTrace *t);
void weft_diagnosis_free(WeftDiagnosis *d);

const char *weft_deadlock_kind_id(unsigned kind);   /* "mutex-cycle", ... (JSON) */
const char *weft_misuse_kind_id(unsigned kind);     /* "unlock-not-owner", ... */

/* The explanation of a deadlock in one plain sentence (translated). */
char *weft_deadlock_sentence(const WeftTrace *t, const WeftDeadlock *d);
/* Go's "all goroutines are asleep - deadlock!", for weft: the headline, then
 * each blocked thread, what it waits for and since when, who holds it, its
 * stack, and the sentence. */
void weft_print_deadlock(FILE *out, const WeftTrace *t, const WeftDeadlock *d);
/* One frame as "function (file:line)", or what is known of it. */
void weft_format_frame(char *out, size_t size, const WeftFrame *frame);
/* The stack of a thread as "function (file:line)" lines. */
void weft_print_stack(FILE *out, const WeftTrace *t, uint32_t stack, const char *indent);
