/* Data races on the timeline, without a display: the lane model places each
 * race on its two lanes, the renderer draws a bolt on both (on a thread's
 * end when it had ended), and a click on either selects the report. */
#include <cairo.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test-race-fixture.h"
#include "test-render-probe.h"
#include "test-run.h"
#include "weft-lane-races.h"
#include "weft-render.h"
#include "weft-trace.h"

static WeftTrace *trace;
static WeftLaneModel *model;

static void setup(void) {
  trace = weft_test_open_race_fixture(1);
  ck_assert_ptr_nonnull(trace);
  model = weft_lane_model_new(trace, NULL, NULL);
  ck_assert_ptr_nonnull(model);
}

static void teardown(void) {
  weft_lane_model_free(model);
  weft_trace_free(trace);
}

START_TEST(test_races_on_lanes) {
  /* two data races; the lock-order inversion has no accesses to place */
  ck_assert_uint_eq(weft_lane_model_race_count(model), 2);
  WeftLaneRace r;
  ck_assert(weft_lane_model_race(model, 0, &r));
  ck_assert_int_eq(r.lane[0], weft_lane_model_lane_of(model, 3));
  ck_assert_int_eq(r.lane[1], weft_lane_model_lane_of(model, 4));
  size_t nev;
  const WeftEvent *ev = weft_trace_events(trace, &nev);
  ck_assert_uint_lt(r.event, nev);
  ck_assert_uint_eq(ev[r.event].type, WEFT_EV_RACE);
  ck_assert_ptr_eq(weft_lane_model_race_of_event(model, r.event), r.race);
  ck_assert(weft_lane_model_race(model, 1, &r));
  ck_assert_int_eq(r.lane[1], weft_lane_model_lane_of(model, 2));
  ck_assert(!weft_lane_model_race(model, 2, &r));
}
END_TEST

START_TEST(test_bolts_drawn_and_clicked) {
  for (int dark = 0; dark <= 1; dark++) {
    WeftRenderOptions o;
    weft_render_options_init(&o, 1000, 300);
    o.dark = dark;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 300);
    cairo_t *cr = cairo_create(surf);
    weft_render(cr, model, &o);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    if (getenv("WEFT_TEST_KEEP"))
      cairo_surface_write_to_png(surf, dark ? "test-race-marks-dark.png" : "test-race-marks.png");
    WeftRenderLayout L;
    weft_render_layout(model, &o, &L);
    WeftRgb c = weft_race_colour(dark);
    int new_lane = weft_lane_model_lane_of(model, 3), other = weft_lane_model_lane_of(model, 4);
    double x = weft_time_axis_to_x(&L.axis, 500 * RACE_US);
    double y_new = weft_test_lane_middle(model, &o, &L, new_lane),
           y_other = weft_test_lane_middle(model, &o, &L, other);
    ck_assert_msg(weft_test_colour_near(surf, x, y_new, c, 0.08),
                  "no bolt on w-new's lane at 500 us");
    /* w-other had ended at 400 us: its access is marked at its end */
    double x_end = weft_time_axis_to_x(&L.axis, 400 * RACE_US);
    ck_assert_msg(weft_test_colour_near(surf, x_end, y_other, c, 0.08), "no bolt at w-other's end");
    ck_assert_msg(
        !weft_test_colour_near(surf, weft_time_axis_to_x(&L.axis, 300 * RACE_US), y_other, c, 0.08),
        "a bolt where no race is");
    /* a click on either bolt selects the report */
    WeftLaneRace r;
    weft_lane_model_race(model, 0, &r);
    WeftHit h;
    weft_render_hit(model, &o, x, y_new, &h);
    ck_assert_uint_eq(h.event, r.event);
    weft_render_hit(model, &o, x_end, y_other, &h);
    ck_assert_uint_eq(h.event, r.event);
    cairo_surface_destroy(surf);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("race-marks");
  TCase *tc = tcase_create("viewer");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_races_on_lanes);
  tcase_add_test(tc, test_bolts_drawn_and_clicked);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
