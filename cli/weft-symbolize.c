/* weft-symbolize.c: turns the addresses in a trace into names, after the run.
 *
 * The preload records the modules each image loaded (path and load bias) and
 * raw addresses; here elfutils' libdwfl opens those same files and appends
 * FRAME records (function, file:line) and OBJECT_NAME records (the global
 * variable a mutex lives in), so the trace reads the same on another machine.
 * Doing it here rather than in the traced process keeps libdw out of it and
 * works even when the program was killed. */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <gelf.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "weft-scan-private.h"
#include "weft-symbolize.h"
#include "weft-writer.h"

typedef struct {
  uint32_t epoch;
  uint64_t lo, hi, bias;
  char *path;
} Module;

typedef struct {
  uint32_t epoch;
  uint64_t pc;
  bool exact; /* a function entry, not a return address */
} Pc;

typedef struct {
  uint32_t id, epoch, kind;
  uint64_t address;
} Obj;

typedef struct {
  Module *mods;
  size_t nmods, capmods;
  Pc *pcs;
  size_t npcs, cappcs;
  Obj *objs;
  size_t nobjs, capobjs;
  Pc *done; /* FRAME records already in the trace (an earlier pass) */
  size_t ndone, capdone;
  uint32_t *named; /* objects that already have an OBJECT_NAME */
  size_t nnamed, capnamed;
  uint64_t max_string;
} Collected;

#define PUSH(arr, n, cap, value)                                                         \
  do {                                                                                   \
    if ((n) == (cap)) {                                                                  \
      size_t c2 = (cap) ? (cap) * 2 : 64;                                                \
      void *p2 = realloc((arr), c2 * sizeof *(arr));                                     \
      if (!p2)                                                                           \
        break;                                                                           \
      (arr) = p2;                                                                        \
      (cap) = c2;                                                                        \
    }                                                                                    \
    (arr)[(n)++] = (value);                                                              \
  } while (0)

static void collect(void *ctx, uint32_t thread, const WeftRecord *r) {
  (void)thread;
  Collected *c = ctx;
  const uint64_t *a = r->args;
  switch (r->type) {
  case WEFT_META_MAPPING:
    if (r->nargs >= 4 && r->blob_len) {
      Module m = {(uint32_t)a[0], a[1], a[2], a[3], strndup((const char *)r->blob, r->blob_len)};
      PUSH(c->mods, c->nmods, c->capmods, m);
    }
    break;
  case WEFT_META_STACK:
    for (unsigned i = 2; i < r->nargs; i++)
      PUSH(c->pcs, c->npcs, c->cappcs, ((Pc){(uint32_t)a[1], a[i], false}));
    break;
  case WEFT_META_THREAD:
    if (r->nargs >= 6) {
      if (a[3])
        PUSH(c->pcs, c->npcs, c->cappcs, ((Pc){(uint32_t)a[5], a[3], true}));
      if (a[4])
        PUSH(c->pcs, c->npcs, c->cappcs, ((Pc){(uint32_t)a[5], a[4], false}));
    }
    break;
  case WEFT_META_OBJECT:
    if (r->nargs >= 6) {
      if (a[3])
        PUSH(c->pcs, c->npcs, c->cappcs, ((Pc){(uint32_t)a[5], a[3], false}));
      if (a[1] != WEFT_OBJ_UNKNOWN)
        PUSH(c->objs, c->nobjs, c->capobjs,
             ((Obj){(uint32_t)a[0], (uint32_t)a[5], (uint32_t)a[1], a[2]}));
    }
    break;
  case WEFT_META_FRAME:
    if (r->nargs >= 2)
      PUSH(c->done, c->ndone, c->capdone, ((Pc){(uint32_t)a[0], a[1], false}));
    break;
  case WEFT_META_OBJECT_NAME:
    if (r->nargs >= 1)
      PUSH(c->named, c->nnamed, c->capnamed, (uint32_t)a[0]);
    break;
  case WEFT_META_STRING:
    if (r->nargs >= 1 && a[0] > c->max_string)
      c->max_string = a[0];
    break;
  default:
    break;
  }
}

static int pc_cmp(const void *x, const void *y) {
  const Pc *a = x, *b = y;
  if (a->epoch != b->epoch)
    return a->epoch < b->epoch ? -1 : 1;
  if (a->pc != b->pc)
    return a->pc < b->pc ? -1 : 1;
  return (int)a->exact - (int)b->exact;
}

/* Interned strings, written once each as STRING records. */
typedef struct {
  char **keys;
  uint32_t *ids;
  size_t cap, n;
  WeftWriter *w;
} Strings;

static uint32_t string_id(Strings *s, const char *text) {
  if (!text)
    return 0;
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    char **keys = calloc(cap, sizeof *keys);
    uint32_t *ids = calloc(cap, sizeof *ids);
    if (!keys || !ids) {
      free(keys);
      free(ids);
      return 0;
    }
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->keys[i])
        continue;
      size_t h = 5381;
      for (const char *p = s->keys[i]; *p; p++)
        h = h * 33 + (unsigned char)*p;
      size_t j = h & (cap - 1);
      while (keys[j])
        j = (j + 1) & (cap - 1);
      keys[j] = s->keys[i];
      ids[j] = s->ids[i];
    }
    free(s->keys);
    free(s->ids);
    s->keys = keys;
    s->ids = ids;
    s->cap = cap;
  }
  size_t h = 5381;
  for (const char *p = text; *p; p++)
    h = h * 33 + (unsigned char)*p;
  size_t j = h & (s->cap - 1);
  while (s->keys[j]) {
    if (!strcmp(s->keys[j], text))
      return s->ids[j];
    j = (j + 1) & (s->cap - 1);
  }
  s->keys[j] = strdup(text);
  s->ids[j] = (uint32_t)++s->n;
  uint64_t id = s->ids[j];
  weft_writer_meta(s->w, 0, WEFT_META_STRING, 1, &id, text, strlen(text));
  return s->ids[j];
}

static const Dwfl_Callbacks offline_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static Dwfl *open_epoch(const Collected *c, uint32_t epoch) {
  Dwfl *dwfl = dwfl_begin(&offline_callbacks);
  if (!dwfl)
    return NULL;
  dwfl_report_begin(dwfl);
  for (size_t i = 0; i < c->nmods; i++) {
    const Module *m = &c->mods[i];
    if (m->epoch != epoch)
      continue;
    /* The same module may be listed again after a dlopen: report it once. */
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = c->mods[k].epoch == epoch && c->mods[k].lo == m->lo;
    if (seen || access(m->path, R_OK) != 0)
      continue;
    dwfl_report_elf(dwfl, m->path, m->path, -1, m->bias, false);
  }
  dwfl_report_end(dwfl, NULL, NULL);
  return dwfl;
}

static const char *base_name(const char *path) {
  const char *s = path ? strrchr(path, '/') : NULL;
  return s ? s + 1 : path;
}

/* The executable is the first module the preload listed in an epoch. */
static const char *executable_of(const Collected *c, uint32_t epoch) {
  for (size_t i = 0; i < c->nmods; i++)
    if (c->mods[i].epoch == epoch)
      return c->mods[i].path;
  return NULL;
}

static bool system_path(const char *path) {
  static const char *const dirs[] = {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/",
                                     "/usr/local/lib/"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (!strncmp(path, dirs[i], strlen(dirs[i])))
      return true;
  return false;
}

static WeftFrameOrigin origin_of(const Collected *c, uint32_t epoch, Dwfl_Module *mod) {
  const char *path = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  if (!path)
    return WEFT_ORIGIN_UNKNOWN;
  const char *exe = executable_of(c, epoch);
  if (exe && !strcmp(path, exe))
    return WEFT_ORIGIN_PROGRAM;
  if (!strncmp(base_name(path), "libweft", 7))
    return WEFT_ORIGIN_WEFT;
  return system_path(path) ? WEFT_ORIGIN_SYSTEM : WEFT_ORIGIN_PROGRAM;
}

static size_t object_size(uint32_t kind) {
  switch (kind) {
  case WEFT_OBJ_MUTEX: return sizeof(pthread_mutex_t);
  case WEFT_OBJ_RWLOCK: return sizeof(pthread_rwlock_t);
  case WEFT_OBJ_SPINLOCK: return sizeof(pthread_spinlock_t);
  case WEFT_OBJ_CONDVAR: return sizeof(pthread_cond_t);
  case WEFT_OBJ_BARRIER: return sizeof(pthread_barrier_t);
  case WEFT_OBJ_SEMAPHORE: return 32;
  default: return 0;
  }
}

int weft_symbolize(const char *path, unsigned *frames_out) {
  *frames_out = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat(fd, &st) < 0 || st.st_size == 0) {
    close(fd);
    return -1;
  }
  void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED)
    return -1;
  Collected c = {0};
  int rc = _weft_scan_records(data, (size_t)st.st_size, collect, &c);
  munmap(data, (size_t)st.st_size);
  if (rc < 0)
    goto done;
  if (c.npcs)
    qsort(c.pcs, c.npcs, sizeof *c.pcs, pc_cmp);
  if (c.ndone)
    qsort(c.done, c.ndone, sizeof *c.done, pc_cmp);

  WeftWriter *w = weft_writer_append(path);
  if (!w) {
    rc = -1;
    goto done;
  }
  Strings strings = {.w = w, .n = c.max_string};
  Dwfl *dwfl = NULL;
  uint32_t dwfl_epoch = UINT32_MAX;
  unsigned frames = 0;
  for (size_t i = 0; i < c.npcs; i++) {
    const Pc *p = &c.pcs[i];
    if (i > 0 && !pc_cmp(p, &c.pcs[i - 1]))
      continue;
    Pc key = {p->epoch, p->pc, false};
    if (c.ndone && bsearch(&key, c.done, c.ndone, sizeof key, pc_cmp))
      continue; /* resolved by an earlier pass */
    if (p->epoch != dwfl_epoch) {
      if (dwfl)
        dwfl_end(dwfl);
      dwfl = open_epoch(&c, p->epoch);
      dwfl_epoch = p->epoch;
    }
    if (!dwfl)
      continue;
    Dwarf_Addr addr = p->exact ? p->pc : p->pc - 1;
    Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
    if (!mod)
      continue;
    const char *fn = dwfl_module_addrname(mod, addr);
    const char *file = NULL;
    int line = 0;
    Dwfl_Line *l = dwfl_module_getsrc(mod, addr);
    if (l)
      file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
    if (!fn && !file)
      continue;
    uint64_t f[6] = {p->epoch, p->pc, string_id(&strings, fn),
                     string_id(&strings, base_name(file)), (uint64_t)(line > 0 ? line : 0),
                     origin_of(&c, p->epoch, mod)};
    weft_writer_meta(w, 0, WEFT_META_FRAME, 6, f, NULL, 0);
    frames++;
  }
  for (size_t i = 0; i < c.nobjs; i++) {
    const Obj *o = &c.objs[i];
    bool named = false;
    for (size_t k = 0; k < c.nnamed && !named; k++)
      named = c.named[k] == o->id;
    if (named)
      continue;
    if (o->epoch != dwfl_epoch) {
      if (dwfl)
        dwfl_end(dwfl);
      dwfl = open_epoch(&c, o->epoch);
      dwfl_epoch = o->epoch;
    }
    if (!dwfl)
      continue;
    Dwfl_Module *mod = dwfl_addrmodule(dwfl, o->address);
    if (!mod)
      continue;
    GElf_Sym sym;
    GElf_Off off = 0;
    const char *name = dwfl_module_addrinfo(mod, o->address, &off, &sym, NULL, NULL, NULL);
    if (!name || GELF_ST_TYPE(sym.st_info) != STT_OBJECT)
      continue;
    char text[512];
    size_t size = object_size(o->kind);
    if (off == 0 && sym.st_size <= size)
      snprintf(text, sizeof text, "%s", name);
    else if (size && off % size == 0)
      snprintf(text, sizeof text, "%s[%llu]", name, (unsigned long long)(off / size));
    else
      snprintf(text, sizeof text, "%s+%llu", name, (unsigned long long)off);
    uint64_t on[2] = {o->id, string_id(&strings, text)};
    weft_writer_meta(w, 0, WEFT_META_OBJECT_NAME, 2, on, NULL, 0);
  }
  if (dwfl)
    dwfl_end(dwfl);
  uint64_t nf = frames;
  weft_writer_meta(w, 0, WEFT_META_SYMBOLIZED, 1, &nf, NULL, 0);
  for (size_t i = 0; i < strings.cap; i++)
    free(strings.keys[i]);
  free(strings.keys);
  free(strings.ids);
  rc = weft_writer_close(w);
  *frames_out = frames;
done:
  for (size_t i = 0; i < c.nmods; i++)
    free(c.mods[i].path);
  free(c.mods);
  free(c.pcs);
  free(c.objs);
  free(c.done);
  free(c.named);
  return rc;
}
