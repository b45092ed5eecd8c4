/* weft-severity.h: how much each kind of finding weighs, in one table.
 *
 * "error" is a bug that fails a lab grade; "note" is worth reading but the
 * program may be right. Every finding weft reports has a row, by the id it
 * carries in JSON (a misuse kind's id, or the finding class's); docs/JSON.md
 * prints the same table, and a test checks that the two agree. */
#pragma once

#include <stddef.h>

typedef enum { WEFT_SEVERITY_NOTE = 0, WEFT_SEVERITY_ERROR = 1 } WeftSeverity;

typedef struct {
  const char *finding; /* "deadlock", "lock-order-note", "double-unlock", ... */
  WeftSeverity severity;
} WeftSeverityRow;

/* The whole table, in the order docs/JSON.md lists it. */
const WeftSeverityRow *weft_severity_table(size_t *n);
/* The severity of a finding id; an id missing from the table is an error,
 * so that a new kind is never graded lighter by accident. */
WeftSeverity weft_severity_of(const char *finding);
/* The severity of a misuse kind (WeftMisuseKind). */
WeftSeverity weft_misuse_severity(unsigned kind);
/* "error" or "note", as JSON says it. */
const char *weft_severity_name(WeftSeverity s);
