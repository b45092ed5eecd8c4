#!/usr/bin/env bash
# Programs built with -fsanitize=thread under `weft record`: the same output
# and status as without weft, and ThreadSanitizer's reports in the trace.
# Usage: test-races.sh WEFT PROGRAMS_DIR SOURCE_ROOT CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
SRC=$(realpath "$3")
CASE=$4
# the sample's racing read and write, wherever they move
READ_LINE=$(grep -n 'long seen = counter;' "$SRC/samples/counter-race.c" | cut -d: -f1)
WRITE_LINE=$(grep -n 'counter = seen + 1;' "$SRC/samples/counter-race.c" | cut -d: -f1)
HITS_LINE=$(grep -n 'hits++;' "$SRC/tests/programs/races.c" | cut -d: -f1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export LC_ALL=C LANGUAGE=
unset TSAN_OPTIONS

fail() { echo "FAIL: $*" >&2; exit 1; }
# same_as_without_weft PROGRAM ARGS...: output and status as the program alone
same_as_without_weft() {
  "$@" >alone.out 2>alone.err
  alone=$?
  "$WEFT" record -o trace.weft -- "$@" >weft.out 2>weft.err
  st=$?
  [ $st = $alone ] || fail "status $st under weft, $alone alone; stderr: $(cat weft.err)"
  # a race's result varies from run to run: only its wording is compared
  norm() { sed 's/got [0-9]*,/got N,/; s/([0-9]* updates lost)/(N updates lost)/' "$1"; }
  [ "$(norm alone.out)" = "$(norm weft.out)" ] || fail "output differs: '$(cat weft.out)' under weft, '$(cat alone.out)' alone"
  [ "$(grep -c '^WARNING: ThreadSanitizer' weft.err)" = "$(grep -c '^WARNING: ThreadSanitizer' alone.err)" ] ||
    fail "TSan warned $(grep -c '^WARNING: ThreadSanitizer' weft.err) times under weft, $(grep -c '^WARNING: ThreadSanitizer' alone.err) alone: $(cat weft.err)"
  # TSan's interception undisturbed: its reports name the same lines of the
  # program (where each access, lock and thread creation was) with weft as alone
  lines() { grep -oE '[a-z-]+\.c:[0-9]+' "$1" | grep -v '^weft-' | sort -u; }
  [ "$(lines weft.err)" = "$(lines alone.err)" ] ||
    fail "TSan names other lines under weft: $(lines weft.err | tr '\n' ' ') vs alone: $(lines alone.err | tr '\n' ' ')"
  "$WEFT" report --json trace.weft >report.json || fail "report"
}
# name_of ID: the thread's name in report.json
name_of() { sed -n "s/.*{\"id\": $1, \"name\": \"\([^\"]*\)\".*/\1/p" report.json; }
# races_line VARIABLE: the JSON line of the race on VARIABLE
race_line() { grep "{\"variable\": \"$1\"" report.json; }

case $CASE in
counter)
  # the course's first exercise, as samples/README tells to record it
  same_as_without_weft "$PROGS/counter-race-tsan" 2000
  [ $st = 66 ] || fail "TSan's status 66 expected, got $st"
  grep -q "^SUMMARY: ThreadSanitizer: data race .*counter-race.c" weft.err || fail "TSan's text did not reach stderr: $(cat weft.err)"
  line=$(race_line counter)
  [ -n "$line" ] || fail "no race on counter: $(grep -A3 '"races"' report.json)"
  echo "$line" | grep -q '"kind": "read".*"kind": "write"\|"kind": "write".*"kind": "read"' || fail "a read and a write expected: $line"
  echo "$line" | grep -q "\"frames\": \\[\"add (counter-race.c:$READ_LINE)\"" || fail "the read line ($READ_LINE) missing: $line"
  echo "$line" | grep -q "\"frames\": \\[\"add (counter-race.c:$WRITE_LINE)\"" || fail "the write line ($WRITE_LINE) missing: $line"
  threads=$(echo "$line" | grep -o '"thread": [0-9]*' | sed 's/.*: //' | sort -u)
  [ "$(echo "$threads" | wc -l)" = 2 ] || fail "two threads expected: $threads"
  for t in $threads; do
    name_of "$t" | grep -q '^adder-[0-3]$' || fail "thread $t is '$(name_of "$t")', not an adder"
  done
  echo "$line" | grep -q '"text": "==================\\u000aWARNING: ThreadSanitizer: data race' || fail "TSan's text not kept"
  "$WEFT" report trace.weft >report.txt
  grep -qE "adder-[0-3] \(thread [0-9]+\) (reads|writes) counter at counter-race.c:($READ_LINE|$WRITE_LINE) while adder-[0-3] \(thread [0-9]+\) (reads|writes) it at counter-race.c:($READ_LINE|$WRITE_LINE), with no lock or channel between them" report.txt ||
    fail "no plain sentence: $(sed -n '/Data races/,$p' report.txt)"
  ;;
clean)
  # every kind of synchronisation, correctly used: TSan finds nothing under weft
  same_as_without_weft "$PROGS/races" clean
  [ $st = 0 ] || fail "status $st"
  grep -q '"races": \[\],' report.json || fail "races: [] expected: $(grep '"races"' report.json)"
  grep -q '"tsan_findings": \[\],\{0,1\}$' report.json || fail "tsan_findings: [] expected"
  grep -q '"pthread_mutex_lock": 40' report.json || fail "weft missed locks: $(grep pthread_mutex_lock report.json)"
  grep -q '"pthread_barrier_wait": 4,' report.json || fail "weft missed barrier waits"
  "$WEFT" report trace.weft | grep -q "Data races: none found by ThreadSanitizer" || fail "no 'none found' line"
  ;;
fork-threads)
  # a program that forks with one thread of its own may start threads in its
  # child: weft's own thread must not make TSan refuse them, nor be reported
  same_as_without_weft "$PROGS/races" fork-threads
  [ $st = 0 ] || fail "status $st: $(cat weft.err)"
  grep -q "^the child's thread ran$" weft.out || fail "the child's thread did not run: $(cat weft.out weft.err)"
  grep -q "thread leak\|multi-threaded fork" weft.err && fail "TSan complains of weft: $(cat weft.err)"
  ls trace-*.weft >/dev/null 2>&1 || fail "no trace of the child"
  "$WEFT" report trace.weft >report.txt 2>rerr.txt || fail "report: $(cat rerr.txt)"
  ;;
not-built)
  "$WEFT" record -o trace.weft -- "$PROGS/lock-pairs" 100 >/dev/null 2>&1 || fail "record"
  "$WEFT" report --json trace.weft >report.json
  grep -q '"races": null,' report.json || fail "races: null expected: $(grep '"races"' report.json)"
  "$WEFT" report trace.weft | grep -q "Data races" && fail "a Data races section for a program not built for TSan"
  # --race says how to rebuild, and runs nothing
  "$WEFT" record --race -o never.weft -- "$PROGS/lock-pairs" 100 >out.txt 2>err.txt
  st=$?
  [ $st = 64 ] || fail "record --race on a program without TSan: status $st"
  [ "$(wc -l <err.txt)" = 1 ] || fail "one line expected: $(cat err.txt)"
  grep -q "'.*lock-pairs' was not built for race detection; rebuild it with: cc -g -fsanitize=thread" err.txt ||
    fail "said: $(cat err.txt)"
  [ -s out.txt ] && fail "the program ran: $(cat out.txt)"
  [ -e never.weft ] && fail "a trace was written"
  "$WEFT" record --race -o t2.weft -- "$PROGS/races" clean >/dev/null 2>err.txt || fail "--race on a TSan program: $(cat err.txt)"
  # TSan linked in (-static-libtsan): its reports cannot be read; --race says so
  "$WEFT" record --race -o t3.weft -- "$PROGS/counter-race-static-tsan" 100 >out.txt 2>err.txt
  st=$?
  [ $st = 64 ] && [ "$(wc -l <err.txt)" = 1 ] || fail "--race on -static-libtsan: status $st, $(cat err.txt)"
  grep -q "has ThreadSanitizer linked in (-static-libtsan), whose reports weft cannot read; rebuild it with: cc -g -fsanitize=thread counter-race.c sample-util.c" err.txt ||
    fail "said: $(cat err.txt)"
  ;;
deadlock)
  # a race, then a lock-order deadlock: both found, and the deadlock ends it
  timeout 60 "$WEFT" record -o trace.weft -- "$PROGS/races" deadlock >out.txt 2>err.txt
  st=$?
  [ $st = 2 ] || fail "status $st, expected 2 (deadlock); stderr: $(cat err.txt)"
  grep -q "WARNING: ThreadSanitizer: data race" err.txt || fail "TSan's report missing"
  grep -q "deadlock! threads wait for each other's locks" err.txt || fail "weft's deadlock report missing"
  "$WEFT" report --json trace.weft >report.json
  grep -q '"kind": "mutex-cycle"' report.json || fail "deadlock not in the trace"
  race_line hits | grep -q "\"frames\": \\[\"take (races.c:$HITS_LINE)\"\\]" || fail "the race on hits: $(grep -A2 '"races"' report.json)"
  ;;
shuffle)
  # two parents create the racing threads at once, after twenty others:
  # TSan's numbers are not weft's, yet each race names its two threads
  same_as_without_weft "$PROGS/races" shuffle
  for i in 0 1 2; do
    line=$(race_line slot$i)
    [ -n "$line" ] || fail "no race on slot$i: $(grep -A4 '"races"' report.json)"
    names=$(echo "$line" | grep -o '"thread": [0-9]*' | sed 's/.*: //' | while read -r t; do name_of "$t"; done | sort | tr '\n' ' ')
    [ "$names" = "a-$i b-$i " ] || fail "slot$i raced by '$names', expected 'a-$i b-$i'"
  done
  # and the numbers did differ
  tsan=$(grep -o '"thread": [0-9]*, "tsan_thread": [0-9]*' report.json | awk -F'[:,]' '$2 != $4' | wc -l)
  [ "$tsan" -gt 0 ] || fail "TSan's numbers equal weft's: the test shows nothing"
  ;;
halt)
  # TSAN_OPTIONS=halt_on_error=1: TSan ends the program at its first report,
  # past our exit hooks; the report and both threads are in the trace
  TSAN_OPTIONS=halt_on_error=1 "$WEFT" record -o trace.weft -- "$PROGS/counter-race-tsan" 2000 >out.txt 2>err.txt
  st=$?
  [ $st = 66 ] || fail "status $st, expected TSan's 66: $(cat err.txt)"
  "$WEFT" report --json trace.weft >report.json || fail "the trace does not open"
  line=$(race_line counter)
  [ -n "$line" ] || fail "no race on counter: $(grep -A3 '"races"' report.json)"
  for t in $(echo "$line" | grep -o '"thread": [0-9]*' | sed 's/.*: //'); do
    name_of "$t" | grep -q '^adder-[0-3]$' || fail "thread $t is '$(name_of "$t")', not an adder"
  done
  ;;
log-file)
  # TSAN_OPTIONS=log_path=FILE: TSan writes there, weft reads its text back
  TSAN_OPTIONS=log_path=$PWD/tsan "$WEFT" record -o trace.weft -- "$PROGS/counter-race-tsan" 2000 >out.txt 2>err.txt
  grep -q "WARNING: ThreadSanitizer" err.txt && fail "TSan's text went to stderr despite log_path"
  grep -q "WARNING: ThreadSanitizer: data race" tsan.* || fail "no log file: $(ls)"
  "$WEFT" report --json trace.weft >report.json
  race_line counter | grep -q '"text": "==================\\u000aWARNING: ThreadSanitizer: data race' ||
    fail "text not read back from the log: $(race_line counter)"
  ;;
inversion)
  # TSan's other findings, kept as it said them, beside weft's own
  same_as_without_weft "$PROGS/races" inversion
  grep -q '"tsan_findings": \[$' report.json || fail "no TSan finding: $(grep -A3 tsan_findings report.json)"
  grep -q '{"kind": "lock-order-inversion", .*"text": ".*Cycle in lock order graph' report.json ||
    fail "the inversion as TSan said it: $(grep -A3 tsan_findings report.json)"
  grep -q '"races": \[\],' report.json || fail "an inversion is not a race"
  "$WEFT" report trace.weft >report.txt
  grep -q "ThreadSanitizer also reported (lock-order-inversion):" report.txt || fail "text report: $(cat report.txt)"
  grep -q "Potential deadlock: locks taken in opposite orders" report.txt || fail "weft's own inversion report missing"
  ;;
*)
  fail "unknown case $CASE"
  ;;
esac
exit 0
