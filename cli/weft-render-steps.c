/* weft-render-steps.c: the events `weft render --steps` makes pages of. */
#include "weft-render-steps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "weft-timeaxis.h"

static bool parse_bound(const char *s, size_t len, WeftStepBound *b) {
  char text[64];
  if (len == 0 || len >= sizeof text)
    return false;
  memcpy(text, s, len);
  text[len] = 0;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (!errno && end != text && !*end && text[0] != '-') {
    if (v == 0)
      return false; /* events are counted from 1 */
    b->is_time = false;
    b->value = v;
    return true;
  }
  b->is_time = true;
  return weft_parse_time(text, &b->value);
}

bool weft_steps_parse(const char *spec, WeftStepBound *from, WeftStepBound *to, bool *has_from,
                      bool *has_to) {
  const char *dots = strstr(spec, "..");
  if (!dots)
    return false;
  size_t a = (size_t)(dots - spec), b = strlen(dots + 2);
  *has_from = a > 0;
  *has_to = b > 0;
  if (*has_from && !parse_bound(spec, a, from))
    return false;
  if (*has_to && !parse_bound(dots + 2, b, to))
    return false;
  return *has_from || *has_to;
}

bool weft_step_kind_parse(const char *name, WeftStepKind *kind) {
  static const struct {
    const char *name;
    WeftStepKind kind;
  } kinds[] = {{"event", WEFT_STEP_EVENT},
               {"blocking", WEFT_STEP_BLOCKING},
               {"message", WEFT_STEP_MESSAGE},
               {"finding", WEFT_STEP_FINDING}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(name, kinds[i].name)) {
      *kind = kinds[i].kind;
      return true;
    }
  return false;
}

/* The first event index the bound lets in (or the first after it, for an
 * end: one past the last). */
static size_t bound_index(const WeftLaneModel *m, const WeftStepBound *b, bool end, size_t nev) {
  size_t i;
  if (b->is_time)
    i = weft_lane_model_event_at_time(m, end ? b->value + 1 : b->value);
  else
    i = end ? (size_t)b->value : (size_t)b->value - 1;
  return i > nev ? nev : i;
}

size_t *weft_steps_select(const WeftLaneModel *m, WeftStepKind kind, const WeftStepBound *from,
                          bool has_from, const WeftStepBound *to, bool has_to, size_t *n) {
  size_t nev;
  weft_trace_events(weft_lane_model_trace(m), &nev);
  size_t lo = has_from ? bound_index(m, from, false, nev) : 0;
  size_t hi = has_to ? bound_index(m, to, true, nev) : nev;
  *n = 0;
  if (lo >= hi)
    return NULL;
  size_t *out = malloc((hi - lo) * sizeof *out);
  if (!out)
    return NULL;
  if (kind == WEFT_STEP_EVENT) {
    for (size_t i = lo; i < hi; i++)
      out[(*n)++] = i;
    return out;
  }
  for (size_t i = lo ? weft_step(m, lo - 1, 1, kind, 0) : weft_step(m, WEFT_STEP_NONE, 1, kind, 0);
       i != WEFT_STEP_NONE && i < hi; i = weft_step(m, i, 1, kind, 0))
    out[(*n)++] = i;
  if (!*n) {
    free(out);
    return NULL;
  }
  return out;
}
