/* weft-bookmarks.h: bookmarks on a trace, for a lecture: a title and a note
 * at a playhead position, kept beside the trace in NAME.weft.notes (JSON,
 * docs/NOTES.md). The viewer lists and edits them; `weft render --steps
 * --bookmarks` makes a slide of each; `weft export` writes them as markers.
 * No GTK. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-trace.h"

typedef struct {
  uint32_t event; /* the playhead: an index in the trace's events */
  uint64_t time;  /* that event's time, ns: to find it again if the trace changed */
  char *title;
  char *note;
} WeftBookmark;

typedef struct {
  WeftBookmark *v; /* by event, then in the order they were made */
  size_t n, cap;
} WeftBookmarks;

#define WEFT_NOTES_VERSION 1

void weft_bookmarks_clear(WeftBookmarks *b);
/* Adds one (title and note copied, NULL as ""); returns its index. */
size_t weft_bookmarks_add(WeftBookmarks *b, uint32_t event, uint64_t time, const char *title,
                          const char *note);
void weft_bookmarks_remove(WeftBookmarks *b, size_t i);
void weft_bookmarks_set_text(WeftBookmarks *b, size_t i, const char *title, const char *note);

/* NAME.weft -> NAME.weft.notes (g_free). */
char *weft_bookmarks_path(const char *trace_path);

/* Reads a notes file into b (emptied first). A missing file is no error:
 * no bookmarks. A damaged one gives false and an error that says what is
 * wrong with it, b empty. A bookmark whose event is not the one at its
 * time in this trace (the trace was recorded again) goes to the first
 * event at or after its time. */
bool weft_bookmarks_load(WeftBookmarks *b, const char *path, const WeftEvent *events,
                         size_t nevents, GError **error);
/* Writes them (an empty set removes the file). */
bool weft_bookmarks_save(const WeftBookmarks *b, const char *path, GError **error);
