/* Locks once, then execs itself; the new image locks twice. The trace must
 * hold all three, in one file: the new image goes on tracing. Also emits a
 * region and a log line through weft-annotate.h. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "weft-annotate.h"

static pthread_mutex_t image_mu = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "again")) {
    WEFT_REGION_BEGIN("second image");
    for (int i = 0; i < 2; i++) {
      pthread_mutex_lock(&image_mu);
      pthread_mutex_unlock(&image_mu);
    }
    WEFT_LOG("exec", "done after %d locks", 2);
    WEFT_REGION_END("second image");
    return 0;
  }
  pthread_mutex_lock(&image_mu);
  pthread_mutex_unlock(&image_mu);
  char *args[] = {argv[0], "again", NULL};
  execv(argv[0], args);
  return 1;
}
