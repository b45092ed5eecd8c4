/* weft-races-report.h: ThreadSanitizer's findings in `weft report`. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "weft-trace.h"

/* "Data races" in plain words, then TSan's other findings as it said them.
 * Prints nothing for a program that was not built for race detection. */
void weft_print_races(FILE *out, const WeftTrace *t);
/* After `weft record`: one line counting TSan's findings and saying where
 * they are told in plain words; nothing when it found none. */
void weft_print_races_summary(FILE *out, const WeftTrace *t, const char *trace_path);
/* After `weft record` of a program not built for race detection: one tip
 * when two of its threads ran side by side a while and never synchronised
 * (the course's counter without a mutex), which only --race can judge. */
void weft_print_race_tip(FILE *out, const WeftTrace *t, int nprog, char *const program[]);
/* The "races" and "tsan_findings" members of the JSON report, each followed
 * by a comma (docs/JSON.md): null when the program was not built for race detection,
 * [] when TSan found none. */
void weft_json_races(FILE *out, const WeftTrace *t);
/* A report of two accesses (TSan's others are kept as it said them). */
bool weft_race_is_data_race(const WeftRace *r);
/* A data race in one sentence: who wrote or read what, where, and that
 * nothing ordered the two (translated; free()). */
char *weft_race_sentence(const WeftTrace *t, const WeftRace *r);
/* One of TSan's other findings: its kind, then its text as TSan printed it. */
void weft_print_tsan_other(FILE *out, const WeftRace *r);
