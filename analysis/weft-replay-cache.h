/* weft-replay-cache.h: the state at any instant of a whole trace, fast for
 * a viewer's playhead: one replay moved forward as the playhead moves
 * forward, and snapshots of it saved on the way (at most 64 and 64 MiB,
 * spread over the events seen), from which a jump backwards replays only the
 * events after the nearest one. */
#pragma once

#include <stddef.h>

#include "weft-replay.h"

typedef struct WeftReplayCache WeftReplayCache;

WeftReplayCache *weft_replay_cache_new(const WeftTrace *t);
void weft_replay_cache_free(WeftReplayCache *c);
/* The state just after event upto: valid until the next call; NULL when
 * out of memory. Not thread-safe: one caller at a time. */
const WeftReplay *weft_replay_cache_at(WeftReplayCache *c, size_t upto);
