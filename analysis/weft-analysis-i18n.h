/* weft-analysis-i18n.h: gettext for the analysis' sentences. dgettext, not
 * gettext: a library must not depend on the program's textdomain() call. */
#pragma once

#include <libintl.h>

#define _(s) dgettext(GETTEXT_PACKAGE, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(GETTEXT_PACKAGE, s, p, n)
