/* weft-export-chrome.c: a trace as Chrome Trace Event JSON, the format that
 * ui.perfetto.dev and chrome://tracing open.
 *
 * Fed events one at a time in time order and writing as it goes, so that it
 * keeps only per-thread and per-object state and the messages in flight,
 * never the whole run. Slices on a thread never overlap (running and each
 * wait follow one another), so flows bind to the slice around them. Numbers
 * are written with integer arithmetic: the output is the same in any locale.
 */
#include "weft-export-chrome.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"

typedef struct {
  bool open;       /* a slice is running on this thread */
  bool waiting;    /* that slice is a wait */
  uint64_t since;  /* its start, ns */
  WeftEvent began; /* the event that began the wait (a copy: events stream) */
} Lane;

/* A message seen at one end only. Receives can come first: a sender's clock
 * may read a little behind its receiver's (or, in traces from before 1.1,
 * the receive was stamped first). */
typedef struct {
  uint64_t id;   /* message id, 0 for an empty slot */
  uint64_t time; /* of the end seen */
  uint32_t thread;
  bool received; /* the end seen is the receive */
} InFlight;

typedef struct {
  uint64_t time; /* of the last release, 0 if none yet */
  uint32_t thread;
} Release;

struct WeftChromeExport {
  FILE *out;
  const WeftTrace *trace;
  uint32_t pid;
  bool first;
  Lane *lanes;
  size_t nlanes;
  Release *releases;
  size_t nreleases;
  InFlight *flight; /* open addressing by message id */
  size_t flight_cap, flight_used;
  uint64_t next_flow;
  uint64_t messages, handoffs;
  uint64_t forks, reaps;
  uint64_t findings, markers;
  uint64_t last_time;
};

/* Microseconds with three decimals, from nanoseconds. */
static void put_us(FILE *out, uint64_t ns) {
  fprintf(out, "%" PRIu64 ".%03u", ns / 1000, (unsigned)(ns % 1000));
}

static void begin_record(WeftChromeExport *x) {
  fputs(x->first ? "\n" : ",\n", x->out);
  x->first = false;
}

static const char *thread_name(const WeftChromeExport *x, uint32_t id) {
  const WeftThread *th = weft_trace_thread(x->trace, id);
  return th && th->name ? th->name : "?";
}

/* Each process of a family is a process of its own in the JSON. */
static uint32_t pid_of(const WeftChromeExport *x, uint32_t thread) {
  const WeftThread *th = thread ? weft_trace_thread(x->trace, thread) : NULL;
  return th && th->pid ? th->pid : x->pid;
}

static const char *object_name(const WeftChromeExport *x, uint32_t id) {
  const WeftObject *o = id ? weft_trace_object(x->trace, id) : NULL;
  return o && o->name ? o->name : NULL;
}

/* What a wait is, as a track slice's name: stable English identifiers, as the
 * other exported formats use. */
static const char *wait_name(const WeftChromeExport *x, const WeftEvent *e) {
  switch (e->type) {
  case WEFT_EV_LOCK_WAIT: {
    const WeftObject *o = e->object ? weft_trace_object(x->trace, e->object) : NULL;
    unsigned kind = o ? o->kind : WEFT_OBJ_UNKNOWN;
    if (kind == WEFT_OBJ_SEMAPHORE)
      return "blocked on semaphore";
    if (kind == WEFT_OBJ_RWLOCK)
      return e->flags & WEFT_F_WRITE ? "blocked on rwlock (write)" : "blocked on rwlock (read)";
    if (kind == WEFT_OBJ_SPINLOCK)
      return "spinning on spinlock";
    return "blocked on mutex";
  }
  case WEFT_EV_COND_WAIT: return "waiting on condition";
  case WEFT_EV_BARRIER_WAIT: return "waiting at barrier";
  case WEFT_EV_JOIN_BEGIN: return "joining";
  case WEFT_EV_SLEEP_BEGIN: return "sleeping";
  case WEFT_EV_CHAN_SEND_WAIT: return "blocked sending";
  case WEFT_EV_CHAN_RECV_WAIT: return "blocked receiving";
  case WEFT_EV_SELECT_WAIT: return "blocked in select";
  case WEFT_EV_WAITGROUP_WAIT: return "waiting on WaitGroup";
  case WEFT_EV_IO_WAIT: {
    static const char *const by_class[] = {"blocked in I/O", "blocked in poll",
                                           "waiting for a child", "waiting for a signal"};
    return by_class[weft_io_call_class((unsigned)(e->arg & 0xff))];
  }
  default: return "blocked";
  }
}

static Lane *lane(WeftChromeExport *x, uint32_t thread) {
  if (thread >= x->nlanes) {
    size_t n = x->nlanes ? x->nlanes : 16;
    while (n <= thread)
      n *= 2;
    Lane *l = realloc(x->lanes, n * sizeof *l);
    if (!l)
      return NULL;
    memset(l + x->nlanes, 0, (n - x->nlanes) * sizeof *l);
    x->lanes = l;
    x->nlanes = n;
  }
  return &x->lanes[thread];
}

static void close_slice(WeftChromeExport *x, uint32_t thread, Lane *l, uint64_t end) {
  if (!l->open)
    return;
  begin_record(x);
  fprintf(x->out, "{\"ph\":\"X\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32 ",\"ts\":",
          pid_of(x, thread), thread);
  put_us(x->out, l->since);
  fputs(",\"dur\":", x->out);
  put_us(x->out, end - l->since);
  fputs(",\"cat\":\"state\",\"name\":", x->out);
  if (!l->waiting) {
    fputs("\"running\"}", x->out);
  } else {
    const WeftEvent *b = &l->began;
    weft_json_string(x->out, wait_name(x, b));
    fputs(",\"args\":{\"call\":", x->out);
    const char *call = weft_event_call_name(x->trace, b);
    weft_json_string(x->out, call ? call : weft_event_type_name(b->type));
    const char *obj = object_name(x, b->object);
    if (obj) {
      fputs(",\"object\":", x->out);
      weft_json_string(x->out, obj);
    }
    if (b->type == WEFT_EV_JOIN_BEGIN) {
      fputs(",\"joins\":", x->out);
      weft_json_string(x->out, thread_name(x, (uint32_t)b->arg));
    }
    fputs("}}", x->out);
  }
  l->open = false;
}

static void open_slice(Lane *l, uint64_t at, const WeftEvent *wait) {
  l->open = true;
  l->since = at;
  l->waiting = wait != NULL;
  if (wait)
    l->began = *wait;
}

static void flow_end(WeftChromeExport *x, bool finish, uint64_t id, const char *cat,
                     uint32_t thread, uint64_t time) {
  begin_record(x);
  fprintf(x->out,
          "{\"ph\":%s,\"id\":%" PRIu64 ",\"cat\":\"%s\",\"name\":\"%s\",\"pid\":%" PRIu32
          ",\"tid\":%" PRIu32 ",\"ts\":",
          finish ? "\"f\",\"bp\":\"e\"" : "\"s\"", id, cat, cat, pid_of(x, thread), thread);
  put_us(x->out, time);
  fputs("}", x->out);
}

/* A flow pair; its finish binds to the slice that encloses it ("bp": "e"),
 * as its start does. */
static void flow(WeftChromeExport *x, const char *cat, uint32_t from_thread, uint64_t from,
                 uint32_t to_thread, uint64_t to) {
  uint64_t id = ++x->next_flow;
  flow_end(x, false, id, cat, from_thread, from);
  flow_end(x, true, id, cat, to_thread, to);
}

static size_t flight_slot(const WeftChromeExport *x, uint64_t id) {
  size_t mask = x->flight_cap - 1, i = (size_t)(id * 0x9e3779b97f4a7c15ull) & mask;
  while (x->flight[i].id && x->flight[i].id != id)
    i = (i + 1) & mask;
  return i;
}

static int flight_put(WeftChromeExport *x, uint64_t id, uint64_t time, uint32_t thread,
                      bool received) {
  if ((x->flight_used + 1) * 2 > x->flight_cap) {
    size_t cap = x->flight_cap ? x->flight_cap * 2 : 256;
    InFlight *old = x->flight;
    size_t old_cap = x->flight_cap;
    InFlight *f = calloc(cap, sizeof *f);
    if (!f)
      return -1;
    x->flight = f;
    x->flight_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].id)
        x->flight[flight_slot(x, old[i].id)] = old[i];
    free(old);
  }
  size_t i = flight_slot(x, id);
  if (!x->flight[i].id)
    x->flight_used++;
  x->flight[i] = (InFlight){id, time, thread, received};
  return 0;
}

/* Takes the message out of the table (backward-shift deletion keeps probes whole). */
static bool flight_take(WeftChromeExport *x, uint64_t id, InFlight *out) {
  if (!x->flight_cap)
    return false;
  size_t mask = x->flight_cap - 1, i = flight_slot(x, id);
  if (!x->flight[i].id)
    return false;
  *out = x->flight[i];
  size_t j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (!x->flight[j].id)
      break;
    size_t home = (size_t)(x->flight[j].id * 0x9e3779b97f4a7c15ull) & mask;
    bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (!stays) {
      x->flight[i] = x->flight[j];
      i = j;
    }
  }
  x->flight[i].id = 0;
  x->flight_used--;
  return true;
}

/* An instant event, its args left open for the caller to fill and close.
 * On no thread, it marks the whole timeline. */
static void instant(WeftChromeExport *x, uint32_t thread, uint64_t time, const char *name,
                    const char *cat) {
  begin_record(x);
  fprintf(x->out, "{\"ph\":\"i\",\"s\":\"%s\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32 ",\"ts\":",
          thread ? "t" : "g", pid_of(x, thread), thread);
  put_us(x->out, time);
  fprintf(x->out, ",\"cat\":\"%s\",\"name\":", cat);
  weft_json_string(x->out, name);
  fputs(",\"args\":{", x->out);
}

void weft_chrome_export_marker(WeftChromeExport *x, uint64_t time, const char *title,
                               const char *note) {
  instant(x, 0, time, title, "bookmark");
  fputs("\"note\":", x->out);
  weft_json_string(x->out, note ? note : "");
  fputs("}}", x->out);
  x->markers++;
}

FILE *weft_chrome_export_finding(WeftChromeExport *x, const char *finding, WeftSeverity severity,
                                 uint32_t thread, uint64_t time, const char *explanation) {
  instant(x, thread, time, finding, "finding");
  fprintf(x->out, "\"severity\":\"%s\",\"explanation\":", weft_severity_name(severity));
  weft_json_string(x->out, explanation ? explanation : "");
  x->findings++;
  return x->out;
}

void weft_chrome_export_finding_end(WeftChromeExport *x) { fputs("}}", x->out); }

/* A family's arrows between processes: fork -> the child's first event;
 * the child's end -> the return of the wait that reaped it (began: the wait
 * that IO_DONE completes). */
static void process_flow(WeftChromeExport *x, const WeftEvent *e, const WeftEvent *began) {
  size_t n, nev;
  const WeftProcess *p = weft_trace_processes(x->trace, &n);
  const WeftEvent *ev = weft_trace_events(x->trace, &nev);
  bool reaped = e->type == WEFT_EV_IO_DONE &&
                ((e->flags & WEFT_F_TRY) || /* a wait for children that did not block */
                 (began->type == WEFT_EV_IO_WAIT && began->thread == e->thread &&
                  weft_io_call_class((unsigned)(began->arg & 0xff)) == WEFT_IO_CLASS_CHILD));
  if (e->type == WEFT_EV_IO_DONE && !reaped)
    return;
  for (size_t i = 1; i < n; i++) {
    if (p[i].pid != e->arg || p[i].status != WEFT_TRACE_OK)
      continue;
    const WeftThread *child = weft_trace_thread(x->trace, p[i].main_thread);
    if (e->type == WEFT_EV_FORK && child && ev && p[i].fork_event < nev &&
        ev[p[i].fork_event].time == e->time && ev[p[i].fork_event].thread == e->thread) {
      flow(x, "fork", e->thread, e->time, child->id, child->start_time);
      x->forks++;
      return;
    }
    if (reaped && ev && p[i].end_event < nev && p[i].reap_event < nev &&
        ev[p[i].reap_event].time == e->time && ev[p[i].reap_event].thread == e->thread) {
      const WeftEvent *end = &ev[p[i].end_event];
      flow(x, "waitpid", end->thread, end->time, e->thread, e->time);
      x->reaps++;
      return;
    }
  }
}

WeftChromeExport *weft_chrome_export_begin(FILE *out, const WeftTrace *trace) {
  WeftChromeExport *x = calloc(1, sizeof *x);
  if (!x)
    return NULL;
  x->out = out;
  x->trace = trace;
  x->first = true;
  const WeftTraceInfo *info = weft_trace_info(trace);
  x->pid = info->pid;
  size_t nobjects = 0;
  weft_trace_objects(trace, &nobjects);
  fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"weft " WEFT_VERSION "\",\"command\":",
        out);
  weft_json_string(out, info->argv ? info->argv : "");
  fputs("},\"traceEvents\":[", out);
  size_t nproc;
  const WeftProcess *proc = weft_trace_processes(trace, &nproc);
  for (size_t i = 0; i < nproc; i++) {
    if (proc[i].status != WEFT_TRACE_OK)
      continue;
    const char *argv = proc[i].argv ? proc[i].argv : info->argv;
    begin_record(x);
    fprintf(out, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%" PRIu32 ",\"tid\":0,\"args\":{\"name\":",
            i ? proc[i].pid : x->pid);
    weft_json_string(out, argv ? argv : "program");
    fputs("}}", out);
  }
  size_t nthreads;
  const WeftThread *th = weft_trace_threads(trace, &nthreads);
  for (size_t i = 0; i < nthreads; i++) {
    begin_record(x);
    fprintf(out, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32
                 ",\"args\":{\"name\":",
            pid_of(x, th[i].id), th[i].id);
    weft_json_string(out, th[i].name ? th[i].name : "?");
    fputs("}}", out);
    begin_record(x);
    fprintf(out, "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32
                 ",\"args\":{\"sort_index\":%" PRIu32 "}}",
            pid_of(x, th[i].id), th[i].id, th[i].id);
  }
  return x;
}

void weft_chrome_export_event(WeftChromeExport *x, const WeftEvent *e) {
  x->last_time = e->time;
  if (e->type == WEFT_EV_DEADLOCK) /* a finding: weft-export-findings.c */
    return;
  if (!e->thread)
    return;
  Lane *l = lane(x, e->thread);
  if (!l)
    return;
  if (!l->open && e->type != WEFT_EV_THREAD_END)
    open_slice(l, e->time, NULL);
  if (l->waiting && weft_event_ends_wait(e)) {
    close_slice(x, e->thread, l, e->time);
    if (e->type != WEFT_EV_THREAD_END)
      open_slice(l, e->time, NULL);
  }
  switch (e->type) {
  case WEFT_EV_CHAN_SEND:
  case WEFT_EV_CHAN_RECV: {
    bool recv = e->type == WEFT_EV_CHAN_RECV;
    InFlight m;
    if (!e->arg)
      break; /* a receive from a closed channel */
    if (flight_take(x, e->arg, &m) && m.received != recv) {
      if (recv)
        flow(x, "message", m.thread, m.time, e->thread, e->time);
      else
        flow(x, "message", e->thread, e->time, m.thread, m.time);
      x->messages++;
    } else {
      flight_put(x, e->arg, e->time, e->thread, recv);
    }
    break;
  }
  case WEFT_EV_LOCK_RELEASE:
    if (e->object && e->object <= WEFT_MAX_ID) {
      if (e->object >= x->nreleases) {
        size_t n = x->nreleases ? x->nreleases : 64;
        while (n <= e->object)
          n *= 2;
        Release *r = realloc(x->releases, n * sizeof *r);
        if (!r)
          break;
        memset(r + x->nreleases, 0, (n - x->nreleases) * sizeof *r);
        x->releases = r;
        x->nreleases = n;
      }
      x->releases[e->object] = (Release){e->time, e->thread};
    }
    break;
  case WEFT_EV_LOCK_ACQUIRE:
    if ((e->flags & WEFT_F_WAITED) && e->object < x->nreleases) {
      Release r = x->releases[e->object];
      if (r.time && r.thread != e->thread) {
        flow(x, "handoff", r.thread, r.time, e->thread, e->time);
        x->handoffs++;
      }
    }
    break;
  case WEFT_EV_REGION_BEGIN:
  case WEFT_EV_REGION_END: {
    /* Regions nest with the thread's states, not inside them: async slices,
     * on a track of their own. */
    const char *name = weft_trace_string(x->trace, e->arg);
    begin_record(x);
    fprintf(x->out, "{\"ph\":\"%s\",\"cat\":\"region\",\"id\":%" PRIu32 ",\"pid\":%" PRIu32
                    ",\"tid\":%" PRIu32 ",\"ts\":",
            e->type == WEFT_EV_REGION_BEGIN ? "b" : "e", e->thread, pid_of(x, e->thread),
            e->thread);
    put_us(x->out, e->time);
    fputs(",\"name\":", x->out);
    weft_json_string(x->out, name ? name : "region");
    fputs("}", x->out);
    break;
  }
  case WEFT_EV_THREAD_END:
    close_slice(x, e->thread, l, e->time);
    break;
  case WEFT_EV_FORK:
  case WEFT_EV_IO_DONE:
    process_flow(x, e, &l->began);
    break;
  default: break;
  }
  if (weft_event_begins_wait(e->type)) {
    close_slice(x, e->thread, l, e->time);
    open_slice(l, e->time, e);
  }
}

int weft_chrome_export_end(WeftChromeExport *x, WeftChromeCounts *counts) {
  for (size_t i = 0; i < x->nlanes; i++)
    close_slice(x, (uint32_t)i, &x->lanes[i], x->last_time);
  fputs("\n]}\n", x->out);
  if (counts)
    *counts = (WeftChromeCounts){x->messages, x->handoffs, x->forks, x->reaps, x->findings,
                                 x->markers};
  int rc = ferror(x->out) ? -1 : 0;
  free(x->lanes);
  free(x->releases);
  free(x->flight);
  free(x);
  return rc;
}
