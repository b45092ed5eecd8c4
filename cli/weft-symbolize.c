/* weft-symbolize.c: turns the addresses in a trace into names, after the run.
 *
 * The preload records the modules each image loaded (path and load bias) and
 * raw addresses; here elfutils' libdwfl opens those same files and appends
 * FRAME records (function, file:line) and OBJECT_NAME records (the global
 * variable a mutex lives in), so the trace reads the same on another machine.
 * Doing it here rather than in the traced process keeps libdw out of it and
 * works even when the program was killed. */
#include <dwarf.h>
#include <elfutils/libdw.h>
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
#include "weft-trace.h"
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
  uint64_t address, site_pc;
} Obj;

typedef struct {
  uint32_t id, epoch;
  uint64_t pc, below_cfa;
} Local;

typedef struct {
  Module *mods;
  size_t nmods, capmods;
  Pc *pcs;
  size_t npcs, cappcs;
  Obj *objs;
  size_t nobjs, capobjs;
  Pc *done; /* FRAME records already in the trace (an earlier pass) */
  size_t ndone, capdone;
  Local *locals; /* objects on a thread's stack (OBJECT_FRAME) */
  size_t nlocals, caplocals;
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
             ((Obj){(uint32_t)a[0], (uint32_t)a[5], (uint32_t)a[1], a[2], a[3]}));
    }
    break;
  case WEFT_META_OBJECT_FRAME:
    if (r->nargs >= 4)
      PUSH(c->locals, c->nlocals, c->caplocals, ((Local){(uint32_t)a[0], (uint32_t)a[1], a[2], a[3]}));
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

/* ---- access paths: accounts[1].mu, pool.workers[2].done ---- */

/* A type the object itself is: weft's or the threads library's. */
static bool is_object_type(Dwarf_Die *type) {
  const char *name = dwarf_diename(type);
  return name && (!strncmp(name, "pthread_", 8) || !strncmp(name, "Weft", 4) ||
                  !strcmp(name, "sem_t") || !strncmp(name, "mtx_t", 5) ||
                  !strncmp(name, "cnd_t", 5));
}

static void append(char *out, size_t size, const char *fmt, const char *name, uint64_t n) {
  size_t len = strlen(out);
  if (len < size)
    snprintf(out + len, size - len, fmt, name ? name : "", (unsigned long long)n);
}

/* Appends to out the members and indices that lead `off` bytes into a
 * value of `type`; true when it ends exactly at an object. */
static bool access_path(Dwarf_Die *type, uint64_t off, char *out, size_t size, int depth) {
  Dwarf_Die peeled;
  for (int guard = 0; guard < 16; guard++) {
    if (off == 0 && is_object_type(type))
      return true;
    int tag = dwarf_tag(type);
    if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
        tag != DW_TAG_atomic_type)
      break;
    Dwarf_Attribute a;
    if (!dwarf_formref_die(dwarf_attr_integrate(type, DW_AT_type, &a), &peeled))
      return false;
    type = &peeled;
  }
  if (depth > 8)
    return false;
  int tag = dwarf_tag(type);
  Dwarf_Die child, sub;
  Dwarf_Attribute a;
  if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
    if (dwarf_child(type, &child) != 0)
      return false;
    do {
      if (dwarf_tag(&child) != DW_TAG_member)
        continue;
      Dwarf_Word loc = 0, msize;
      if (dwarf_attr(&child, DW_AT_data_member_location, &a))
        dwarf_formudata(&a, &loc);
      if (!dwarf_formref_die(dwarf_attr_integrate(&child, DW_AT_type, &a), &sub) ||
          dwarf_aggregate_size(&sub, &msize) != 0)
        continue;
      if (off < loc || off >= loc + msize)
        continue;
      append(out, size, ".%s", dwarf_diename(&child), 0);
      return access_path(&sub, off - loc, out, size, depth + 1);
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
  }
  if (tag == DW_TAG_array_type) {
    Dwarf_Word esize;
    if (!dwarf_formref_die(dwarf_attr_integrate(type, DW_AT_type, &a), &sub) ||
        dwarf_aggregate_size(&sub, &esize) != 0 || esize == 0)
      return false;
    /* [i][j]: the stride of each dimension, outermost first */
    Dwarf_Word total;
    if (dwarf_aggregate_size(type, &total) != 0 || dwarf_child(type, &child) != 0)
      return false;
    uint64_t stride = total;
    do {
      if (dwarf_tag(&child) != DW_TAG_subrange_type)
        continue;
      Dwarf_Word count = 0, upper;
      if (dwarf_attr(&child, DW_AT_count, &a))
        dwarf_formudata(&a, &count);
      else if (dwarf_attr(&child, DW_AT_upper_bound, &a) && dwarf_formudata(&a, &upper) == 0)
        count = upper + 1;
      if (!count)
        return false;
      stride /= count;
      append(out, size, "%s[%llu]", NULL, off / stride);
      off %= stride;
    } while (dwarf_siblingof(&child, &child) == 0);
    return access_path(&sub, off, out, size, depth + 1);
  }
  return off == 0;
}

/* The global variable `symbol` in the module's DWARF, and the path to the
 * object `off` bytes into it: "accounts[1].mu". */
static bool dwarf_global_name(Dwfl_Module *mod, const char *symbol, uint64_t off, char *out,
                              size_t size) {
  Dwarf_Addr bias;
  Dwarf *dw = dwfl_module_getdwarf(mod, &bias);
  if (!dw)
    return false;
  Dwarf_Off cu = 0, next;
  size_t header;
  while (dwarf_nextcu(dw, cu, &next, &header, NULL, NULL, NULL) == 0) {
    Dwarf_Die cudie, die, type;
    if (dwarf_offdie(dw, cu + header, &cudie) && dwarf_child(&cudie, &die) == 0) {
      do {
        Dwarf_Attribute a;
        const char *name = dwarf_diename(&die);
        if (dwarf_tag(&die) != DW_TAG_variable || !name || strcmp(name, symbol) ||
            !dwarf_formref_die(dwarf_attr_integrate(&die, DW_AT_type, &a), &type))
          continue;
        snprintf(out, size, "%s", symbol);
        if (access_path(&type, off, out, size, 0))
          return true;
      } while (dwarf_siblingof(&die, &die) == 0);
    }
    cu = next;
  }
  return false;
}

static const char *die_name(Dwarf_Die *die) {
  Dwarf_Attribute a;
  return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &a));
}

/* The frame base of a function is its CFA (gcc's DW_OP_call_frame_cfa). */
static bool frame_base_is_cfa(Dwarf_Die *fn, Dwarf_Addr pc) {
  Dwarf_Attribute a;
  Dwarf_Op *expr;
  size_t len;
  return dwarf_attr_integrate(fn, DW_AT_frame_base, &a) &&
         dwarf_getlocation_addr(&a, pc, &expr, &len, 1) == 1 && len == 1 &&
         expr[0].atom == DW_OP_call_frame_cfa;
}

static bool containing_function(Dwarf_Die *cu, Dwarf_Addr pc, Dwarf_Die *out) {
  if (dwarf_child(cu, out) != 0)
    return false;
  do
    if (dwarf_tag(out) == DW_TAG_subprogram && dwarf_haspc(out, pc) == 1)
      return true;
  while (dwarf_siblingof(out, out) == 0);
  return false;
}

/* The local variable of the frame at pc that holds the object `below_cfa`
 * bytes under the frame's CFA: "done_cv (main)", "q.mu (main)"; when the
 * location lists cannot tell, "mutex, a local of main". */
static bool local_name(Dwfl *dwfl, const Local *l, unsigned kind, char *out, size_t size) {
  Dwarf_Addr addr = l->pc - 1, bias;
  Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
  Dwarf_Die *cu = mod ? dwfl_module_addrdie(mod, addr, &bias) : NULL;
  Dwarf_Die *scopes = NULL;
  int n = cu ? dwarf_getscopes(cu, addr - bias, &scopes) : 0;
  const char *fn = NULL;
  bool found = false;
  /* the variables' frame base is the real function's, which the scopes of
   * an inlined call do not list */
  Dwarf_Die base;
  bool have_base = cu && containing_function(cu, addr - bias, &base);
  for (int i = 0; i < n && !found; i++) {
    int tag = dwarf_tag(&scopes[i]);
    /* the function the scope belongs to: the nearest one outwards */
    fn = NULL;
    for (int k = i; k < n && !fn; k++)
      if (dwarf_tag(&scopes[k]) == DW_TAG_subprogram ||
          dwarf_tag(&scopes[k]) == DW_TAG_inlined_subroutine)
        fn = die_name(&scopes[k]);
    Dwarf_Die child;
    if (!have_base || !frame_base_is_cfa(&base, addr - bias) ||
        dwarf_child(&scopes[i], &child) != 0)
      continue;
    do {
      int ctag = dwarf_tag(&child);
      Dwarf_Attribute a;
      Dwarf_Op *expr;
      size_t len;
      Dwarf_Die type;
      Dwarf_Word tsize;
      if ((ctag != DW_TAG_variable && ctag != DW_TAG_formal_parameter) ||
          !dwarf_attr_integrate(&child, DW_AT_location, &a) ||
          dwarf_getlocation_addr(&a, addr - bias, &expr, &len, 1) != 1 || len != 1 ||
          expr[0].atom != DW_OP_fbreg ||
          !dwarf_formref_die(dwarf_attr_integrate(&child, DW_AT_type, &a), &type) ||
          dwarf_aggregate_size(&type, &tsize) != 0)
        continue;
      /* the variable spans [CFA + offset, + size); the object is at CFA - below_cfa */
      int64_t rel = -(int64_t)l->below_cfa - (int64_t)expr[0].number;
      if (rel < 0 || (uint64_t)rel >= tsize || !die_name(&child))
        continue;
      snprintf(out, size, "%s", die_name(&child));
      found = access_path(&type, (uint64_t)rel, out, size, 0);
    } while (!found && dwarf_siblingof(&child, &child) == 0);
    if (tag == DW_TAG_subprogram)
      break; /* the frame's own scopes end here */
  }
  if (!found) /* the innermost function, for "a local of" */
    for (int k = 0; k < n && !fn; k++)
      if (dwarf_tag(&scopes[k]) == DW_TAG_subprogram)
        fn = die_name(&scopes[k]);
  free(scopes);
  if (!fn || (!found && kind == WEFT_OBJ_VARIABLE)) /* a variable is named by its name or not at all */
    return false;
  if (found)
    append(out, size, " (%s)", fn, 0);
  else
    snprintf(out, size, "%s, a local of %s", weft_object_kind_name(kind), fn);
  return true;
}

/* The function of the source at addr, an inlined one included ("queue_new"
 * inlined into main at -O2 is queue_new). */
static bool site_function(Dwfl_Module *mod, Dwarf_Addr addr, char *out, size_t size) {
  Dwarf_Addr bias;
  Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, &bias), *scopes = NULL;
  int n = cu ? dwarf_getscopes(cu, addr - bias, &scopes) : 0;
  const char *name = NULL;
  for (int i = 0; i < n && !name; i++)
    if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram || dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine)
      name = die_name(&scopes[i]);
  if (!name)
    name = dwfl_module_addrname(mod, addr);
  if (name)
    snprintf(out, size, "%s", name);
  free(scopes);
  return name != NULL;
}

/* Line `line` of a source file the line table names (relative to the
 * compilation directory), or false when it cannot be read. */
static bool source_line(Dwfl_Line *l, char *out, size_t size) {
  int line = 0;
  const char *file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
  const char *dir = dwfl_line_comp_dir(l);
  if (!file || line <= 0)
    return false;
  char path[4096];
  if (file[0] == '/' || !dir)
    snprintf(path, sizeof path, "%s", file);
  else
    snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "re");
  if (!f)
    return false;
  bool found = false;
  for (int n = 1; n <= line && fgets(out, (int)size, f); n++)
    found = n == line;
  fclose(f);
  return found;
}

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The expression `jobs` in "WeftChan *jobs = weft_chan_make(...)": what the
 * call at `call` is assigned to. */
static bool assigned_to(const char *text, const char *call, char *out, size_t size) {
  const char *eq = NULL;
  for (const char *p = text; p < call; p++)
    if (*p == '=' && p[1] != '=' && (p == text || !strchr("=!<>+-*/%&|^", p[-1])))
      eq = p;
  if (!eq)
    return false;
  const char *end = eq;
  while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  const char *start = end;
  while (start > text && (is_name_char(start[-1]) || strchr(".>[]", start[-1]) ||
                          (start[-1] == '-' && start[0] == '>')))
    start--;
  if (start == end || !is_name_char(*start) || (size_t)(end - start) >= size)
    return false;
  snprintf(out, size, "%.*s", (int)(end - start), start);
  return true;
}

/* The member `not_empty` in "pthread_cond_init(&q->not_empty, NULL)": the
 * last member of the call's first argument, when it is a member. */
static bool member_argument(const char *open_paren, char *out, size_t size) {
  const char *arg = open_paren + 1, *end = arg;
  while (*end && *end != ',' && *end != ')')
    end++;
  const char *last = NULL;
  for (const char *p = arg; p < end; p++)
    if (*p == '.' || (*p == '>' && p > arg && p[-1] == '-'))
      last = p + 1;
  if (!last)
    return false;
  const char *stop = last;
  while (stop < end && is_name_char(*stop))
    stop++;
  if (stop == last || (size_t)(stop - last) >= size)
    return false;
  snprintf(out, size, "%.*s", (int)(stop - last), last);
  return true;
}

/* An object that is not a global nor a local, by where the program made it:
 * a channel (a context, a WaitGroup) by the variable it was assigned to ("jobs"), a heap object by the
 * member its init names ("not_empty, made in queue_new at queue.c:42"), else
 * by the site alone ("mutex made in queue_new at queue.c:42"); only for a
 * site in the program's own code. */
static bool made_name(const Collected *c, Dwfl *dwfl, const Obj *o, char *out, size_t size) {
  if (!o->site_pc)
    return false;
  Dwarf_Addr addr = o->site_pc - 1;
  Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
  if (!mod || origin_of(c, o->epoch, mod) != WEFT_ORIGIN_PROGRAM)
    return false;
  char fn[256];
  Dwfl_Line *l = dwfl_module_getsrc(mod, addr);
  int line = 0;
  const char *file = l ? dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL) : NULL;
  if (!site_function(mod, addr, fn, sizeof fn) || !file)
    return false;
  char text[1024], what[256];
  const char *call = NULL;
  if (source_line(l, text, sizeof text)) {
    static const char *const calls[] = {"weft_chan_make", "pthread_", "sem_", "mtx_", "cnd_",
                                        "weft_"};
    for (size_t i = 0; i < sizeof calls / sizeof *calls && !call; i++)
      call = strstr(text, calls[i]);
  }
  const char *paren = call ? strchr(call, '(') : NULL;
  int n; /* a name cut short at size is still a name */
  /* weft's objects are made by calls that return them; pthread's init
   * returns a status, never the object */
  bool returned = o->kind == WEFT_OBJ_CHANNEL || o->kind == WEFT_OBJ_WAITGROUP ||
                  o->kind == WEFT_OBJ_CONTEXT || o->kind == WEFT_OBJ_ONCE;
  if (returned && call && !strncmp(call, "weft_", 5) && assigned_to(text, call, what, sizeof what))
    n = snprintf(out, size, "%s", what);
  else if (paren && member_argument(paren, what, sizeof what))
    n = snprintf(out, size, "%s, made in %s at %s:%d", what, fn, base_name(file), line);
  else
    n = snprintf(out, size, "%s made in %s at %s:%d", weft_object_kind_name(o->kind), fn,
                 base_name(file), line);
  return n > 0;
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
  /* Read a chunk at a time: a long run's trace is never all in memory. */
  Collected c = {0};
  int rc = _weft_scan_file(fd, collect, &c);
  close(fd);
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
    /* A signal frame's pc is the trampoline's first instruction, not a
     * return address: pc - 1 falls before it. */
    const char *exact = p->exact ? NULL : dwfl_module_addrname(mod, p->pc);
    if (exact && (!strcmp(exact, "__restore_rt") || !strcmp(exact, "__kernel_rt_sigreturn")))
      fn = exact;
    const char *file = NULL;
    int line = 0;
    Dwfl_Line *l = dwfl_module_getsrc(mod, addr);
    if (l)
      file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
    if (!fn && !file)
      continue;
    /* where the compiler read the file: the viewer's first place to look */
    char src_path[4096] = "";
    const char *dir = l ? dwfl_line_comp_dir(l) : NULL;
    if (file && file[0] == '/')
      snprintf(src_path, sizeof src_path, "%s", file);
    else if (file && dir)
      snprintf(src_path, sizeof src_path, "%s/%s", dir, file);
    char *canonical = src_path[0] ? realpath(src_path, NULL) : NULL; /* no "build/../" */
    if (canonical && strlen(canonical) < sizeof src_path)
      memcpy(src_path, canonical, strlen(canonical) + 1);
    free(canonical);
    uint64_t f[7] = {p->epoch, p->pc, string_id(&strings, fn),
                     string_id(&strings, base_name(file)), (uint64_t)(line > 0 ? line : 0),
                     origin_of(&c, p->epoch, mod), string_id(&strings, src_path[0] ? src_path : NULL)};
    weft_writer_meta(w, 0, WEFT_META_FRAME, f[6] ? 7 : 6, f, NULL, 0);
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
    GElf_Sym sym;
    GElf_Off off = 0;
    const char *name =
        mod ? dwfl_module_addrinfo(mod, o->address, &off, &sym, NULL, NULL, NULL) : NULL;
    if (!name || GELF_ST_TYPE(sym.st_info) != STT_OBJECT) {
      /* not a global: a local by its variable, else by where the program made it */
      const Local *local = NULL;
      for (size_t k = 0; k < c.nlocals && !local; k++)
        if (c.locals[k].id == o->id && c.locals[k].epoch == o->epoch)
          local = &c.locals[k];
      char made[512];
      if ((local && local_name(dwfl, local, o->kind, made, sizeof made)) ||
          (o->kind != WEFT_OBJ_VARIABLE && made_name(&c, dwfl, o, made, sizeof made))) {
        uint64_t on[2] = {o->id, string_id(&strings, made)};
        weft_writer_meta(w, 0, WEFT_META_OBJECT_NAME, 2, on, NULL, 0);
      }
      continue;
    }
    char text[512], plain[256];
    size_t size = object_size(o->kind);
    /* a static inside a function: gcc's symbol is "m.2", the program's name "m" */
    const char *dot = strrchr(name, '.');
    if (dot && dot > name && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1) &&
        (size_t)(dot - name) < sizeof plain) {
      snprintf(plain, sizeof plain, "%.*s", (int)(dot - name), name);
      name = plain;
    }
    if (dwarf_global_name(mod, name, off, text, sizeof text))
      ; /* named by its access path */
    else if (off == 0 && sym.st_size <= size)
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
  free(c.locals);
  return rc;
}
