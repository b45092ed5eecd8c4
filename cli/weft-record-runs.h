/* weft-record-runs.h: `weft record --shake --runs N`. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Runs `weft record OPTIONS --shake=SEED+i -o OUTPUT -- PROGRAM...` for i in
 * 0..runs-1 until a run deadlocks, hangs, crashes or exits differently from
 * the first; says which, with the seed that replays it. Returns the status of
 * the run kept (the last one when none went wrong). */
int weft_record_runs(char **options, int noptions, char **program, const char *output,
                     unsigned runs, uint64_t seed, bool has_timeout);
