/* weft-waitgraph.c: the wait-for graph at one moment, laid out and drawn. */
#include "weft-pango.h"
#include "weft-waitgraph.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-render.h"
#include "weft-viewer-private.h"

#define FONT_FAMILY "Cantarell, Inter, Noto Sans, DejaVu Sans, sans-serif"
#define MAX_NODES 160
#define GROUP_MIN 4 /* this many leaf waiters alike become one node */

/* ---- building ---- */

static ptrdiff_t find_node(const WeftWaitGraph *g, WeftNodeKind kind, uint32_t id,
                           WeftLaneState state) {
  for (size_t i = 0; i < g->nnodes; i++)
    if (g->nodes[i].kind == kind && g->nodes[i].id == id &&
        (kind != WEFT_NODE_GROUP || g->nodes[i].state == state))
      return (ptrdiff_t)i;
  return -1;
}

ptrdiff_t weft_wait_graph_find(const WeftWaitGraph *g, WeftNodeKind kind, uint32_t id) {
  for (size_t i = 0; i < g->nnodes; i++)
    if (g->nodes[i].kind == kind && g->nodes[i].id == id)
      return (ptrdiff_t)i;
  return -1;
}

static ptrdiff_t node(WeftWaitGraph *g, WeftNodeKind kind, uint32_t id, WeftLaneState state) {
  ptrdiff_t n = find_node(g, kind, id, state);
  if (n >= 0)
    return n;
  if (g->nnodes >= MAX_NODES) {
    g->hidden++;
    return -1;
  }
  g->nodes[g->nnodes] =
      (WeftGraphNode){kind, id, kind == WEFT_NODE_OBJECT ? 0 : 1, state, false, 0, 0, 0, 0};
  return (ptrdiff_t)g->nnodes++;
}

static ptrdiff_t edge(WeftWaitGraph *g, ptrdiff_t from, ptrdiff_t to, WeftEdgeKind kind) {
  if (from < 0 || to < 0 || from == to)
    return -1;
  for (size_t i = 0; i < g->nedges; i++)
    if (g->edges[i].from == (uint32_t)from && g->edges[i].to == (uint32_t)to)
      return (ptrdiff_t)i;
  if (g->nedges >= MAX_NODES * 2)
    return -1;
  g->edges[g->nedges] = (WeftGraphEdge){(uint32_t)from, (uint32_t)to, kind, false};
  return (ptrdiff_t)g->nedges++;
}

static WeftLaneState state_of(const WeftWorld *w, uint32_t tid) {
  for (size_t i = 0; i < w->nwaiting; i++)
    if (w->waiting[i].tid == tid)
      return w->waiting[i].state;
  return WEFT_STATE_RUNNING;
}

static bool blocks(WeftLaneState s) {
  return s != WEFT_STATE_NONE && s != WEFT_STATE_RUNNING && s != WEFT_STATE_SLEEP;
}

static bool in_reported_deadlock(const WeftLaneModel *m, uint64_t t, uint32_t tid) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(weft_lane_model_trace(m), &nev);
  for (size_t d = 0; d < weft_lane_model_deadlock_count(m); d++) {
    const WeftLaneDeadlock *dl = weft_lane_model_deadlock(m, d);
    if (dl->event < nev && ev[dl->event].time <= t)
      for (size_t i = 0; i < dl->nthreads; i++)
        if (dl->threads[i] == tid)
          return true;
  }
  return false;
}

/* What a waiter waits for: an object id, or a thread id for a join. */
static uint32_t wait_target(const WeftWaiting *wt) {
  return wt->state == WEFT_STATE_JOIN ? wt->target : wt->object;
}

void weft_wait_graph_build(const WeftLaneModel *m, const WeftWorld *w, WeftWaitGraph *g) {
  memset(g, 0, sizeof *g);
  g->nodes = calloc(MAX_NODES, sizeof *g->nodes);
  g->edges = calloc(MAX_NODES * 2, sizeof *g->edges);
  if (!g->nodes || !g->edges) {
    weft_wait_graph_clear(g);
    return;
  }
  const WeftTrace *t = weft_lane_model_trace(m);
  /* A waiter is a leaf if nothing waits for it: it holds no lock and nobody
   * joins it. Leaves that wait alike are grouped. */
  bool *leaf = calloc(w->nwaiting ? w->nwaiting : 1, sizeof *leaf);
  unsigned *alike = calloc(w->nwaiting ? w->nwaiting : 1, sizeof *alike);
  if (!leaf || !alike) {
    free(leaf), free(alike);
    weft_wait_graph_clear(g);
    return;
  }
  for (size_t i = 0; i < w->nwaiting; i++) {
    const WeftWaiting *wt = &w->waiting[i];
    leaf[i] = blocks(wt->state) && !in_reported_deadlock(m, w->time, wt->tid);
    for (size_t j = 0; j < w->nheld && leaf[i]; j++)
      if (w->held[j].holder == wt->tid)
        leaf[i] = false;
    for (size_t j = 0; j < w->nwaiting && leaf[i]; j++)
      if (w->waiting[j].state == WEFT_STATE_JOIN && w->waiting[j].target == wt->tid)
        leaf[i] = false;
  }
  for (size_t i = 0; i < w->nwaiting; i++)
    for (size_t j = 0; j < w->nwaiting; j++)
      if (leaf[i] && leaf[j] && w->waiting[i].state == w->waiting[j].state &&
          wait_target(&w->waiting[i]) == wait_target(&w->waiting[j]))
        alike[i]++;

  for (size_t i = 0; i < w->nwaiting; i++) {
    const WeftWaiting *wt = &w->waiting[i];
    if (!blocks(wt->state))
      continue;
    uint32_t target = wait_target(wt);
    ptrdiff_t from;
    if (leaf[i] && alike[i] >= GROUP_MIN && target) {
      from = find_node(g, WEFT_NODE_GROUP, target, wt->state);
      if (from >= 0) {
        g->nodes[from].count++;
        continue;
      }
      from = node(g, WEFT_NODE_GROUP, target, wt->state);
      if (from >= 0)
        g->nodes[from].id = target; /* keyed by what the group waits for */
    } else {
      from = node(g, WEFT_NODE_THREAD, wt->tid, wt->state);
    }
    if (!target)
      continue;
    ptrdiff_t to = wt->state == WEFT_STATE_JOIN
                       ? node(g, WEFT_NODE_THREAD, target, state_of(w, target))
                       : node(g, WEFT_NODE_OBJECT, target, WEFT_STATE_NONE);
    edge(g, from, to, WEFT_EDGE_WAITS);
  }
  free(leaf), free(alike);
  for (size_t i = 0; i < w->nheld; i++) {
    const WeftHeld *h = &w->held[i];
    ptrdiff_t o = node(g, WEFT_NODE_OBJECT, h->object, WEFT_STATE_NONE);
    if (o < 0)
      continue;
    if (h->holder)
      edge(g, o, node(g, WEFT_NODE_THREAD, h->holder, state_of(w, h->holder)), WEFT_EDGE_HELD_BY);
    else
      g->nodes[o].count = h->readers;
  }

  /* The deadlocks the tracer reported: their waits, even if the world does
   * not show the last one yet. */
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t d = 0; d < weft_lane_model_deadlock_count(m); d++) {
    const WeftLaneDeadlock *dl = weft_lane_model_deadlock(m, d);
    if (dl->event >= nev || ev[dl->event].time > w->time)
      continue;
    for (size_t i = 0; i < dl->nthreads; i++) {
      WeftLaneState st = state_of(w, dl->threads[i]);
      ptrdiff_t tn = node(g, WEFT_NODE_THREAD, dl->threads[i], st);
      if (tn < 0)
        continue;
      g->nodes[tn].deadlock = true;
      /* What it waits for: the wait that made its lane red (the tracer
       * leaves joins out of its objects, so they align only when all are
       * there). */
      uint32_t obj = dl->nobjects == dl->nthreads ? dl->objects[i] : 0, joined = 0;
      int li = weft_lane_model_lane_of(m, dl->threads[i]);
      if (li >= 0) {
        const WeftLane *l = weft_lane_model_lane(m, (size_t)li);
        ptrdiff_t seg = l->deadlock_from != UINT64_MAX ? weft_lane_segment_at(l, l->deadlock_from)
                                                       : -1;
        if (seg >= 0 && l->seg_state[seg] != WEFT_STATE_RUNNING) {
          const WeftEvent *e = &ev[weft_lane_segment_event(m, l, (size_t)seg)];
          if (e->type == WEFT_EV_JOIN_BEGIN)
            joined = (uint32_t)e->arg, obj = 0;
          else if (e->object)
            obj = e->object;
        }
      }
      ptrdiff_t to = -1;
      if (joined) {
        to = node(g, WEFT_NODE_THREAD, joined, state_of(w, joined));
        if (g->nodes[tn].state == WEFT_STATE_RUNNING)
          g->nodes[tn].state = WEFT_STATE_JOIN;
      } else if (obj) {
        to = node(g, WEFT_NODE_OBJECT, obj, WEFT_STATE_NONE);
        if (g->nodes[tn].state == WEFT_STATE_RUNNING) {
          const WeftObject *o = weft_trace_object(t, obj);
          g->nodes[tn].state = o && o->kind == WEFT_OBJ_RWLOCK      ? WEFT_STATE_RWLOCK
                               : o && o->kind == WEFT_OBJ_SEMAPHORE ? WEFT_STATE_SEMAPHORE
                               : o && o->kind == WEFT_OBJ_CHANNEL   ? WEFT_STATE_CHAN_RECV
                                                                    : WEFT_STATE_MUTEX;
        }
      } else if (dl->kind == WEFT_DEADLOCK_JOIN_CYCLE && dl->nthreads > 1) {
        uint32_t next = dl->threads[(i + 1) % dl->nthreads];
        to = node(g, WEFT_NODE_THREAD, next, state_of(w, next));
        if (g->nodes[tn].state == WEFT_STATE_RUNNING)
          g->nodes[tn].state = WEFT_STATE_JOIN;
      }
      ptrdiff_t e = edge(g, tn, to, WEFT_EDGE_WAITS);
      if (e >= 0)
        g->edges[e].deadlock = true;
    }
  }

  /* A cycle of waits and holds is a deadlock, reported or not. */
  ptrdiff_t *succ = malloc((g->nnodes ? g->nnodes : 1) * sizeof *succ);
  if (succ) {
    for (size_t i = 0; i < g->nnodes; i++)
      succ[i] = -1;
    for (size_t i = 0; i < g->nedges; i++)
      if (succ[g->edges[i].from] < 0)
        succ[g->edges[i].from] = g->edges[i].to;
    for (size_t i = 0; i < g->nnodes; i++) {
      ptrdiff_t n = succ[i];
      for (size_t k = 0; k < g->nnodes && n >= 0 && (size_t)n != i; k++)
        n = succ[n];
      if (n >= 0 && (size_t)n == i) {
        g->nodes[i].deadlock = true;
        for (size_t e = 0; e < g->nedges; e++)
          if (g->edges[e].from == i && (ptrdiff_t)g->edges[e].to == succ[i])
            g->edges[e].deadlock = true;
      }
    }
    free(succ);
  }
  /* Held-by edges into a deadlocked thread from a lock some deadlocked
   * thread waits for close the cycle the tracer reported. */
  for (size_t e = 0; e < g->nedges; e++) {
    WeftGraphEdge *ed = &g->edges[e];
    if (ed->kind != WEFT_EDGE_HELD_BY || !g->nodes[ed->to].deadlock)
      continue;
    for (size_t f = 0; f < g->nedges; f++)
      if (g->edges[f].to == ed->from && g->edges[f].deadlock)
        ed->deadlock = g->nodes[ed->from].deadlock = true;
  }
  for (size_t i = 0; i < g->nnodes; i++)
    if (g->nodes[i].deadlock && g->nodes[i].kind == WEFT_NODE_THREAD)
      g->ndeadlocked++;
}

void weft_wait_graph_clear(WeftWaitGraph *g) {
  free(g->nodes);
  free(g->edges);
  memset(g, 0, sizeof *g);
}

/* ---- text ---- */

typedef struct {
  cairo_surface_t *scratch;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *bold, *small;
} Text;

static void text_init(Text *t, cairo_t *cr, double scale) {
  t->scratch = NULL;
  if (!cr) {
    t->scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cr = cairo_create(t->scratch);
  } else {
    cairo_reference(cr);
  }
  t->cr = cr;
  t->layout = pango_cairo_create_layout(cr);
  t->bold = pango_font_description_from_string(FONT_FAMILY);
  pango_font_description_set_absolute_size(t->bold, 12 * scale * PANGO_SCALE);
  pango_font_description_set_weight(t->bold, PANGO_WEIGHT_SEMIBOLD);
  t->small = pango_font_description_from_string(FONT_FAMILY);
  pango_font_description_set_absolute_size(t->small, 10.5 * scale * PANGO_SCALE);
}

static void text_free(Text *t) {
  g_object_unref(t->layout);
  pango_font_description_free(t->bold);
  pango_font_description_free(t->small);
  cairo_destroy(t->cr);
  if (t->scratch)
    cairo_surface_destroy(t->scratch);
}

static void text_set(Text *t, const PangoFontDescription *font, const char *s, double max_w,
                     double *w, double *h) {
  weft_layout_set(t->layout, font, s, max_w, w, h);
}

static void text_show(Text *t, double x, double y) {
  weft_layout_show(t->cr, t->layout, x, y);
}

/* A node's two lines: its name, and what it is or does. */
static void node_lines(const WeftLaneModel *m, const WeftWorld *w, const WeftGraphNode *n,
                       char *l1, size_t s1, char *l2, size_t s2) {
  const WeftTrace *t = weft_lane_model_trace(m);
  if (n->kind == WEFT_NODE_THREAD) {
    weft_lane_model_thread_label(m, n->id, l1, s1);
    snprintf(l2, s2, "%s", weft_lane_state_name(n->state));
    return;
  }
  if (n->kind == WEFT_NODE_GROUP) {
    snprintf(l1, s1, g_dngettext(GETTEXT_PACKAGE, "%u thread", "%u threads", n->count), n->count);
    snprintf(l2, s2, "%s", weft_lane_state_name(n->state));
    return;
  }
  const WeftObject *o = weft_trace_object(t, n->id);
  snprintf(l1, s1, "%s", o ? o->name : "?");
  const char *kind = o ? weft_object_kind_name(o->kind) : "?";
  const WeftChanState *c = NULL;
  for (size_t i = 0; w && i < w->nchans; i++)
    if (w->chans[i].object == n->id)
      c = &w->chans[i];
  if (c && c->capacity > 0)
    snprintf(l2, s2, "%s · %llu/%lld", kind, (unsigned long long)c->count,
             (long long)c->capacity);
  else if (c && c->capacity == 0)
    snprintf(l2, s2, "%s · %s", kind, _("unbuffered"));
  else if (n->count) /* an rwlock held by readers */
    snprintf(l2, s2,
             g_dngettext(GETTEXT_PACKAGE, "%s · %u reader", "%s · %u readers", n->count), kind,
             n->count);
  else
    snprintf(l2, s2, "%s", kind);
}

/* ---- layout ---- */

typedef struct {
  WeftWaitGraph *g;
  ptrdiff_t *succ;
  bool *cyc;
  size_t *comp;      /* component representative */
  ptrdiff_t *first_child, *next_sibling;
  double *sub_w;     /* width of the subtree hanging from a node */
  int *depth;        /* steps to the core (root or cycle) */
  double hgap, vgap;
} Lay;

static size_t find_rep(size_t *p, size_t i) {
  while (p[i] != i)
    i = p[i] = p[p[i]];
  return i;
}

static double subtree_width(Lay *L, size_t n, int depth) {
  L->depth[n] = depth;
  double sum = 0;
  int k = 0;
  for (ptrdiff_t c = L->first_child[n]; c >= 0; c = L->next_sibling[c], k++)
    sum += subtree_width(L, (size_t)c, depth + 1) + (k ? L->hgap : 0);
  L->sub_w[n] = fmax(sum, L->g->nodes[n].w);
  return L->sub_w[n];
}

/* Places the subtree of n in [x, x + sub_w) with n's row at row_y[depth]. */
static void place_subtree(Lay *L, size_t n, double x, const double *row_y, int max_depth,
                          double row_h) {
  WeftGraphNode *nd = &L->g->nodes[n];
  nd->x = x + (L->sub_w[n] - nd->w) / 2;
  nd->y = row_y[max_depth - L->depth[n]] + (row_h - nd->h) / 2;
  double sum = 0;
  int k = 0;
  for (ptrdiff_t c = L->first_child[n]; c >= 0; c = L->next_sibling[c], k++)
    sum += L->sub_w[c] + (k ? L->hgap : 0);
  double cx = x + (L->sub_w[n] - sum) / 2;
  for (ptrdiff_t c = L->first_child[n]; c >= 0; c = L->next_sibling[c]) {
    place_subtree(L, (size_t)c, cx, row_y, max_depth, row_h);
    cx += L->sub_w[c] + L->hgap;
  }
}

static void shift(WeftWaitGraph *g, const size_t *members, size_t n, double dx, double dy) {
  for (size_t i = 0; i < n; i++) {
    g->nodes[members[i]].x += dx;
    g->nodes[members[i]].y += dy;
  }
}

/* Lays out one component; its nodes end up in [0, *w) x [0, *h). */
static void layout_component(Lay *L, const size_t *members, size_t nm, double *cw, double *ch) {
  WeftWaitGraph *g = L->g;
  size_t ncyc = 0;
  for (size_t i = 0; i < nm; i++)
    ncyc += L->cyc[members[i]];
  /* roots of the trees: a node without a successor, or any node of the cycle */
  double row_h = 0;
  for (size_t i = 0; i < nm; i++)
    row_h = fmax(row_h, g->nodes[members[i]].h);
  int max_depth = 0;
  double forest_w = 0;
  size_t nroots = 0;
  for (size_t i = 0; i < nm; i++) {
    size_t n = members[i];
    bool root = ncyc ? L->cyc[n] : L->succ[n] < 0;
    if (!root)
      continue;
    double w = subtree_width(L, n, 0);
    if (ncyc) { /* the cycle node itself goes on the circle, not in the forest */
      double sum = 0;
      int k = 0;
      for (ptrdiff_t c = L->first_child[n]; c >= 0; c = L->next_sibling[c], k++)
        sum += L->sub_w[c] + (k ? L->hgap : 0);
      w = sum;
    }
    if (w > 0)
      forest_w += w + (nroots++ ? L->hgap : 0);
  }
  for (size_t i = 0; i < nm; i++)
    if (L->depth[members[i]] > max_depth)
      max_depth = L->depth[members[i]];
  if (!ncyc) {
    double row_y[max_depth + 1];
    for (int r = 0; r <= max_depth; r++)
      row_y[r] = r * (row_h + L->vgap);
    double x = 0;
    for (size_t i = 0; i < nm; i++)
      if (L->succ[members[i]] < 0) {
        place_subtree(L, members[i], x, row_y, max_depth, row_h);
        x += L->sub_w[members[i]] + L->hgap;
      }
    *cw = fmax(x - L->hgap, 0);
    *ch = (max_depth + 1) * row_h + max_depth * L->vgap;
    return;
  }
  /* The cycle on a circle, clockwise from the top, in the order of waits. */
  size_t start = SIZE_MAX;
  for (size_t i = 0; i < nm && start == SIZE_MAX; i++)
    if (L->cyc[members[i]] && g->nodes[members[i]].kind == WEFT_NODE_THREAD)
      start = members[i];
  for (size_t i = 0; i < nm && start == SIZE_MAX; i++)
    if (L->cyc[members[i]])
      start = members[i];
  double perim = 0, maxw = 0, maxh = 0;
  for (size_t i = 0; i < nm; i++)
    if (L->cyc[members[i]]) {
      perim += g->nodes[members[i]].w * 0.75 + L->hgap;
      maxw = fmax(maxw, g->nodes[members[i]].w);
      maxh = fmax(maxh, g->nodes[members[i]].h);
    }
  /* an ellipse, wider than high: the boxes are wider than high, and the
   * edges between neighbours stay long enough to show their dashes */
  double R = fmax(perim / (2 * M_PI), maxh + L->vgap * 1.3), Rx = R + maxw * 0.4;
  if (ncyc == 2)
    R = maxh / 2 + L->vgap * 1.2, Rx = 0;
  double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
  for (int tries = 0; tries < 40; tries++) {
    size_t n = start;
    for (size_t k = 0; k < ncyc; k++) {
      double a = -M_PI / 2 + 2 * M_PI * (double)k / (double)ncyc;
      WeftGraphNode *nd = &g->nodes[n];
      nd->x = Rx * cos(a) - nd->w / 2;
      nd->y = R * sin(a) - nd->h / 2;
      n = (size_t)L->succ[n];
    }
    /* neighbours must stay apart by an arrow's length */
    double worst = INFINITY;
    n = start;
    for (size_t k = 0; k < ncyc; k++) {
      const WeftGraphNode *a = &g->nodes[n], *b = &g->nodes[L->succ[n]];
      double gx = fabs((a->x + a->w / 2) - (b->x + b->w / 2)) - (a->w + b->w) / 2;
      double gy = fabs((a->y + a->h / 2) - (b->y + b->h / 2)) - (a->h + b->h) / 2;
      worst = fmin(worst, fmax(gx, gy));
      n = (size_t)L->succ[n];
    }
    if (worst >= L->vgap * 0.8 || ncyc < 3)
      break;
    R *= 1.08, Rx *= 1.08;
  }
  for (size_t i = 0; i < nm; i++)
    if (L->cyc[members[i]]) {
      const WeftGraphNode *nd = &g->nodes[members[i]];
      minx = fmin(minx, nd->x), maxx = fmax(maxx, nd->x + nd->w);
      miny = fmin(miny, nd->y), maxy = fmax(maxy, nd->y + nd->h);
    }
  /* the trees that hang from the cycle, above it */
  double top = 0;
  if (forest_w > 0) {
    double row_y[max_depth + 1];
    for (int r = 0; r <= max_depth; r++)
      row_y[r] = r * (row_h + L->vgap);
    double cyc_w = maxx - minx;
    double x = minx + (cyc_w - forest_w) / 2;
    double fy = miny - max_depth * (row_h + L->vgap); /* row max_depth - 1 sits above the circle */
    for (size_t i = 0; i < nm; i++) {
      size_t r = members[i];
      if (!L->cyc[r])
        continue;
      for (ptrdiff_t c = L->first_child[r]; c >= 0; c = L->next_sibling[c]) {
        place_subtree(L, (size_t)c, x, row_y, max_depth, row_h);
        x += L->sub_w[c] + L->hgap;
      }
    }
    for (size_t i = 0; i < nm; i++)
      if (!L->cyc[members[i]]) {
        g->nodes[members[i]].y += fy - L->vgap * 0.5;
        minx = fmin(minx, g->nodes[members[i]].x);
        maxx = fmax(maxx, g->nodes[members[i]].x + g->nodes[members[i]].w);
        top = fmin(top, g->nodes[members[i]].y);
      }
    miny = fmin(miny, top);
  }
  shift(g, members, nm, -minx, -miny);
  *cw = maxx - minx;
  *ch = maxy - miny;
}

static int comp_cmp(const void *a, const void *b) {
  const double *x = a, *y = b; /* {key, index} */
  return x[0] < y[0] ? -1 : x[0] > y[0];
}

void weft_wait_graph_layout(WeftWaitGraph *g, const WeftLaneModel *m, const WeftWorld *w,
                            double scale) {
  g->width = g->height = 0;
  size_t N = g->nnodes;
  if (!N)
    return;
  Text tx;
  text_init(&tx, NULL, scale);
  double pad = 8 * scale;
  for (size_t i = 0; i < N; i++) {
    char l1[128], l2[128];
    node_lines(m, w, &g->nodes[i], l1, sizeof l1, l2, sizeof l2);
    double w1, h1, w2, h2;
    text_set(&tx, tx.bold, l1, 170 * scale, &w1, &h1);
    text_set(&tx, tx.small, l2, 170 * scale, &w2, &h2);
    g->nodes[i].w = fmax(w1, w2) + 2 * pad + (g->nodes[i].kind == WEFT_NODE_OBJECT ? 10 * scale : 0);
    g->nodes[i].h = h1 + h2 + pad;
    g->nodes[i].x = g->nodes[i].y = 0;
  }
  text_free(&tx);

  Lay L = {g, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 16 * scale, 34 * scale};
  L.succ = malloc(N * sizeof *L.succ);
  L.cyc = calloc(N, sizeof *L.cyc);
  L.comp = malloc(N * sizeof *L.comp);
  L.first_child = malloc(N * sizeof *L.first_child);
  L.next_sibling = malloc(N * sizeof *L.next_sibling);
  L.sub_w = calloc(N, sizeof *L.sub_w);
  L.depth = calloc(N, sizeof *L.depth);
  size_t *members = malloc(N * sizeof *members);
  double *order = malloc(N * 2 * sizeof *order);
  if (!L.succ || !L.cyc || !L.comp || !L.first_child || !L.next_sibling || !L.sub_w || !L.depth ||
      !members || !order)
    goto out;
  for (size_t i = 0; i < N; i++) {
    L.succ[i] = -1;
    L.comp[i] = i;
    L.first_child[i] = L.next_sibling[i] = -1;
  }
  for (size_t e = 0; e < g->nedges; e++) {
    size_t a = g->edges[e].from, b = g->edges[e].to;
    if (L.succ[a] < 0)
      L.succ[a] = (ptrdiff_t)b;
    L.comp[find_rep(L.comp, a)] = find_rep(L.comp, b);
  }
  for (size_t i = 0; i < N; i++) {
    ptrdiff_t n = L.succ[i];
    for (size_t k = 0; k < N && n >= 0 && (size_t)n != i; k++)
      n = L.succ[n];
    L.cyc[i] = n >= 0 && (size_t)n == i;
  }
  /* children in reverse so that siblings keep the nodes' order */
  for (size_t i = N; i-- > 0;)
    if (L.succ[i] >= 0 && !L.cyc[i]) {
      L.next_sibling[i] = L.first_child[L.succ[i]];
      L.first_child[L.succ[i]] = (ptrdiff_t)i;
    }
  /* Components: cycles first, then the largest; lone nodes flow in rows. */
  size_t ncomp = 0;
  for (size_t i = 0; i < N; i++) {
    if (find_rep(L.comp, i) != i)
      continue;
    size_t size = 0, cyc = 0;
    for (size_t j = 0; j < N; j++)
      if (find_rep(L.comp, j) == i)
        size++, cyc += L.cyc[j];
    order[2 * ncomp] = (cyc ? -1e9 : 0) - (double)size * 1000 + (double)i / (double)N;
    order[2 * ncomp + 1] = (double)i;
    ncomp++;
  }
  qsort(order, ncomp, 2 * sizeof *order, comp_cmp);
  double y = 0, width = 0, gap = 22 * scale;
  double flow_x = 0, flow_y = 0, flow_h = 0, flow_max = 320 * scale;
  /* the width lone nodes may fill: the widest component, at least flow_max */
  size_t nlone = 0;
  for (size_t c = 0; c < ncomp; c++) {
    size_t rep = (size_t)order[2 * c + 1], nm = 0;
    for (size_t j = 0; j < N; j++)
      if (find_rep(L.comp, j) == rep)
        members[nm++] = j;
    if (nm == 1) {
      nlone++;
      continue;
    }
    double cw, ch;
    layout_component(&L, members, nm, &cw, &ch);
    shift(g, members, nm, 0, y);
    for (size_t j = 0; j < nm; j++)
      g->nodes[members[j]].x -= cw / 2; /* centred on x = 0 for now */
    y += ch + gap;
    width = fmax(width, cw);
  }
  flow_max = fmax(flow_max, width);
  flow_y = y;
  if (nlone) {
    for (size_t c = 0; c < ncomp; c++) {
      size_t rep = (size_t)order[2 * c + 1], nm = 0;
      for (size_t j = 0; j < N; j++)
        if (find_rep(L.comp, j) == rep)
          nm++;
      if (nm != 1)
        continue;
      WeftGraphNode *nd = &g->nodes[rep];
      if (flow_x > 0 && flow_x + nd->w > flow_max) {
        flow_y += flow_h + L.hgap;
        flow_x = flow_h = 0;
      }
      nd->x = flow_x - flow_max / 2;
      nd->y = flow_y;
      flow_x += nd->w + L.hgap;
      flow_h = fmax(flow_h, nd->h);
      width = fmax(width, flow_x - L.hgap);
    }
    y = flow_y + flow_h + gap;
  }
  /* from centred on 0 to [0, width) */
  double minx = INFINITY;
  for (size_t i = 0; i < N; i++)
    minx = fmin(minx, g->nodes[i].x);
  double maxx = -INFINITY;
  for (size_t i = 0; i < N; i++) {
    g->nodes[i].x -= minx;
    maxx = fmax(maxx, g->nodes[i].x + g->nodes[i].w);
  }
  g->width = maxx;
  g->height = y - gap;
out:
  free(L.succ), free(L.cyc), free(L.comp), free(L.first_child), free(L.next_sibling);
  free(L.sub_w), free(L.depth), free(members), free(order);
}

/* ---- drawing ---- */

typedef struct {
  WeftRgb bg, fg, dim, node_bg, edge;
} Palette;

static Palette palette(bool dark) {
  if (dark)
    return (Palette){{0.14, 0.14, 0.16}, {0.92, 0.92, 0.94}, {0.62, 0.62, 0.67},
                     {0.22, 0.22, 0.25}, {0.75, 0.75, 0.80}};
  return (Palette){{1, 1, 1}, {0.13, 0.13, 0.16}, {0.42, 0.42, 0.47}, {0.93, 0.93, 0.95},
                   {0.30, 0.30, 0.35}};
}

static void rgb(cairo_t *cr, WeftRgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

static bool light(WeftRgb c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 0.55; }

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r) {
  r = fmin(r, fmin(w, h) / 2);
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

/* Where the segment from a box's centre towards (dx, dy) leaves the box. */
static void border_point(const WeftGraphNode *n, double dx, double dy, double *x, double *y) {
  double cx = n->x + n->w / 2, cy = n->y + n->h / 2;
  double tx = dx != 0 ? (n->w / 2) / fabs(dx) : INFINITY;
  double ty = dy != 0 ? (n->h / 2) / fabs(dy) : INFINITY;
  double t = fmin(tx, ty);
  if (!isfinite(t))
    t = 0;
  *x = cx + dx * t;
  *y = cy + dy * t;
}

static void arrow_head(cairo_t *cr, double x, double y, double ux, double uy, double size) {
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x - ux * size - uy * size * 0.5, y - uy * size + ux * size * 0.5);
  cairo_line_to(cr, x - ux * size + uy * size * 0.5, y - uy * size - ux * size * 0.5);
  cairo_close_path(cr);
  cairo_fill(cr);
}

static void draw_edge(cairo_t *cr, const WeftWaitGraph *g, const WeftGraphEdge *e, double s,
                      Palette P, bool dark) {
  const WeftGraphNode *a = &g->nodes[e->from], *b = &g->nodes[e->to];
  double ax = a->x + a->w / 2, ay = a->y + a->h / 2, bx = b->x + b->w / 2, by = b->y + b->h / 2;
  double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
  if (len < 1)
    return;
  double x0, y0, x1, y1;
  border_point(a, dx, dy, &x0, &y0);
  border_point(b, -dx, -dy, &x1, &y1);
  double ux = dx / len, uy = dy / len;
  x0 += ux * 2 * s, y0 += uy * 2 * s, x1 -= ux * 3 * s, y1 -= uy * 3 * s;
  if (e->deadlock)
    rgb(cr, weft_deadlock_colour(dark));
  else
    rgb(cr, P.edge);
  cairo_set_line_width(cr, (e->deadlock ? 3 : 1.6) * s);
  if (e->kind == WEFT_EDGE_HELD_BY) {
    double dash[] = {5 * s, 3.5 * s};
    cairo_set_dash(cr, dash, 2, 0);
  }
  double head = (e->deadlock ? 11 : 9) * s;
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1 - ux * head * 0.8, y1 - uy * head * 0.8);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
  arrow_head(cr, x1, y1, ux, uy, head);
}

static void draw_node(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftWorld *w,
                      const WeftGraphNode *n, double s, Palette P, bool dark) {
  char l1[128], l2[128];
  node_lines(m, w, n, l1, sizeof l1, l2, sizeof l2);
  WeftRgb fill = n->kind == WEFT_NODE_OBJECT ? P.node_bg : weft_state_colour(n->state, dark);
  WeftRgb ink = n->kind == WEFT_NODE_OBJECT ? P.fg : light(fill) ? (WeftRgb){0.08, 0.08, 0.1}
                                                                 : (WeftRgb){1, 1, 1};
  double r = n->kind == WEFT_NODE_OBJECT ? n->h / 2 : 6 * s;
  if (n->kind == WEFT_NODE_GROUP) { /* a stack of cards */
    for (int k = 2; k >= 1; k--) {
      rounded(cr, n->x + 3 * k * s, n->y - 3 * k * s, n->w, n->h, r);
      cairo_set_source_rgba(cr, fill.r, fill.g, fill.b, 0.45 + 0.2 * (2 - k));
      cairo_fill(cr);
    }
  }
  rounded(cr, n->x, n->y, n->w, n->h, r);
  rgb(cr, fill);
  cairo_fill_preserve(cr);
  if (n->deadlock) {
    rgb(cr, weft_deadlock_colour(dark));
    cairo_set_line_width(cr, 3 * s);
  } else {
    rgb(cr, n->kind == WEFT_NODE_OBJECT ? P.dim : P.edge);
    cairo_set_line_width(cr, 1 * s);
  }
  cairo_stroke(cr);
  double pad = 8 * s + (n->kind == WEFT_NODE_OBJECT ? 5 * s : 0);
  double w1, h1, w2, h2;
  text_set(tx, tx->bold, l1, n->w - 2 * pad, &w1, &h1);
  text_set(tx, tx->small, l2, n->w - 2 * pad, &w2, &h2);
  double y = n->y + (n->h - h1 - h2) / 2;
  text_set(tx, tx->bold, l1, n->w - 2 * pad, &w1, &h1);
  rgb(cr, ink);
  text_show(tx, n->x + (n->w - w1) / 2, y);
  text_set(tx, tx->small, l2, n->w - 2 * pad, &w2, &h2);
  cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.8);
  text_show(tx, n->x + (n->w - w2) / 2, y + h1);
}

/* One row per channel: its name, its buffer as slots, who is blocked on it. */
static double draw_channels(cairo_t *cr, Text *tx, const WeftLaneModel *m, const WeftWorld *w,
                            double width, double y, double s, Palette P, bool dark) {
  if (!w->nchans)
    return y;
  const WeftTrace *t = weft_lane_model_trace(m);
  double th, tw;
  text_set(tx, tx->bold, _("Channels"), width, &tw, &th);
  if (cr) {
    rgb(cr, P.fg);
    text_show(tx, 0, y);
  }
  y += th + 6 * s;
  const size_t max_rows = 24;
  double name_w = fmin(110 * s, width * 0.35), slot = 13 * s, row = 20 * s;
  for (size_t i = 0; i < w->nchans && i < max_rows; i++) {
    const WeftChanState *c = &w->chans[i];
    const WeftObject *o = weft_trace_object(t, c->object);
    double h;
    text_set(tx, tx->small, o ? o->name : "?", name_w - 6 * s, &tw, &h);
    if (cr) {
      rgb(cr, P.fg);
      text_show(tx, 0, y + (row - h) / 2);
    }
    double x = name_w, bw;
    char info[160];
    info[0] = 0;
    if (c->capacity > 0) {
      double avail = fmax(width - name_w - 90 * s, 60 * s);
      bool slots = (double)c->capacity * (slot + 2 * s) <= avail;
      bw = slots ? (double)c->capacity * (slot + 2 * s) - 2 * s : avail;
      if (cr) {
        WeftRgb full = weft_state_colour(WEFT_STATE_CHAN_SEND, dark);
        if (slots) {
          for (int64_t k = 0; k < c->capacity; k++) {
            double sx = x + (double)k * (slot + 2 * s);
            cairo_rectangle(cr, sx + 0.5, y + 3 * s + 0.5, slot - 1, row - 6 * s - 1);
            if ((uint64_t)k < c->count) {
              rgb(cr, full);
              cairo_fill_preserve(cr);
            }
            rgb(cr, P.dim);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
          }
        } else {
          cairo_rectangle(cr, x + 0.5, y + 3 * s + 0.5, bw - 1, row - 6 * s - 1);
          rgb(cr, P.node_bg);
          cairo_fill_preserve(cr);
          rgb(cr, P.dim);
          cairo_set_line_width(cr, 1);
          cairo_stroke(cr);
          cairo_rectangle(cr, x + 1, y + 3 * s + 1,
                          (bw - 2) * (double)c->count / (double)c->capacity, row - 6 * s - 2);
          rgb(cr, full);
          cairo_fill(cr);
        }
      }
      snprintf(info, sizeof info, "%llu/%lld", (unsigned long long)c->count,
               (long long)c->capacity);
    } else if (c->capacity == 0) {
      bw = 0;
      snprintf(info, sizeof info, "%s", _("unbuffered"));
    } else {
      bw = 0;
      snprintf(info, sizeof info, _("capacity unknown · %llu sent, not yet received"),
               (unsigned long long)c->count);
    }
    size_t len = strlen(info);
    if (c->closed)
      len += (size_t)snprintf(info + len, sizeof info - len, " · %s", _("closed"));
    if (c->senders && len < sizeof info) {
      len += (size_t)snprintf(info + len, sizeof info - len, " · ");
      len += (size_t)snprintf(info + len, sizeof info - len,
                              g_dngettext(GETTEXT_PACKAGE, "%u sender blocked",
                                          "%u senders blocked", c->senders),
                              c->senders);
    }
    if (c->receivers && len < sizeof info) {
      len += (size_t)snprintf(info + len, sizeof info - len, " · ");
      snprintf(info + len, sizeof info - len,
               g_dngettext(GETTEXT_PACKAGE, "%u receiver blocked", "%u receivers blocked",
                           c->receivers),
               c->receivers);
    }
    double ix = x + bw + (bw > 0 ? 6 * s : 0);
    text_set(tx, tx->small, info, fmax(width - ix, 10), &tw, &h);
    if (cr) {
      rgb(cr, c->closed ? P.dim : P.fg);
      text_show(tx, ix, y + (row - h) / 2);
    }
    y += row;
  }
  if (w->nchans > max_rows) {
    char more[96];
    size_t k = w->nchans - max_rows;
    snprintf(more, sizeof more, g_dngettext(GETTEXT_PACKAGE, "and %zu more channel",
                                            "and %zu more channels", k),
             k);
    double h;
    text_set(tx, tx->small, more, width, &tw, &h);
    if (cr) {
      rgb(cr, P.dim);
      text_show(tx, 0, y);
    }
    y += h;
  }
  return y;
}

double weft_render_world(cairo_t *cr, const WeftLaneModel *m, const WeftWorld *w,
                         WeftWaitGraph *g, double width, double scale, bool dark) {
  double s = scale > 0 ? scale : 1;
  Palette P = palette(dark);
  Text tx;
  text_init(&tx, cr, s);
  double y = 0, tw, th;
  if (!g->nnodes) {
    text_set(&tx, tx.small, _("Nobody waits for anything, and no lock is held."), width, &tw, &th);
    if (cr) {
      rgb(cr, P.dim);
      text_show(&tx, 0, 0);
    }
    y = th + 10 * s;
  } else {
    double f = g->width > width ? width / g->width : 1;
    if (cr) {
      cairo_save(cr);
      cairo_translate(cr, (width - g->width * f) / 2, 4 * s);
      cairo_scale(cr, f, f);
      Palette Q = P;
      for (int pass = 0; pass < 2; pass++) /* deadlock edges on top */
        for (size_t e = 0; e < g->nedges; e++)
          if (g->edges[e].deadlock == (pass == 1))
            draw_edge(cr, g, &g->edges[e], s, Q, dark);
      for (size_t i = 0; i < g->nnodes; i++)
        draw_node(cr, &tx, m, w, &g->nodes[i], s, P, dark);
      cairo_restore(cr);
    }
    y = g->height * f + 14 * s;
    /* the key: a solid arrow waits, a dashed one is held by */
    double x = 0, kh;
    text_set(&tx, tx.small, _("waits for"), 0, &tw, &kh);
    const char *keys[3] = {_("waits for"), _("held by"), _("deadlock")};
    int nkeys = g->ndeadlocked ? 3 : 2;
    for (int k = 0; k < nkeys; k++) {
      double len = 22 * s, my = y + kh / 2;
      if (cr) {
        rgb(cr, k == 2 ? weft_deadlock_colour(dark) : P.edge);
        cairo_set_line_width(cr, (k == 2 ? 3 : 1.6) * s);
        if (k == 1) {
          double dash[] = {5 * s, 3.5 * s};
          cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_move_to(cr, x, my);
        cairo_line_to(cr, x + len - 6 * s, my);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        arrow_head(cr, x + len, my, 1, 0, 8 * s);
      }
      text_set(&tx, tx.small, keys[k], 0, &tw, &th);
      if (cr) {
        rgb(cr, P.dim);
        text_show(&tx, x + len + 4 * s, y);
      }
      x += len + tw + 16 * s;
    }
    y += kh + 4 * s;
    if (g->hidden) {
      char more[96];
      snprintf(more, sizeof more,
               g_dngettext(GETTEXT_PACKAGE, "%zu more thread or object not shown",
                           "%zu more threads or objects not shown", g->hidden),
               g->hidden);
      text_set(&tx, tx.small, more, width, &tw, &th);
      if (cr) {
        rgb(cr, P.dim);
        text_show(&tx, 0, y);
      }
      y += th;
    }
    y += 10 * s;
  }
  y = draw_channels(cr, &tx, m, w, width, y, s, P, dark);
  text_free(&tx);
  return y;
}

typedef struct {
  const WeftLaneModel *m;
  const WeftWorld *w;
  WeftWaitGraph *g;
  double width, scale, margin;
  bool dark;
} WorldJob;

static void draw_world_job(cairo_t *cr, void *data) {
  WorldJob *j = data;
  Palette P = palette(j->dark);
  rgb(cr, P.bg);
  cairo_paint(cr);
  cairo_translate(cr, j->margin, j->margin);
  weft_render_world(cr, j->m, j->w, j->g, j->width - 2 * j->margin, j->scale, j->dark);
}

int weft_render_world_to_file(const WeftLaneModel *m, size_t upto, int width, double scale,
                              bool dark, const char *path) {
  WeftWorld w;
  weft_lane_model_world(m, upto, &w);
  WeftWaitGraph g;
  weft_wait_graph_build(m, &w, &g);
  weft_wait_graph_layout(&g, m, &w, scale);
  WorldJob j = {m, &w, &g, width, scale, 16 * scale, dark};
  double h = weft_render_world(NULL, m, &w, &g, width - 2 * j.margin, scale, dark);
  int rc = weft_render_draw_to_file(path, width, (int)ceil(h + 2 * j.margin), draw_world_job, &j);
  int err = errno;
  weft_wait_graph_clear(&g);
  weft_world_clear(&w);
  errno = err;
  return rc;
}
