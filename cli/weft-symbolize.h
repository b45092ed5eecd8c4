/* weft-symbolize.h: resolve a finished trace's addresses in place. */
#pragma once

/* Appends names for the trace's frames and global objects. Returns 0, or -1
 * with errno. A trace already symbolised is left as it is. */
int weft_symbolize(const char *path, unsigned *frames);
