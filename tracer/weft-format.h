/* weft-format.h: the on-disk weft trace format, shared by writer and reader.
 *
 * The full specification is docs/ARCHITECTURE.md, "Trace format". Every number
 * here is part of the format: never renumber, only append.
 */
#pragma once

#include <stdint.h>

#define WEFT_FORMAT_MAJOR 1
#define WEFT_FORMAT_MINOR 1

/* 0x89 catches 7-bit transfers, \r\n and \x1a catch text-mode mangling (as PNG). */
#define WEFT_MAGIC "\x89WEFT\r\n\x1a"
#define WEFT_MAGIC_LEN 8
#define WEFT_BYTE_ORDER_LITTLE 1

typedef struct {
  char magic[8];
  uint16_t major;
  uint16_t minor;
  uint8_t byte_order;
  uint8_t reserved;
  uint16_t header_size;
  uint32_t features;
  uint32_t pid;
  uint64_t start_realtime_ns;
} WeftFileHeader;

/* Feature flags in the file header. */
enum {
  WEFT_FEATURE_STACKS = 1u << 0,  /* stacks were captured */
  WEFT_FEATURE_TSC = 1u << 1,     /* ticks are TSC cycles, not nanoseconds */
};

#define WEFT_CHUNK_MAGIC 0x4b484357u /* "WCHK" little-endian */

typedef struct {
  uint32_t magic;
  uint32_t length;   /* payload bytes after this header */
  uint32_t crc32;    /* zlib crc32 of the payload */
  uint32_t thread;   /* weft thread id; 0 = process-level records */
  uint32_t sequence; /* per-thread chunk number, from 0 */
  uint16_t flags;
  uint16_t reserved;
} WeftChunkHeader;

enum {
  /* The payload continues the previous chunk of this thread: its first tick
   * delta is relative to that chunk's last event. */
  WEFT_CHUNK_CONTINUES = 1u << 0,
  /* Filler in a bounded trace's ring (--max-size): skipped by its length,
   * unchecked and unread (its bytes are what an older chunk left there). */
  WEFT_CHUNK_PADDING = 1u << 1,
  /* A thread's last chunk, its end alone (no CONTINUES: it carries its own
   * time base): a bounded trace keeps it beside the lanes' first chunks, so
   * that a lane that ended long before the run did still ends in the file. */
  WEFT_CHUNK_LANE_END = 1u << 2,
};

/* Bound on one chunk's payload: anything larger is corruption. */
#define WEFT_CHUNK_MAX_PAYLOAD (16u << 20)

/* Record framing inside a chunk payload. The first byte holds the type in its
 * low 6 bits and the form in its high 2 bits:
 *   form 0, 1, 2: exactly 1, 2, 3 unsigned LEB128 varints follow;
 *   form 3: a varint byte length L follows, then L bytes of body.
 * So every record can be skipped without knowing its type. Types below
 * WEFT_REC_META_FIRST are events and their first varint is the tick delta from
 * the previous event of the same thread. Type 63 escapes to a varint type
 * (format 1.1): extended types 64-127 are events, 128 and above metadata, so a
 * reader skips the kinds it does not know either way. */
#define WEFT_REC_TYPE_MASK 0x3f
#define WEFT_REC_FORM_SHIFT 6
#define WEFT_REC_FORM_BODY 3
#define WEFT_REC_META_FIRST 48
#define WEFT_REC_EXTENDED 63
#define WEFT_REC_EXT_EVENT_FIRST 64
#define WEFT_REC_EXT_META_FIRST 128
/* Every event type is below this: tables indexed by event type use it. */
#define WEFT_EV_LIMIT WEFT_REC_EXT_META_FIRST

static inline int weft_rec_is_event(unsigned type) {
  return type < WEFT_REC_META_FIRST ||
         (type >= WEFT_REC_EXT_EVENT_FIRST && type < WEFT_REC_EXT_META_FIRST);
}

/* Numbers allotted to work in progress, so that parallel changes never give
 * one number two meanings (replace a line by the definitions when they land):
 *   misuse (#13):             events 70-79; meta 160-167; misuse kinds 32-40;
 *                             object kinds 13-15
 *   trace safety, bounds:     events 80-89; meta 128-135
 *   analysis, names:          events 90-99; meta 152-159
 *   data races:               events 101-109 (100 is RACE); meta 169-175 (168 is RACE_DETECTOR)
 *   lecture viewer (#15):     events 110-119
 *   lecture debugger (#16):   meta 179-183 (176-178 are SOURCE, PACKED, TRIMMED)
 *   several processes (#17):  events 65-69; meta 144-151 */

/* Event types. Every event record's varints are, in this order:
 *   tick delta, object, flags, arg, stack
 * with trailing zeros left out (an uncontended unlock is 3 bytes: type,
 * delta, object). A blob, when present, carries a name or a message. The
 * high byte of flags holds a result errno (WEFT_RESULT). The comment on each
 * type gives the meaning of object / arg. */
typedef enum {
  WEFT_EV_TIME_BASE = 0,       /* the tick delta is an absolute tick */
  WEFT_EV_THREAD_CREATE = 1,   /* - / child tid */
  WEFT_EV_THREAD_START = 2,    /* - / parent tid */
  WEFT_EV_THREAD_END = 3,      /* - / WEFT_END_* how it ended */
  WEFT_EV_JOIN_BEGIN = 4,      /* - / target tid: blocks until target ends */
  WEFT_EV_JOIN_END = 5,        /* - / target tid */
  WEFT_EV_DETACH = 6,          /* - / target tid */
  WEFT_EV_THREAD_NAME = 7,     /* - / target tid; blob: the name */
  WEFT_EV_OBJ_INIT = 8,        /* object / mutex type, sem value, barrier count */
  WEFT_EV_OBJ_DESTROY = 9,     /* object / - */
  WEFT_EV_LOCK_WAIT = 10,      /* resource / -: not free, the thread blocks */
  WEFT_EV_LOCK_ACQUIRE = 11,   /* resource / - */
  WEFT_EV_LOCK_FAIL = 12,      /* resource / - (errno in the result byte) */
  WEFT_EV_LOCK_RELEASE = 13,   /* resource / -: unlock, sem_post */
  WEFT_EV_COND_WAIT = 14,      /* cond / mutex: releases mutex, blocks */
  WEFT_EV_COND_WAKE = 15,      /* cond / mutex: returned, mutex held again */
  WEFT_EV_COND_SIGNAL = 16,    /* cond / - */
  WEFT_EV_COND_BROADCAST = 17, /* cond / - */
  WEFT_EV_BARRIER_WAIT = 18,   /* barrier / - */
  WEFT_EV_BARRIER_LEAVE = 19,  /* barrier / 1 for the serial thread */
  WEFT_EV_SLEEP_BEGIN = 20,    /* - / nanoseconds requested; flags: WEFT_SLEEP_* */
  WEFT_EV_SLEEP_END = 21,      /* - / - */
  WEFT_EV_FORK = 22,           /* - / child pid */
  WEFT_EV_EXEC = 23,           /* - / -; blob: the path */
  WEFT_EV_PROCESS_EXIT = 24,   /* - / exit status */
  WEFT_EV_REGION_BEGIN = 25,   /* - / -; blob: the region name */
  WEFT_EV_REGION_END = 26,     /* - / -; blob: the region name */
  WEFT_EV_LOG = 27,            /* - / -; blob: category NUL message */
  WEFT_EV_CHAN_MAKE = 28,      /* chan / capacity */
  WEFT_EV_CHAN_SEND_WAIT = 29, /* chan / -: the sender blocks */
  WEFT_EV_CHAN_SEND = 30,      /* chan / message id: the value left the sender */
  WEFT_EV_CHAN_RECV_WAIT = 31, /* chan / -: the receiver blocks */
  WEFT_EV_CHAN_RECV = 32,      /* chan / message id (0: closed and drained) */
  WEFT_EV_CHAN_CLOSE = 33,     /* chan / - */
  WEFT_EV_SELECT_BEGIN = 34,   /* - / number of cases; flags: WEFT_SELECT_* */
  WEFT_EV_SELECT_END = 35,     /* chan chosen / case index + 1 (0: default or timeout) */
  WEFT_EV_WAITGROUP = 36,      /* wg / counter after the op; flags: WEFT_WG_* */
  WEFT_EV_CTX_CANCEL = 37,     /* ctx / reason: 1 canceled, 2 deadline exceeded */
  WEFT_EV_DEADLOCK = 38,       /* - / kind; blob: varint count, tids, count, object ids */
  WEFT_EV_MISUSE = 39,         /* object / WeftMisuseKind */
  WEFT_EV_WAITGROUP_WAIT = 40, /* wg / -: blocks until the counter is zero */
  WEFT_EV_WAITGROUP_WAKE = 41, /* wg / - */
  WEFT_EV_ONCE = 42,           /* once / 1 if this call ran the function */
  WEFT_EV_SPAWN = 43,          /* - / -, from the channel library's spawn; blob: the name */
  WEFT_EV_SELECT_WAIT = 44,    /* - / -: no case was ready, the select blocks */
  WEFT_EV_IO_WAIT = 45,        /* fd or 0 / WeftIoCall | detail << 8: a call outside
                                * pthreads blocks; flags: F_TIMED, F_WRITE (to write) */
  WEFT_EV_IO_DONE = 46,        /* fd or 0 / result (bytes, child pid, signal) when >= 0;
                                * alone, flagged F_TRY: a wait that reaped that child
                                * pid without blocking */
  WEFT_EV_DUMP = 47,           /* thread described / WEFT_DUMP_* (process-level; see below) */
  WEFT_EV_THREAD_ARG = 64,     /* where / the address: the argument of the THREAD_CREATE just
                                * before points into the creator's stack; where is 1 + the
                                * zigzag offset from the creator's frame pointer, 0 unknown */
  /* A ThreadSanitizer report, on the lane of the thread TSan reported it in,
   * when it reported it: - / -; blob: the report (WEFT_RACE_BLOB_VERSION,
   * docs/ARCHITECTURE.md "Data races"). */
  WEFT_EV_RACE = 100,
} WeftEventType;

/* RACE blob access flags. */
enum {
  WEFT_RACE_WRITE = 1u << 0,
  WEFT_RACE_ATOMIC = 1u << 1,
  WEFT_RACE_RUNNING = 1u << 2, /* the thread had not ended when TSan reported */
};
#define WEFT_RACE_BLOB_VERSION 1

/* RACE_DETECTOR's detector. */
enum { WEFT_RACE_DETECTOR_TSAN = 1 };

#define WEFT_RESULT(flags) ((unsigned)(flags) >> 8)
#define WEFT_WITH_RESULT(flags, err) ((unsigned)(flags) | ((unsigned)(err) & 0xff) << 8)

/* Flags shared by every event type that can block. */
enum {
  WEFT_F_WRITE = 1u << 0,  /* rwlock write side; mutexes and spinlocks always */
  WEFT_F_TRY = 1u << 1,    /* trylock, tryrdlock, sem_trywait, tryjoin */
  WEFT_F_TIMED = 1u << 2,  /* timedlock, sem_timedwait, timedjoin, cond_timedwait */
  WEFT_F_WAITED = 1u << 3, /* completes an earlier *_WAIT / *_BEGIN of the same call */
  WEFT_F_NAMED = 1u << 4,  /* a named semaphore (sem_open / sem_close) */
};

/* How a thread ended (THREAD_END arg). */
enum {
  WEFT_END_RETURN = 0,
  WEFT_END_PTHREAD_EXIT = 1,
  WEFT_END_PROCESS_EXIT = 2,
  WEFT_END_CANCELED = 3, /* pthread_cancel: after its cleanup handlers ran */
};

/* PROCESS_EXIT flags. */
enum {
  WEFT_EXIT_IMMEDIATE = 1u << 5, /* _exit: no atexit handlers, threads cut off where they are */
};

/* SLEEP_BEGIN flags: the function in the low 2 bits. */
enum {
  WEFT_SLEEP_SLEEP = 0,
  WEFT_SLEEP_USLEEP = 1,
  WEFT_SLEEP_NANOSLEEP = 2,
  WEFT_SLEEP_CLOCK_NANOSLEEP = 3,
  WEFT_SLEEP_FUNCTION_MASK = 3,
  WEFT_SLEEP_ABSOLUTE = 1u << 2, /* clock_nanosleep TIMER_ABSTIME */
};

/* Channel event flags (the WEFT_F_* bits below 1<<5 keep their meaning). */
enum {
  WEFT_CHAN_NONBLOCK = 1u << 5, /* from a select with default, or a try op */
  WEFT_CHAN_OK = 1u << 6,       /* a receive got a value (the channel was open) */
  WEFT_CHAN_IN_SELECT = 1u << 7,
};

/* SELECT_BEGIN flags. */
enum { WEFT_SELECT_F_DEFAULT = 1u << 5, WEFT_SELECT_F_TIMEOUT = 1u << 6 };

/* WAITGROUP flags. */
enum { WEFT_WG_ADD = 0, WEFT_WG_DONE = 1u << 5 };

/* What an IO_WAIT waits in (arg & 0xff). The detail (arg >> 8) is the
 * timeout in ms for the poll and signal families (0: none), the pid waited
 * for, zigzag-encoded, for the wait family, else 0. Append only. */
typedef enum {
  WEFT_IO_READ = 1, WEFT_IO_READV, WEFT_IO_RECV, WEFT_IO_RECVFROM, WEFT_IO_RECVMSG,
  WEFT_IO_WRITE, WEFT_IO_WRITEV, WEFT_IO_SEND, WEFT_IO_SENDTO, WEFT_IO_SENDMSG,
  WEFT_IO_ACCEPT, WEFT_IO_ACCEPT4, WEFT_IO_CONNECT,
  WEFT_IO_POLL, WEFT_IO_PPOLL, WEFT_IO_SELECT, WEFT_IO_PSELECT, WEFT_IO_EPOLL_WAIT,
  WEFT_IO_EPOLL_PWAIT,
  WEFT_IO_WAITPID, WEFT_IO_WAIT, WEFT_IO_WAIT4, WEFT_IO_WAITID,
  WEFT_IO_SIGWAIT, WEFT_IO_SIGWAITINFO, WEFT_IO_SIGTIMEDWAIT, WEFT_IO_PAUSE,
  WEFT_IO_SIGSUSPEND,
  WEFT_IO_FLOCK, WEFT_IO_FCNTL_LOCK,
  WEFT_IO_FGETS, WEFT_IO_GETLINE, WEFT_IO_GETDELIM, WEFT_IO_FGETC, WEFT_IO_GETC,
  WEFT_IO_GETCHAR, WEFT_IO_FREAD, WEFT_IO_SCANF, WEFT_IO_FSCANF, WEFT_IO_VSCANF,
  WEFT_IO_VFSCANF,
  WEFT_IO_CALL_COUNT_
} WeftIoCall;

/* Why such a call waits: the report's blocked_ns.io, .poll, .child, .signal. */
typedef enum { WEFT_IO_CLASS_IO, WEFT_IO_CLASS_POLL, WEFT_IO_CLASS_CHILD, WEFT_IO_CLASS_SIGNAL } WeftIoClass;
/* DUMP: one process-level event per live thread at a stuck dump (Ctrl-C,
 * Ctrl-\, --timeout, the no-progress watch), or for the thread that crashed;
 * the events of one dump share their time. object: the weft thread id.
 * flags: where (low 4 bits) | reason << 4 | for the watch, why the deadlock
 * detector only suspected every thread to be stuck << 8 (1: a signal handler
 * may wake one, 2: another process or a descriptor may, 3: a thread weft
 * cannot see runs; 0: no thread made progress for a while). arg: for WEFT_DUMP_SYSCALL the
 * system call number | its first argument << 16; for a crash the signal.
 * stack: where the thread was (0 for a traced wait: its wait event has it). */
enum {
  WEFT_DUMP_WAITING = 0,   /* in a traced wait: its last wait event says what for */
  WEFT_DUMP_RUNNING = 1,   /* running its own code, outside any system call */
  WEFT_DUMP_SYSCALL = 2,   /* inside a system call weft does not trace */
  WEFT_DUMP_NO_ANSWER = 3, /* its stack could not be taken (signal blocked, inside weft) */
  WEFT_DUMP_WHERE_MASK = 0xf,
  WEFT_DUMP_REASON_SHIFT = 4,
  WEFT_DUMP_REASON_MASK = 0xf,
  WEFT_DUMP_SUSPECT_SHIFT = 8,
};
typedef enum {
  WEFT_DUMP_INTERRUPT = 1, /* Ctrl-C (SIGINT): the program then ends as it would have */
  WEFT_DUMP_QUIT = 2,      /* Ctrl-\ (SIGQUIT): the program runs on */
  WEFT_DUMP_TIMEOUT = 3,   /* weft record --timeout: the program is then ended */
  WEFT_DUMP_WATCH = 4,     /* no progress for a while: suspected hang, runs on */
  WEFT_DUMP_CRASH = 5,     /* a fatal signal in this thread; arg is the signal */
} WeftDumpReason;

/* Metadata records: no tick delta. */
typedef enum {
  WEFT_META_STRING = 48,      /* id; blob: the bytes */
  WEFT_META_OBJECT = 49,      /* id, kind, address, site pc, elem size, epoch; blob: given name */
  WEFT_META_STACK = 50,       /* id, epoch, pcs innermost first (return addresses) */
  WEFT_META_THREAD = 51,      /* tid, parent, os tid, start pc, create pc, epoch */
  WEFT_META_MAPPING = 52,     /* epoch, start, end, file offset; blob: path */
  WEFT_META_FRAME = 53,       /* epoch, pc, function string, file string, line, WEFT_ORIGIN_* */
  WEFT_META_OBJECT_NAME = 54, /* object id, string id: its symbol */
  WEFT_META_CLOCK = 55,       /* tick, CLOCK_MONOTONIC ns read together */
  WEFT_META_PROCESS = 56,     /* pid, ppid, epoch, monotonic ns at start; blob: argv, NUL-separated */
  WEFT_META_LOST = 57,        /* events lost because a write failed */
  WEFT_META_END = 58,         /* exit status: the trace was closed cleanly */
  WEFT_META_SYMBOLIZED = 59,  /* number of frames resolved by weft record */
  WEFT_META_DROPPED = 60,     /* --max-size: chunks, bytes overwritten in the ring, bound */
  /* 62: an object on a thread's stack when first seen: object id, epoch, the
   * pc of the frame whose stack holds it (a return address), that frame's
   * CFA minus the object's address. */
  WEFT_META_OBJECT_FRAME = 62,
  /* The program runs under a race detector (WEFT_RACE_DETECTOR_*): no RACE
   * event then means none was found, not that none was looked for. */
  WEFT_META_RACE_DETECTOR = 168,
  /* weft pack: lines of a source file the stacks name, for a machine that
   * has not got it: first line; blob: the file's name as FRAME records give
   * it, NUL, the lines first.. joined by '\n' (no newline after the last). */
  WEFT_META_SOURCE = 176,
  /* weft pack made this file: WEFT_PACKED_* flags, files embedded, lines. */
  WEFT_META_PACKED = 177,
  /* weft trim cut this file from a longer run: the span's start and end, ns
   * into the original run (this file's times start at the span's start),
   * the original run's duration. */
  WEFT_META_TRIMMED = 178,
} WeftMetaType;

/* PACKED flags. */
enum {
  WEFT_PACKED_PATHS_KEPT = 1u << 0, /* --keep-paths: the command line and home folders as recorded */
};

/* Whose code a frame is in (FRAME's last varint; absent, 0, in older traces):
 * stacks are shown from the program's own first frame. */
typedef enum {
  WEFT_ORIGIN_UNKNOWN = 0,
  WEFT_ORIGIN_PROGRAM = 1, /* the executable, or a library of the program's own */
  WEFT_ORIGIN_WEFT = 2,    /* libweft-*.so */
  WEFT_ORIGIN_SYSTEM = 3,  /* the C library and the rest of the system's */
} WeftFrameOrigin;

/* Object kinds. */
typedef enum {
  WEFT_OBJ_UNKNOWN = 0,
  WEFT_OBJ_MUTEX = 1,
  WEFT_OBJ_RWLOCK = 2,
  WEFT_OBJ_SPINLOCK = 3,
  WEFT_OBJ_SEMAPHORE = 4,
  WEFT_OBJ_CONDVAR = 5,
  WEFT_OBJ_BARRIER = 6,
  WEFT_OBJ_CHANNEL = 7,
  WEFT_OBJ_WAITGROUP = 8,
  WEFT_OBJ_CONTEXT = 9,
  WEFT_OBJ_ONCE = 10,
  WEFT_OBJ_FD = 11, /* a file descriptor: address is the fd, the given name describes it */
  /* A variable of a creator's stack whose address went to two threads (the
   * &i of a loop; see THREAD_ARG): defined so that weft record names it. */
  WEFT_OBJ_VARIABLE = 12,
  WEFT_OBJ_KIND_COUNT_
} WeftObjectKind;

/* Deadlock kinds (issue: detection). */
typedef enum {
  WEFT_DEADLOCK_MUTEX_CYCLE = 1,
  WEFT_DEADLOCK_SELF_RELOCK = 2,
  WEFT_DEADLOCK_JOIN_CYCLE = 3,
  WEFT_DEADLOCK_RWLOCK_UPGRADE = 4,
  WEFT_DEADLOCK_ALL_ASLEEP = 5,
  /* a thread waits for a mutex whose holder does not exist in this process
   * (ended holding it, or a forked child's copy of a lock held at fork);
   * threads: the waiter; objects: the mutex */
  WEFT_DEADLOCK_HOLDER_GONE = 6,
} WeftDeadlockKind;

/* Misuse kinds. */
typedef enum {
  WEFT_MISUSE_UNLOCK_NOT_OWNER = 1,
  WEFT_MISUSE_DESTROY_LOCKED = 2,
  WEFT_MISUSE_SEND_ON_CLOSED = 3,
  WEFT_MISUSE_CLOSE_CLOSED = 4,
  WEFT_MISUSE_CLOSE_NIL = 5,
  WEFT_MISUSE_NEGATIVE_WAITGROUP = 6,
  WEFT_MISUSE_EXIT_HOLDING_LOCK = 7, /* found after the run, never in a trace */
  WEFT_MISUSE_WG_ADD_IN_WORKER = 8,  /* after the run: Add made by the thread it counts */
  WEFT_MISUSE_WG_ADD_RACES_WAIT = 9, /* after the run: Add from zero while a Wait waits, or
                                      * after one returned */
  /* Kinds 10 and up are found after the run from the events (their result
   * errno, who holds what), except NOT_INITIALISED, which the preload
   * writes as it first sees a barrier or semaphore no init call made. */
  WEFT_MISUSE_COND_WAIT_NOT_HELD = 10,    /* object: the cond; the mutex is not held */
  WEFT_MISUSE_COND_WAIT_OTHER_MUTEX = 11, /* another waiter uses another mutex */
  WEFT_MISUSE_DOUBLE_UNLOCK = 12,         /* unlocked again by the thread that unlocked it */
  WEFT_MISUSE_UNLOCK_NEVER_LOCKED = 13,
  WEFT_MISUSE_DESTROY_COND_WAITERS = 14,
  WEFT_MISUSE_DESTROY_BARRIER_WAITERS = 15,
  WEFT_MISUSE_REINIT_LIVE = 16,           /* init of an object initialised and not destroyed */
  WEFT_MISUSE_JOIN_SELF = 17,
  WEFT_MISUSE_JOIN_DETACHED = 18,
  WEFT_MISUSE_JOIN_JOINED = 19,
  WEFT_MISUSE_DETACH_TWICE = 20,
  WEFT_MISUSE_BARRIER_COUNT_ZERO = 21,
  WEFT_MISUSE_BARRIER_OVERSUBSCRIBED = 22, /* waits in a cycle its count never fills */
  WEFT_MISUSE_RWLOCK_UNLOCK_NOT_HELD = 23,
  WEFT_MISUSE_RWLOCK_RELOCK = 24,          /* EDEADLK: it holds it already */
  WEFT_MISUSE_SEM_BAD_VALUE = 25,          /* sem_init above SEM_VALUE_MAX */
  WEFT_MISUSE_SEM_OVERFLOW = 26,           /* sem_post: EOVERFLOW */
  WEFT_MISUSE_NOT_INITIALISED = 27,        /* memory no init call made that kind of object */
  WEFT_MISUSE_RECURSIVE_OVER_UNLOCK = 28,
  WEFT_MISUSE_ERRORCHECK_RELOCK = 29,      /* EDEADLK */
  WEFT_MISUSE_CALL_FAILED = 30,            /* any other error a traced call returned */
  WEFT_MISUSE_PROCESS_END_HOLDING_LOCK = 31, /* exit, or a killing signal, with a lock held */
  WEFT_MISUSE_KIND_LIMIT_ = 32,
} WeftMisuseKind;

_Static_assert(sizeof(WeftFileHeader) == 32, "file header is 32 bytes");
_Static_assert(sizeof(WeftChunkHeader) == 24, "chunk header is 24 bytes");
_Static_assert(WEFT_EV_SELECT_WAIT < WEFT_REC_META_FIRST, "event types fit below metadata");
