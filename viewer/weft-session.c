/* weft-session.c: the state one window's views share. */
#include "weft-session.h"

#include <math.h>
#include <string.h>

#include "weft-folds.h"
#include "weft-render.h"

struct _WeftSession {
  GObject parent;
  const WeftLaneModel *model;
  double t0, t1;
  guint32 selected, playhead;
  unsigned arrows;
  double text_scale;
  /* lanes */
  GArray *pinned;      /* lane indices, in pinning order */
  uint8_t *hidden;     /* by lane index */
  char *lane_filter;   /* casefolded */
  GArray *rows;        /* what they make, NULL: all lanes */
  uint32_t arrows_thread, arrows_object;
  gboolean fold_idle;
  WeftFolds *folds; /* the model's, made at the first fold */
  gboolean group_lanes;
  WeftLaneGroups *groups; /* the model's, made at the first grouping */
  uint8_t *expanded;      /* by group */
};

G_DEFINE_FINAL_TYPE(WeftSession, weft_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_SELECTED,
  PROP_PLAYHEAD,
  PROP_ARROWS,
  PROP_TEXT_SCALE,
  PROP_MODEL,
  PROP_ROWS,
  PROP_ARROWS_SCOPE,
  PROP_FOLD_IDLE,
  PROP_GROUP_LANES,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void weft_session_get_property(GObject *o, guint id, GValue *v, GParamSpec *ps) {
  WeftSession *self = WEFT_SESSION(o);
  switch (id) {
  case PROP_VISIBLE_START: g_value_set_double(v, self->t0); break;
  case PROP_VISIBLE_END: g_value_set_double(v, self->t1); break;
  case PROP_SELECTED: g_value_set_uint(v, self->selected); break;
  case PROP_PLAYHEAD: g_value_set_uint(v, self->playhead); break;
  case PROP_ARROWS: g_value_set_uint(v, self->arrows); break;
  case PROP_TEXT_SCALE: g_value_set_double(v, self->text_scale); break;
  case PROP_MODEL: g_value_set_pointer(v, (gpointer)self->model); break;
  case PROP_ROWS: g_value_set_pointer(v, self->rows); break;
  case PROP_ARROWS_SCOPE: g_value_set_uint64(v, (uint64_t)self->arrows_thread << 32 | self->arrows_object); break;
  case PROP_FOLD_IDLE: g_value_set_boolean(v, self->fold_idle); break;
  case PROP_GROUP_LANES: g_value_set_boolean(v, self->group_lanes); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
  }
}

static void weft_session_set_property(GObject *o, guint id, const GValue *v, GParamSpec *ps) {
  WeftSession *self = WEFT_SESSION(o);
  switch (id) {
  case PROP_VISIBLE_START: weft_session_set_visible(self, g_value_get_double(v), self->t1); break;
  case PROP_VISIBLE_END: weft_session_set_visible(self, self->t0, g_value_get_double(v)); break;
  case PROP_SELECTED: weft_session_set_selected(self, g_value_get_uint(v)); break;
  case PROP_PLAYHEAD: weft_session_set_playhead(self, g_value_get_uint(v)); break;
  case PROP_ARROWS: weft_session_set_arrows(self, g_value_get_uint(v)); break;
  case PROP_TEXT_SCALE: weft_session_set_text_scale(self, g_value_get_double(v)); break;
  case PROP_MODEL: weft_session_set_model(self, g_value_get_pointer(v)); break;
  case PROP_FOLD_IDLE: weft_session_set_fold_idle(self, g_value_get_boolean(v)); break;
  case PROP_GROUP_LANES: weft_session_set_group_lanes(self, g_value_get_boolean(v)); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID(o, id, ps);
  }
}

static void rebuild_rows(WeftSession *self);

static void clear_lanes(WeftSession *self) {
  g_clear_pointer(&self->groups, weft_lane_groups_free);
  g_clear_pointer(&self->expanded, g_free);
  g_clear_pointer(&self->pinned, g_array_unref);
  g_clear_pointer(&self->hidden, g_free);
  g_clear_pointer(&self->lane_filter, g_free);
  g_clear_pointer(&self->rows, g_array_unref);
}

static void weft_session_finalize(GObject *o) {
  clear_lanes(WEFT_SESSION(o));
  g_clear_pointer(&WEFT_SESSION(o)->folds, weft_folds_free);
  G_OBJECT_CLASS(weft_session_parent_class)->finalize(o);
}

static void weft_session_class_init(WeftSessionClass *klass) {
  GObjectClass *oc = G_OBJECT_CLASS(klass);
  oc->get_property = weft_session_get_property;
  oc->set_property = weft_session_set_property;
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  props[PROP_VISIBLE_START] =
      g_param_spec_double("visible-start", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, f);
  props[PROP_VISIBLE_END] =
      g_param_spec_double("visible-end", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1000, f);
  props[PROP_SELECTED] =
      g_param_spec_uint("selected", NULL, NULL, 0, G_MAXUINT32, WEFT_NO_EVENT, f);
  props[PROP_PLAYHEAD] =
      g_param_spec_uint("playhead", NULL, NULL, 0, G_MAXUINT32, WEFT_NO_EVENT, f);
  props[PROP_ARROWS] =
      g_param_spec_uint("arrows", NULL, NULL, 0, WEFT_ARROWS_ALL, WEFT_ARROWS_ALL, f);
  props[PROP_TEXT_SCALE] = g_param_spec_double("text-scale", NULL, NULL, 0.75, 3.0, 1.0, f);
  props[PROP_MODEL] = g_param_spec_pointer("model", NULL, NULL, f);
  props[PROP_ROWS] = g_param_spec_pointer("rows", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* thread << 32 | object */
  props[PROP_ARROWS_SCOPE] = g_param_spec_uint64("arrows-scope", NULL, NULL, 0, G_MAXUINT64, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_FOLD_IDLE] = g_param_spec_boolean("fold-idle", NULL, NULL, FALSE, f);
  props[PROP_GROUP_LANES] = g_param_spec_boolean("group-lanes", NULL, NULL, FALSE, f);
  oc->finalize = weft_session_finalize;
  g_object_class_install_properties(oc, N_PROPS, props);
}

static void weft_session_init(WeftSession *self) {
  self->t1 = 1000;
  self->selected = self->playhead = WEFT_NO_EVENT;
  self->arrows = WEFT_ARROWS_ALL;
  self->text_scale = 1.0;
}

WeftSession *weft_session_new(void) { return g_object_new(WEFT_TYPE_SESSION, NULL); }

void weft_session_set_model(WeftSession *self, const WeftLaneModel *model) {
  g_object_freeze_notify(G_OBJECT(self));
  self->model = model;
  g_clear_pointer(&self->folds, weft_folds_free);
  clear_lanes(self);
  rebuild_rows(self); /* grouped, when grouping */
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_MODEL]);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ROWS]);
  weft_session_set_arrows_scope(self, 0, 0);
  weft_session_set_selected(self, WEFT_NO_EVENT);
  weft_session_set_playhead(self, WEFT_NO_EVENT);
  weft_session_set_arrows(self, WEFT_ARROWS_ALL);
  if (model) {
    double a, b;
    weft_lane_model_fit(model, &a, &b);
    weft_session_set_visible(self, a, b);
  }
  g_object_thaw_notify(G_OBJECT(self));
}

const WeftLaneModel *weft_session_get_model(WeftSession *self) { return self->model; }

void weft_session_set_visible(WeftSession *self, double t0, double t1) {
  if (!(t1 > t0) || !isfinite(t0) || !isfinite(t1))
    return;
  g_object_freeze_notify(G_OBJECT(self));
  if (t0 != self->t0) {
    self->t0 = t0;
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_VISIBLE_START]);
  }
  if (t1 != self->t1) {
    self->t1 = t1;
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_VISIBLE_END]);
  }
  g_object_thaw_notify(G_OBJECT(self));
}

void weft_session_get_visible(WeftSession *self, double *t0, double *t1) {
  *t0 = self->t0;
  *t1 = self->t1;
}

#define SETTER(name, field, type, prop)                                                            \
  void weft_session_set_##name(WeftSession *self, type v) {                                        \
    if (self->field == v)                                                                          \
      return;                                                                                      \
    self->field = v;                                                                               \
    g_object_notify_by_pspec(G_OBJECT(self), props[prop]);                                         \
  }                                                                                                \
  type weft_session_get_##name(WeftSession *self) { return self->field; }

SETTER(selected, selected, guint32, PROP_SELECTED)
SETTER(playhead, playhead, guint32, PROP_PLAYHEAD)
SETTER(arrows, arrows, unsigned, PROP_ARROWS)

void weft_session_set_text_scale(WeftSession *self, double scale) {
  scale = CLAMP(scale, 0.75, 3.0);
  if (scale == self->text_scale)
    return;
  self->text_scale = scale;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_TEXT_SCALE]);
}

double weft_session_get_text_scale(WeftSession *self) { return self->text_scale; }

/* ---- idle folding ---- */

void weft_session_set_fold_idle(WeftSession *self, gboolean fold) {
  fold = !!fold;
  if (fold == self->fold_idle)
    return;
  self->fold_idle = fold;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FOLD_IDLE]);
}

gboolean weft_session_get_fold_idle(WeftSession *self) { return self->fold_idle; }

const WeftFolds *weft_session_get_folds(WeftSession *self) {
  if (!self->fold_idle || !self->model)
    return NULL;
  if (!self->folds)
    self->folds = weft_folds_new(self->model);
  return self->folds;
}

/* ---- lanes ---- */

static gboolean lane_matches(WeftSession *self, size_t lane) {
  if (!self->lane_filter)
    return TRUE;
  const WeftLane *l = weft_lane_model_lane(self->model, lane);
  char label[160];
  weft_lane_model_thread_label(self->model, l->tid, label, sizeof label);
  const char *names[] = {label, l->thread ? l->thread->start_function : NULL};
  for (int i = 0; i < 2; i++)
    if (names[i]) {
      char *f = g_utf8_casefold(names[i], -1);
      gboolean hit = strstr(f, self->lane_filter) != NULL;
      g_free(f);
      if (hit)
        return TRUE;
    }
  return FALSE;
}

static gboolean is_pinned(WeftSession *self, uint32_t lane) {
  for (guint i = 0; self->pinned && i < self->pinned->len; i++)
    if (g_array_index(self->pinned, uint32_t, i) == lane)
      return TRUE;
  return FALSE;
}

static gboolean same_rows(GArray *a, GArray *b) {
  if (!a || !b)
    return a == b;
  return a->len == b->len && !memcmp(a->data, b->data, a->len * sizeof(uint32_t));
}

/* The model's groups, made when grouping first needs them (a model set
 * while grouping gets its own). */
static void ensure_groups(WeftSession *self) {
  if (!self->group_lanes || !self->model || self->groups)
    return;
  self->groups = weft_lane_groups_new(self->model); /* NULL: out of memory, no groups */
  self->expanded = g_new0(uint8_t, weft_lane_groups_count(self->groups) + 1);
}

/* A collapsed group's lane, or -1 when lane li shows on its own. */
static int collapsed_group(WeftSession *self, uint32_t li) {
  if (!self->group_lanes)
    return -1;
  int g = weft_lane_groups_of_lane(self->groups, li);
  return g >= 0 && !self->expanded[g] ? g : -1;
}

static void rebuild_rows(WeftSession *self) {
  ensure_groups(self);
  GArray *old = self->rows;
  self->rows = NULL;
  if (self->model && ((self->pinned && self->pinned->len) || self->hidden || self->lane_filter ||
                      (self->group_lanes && weft_lane_groups_count(self->groups)))) {
    size_t n = weft_lane_model_lane_count(self->model);
    self->rows = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    for (guint i = 0; self->pinned && i < self->pinned->len; i++)
      g_array_append_val(self->rows, g_array_index(self->pinned, uint32_t, i));
    gboolean grouped = FALSE;
    uint8_t *placed = self->group_lanes ? g_new0(uint8_t, weft_lane_groups_count(self->groups) + 1) : NULL;
    for (uint32_t li = 0; li < n; li++) {
      if (is_pinned(self, li) || (self->hidden && self->hidden[li]) || !lane_matches(self, li))
        continue;
      int g = collapsed_group(self, li);
      uint32_t row = g >= 0 ? WEFT_ROW_GROUP | (uint32_t)g : li;
      if (g >= 0 && placed[g])
        continue; /* one row for the group, where its first shown thread is */
      if (g >= 0)
        placed[g] = 1, grouped = TRUE;
      g_array_append_val(self->rows, row);
    }
    g_free(placed);
    if (self->rows->len == n && !(self->pinned && self->pinned->len) && !grouped)
      g_clear_pointer(&self->rows, g_array_unref); /* every lane, in order */
  }
  gboolean changed = !same_rows(old, self->rows);
  if (old)
    g_array_unref(old);
  if (changed)
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ROWS]);
}

const uint32_t *weft_session_get_rows(WeftSession *self, size_t *n) {
  *n = self->rows ? self->rows->len : 0;
  return self->rows ? (const uint32_t *)(void *)self->rows->data : NULL;
}

void weft_session_hide_lane(WeftSession *self, uint32_t lane) {
  if (!self->model || lane >= weft_lane_model_lane_count(self->model))
    return;
  if (!self->hidden)
    self->hidden = g_new0(uint8_t, weft_lane_model_lane_count(self->model));
  self->hidden[lane] = 1;
  if (is_pinned(self, lane))
    weft_session_pin_lane(self, lane); /* unpinned, and rebuilt */
  else
    rebuild_rows(self);
}

void weft_session_pin_lane(WeftSession *self, uint32_t lane) {
  if (!self->model || lane >= weft_lane_model_lane_count(self->model))
    return;
  if (!self->pinned)
    self->pinned = g_array_new(FALSE, FALSE, sizeof(uint32_t));
  for (guint i = 0; i < self->pinned->len; i++)
    if (g_array_index(self->pinned, uint32_t, i) == lane) {
      g_array_remove_index(self->pinned, i);
      rebuild_rows(self);
      return;
    }
  if (self->hidden)
    self->hidden[lane] = 0;
  g_array_append_val(self->pinned, lane);
  rebuild_rows(self);
}

void weft_session_show_all_lanes(WeftSession *self) {
  g_clear_pointer(&self->hidden, g_free);
  g_clear_pointer(&self->lane_filter, g_free);
  rebuild_rows(self);
}

void weft_session_set_lane_filter(WeftSession *self, const char *text) {
  g_clear_pointer(&self->lane_filter, g_free);
  if (text && *text)
    self->lane_filter = g_utf8_casefold(text, -1);
  rebuild_rows(self);
}

void weft_session_set_arrows_scope(WeftSession *self, uint32_t thread, uint32_t object) {
  if (thread == self->arrows_thread && object == self->arrows_object)
    return;
  self->arrows_thread = thread;
  self->arrows_object = object;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_ARROWS_SCOPE]);
}

void weft_session_get_arrows_scope(WeftSession *self, uint32_t *thread, uint32_t *object) {
  *thread = self->arrows_thread;
  *object = self->arrows_object;
}

/* ---- groups of lanes ---- */

void weft_session_set_group_lanes(WeftSession *self, gboolean group) {
  group = !!group;
  if (group == self->group_lanes)
    return;
  self->group_lanes = group;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_GROUP_LANES]);
  rebuild_rows(self);
}

gboolean weft_session_get_group_lanes(WeftSession *self) { return self->group_lanes; }

const WeftLaneGroups *weft_session_get_groups(WeftSession *self) {
  ensure_groups(self);
  return self->group_lanes ? self->groups : NULL;
}

void weft_session_toggle_group(WeftSession *self, guint group) {
  if (!self->group_lanes || group >= weft_lane_groups_count(self->groups))
    return;
  self->expanded[group] = !self->expanded[group];
  rebuild_rows(self);
}

int weft_session_group_of_lane(WeftSession *self, uint32_t lane) {
  return self->group_lanes ? weft_lane_groups_of_lane(self->groups, lane) : -1;
}
