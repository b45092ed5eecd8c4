/* weft-findings-text.h: the analysis' words about one thread, on a FILE,
 * for the findings of weft-findings-dump.c and weft-findings-course.c. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-replay.h"
#include "weft-trace.h"

/* A thread's display name; valid until eight more calls. */
const char *weft_findings_label(const WeftTrace *t, uint32_t tid);
/* The thread's traced wait then, with its holder and stack; false if none. */
bool weft_findings_wait(FILE *out, const WeftTrace *t, const WeftReplay *r, uint32_t tid,
                        uint64_t time);
/* "; it holds a, b" when the thread held locks then. */
void weft_findings_holds(FILE *out, const WeftTrace *t, const WeftReplay *r, uint32_t tid);
/* A folded stack (weft_stack_describe), each line indented. */
void weft_findings_stack(FILE *out, const WeftTrace *t, uint32_t stack, const char *object,
                         const char *indent);
