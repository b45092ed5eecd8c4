/* weft-compare-window.h: two runs side by side in one window, with a shared
 * playhead (`weft view --compare A B`). */
#pragma once

#include <gtk/gtk.h>

#include "weft-compare.h"
#include "weft-viewer.h"

/* A window on the two traces, or NULL with error if one cannot be read. */
GtkWidget *weft_compare_window_new(GtkApplication *app, const char *a, const char *b,
                                   WeftCompareBy by, GError **error);
