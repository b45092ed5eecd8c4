/* weft-record-view.c: the viewer beside a run being recorded. */
#include "weft-record-view.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "weft-format.h"
#include "weft-i18n.h"

#define HEADER_WAIT_MS 3000

bool weft_record_view_possible(void) {
  const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
  if ((x && *x) || (w && *w))
    return true;
  fprintf(stderr, _("weft record: --view needs a display; recording without the viewer (open "
                    "the trace afterwards with weft view)\n"));
  return false;
}

pid_t weft_record_view_start(const char *trace_path) {
  struct stat st;
  for (int ms = 0; ms < HEADER_WAIT_MS; ms += 20) { /* the preload writes it first thing */
    if (stat(trace_path, &st) == 0 && st.st_size >= (off_t)sizeof(WeftFileHeader))
      break;
    nanosleep(&(struct timespec){0, 20 * 1000000}, NULL);
  }
  pid_t pid = fork();
  if (pid != 0)
    return pid; /* its window outlives weft record: not waited for */
  setsid(); /* Ctrl-C in the terminal is for the program, not the window */
  for (int fd = 3; fd < 1024; fd++)
    close(fd); /* weft record's pipes are not the viewer's */
  execl("/proc/self/exe", "weft", "view", "--follow", trace_path, (char *)NULL);
  fprintf(stderr, _("weft record: cannot start the viewer; open the trace with weft view\n"));
  _exit(127);
}
