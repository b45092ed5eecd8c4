/* weft-export-findings.h: every finding weft report tells, as instant events
 * of the Chrome export, each with the report's own words and its severity. */
#pragma once

#include <stdbool.h>

#include "weft-diagnosis.h"
#include "weft-export-chrome.h"
#include "weft-trace.h"

/* Deadlocks, lock-order inversions and notes, leaked threads, misuse (the
 * preload's and the diagnosis'), data races and ThreadSanitizer's other
 * reports, stuck dumps and crashes, an early exit, shared stack arguments,
 * WaitGroup adds; false when memory ran out (some may be missing). */
bool weft_export_findings(WeftChromeExport *x, const WeftTrace *t, const WeftDiagnosis *d);
