/* weft-export-chrome.h: Chrome Trace Event JSON (ui.perfetto.dev,
 * chrome://tracing), written as events stream in. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-trace.h"

typedef struct WeftChromeExport WeftChromeExport;

typedef struct {
  uint64_t messages; /* channel messages drawn as flows */
  uint64_t handoffs; /* lock hand-offs drawn as flows */
  uint64_t forks;    /* a family's forks drawn as flows, to the child's first event */
  uint64_t reaps;    /* a child's end drawn as a flow to the wait that reaped it */
} WeftChromeCounts;

/* Writes the header and one track per thread of trace; NULL without memory. */
WeftChromeExport *weft_chrome_export_begin(FILE *out, const WeftTrace *trace);
/* One event, in time order. */
void weft_chrome_export_event(WeftChromeExport *x, const WeftEvent *e);
/* Closes open slices and the document, frees x; -1 if a write failed. */
int weft_chrome_export_end(WeftChromeExport *x, WeftChromeCounts *counts);
