/* weft-stack-view.h: stacks as a learner reads them. They start at the
 * program's own first frame; the frames of weft's libraries and the C library
 * above it fold into one line naming the call the program made; a signal
 * frame reads "<signal handler>"; the C library's thread and process entry
 * below the program's code is left out. The trace and the JSON keep every
 * frame. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "weft-text.h"
#include "weft-trace.h"

/* One frame as "function (file:line)", or what is known of it. */
void weft_format_frame(char *out, size_t size, const WeftFrame *frame);
/* In the program's own code (by the symboliser's origin, else by its name). */
bool weft_frame_is_user(const WeftFrame *f);
/* The signal trampoline between a handler and the code it interrupted. */
bool weft_frame_is_signal(const WeftFrame *f);
/* Index of the first frame, innermost first, in the program's own code, or
 * depth when there is none. */
size_t weft_stack_user_frame(const WeftFrame *f, size_t depth);
/* The frame to name a place by: the program's own, even without a line (a
 * program built without -g), else the innermost with a line; depth when
 * there is none. */
size_t weft_stack_place_frame(const WeftFrame *f, size_t depth);
/* The program's own frames are known by their symbols only, none by a line:
 * it was built without -g. */
bool weft_trace_lacks_lines(const WeftTrace *t);
/* The frames worth showing, from 0: the C library's entry points below the
 * program's code are not. */
size_t weft_stack_shown_depth(const WeftFrame *f, size_t depth);
/* "function (file:line)" of a stack's user frame (else its innermost frame);
 * false when the stack is unknown. */
bool weft_stack_user_line(const WeftTrace *t, uint32_t stack, char *out, size_t size);
/* "file.c:42" of a stack's user frame (its function without line
 * information); false when it has none. */
bool weft_stack_user_site(const WeftTrace *t, uint32_t stack, char *out, size_t size);
/* The frames to show, folded as above: their indices in out (at most max),
 * and in *call the frame of the call the program made that the frames
 * before it fold into (SIZE_MAX when none fold). */
size_t weft_stack_fold(const WeftFrame *f, size_t depth, size_t *call, size_t *out,
                       size_t max);
/* The stack, one line each under indent, folded as above. `object`, when
 * not NULL, names what the folded call was about ("weft_chan_recv on jobs"). */
void weft_stack_describe(WeftText *x, const WeftTrace *t, uint32_t stack, const char *object,
                         const char *indent);
