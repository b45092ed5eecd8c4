/* weft-export-chrome.h: Chrome Trace Event JSON (ui.perfetto.dev,
 * chrome://tracing), written as events stream in. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-severity.h"
#include "weft-trace.h"

typedef struct WeftChromeExport WeftChromeExport;

typedef struct {
  uint64_t messages; /* channel messages drawn as flows */
  uint64_t handoffs; /* lock hand-offs drawn as flows */
  uint64_t forks;    /* a family's forks drawn as flows, to the child's first event */
  uint64_t reaps;    /* a child's end drawn as a flow to the wait that reaped it */
  uint64_t findings; /* instants of weft_chrome_export_finding() */
  uint64_t markers;  /* bookmarks */
} WeftChromeCounts;

/* Writes the header and one track per thread of trace; NULL without memory. */
WeftChromeExport *weft_chrome_export_begin(FILE *out, const WeftTrace *trace);
/* One event, in time order. */
void weft_chrome_export_event(WeftChromeExport *x, const WeftEvent *e);
/* A bookmark: a marker across the whole timeline ("s": "g"), its title as
 * the name, its note in args. */
void weft_chrome_export_marker(WeftChromeExport *x, uint64_t time, const char *title,
                               const char *note);
/* A finding (its id from weft-severity.h's table: "deadlock", "double-unlock"
 * ...) as an instant on the thread's track at its time (0: on the whole
 * timeline), with its severity and the sentence weft report tells. Returns
 * the stream to add more members to its args (each starting with a comma);
 * weft_chrome_export_finding_end() closes it. */
FILE *weft_chrome_export_finding(WeftChromeExport *x, const char *finding, WeftSeverity severity,
                                 uint32_t thread, uint64_t time, const char *explanation);
void weft_chrome_export_finding_end(WeftChromeExport *x);
/* Closes open slices and the document, frees x; -1 if a write failed. */
int weft_chrome_export_end(WeftChromeExport *x, WeftChromeCounts *counts);
