/* weft-races-private.h: the reader's table of ThreadSanitizer reports
 * (RACE events), kept apart from weft-reader.c. */
#pragma once

#include "weft-encode-private.h"
#include "weft-trace.h"

typedef struct {
  uint32_t tsan_tid;
  uint64_t os_tid;
  bool running;
} WeftRaceTsanThread;

typedef struct {
  WeftRace *races;
  WeftRaceTsanThread **tsan_threads; /* per race: the threads as TSan named them */
  size_t n;
  bool detector; /* a RACE_DETECTOR record was read */
} WeftRaceTable;

/* A RACE event's blob: returns its number (index + 1), 0 if unreadable,
 * and the first access's stack in *stack. */
uint32_t _weft_races_parse(WeftRaceTable *rt, const WeftRecord *r, uint32_t *stack);
/* The RACE event of race `number` came out at this time, on this thread. */
void _weft_races_event(WeftRaceTable *rt, const WeftEvent *e);
/* TSan's thread numbers to weft's threads, once the thread table is done. */
void _weft_races_finish(WeftRaceTable *rt, const WeftTrace *t);
void _weft_races_free(WeftRaceTable *rt);
