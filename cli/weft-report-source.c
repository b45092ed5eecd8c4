/* weft-report-source.c: a packed trace's source lines in the report. */
#include "weft-report-source.h"

#include <stdlib.h>

#include "weft-deadlock-text.h"
#include "weft-embedded.h"
#include "weft-i18n.h"
#include "weft-replay.h"
#include "weft-stack-view.h"
#include "weft-thread-names.h"

static void print_line(FILE *out, const WeftTrace *t, const WeftEmbeddedSource *es, uint32_t tid,
                       uint32_t stack, bool *header) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  size_t u = weft_stack_user_frame(f, depth);
  const char *line = u < depth ? weft_embedded_source_line(es, f[u].file, f[u].line) : NULL;
  if (!line)
    return;
  if (!*header)
    fprintf(out, _("\nWhere they stopped (source lines embedded by weft pack):\n"));
  *header = true;
  char who[128];
  weft_thread_display_name(t, tid, who, sizeof who);
  fprintf(out, "  %s, %s:%u:\n    %5u | %s\n", who, f[u].file, f[u].line, f[u].line, line);
}

void weft_print_embedded_source(FILE *out, const WeftTrace *t, const WeftDiagnosis *d,
                                const char *trace_path) {
  WeftEmbeddedSource *es = weft_embedded_source_read(trace_path);
  if (!es)
    return;
  bool header = false;
  size_t ndl;
  const WeftDeadlock *dl = weft_trace_deadlocks(t, &ndl);
  for (size_t i = 0; i < ndl; i++) {
    WeftReplay *r = weft_deadlock_replay(t, &dl[i]);
    for (size_t k = 0; r && k < dl[i].nthreads; k++) {
      const WeftThreadNow *now = weft_replay_thread(r, dl[i].threads[k]);
      if (now && now->wait_event)
        print_line(out, t, es, dl[i].threads[k], now->wait_stack, &header);
    }
    weft_replay_free(r);
  }
  for (size_t i = 0; i < d->nleaks; i++)
    print_line(out, t, es, d->leaks[i].thread, d->leaks[i].stack, &header);
  weft_embedded_source_free(es);
}
