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

/* Starts loading; progress (0..1, or -1 while reading) is readable any time
 * with weft_load_progress() from the main thread. */
typedef struct WeftLoad WeftLoad;
WeftLoad *weft_load_start(const char *path, GCancellable *cancel, GAsyncReadyCallback done,
                          gpointer data);
double weft_load_progress(WeftLoad *load);
/* In the done callback: the result (owned by the caller), never NULL. */
WeftLoaded *weft_load_finish(GAsyncResult *res);

/* One sentence, translated, for a trace that could not be opened. */
char *weft_load_error_message(const WeftLoaded *l);
/* What could not be read in a trace that did open, or NULL if all was fine. */
char *weft_load_partial_message(const WeftLoaded *l);
/* A plain-language explanation of deadlock i. */
char *weft_viewer_deadlock_sentence(const WeftLaneModel *m, size_t i);
