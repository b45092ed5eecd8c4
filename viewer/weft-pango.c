#include "weft-pango.h"

void weft_layout_set(PangoLayout *layout, const PangoFontDescription *font, const char *text,
                     double max_w, double *w, double *h) {
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, max_w > 0 ? (int)(max_w * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize(layout, max_w > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text(layout, text, -1);
  int pw, ph;
  pango_layout_get_pixel_size(layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
}

void weft_layout_show(cairo_t *cr, PangoLayout *layout, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}
