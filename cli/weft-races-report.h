/* weft-races-report.h: ThreadSanitizer's findings in `weft report`. */
#pragma once

#include <stdio.h>

#include "weft-trace.h"

/* "Data races" in plain words, then TSan's other findings as it said them.
 * Prints nothing for a program that was not built for race detection. */
void weft_print_races(FILE *out, const WeftTrace *t);
/* The "races" and "tsan_findings" members, the last of the JSON report
 * (docs/JSON.md): null when the program was not built for race detection,
 * [] when TSan found none. */
void weft_json_races(FILE *out, const WeftTrace *t);
