/* weft-i18n.h: gettext for every string the user reads. */
#pragma once

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the text domain: the installed locale dir, or the build tree's po/
 * when weft runs from its build directory. */
void weft_i18n_init(void);
