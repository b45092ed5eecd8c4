/* weft-window-search.c: find (Ctrl+F) over threads, objects, channels and
 * event kinds: Enter and Ctrl+G go to the next matching event, Shift+Enter
 * and Ctrl+Shift+G to the previous; the lanes can be narrowed to the
 * matching threads. Lanes hidden, pinned, and the arrows' scope. */
#include <math.h>

#include "weft-steps.h"
#include "weft-viewer-private.h"
#include "weft-window-private.h"

/* Matching events counted at most, per keystroke. */
#define COUNT_LIMIT 200000

static void update_count(WeftWindow *self, const char *query) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  if (!query || !*query || !n) {
    gtk_label_set_text(GTK_LABEL(self->search_count), "");
    return;
  }
  char *folded = g_utf8_casefold(query, -1);
  size_t hits = 0, i;
  for (i = 0; i < n && i < COUNT_LIMIT; i++)
    hits += weft_event_matches_text(self->loaded->model, &ev[i], folded) != 0;
  g_free(folded);
  char *s = i < n ? g_strdup_printf(_("%zu events match in the first %zu"), hits, i)
                  : hits ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu event matches",
                                                       "%zu events match", hits),
                                           hits)
                         : g_strdup(_("nothing matches"));
  gtk_label_set_text(GTK_LABEL(self->search_count), s);
  g_free(s);
}

static void apply_lane_filter(WeftWindow *self) {
  gboolean on = gtk_check_button_get_active(GTK_CHECK_BUTTON(self->search_lanes));
  weft_session_set_lane_filter(self->session,
                               on ? gtk_editable_get_text(GTK_EDITABLE(self->search_entry)) : NULL);
}

void weft_window_search_changed(GtkSearchEntry *e, WeftWindow *self) {
  update_count(self, gtk_editable_get_text(GTK_EDITABLE(e)));
  apply_lane_filter(self);
}

void weft_window_search_lanes_toggled(GtkCheckButton *b, WeftWindow *self) {
  (void)b;
  apply_lane_filter(self);
}

static void search_step(WeftWindow *self, int dir) {
  if (!self->loaded)
    return;
  size_t n;
  weft_window_events(self, &n);
  guint32 sel = weft_session_get_selected(self->session);
  size_t i = weft_step_search(self->loaded->model, sel < n ? sel : WEFT_STEP_NONE, dir,
                              gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
  if (i == WEFT_STEP_NONE)
    gtk_widget_error_bell(GTK_WIDGET(self));
  else
    weft_window_select_and_reveal(self, (guint32)i);
}

void weft_window_search_next(GtkSearchEntry *e, WeftWindow *self) {
  (void)e;
  search_step(self, 1);
}

void weft_window_search_previous(GtkSearchEntry *e, WeftWindow *self) {
  (void)e;
  search_step(self, -1);
}

void weft_window_search_stop(GtkSearchEntry *e, WeftWindow *self) {
  (void)e;
  weft_window_close_find(self);
}

/* Shown at once, not revealed: what is typed just after Ctrl+F goes in. */
void weft_window_find(WeftWindow *self) {
  gtk_widget_set_visible(self->search_bar, TRUE);
  gtk_widget_grab_focus(self->search_entry);
}

void weft_window_close_find(WeftWindow *self) {
  gtk_widget_set_visible(self->search_bar, FALSE);
  gtk_widget_grab_focus(self->timeline);
}

/* The lane of the selected event (else the playhead's), or -1. */
static int current_lane(WeftWindow *self, const WeftEvent **event) {
  size_t n;
  const WeftEvent *ev = weft_window_events(self, &n);
  guint32 i = weft_session_get_selected(self->session);
  if (i >= n)
    i = weft_session_get_playhead(self->session);
  if (i >= n)
    return -1;
  *event = &ev[i];
  return weft_lane_model_lane_of(self->loaded->model, ev[i].thread);
}

void weft_window_hide_lane(WeftWindow *self) {
  const WeftEvent *e;
  int lane = current_lane(self, &e);
  if (lane >= 0)
    weft_session_hide_lane(self->session, (uint32_t)lane);
}

void weft_window_pin_lane(WeftWindow *self) {
  const WeftEvent *e;
  int lane = current_lane(self, &e);
  if (lane >= 0)
    weft_session_pin_lane(self->session, (uint32_t)lane);
}

void weft_window_show_all_lanes(WeftWindow *self) {
  gtk_check_button_set_active(GTK_CHECK_BUTTON(self->search_lanes), FALSE);
  weft_session_show_all_lanes(self->session);
}

/* All arrows, then those of the selected event's thread, then of its
 * object, then all again. */
void weft_window_cycle_arrows_scope(WeftWindow *self) {
  uint32_t thread, object;
  weft_session_get_arrows_scope(self->session, &thread, &object);
  const WeftEvent *e;
  if (current_lane(self, &e) < 0) {
    weft_session_set_arrows_scope(self->session, 0, 0);
    return;
  }
  if (!thread && !object)
    weft_session_set_arrows_scope(self->session, e->thread, 0);
  else if (thread && e->object)
    weft_session_set_arrows_scope(self->session, 0, e->object);
  else
    weft_session_set_arrows_scope(self->session, 0, 0);
}

/* The lane above or below the selected event's, as shown: its event nearest
 * in time to the selection (else the playhead, else the view's middle). */
void weft_window_select_next_lane(WeftWindow *self, int dir) {
  const WeftEvent *e = NULL;
  int lane = current_lane(self, &e);
  size_t nrows;
  const uint32_t *rows = weft_session_get_rows(self->session, &nrows);
  const WeftLaneModel *m = self->loaded->model;
  if (!rows)
    nrows = weft_lane_model_lane_count(m);
  if (!nrows)
    return;
  const WeftLaneGroups *groups = weft_session_get_groups(self->session);
  size_t row = 0;
  for (size_t r = 0; lane >= 0 && r < nrows; r++)
    if (rows ? weft_lane_groups_row_shows(groups, rows[r], (size_t)lane) : r == (size_t)lane)
      row = dir > 0 ? MIN(r + 1, nrows - 1) : (r ? r - 1 : 0);
  const WeftLane *l = weft_lane_model_lane(m, rows ? weft_lane_groups_row_lane(groups, rows[row]) : row);
  double t0, t1;
  weft_session_get_visible(self->session, &t0, &t1);
  uint64_t t = e ? e->time : (uint64_t)fmax((t0 + t1) / 2, 0);
  uint32_t ev = weft_lane_model_event_near(m, l->tid, t, UINT64_MAX / 2);
  if (ev != UINT32_MAX)
    weft_window_select_and_reveal(self, ev);
}
