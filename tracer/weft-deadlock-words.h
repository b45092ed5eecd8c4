/* weft-deadlock-words.h: the headline of each deadlock kind, untranslated:
 * the tracer's live line and the analysis' reports translate the same
 * msgids, so they say the same words. */
#pragma once

/* "all threads are asleep - deadlock!", ... (a msgid: pass it to gettext) */
const char *weft_deadlock_headline_msgid(unsigned kind);
