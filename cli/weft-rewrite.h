/* weft-rewrite.h: writes a trace again, whole or cut to a span, its paths
 * redacted or not, with metadata added: what `weft pack` and `weft trim`
 * share. Events come from the reader (their times in nanoseconds, merged);
 * metadata and the blobs of events are copied from the file's own records. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

typedef struct {
  unsigned type, nargs;
  uint64_t args[8];
  char *blob;
  size_t blob_len;
} WeftExtraMeta;

typedef struct {
  bool span;          /* cut to [from, to] */
  uint64_t from, to;  /* ns into the run */
  bool redact;        /* the command line and home folders */
  const WeftExtraMeta *extra; /* process-level metadata to add */
  size_t nextra;
} WeftRewriteOptions;

typedef struct {
  size_t events;    /* written */
  size_t prologue;  /* of which: the state at the span's start, written at its start */
  size_t redacted;  /* strings changed */
} WeftRewriteStats;

/* Writes `out` from the trace at `in` (already opened as t). 0, or -1 with
 * errno. */
int weft_rewrite(const char *in, const WeftTrace *t, const char *out, const WeftRewriteOptions *o,
                 WeftRewriteStats *st);

/* A path without the home folder ("/home/ana/td3/x.c" -> "~/td3/x.c"), newly
 * allocated; NULL if it has none. */
char *weft_redact_home(const char *s, size_t len, size_t *out_len);
