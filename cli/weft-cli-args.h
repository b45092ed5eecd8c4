/* weft-cli-args.h: the arguments the trace-reading subcommands share: a
 * time option's value, the one trace after the options. Each says what is
 * wrong in one line, as "weft CMD: ...". */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for n + 1 elements of `size` bytes in *v, which holds *cap: false
 * when out of memory (*v unchanged). */
bool weft_cli_grow(void **v, size_t *cap, size_t n, size_t size);
/* Says "weft CMD: " then fmt with arg, on one line; returns the usage exit
 * status. */
int weft_cli_bad(const char *cmd, const char *fmt, const char *arg);
/* Parses a time with a unit (1.5s, 20ms, 300us); false after saying it is bad. */
bool weft_cli_time_arg(const char *cmd, const char *flag, const char *arg, uint64_t *ns);
/* The one trace after the options (argv[first]), in *path: 0, or the usage
 * exit status after saying what is missing or too much. */
int weft_cli_one_trace(const char *cmd, int argc, char **argv, int first, const char **path);
/* The same for a command that writes a trace from it: output is -o's value
 * (NULL: not given, said with `example`), never the trace itself. */
int weft_cli_trace_to_trace(const char *cmd, int argc, char **argv, int first, const char *output,
                            const char *example, const char **path);
