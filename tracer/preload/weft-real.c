/* weft-real.c: the real functions behind our hooks, found once.
 *
 * dlsym(RTLD_NEXT) skips us. Where glibc keeps several versions of a symbol
 * (pthread_cond_* since 2.3.2, the pthread and sem functions moved into libc
 * in 2.34) we ask for the default version by name, as mutrace does: a plain
 * dlsym may hand back the old compatibility one. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "weft-preload-private.h"
#include "weft-real-io.h"

#define WEFT_DEFINE_REAL(ret, name, args) WEFT_HIDDEN ret(*real_##name) args;
WEFT_REAL_LIST(WEFT_DEFINE_REAL)
WEFT_REAL_IO_LIST(WEFT_DEFINE_REAL)
#undef WEFT_DEFINE_REAL

WEFT_HIDDEN atomic_int _weft_real_ready;

static void *find(const char *name) {
  static const char *const versions[] = {"GLIBC_2.34", "GLIBC_2.3.2"};
  for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
    void *p = dlvsym(RTLD_NEXT, name, versions[i]);
    if (p)
      return p;
  }
  return dlsym(RTLD_NEXT, name);
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
