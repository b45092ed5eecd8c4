/* weft-deadlock-words.c: deadlock headlines, shared with the preload. */
#include "weft-deadlock-words.h"

#include "weft-format.h"

#define N_(s) (s)

const char *weft_deadlock_headline_msgid(unsigned kind) {
  switch (kind) {
  case WEFT_DEADLOCK_ALL_ASLEEP: return N_("all threads are asleep - deadlock!");
  case WEFT_DEADLOCK_MUTEX_CYCLE: return N_("deadlock! threads wait for each other's locks");
  case WEFT_DEADLOCK_SELF_RELOCK: return N_("deadlock! a thread locks a mutex it already holds");
  case WEFT_DEADLOCK_JOIN_CYCLE: return N_("deadlock! threads wait for each other to end");
  case WEFT_DEADLOCK_RWLOCK_UPGRADE: return N_("deadlock! a reader asks for the write lock");
  case WEFT_DEADLOCK_HOLDER_GONE: return N_("deadlock! a lock whose holder is gone");
  default: return N_("deadlock!");
  }
}
