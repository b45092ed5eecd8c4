/* weft-findings-course.h: the course's wrong-answer bugs, found after the
 * run: main ending while threads still work, and the same stack address
 * given to several threads (&i in the creating loop). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "weft-trace.h"

typedef struct {
  uint32_t by;          /* the thread that ended the process */
  bool called_exit;     /* exit() rather than a return from main */
  uint64_t time;
  uint32_t *threads;    /* still running or sleeping then (not blocked for ever) */
  size_t nthreads;
} WeftEarlyExit;

/* Several threads created with the same address inside their creator's
 * stack as their argument: the `&i` of a loop. */
typedef struct {
  uint32_t creator;
  uint64_t address;
  bool has_offset;
  int64_t offset;       /* from the creator's frame pointer */
  uint32_t stack;       /* where the first of them was created */
  const char *variable; /* its name from the debug info ("i (main)"), or NULL */
  uint32_t *threads;
  size_t nthreads;
} WeftSharedArg;

/* Every such address given to two threads or more; free with weft_shared_args_free(). */
WeftSharedArg *weft_find_shared_args(const WeftTrace *t, size_t *count);
void weft_shared_args_free(WeftSharedArg *a, size_t count);
void weft_print_shared_arg(FILE *out, const WeftTrace *t, const WeftSharedArg *a);

/* A WaitGroup Add that Go's vet (or its runtime) would refuse. */
typedef struct {
  unsigned kind;     /* WEFT_MISUSE_WG_ADD_IN_WORKER or WEFT_MISUSE_WG_ADD_RACES_WAIT */
  uint32_t wg;       /* object id */
  uint32_t adder;    /* the thread that called Add */
  uint32_t waiter;   /* the thread whose Wait it races, or that started the adder */
  uint32_t stack;    /* where Add was called */
  uint64_t time;
  bool after_return; /* the Wait it races had returned already */
} WeftWaitGroupAdd;

/* One per WaitGroup at most; free() the array. */
WeftWaitGroupAdd *weft_find_wg_adds(const WeftTrace *t, size_t *count);
void weft_print_wg_add(FILE *out, const WeftTrace *t, const WeftWaitGroupAdd *a);

/* Main returned (or a thread called exit) while other threads still ran;
 * false when the run ended otherwise. Free with weft_early_exit_free(). */
bool weft_find_early_exit(const WeftTrace *t, WeftEarlyExit *out);
void weft_early_exit_free(WeftEarlyExit *e);
/* The threads and what each did, then one sentence. */
void weft_print_early_exit(FILE *out, const WeftTrace *t, const WeftEarlyExit *e);
/* "early_exit", "shared_stack_args" and "waitgroup_adds", the last keys of
 * report --json. */
void weft_json_course(FILE *out, const WeftTrace *t);
/* Everything this file finds, in words (record's last words, report);
 * false when it found nothing. */
bool weft_print_course(FILE *out, const WeftTrace *t);
