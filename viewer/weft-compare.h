/* weft-compare.h: two runs side by side (a buggy one and its fix) share a
 * playhead: where the other run's playhead goes when one run's moves. No
 * GTK: the compare window and `weft render --compare` both use it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "weft-lanes.h"

typedef enum {
  WEFT_COMPARE_BY_EVENT, /* the same event number (the other run's last if it has fewer) */
  WEFT_COMPARE_BY_TIME,  /* the other run's last event at or before the same time into its run */
} WeftCompareBy;

/* The event of `to` that goes with event ev of `from`; SIZE_MAX if `to` has
 * no event (or, by time, none yet at that time). */
size_t weft_compare_follow(const WeftLaneModel *from, size_t ev, const WeftLaneModel *to,
                           WeftCompareBy by);
bool weft_compare_by_parse(const char *name, WeftCompareBy *by);

/* `weft view --compare A B`: the viewer on a window of the two runs alone
 * (weft-compare-window.c); the exit status, or WEFT_VIEWER_NO_DISPLAY. */
int weft_compare_run(const char *a, const char *b, WeftCompareBy by);
