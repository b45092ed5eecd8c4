/* weft-hook-sleep.c: sleep, usleep, nanosleep, clock_nanosleep. */
#include "weft-preload-private.h"
#include "weft-waits.h"

static void sleep_begin(WeftThreadState *s, uint64_t ns, unsigned flags) {
  uint64_t tick = _weft_now();
  _weft_wait_begin(s, WEFT_EV_SLEEP_BEGIN, 0, 0, flags, true, tick);
  _weft_emit_at(s, tick, WEFT_EV_SLEEP_BEGIN, 0, flags, ns, 0);
}

static uint64_t timespec_ns(const struct timespec *t) {
  return t ? (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec : 0;
}

unsigned sleep(unsigned seconds) {
  WEFT_REAL(sleep);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_sleep(seconds);
  int saved = errno;
  sleep_begin(s, (uint64_t)seconds * 1000000000u, WEFT_SLEEP_SLEEP);
  errno = saved;
  _weft_hook_pause(s);
  unsigned r = real_sleep(seconds);
  _weft_hook_resume(s);
  saved = errno;
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_SLEEP_END, 0, WEFT_F_WAITED, 0, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int usleep(useconds_t us) {
  WEFT_REAL(usleep);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_usleep(us);
  int saved = errno;
  sleep_begin(s, (uint64_t)us * 1000u, WEFT_SLEEP_USLEEP);
  errno = saved;
  _weft_hook_pause(s);
  int r = real_usleep(us);
  _weft_hook_resume(s);
  saved = errno;
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_SLEEP_END, 0, WEFT_WITH_RESULT(WEFT_F_WAITED, r ? saved : 0), 0, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  WEFT_REAL(nanosleep);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_nanosleep(req, rem);
  int saved = errno;
  sleep_begin(s, timespec_ns(req), WEFT_SLEEP_NANOSLEEP);
  errno = saved;
  _weft_hook_pause(s);
  int r = real_nanosleep(req, rem);
  _weft_hook_resume(s);
  saved = errno;
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_SLEEP_END, 0, WEFT_WITH_RESULT(WEFT_F_WAITED, r ? saved : 0), 0, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
                    struct timespec *rem) {
  WEFT_REAL(clock_nanosleep);
  WeftThreadState *s = _weft_hook_begin();
  if (!s)
    return real_clock_nanosleep(clk, flags, req, rem);
  int saved = errno;
  unsigned f = WEFT_SLEEP_CLOCK_NANOSLEEP | (flags & TIMER_ABSTIME ? WEFT_SLEEP_ABSOLUTE : 0);
  sleep_begin(s, timespec_ns(req), f);
  _weft_hook_pause(s);
  int r = real_clock_nanosleep(clk, flags, req, rem);
  _weft_hook_resume(s);
  _weft_wait_end(s);
  _weft_emit(s, WEFT_EV_SLEEP_END, 0, WEFT_WITH_RESULT(WEFT_F_WAITED, r), 0, 0);
  _weft_hook_end(s);
  errno = saved;
  return r;
}
