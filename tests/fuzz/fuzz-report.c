/* A libFuzzer harness over what reads a trace: the reader (from memory and
 * from a file), the streaming counter, and `weft report` (text and JSON) and
 * `weft dump` as the command line runs them, with the diagnosis and the
 * statistics behind them. Built and run by tests/fuzz/run.sh with clang. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "weft-commands.h"
#include "weft-deadlock-text.h"
#include "weft-format.h"
#include "weft-trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int trace_fd = -1;
static char trace_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* The commands print: their output goes nowhere, libFuzzer's stays on stderr. */
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0)
    dup2(null, 1);
  trace_fd = memfd_create("weft-fuzz", 0);
  snprintf(trace_path, sizeof trace_path, "/proc/self/fd/%d", trace_fd);
  return 0;
}

/* Mutations nearly always break a chunk's checksum, and the reader skips a
 * damaged chunk unread: for odd-sized inputs the checksums are made right
 * again, so that the mutated records themselves reach the decoders. */
static uint8_t *with_checksums_fixed(const uint8_t *data, size_t size) {
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy)
    return NULL;
  memcpy(copy, data, size);
  WeftFileHeader h;
  if (size < sizeof h)
    return copy;
  memcpy(&h, copy, sizeof h);
  for (size_t off = h.header_size; off >= sizeof h && off + sizeof(WeftChunkHeader) <= size;) {
    WeftChunkHeader c;
    memcpy(&c, copy + off, sizeof c);
    if (c.magic != WEFT_CHUNK_MAGIC || c.length > size - off - sizeof c)
      break;
    c.crc32 = (uint32_t)crc32(0L, copy + off + sizeof c, c.length);
    memcpy(copy + off, &c, sizeof c);
    off += sizeof c + c.length;
  }
  return copy;
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size) {
  uint8_t *fixed = size & 1 ? with_checksums_fixed(input, size) : NULL;
  const uint8_t *data = fixed ? fixed : input;
  WeftTrace *t;
  if (weft_trace_open_memory(data, size, &t) == WEFT_TRACE_OK) {
    size_t n;
    const WeftDeadlock *d = weft_trace_deadlocks(t, &n);
    for (size_t i = 0; i < n; i++) {
      free(weft_deadlock_sentence(t, &d[i]));
      free(weft_deadlock_hints(t, &d[i]));
      free(weft_deadlock_report(t, &d[i]));
    }
    weft_trace_free(t);
  }
  if (ftruncate(trace_fd, 0) < 0 || pwrite(trace_fd, data, size, 0) != (ssize_t)size) {
    free(fixed);
    return 0;
  }
  WeftTraceCounts counts;
  weft_trace_count(trace_path, &counts);
  char *report[] = {"report", trace_path, NULL};
  char *json[] = {"report", "--json", trace_path, NULL};
  char *dump[] = {"dump", trace_path, NULL};
  weft_cmd_report(2, report);
  weft_cmd_report(3, json);
  weft_cmd_dump(2, dump);
  fflush(stdout);
  free(fixed);
  return 0;
}
