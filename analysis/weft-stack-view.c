/* weft-stack-view.c: folded stacks, the program's own frame first. */
#include "weft-stack-view.h"

#include <stdio.h>
#include <string.h>

#include "weft-analysis-i18n.h"

void weft_format_frame(char *out, size_t size, const WeftFrame *f) {
  if (weft_frame_is_signal(f))
    snprintf(out, size, "%s", _("<signal handler>"));
  else if (f->function && f->file)
    snprintf(out, size, "%s (%s:%u)", f->function, f->file, f->line);
  else if (f->function)
    snprintf(out, size, "%s", f->function);
  else
    snprintf(out, size, "0x%llx", (unsigned long long)f->pc);
}

bool weft_frame_is_signal(const WeftFrame *f) {
  return f->function && (!strcmp(f->function, "__restore_rt") ||
                         !strcmp(f->function, "__kernel_rt_sigreturn"));
}

static bool prefixed(const char *s, const char *prefix) {
  return !strncmp(s, prefix, strlen(prefix));
}

bool weft_frame_is_user(const WeftFrame *f) {
  if (f->origin != WEFT_ORIGIN_UNKNOWN)
    return f->origin == WEFT_ORIGIN_PROGRAM && !weft_frame_is_signal(f);
  /* A trace symbolised before frames had an origin: go by the name. */
  if (!f->function || !f->file || weft_frame_is_signal(f))
    return false;
  static const char *const library[] = {"weft_", "_weft", "pthread_", "__", "sem_", "thrd_",
                                        "mtx_", "cnd_", "start_thread", "clone"};
  for (size_t i = 0; i < sizeof library / sizeof *library; i++)
    if (prefixed(f->function, library[i]))
      return false;
  return strncmp(f->file, "weft-", 5) != 0;
}

size_t weft_stack_user_frame(const WeftFrame *f, size_t depth) {
  for (size_t i = 0; i < depth; i++)
    if (weft_frame_is_user(&f[i]))
      return i;
  return depth;
}

size_t weft_stack_place_frame(const WeftFrame *f, size_t depth) {
  size_t u = weft_stack_user_frame(f, depth);
  for (size_t i = 0; u == depth && i < depth; i++)
    if (f[i].file)
      u = i;
  return u;
}

bool weft_trace_lacks_lines(const WeftTrace *t) {
  bool user = false;
  size_t count = weft_trace_stack_count(t);
  for (uint32_t id = 1; id < count; id++) {
    size_t depth;
    const WeftFrame *f = weft_trace_stack(t, id, &depth);
    for (size_t i = 0; i < depth; i++) {
      if (!weft_frame_is_user(&f[i]))
        continue;
      if (f[i].file)
        return false;
      user = true;
    }
  }
  return user;
}

/* Below the program's own entry points there is only the C library. */
static bool is_entry(const WeftFrame *f) {
  return f->function &&
         (prefixed(f->function, "__libc_start") || !strcmp(f->function, "start_thread") ||
          prefixed(f->function, "__clone") || !strcmp(f->function, "_start"));
}

size_t weft_stack_shown_depth(const WeftFrame *f, size_t depth) {
  for (size_t i = 0; i < depth; i++)
    if (is_entry(&f[i]))
      return i;
  return depth;
}

bool weft_stack_user_site(const WeftTrace *t, uint32_t stack, char *out, size_t size) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  size_t u = weft_stack_user_frame(f, depth);
  if (u == depth)
    return false;
  if (f[u].file)
    snprintf(out, size, "%s:%u", f[u].file, f[u].line);
  else
    snprintf(out, size, "%s", f[u].function ? f[u].function : "?");
  return true;
}

bool weft_stack_user_line(const WeftTrace *t, uint32_t stack, char *out, size_t size) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  if (!depth)
    return false;
  size_t u = weft_stack_user_frame(f, depth);
  weft_format_frame(out, size, &f[u < depth ? u : 0]);
  return true;
}

size_t weft_stack_fold(const WeftFrame *f, size_t depth, size_t *call, size_t *out,
                       size_t max) {
  size_t shown = weft_stack_shown_depth(f, depth);
  size_t first = weft_stack_user_frame(f, shown);
  if (first == shown) /* nothing of the program's own: show it all */
    first = 0;
  /* the outermost folded frame is the call the program made */
  *call = first > 0 ? first - 1 : SIZE_MAX;
  size_t n = 0;
  for (size_t i = first; i < shown && n < max; i++)
    if (i == first || f[i].origin <= WEFT_ORIGIN_PROGRAM || weft_frame_is_signal(&f[i]))
      out[n++] = i; /* not a trampoline of weft's or the C library's between the program's */
  return n;
}

void weft_stack_describe(WeftText *x, const WeftTrace *t, uint32_t stack, const char *object,
                         const char *indent) {
  size_t depth, call, idx[64];
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  size_t n = weft_stack_fold(f, depth, &call, idx, 64);
  if (call != SIZE_MAX) {
    const char *name = f[call].function ? f[call].function : "?";
    if (object)
      /* TRANSLATORS: a folded stack line: the call the program made and its object */
      weft_text_add(x, _("%s%s on %s\n"), indent, name, object);
    else
      weft_text_add(x, "%s%s\n", indent, name);
  }
  char line[512];
  for (size_t i = 0; i < n; i++) {
    weft_format_frame(line, sizeof line, &f[idx[i]]);
    weft_text_add(x, "%s%s\n", indent, line);
  }
}
