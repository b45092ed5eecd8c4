/* weft-pango.h: text on cairo through one Pango layout, shared by the
 * timeline renderer and the wait-for graph. */
#pragma once

#include <pango/pangocairo.h>

/* Sets the layout's font and text, ellipsised to max_w pixels when max_w > 0;
 * *w and *h (either may be NULL) get its size in pixels. */
void weft_layout_set(PangoLayout *layout, const PangoFontDescription *font, const char *text,
                     double max_w, double *w, double *h);
/* Draws the layout with its top left corner at (x, y). */
void weft_layout_show(cairo_t *cr, PangoLayout *layout, double x, double y);
