/* Bookmarks and their notes file (notes/weft-bookmarks.c): a round trip,
 * the order they are kept in, an event found again by its time, and every
 * kind of damaged file refused with a message that names it. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "test-run.h"
#include "weft-bookmarks.h"

/* Ten events, 1 µs apart. */
static WeftEvent events[10];
static char *dir, *path;

static void setup(void) {
  for (int i = 0; i < 10; i++)
    events[i] = (WeftEvent){.time = 1000 * (uint64_t)(i + 1), .thread = 1};
  dir = g_dir_make_tmp("weft-notes-XXXXXX", NULL);
  ck_assert_ptr_nonnull(dir);
  path = g_build_filename(dir, "run.weft.notes", NULL);
}

static void teardown(void) {
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

static void write_notes(const char *text) { ck_assert(g_file_set_contents(path, text, -1, NULL)); }

START_TEST(test_round_trip) {
  WeftBookmarks b = {0};
  weft_bookmarks_add(&b, 7, events[7].time, "the cycle closes", "« nobody eats »\n\"quoted\"");
  weft_bookmarks_add(&b, 2, events[2].time, "first fork", NULL);
  weft_bookmarks_add(&b, 7, events[7].time, "again", "same event, made later");
  ck_assert_uint_eq(b.n, 3);
  ck_assert_uint_eq(b.v[0].event, 2); /* kept by event, then in the order made */
  ck_assert_str_eq(b.v[1].title, "the cycle closes");
  ck_assert_str_eq(b.v[2].title, "again");
  ck_assert(weft_bookmarks_save(&b, path, NULL));
  WeftBookmarks c = {0};
  GError *e = NULL;
  ck_assert(weft_bookmarks_load(&c, path, events, 10, &e));
  ck_assert_uint_eq(c.n, 3);
  for (size_t i = 0; i < 3; i++) {
    ck_assert_uint_eq(c.v[i].event, b.v[i].event);
    ck_assert_uint_eq(c.v[i].time, b.v[i].time);
    ck_assert_str_eq(c.v[i].title, b.v[i].title);
    ck_assert_str_eq(c.v[i].note, b.v[i].note);
  }
  ck_assert_str_eq(c.v[1].note, "« nobody eats »\n\"quoted\"");
  /* Removing them all removes the file. */
  while (c.n)
    weft_bookmarks_remove(&c, 0);
  ck_assert(weft_bookmarks_save(&c, path, NULL));
  ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
  ck_assert(weft_bookmarks_load(&c, path, events, 10, &e)); /* no file: none, no error */
  ck_assert_uint_eq(c.n, 0);
  weft_bookmarks_clear(&b);
  weft_bookmarks_clear(&c);
}
END_TEST

START_TEST(test_found_by_time) {
  /* Event 4 (1-based) is not at 9000 ns in this trace: the first event at or after it is. */
  write_notes("{\"weft_notes\": 1, \"bookmarks\": [{\"event\": 4, \"time_ns\": 8500, \"title\": \"t\"}]}");
  WeftBookmarks b = {0};
  ck_assert(weft_bookmarks_load(&b, path, events, 10, NULL));
  ck_assert_uint_eq(b.n, 1);
  ck_assert_uint_eq(b.v[0].event, 8);
  ck_assert_uint_eq(b.v[0].time, 9000);
  ck_assert_str_eq(b.v[0].note, "");
  weft_bookmarks_clear(&b);
}
END_TEST

static void expect_damaged(const char *text, const char *why) {
  write_notes(text);
  WeftBookmarks b = {0};
  weft_bookmarks_add(&b, 1, 2000, "dropped", "by the load");
  GError *e = NULL;
  ck_assert(!weft_bookmarks_load(&b, path, events, 10, &e));
  ck_assert_ptr_nonnull(e);
  ck_assert_msg(strstr(e->message, "run.weft.notes is damaged (") == e->message, "%s", e->message);
  ck_assert_msg(strstr(e->message, why) != NULL, "'%s' does not say '%s'", e->message, why);
  ck_assert_uint_eq(b.n, 0);
  g_error_free(e);
}

START_TEST(test_damaged) {
  expect_damaged("{\"weft_notes\": 1, \"bookmarks\": [", "Parse error");
  expect_damaged("[1, 2]", "not a weft notes file");
  expect_damaged("{\"bookmarks\": []}", "not a weft notes file");
  expect_damaged("{\"weft_notes\": 9, \"bookmarks\": []}", "written by a newer weft");
  expect_damaged("{\"weft_notes\": 1}", "no list of bookmarks");
  expect_damaged("{\"weft_notes\": 1, \"bookmarks\": [{\"event\": 1, \"time_ns\": 1000, \"title\": \"ok\"}, 3]}",
                 "bookmark 2 is not an object with event, time_ns and title");
  expect_damaged("{\"weft_notes\": 1, \"bookmarks\": [{\"event\": \"1\", \"time_ns\": 1000, \"title\": \"t\"}]}",
                 "bookmark 1 is not");
  expect_damaged("{\"weft_notes\": 1, \"bookmarks\": [{\"event\": 0, \"time_ns\": 1000, \"title\": \"t\"}]}",
                 "bookmark 1 is not");
  expect_damaged("\xff\xfe garbage", "damaged");
}
END_TEST

int main(void) {
  Suite *s = suite_create("bookmarks");
  TCase *tc = tcase_create("notes");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_round_trip);
  tcase_add_test(tc, test_found_by_time);
  tcase_add_test(tc, test_damaged);
  suite_add_tcase(s, tc);
  return weft_test_run(s);
}
