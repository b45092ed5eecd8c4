/* weft-writer.h: writes weft traces. The preload frames its own per-thread
 * buffers with weft_chunk_write(); tools and tests use WeftWriter, which keeps
 * one stream per thread and frames chunks for them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-format.h"

#define WEFT_WRITER_CHUNK_SIZE (64u * 1024u)

/* Fills a file header. */
void weft_file_header_init(WeftFileHeader *h, uint32_t features, uint32_t pid,
                           uint64_t start_realtime_ns);

/* Writes one chunk (header and payload) with a single writev, retrying short
 * writes. Returns 0, or -1 with errno set. */
int weft_chunk_write(int fd, uint32_t thread, uint32_t sequence, uint16_t flags,
                     const void *payload, size_t length);

typedef struct WeftWriter WeftWriter;

/* Creates (truncates) path and writes the file header. NULL with errno. */
WeftWriter *weft_writer_create(const char *path, uint32_t features, uint32_t pid);
/* Appends chunks to an existing trace (no header written). */
WeftWriter *weft_writer_append(const char *path);

/* An event of thread `thread` at absolute `tick`; args exclude the delta. */
void weft_writer_event(WeftWriter *w, uint32_t thread, uint64_t tick, unsigned type,
                       unsigned nargs, const uint64_t *args, const void *blob,
                       size_t blob_len);
/* A metadata record in thread's stream (0: process-level). */
void weft_writer_meta(WeftWriter *w, uint32_t thread, unsigned type, unsigned nargs,
                      const uint64_t *args, const void *blob, size_t blob_len);

/* Flushes every stream and closes; -1 with errno if anything failed. */
int weft_writer_close(WeftWriter *w);
