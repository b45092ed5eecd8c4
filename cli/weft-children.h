/* weft-children.h: the traces of a recorded program's child processes. */
#pragma once

#include <time.h>

/* Names the addresses of every child trace (<root>-<pid>.weft beside `root`)
 * written since `since`, prints its deadlocks and says where it is;
 * `shown_root` is the root trace as the user named it. Returns how many. */
unsigned weft_record_children(const char *root, const char *shown_root, time_t since);
/* Moves the child traces of `root` to go with `to` (<to>-<pid>.weft), as a
 * root trace renamed keeps its family; `to` NULL removes them. */
void weft_children_move(const char *root, const char *to);
