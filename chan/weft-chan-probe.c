/* The probes' default definitions: empty. The tracer (or a test executable)
 * defines the same symbols; calls from the library go through the PLT, so
 * those definitions win. The empty asm keeps each one a real, distinct call. */
#include "weft-chan-probe.h"

#define PROBE __attribute__((noinline, visibility("default")))
#define BODY __asm__ __volatile__("" ::: "memory")

PROBE void weft_probe_chan_make(const void *ch, size_t capacity, size_t elem_size,
                                const char *name) {
  (void)ch, (void)capacity, (void)elem_size, (void)name;
  BODY;
}

PROBE void weft_probe_chan_send_wait(const void *ch) {
  (void)ch;
  BODY;
}

PROBE void weft_probe_chan_send(const void *ch, uint64_t msg, unsigned flags) {
  (void)ch, (void)msg, (void)flags;
  BODY;
}

PROBE void weft_probe_chan_recv_wait(const void *ch) {
  (void)ch;
  BODY;
}

PROBE void weft_probe_chan_recv(const void *ch, uint64_t msg, unsigned flags) {
  (void)ch, (void)msg, (void)flags;
  BODY;
}

PROBE void weft_probe_chan_close(const void *ch, int result) {
  (void)ch, (void)result;
  BODY;
}

PROBE void weft_probe_chan_free(const void *ch) {
  (void)ch;
  BODY;
}

PROBE void weft_probe_select_begin(unsigned ncases, unsigned flags) {
  (void)ncases, (void)flags;
  BODY;
}

PROBE void weft_probe_select_wait(void) {
  BODY;
}

PROBE void weft_probe_select_end(const void *ch, int index, uint64_t msg, int is_send) {
  (void)ch, (void)index, (void)msg, (void)is_send;
  BODY;
}

PROBE void weft_probe_wg_add(const void *wg, long delta, long counter_after) {
  (void)wg, (void)delta, (void)counter_after;
  BODY;
}

PROBE void weft_probe_wg_wait(const void *wg) {
  (void)wg;
  BODY;
}

PROBE void weft_probe_wg_wake(const void *wg) {
  (void)wg;
  BODY;
}

PROBE void weft_probe_once(const void *once, int ran) {
  (void)once, (void)ran;
  BODY;
}

PROBE void weft_probe_ctx_cancel(const void *ctx, int reason) {
  (void)ctx, (void)reason;
  BODY;
}

PROBE void weft_probe_spawn(const char *name, void *(*fn)(void *)) {
  (void)name, (void)fn;
  BODY;
}

PROBE void weft_probe_misuse(const void *obj, int kind) {
  (void)obj, (void)kind;
  BODY;
}

PROBE void weft_probe_timers_wait(int64_t until_ns) {
  (void)until_ns;
  BODY;
}

PROBE void weft_probe_timers_wake(void) { BODY; }
