/* weft-cli.h: helpers shared by the subcommands. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The directory of the running weft executable. */
bool weft_cli_self_dir(char *out, size_t size);
/* Runs weft itself with argv (argv[0] "weft", then a command) and waits:
 * its exit status (128+N for a signal), or -1 if it could not run. out and
 * err, when >= 0, become its stdout and stderr. */
int weft_cli_run_self(char *const argv[], int out, int err);
/* The major version in a trace's header, 0 if unreadable. */
unsigned weft_trace_peek_major(const char *path);
/* "12.3ms", "4.1µs", ... */
void weft_cli_format_ns(char *out, size_t size, uint64_t ns);
/* "512 B", "3.4 MiB", "1.00 GiB". */
void weft_cli_format_bytes(char *out, size_t size, uint64_t bytes);
/* A program's command line, its arguments joined by spaces (cut at size). */
void weft_cli_join_args(char *out, size_t size, int n, char *const args[]);
/* A JSON string literal with escapes. */
void weft_json_string(FILE *out, const char *s);
