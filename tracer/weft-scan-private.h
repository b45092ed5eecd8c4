/* weft-scan-private.h: walks every record of every valid chunk, in file
 * order, for tools that need raw records (the symboliser). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "weft-encode-private.h"

typedef void (*WeftScanFn)(void *ctx, uint32_t thread, const WeftRecord *r);

/* Returns 0, or -1 if the data is not a trace this reader knows. */
int _weft_scan_records(const uint8_t *data, size_t size, WeftScanFn fn, void *ctx);
