/* weft-lane-misuse.h: misuse of the threading API placed on the lanes: the
 * MISUSE events the preload wrote and the misuse analysis/weft-misuse.c finds
 * after the run (a double unlock, a wait without the mutex...), one mark on
 * the thread's lane at the event it was found at. Found once after the model
 * is built (one replay of the trace: the loader's worker thread, weft render)
 * and kept with the model. No GTK, no cairo. */
#pragma once

#include "weft-lanes.h"
#include "weft-misuse.h"

typedef struct {
  const WeftMisuse *misuse;
  uint32_t event; /* the preload's MISUSE event, else the call's; UINT32_MAX if none */
  uint64_t time;
  int lane;  /* -1 if its thread has no lane */
  bool note; /* of the lower severity (a call that failed, a lock held at the end) */
} WeftLaneMisuse;

/* Finds the misuse of the model's trace and keeps it with the model, whose
 * earlier marks it replaces; false when memory ran out (marks may be
 * missing). Not while another thread draws the model. */
bool weft_lane_model_find_misuse(WeftLaneModel *m);
/* The same with the misuse already found (weft_misuse_find()); takes found
 * (malloc'd, n of them). */
bool weft_lane_model_place_misuse(WeftLaneModel *m, WeftMisuse *found, size_t n);
/* weft_lane_model_new(), with the misuse found beside its indexing, in a
 * thread of its own (the loader's worker; a replay costs about a third of
 * the open). NULL as weft_lane_model_new() gives it. */
WeftLaneModel *weft_lane_model_new_with_misuse(const WeftTrace *trace, WeftProgressFunc progress,
                                               void *data);
/* The marks, in time order; 0 before weft_lane_model_find_misuse(). */
size_t weft_lane_model_misuse_count(const WeftLaneModel *m);
const WeftLaneMisuse *weft_lane_model_misuse(const WeftLaneModel *m, size_t i);
/* The first mark at time t or later (binary search), the count if none. */
size_t weft_lane_model_misuse_from(const WeftLaneModel *m, uint64_t t);
/* The misuse found at event ev, or NULL. */
const WeftMisuse *weft_lane_model_misuse_of_event(const WeftLaneModel *m, uint32_t ev);

/* For the model (weft-lanes.c): frees what weft_lane_model_find_misuse kept. */
void weft_lane_misuse_marks_free(WeftLaneMisuseMarks *k);
