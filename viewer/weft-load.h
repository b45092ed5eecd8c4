/* weft-load.h: a trace and its lane model, read in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "weft-lanes.h"
#include "weft-trace.h"

typedef struct {
  char *path;
  WeftTrace *trace;
  WeftLaneModel *model;
  WeftStatus status;
  int error; /* errno for WEFT_ERR_IO */
  double seconds;
} WeftLoaded;

void weft_loaded_free(WeftLoaded *l);

/* Starts loading in a worker thread. progress, if set, is called on the
 * main thread (the thread-default context of the caller) as the trace is
 * read and then indexed: the fraction of the whole done (0..1, increasing;
 * 1.0 before done is called when the trace opened) and whether the reading
 * is over. Updates that
 * come faster than the main loop takes them are merged. The WeftLoad is
 * the load's identity, for the callbacks: it is gone once done has run. */
typedef struct WeftLoad WeftLoad;
typedef void (*WeftLoadProgress)(WeftLoad *load, double fraction, gboolean indexing,
                                 gpointer data);
WeftLoad *weft_load_start(const char *path, GCancellable *cancel, WeftLoadProgress progress,
                          GAsyncReadyCallback done, gpointer data);
/* In the done callback: the result (owned by the caller), never NULL. */
WeftLoaded *weft_load_finish(GAsyncResult *res);

/* One sentence, translated, for a trace that could not be opened. */
char *weft_load_error_message(const WeftLoaded *l);
/* What could not be read in a trace that did open, or NULL if all was fine. */
char *weft_load_partial_message(const WeftLoaded *l);
/* A plain-language explanation of deadlock i. */
char *weft_viewer_deadlock_sentence(const WeftLaneModel *m, size_t i);
