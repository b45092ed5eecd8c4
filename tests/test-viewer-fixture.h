/* test-viewer-fixture.h: a small trace with every kind of state and arrow. */
#pragma once

#define US 1000ull /* the fixture's times are in microseconds */

/* Lanes in order: main, producer, consumer, philo-a, philo-b (both start in
 * philosopher(), fixture.c:8: one group of lanes). Objects:
 * 1 counter_mu, 2 jobs (unbuffered channel), 3 fork_a, 4 fork_b, 5 done_cv,
 * 6 results (channel of capacity 3).
 * - producer sends messages 101 and 102 on results at 21 and 22 us, the
 *   consumer receives 101 at 27 us: one value stays in the buffer;
 * - consumer waits to receive on jobs 65..101 us; producer sends message 1 at
 *   100 us, the consumer gets it at 101 us;
 * - producer is blocked sending 275..320 us;
 * - philo-a and philo-b deadlock on the forks from 200 / 210 us to the end;
 *   philo-b's wait has a stack: philosopher at fixture.c:12;
 * - main joins producer 50..525 us, waits on done_cv 600..705 us. */
void weft_test_write_fixture(const char *path);

/* A run with one finding of each kind but a deadlock (the fixture above has
 * that), times in microseconds. Threads 1 main, 2 a, 3 b; mutexes 1 m1, 2 m2.
 *  11, 31 us: a takes m2 holding m1, b takes m1 holding m2 (an inversion);
 *  40 us: b unlocks m1, which it does not hold (MISUSE);
 *  45 us: b unlocks m2 again (a double unlock the analysis finds after the run);
 *  50 us: ThreadSanitizer reports a data race on a's lane (race_blob);
 *  60 us: Ctrl-\ dumps both threads (two DUMP events, one dump);
 *  70 us: b crashes with SIGSEGV (a DUMP of reason CRASH). */
#include <stddef.h>
void weft_test_write_findings_fixture(const char *path, const void *race_blob, size_t race_len);
/* That run with test-race-fixture's race, written to a temporary file and
 * opened (the file is gone once open); NULL if it did not open. */
struct WeftTrace;
struct WeftTrace *weft_test_open_findings_fixture(void);
