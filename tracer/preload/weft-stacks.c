/* weft-stacks.c: call stacks with libunwind, deduplicated into ids.
 *
 * Frames inside this library are dropped, so a stack starts at the program's
 * call to the intercepted function. A stack is defined (META_STACK) in the
 * stream of the thread that first saw it; the table is guarded by a spin
 * lock because unwinding costs far more than the lock. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>

#include "weft-preload-private.h"

#define MAX_DEPTH 64
#define SLOTS (1u << 16)
#define ARENA_WORDS (1u << 20)

WEFT_HIDDEN int _weft_stack_mode = WEFT_STACKS_ALL;
WEFT_HIDDEN int _weft_stack_depth = 16;
WEFT_HIDDEN atomic_uint _weft_next_stack = 1;

typedef struct {
  uint64_t hash;
  uint32_t id;
  uint32_t depth;
  uint64_t *pcs;
} StackSlot;

static StackSlot *slots;
static uint64_t *arena;
static size_t arena_used;
static atomic_int table_lock;
/* Code whose frames a stack leaves out: ours, and ThreadSanitizer's (the
 * thread start routine its pthread_create puts below ours). */
typedef struct {
  uintptr_t probe, lo, hi;
} CodeRange;
static CodeRange self, hidden, unwinder;

static int find_code(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  CodeRange *r = data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
      continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (r->probe >= lo && r->probe < hi) {
      r->lo = lo;
      r->hi = hi;
      return 1;
    }
  }
  return 0;
}

static bool left_out(uintptr_t pc) {
  return (pc >= self.lo && pc < self.hi) || (pc >= hidden.lo && pc < hidden.hi);
}

void _weft_stacks_hide_module(const void *code) {
  hidden.probe = (uintptr_t)code;
  dl_iterate_phdr(find_code, &hidden);
}

bool _weft_stacks_unwinder_code(const void *pc) {
  uintptr_t a = (uintptr_t)pc;
  return a >= unwinder.lo && a < unwinder.hi;
}

void _weft_stacks_init(void) {
  self.probe = (uintptr_t)&_weft_stacks_init;
  dl_iterate_phdr(find_code, &self);
  unwinder.probe = (uintptr_t)&unw_backtrace;
  dl_iterate_phdr(find_code, &unwinder);
  /* Made even when stacks are off: a race report's stacks come from TSan. */
  void *m = mmap(NULL, SLOTS * sizeof(StackSlot) + ARENA_WORDS * sizeof(uint64_t),
                 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) {
    _weft_stack_mode = WEFT_STACKS_OFF;
    return;
  }
  slots = m;
  arena = (uint64_t *)((char *)m + SLOTS * sizeof(StackSlot));
  _weft_tsan_private_memory(m, SLOTS * sizeof(StackSlot) + ARENA_WORDS * sizeof(uint64_t));
}

void _weft_stacks_reset(void) {
  if (!slots)
    return;
  madvise(slots, SLOTS * sizeof(StackSlot) + ARENA_WORDS * sizeof(uint64_t), MADV_DONTNEED);
  arena_used = 0;
}

void _weft_stacks_lock(void) { _weft_spin_lock(&table_lock); }
void _weft_stacks_unlock(void) { _weft_spin_unlock(&table_lock); }

static uint64_t hash_pcs(const uint64_t *pcs, int n) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)n;
  for (int i = 0; i < n; i++) {
    h ^= pcs[i];
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
  }
  return h ? h : 1;
}

uint64_t _weft_caller_outside(const void *inner) {
  Dl_info lib;
  if (!_weft_may_unwind() || !dladdr(inner, &lib))
    return 0;
  void *raw[32];
  int was = _weft_unwind_enter(); /* libunwind may call hooked functions */
  int n = unw_backtrace(raw, 32);
  _weft_tracer_leave(was);
  for (int i = 0; i < n; i++) {
    uintptr_t pc = (uintptr_t)raw[i];
    if (left_out(pc))
      continue;
    Dl_info where;
    if (dladdr(raw[i], &where) && where.dli_fbase == lib.dli_fbase)
      continue;
    return pc;
  }
  return 0;
}

/* A handler returns into the C library's signal trampoline, whose first
 * instruction asks for rt_sigreturn. Read here rather than through
 * unw_is_signal_frame, which marks the trampoline in some libunwind versions
 * and the interrupted frame in others. */
static bool is_sigreturn(uintptr_t ip) {
#if defined(__x86_64__)
  static const uint8_t code[] = {0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05};
#elif defined(__aarch64__)
  static const uint8_t code[] = {0x68, 0x11, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4};
#else
  static const uint8_t code[1] = {0};
  return false;
#endif
  /* ip is mapped, the page after it may not be: no read across (a frame
   * there keeps pc - 1, one byte early) */
  if ((ip & 4095) > 4096 - sizeof code)
    return false;
  return memcmp((const void *)ip, code, sizeof code) == 0;
}

int _weft_stack_raw(uint64_t *pcs, int max) {
  void *raw[MAX_DEPTH + 16];
  if (max > MAX_DEPTH)
    max = MAX_DEPTH;
  if (!_weft_may_unwind())
    return 0;
  int was = _weft_unwind_enter(); /* libunwind may call hooked functions */
  int n = unw_backtrace(raw, max + 16);
  _weft_tracer_leave(was);
  /* Our own frames go: the hook on top, the thread trampoline at the bottom
   * (and TSan's start routine below it). */
  int depth = 0;
  for (int i = 0; i < n && depth < max; i++)
    if (!left_out((uintptr_t)raw[i]))
      /* Above a signal trampoline sits the instruction a handler interrupted,
       * no return address: the symboliser reads pc - 1, so it goes in one
       * byte further on. Every trampoline counts: handlers nest (a stack
       * probe landing in a Ctrl-C handler). */
      pcs[depth++] = (uint64_t)(uintptr_t)raw[i] + (i > 0 && is_sigreturn((uintptr_t)raw[i - 1]));
  return depth;
}

static bool stack_owner(uintptr_t a, uint64_t *pc, uint64_t *below_cfa) {
  unw_context_t uc;
  unw_cursor_t cur;
  if (unw_getcontext(&uc) < 0 || unw_init_local(&cur, &uc) < 0)
    return false;
  unw_word_t ip = 0, lo = 0, hi = 0;
  unw_get_reg(&cur, UNW_REG_IP, &ip);
  unw_get_reg(&cur, UNW_REG_SP, &lo);
  for (int depth = 0; depth < 256 && unw_step(&cur) > 0; depth++) {
    /* a frame's stack runs up to its CFA, its caller's SP */
    if (unw_get_reg(&cur, UNW_REG_SP, &hi) < 0 || hi <= lo)
      return false;
    if (a >= lo && a < hi) {
      *pc = ip;
      *below_cfa = hi - a;
      return depth > 0; /* never this search's own frame */
    }
    unw_get_reg(&cur, UNW_REG_IP, &ip);
    lo = hi;
  }
  return false;
}

bool _weft_stack_owner(const void *addr, uint64_t *pc, uint64_t *below_cfa) {
  char here;
  uintptr_t a = (uintptr_t)addr, sp = (uintptr_t)&here;
  if (a < sp || a - sp > ((uintptr_t)64 << 20) || !_weft_may_unwind())
    return false; /* not on this thread's stack (nor within reach of it) */
  int was = _weft_unwind_enter(); /* libunwind may call hooked functions */
  bool found = stack_owner(a, pc, below_cfa);
  _weft_tracer_leave(was);
  return found;
}

uint32_t _weft_stack_capture(WeftThreadState *s) {
  if (!slots || _weft_stack_mode == WEFT_STACKS_OFF)
    return 0;
  uint64_t pcs[MAX_DEPTH];
  int depth = _weft_stack_raw(pcs, _weft_stack_depth);
  return _weft_stack_intern(s, pcs, depth);
}

uint32_t _weft_stack_intern(WeftThreadState *s, const uint64_t *pcs, int depth) {
  if (!slots || depth <= 0)
    return 0;
  if (depth > MAX_DEPTH)
    depth = MAX_DEPTH;
  uint64_t h = hash_pcs(pcs, depth);

  uint32_t id = 0;
  bool define = false;
  if (!_weft_spin_lock(&table_lock))
    return 0; /* a handler over this thread's own interning: no stack */
  for (uint32_t i = (uint32_t)h & (SLOTS - 1), probe = 0; probe < SLOTS;
       probe++, i = (i + 1) & (SLOTS - 1)) {
    StackSlot *slot = &slots[i];
    if (slot->hash == h && slot->depth == (uint32_t)depth &&
        memcmp(slot->pcs, pcs, (size_t)depth * sizeof *pcs) == 0) {
      id = slot->id;
      break;
    }
    if (slot->hash == 0) {
      if (arena_used + (size_t)depth > ARENA_WORDS || probe > SLOTS / 2)
        break; /* full: this stack goes without an id */
      slot->pcs = arena + arena_used;
      arena_used += (size_t)depth;
      memcpy(slot->pcs, pcs, (size_t)depth * sizeof *pcs);
      slot->depth = (uint32_t)depth;
      slot->id = id = atomic_fetch_add(&_weft_next_stack, 1);
      slot->hash = h;
      define = true;
      break;
    }
  }
  _weft_spin_unlock(&table_lock);
  if (define) {
    uint64_t m[2 + MAX_DEPTH];
    m[0] = id;
    m[1] = _weft_epoch;
    memcpy(m + 2, pcs, (size_t)depth * sizeof *pcs);
    _weft_emit_meta(s, WEFT_META_STACK, 2 + (unsigned)depth, m, NULL, 0);
  }
  return id;
}
