#!/usr/bin/env bash
# The course's wrong-answer bugs, found after the run (tests/programs/course-bugs.c).
# Usage: test-course.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export LC_ALL=C LANGUAGE=

fail() { echo "FAIL: $*" >&2; exit 1; }
record() { "$WEFT" record $OPTS -o t.weft -- "$PROGS/course-bugs" "$@" >out.txt 2>err.txt || fail "record: $(cat err.txt)"; }
OPTS=
json() { "$WEFT" report --json t.weft; }

case $CASE in
early-return)
  record early-return
  grep -qE '^weft: main returned while hello #2, hello #3 and hello #4 still ran: their work was cut short; join them \(pthread_join\)' err.txt ||
    fail "no sentence: $(cat err.txt)"
  [ "$(grep -c '^thread [234] "hello #[234]" sleeps' err.txt)" = 3 ] || fail "what each thread did: $(cat err.txt)"
  json | grep -q '"early_exit": {"by": 1, "how": "return", "time_ns": [0-9]*, "threads": \[2, 3, 4\]}' ||
    fail "JSON: $(json | grep early_exit)"
  "$WEFT" report t.weft | grep -q "main returned while" || fail "report"
  grep -q "tip: .* without -g" err.txt && fail "a -g tip for a program built with -g"
  ;;
early-exit)
  record early-exit
  grep -q '^weft: main called exit() while hello #2, hello #3 and hello #4 still ran' err.txt || fail "no sentence: $(cat err.txt)"
  json | grep -q '"how": "exit"' || fail "JSON"
  ;;
early-busy)
  # a program built without -g: where the running thread was last seen is its
  # own function, by its symbol, not the C library's frame below it
  "$WEFT" record -o t.weft -- "$PROGS/busy-at-exit" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  grep -q '^thread 2 "busy_worker" was running, last seen in busy_worker' err.txt ||
    fail "not where the program was: $(cat err.txt)"
  grep -q 'last seen in .*\(start_thread\|pthread_create\.c\|lowlevellock\)' err.txt && fail "the C library's frame: $(cat err.txt)"
  grep -q '^weft: main returned while busy_worker still ran: its work was cut short; join it (pthread_join)' err.txt || fail "no sentence: $(cat err.txt)"
  grep -q '^weft: tip: the program was built without -g, .*build it with -g (cc -g -pthread ...)' err.txt ||
    fail "no tip about -g: $(cat err.txt)"
  ;;
amp-i)
  # named as the program names it, from its debug info
  record amp-i
  grep -qE "^weft: warning: main gave greet #2, greet #3, greet #4 and greet #5 the same argument, &i, the address of its own variable i, at amp_i \(course-bugs.c:[0-9]+\): each thread reads i when it runs, and by then main may have changed it\." err.txt ||
    fail "no warning: $(cat err.txt)"
  json | grep -qE '\{"creator": 1, "offset": -?[0-9]+, "variable": "i \([a-z_]+\)", "threads": \[2, 3, 4, 5\]\}' || fail "JSON: $(json | grep -A3 shared_stack)"
  [ "$(grep -c 'returned while' err.txt)" = 0 ] || fail "a joined program ended early?"
  # without stacks, where it is in the frame
  OPTS=--no-stacks record amp-i
  grep -qE "^weft: warning: main gave greet #2, greet #3, greet #4 and greet #5 the same address, a variable of its own stack \([-+][0-9]+ bytes from its frame\), as their argument.*the &i of a loop" err.txt ||
    fail "no warning without stacks: $(cat err.txt)"
  json | grep -qE '"variable": null' || fail "JSON without stacks: $(json | grep -A3 shared_stack)"
  ;;
amp-i-fixed)
  record amp-i-fixed
  [ "$(grep -c 'warning' err.txt)" = 0 ] || fail "a warning for distinct addresses: $(cat err.txt)"
  json | grep -q '"shared_stack_args": \[\]' || fail "JSON"
  json | grep -q '"early_exit": null' || fail "early exit claimed"
  ;;
wg-add-in-worker)
  record wg-add-in-worker
  grep -qE '^weft: warning: counted_worker #[234] calls Add on the WaitGroup wg[+0-9]* (itself|from zero)' err.txt ||
    fail "no warning: $(cat err.txt)"
  [ "$(grep -c 'calls Add on the WaitGroup' err.txt)" = 1 ] || fail "one sentence per WaitGroup: $(cat err.txt)"
  json | grep -qE '\{"kind": "add-(in-worker|races-wait)", "waitgroup": "wg[+0-9]*", "adder": [234], "waiter": 1\}' ||
    fail "JSON: $(json | grep -A2 waitgroup_adds)"
  ;;
wg-add-fixed)
  record wg-add-fixed
  [ "$(grep -c 'warning' err.txt)" = 0 ] || fail "a warning for Adds made before the workers start: $(cat err.txt)"
  json | grep -q '"waitgroup_adds": \[\]' || fail "JSON"
  ;;
*)
  fail "unknown case $CASE"
  ;;
esac
exit 0
