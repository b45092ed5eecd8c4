/* Every public header of weft in one file: the reader's, the format's, the
 * annotations' and the channel library's must coexist (issue #11). */
#include "weft-annotate.h"
#include "weft-chan-probe.h"
#include "weft-chan.h"
#include "weft-format.h"
#include "weft-trace.h"

#include <stdio.h>

int main(void) {
  /* The channel library's codes and the reader's statuses are distinct names. */
  int chan_ok = WEFT_OK, select_default = WEFT_SELECT_DEFAULT;
  WeftStatus trace_ok = WEFT_TRACE_OK;
  unsigned flag = WEFT_SELECT_F_DEFAULT;
  if (chan_ok != 0 || trace_ok != 0 || select_default >= 0 || flag == 0) {
    fprintf(stderr, "unexpected values\n");
    return 1;
  }
  return 0;
}
