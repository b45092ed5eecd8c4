/* weft-symbolize.h: resolve a finished trace's addresses in place. */
#pragma once

/* Appends names for the trace's frames and global objects that have none
 * yet (it may run again on a trace still being written). Returns 0, or -1
 * with errno. */
int weft_symbolize(const char *path, unsigned *frames);
