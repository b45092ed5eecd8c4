/* Misuse on the timeline, without a display: the lane model places each
 * misuse on its thread's lane, the one the preload wrote (a MISUSE event) and
 * the one the analysis finds after the run (a double unlock, at its unlock);
 * the renderer draws a warning sign there and in the legend, and a click on
 * the sign selects the event whose details say the misuse's sentence. */
#include <cairo.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test-render-probe.h"
#include "test-run.h"
#include "test-viewer-fixture.h"
#include "weft-lane-misuse.h"
#include "weft-render.h"
#include "weft-trace.h"

static WeftTrace *trace;
static WeftLaneModel *model;

static void setup(void) {
  trace = weft_test_open_findings_fixture();
  ck_assert_ptr_nonnull(trace);
  model = weft_lane_model_new(trace, NULL, NULL);
  ck_assert_ptr_nonnull(model);
}

static void teardown(void) {
  weft_lane_model_free(model);
  weft_trace_free(trace);
}

START_TEST(test_misuse_on_lanes) {
  ck_assert_uint_eq(weft_lane_model_misuse_count(model), 0); /* not looked for yet */
  ck_assert(weft_lane_model_find_misuse(model));
  ck_assert_uint_eq(weft_lane_model_misuse_count(model), 2);
  size_t nev;
  const WeftEvent *ev = weft_trace_events(trace, &nev);
  int b = weft_lane_model_lane_of(model, 3);
  /* 40 us: the preload's MISUSE event */
  const WeftLaneMisuse *mu = weft_lane_model_misuse(model, 0);
  ck_assert_int_eq(mu->lane, b);
  ck_assert_uint_eq(mu->time, 40 * US);
  ck_assert_uint_lt(mu->event, nev);
  ck_assert_uint_eq(ev[mu->event].type, WEFT_EV_MISUSE);
  ck_assert_str_eq(weft_misuse_kind_id(mu->misuse->kind), "unlock-not-owner");
  ck_assert(!mu->note);
  ck_assert_ptr_eq(weft_lane_model_misuse_of_event(model, mu->event), mu->misuse);
  /* 45 us: the double unlock found after the run, at b's second release */
  mu = weft_lane_model_misuse(model, 1);
  ck_assert_int_eq(mu->lane, b);
  ck_assert_uint_eq(ev[mu->event].time, 45 * US);
  ck_assert_uint_eq(ev[mu->event].type, WEFT_EV_LOCK_RELEASE);
  ck_assert_str_eq(weft_misuse_kind_id(mu->misuse->kind), "double-unlock");
  ck_assert_ptr_eq(weft_lane_model_misuse_of_event(model, mu->event), mu->misuse);
  /* no other event carries one; the lookup by time finds the first at or after */
  ck_assert_ptr_null(weft_lane_model_misuse_of_event(model, 0));
  ck_assert_ptr_null(weft_lane_model_misuse_of_event(model, mu->event + 1));
  ck_assert_uint_eq(weft_lane_model_misuse_from(model, 41 * US), 1);
  ck_assert_uint_eq(weft_lane_model_misuse_from(model, 46 * US), 2);
  ck_assert_ptr_null(weft_lane_model_misuse(model, 2));
}
END_TEST

START_TEST(test_signs_drawn_and_clicked) {
  ck_assert(weft_lane_model_find_misuse(model));
  for (int dark = 0; dark <= 1; dark++) {
    WeftRenderOptions o;
    weft_render_options_init(&o, 1000, 300);
    o.dark = dark;
    o.t0 = 0;
    o.t1 = 100 * US;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 300);
    cairo_t *cr = cairo_create(surf);
    weft_render(cr, model, &o);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    if (getenv("WEFT_TEST_KEEP"))
      cairo_surface_write_to_png(surf,
                                 dark ? "test-misuse-marks-dark.png" : "test-misuse-marks.png");
    WeftRenderLayout L;
    weft_render_layout(model, &o, &L);
    WeftRgb c = weft_misuse_colour(dark);
    int b = weft_lane_model_lane_of(model, 3), a = weft_lane_model_lane_of(model, 2);
    double y_b = weft_test_lane_middle(model, &o, &L, b),
           y_a = weft_test_lane_middle(model, &o, &L, a);
    for (unsigned us = 40; us <= 45; us += 5)
      ck_assert_msg(
          weft_test_colour_near(surf, weft_time_axis_to_x(&L.axis, us * US), y_b, c, 0.06),
          "no sign on b's lane at %u us", us);
    ck_assert_msg(!weft_test_colour_near(surf, weft_time_axis_to_x(&L.axis, 20 * US), y_b, c, 0.06),
                  "a sign where no misuse is");
    ck_assert_msg(!weft_test_colour_near(surf, weft_time_axis_to_x(&L.axis, 40 * US), y_a, c, 0.06),
                  "a sign on a's lane");
    /* in the legend */
    bool legend = false;
    for (double x = 8; x < 1000 - 8 && !legend; x += 6)
      legend = weft_test_colour_near(surf, x, L.lanes_bottom + (300 - L.lanes_bottom) / 2, c, 0.06);
    ck_assert_msg(legend, "no sign in the legend");
    /* a click on each sign selects the event its misuse was found at */
    for (size_t i = 0; i < 2; i++) {
      const WeftLaneMisuse *mu = weft_lane_model_misuse(model, i);
      WeftHit h;
      weft_render_hit(model, &o, weft_time_axis_to_x(&L.axis, (double)mu->time), y_b, &h);
      ck_assert_uint_eq(h.event, mu->event);
    }
    cairo_surface_destroy(surf);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("misuse-marks");
  TCase *tc = tcase_create("viewer");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_misuse_on_lanes);
  tcase_add_test(tc, test_signs_drawn_and_clicked);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
