/* weft-family.c: what the traced processes of one run know of each other.
 *
 * A process whose every thread is asleep for good (a firm deadlock) says so
 * in a table shared by the family, so that a parent blocked in waitpid on it
 * is asleep for good too, instead of "another process could still wake it".
 * The table is a shared mapping: inherited across fork, and across exec
 * through WEFT_FAMILY_FD (a memfd from `weft record`, kept open and protected
 * from the program's close like the trace's own descriptor). Without it, the
 * first traced process makes an anonymous shared one, which its forked
 * children share. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "weft-family.h"

typedef struct {
  _Atomic int pid;
  atomic_uint asleep;
} FamilySlot;

static FamilySlot *table;
static atomic_int family_fd = -1;

void _weft_family_init(void) {
  if (table)
    return; /* forked: the parent's mapping is ours too */
  const char *v = getenv("WEFT_FAMILY_FD");
  void *m = MAP_FAILED;
  if (v && *v) {
    int fd = atoi(v);
    m = mmap(NULL, WEFT_FAMILY_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m != MAP_FAILED) {
      atomic_store(&family_fd, fd);
      _weft_fd_protect(&family_fd);
    }
  }
  if (m == MAP_FAILED)
    m = mmap(NULL, WEFT_FAMILY_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    return;
  _weft_tsan_private_memory(m, WEFT_FAMILY_BYTES);
  table = m;
}

void _weft_family_mark_asleep(void) {
  if (!table)
    return;
  int me = getpid();
  for (size_t i = 0; i < WEFT_FAMILY_BYTES / sizeof *table; i++) {
    int cur = atomic_load(&table[i].pid);
    if (cur == 0 && !atomic_compare_exchange_strong(&table[i].pid, &cur, me) && cur != me)
      continue; /* another process took it first */
    if (cur != 0 && cur != me)
      continue;
    atomic_store(&table[i].asleep, 1);
    return;
  }
}

static bool pid_asleep(int pid) {
  for (size_t i = 0; table && i < WEFT_FAMILY_BYTES / sizeof *table; i++) {
    int cur = atomic_load(&table[i].pid);
    if (cur == 0)
      return false;
    if (cur == pid)
      return atomic_load(&table[i].asleep) != 0;
  }
  return false;
}

/* Every child of this process (any of its threads'), from /proc: all asleep,
 * and at least one. */
static bool children_asleep(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return false;
  bool all = true, any = false;
  struct dirent *e;
  while (all && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[300];
    snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
    FILE *f = fopen(path, "re");
    if (!f) {
      all = false;
      break;
    }
    int pid;
    while (all && fscanf(f, "%d", &pid) == 1) {
      any = true;
      all = pid_asleep(pid);
    }
    fclose(f);
  }
  closedir(d);
  return all && any;
}

bool _weft_family_waited_asleep(int64_t pid) {
  if (!table)
    return false;
  return pid > 0 ? pid_asleep((int)pid) : children_asleep();
}
