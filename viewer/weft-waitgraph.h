/* weft-waitgraph.h: the state of the world at one moment as a wait-for
 * graph (who waits for which object or thread, who holds which lock), with
 * deadlock cycles marked, and the channels' buffers; laid out and drawn
 * with cairo, no GTK. The side pane of the viewer shows it at the playhead. */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-lanes.h"

typedef enum {
  WEFT_NODE_THREAD,
  WEFT_NODE_OBJECT,
  WEFT_NODE_GROUP, /* several threads that wait the same way for the same thing */
} WeftNodeKind;

typedef enum {
  WEFT_EDGE_WAITS,   /* thread -> the object (or thread, for a join) it waits for */
  WEFT_EDGE_HELD_BY, /* lock -> the thread that holds it */
} WeftEdgeKind;

typedef struct {
  WeftNodeKind kind;
  uint32_t id;          /* thread id, or object id; a group: its first thread */
  unsigned count;       /* threads in a group (else 1); an rwlock's readers */
  WeftLaneState state;  /* a thread's or group's state */
  bool deadlock;        /* in a deadlock */
  double x, y, w, h;    /* set by weft_wait_graph_layout(): the box, top left */
} WeftGraphNode;

typedef struct {
  uint32_t from, to; /* node indices */
  WeftEdgeKind kind;
  bool deadlock;     /* part of a deadlock cycle */
} WeftGraphEdge;

typedef struct {
  WeftGraphNode *nodes;
  size_t nnodes;
  WeftGraphEdge *edges;
  size_t nedges;
  size_t ndeadlocked;     /* threads in a deadlock */
  size_t hidden;          /* nodes left out to keep the picture readable */
  double width, height;   /* of the laid-out graph, before any scaling */
} WeftWaitGraph;

/* Builds the graph of the world `w` (weft_lane_model_world). A cycle of waits
 * and holds is a deadlock; so is any deadlock the tracer reported at or
 * before w->time, whose waits are added if the world does not show them yet
 * (the last thread may start waiting just after the detector spoke). */
void weft_wait_graph_build(const WeftLaneModel *m, const WeftWorld *w, WeftWaitGraph *g);
void weft_wait_graph_clear(WeftWaitGraph *g);
/* The node of a thread or object, or -1. */
ptrdiff_t weft_wait_graph_find(const WeftWaitGraph *g, WeftNodeKind kind, uint32_t id);

/* Places the nodes (a cycle on a circle, waiters above what they wait for)
 * and sets g->width, g->height. */
void weft_wait_graph_layout(WeftWaitGraph *g, const WeftLaneModel *m, const WeftWorld *w,
                            double scale);

/* Draws the state of the world in a box `width` wide: the graph, scaled
 * down if it is wider, then the channels' buffers. Returns the height used;
 * with cr NULL, only measures. */
double weft_render_world(cairo_t *cr, const WeftLaneModel *m, const WeftWorld *w,
                         WeftWaitGraph *g, double width, double scale, bool dark);

/* Writes the state of the world just after event `upto` to a PNG, SVG or
 * PDF, `width` pixels wide and as high as it needs. Returns 0, or -1 with
 * errno. */
int weft_render_world_to_file(const WeftLaneModel *m, size_t upto, int width, double scale,
                              bool dark, const char *path);
