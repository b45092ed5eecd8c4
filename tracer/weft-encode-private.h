/* weft-encode-private.h: record encoding, inline so the preload's fast path
 * pays no call. Used by the preload, the writer and the reader's tests. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "weft-format.h"

/* Longest record the fast path writes: type byte + 3 ten-byte varints. */
#define WEFT_SMALL_RECORD_MAX 31
#define WEFT_RECORD_MAX_ARGS 72 /* a stack record: id, epoch, n, up to 64 pcs */

static inline uint8_t *_weft_put_varint(uint8_t *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *p++ = (uint8_t)v;
  return p;
}

static inline size_t _weft_varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    n++;
  }
  return n;
}

static inline uint64_t _weft_zigzag(int64_t v) {
  return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t _weft_unzigzag(uint64_t v) {
  return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* The type byte, and for an extended type (63 and above) its varint. */
static inline uint8_t *_weft_put_type(uint8_t *p, unsigned type, unsigned form) {
  if (type < WEFT_REC_EXTENDED) {
    *p++ = (uint8_t)(type | (form << WEFT_REC_FORM_SHIFT));
    return p;
  }
  *p++ = (uint8_t)(WEFT_REC_EXTENDED | (form << WEFT_REC_FORM_SHIFT));
  return _weft_put_varint(p, type);
}

static inline size_t _weft_type_size(unsigned type) {
  return type < WEFT_REC_EXTENDED ? 1 : 1 + _weft_varint_size(type);
}

/* A record of 1 to 3 varints and no blob. */
static inline uint8_t *_weft_put_small(uint8_t *p, unsigned type, unsigned nargs,
                                       const uint64_t *args) {
  p = _weft_put_type(p, type, nargs - 1);
  for (unsigned i = 0; i < nargs; i++)
    p = _weft_put_varint(p, args[i]);
  return p;
}

static inline size_t _weft_record_size(unsigned type, unsigned nargs, const uint64_t *args,
                                       size_t blob_len) {
  size_t body = 0;
  for (unsigned i = 0; i < nargs; i++)
    body += _weft_varint_size(args[i]);
  if (nargs >= 1 && nargs <= 3 && blob_len == 0)
    return _weft_type_size(type) + body;
  body += _weft_varint_size(nargs) + blob_len;
  return _weft_type_size(type) + _weft_varint_size(body) + body;
}

/* Any record: picks the small form when it fits, else the body form
 * (varint length, varint arg count, args, blob). */
static inline uint8_t *_weft_put_record(uint8_t *p, unsigned type, unsigned nargs,
                                        const uint64_t *args, const void *blob,
                                        size_t blob_len) {
  if (nargs >= 1 && nargs <= 3 && blob_len == 0)
    return _weft_put_small(p, type, nargs, args);
  size_t body = _weft_varint_size(nargs) + blob_len;
  for (unsigned i = 0; i < nargs; i++)
    body += _weft_varint_size(args[i]);
  p = _weft_put_type(p, type, WEFT_REC_FORM_BODY);
  p = _weft_put_varint(p, body);
  p = _weft_put_varint(p, nargs);
  for (unsigned i = 0; i < nargs; i++)
    p = _weft_put_varint(p, args[i]);
  const uint8_t *b = blob;
  for (size_t i = 0; i < blob_len; i++)
    *p++ = b[i];
  return p;
}

/* Decoding. Returns 0 on success, -1 if the record runs past end. */
typedef struct {
  unsigned type;
  unsigned nargs;
  uint64_t args[WEFT_RECORD_MAX_ARGS];
  const uint8_t *blob;
  size_t blob_len;
} WeftRecord;

static inline int _weft_get_varint(const uint8_t **pp, const uint8_t *end, uint64_t *out) {
  const uint8_t *p = *pp;
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 70; shift += 7) {
    if (p >= end)
      return -1;
    uint8_t b = *p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *pp = p;
      *out = v;
      return 0;
    }
  }
  return -1;
}

static inline int _weft_get_record(const uint8_t **pp, const uint8_t *end, WeftRecord *r) {
  const uint8_t *p = *pp;
  if (p >= end)
    return -1;
  uint8_t head = *p++;
  unsigned form = head >> WEFT_REC_FORM_SHIFT;
  r->type = head & WEFT_REC_TYPE_MASK;
  r->blob = NULL;
  r->blob_len = 0;
  if (r->type == WEFT_REC_EXTENDED) {
    uint64_t t;
    if (_weft_get_varint(&p, end, &t) < 0)
      return -1;
    r->type = t > 0xffff ? 0xffff : (unsigned)t;
  }
  if (form != WEFT_REC_FORM_BODY) {
    r->nargs = form + 1;
    for (unsigned i = 0; i < r->nargs; i++)
      if (_weft_get_varint(&p, end, &r->args[i]) < 0)
        return -1;
    *pp = p;
    return 0;
  }
  uint64_t len, n;
  if (_weft_get_varint(&p, end, &len) < 0 || len > (uint64_t)(end - p))
    return -1;
  const uint8_t *bend = p + len;
  if (_weft_get_varint(&p, bend, &n) < 0)
    return -1;
  r->nargs = 0;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t v;
    if (_weft_get_varint(&p, bend, &v) < 0)
      return -1;
    if (r->nargs < WEFT_RECORD_MAX_ARGS)
      r->args[r->nargs++] = v;
  }
  r->blob = p;
  r->blob_len = (size_t)(bend - p);
  *pp = bend;
  return 0;
}
