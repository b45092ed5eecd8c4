/* test-render-probe.c: pixels and lanes of a rendered timeline. */
#include "test-render-probe.h"

#include <check.h>
#include <math.h>
#include <stdint.h>

bool weft_test_colour_near(cairo_surface_t *surf, double x, double y, WeftRgb c, double tol) {
  unsigned char *d = cairo_image_surface_get_data(surf);
  int stride = cairo_image_surface_get_stride(surf);
  int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
  for (int dy = -6; dy <= 6; dy++)
    for (int dx = -4; dx <= 4; dx++) {
      int px = (int)x + dx, py = (int)y + dy;
      if (px < 0 || py < 0 || px >= w || py >= h)
        continue;
      uint32_t p = *(uint32_t *)(d + py * stride + px * 4);
      if (fabs(((p >> 16) & 255) / 255.0 - c.r) < tol &&
          fabs(((p >> 8) & 255) / 255.0 - c.g) < tol && fabs((p & 255) / 255.0 - c.b) < tol)
        return true;
    }
  return false;
}

double weft_test_lane_middle(const WeftLaneModel *m, const WeftRenderOptions *o,
                             const WeftRenderLayout *L, int lane) {
  WeftHit h;
  for (double y = L->lanes_top; y < L->lanes_bottom; y++) {
    weft_render_hit(m, o, L->axis.x0 + 1, y, &h);
    if (h.lane == lane)
      return y + L->lane_height / 2;
  }
  ck_abort_msg("lane %d not on screen", lane);
  return 0;
}
