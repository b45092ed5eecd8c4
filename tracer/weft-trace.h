/* weft-trace.h: the one reader of weft traces, used by every tool.
 *
 * A trace is read whole into memory: events merged across threads into one
 * array in time order, and tables of threads, objects, stacks and strings.
 * The library never prints; it returns a WeftStatus.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft-format.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Thread, object and stack ids above this are damage: the reader drops them,
 * so tools may index arrays by id. */
#define WEFT_MAX_ID (1u << 22)

typedef enum {
  WEFT_TRACE_OK = 0,
  WEFT_ERR_IO,          /* the file cannot be opened or read (errno kept) */
  WEFT_ERR_NOT_TRACE,   /* no weft magic at the start */
  WEFT_ERR_TRUNCATED,   /* shorter than a file header */
  WEFT_ERR_VERSION,     /* a major version this reader does not know */
  WEFT_ERR_BYTE_ORDER,  /* written on a big-endian machine */
  WEFT_ERR_CORRUPT,     /* the header is damaged */
  WEFT_ERR_NO_MEMORY,
} WeftStatus;

/* One event, 32 bytes. Meaning of object/arg/flags by type: see weft-format.h
 * and docs/ARCHITECTURE.md. For events with a blob (THREAD_NAME, REGION_*,
 * LOG, EXEC) arg is the id of the blob's text for weft_trace_string(); a
 * THREAD_NAME's target thread id is then in stack. A DEADLOCK's blob is a
 * deadlock number (index + 1 in weft_trace_deadlocks) in stack; a RACE's
 * is a race number (index + 1 in weft_trace_races) in arg. */
typedef struct {
  uint64_t time;   /* nanoseconds since the trace started */
  uint64_t arg;    /* second argument: child tid, message id, duration, string id, ... */
  uint32_t object; /* object id, 0 for none */
  uint32_t stack;  /* stack id, 0 for none */
  uint32_t thread; /* weft thread id of the thread that did it */
  uint8_t type;    /* WeftEventType */
  uint8_t pad;
  uint16_t flags;  /* type-specific flags, or a result errno */
} WeftEvent;

typedef struct {
  uint32_t id;        /* weft thread id: 1 is the main thread */
  uint32_t parent;    /* 0 for the main thread */
  uint32_t os_tid;
  uint32_t epoch;     /* exec generation it belongs to */
  uint64_t start_pc;  /* start routine */
  uint64_t create_pc; /* call site of pthread_create */
  const char *name;           /* set name, or start function, or "main" */
  const char *start_function; /* symbol of the start routine, or NULL */
  const char *create_site;    /* "file.c:42", or NULL */
  uint64_t start_time, end_time; /* ns; end_time is UINT64_MAX if it never ended */
  uint32_t create_event;      /* index of THREAD_CREATE in events, or UINT32_MAX; for the
                               * first thread of a family's child process, its parent's FORK */
  uint32_t pid;               /* the process it ran in */
  uint32_t process;           /* that process's index in weft_trace_processes() */
} WeftThread;

typedef struct {
  uint32_t id;
  uint16_t kind;     /* WeftObjectKind */
  uint16_t epoch;
  uint64_t address;
  uint64_t site_pc;  /* init or first-use site */
  uint64_t elem_size; /* channels */
  const char *name;  /* symbol, given name, or "file.c:42", or "mutex#7" */
  bool from_source;  /* named by weft record from the debug info ("i (main)") */
} WeftObject;

typedef struct {
  uint64_t pc;
  const char *function; /* NULL when unknown */
  const char *file;     /* base name of the source file, NULL when unknown */
  uint32_t line;
  uint8_t origin;       /* WeftFrameOrigin */
  const char *path;     /* the file where the compiler read it (its compile directory
                         * joined), NULL when unknown */
} WeftFrame;

typedef struct {
  uint32_t pid, ppid;
  uint32_t epochs;        /* 1 + number of execs */
  uint64_t start_realtime_ns;
  const char *argv;       /* command line, arguments separated by spaces */
  uint16_t major, minor;  /* format version of the file */
  uint32_t features;
  bool closed_cleanly;    /* an END record was found */
  int exit_status;        /* valid when closed_cleanly */
  bool symbolized;
  uint64_t lost_events;   /* events the tracer could not write */
  uint64_t bytes_ignored; /* unreadable bytes at the end (truncation) */
  uint32_t corrupt_chunks; /* chunks skipped for a bad checksum */
  uint32_t malformed_records; /* records that cannot be decoded or name what does not
                                 exist: the rest of their chunk, or the bad field, dropped */
  uint64_t dropped_chunks; /* --max-size: chunks from the middle of the run overwritten */
  uint64_t dropped_bytes;
  uint64_t max_size;       /* the bound, when the trace reached it */
  uint64_t file_size;
  uint64_t duration;      /* ns, first to last event */
  uint64_t forks;         /* FORK events: its children may have traces of their own */
} WeftTraceInfo;

/* The reader validates a deadlock before any tool sees it: every thread it
 * names exists in weft_trace_threads(), objects has exactly nthreads entries,
 * each 0 or a defined object. nthreads may be 0 (a damaged record). */
typedef struct {
  uint64_t time;        /* ns, when the tracer confirmed it */
  unsigned kind;        /* WeftDeadlockKind */
  const uint32_t *threads; /* the cycle in order (each waits for the next), or all asleep */
  size_t nthreads;
  const uint32_t *objects; /* what each of those threads waits on (0: a join) */
  size_t nobjects;
} WeftDeadlock;

/* One memory access of a data race, as ThreadSanitizer saw it. */
typedef struct {
  uint32_t thread;   /* weft thread id, 0 if not in the trace */
  uint32_t tsan_tid; /* TSan's number for it: T2 in its text */
  uint32_t size;     /* bytes accessed */
  bool write, atomic;
  uint64_t address;
  uint32_t stack;    /* where: the access itself innermost */
} WeftRaceAccess;

/* A ThreadSanitizer report: a data race (two accesses), or another finding
 * (a lock-order inversion, a signal-unsafe call in a handler...) kept as
 * TSan said it. */
typedef struct {
  uint64_t time;            /* ns, when TSan reported it */
  uint32_t thread;          /* the thread TSan reported it in */
  const char *kind;         /* TSan's name: "data-race", "lock-order-inversion", ... */
  const char *variable;     /* the global variable, as TSan names it, or NULL */
  const char *location;     /* "global", "heap", "stack", "tls", "fd", or NULL */
  uint64_t location_start, location_size;
  uint32_t location_thread; /* whose stack, or which thread allocated the heap block */
  uint32_t location_stack;  /* heap: where the block was allocated */
  const WeftRaceAccess *accesses;
  size_t naccesses;
  const uint32_t *threads;  /* every thread the report names (weft ids, 0: unknown) */
  size_t nthreads;
  const uint32_t *stacks;   /* its other stacks: where each lock of an inversion was taken... */
  size_t nstacks;
  const char *text;         /* the report as TSan printed it, or NULL */
} WeftRace;

/* One process of a trace: a trace read alone has one; a family (the root
 * trace of a program that forks and the traces of its children, read as
 * one: weft_trace_open_family()) has one per process, the root first. */
typedef struct {
  uint32_t pid, ppid;
  const char *argv;          /* its command line, or NULL */
  const char *path;          /* its trace file (a family's), or NULL */
  WeftStatus status;         /* why its trace could not be read, if it could not: */
  int error;                 /* the errno of WEFT_ERR_IO (ENOENT: no such trace) */
  const WeftTraceInfo *info; /* its own trace's; NULL when status is not OK */
  uint32_t parent;           /* index of its parent in this table, UINT32_MAX for the root */
  uint32_t main_thread;      /* its first thread's weft id, 0 if none */
  uint32_t fork_event;       /* the parent's FORK event that made it, or UINT32_MAX */
  uint32_t end_event;        /* its last THREAD_END, or UINT32_MAX */
  uint32_t reap_event;       /* the parent's IO_DONE of the wait (waitpid, wait, wait4,
                              * waitid) that blocked and returned its pid, or UINT32_MAX */
  uint64_t start_time, end_time; /* ns */
} WeftProcess;

typedef struct WeftTrace WeftTrace;

/* Opens and reads a whole trace. On error *out is NULL; errno is kept for
 * WEFT_ERR_IO. A truncated or partly corrupt trace opens with WEFT_TRACE_OK and
 * says what it skipped in weft_trace_info(). */
WeftStatus weft_trace_open(const char *path, WeftTrace **out);
WeftStatus weft_trace_open_memory(const void *data, size_t size, WeftTrace **out);

/* Called while a trace is read, on the thread that reads it, with the
 * fraction done: from 0 to 1, increasing, about a hundred calls in all, the
 * last one 1.0 when the trace opened. */
typedef void (*WeftProgressFn)(double fraction, void *user);

/* weft_trace_open(), reporting its progress to progress (may be NULL). */
WeftStatus weft_trace_open_with_progress(const char *path, WeftProgressFn progress, void *user,
                                         WeftTrace **out);
void weft_trace_free(WeftTrace *trace);

/* Opens a trace and the traces of the child processes it started, as one
 * trace: the root's <stem>-<pid>.weft beside it (as weft record names them),
 * found from each FORK event's child pid, children of children too. Thread,
 * object, stack and string ids are renumbered per process (the root's stay
 * as they are), times put on the root's clock (all processes share
 * CLOCK_MONOTONIC), each thread knows its pid, and the threads of a child are
 * named "pid 4243: main". A child trace missing or unreadable stays in
 * weft_trace_processes() with its status, and the family opens without it.
 * With no child, it is weft_trace_open_with_progress(). */
WeftStatus weft_trace_open_family(const char *root, WeftProgressFn progress, void *user,
                                  WeftTrace **out);

/* A child process's trace beside the root "<stem>.weft": "<stem>-<pid>.weft",
 * or "<stem>-<pid>.<n>.weft" when that name was taken (the preload's
 * create_output()) -> the pid, else 0. */
unsigned long weft_child_trace_pid(const char *name, const char *stem, size_t stem_len);

/* The processes of a trace (see WeftProcess); never empty for an open trace. */
const WeftProcess *weft_trace_processes(const WeftTrace *trace, size_t *count);


const WeftTraceInfo *weft_trace_info(const WeftTrace *trace);

/* Events in global time order (ties keep each thread's own order, and go
 * by thread id across threads). NULL and 0 for a streamed trace: use a
 * cursor there. */
const WeftEvent *weft_trace_events(const WeftTrace *trace, size_t *count);

/* For a trace of any length: its tables (threads, objects, stacks, strings,
 * deadlocks, races, info) as weft_trace_open() makes them, but no array of
 * events: the file stays mapped and each cursor decodes it again, in memory
 * that does not grow with the number of events (the file's pages are given
 * back as they are read). A single trace, not a family. */
WeftStatus weft_trace_open_streamed(const char *path, WeftTrace **out);
bool weft_trace_streamed(const WeftTrace *trace);

/* The events of a trace, read whole or streamed, in the order of
 * weft_trace_events(): the same events, the same fields. A cursor reads the
 * trace without writing it: several may run at once. */
typedef struct WeftEventCursor WeftEventCursor;
WeftEventCursor *weft_event_cursor_new(const WeftTrace *trace); /* NULL: out of memory */
bool weft_event_cursor_next(WeftEventCursor *cursor, WeftEvent *out); /* false at the end */
size_t weft_event_cursor_position(const WeftEventCursor *cursor); /* events returned */
void weft_event_cursor_free(WeftEventCursor *cursor);
/* As weft_trace_events() counts them, streamed or not. */
size_t weft_trace_event_count(const WeftTrace *trace);

/* Threads sorted by id; ids are 1..n without holes in normal traces, but
 * lookups must go through weft_trace_thread(). */
const WeftThread *weft_trace_threads(const WeftTrace *trace, size_t *count);
const WeftThread *weft_trace_thread(const WeftTrace *trace, uint32_t id);

const WeftObject *weft_trace_objects(const WeftTrace *trace, size_t *count);
const WeftObject *weft_trace_object(const WeftTrace *trace, uint32_t id);

/* The frames of a stack, innermost first; NULL and *depth 0 if unknown. */
const WeftFrame *weft_trace_stack(const WeftTrace *trace, uint32_t id, size_t *depth);
size_t weft_trace_stack_count(const WeftTrace *trace);

/* Deadlocks the live detector reported (a DEADLOCK event's stack is its
 * index + 1 here). */
const WeftDeadlock *weft_trace_deadlocks(const WeftTrace *trace, size_t *count);

/* The race detector the program ran under ("ThreadSanitizer"), or NULL:
 * no races then means nobody looked. */
const char *weft_trace_race_detector(const WeftTrace *trace);
/* Its reports in time order; a RACE event's arg is its index + 1. */
const WeftRace *weft_trace_races(const WeftTrace *trace, size_t *count);

/* Strings referenced by events (region names, log text, thread names). */
const char *weft_trace_string(const WeftTrace *trace, uint64_t id);

/* What a summary needs, read in one pass over the file in constant memory
 * (a buffer of one chunk, and a bit per possible thread id): for a trace of
 * any length, where weft_trace_open() holds every event. */
typedef struct {
  uint64_t events;      /* as weft_trace_events() counts them */
  uint32_t threads;     /* as weft_trace_threads() counts them */
  uint32_t deadlocks;   /* DEADLOCK events */
  uint64_t lost_events;
  uint64_t dropped_chunks, dropped_bytes, max_size; /* as in WeftTraceInfo */
  bool closed_cleanly;
} WeftTraceCounts;

WeftStatus weft_trace_count(const char *path, WeftTraceCounts *out);

/* Names for display and for `calls`. */
const char *weft_event_type_name(unsigned type);
const char *weft_object_kind_name(unsigned kind);
/* The C function a call-starting event stands for, or NULL if the event
 * completes an earlier one or is not a call. */
const char *weft_event_call_name(const WeftTrace *trace, const WeftEvent *ev);

/* An IO_WAIT's call (its arg & 0xff): the C function's name, and why it
 * waits (input/output, poll, a child, a signal). Stream calls (fgets, scanf...)
 * wait in a read of the stream's fd. */
const char *weft_io_call_name(unsigned call);
WeftIoClass weft_io_call_class(unsigned call);
bool weft_io_call_reads_stream(unsigned call);

/* A thread blocks from an event of a type for which weft_event_begins_wait()
 * is true until its next event for which weft_event_ends_wait() is (its
 * THREAD_END at the latest). The tools and the viewer agree on this. */
bool weft_event_begins_wait(unsigned type);
bool weft_event_ends_wait(const WeftEvent *ev);

/* A short English identifier of a status, for logs; tools translate. */
const char *weft_status_name(WeftStatus status);

#ifdef __cplusplus
}
#endif
