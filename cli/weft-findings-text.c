/* weft-findings-text.c: the analysis' words about one thread, on a FILE. */
#include "weft-findings-text.h"

#include <stdlib.h>

#include "weft-deadlock-text.h"
#include "weft-stack-view.h"
#include "weft-thread-names.h"

const char *weft_findings_label(const WeftTrace *t, uint32_t tid) {
  static char buf[8][128];
  static unsigned next;
  return weft_thread_display_name(t, tid, buf[next++ % 8], sizeof buf[0]);
}

bool weft_findings_wait(FILE *out, const WeftTrace *t, const WeftReplay *r, uint32_t tid,
                        uint64_t time) {
  WeftText x = {0};
  bool waits = r && weft_thread_wait_entry(&x, t, r, tid, time);
  char *s = weft_text_take(&x);
  fputs(s, out);
  free(s);
  return waits;
}

void weft_findings_holds(FILE *out, const WeftTrace *t, const WeftReplay *r, uint32_t tid) {
  const WeftThreadNow *s = r ? weft_replay_thread(r, tid) : NULL;
  if (!s)
    return;
  WeftText x = {0};
  weft_thread_holds(&x, t, s);
  char *text = weft_text_take(&x);
  fputs(text, out);
  free(text);
}

void weft_findings_stack(FILE *out, const WeftTrace *t, uint32_t stack, const char *object,
                         const char *indent) {
  WeftText x = {0};
  weft_stack_describe(&x, t, stack, object, indent);
  fputs(x.s ? x.s : "", out);
  weft_text_clear(&x);
}
