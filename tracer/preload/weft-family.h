/* weft-family.h: the processes of one traced run, asleep or not (weft-family.c). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "weft-preload-private.h"

#define WEFT_FAMILY_BYTES (16u * 1024u) /* a thousand processes and more */

/* Maps the family's table: WEFT_FAMILY_FD's, else a fresh shared one. */
WEFT_HIDDEN void _weft_family_init(void);
/* This process is asleep for good: every thread in a firm deadlock. */
WEFT_HIDDEN void _weft_family_mark_asleep(void);
/* A wait for child `pid` (> 0), or for any child (<= 0, the zigzag-decoded
 * argument of waitpid), cannot end: the child, or every child, is asleep. */
WEFT_HIDDEN bool _weft_family_waited_asleep(int64_t pid);
