/* weft-races-report.h: ThreadSanitizer's findings in `weft report`. */
#pragma once

#include <stdio.h>

#include "weft-trace.h"

/* "Data races" in plain words, then TSan's other findings as it said them.
 * Prints nothing for a program that was not built for race detection. */
void weft_print_races(FILE *out, const WeftTrace *t);
/* After `weft record`: one line counting TSan's findings and saying where
 * they are told in plain words; nothing when it found none. */
void weft_print_races_summary(FILE *out, const WeftTrace *t, const char *trace_path);
/* The "races" and "tsan_findings" members, the last of the JSON report
 * (docs/JSON.md): null when the program was not built for race detection,
 * [] when TSan found none. */
void weft_json_races(FILE *out, const WeftTrace *t); /* a comma follows */
