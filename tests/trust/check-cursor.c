/* check-cursor FILE...: a trace opened streamed gives, through a cursor,
 * the very events and tables it gives read whole; so do copies of it cut
 * short at twenty places (damage the reader must treat alike both ways).
 * Prints each difference, exits 1 on the first file that has one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft-trace.h"

static int failures;

#define EXPECT(cond, ...)                                                                          \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s: ", what);                                                               \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      failures++;                                                                                  \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

static bool same_event(const WeftEvent *a, const WeftEvent *b) {
  return a->time == b->time && a->arg == b->arg && a->object == b->object &&
         a->stack == b->stack && a->thread == b->thread && a->type == b->type &&
         a->flags == b->flags;
}

static void compare(const char *what, const char *path) {
  WeftTrace *whole, *streamed;
  WeftStatus s1 = weft_trace_open(path, &whole), s2 = weft_trace_open_streamed(path, &streamed);
  EXPECT(s1 == s2, "opens as %s read whole, %s streamed", weft_status_name(s1),
         weft_status_name(s2));
  if (s1 != WEFT_TRACE_OK)
    return;
  size_t n;
  const WeftEvent *ev = weft_trace_events(whole, &n);
  EXPECT(weft_trace_streamed(streamed) && !weft_trace_streamed(whole), "streamed flags");
  EXPECT(weft_trace_event_count(streamed) == n, "%zu events streamed, %zu whole",
         weft_trace_event_count(streamed), n);
  for (int pass = 0; pass < 2; pass++) { /* a second cursor starts again */
    WeftEventCursor *c = weft_event_cursor_new(streamed), *cw = weft_event_cursor_new(whole);
    EXPECT(c && cw, "no cursor");
    WeftEvent e, ew;
    size_t i = 0;
    for (; weft_event_cursor_next(c, &e); i++) {
      EXPECT(i < n, "the cursor gives more than %zu events", n);
      EXPECT(same_event(&e, &ev[i]),
             "event %zu differs: streamed %llu %u %s, whole %llu %u %s", i,
             (unsigned long long)e.time, e.thread, weft_event_type_name(e.type),
             (unsigned long long)ev[i].time, ev[i].thread, weft_event_type_name(ev[i].type));
      EXPECT(weft_event_cursor_next(cw, &ew) && same_event(&ew, &ev[i]),
             "the whole trace's cursor differs at %zu", i);
      const char *a = weft_trace_string(streamed, e.arg), *b = weft_trace_string(whole, e.arg);
      if (e.type == WEFT_EV_LOG || e.type == WEFT_EV_THREAD_NAME || e.type == WEFT_EV_REGION_BEGIN)
        EXPECT(a && b && !strcmp(a, b), "string of event %zu differs", i);
    }
    EXPECT(i == n && weft_event_cursor_position(c) == n, "the cursor gave %zu of %zu", i, n);
    EXPECT(!weft_event_cursor_next(cw, &ew), "the whole trace's cursor goes on");
    weft_event_cursor_free(c);
    weft_event_cursor_free(cw);
  }
  size_t nt1, nt2, no1, no2, nd1, nd2, nr1, nr2;
  const WeftThread *t1 = weft_trace_threads(whole, &nt1), *t2 = weft_trace_threads(streamed, &nt2);
  EXPECT(nt1 == nt2, "%zu threads whole, %zu streamed", nt1, nt2);
  for (size_t i = 0; i < nt1; i++)
    EXPECT(t1[i].id == t2[i].id && t1[i].create_event == t2[i].create_event &&
               t1[i].start_time == t2[i].start_time && t1[i].end_time == t2[i].end_time &&
               !strcmp(t1[i].name, t2[i].name),
           "thread %u differs", t1[i].id);
  weft_trace_objects(whole, &no1);
  weft_trace_objects(streamed, &no2);
  EXPECT(no1 == no2, "objects: %zu whole, %zu streamed", no1, no2);
  const WeftDeadlock *d1 = weft_trace_deadlocks(whole, &nd1), *d2 = weft_trace_deadlocks(streamed, &nd2);
  EXPECT(nd1 == nd2, "deadlocks: %zu whole, %zu streamed", nd1, nd2);
  for (size_t i = 0; i < nd1; i++)
    EXPECT(d1[i].time == d2[i].time && d1[i].nthreads == d2[i].nthreads, "deadlock %zu", i);
  weft_trace_races(whole, &nr1);
  weft_trace_races(streamed, &nr2);
  EXPECT(nr1 == nr2, "races: %zu whole, %zu streamed", nr1, nr2);
  const WeftTraceInfo *i1 = weft_trace_info(whole), *i2 = weft_trace_info(streamed);
  EXPECT(i1->duration == i2->duration && i1->malformed_records == i2->malformed_records &&
             i1->corrupt_chunks == i2->corrupt_chunks && i1->bytes_ignored == i2->bytes_ignored &&
             i1->closed_cleanly == i2->closed_cleanly,
         "info differs");
  size_t np1, np2;
  const WeftProcess *p1 = weft_trace_processes(whole, &np1), *p2 = weft_trace_processes(streamed, &np2);
  EXPECT(np1 == 1 && np2 == 1 && p1->end_event == p2->end_event, "process end event");
  weft_trace_free(whole);
  weft_trace_free(streamed);
}

int main(int argc, char **argv) {
  char tmp[] = "/tmp/weft-check-cursor-XXXXXX";
  int fd = mkstemp(tmp);
  if (fd < 0)
    return 2;
  for (int a = 1; a < argc; a++) {
    compare(argv[a], argv[a]);
    FILE *f = fopen(argv[a], "rb");
    if (!f)
      continue;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *data = malloc(size > 0 ? (size_t)size : 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size)
      size = 0;
    fclose(f);
    for (int cut = 1; cut <= 20 && size > 0; cut++) {
      long len = size * cut / 21;
      if (ftruncate(fd, 0) < 0 || pwrite(fd, data, (size_t)len, 0) != len)
        return 2;
      char what[512];
      snprintf(what, sizeof what, "%s cut at %ld of %ld bytes", argv[a], len, size);
      compare(what, tmp);
    }
    free(data);
  }
  close(fd);
  unlink(tmp);
  if (!failures)
    printf("%d traces: streamed and whole agree\n", argc - 1);
  return failures != 0;
}
