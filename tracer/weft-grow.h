/* weft-grow.h: room in a growable array, for the reader and the analyses. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* At least `need` elements of `elem` bytes in *arr, whose capacity is *cap:
 * it doubles, and the new elements are zeroed. False when memory ran out
 * (the array is left as it was). */
static inline bool weft_grow(void **arr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return true;
  size_t cap2 = *cap ? *cap : 16;
  while (cap2 < need) {
    if (cap2 > SIZE_MAX / 2 / elem)
      return false;
    cap2 *= 2;
  }
  char *p = realloc(*arr, cap2 * elem);
  if (!p)
    return false;
  memset(p + *cap * elem, 0, (cap2 - *cap) * elem);
  *arr = p;
  *cap = cap2;
  return true;
}
