/* weft-verdict.h: one verdict for a recorded run, as `weft check` gives it.
 *
 * Every finding of the trace is weighed by the severity table
 * (analysis/weft-severity.c), which a teacher's grading file may override;
 * the worst error-weighted finding's class is the verdict. Without one, a run
 * that cannot be trusted whole (no end, lost events, a size cap, races not
 * checked) is inconclusive, else clean. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "weft-severity.h"
#include "weft-trace.h"

/* Worst first: the order verdicts are ranked in. */
typedef enum {
  WEFT_VERDICT_DEADLOCK,
  WEFT_VERDICT_CRASH,
  WEFT_VERDICT_HANG,
  WEFT_VERDICT_RACE,
  WEFT_VERDICT_MISUSE,
  WEFT_VERDICT_POTENTIAL_DEADLOCK,
  WEFT_VERDICT_LEAK,
  WEFT_VERDICT_EARLY_EXIT,
  WEFT_VERDICT_INCONCLUSIVE,
  WEFT_VERDICT_CLEAN,
  WEFT_VERDICT_COUNT_
} WeftVerdictClass;

typedef struct {
  WeftVerdictClass verdict_class;
  const char *finding; /* its id in the severity table */
  WeftSeverity severity;
  char *text;          /* one sentence */
} WeftVerdictFinding;

typedef struct {
  WeftVerdictClass verdict;
  WeftVerdictFinding *findings;
  size_t nfindings;
  char **inconclusive; /* why the run cannot be called clean, one sentence each */
  size_t ninconclusive;
} WeftVerdict;

/* A teacher's overrides of the severity table. */
typedef struct {
  char **finding;
  WeftSeverity *severity;
  size_t n;
} WeftGrading;

/* Reads "FINDING = error|note" lines (# comments); false with a one-line
 * message in err (the file, the line, what is wrong). */
bool weft_grading_load(const char *path, WeftGrading *g, char *err, size_t errsize);
void weft_grading_free(WeftGrading *g);

/* NULL when memory ran out. races_required: a run whose program was not
 * built for race detection is inconclusive. */
WeftVerdict *weft_verdict_judge(const WeftTrace *t, const WeftGrading *g, bool races_required);
void weft_verdict_free(WeftVerdict *v);

const char *weft_verdict_id(WeftVerdictClass c);     /* "deadlock", "clean"... */
int weft_verdict_status(WeftVerdictClass c);         /* weft check's exit status */
/* The class named by id, or WEFT_VERDICT_COUNT_. */
WeftVerdictClass weft_verdict_from_id(const char *id);
