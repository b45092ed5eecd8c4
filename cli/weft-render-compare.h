/* weft-render-compare.h: `weft render A --compare B --steps ...`: slides of
 * two runs at a shared playhead, one above the other. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "weft-compare.h"
#include "weft-lanes.h"
#include "weft-slide.h"

/* Pages for the steps `events` of m (the run named `name`), each with the
 * other run at the event that goes with it. Opens other_path itself; says
 * what goes wrong and returns an exit status, 0 when written. */
int weft_render_compare(const WeftLaneModel *m, const char *name, const char *other_path,
                        WeftCompareBy by, const WeftSlideOptions *so, const size_t *events,
                        size_t n, const char *output, bool folder);
