/* sample-util.h: what every sample shares, kept out of the samples' way.
 *
 * The watchdog. A buggy sample hangs, on purpose: that is the lesson. So
 * that a test (or an impatient learner) can still record it, each sample
 * accepts `--timeout-ms N`, or WEFT_SAMPLE_TIMEOUT_MS=N in the environment:
 * after N milliseconds (a SIGALRM from setitimer) a thread named "watchdog"
 * prints one line and ends the process with exit status 3
 * (SAMPLE_EXIT_WATCHDOG). Until then that thread waits on a semaphore, which
 * weft counts as asleep: the watchdog does not hide an "all threads are
 * asleep" deadlock from weft's detection (which, under `weft record`, ends
 * the program first, with status 2). It does show as a thread still blocked
 * at the end of a run that completes. Without the option or the variable,
 * no watchdog exists and the trace shows only the program's threads. */
#pragma once

#include <pthread.h>
#include <stdbool.h>

#define SAMPLE_EXIT_WATCHDOG 3

/* Removes `--timeout-ms N` (or `--timeout-ms=N`) from argv, reads
 * WEFT_SAMPLE_TIMEOUT_MS, and starts the watchdog if either asks for one.
 * Call it first thing in main. */
void sample_watchdog_start(int *argc, char **argv);

/* Names the calling thread (a printf format; the kernel keeps 15
 * characters): its lane in the viewer and its row in `weft report`. A thread
 * does it first thing, so even one that ends at once has its name. */
void sample_name_self(const char *name_fmt, ...) __attribute__((format(printf, 1, 2)));

/* Exits with "what: strerror(err)" if err (a pthread return code) is not 0. */
void sample_check(int err, const char *what);

/* A positive integer from a command-line argument, or exits with a usage line. */
long sample_parse_long(const char *text, const char *what);

/* Sleeps ms milliseconds (nanosleep, visible to the tracer). */
void sample_sleep_ms(long ms);
