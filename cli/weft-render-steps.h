/* weft-render-steps.h: which events `weft render --steps FROM..TO` makes
 * pages of. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-lanes.h"
#include "weft-steps.h"

/* One end of a span: an event number as the viewer counts them (1 is the
 * first event), or a time with a unit. */
typedef struct {
  bool is_time;
  uint64_t value;
} WeftStepBound;

/* Parses "FROM..TO" (either end may be left out: "..20", "5.."). */
bool weft_steps_parse(const char *spec, WeftStepBound *from, WeftStepBound *to, bool *has_from,
                      bool *has_to);
/* Parses a step kind's name (event, blocking, message, finding). */
bool weft_step_kind_parse(const char *name, WeftStepKind *kind);

/* The events of that kind in the span, in order: newly allocated (free()),
 * *n set; NULL with *n 0 if none. */
size_t *weft_steps_select(const WeftLaneModel *m, WeftStepKind kind, const WeftStepBound *from,
                          bool has_from, const WeftStepBound *to, bool has_to, size_t *n);
