/* weft-hook-jump.c: longjmp out of a signal handler.
 *
 * A handler that interrupted a hook's real call (a SIGALRM ending a sem_wait,
 * a SIGSEGV in a sem_post on garbage) and jumps out leaves that hook for
 * good: its wait ends here (with EINTR), so the thread is neither inside a
 * hook for the rest of its life (its later calls lost) nor seen waiting while
 * it runs (a false "deadlock!"). A jump from the tracer's own work (a handler
 * that landed there) also drops the record it was writing and the tracer
 * locks it held. */
#include <setjmp.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

/* The event that ends each kind of wait. */
static unsigned end_of(unsigned wait_event) {
  switch (wait_event) {
  case WEFT_EV_LOCK_WAIT: return WEFT_EV_LOCK_FAIL;
  case WEFT_EV_COND_WAIT: return WEFT_EV_COND_WAKE;
  case WEFT_EV_JOIN_BEGIN: return WEFT_EV_JOIN_END;
  case WEFT_EV_BARRIER_WAIT: return WEFT_EV_BARRIER_LEAVE;
  case WEFT_EV_SLEEP_BEGIN: return WEFT_EV_SLEEP_END;
  default: return 0;
  }
}

static void leave_hooks(void) {
  WeftThreadState *s = &_weft_self;
  if (!s->paused && !_weft_hook_interrupted(s->in_hook))
    return; /* a jump within the program's own code */
  for (int i = 0; i < 4; i++)
    if (s->held[i])
      _weft_spin_unlock(s->held[i]);
  /* out of a handler's hook recorded aside: the interrupted state back (its
   * locks, noted in both, released above), the handler's records merged at
   * the next hook */
  _weft_side_leave();
  for (int i = 0; i < 4; i++)
    s->held[i] = NULL;
  s->paused = 0;
  s->in_hook = WEFT_HOOK_NONE;
  WeftWaitSlot *w = _weft_wait_slot(s->tid);
  if (!w || atomic_load(&w->state) == WEFT_WAIT_NONE)
    return;
  unsigned event = atomic_load(&w->event);
  uint32_t object = atomic_load(&w->object), target = atomic_load(&w->target);
  _weft_wait_end(s);
  WeftThreadState *t = _weft_hook_begin();
  if (t && end_of(event)) {
    unsigned flags = WEFT_WITH_RESULT(atomic_load(&w->flags) | WEFT_F_WAITED, EINTR);
    _weft_emit(t, end_of(event), object, flags, event == WEFT_EV_JOIN_BEGIN ? target : 0, 0);
  }
  if (t)
    _weft_hook_end(t);
}

void longjmp(struct __jmp_buf_tag env[1], int val) {
  WEFT_REAL(longjmp);
  leave_hooks();
  real_longjmp(env, val);
  __builtin_unreachable();
}

void _longjmp(struct __jmp_buf_tag env[1], int val) {
  WEFT_REAL(_longjmp);
  leave_hooks();
  real__longjmp(env, val);
  __builtin_unreachable();
}

void siglongjmp(struct __jmp_buf_tag env[1], int val) {
  WEFT_REAL(siglongjmp);
  leave_hooks();
  real_siglongjmp(env, val);
  __builtin_unreachable();
}

/* _FORTIFY_SOURCE's longjmp and siglongjmp */
void __longjmp_chk(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));
void __longjmp_chk(struct __jmp_buf_tag env[1], int val) {
  WEFT_REAL(__longjmp_chk);
  leave_hooks();
  real___longjmp_chk(env, val);
  __builtin_unreachable();
}
