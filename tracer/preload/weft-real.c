/* weft-real.c: the real functions behind our hooks, found once.
 *
 * dlsym(RTLD_NEXT) skips us. Where glibc keeps several versions of a symbol
 * (pthread_cond_* since 2.3.2, the pthread and sem functions moved into libc
 * in 2.34) we ask for the default version by name, as mutrace does: a plain
 * dlsym may hand back the old compatibility one. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "weft-preload-private.h"
#include "weft-real-io.h"

#define WEFT_DEFINE_REAL(ret, name, args) WEFT_HIDDEN ret(*real_##name) args;
WEFT_REAL_LIST(WEFT_DEFINE_REAL)
WEFT_REAL_IO_LIST(WEFT_DEFINE_REAL)
#undef WEFT_DEFINE_REAL

WEFT_HIDDEN atomic_int _weft_real_ready;

static bool same_object(void *a, void *b) {
  Dl_info x, y;
  return dladdr(a, &x) && dladdr(b, &y) && x.dli_fbase == y.dli_fbase;
}

static void *find(const char *name) {
  static const char *const versions[] = {"GLIBC_2.34", "GLIBC_2.3.2"};
  void *next = dlsym(RTLD_NEXT, name);
  for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
    void *p = dlvsym(RTLD_NEXT, name, versions[i]);
    if (!p)
      continue;
    /* An interposer between us and libc (ThreadSanitizer's runtime, or a
     * library after ours in LD_PRELOAD) defines the symbol unversioned, and
     * a versioned lookup skips it: call it, or it never sees the call (a
     * thread TSan did not see start crashes in its first instrumented
     * function). See "ThreadSanitizer" in docs/ARCHITECTURE.md. */
    if (next && next != p && !same_object(next, p))
      return next;
    return p;
  }
  return next;
}

void _weft_resolve_real(void) {
  if (atomic_load(&_weft_real_ready))
    return;
  /* dlsym may take loader locks and allocate; our own calls it makes are
   * not traced because the caller is marked as inside a hook. */
  int was = _weft_tracer_enter();
#define WEFT_RESOLVE(ret, name, args)                                                    \
  if (!real_##name)                                                                      \
    real_##name = (ret(*) args)find(#name);
  WEFT_REAL_LIST(WEFT_RESOLVE)
  WEFT_REAL_IO_LIST(WEFT_RESOLVE)
#undef WEFT_RESOLVE
  _weft_tracer_leave(was);
  atomic_store(&_weft_real_ready, 1);
}
