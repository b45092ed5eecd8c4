/* weft-thread-names.c: display names and creation sites of threads. */
#include "weft-thread-names.h"

#include <stdio.h>
#include <string.h>

#include "weft-stack-view.h"

const char *weft_thread_display_name(const WeftTrace *t, uint32_t tid, char *buf, size_t size) {
  const WeftThread *th = weft_trace_thread(t, tid);
  if (!th || !th->name) {
    snprintf(buf, size, "?");
    return buf;
  }
  size_t n, same = 0;
  const WeftThread *all = weft_trace_threads(t, &n);
  for (size_t i = 0; i < n && same < 2; i++)
    same += all[i].name && !strcmp(all[i].name, th->name);
  if (same > 1)
    snprintf(buf, size, "%s #%u", th->name, th->id);
  else
    snprintf(buf, size, "%s", th->name);
  return buf;
}

bool weft_thread_create_line(const WeftTrace *t, uint32_t tid, char *out, size_t size) {
  const WeftThread *th = weft_trace_thread(t, tid);
  if (!th)
    return false;
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  if (th->create_event < nev && ev[th->create_event].stack &&
      weft_stack_user_site(t, ev[th->create_event].stack, out, size))
    return true;
  if (!th->create_site)
    return false;
  snprintf(out, size, "%s", th->create_site);
  return true;
}
