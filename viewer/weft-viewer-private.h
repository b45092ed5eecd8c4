/* weft-viewer-private.h: helpers shared by the viewer's files. */
#pragma once

#include <libintl.h>

/* dgettext, not gettext: the renderer is a library and must not depend on
 * the program's textdomain() call. */
#define _(s) dgettext(GETTEXT_PACKAGE, s)
#define N_(s) (s)
