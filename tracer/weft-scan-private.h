/* weft-scan-private.h: walks every record of every valid chunk, in file
 * order, for tools that need raw records (the symboliser). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string.h>
#include <zlib.h>

#include "weft-encode-private.h"

/* What the chunk at `off` is. STOP: its header or length runs past the end
 * (a truncated trace) or is no chunk header at all: nothing after it can be
 * trusted. DAMAGED: a wrong checksum: skip h->length bytes and go on.
 * FILLER: padding in a bounded trace's ring: skip it, it is no damage. */
typedef enum { WEFT_CHUNK_VALID, WEFT_CHUNK_DAMAGED, WEFT_CHUNK_STOP, WEFT_CHUNK_FILLER } WeftChunkCheck;

static inline WeftChunkCheck _weft_chunk_check(const uint8_t *data, size_t size, size_t off,
                                               WeftChunkHeader *h) {
  if (off > size || size - off < sizeof *h)
    return WEFT_CHUNK_STOP;
  memcpy(h, data + off, sizeof *h);
  if (h->magic != WEFT_CHUNK_MAGIC || h->length > WEFT_CHUNK_MAX_PAYLOAD ||
      h->length > size - off - sizeof *h)
    return WEFT_CHUNK_STOP;
  if (h->flags & WEFT_CHUNK_PADDING)
    return WEFT_CHUNK_FILLER;
  if ((uint32_t)crc32(0L, data + off + sizeof *h, h->length) != h->crc32)
    return WEFT_CHUNK_DAMAGED;
  return WEFT_CHUNK_VALID;
}

typedef void (*WeftScanFn)(void *ctx, uint32_t thread, const WeftRecord *r);

/* Returns 0, or -1 if the data is not a trace this reader knows. */
int _weft_scan_records(const uint8_t *data, size_t size, WeftScanFn fn, void *ctx);

/* The same walk over an open file, one chunk in memory at a time: a trace of
 * any length in constant memory. 0; -1 with errno (EINVAL: not a trace this
 * reader knows, ENOMEM). */
int _weft_scan_file(int fd, WeftScanFn fn, void *ctx);
