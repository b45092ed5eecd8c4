#!/usr/bin/env bash
# `weft check`: one verdict a run, with its exit status, on programs whose bug
# is known; --expect, --grading, --json, --runs; every bad input's one line.
# Usage: test-check.sh WEFT PROGRAMS_DIR SAMPLES_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
SAMPLES=$(realpath "$3")
CASE=$4
. "$(dirname "$0")/test-lib.sh"
export LC_ALL=C LANGUAGE=

# check STATUS ARGS...: weft check ARGS gives STATUS; its stdout in out.txt
check() {
  local want=$1
  shift
  "$WEFT" check "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" = "$want" ] || fail "weft check $*: status $got, expected $want; $(cat out.txt err.txt | tail -20)"
}
verdict() { grep -q "^weft check: $1\$" out.txt || fail "verdict '$1' expected: $(cat out.txt)"; }

case $CASE in
verdicts)
  check 10 --no-race-check --timeout 20 -- "$SAMPLES/transfer-deadlock"
  verdict deadlock
  grep -q "^  error deadlock: pay-alice-bob holds alice.mu and waits for bob.mu" out.txt || fail "the deadlock's sentence: $(cat out.txt)"
  check 0 --no-race-check --timeout 20 -- "$SAMPLES/transfer-fixed"
  verdict clean
  check 12 --no-race-check --timeout 1 -- "$PROGS/stuck" spin
  verdict hang
  check 11 --no-race-check --timeout 20 -- "$PROGS/blocked-then" segv
  verdict crash
  check 14 --no-race-check --timeout 20 -- "$PROGS/gallery" named-exit
  verdict misuse
  grep -q "^  error exit-holding-lock: " out.txt || fail "the misuse: $(cat out.txt)"
  check 15 --no-race-check --timeout 20 -- "$PROGS/gallery" inversion
  verdict potential-deadlock
  check 16 --no-race-check --timeout 20 -- "$PROGS/gallery" leak
  verdict leaked-threads
  check 17 --no-race-check --timeout 20 -- "$PROGS/course-bugs" early-return
  verdict early-exit
  ;;
races)
  # not built for race detection: said, never passed as clean
  check 20 --timeout 20 -- "$SAMPLES/transfer-fixed"
  verdict inconclusive
  grep -q "^  caveat: data races were not checked: build the program with -fsanitize=thread -g, or pass --no-race-check$" out.txt ||
    fail "why inconclusive: $(cat out.txt)"
  check 13 --timeout 20 -- "$PROGS/counter-race-tsan" 2000
  verdict race
  grep -q "^  error race: a data race on counter" out.txt || fail "the race: $(cat out.txt)"
  ;;
expect)
  check 0 --expect deadlock --no-race-check --timeout 20 -- "$SAMPLES/transfer-deadlock"
  check 1 --expect deadlock --no-race-check --timeout 20 -- "$SAMPLES/transfer-fixed"
  grep -q "^weft check: expected deadlock, got clean$" err.txt || fail "no word of the expectation: $(cat err.txt)"
  check 10 --expect clean --no-race-check --timeout 20 -- "$SAMPLES/transfer-deadlock"
  ;;
grading)
  printf '# the teacher grades inversions as notes\nlock-order-inversion = note\n' >grading.txt
  check 0 --grading grading.txt --no-race-check --timeout 20 -- "$PROGS/gallery" inversion
  verdict clean
  grep -q "^  note lock-order-inversion: threads took these locks in opposite orders:" out.txt || fail "the note: $(cat out.txt)"
  printf 'lock-order-inversion = maybe\n' >bad.txt
  expect_error 65 "^weft check: bad.txt:1: expected 'FINDING = error' or 'FINDING = note'$" -- "$WEFT" check --grading bad.txt -- "$PROGS/gallery" inversion
  printf '\ntypo = note\n' >bad.txt
  expect_error 65 "^weft check: bad.txt:2: unknown finding 'typo' \(docs/JSON.md lists them\)$" -- "$WEFT" check --grading bad.txt -- "$PROGS/gallery" inversion
  expect_error 66 "^weft check: cannot read the grading file 'missing.txt': No such file or directory$" -- "$WEFT" check --grading missing.txt -- "$PROGS/gallery" inversion
  ;;
json)
  check 10 --json --no-race-check --timeout 20 -- "$SAMPLES/transfer-deadlock"
  python3 - out.txt <<'EOF' || fail "JSON: $(cat out.txt)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r['schema'] == 1 and r['verdict'] == 'deadlock' and r['exit_status'] == 10, r
assert r['trace'] == 'transfer-deadlock.weft' and r['runs'] == 1 and r['seed'] is None, r
f = r['findings']
assert [x['finding'] for x in f] == ['deadlock'] and f[0]['severity'] == 'error', f
assert f[0]['class'] == 'deadlock' and 'alice.mu' in f[0]['text'], f
assert r['inconclusive'] == [], r['inconclusive']
assert r['report']['schema'] == 1 and len(r['report']['deadlocks']) == 1, r['report']
EOF
  ;;
runs)
  # the worst of several shaken runs, with the seed that replays it
  check 0 --shake=5 --runs 3 --no-race-check --timeout 20 -- "$SAMPLES/transfer-fixed"
  verdict clean
  [ "$(grep -c '^weft check: run [123] of 3, --shake=[567]$' err.txt)" = 3 ] || fail "the runs: $(cat err.txt)"
  grep -q "^weft check: replay this run with: weft record --shake=5 -- " out.txt || fail "the seed: $(cat out.txt)"
  [ -f transfer-fixed.weft ] && ! ls transfer-fixed.weft.run-* 2>/dev/null || fail "the runs' traces: $(ls)"
  check 10 --shake --runs 2 --no-race-check --timeout 20 -- "$SAMPLES/transfer-deadlock"
  verdict deadlock
  ;;
bad-input)
  expect_error 64 "^weft check: --runs needs --shake: without it every run would be the same$" -- "$WEFT" check --runs 3 -- "$PROGS/gallery" inversion
  expect_error 64 "^weft check: --timeout takes a number of seconds above 0, not 'soon'$" -- "$WEFT" check --timeout soon -- "$PROGS/gallery" inversion
  expect_error 64 "^weft check: --expect takes a verdict \(clean, deadlock, crash, hang, race, misuse, potential-deadlock, leaked-threads, early-exit, inconclusive\), not 'broken'$" -- "$WEFT" check --expect broken -- "$PROGS/gallery" inversion
  expect_error 64 "^weft check: unknown option '--fast'; try 'weft check --help'$" -- "$WEFT" check --fast -- "$PROGS/gallery" inversion
  expect_error 64 "^weft check: no program to check; usage: weft check \[OPTIONS\] -- PROGRAM \[ARGS...\]$" -- "$WEFT" check
  expect_error 127 "^weft record: program './no-such-program' not found$" -- "$WEFT" check -- ./no-such-program
  ;;
*)
  fail "unknown case $CASE"
  ;;
esac
