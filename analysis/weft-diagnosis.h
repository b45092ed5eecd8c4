/* weft-diagnosis.h: what went wrong in a run, from its trace, besides the
 * deadlocks the tracer caught live: lock-order inversions that could
 * deadlock another run, threads left blocked at exit, and misuse. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "weft-lock-order.h"
#include "weft-misuse.h"
#include "weft-replay.h"
#include "weft-trace.h"

typedef struct {
  uint32_t thread;
  uint32_t object;    /* what it waits on, 0 for a join or a select */
  uint8_t event;      /* the event that began the wait */
  uint32_t stack;
  uint64_t since;
} WeftLeak;

typedef struct {
  WeftInversion *inversions; /* between threads: another run can deadlock */
  size_t ninversions;
  /* Both orders taken by one thread alone: a note, since another thread
   * running the same path would make it an inversion. */
  WeftInversion *order_notes;
  size_t norder_notes;
  size_t inversions_ruled_out; /* gated, or ordered by joins */
  WeftLeak *leaks;
  size_t nleaks;
  bool leaks_checked; /* only a run that ended cleanly, without a deadlock, tells */
  WeftMisuse *misuse;
  size_t nmisuse;
  bool incomplete; /* memory ran out: findings may be missing, never read it as clean */
  /* The state of the run just after each DEADLOCK event (NULL if none), by
   * the deadlock's index: what weft_deadlock_report_at() needs, streamed. */
  WeftReplay **at_deadlock;
  size_t nat_deadlock;
} WeftDiagnosis;

WeftDiagnosis *weft_diagnose(const WeftTrace *t);
void weft_diagnosis_free(WeftDiagnosis *d);

/* The last words of `weft record`: one line a class of finding the run hit
 * or risked (deadlock, potential deadlock, leaked threads, misuse), each with
 * the command that shows more; "" when there is none. */
char *weft_findings_summary(const WeftTrace *t, const WeftDiagnosis *d, const char *trace_path);
