/* test-run.h: a Check suite run to its exit status, for each test's main. */
#ifndef WEFT_TEST_RUN_H
#define WEFT_TEST_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int weft_test_run(Suite *s) {
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
