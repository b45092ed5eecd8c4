/* weft-thread-names.h: threads as people tell them apart. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

/* "worker", or "worker #3" (its thread id) when other threads share the
 * name (threads of one start function). Writes into buf; returns buf. */
const char *weft_thread_display_name(const WeftTrace *t, uint32_t tid, char *buf, size_t size);
/* Where the program created the thread, "file.c:42": the program's own line
 * in the stack of its THREAD_CREATE (not a spawn helper's), else the create
 * site; false when unknown (the main thread). */
bool weft_thread_create_line(const WeftTrace *t, uint32_t tid, char *out, size_t size);
