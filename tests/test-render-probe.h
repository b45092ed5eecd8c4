/* test-render-probe.h: looking at what weft_render drew, for the tests of
 * the marks on the lanes. */
#pragma once

#include <cairo.h>
#include <stdbool.h>

#include "weft-render.h"

/* A pixel within tol of colour c in each channel, near (x, y) (a few pixels
 * each way) of an RGB24 image surface. */
bool weft_test_colour_near(cairo_surface_t *surf, double x, double y, WeftRgb c, double tol);
/* The y of the middle of a lane as drawn with o and L (found by hit tests);
 * fails the test when the lane is not on screen. */
double weft_test_lane_middle(const WeftLaneModel *m, const WeftRenderOptions *o,
                             const WeftRenderLayout *L, int lane);
