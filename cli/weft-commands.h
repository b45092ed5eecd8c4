/* weft-commands.h: one function per subcommand, each in weft-cmd-NAME.c.
 * argv[0] is the subcommand's name; the return value is the exit status. */
#pragma once

#include <stddef.h>

int weft_cmd_record(int argc, char **argv);
int weft_cmd_dump(int argc, char **argv);
int weft_cmd_report(int argc, char **argv);
int weft_cmd_export(int argc, char **argv);
int weft_cmd_pack(int argc, char **argv);
int weft_cmd_trim(int argc, char **argv);
int weft_cmd_check(int argc, char **argv);
int weft_cmd_render(int argc, char **argv); /* viewer/: only with -Dviewer */
int weft_cmd_view(int argc, char **argv);   /* viewer/: only with -Dviewer */

/* Exit statuses of weft's own errors (a recorded program's status passes through). */
enum {
  WEFT_EXIT_USAGE = 64,   /* bad flag or argument, as sysexits' EX_USAGE */
  WEFT_EXIT_DATAERR = 65, /* the trace cannot be read */
  WEFT_EXIT_NOINPUT = 66, /* a file is missing or unreadable */
  WEFT_EXIT_UNAVAILABLE = 69, /* a part weft needs is missing (preload, display) */
  WEFT_EXIT_SOFTWARE = 70,
  WEFT_EXIT_CANTCREAT = 73,
  WEFT_EXIT_IOERR = 74,   /* --strict: the trace lost events */
  WEFT_EXIT_NOTFOUND = 127, /* the program to record cannot be found, as the shell */
  WEFT_EXIT_NOEXEC = 126,
};

/* Prints "weft: <message>" on stderr for a trace that could not be opened
 * and returns the exit status to use. */
struct WeftTrace;
int weft_cli_open_trace(const char *path, struct WeftTrace **out);
/* The same for the commands that can read the events once, in order, through
 * a cursor: streamed, in memory that does not grow with the trace, unless it
 * has at most whole_max events or the program forked (a family is read
 * whole). */
int weft_cli_open_trace_streamed(const char *path, size_t whole_max, struct WeftTrace **out);
/* weft report's bound: past it, what needs every event at hand at once (the
 * course's findings, dumps) is not checked, and says so. */
#define WEFT_REPORT_WHOLE_MAX 4000000u
/* `weft report --json`'s object on stdout; false when memory ran out. */
#include <stdbool.h>
bool weft_report_json(const struct WeftTrace *t);
