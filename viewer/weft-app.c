#include <gtk/gtk.h>
#include "weft-viewer.h"
int weft_viewer_run(int argc, char **argv) { (void)argc; (void)argv; return 0; }
