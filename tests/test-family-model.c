/* test-family-model.c: a family of traces as every tool sees it. Usage:
 * test-family-model TRACE prints, one a line, each process (pid, status,
 * thread count), each thread (id, pid, name), "ordered" if the events are in
 * time order, each arrow between processes the lane model drew (kind, and
 * the pids and event types at both ends), each exec it marks (pid, the new
 * program) and each group of lanes (its function, pid, lanes); test-family.sh
 * checks them. Built without the viewer, it prints no "lanes" line and
 * nothing of the lane model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef WEFT_FAMILY_LANES
#include "weft-lane-groups.h"
#include "weft-lanes.h"
#else
#include "weft-trace.h"
#endif

#ifdef WEFT_FAMILY_LANES
static void arrows(const WeftLaneModel *m, const WeftTrace *t, WeftArrowKind kind,
                   const char *label) {
  size_t n, nev;
  const WeftArrow *a = weft_lane_model_arrows(m, kind, &n);
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < n; i++) {
    const WeftThread *from = weft_trace_thread(t, ev[a[i].src].thread);
    const WeftThread *to = weft_trace_thread(t, ev[a[i].dst].thread);
    if (!from || !to || from->pid == to->pid)
      continue; /* within a process: not what this test is about */
    printf("arrow %s %u %s -> %u %s%s\n", label, from->pid, weft_event_type_name(ev[a[i].src].type),
           to->pid, weft_event_type_name(ev[a[i].dst].type),
           ev[a[i].src].time <= ev[a[i].dst].time ? "" : " BACKWARD");
  }
}

#endif

int main(int argc, char **argv) {
  WeftTrace *t;
  if (argc != 2 || weft_trace_open_family(argv[1], NULL, NULL, &t) != WEFT_TRACE_OK) {
    fprintf(stderr, "usage: test-family-model TRACE (a trace that opens)\n");
    return 1;
  }
  size_t np, nth, nev;
  const WeftProcess *p = weft_trace_processes(t, &np);
  const WeftThread *th = weft_trace_threads(t, &nth);
  const WeftEvent *ev = weft_trace_events(t, &nev);
  for (size_t i = 0; i < np; i++) {
    unsigned threads = 0;
    for (size_t k = 0; k < nth; k++)
      threads += th[k].process == i && th[k].pid == p[i].pid;
    printf("process %u parent %d status %s threads %u\n", p[i].pid,
           p[i].parent == UINT32_MAX ? -1 : (int)p[np > p[i].parent ? p[i].parent : 0].pid,
           weft_status_name(p[i].status), threads);
  }
  for (size_t k = 0; k < nth; k++)
    printf("thread %u pid %u %s\n", th[k].id, th[k].pid, th[k].name);
  int ordered = 1;
  for (size_t i = 1; i < nev; i++)
    ordered &= ev[i - 1].time <= ev[i].time;
  for (size_t i = 0; i < nev; i++) /* every event's thread is in the table */
    ordered &= weft_trace_thread(t, ev[i].thread) != NULL || ev[i].thread == 0;
  printf("%s\n", ordered ? "ordered" : "NOT ordered");
#ifdef WEFT_FAMILY_LANES
  printf("lanes\n");
  WeftLaneModel *m = weft_lane_model_new(t, NULL, NULL);
  if (!m)
    return 1;
  arrows(m, t, WEFT_ARROW_CREATE, "create");
  arrows(m, t, WEFT_ARROW_JOIN, "join");
  arrows(m, t, WEFT_ARROW_CHANNEL, "message"); /* none: processes share no channel */
  arrows(m, t, WEFT_ARROW_LOCK, "lock");       /* none: nor a lock */
  arrows(m, t, WEFT_ARROW_SIGNAL, "signal");
  for (size_t i = 0; i < weft_lane_model_exec_count(m); i++) {
    const WeftEvent *e = weft_lane_model_exec(m, i);
    const WeftThread *who = weft_trace_thread(t, e->thread);
    const char *path = weft_trace_string(t, e->arg);
    printf("exec %u %s\n", who ? who->pid : 0, path && strrchr(path, '/') ? strrchr(path, '/') + 1 : "?");
  }
  WeftLaneGroups *g = weft_lane_groups_new(m);
  for (size_t i = 0; i < weft_lane_groups_count(g); i++) {
    const WeftLaneGroup *grp = weft_lane_groups_get(g, i);
    uint32_t pid = weft_lane_model_lane(m, grp->lanes[0])->thread->pid;
    int mixed = 0;
    for (size_t k = 0; k < grp->nlanes; k++)
      mixed |= weft_lane_model_lane(m, grp->lanes[k])->thread->pid != pid;
    printf("group %s pid %u lanes %zu%s\n", grp->name, pid, (size_t)grp->nlanes,
           mixed ? " MIXED" : "");
  }
  weft_lane_groups_free(g);
  weft_lane_model_free(m);
#endif
  weft_trace_free(t);
  return 0;
}
