/* weft-findings-dump.h: the stuck dumps and crashes a trace holds, in words
 * (weft record prints them as they happen, weft report after the run). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-trace.h"

/* One dump: its DUMP events are events[first .. first + count). A crash is a
 * dump of one thread with reason WEFT_DUMP_CRASH. */
typedef struct {
  uint64_t time;
  unsigned reason; /* WeftDumpReason */
  unsigned suspect; /* the watch: why the deadlock detector only suspected (0: no progress) */
  size_t first, count;
} WeftDumpFinding;

/* The dumps and crashes in time order; free() the array. */
WeftDumpFinding *weft_find_dumps(const WeftTrace *t, size_t *count);
/* Every thread of a dump (or the crash): what it waits for and who holds it,
 * or what it runs, the system call it sits in, its stack. `live_pid`, when
 * not 0, is the still running process whose descriptors can be named. */
void weft_print_dump(FILE *out, const WeftTrace *t, const WeftDumpFinding *d, int live_pid);
/* "dumps": [...], "crash": {...} or null, for report --json (a comma follows). */
void weft_json_dumps(FILE *out, const WeftTrace *t);
/* "quit", "timeout", ... (JSON) */
const char *weft_dump_reason_id(unsigned reason);
