/* weft-ids.c: small ids for objects (by address) and threads (by pthread_t).
 *
 * An open-addressing table that only grows: a key is claimed with one CAS,
 * its value stored after; a reader that finds a claimed key with no value yet
 * waits for it, which takes a few instructions. The tables are mmap'ed once and
 * only the touched pages cost memory. */
#include <string.h>
#include <sys/mman.h>

#include "weft-preload-private.h"
#include "weft-waits.h"

#define TABLE_BITS 21 /* 2M slots, 32 MiB virtual per table */
#define TABLE_SIZE (1u << TABLE_BITS)
#define TABLE_MASK (TABLE_SIZE - 1)
#define MAX_PROBE 4096

typedef struct {
  _Atomic uintptr_t key;
  atomic_uint value;
  atomic_uint kind; /* objects: 0 while only named, not yet used */
} Slot;

typedef struct {
  Slot *slots;
  atomic_int failed;
} Table;

static Table objects, threads;
WEFT_HIDDEN atomic_uint _weft_next_object = 1;
WEFT_HIDDEN atomic_uint _weft_object_generation = 1;

static size_t hash_addr(uintptr_t a) {
  uint64_t x = (uint64_t)a;
  x ^= x >> 31;
  x *= 0x9e3779b97f4a7c15ULL;
  x ^= x >> 29;
  return (size_t)x;
}

static bool table_ready(Table *t) {
  Slot *s = __atomic_load_n(&t->slots, __ATOMIC_ACQUIRE);
  if (WEFT_LIKELY(s))
    return true;
  if (atomic_load(&t->failed))
    return false;
  void *mem = mmap(NULL, sizeof(Slot) * TABLE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) {
    atomic_store(&t->failed, 1);
    return false;
  }
  Slot *expected = NULL;
  if (!__atomic_compare_exchange_n(&t->slots, &expected, (Slot *)mem, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    munmap(mem, sizeof(Slot) * TABLE_SIZE);
  else
    _weft_tsan_private_memory(mem, sizeof(Slot) * TABLE_SIZE);
  return true;
}

/* The slot for key, claimed if absent; *fresh tells whether it was claimed now. */
static Slot *table_slot(Table *t, uintptr_t key, bool *fresh) {
  *fresh = false;
  if (!table_ready(t) || key == 0)
    return NULL;
  Slot *slots = t->slots;
  size_t i = hash_addr(key) & TABLE_MASK;
  for (unsigned probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & TABLE_MASK) {
    uintptr_t k = atomic_load_explicit(&slots[i].key, memory_order_acquire);
    if (k == key)
      return &slots[i];
    if (k == 0) {
      uintptr_t expected = 0;
      if (atomic_compare_exchange_strong(&slots[i].key, &expected, key)) {
        *fresh = true;
        return &slots[i];
      }
      if (expected == key)
        return &slots[i];
    }
  }
  return NULL; /* table full around here: the object goes unnamed (id 0) */
}

/* The id of a claimed slot, once its claimer has stored it. A signal
 * handler's call (recorded aside) whose own thread is the claimer, stopped
 * under it, cannot wait: its event goes without the object (0). */
static uint32_t slot_value(Slot *slot) {
  uint32_t v;
  while (!(v = atomic_load_explicit(&slot->value, memory_order_acquire))) {
    if (_weft_hook_defining(atomic_load(&slot->key)))
      return 0;
    WEFT_CPU_RELAX();
  }
  return v;
}

static void define_object(WeftThreadState *s, uint32_t id, const void *addr, unsigned kind,
                          uint64_t site_pc, const char *name, uint64_t elem_size) {
  uint64_t m[6] = {id, kind, (uint64_t)(uintptr_t)addr, site_pc, elem_size, _weft_epoch};
  _weft_emit_meta(s, WEFT_META_OBJECT, 6, m, name, name ? strlen(name) : 0);
  /* A local variable: which frame, and where in it, so that weft record can
   * name it from the DWARF of that function ("done_cv (main)"). */
  uint64_t pc, below_cfa;
  if (_weft_stack_mode != WEFT_STACKS_OFF && _weft_stack_owner(addr, &pc, &below_cfa)) {
    uint64_t f[4] = {id, _weft_epoch, pc, below_cfa};
    _weft_emit_meta(s, WEFT_META_OBJECT_FRAME, 4, f, NULL, 0);
  }
}

/* Barriers and semaphores have no static initialiser: one first seen in a
 * use, not an init, is memory no init call made one, unless another
 * process made it (its shared mark) or this is a forked child's copy. The
 * misuse goes in before the call, which may hang or crash on garbage. */
static bool forked_child;

static void first_use(WeftThreadState *s, uint32_t id, const void *addr, unsigned kind) {
  /* a mark neither private nor shared is told by _weft_check_mark() */
  if ((kind == WEFT_OBJ_BARRIER || kind == WEFT_OBJ_SEMAPHORE) && !forked_child &&
      _weft_shared_mark(kind, addr) == 0)
    _weft_emit(s, WEFT_EV_MISUSE, id, 0, WEFT_MISUSE_NOT_INITIALISED, _weft_stack(s, false));
}

static uint32_t object_lookup(WeftThreadState *s, const void *addr, unsigned kind,
                              uint64_t site_pc) {
  bool fresh;
  Slot *slot = table_slot(&objects, (uintptr_t)addr, &fresh);
  if (!slot)
    return 0;
  if (!fresh) {
    uint32_t id = slot_value(slot);
    if (!id)
      return 0;
    unsigned none = WEFT_OBJ_UNKNOWN;
    /* Named by the program before its first use: now its kind is known. */
    if (kind != WEFT_OBJ_UNKNOWN && atomic_load_explicit(&slot->kind, memory_order_relaxed) == none &&
        atomic_compare_exchange_strong(&slot->kind, &none, kind)) {
      define_object(s, id, addr, kind, site_pc, NULL, 0);
      first_use(s, id, addr, kind);
    }
    return id;
  }
  uint32_t id = atomic_fetch_add(&_weft_next_object, 1);
  atomic_store_explicit(&slot->kind, kind, memory_order_relaxed);
  define_object(s, id, addr, kind, site_pc, NULL, 0);
  atomic_store_explicit(&slot->value, id, memory_order_release);
  first_use(s, id, addr, kind);
  return id;
}

uint32_t _weft_object_lookup(WeftThreadState *s, const void *addr, unsigned kind,
                             uint64_t site_pc) {
  s->defining = (uintptr_t)addr; /* a slot we claim has no id until stored */
  atomic_signal_fence(memory_order_seq_cst);
  uint32_t id = object_lookup(s, addr, kind, site_pc);
  atomic_signal_fence(memory_order_seq_cst);
  s->defining = 0;
  return id;
}

uint32_t _weft_object_init(WeftThreadState *s, const void *addr, unsigned kind,
                           uint64_t site_pc, const char *name, uint64_t elem_size) {
  s->defining = (uintptr_t)addr;
  atomic_signal_fence(memory_order_seq_cst);
  bool fresh;
  Slot *slot = table_slot(&objects, (uintptr_t)addr, &fresh);
  uint32_t id = atomic_fetch_add(&_weft_next_object, 1);
  define_object(s, id, addr, kind, site_pc, name, elem_size);
  if (slot)
    atomic_store_explicit(&slot->kind, kind, memory_order_relaxed);
  if (slot) {
    if (!fresh)
      slot_value(slot); /* let a racing first use finish */
    atomic_store_explicit(&slot->value, id, memory_order_release);
  }
  atomic_fetch_add(&_weft_object_generation, 1);
  atomic_signal_fence(memory_order_seq_cst);
  s->defining = 0;
  return id;
}

uint32_t _weft_object_variable(WeftThreadState *s, const void *addr, uint64_t site_pc) {
  uint32_t id = atomic_fetch_add(&_weft_next_object, 1);
  define_object(s, id, addr, WEFT_OBJ_VARIABLE, site_pc, NULL, 0);
  return id;
}

void _weft_object_set_name(WeftThreadState *s, const void *addr, const char *name) {
  bool fresh;
  s->defining = (uintptr_t)addr;
  atomic_signal_fence(memory_order_seq_cst);
  Slot *slot = table_slot(&objects, (uintptr_t)addr, &fresh);
  uint32_t id = !slot ? 0 : fresh ? atomic_fetch_add(&_weft_next_object, 1) : slot_value(slot);
  /* A second definition with a name: the reader keeps the given name. */
  if (id)
    define_object(s, id, addr, WEFT_OBJ_UNKNOWN, 0, name, 0);
  if (slot && fresh)
    atomic_store_explicit(&slot->value, id, memory_order_release);
  atomic_signal_fence(memory_order_seq_cst);
  s->defining = 0;
}

void _weft_thread_map(pthread_t th, uint32_t tid) {
  bool fresh;
  Slot *slot = table_slot(&threads, (uintptr_t)th, &fresh);
  if (slot)
    atomic_store_explicit(&slot->value, tid, memory_order_release);
}

uint32_t _weft_thread_lookup(pthread_t th) {
  if (!table_ready(&threads) || th == 0)
    return 0;
  Slot *slots = threads.slots;
  size_t i = hash_addr((uintptr_t)th) & TABLE_MASK;
  for (unsigned probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & TABLE_MASK) {
    uintptr_t k = atomic_load_explicit(&slots[i].key, memory_order_acquire);
    if (k == (uintptr_t)th)
      return atomic_load_explicit(&slots[i].value, memory_order_acquire);
    if (k == 0)
      return 0;
  }
  return 0;
}

/* In a forked child, before its first event: ids are redefined in its trace. */
void _weft_ids_reset(void) {
  forked_child = true;
  if (objects.slots) /* zeroes the pages without touching them */
    madvise(objects.slots, sizeof(Slot) * TABLE_SIZE, MADV_DONTNEED);
  atomic_fetch_add(&_weft_object_generation, 1);
}
