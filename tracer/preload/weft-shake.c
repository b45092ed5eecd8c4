/* weft-shake.c: `weft record --shake[=SEED]` and `--spurious`.
 *
 * A bug that shows once in a hundred runs needs a rare interleaving. At every
 * hook's entry (lock, unlock, signal, channel operations, create...) a thread
 * now and then yields or sleeps half a millisecond to two, drawn from its own
 * sequence (the seed mixed with its weft thread id), so the same seed makes
 * the same choices again: a run that went wrong replays, most of the time, by
 * its seed. --spurious makes a condition wait without a timeout return now and
 * then without a signal, as POSIX allows: an `if` that should be a `while`
 * shows. Only the timing changes, never what a call does. */
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "weft-preload-private.h"

WEFT_HIDDEN uint64_t _weft_shake_seed;
WEFT_HIDDEN bool _weft_spurious;

void _weft_shake_init(void) {
  const char *seed = getenv("WEFT_SHAKE");
  if (seed && *seed)
    _weft_shake_seed = strtoull(seed, NULL, 10) | 1u << 31; /* never 0: 0 means off */
  const char *spurious = getenv("WEFT_SPURIOUS");
  _weft_spurious = spurious && *spurious == '1';
  if (_weft_spurious && !_weft_shake_seed)
    _weft_shake_seed = 1u << 31; /* the spurious wake-ups need the sequence too */
}

/* splitmix64: small, and good enough to pick when to yield. */
static uint64_t next(WeftThreadState *s) {
  if (!s->shake_rng)
    s->shake_rng = _weft_shake_seed ^ ((uint64_t)s->tid * 0x9e3779b97f4a7c15ULL);
  uint64_t z = (s->shake_rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void _weft_shake_point(WeftThreadState *s) {
  if (!_weft_shake_seed || (_weft_spurious && _weft_shake_seed == 1u << 31))
    return; /* --spurious alone does not shake */
  uint64_t r = next(s);
  unsigned roll = (unsigned)(r % 100);
  if (roll < 40)
    return;
  if (roll < 60) {
    sched_yield();
    return;
  }
  /* long beside the system's own jitter, so that a seed's choices decide */
  struct timespec ts = {0, (long)(500 + (r >> 16) % 1500) * 1000L}; /* 0.5 to 2 ms */
  real_nanosleep(&ts, NULL);
}

bool _weft_shake_spurious(WeftThreadState *s) { return _weft_spurious && next(s) % 4 == 0; }
