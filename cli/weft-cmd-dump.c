/* weft-cmd-dump.c: `weft dump FILE`: every event, one a line, in time order:
 * time, thread, event, object, argument, result; with --narrate, each one
 * as the viewer's narration line says it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft-cli.h"
#include "weft-cli-family.h"
#include "weft-commands.h"
#include "weft-i18n.h"
#include "weft-narration.h"
#include "weft-text.h"
#include "weft-thread-names.h"
#include "weft-trace.h"

static void dump_usage(FILE *out) {
  fprintf(out, _("Usage: weft dump [OPTIONS] FILE\n\n"
                 "Prints every event of a trace, one a line, in time order:\n"
                 "time (ns), thread, event, object, argument, result.\n\n"
                 "Options:\n"
                 "  -n, --narrate  each event as a sentence, as the viewer says it\n"
                 "  -h, --help     show this help\n"));
  weft_cli_family_usage(out);
}

static void lost_line(const WeftTrace *t) {
  const WeftTraceInfo *info = weft_trace_info(t);
  if (info->lost_events)
    printf(_("# %llu events lost\n"), (unsigned long long)info->lost_events);
}

/* One replay moved along: each sentence knows what its thread holds. */
static int dump_narrated(const WeftTrace *t, WeftEventCursor *c) {
  WeftReplay *r = weft_replay_new(t);
  WeftEvent e;
  while (r && weft_event_cursor_next(c, &e)) {
    char *s = weft_replay_feed(r, &e) ? weft_narrate_event(t, &e, r) : NULL;
    if (!s) {
      weft_replay_free(r);
      r = NULL;
      break;
    }
    char when[32];
    weft_format_ns(when, sizeof when, e.time);
    int extra = 0; /* bytes past the first of each UTF-8 character ("µs") */
    for (const char *p = when; *p; p++)
      extra += ((unsigned char)*p & 0xc0) == 0x80;
    printf("%*s  %s\n", 10 + extra, when, s);
    free(s);
  }
  if (!r) {
    fprintf(stderr, _("weft dump: out of memory\n"));
    return WEFT_EXIT_SOFTWARE;
  }
  weft_replay_free(r);
  lost_line(t);
  return 0;
}

static void dump_event(const WeftTrace *t, const WeftEvent *e, const WeftThread *threads,
                       char (*labels)[64]) {
  const WeftThread *th = weft_trace_thread(t, e->thread);
  const char *who = labels && th && labels[th - threads][0] ? labels[th - threads] : "?";
  const WeftObject *o = e->object ? weft_trace_object(t, e->object) : NULL;
  printf("%12llu %3u %-14s %-16s %-18s", (unsigned long long)e->time, e->thread, who,
         weft_event_type_name(e->type), o ? o->name : e->object ? "?" : "-");
  switch (e->type) {
  case WEFT_EV_THREAD_NAME:
  case WEFT_EV_REGION_BEGIN:
  case WEFT_EV_REGION_END:
  case WEFT_EV_LOG:
  case WEFT_EV_SPAWN:
  case WEFT_EV_EXEC: {
    const char *s = weft_trace_string(t, e->arg);
    printf(" \"%s\"", s ? s : "");
    break;
  }
  case WEFT_EV_IO_WAIT: { /* the call, and its timeout or the pid it waits for */
    unsigned call = (unsigned)(e->arg & 0xff);
    uint64_t detail = e->arg >> 8;
    printf(" %s", weft_io_call_name(call));
    if (weft_io_call_class(call) == WEFT_IO_CLASS_CHILD)
      printf(" pid %lld", (long long)(detail >> 1) ^ -(long long)(detail & 1));
    else if (detail)
      printf(" %llu ms", (unsigned long long)detail);
    break;
  }
  default:
    if (e->arg)
      printf(" %llu", (unsigned long long)e->arg);
    break;
  }
  unsigned res = WEFT_RESULT(e->flags);
  if (res)
    printf(" -> %s", strerror((int)res));
  putchar('\n');
}

int weft_cmd_dump(int argc, char **argv) {
  static const struct option opts[] = {
      {"help", no_argument, NULL, 'h'}, {"narrate", no_argument, NULL, 'n'}, {0, 0, 0, 0}};
  int c;
  bool narrate = false;
  int family_rc = weft_cli_family_take_options("dump", &argc, argv);
  if (family_rc)
    return family_rc;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, "hn", opts, NULL)) != -1) {
    if (c == 'h') {
      dump_usage(stdout);
      return 0;
    }
    if (c == 'n') {
      narrate = true;
      continue;
    }
    fprintf(stderr, _("weft dump: unknown option '%s'; try 'weft dump --help'\n"),
            argv[optind - 1]);
    return WEFT_EXIT_USAGE;
  }
  if (optind != argc - 1) {
    fprintf(stderr, _("weft dump: expected one trace file; usage: weft dump FILE\n"));
    return WEFT_EXIT_USAGE;
  }
  WeftTrace *t;
  /* events one at a time: a trace of any length in constant memory */
  int rc = weft_cli_open_trace_streamed(argv[optind], 0, &t);
  if (rc)
    return rc;
  WeftEventCursor *cur = weft_event_cursor_new(t);
  if (!cur) {
    fprintf(stderr, _("weft dump: out of memory\n"));
    weft_trace_free(t);
    return WEFT_EXIT_SOFTWARE;
  }
  if (narrate) {
    rc = dump_narrated(t, cur);
  } else {
    size_t nth;
    /* display names ("worker #3"), made once */
    const WeftThread *threads = weft_trace_threads(t, &nth);
    /* by position in threads, not by id: ids may be sparse */
    char (*labels)[64] = calloc(nth ? nth : 1, sizeof *labels);
    for (size_t i = 0; labels && i < nth; i++)
      weft_thread_display_name(t, threads[i].id, labels[i], sizeof labels[0]);
    WeftEvent e;
    while (weft_event_cursor_next(cur, &e))
      dump_event(t, &e, threads, labels);
    lost_line(t);
    free(labels);
  }
  weft_event_cursor_free(cur);
  weft_trace_free(t);
  return rc;
}
