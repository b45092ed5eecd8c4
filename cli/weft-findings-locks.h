/* weft-findings-locks.h: the diagnosis' lock-order inversions, order notes
 * and leaked threads in words, one at a time: weft report prints them,
 * weft export puts each on its thread's track. */
#pragma once

#include <stdio.h>

#include "weft-diagnosis.h"
#include "weft-trace.h"

/* "Potential deadlock: ...", each thread's two locks with their stacks, the advice. */
void weft_print_inversion(FILE *out, const WeftTrace *t, const WeftInversion *inv);
/* "Note: <thread> took these locks in both orders:", each lock's stack, the advice. */
void weft_print_order_note(FILE *out, const WeftTrace *t, const WeftInversion *inv);
/* One thread still blocked at the end: what it waits for, its stack. */
void weft_print_leak(FILE *out, const WeftTrace *t, const WeftLeak *l);
