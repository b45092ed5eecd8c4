/* weft-report-source.h: in `weft report` of a packed trace, the source lines
 * where the deadlocked and leaked threads stopped, from the lines `weft
 * pack` embedded (the report itself prints file:line only). */
#pragma once

#include <stdio.h>

#include "weft-diagnosis.h"
#include "weft-trace.h"

void weft_print_embedded_source(FILE *out, const WeftTrace *t, const WeftDiagnosis *d,
                                const char *trace_path);
