/* weft-reader-private.h: the reader's trace in memory, shared by
 * weft-reader.c (one file) and weft-family-read.c (a family merged). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-races-private.h"
#include "weft-trace.h"

typedef struct {
  uint64_t key; /* epoch << 48 | pc */
  WeftFrame frame;
} FrameSlot;

typedef struct {
  uint32_t epoch;
  uint32_t depth;
  uint64_t *pcs;
  WeftFrame *frames; /* resolved lazily */
} StackEntry;

typedef struct {
  uint64_t tick, ns;
} ClockPair;

typedef struct {
  const uint8_t *payload;
  uint32_t length, thread, sequence;
  uint16_t flags;
  uint32_t order; /* position in the file */
} Chunk;

typedef struct {
  double scale;
  uint64_t tick0, ns0;
  bool identity; /* ticks are nanoseconds already */
} TimeScale;

/* A thread's chunks read as one stream of events, one at a time. */
typedef struct {
  const Chunk *chunks; /* in sequence order */
  size_t nchunks, ci;
  const uint8_t *p, *end; /* the rest of chunk ci */
  uint64_t tick;
  bool have_base;
  bool chunk_done; /* set when a chunk was finished: for progress */
  uint32_t expect_seq;
  uint32_t thread;
  /* what the first pass gave the events with a blob, race or deadlock:
   * arg | stack << 40, taken again by later passes */
  uint64_t *side;
  size_t nside, side_cap, side_pos;
} WeftDecoder;

typedef enum {
  WEFT_PASS_FIRST,      /* metadata and blobs fill the tables */
  WEFT_PASS_FIRST_KEEP, /* the same, keeping what blobs were given for later passes */
  WEFT_PASS_AGAIN,      /* the tables are full: events only, the trace is not written */
} WeftDecodePass;

/* Keeps d's side table (for a later pass over the same stream). */
void _weft_decoder_start(WeftDecoder *d, const Chunk *chunks, size_t nchunks, uint32_t thread);
bool _weft_decoder_next(WeftTrace *t, WeftDecoder *d, const TimeScale *ts, WeftEvent *e,
                        WeftDecodePass pass);
uint64_t _weft_to_ns(const TimeScale *s, uint64_t tick);
/* Gives back the file's pages under [p, p + len) (a mapped trace). */
void _weft_forget_pages(const WeftTrace *t, const uint8_t *p, size_t len);

/* A trace opened with weft_trace_open_streamed(): its file stays mapped and
 * each cursor decodes the threads' streams again. */
typedef struct {
  Chunk *chunks;
  WeftDecoder *streams; /* one per thread, in thread id order; side tables kept */
  size_t nstreams;
  TimeScale scale;
  uint64_t origin;
} WeftLazyEvents;

struct WeftTrace {
  WeftTraceInfo info;
  uint8_t *owned_data;
  const uint8_t *data; /* only while parsing */
  size_t size;
  bool mapped;

  WeftEvent *events;
  size_t nevents;
  WeftLazyEvents *lazy; /* events not in memory: read through a cursor */
  size_t lazy_count;    /* then, how many */
  size_t events_map_size; /* non-zero when events is mmap'ed */

  WeftThread *threads;
  size_t nthreads, threads_cap;
  char **thread_names; /* latest pthread_setname_np, by index in threads */
  uint32_t *thread_slots; /* open addressing: index + 1 in threads, by id */
  size_t thread_slots_cap;

  WeftObject *objects; /* dense by id; id 0 unused */
  size_t objects_cap;
  size_t nobjects_defined;
  WeftObject *object_list; /* defined objects only, for iteration */
  char **object_given_names;
  uint32_t *object_symbol; /* file string id of the symbol name */

  StackEntry *stacks; /* dense by id */
  size_t stacks_cap;

  FrameSlot *frames; /* open addressing */
  size_t frames_cap, nframes;

  char **strings; /* reader string ids: 1..n */
  size_t nstrings, strings_cap;
  char **file_strings; /* STRING records: file id -> text */
  size_t file_strings_cap;

  WeftDeadlock *deadlocks;
  size_t ndeadlocks;

  WeftRaceTable races;

  ClockPair *clocks;
  size_t nclocks, clocks_cap;
  uint64_t process_start_ns;
  bool have_process_start;
  uint64_t origin_ns; /* CLOCK_MONOTONIC ns of time 0: a family aligns its traces on it */

  WeftProcess *processes; /* one for a trace alone; a family's, root first */
  size_t nprocesses;
  struct WeftTrace **members; /* a family's traces, kept for the names they hold */
  size_t nmembers;
};

/* The process table of a trace read alone: itself. */
int _weft_trace_set_single_process(WeftTrace *t);
/* Frees the events of a trace merged into a family (its tables stay). */
void _weft_trace_drop_events(WeftTrace *t);
