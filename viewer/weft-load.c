/* weft-load.c: reading a trace in a worker thread, and what to say about it. */
#include "weft-load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-deadlock-text.h"
#include "weft-lane-misuse.h"
#include "weft-viewer-private.h"
#include "weft-viewer.h"

/* Shared by the worker thread and the main thread; reference counted, as a
 * progress update may wait in the main loop after the task is gone. */
struct WeftLoad {
  gint progress;     /* per mille of the whole */
  gint indexing;     /* the reading is over */
  gint idle_pending; /* a progress update is queued on the main loop */
  gint finished;     /* weft_load_finish() ran: no more updates */
  char *path;
  GMainContext *context;
  GCancellable *cancel;
  WeftLoadProgress progress_fn;
  gpointer data;
  gulong test_delay_us; /* WEFT_VIEWER_TEST_LOAD_DELAY_US: a slow disk, for tests */
};

/* Reading takes about two thirds of an open (docs/VIEWER-PERF.md). */
#define READ_SHARE 0.65

void weft_loaded_free(WeftLoaded *l) {
  if (!l)
    return;
  weft_lane_model_free(l->model);
  weft_trace_free(l->trace);
  g_free(l->path);
  g_free(l);
}

static void load_clear(gpointer p) {
  WeftLoad *load = p;
  g_free(load->path);
  g_clear_object(&load->cancel);
  if (load->context)
    g_main_context_unref(load->context);
}

static void load_unref(gpointer p) { g_atomic_rc_box_release_full(p, load_clear); }

static gboolean progress_idle(gpointer p) {
  WeftLoad *load = p;
  g_atomic_int_set(&load->idle_pending, 0);
  if (!g_atomic_int_get(&load->finished) && load->progress_fn)
    load->progress_fn(load, g_atomic_int_get(&load->progress) / 1000.0,
                      g_atomic_int_get(&load->indexing), load->data);
  return G_SOURCE_REMOVE;
}

/* On the worker thread: note the fraction, and queue one update on the
 * main loop unless one is already waiting there (it will read the latest). */
static void report(WeftLoad *load, double fraction, gboolean indexing) {
  gint pm = (gint)(fraction * 1000 + 0.5);
  if (pm > 1000)
    pm = 1000;
  if (pm <= g_atomic_int_get(&load->progress) && indexing == g_atomic_int_get(&load->indexing))
    return;
  g_atomic_int_set(&load->indexing, indexing);
  g_atomic_int_set(&load->progress, pm);
  if (load->progress_fn && g_atomic_int_compare_and_exchange(&load->idle_pending, 0, 1)) {
    GSource *src = g_idle_source_new();
    /* the priority of the task's own completion: updates come before it */
    g_source_set_priority(src, G_PRIORITY_DEFAULT);
    g_source_set_callback(src, progress_idle, g_atomic_rc_box_acquire(load), load_unref);
    g_source_set_name(src, "[weft] load progress");
    g_source_attach(src, load->context);
    g_source_unref(src);
  }
  if (load->test_delay_us)
    g_usleep(load->test_delay_us);
}

static void on_read_progress(double f, void *data) { report(data, f * READ_SHARE, FALSE); }

static bool on_index_progress(double f, void *data) {
  WeftLoad *load = data;
  report(load, READ_SHARE + f * (1 - READ_SHARE), TRUE);
  return !g_cancellable_is_cancelled(load->cancel);
}

static gboolean open_children = TRUE;

void weft_viewer_set_open_children(int on) { open_children = on != 0; }

static void load_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel) {
  (void)src, (void)cancel;
  WeftLoad *load = data;
  WeftLoaded *l = g_new0(WeftLoaded, 1);
  l->path = g_strdup(load->path);
  gint64 t0 = g_get_monotonic_time();
  l->status = open_children
                  ? weft_trace_open_family(load->path, on_read_progress, load, &l->trace)
                  : weft_trace_open_with_progress(load->path, on_read_progress, load, &l->trace);
  l->error = errno;
  if (l->status == WEFT_TRACE_OK) {
    l->model = weft_lane_model_new_with_misuse(l->trace, on_index_progress, load);
    if (!l->model)
      l->status = g_cancellable_is_cancelled(load->cancel) ? WEFT_ERR_IO : WEFT_ERR_NO_MEMORY;
    if (!l->model && l->status == WEFT_ERR_IO)
      l->error = ECANCELED;
  }
  l->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_task_return_pointer(task, l, (GDestroyNotify)weft_loaded_free);
}

WeftLoad *weft_load_start(const char *path, GCancellable *cancel, WeftLoadProgress progress,
                          GAsyncReadyCallback done, gpointer data) {
  WeftLoad *load = g_atomic_rc_box_new0(WeftLoad);
  load->path = g_strdup(path);
  load->context = g_main_context_ref_thread_default();
  load->cancel = cancel ? g_object_ref(cancel) : g_cancellable_new();
  load->progress_fn = progress;
  load->data = data;
  const char *delay = g_getenv("WEFT_VIEWER_TEST_LOAD_DELAY_US");
  load->test_delay_us = delay ? strtoul(delay, NULL, 10) : 0;
  GTask *task = g_task_new(NULL, cancel, done, data);
  g_task_set_task_data(task, load, load_unref);
  g_task_run_in_thread(task, load_thread);
  g_object_unref(task);
  return load;
}

WeftLoaded *weft_load_finish(GAsyncResult *res) {
  WeftLoad *load = g_task_get_task_data(G_TASK(res));
  if (load)
    g_atomic_int_set(&load->finished, 1);
  WeftLoaded *l = g_task_propagate_pointer(G_TASK(res), NULL);
  if (!l) {
    l = g_new0(WeftLoaded, 1);
    l->status = WEFT_ERR_NO_MEMORY;
  }
  return l;
}

static unsigned peek_major(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  WeftFileHeader h;
  ssize_t n = read(fd, &h, sizeof h);
  close(fd);
  return n == (ssize_t)sizeof h ? h.major : 0;
}

char *weft_load_error_message(const WeftLoaded *l) {
  char *base = g_path_get_basename(l->path ? l->path : "?");
  char *msg;
  switch (l->status) {
  case WEFT_ERR_IO:
    msg = g_strdup_printf(_("Cannot open “%s”: %s."), base, g_strerror(l->error));
    break;
  case WEFT_ERR_NOT_TRACE:
    msg = g_strdup_printf(_("“%s” is not a weft trace."), base);
    break;
  case WEFT_ERR_TRUNCATED:
    msg = g_strdup_printf(_("“%s” is truncated: it ends inside its header."), base);
    break;
  case WEFT_ERR_VERSION:
    msg = g_strdup_printf(_("“%s” uses trace format version %u, which this weft (format %u) "
                            "cannot read; use a newer weft."),
                          base, peek_major(l->path), (unsigned)WEFT_FORMAT_MAJOR);
    break;
  case WEFT_ERR_BYTE_ORDER:
    msg = g_strdup_printf(_("“%s” was written on a big-endian machine, which weft cannot "
                            "read."),
                          base);
    break;
  case WEFT_ERR_CORRUPT:
    msg = g_strdup_printf(_("The header of “%s” is damaged."), base);
    break;
  case WEFT_ERR_NO_MEMORY:
    msg = g_strdup_printf(_("Not enough memory to open “%s”."), base);
    break;
  default:
    msg = g_strdup_printf(_("Cannot open “%s”."), base);
    break;
  }
  g_free(base);
  return msg;
}

char *weft_load_partial_message(const WeftLoaded *l) {
  if (!l->trace)
    return NULL;
  const WeftTraceInfo *info = weft_trace_info(l->trace);
  GString *s = g_string_new(NULL);
  if (info->bytes_ignored) {
    char *size = g_format_size(info->bytes_ignored);
    g_string_append_printf(s, _("The trace is truncated: the last %s could not be read; "
                                "everything before is shown."),
                           size);
    g_free(size);
  }
  if (info->corrupt_chunks) {
    if (s->len)
      g_string_append_c(s, ' ');
    g_string_append_printf(s,
                           g_dngettext(GETTEXT_PACKAGE, "%u damaged chunk was skipped.",
                                       "%u damaged chunks were skipped.", info->corrupt_chunks),
                           info->corrupt_chunks);
  }
  if (info->malformed_records) {
    if (s->len)
      g_string_append_c(s, ' ');
    g_string_append_printf(s,
                           g_dngettext(GETTEXT_PACKAGE, "%u malformed record was skipped.",
                                       "%u malformed records were skipped.",
                                       info->malformed_records),
                           info->malformed_records);
  }
  if (info->dropped_chunks) {
    if (s->len)
      g_string_append_c(s, ' ');
    char *dropped = g_format_size(info->dropped_bytes);
    g_string_append_printf(s, _("The trace reached its size bound: %s from the middle of the "
                                "run were dropped; the start and the end are shown."),
                           dropped);
    g_free(dropped);
  }
  if (info->lost_events) {
    if (s->len)
      g_string_append_c(s, ' ');
    g_string_append_printf(s, _("The tracer lost %llu events."),
                           (unsigned long long)info->lost_events);
  }
  size_t np;
  const WeftProcess *p = weft_trace_processes(l->trace, &np);
  for (size_t i = 1; i < np; i++) {
    if (p[i].status == WEFT_TRACE_OK)
      continue;
    if (s->len)
      g_string_append_c(s, ' ');
    char *base = g_path_get_basename(p[i].path ? p[i].path : "?");
    g_string_append_printf(s, _("The trace of child process %u (%s) could not be read: it is "
                                "not shown."),
                           p[i].pid, base);
    g_free(base);
  }
  if (!s->len && !info->closed_cleanly) {
    g_string_append(s, _("The traced program did not finish cleanly (it was killed, or "
                         "crashed): the trace stops at its last flushed chunk."));
  }
  return g_string_free(s, s->len == 0);
}

char *weft_viewer_deadlock_sentence(const WeftLaneModel *m, size_t i) {
  const WeftTrace *t = weft_lane_model_trace(m);
  size_t n;
  const WeftDeadlock *d = weft_trace_deadlocks(t, &n);
  if (i >= n)
    return NULL;
  /* the words of `weft report`: the headline, the sentence, the hints */
  char *sentence = weft_deadlock_sentence(t, &d[i]);
  char *hints = weft_deadlock_hints(t, &d[i]);
  const char *head = weft_deadlock_headline(d[i].kind);
  size_t len = strlen(head);
  GString *s = g_string_new(head);
  g_string_append(s, len && head[len - 1] == '!' ? " " : ": ");
  g_string_append(s, sentence ? sentence : "");
  for (char *line = hints, *next; line && *line; line = next) { /* one line a hint */
    next = strchr(line, '\n');
    if (next)
      *next++ = 0;
    g_string_append_printf(s, " %s", line);
  }
  free(sentence);
  free(hints);
  return g_string_free(s, FALSE);
}
