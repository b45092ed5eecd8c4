/* test-race-fixture.h: a trace with ThreadSanitizer reports, written with
 * WeftWriter as the preload writes them (times in microseconds).
 *
 * Threads: 1 main (os 1000), 2 w-old (os 2002, 10..100 us), 3 w-new (os 2002
 * again: the OS reused the id, 200..900 us), 4 w-other (os 2004, 150..400).
 * TSan numbers them 0, 3, 7, 5. Reports, on w-new's lane:
 *   500 us: a data race on `hits`: w-new (T7) writes 8 bytes, w-other (T5,
 *           finished) had read 4; stacks 1 and 2;
 *   600 us: a data race on a heap block: w-new (T7) writes, w-old (T3,
 *           finished, same OS id) had written; stacks 1 and 3;
 *   700 us: a lock-order inversion, no accesses, text kept. */
#pragma once

#include <stddef.h>

#define RACE_US 1000ull

/* with_detector false: no RACE_DETECTOR record and no reports. */
void weft_test_write_race_fixture(const char *path, int with_detector);
/* The fixture written to a temporary file, opened, the file removed. */
typedef struct WeftTrace WeftTrace;
WeftTrace *weft_test_open_race_fixture(int with_detector);
/* The first report's blob, for cutting at every length. */
size_t weft_test_race_blob(unsigned char *out, size_t size);
