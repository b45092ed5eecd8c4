/* weft-cli-family.h: the options of the reading commands that choose which
 * traces of a family to open (--no-children, --process PID). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "weft-trace.h"

/* Takes --no-children and --process PID out of argv (before any "--"), for
 * weft_cli_open_trace(); 0, or an exit status after saying what is wrong. */
int weft_cli_family_take_options(const char *cmd, int *argc, char **argv);
/* Those options, for a command's --help. */
void weft_cli_family_usage(FILE *out);
/* --no-children: the root trace alone. */
bool weft_cli_family_no_children(void);
/* For the commands that rewrite one file (pack, trim): its events only. */
void weft_cli_family_root_only(void);
/* The path to open for --process: the root's or a child's trace; NULL
 * without --process, or when the family has no such process (said, *rc set). */
char *weft_cli_family_process_path(const char *root, int *rc);
/* What a trace skipped (truncation, damage), one line each, naming path. */
void weft_cli_family_warn(const char *path, const WeftTraceInfo *info);
/* The same for each child of a family, and its trace missing or unreadable. */
void weft_cli_family_warn_children(const WeftTrace *t);
