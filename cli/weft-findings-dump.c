/* weft-findings-dump.c: the stuck dumps and crashes of a trace, in words.
 *
 * A dump is the DUMP events written at one tick (see weft-format.h). A thread
 * in a traced wait is told as a deadlock report tells it (what it waits for,
 * who holds it, what it holds); any other thread by what it runs or the
 * system call it sits in, and its stack from the user's own line down. */
#include "weft-findings-dump.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "weft-cli.h"
#include "weft-deadlock-text.h"
#include "weft-findings-text.h"
#include "weft-stack-view.h"
#include "weft-i18n.h"

WeftDumpFinding *weft_find_dumps(const WeftTrace *t, size_t *count) {
  size_t nev, n = 0, cap = 0;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  WeftDumpFinding *out = NULL;
  for (size_t i = 0; i < nev; i++) {
    if (ev[i].type != WEFT_EV_DUMP)
      continue;
    unsigned reason = (unsigned)ev[i].flags >> WEFT_DUMP_REASON_SHIFT & WEFT_DUMP_REASON_MASK;
    WeftDumpFinding *last = n ? &out[n - 1] : NULL;
    if (last && reason != WEFT_DUMP_CRASH && last->reason == reason && last->time == ev[i].time &&
        last->first + last->count == i) {
      last->count++;
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 4;
      WeftDumpFinding *grown = realloc(out, cap * sizeof *out);
      if (!grown)
        break;
      out = grown;
    }
    out[n++] = (WeftDumpFinding){ev[i].time, reason,
                                 (unsigned)ev[i].flags >> WEFT_DUMP_SUSPECT_SHIFT, i, 1};
  }
  *count = n;
  return out;
}

const char *weft_dump_reason_id(unsigned reason) {
  switch (reason) {
  case WEFT_DUMP_INTERRUPT: return "interrupt";
  case WEFT_DUMP_QUIT: return "quit";
  case WEFT_DUMP_TIMEOUT: return "timeout";
  case WEFT_DUMP_WATCH: return "suspected-hang";
  case WEFT_DUMP_CRASH: return "crash";
  default: return "unknown";
  }
}

static const char *syscall_name(long nr) {
  switch (nr) {
  case SYS_read: return "read";
  case SYS_write: return "write";
  case SYS_readv: return "readv";
  case SYS_writev: return "writev";
  case SYS_pread64: return "pread";
  case SYS_pwrite64: return "pwrite";
  case SYS_accept: return "accept";
  case SYS_accept4: return "accept4";
  case SYS_connect: return "connect";
  case SYS_recvfrom: return "recvfrom";
  case SYS_recvmsg: return "recvmsg";
  case SYS_sendto: return "sendto";
  case SYS_sendmsg: return "sendmsg";
  case SYS_poll: return "poll";
  case SYS_ppoll: return "ppoll";
  case SYS_select: return "select";
  case SYS_pselect6: return "pselect";
  case SYS_epoll_wait: return "epoll_wait";
  case SYS_epoll_pwait: return "epoll_pwait";
  case SYS_wait4: return "waitpid";
  case SYS_waitid: return "waitid";
  case SYS_futex: return "futex";
  case SYS_nanosleep: return "nanosleep";
  case SYS_clock_nanosleep: return "clock_nanosleep";
  case SYS_pause: return "pause";
  case SYS_rt_sigsuspend: return "sigsuspend";
  case SYS_rt_sigtimedwait: return "sigwait";
  case SYS_flock: return "flock";
  case SYS_fcntl: return "fcntl";
  case SYS_openat: return "open";
  default: return NULL;
  }
}

/* System calls whose first argument is a file descriptor. */
static bool takes_fd(long nr) {
  switch (nr) {
  case SYS_read: case SYS_write: case SYS_readv: case SYS_writev: case SYS_pread64:
  case SYS_pwrite64: case SYS_accept: case SYS_accept4: case SYS_connect: case SYS_recvfrom:
  case SYS_recvmsg: case SYS_sendto: case SYS_sendmsg: case SYS_epoll_wait: case SYS_epoll_pwait:
  case SYS_flock: case SYS_fcntl:
    return true;
  default:
    return false;
  }
}

/* The first frame with a source line: the user's own code, past libc's. */
/* The program's own first frame (past the C library's and weft's), else the
 * innermost one. */
static const WeftFrame *user_frame(const WeftTrace *t, uint32_t stack) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  if (!depth)
    return NULL;
  size_t user = weft_stack_user_frame(f, depth);
  return &f[user < depth ? user : 0];
}

static void print_at(FILE *out, const WeftTrace *t, uint32_t stack) {
  const WeftFrame *f = user_frame(t, stack);
  if (!f)
    return;
  char where[512];
  weft_format_frame(where, sizeof where, f);
  fprintf(out, _(", at %s"), where);
}

/* The stack from the program's own line (a stack taken in a signal handler
 * has the signal trampoline and the C library above it: nothing to fold). */
static void print_user_stack(FILE *out, const WeftTrace *t, uint32_t stack) {
  size_t depth;
  const WeftFrame *f = weft_trace_stack(t, stack, &depth);
  size_t user = weft_stack_user_frame(f, depth), shown = weft_stack_shown_depth(f, depth);
  for (size_t i = user < depth ? user : 0; i < shown; i++) {
    char line[512];
    weft_format_frame(line, sizeof line, &f[i]);
    fprintf(out, "    %s\n", line);
  }
}

/* The end of a thread's entry: its line, its locks, its stack. */
static void end_thread(FILE *out, const WeftTrace *t, const WeftReplay *w, uint32_t tid,
                       uint32_t stack) {
  print_at(out, t, stack);
  if (w)
    weft_findings_holds(out, t, w, tid);
  fputs(_(":\n"), out);
  print_user_stack(out, t, stack);
  fprintf(out, "\n");
}

static const char *signal_label(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV";
  case SIGBUS: return "SIGBUS";
  case SIGFPE: return "SIGFPE";
  case SIGILL: return "SIGILL";
  case SIGABRT: return "SIGABRT";
  default: return "?";
  }
}

static const char *suspect_reason(unsigned suspect) {
  switch (suspect) {
  case 1: return _("a signal handler could still post a semaphore one waits on");
  case 2: return _("another process or a descriptor could still wake one");
  case 3: return _("a thread weft cannot see is still running");
  default: return "?";
  }
}

static void print_headline(FILE *out, const WeftTrace *t, const WeftDumpFinding *d) {
  char when[32];
  weft_cli_format_ns(when, sizeof when, d->time);
  switch (d->reason) {
  case WEFT_DUMP_INTERRUPT:
    fprintf(out, _("\nweft: interrupted (Ctrl-C) at %s; each thread was:\n\n"), when);
    break;
  case WEFT_DUMP_QUIT:
    fprintf(out, _("\nweft: Ctrl-\\ at %s; each thread (the program runs on):\n\n"), when);
    break;
  case WEFT_DUMP_TIMEOUT:
    fprintf(out, _("\nweft: still running at %s, past --timeout; each thread was:\n\n"), when);
    break;
  case WEFT_DUMP_WATCH: {
    if (d->suspect) {
      fprintf(out,
              _("\nweft: suspected hang at %s: every thread waits, but %s, so weft lets the "
                "program run; each thread (Ctrl-\\ dumps again):\n\n"),
              when, suspect_reason(d->suspect));
      break;
    }
    size_t nev;
    const WeftEvent *ev = weft_trace_events(t, &nev);
    uint64_t last = 0;
    for (size_t i = 0; i < d->first; i++)
      if (ev[i].thread)
        last = ev[i].time;
    char quiet[32];
    weft_cli_format_ns(quiet, sizeof quiet, d->time - last);
    fprintf(out,
            _("\nweft: suspected hang at %s: no thread has made progress for %s; each thread "
              "(the program runs on; Ctrl-\\ dumps again):\n\n"),
            when, quiet);
    break;
  }
  default: break;
  }
}

static void print_crash(FILE *out, const WeftTrace *t, const WeftReplay *w, const WeftEvent *e) {
  uint32_t tid = e->object;
  fprintf(out, _("\nweft: thread %u \"%s\" crashed: %s (%s)"), tid, weft_findings_label(t, tid),
          signal_label((int)e->arg), strsignal((int)e->arg));
  end_thread(out, t, w, tid, e->stack);
}

void weft_print_dump(FILE *out, const WeftTrace *t, const WeftDumpFinding *d, int live_pid) {
  size_t nev;
  const WeftEvent *ev = weft_trace_events(t, &nev);
  WeftReplay *w = weft_replay_at_time(t, d->time);
  if (d->reason == WEFT_DUMP_CRASH) {
    print_crash(out, t, w, &ev[d->first]);
    weft_replay_free(w);
    return;
  }
  print_headline(out, t, d);
  bool spins = false, reads_stdin = false;
  for (size_t i = d->first; i < d->first + d->count; i++) {
    const WeftEvent *e = &ev[i];
    uint32_t tid = e->object;
    unsigned where = e->flags & WEFT_DUMP_WHERE_MASK;
    if (where == WEFT_DUMP_WAITING && w && weft_findings_wait(out, t, w, tid, d->time))
      continue;
    fprintf(out, _("thread %u \"%s\" "), tid, weft_findings_label(t, tid));
    if (where == WEFT_DUMP_RUNNING) {
      fprintf(out, _("runs its own code, in no call weft sees"));
      spins = true;
    } else if (where == WEFT_DUMP_SYSCALL) {
      long nr = (long)(e->arg & 0xffff);
      long fd = (long)(e->arg >> 16);
      const char *name = syscall_name(nr);
      if (name)
        fprintf(out, _("is blocked in the system call %s"), name);
      else
        fprintf(out, _("is blocked in system call %ld"), nr);
      if (takes_fd(nr)) {
        fprintf(out, _(" on fd %ld"), fd);
        char link[64], target[256];
        snprintf(link, sizeof link, "/proc/%d/fd/%ld", live_pid, fd);
        ssize_t n = live_pid ? readlink(link, target, sizeof target - 1) : -1;
        if (n > 0) {
          target[n] = 0;
          fprintf(out, " (%s)", target);
        }
        reads_stdin = reads_stdin || (fd == 0 && (nr == SYS_read || nr == SYS_readv));
      }
    } else if (where == WEFT_DUMP_NO_ANSWER) {
      fprintf(out, _("runs, but its stack could not be taken"));
    } else {
      fprintf(out, _("is inside a traced call"));
    }
    end_thread(out, t, w, tid, e->stack);
  }
  if (spins)
    fprintf(out, _("hint: a thread that runs its own code and never calls anything weft sees may "
                   "spin on a plain variable that another thread sets: make it an atomic, or "
                   "wait on a condition variable.\n"));
  if (reads_stdin)
    fprintf(out, _("hint: a thread waits for input on its standard input (fd 0): type a line, "
                   "or give the program a file with <.\n"));
  weft_replay_free(w);
}

void weft_json_dumps(FILE *out, const WeftTrace *t) {
  size_t n, nev;
  WeftDumpFinding *d = weft_find_dumps(t, &n);
  const WeftEvent *ev = weft_trace_events(t, &nev);
  static const char *const wheres[] = {"waiting", "running", "syscall", "no-answer"};
  fprintf(out, "  \"dumps\": [");
  size_t k = 0;
  const WeftDumpFinding *crash = NULL;
  for (size_t i = 0; i < n; i++) {
    if (d[i].reason == WEFT_DUMP_CRASH) {
      crash = crash ? crash : &d[i];
      continue;
    }
    fprintf(out, "%s\n    {\"time_ns\": %llu, \"reason\": \"%s\", \"threads\": [", k++ ? "," : "",
            (unsigned long long)d[i].time, weft_dump_reason_id(d[i].reason));
    for (size_t j = d[i].first; j < d[i].first + d[i].count; j++) {
      unsigned where = ev[j].flags & WEFT_DUMP_WHERE_MASK;
      fprintf(out, "%s{\"thread\": %u, \"state\": \"%s\"", j > d[i].first ? ", " : "",
              ev[j].object, where < 4 ? wheres[where] : "?");
      if (where == WEFT_DUMP_SYSCALL) {
        const char *name = syscall_name((long)(ev[j].arg & 0xffff));
        fprintf(out, ", \"syscall\": ");
        weft_json_string(out, name ? name : "?");
        if (takes_fd((long)(ev[j].arg & 0xffff)))
          fprintf(out, ", \"fd\": %llu", (unsigned long long)(ev[j].arg >> 16));
      }
      const WeftFrame *f = user_frame(t, ev[j].stack);
      if (f) {
        char at[512];
        weft_format_frame(at, sizeof at, f);
        fprintf(out, ", \"at\": ");
        weft_json_string(out, at);
      }
      fprintf(out, "}");
    }
    fprintf(out, "]}");
  }
  fprintf(out, "%s],\n  \"crash\": ", k ? "\n  " : "");
  if (!crash) {
    fprintf(out, "null,\n");
  } else {
    const WeftEvent *e = &ev[crash->first];
    fprintf(out, "{\"time_ns\": %llu, \"thread\": %u, \"signal\": \"%s\", \"at\": ",
            (unsigned long long)e->time, e->object, signal_label((int)e->arg));
    const WeftFrame *f = user_frame(t, e->stack);
    char at[512];
    if (f)
      weft_format_frame(at, sizeof at, f);
    if (f)
      weft_json_string(out, at);
    else
      fprintf(out, "null");
    fprintf(out, ", \"holds\": [");
    WeftReplay *w = weft_replay_at_time(t, e->time);
    const WeftThreadNow *now = w ? weft_replay_thread(w, e->object) : NULL;
    for (int i = 0; now && i < now->nheld; i++) {
      const WeftObject *o = weft_trace_object(t, now->held[i].object);
      fprintf(out, "%s", i ? ", " : "");
      weft_json_string(out, o ? o->name : "?");
    }
    weft_replay_free(w);
    fprintf(out, "]},\n");
  }
  free(d);
}
