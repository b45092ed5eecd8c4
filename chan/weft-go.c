/* Spawn: Go's `go f(x)`, a thread named after its function so that its lane
 * has a name in the viewer. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "weft-chan-private.h"

typedef struct {
  void *(*fn)(void *);
  void *arg;
  char name[16];
} GoStart;

static void *go_start(void *p) {
  GoStart start = *(GoStart *)p;
  free(p);
  if (start.name[0])
    pthread_setname_np(pthread_self(), start.name);
  return start.fn(start.arg);
}

/* "worker" from "worker", "(void *(*)(void *))worker", "&worker", "ns.worker". */
static void clean_name(char out[16], const char *name) {
  const char *start = name;
  for (const char *p = name; *p; p++)
    if (*p == ')' || *p == '&' || *p == '*' || *p == ' ' || *p == '.' || *p == '>')
      start = p + 1;
  if (!*start)
    start = name;
  size_t n = strlen(start);
  if (n > 15)
    n = 15;
  memcpy(out, start, n);
  out[n] = '\0';
}

int weft_go_named(const char *name, void *(*fn)(void *), void *arg, pthread_t *thread) {
  if (!fn)
    return WEFT_ERR_INVAL;
  GoStart *start = malloc(sizeof *start);
  if (!start)
    return WEFT_ERR_NOMEM;
  start->fn = fn;
  start->arg = arg;
  clean_name(start->name, name ? name : "go");
  weft_probe_spawn(start->name, fn);
  pthread_t tid;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (!thread)
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int r = pthread_create(thread ? thread : &tid, &attr, go_start, start);
  pthread_attr_destroy(&attr);
  if (r != 0) {
    free(start);
    return r == EAGAIN ? WEFT_ERR_NOMEM : WEFT_ERR_INVAL;
  }
  return 0;
}

int weft_go(void *(*fn)(void *), void *arg) {
  Dl_info info;
  const char *name = "go";
  if (dladdr((void *)fn, &info) && info.dli_sname && info.dli_saddr == (void *)fn)
    name = info.dli_sname;
  return weft_go_named(name, fn, arg, NULL);
}
