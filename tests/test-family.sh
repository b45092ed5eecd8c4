#!/usr/bin/env bash
# Several processes on one timeline: a program that forks, recorded, read
# back as one trace (and one trace alone, and with a child's trace missing
# or damaged). Usage: test-family.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
. "$(dirname "$0")/test-lib.sh"

"$WEFT" record -o fam.weft -- "$PROGS/family" >pids.txt 2>record.txt || fail "record: $(cat record.txt)"
first=$(sed -n 1p pids.txt)
second=$(sed -n 2p pids.txt)
[ -f "fam-$first.weft" ] && [ -f "fam-$second.weft" ] || fail "the children's traces: $(ls)"
grandchild=$(ls fam-*.weft | sed -n "s/^fam-\([0-9]*\)\.weft$/\1/p" | grep -vx -e "$first" -e "$second")
[ -n "$grandchild" ] || fail "no trace for the grandchild: $(ls)"

case $CASE in
merged)
  "$PROGS/test-family-model" fam.weft >model.txt || fail "the family does not open"
  root=$(sed -n 's/^process \([0-9]*\) parent -1 .*/\1/p' model.txt)
  [ -n "$root" ] || fail "no root process: $(cat model.txt)"
  grep -qx "process $root parent -1 status ok threads 3" model.txt || fail "root: $(cat model.txt)"
  grep -qx "process $first parent $root status ok threads 3" model.txt || fail "first child: $(cat model.txt)"
  grep -qx "process $second parent $root status ok threads 1" model.txt || fail "second child: $(cat model.txt)"
  grep -qx "process $grandchild parent $second status ok threads 1" model.txt ||
    fail "grandchild: $(cat model.txt)"
  [ "$(grep -c '^process' model.txt)" = 4 ] || fail "processes: $(cat model.txt)"
  grep -qx "thread 1 pid $root main" model.txt || fail "the root's main keeps its name and id: $(cat model.txt)"
  grep -qE "^thread [0-9]+ pid $first pid $first: main$" model.txt || fail "child's main: $(cat model.txt)"
  grep -qE "^thread [0-9]+ pid $first pid $first: helper$" model.txt || fail "child's thread: $(cat model.txt)"
  grep -qx ordered model.txt || fail "events out of time order, or of unknown threads"
  if ! grep -qx lanes model.txt; then echo "ok (built without the viewer: no lane model)"; exit 0; fi
  for pid in $first $second; do
    grep -qx "arrow create $root fork -> $pid .*" model.txt || fail "no fork arrow to $pid: $(cat model.txt)"
  done
  grep -qx "arrow create $second fork -> $grandchild .*" model.txt || fail "no fork arrow to the grandchild"
  grep -qx "arrow join $first thread-end -> $root io-done" model.txt ||
    fail "no arrow from the first child's end to the parent's waitpid: $(cat model.txt)"
  grep -qx "arrow join $grandchild thread-end -> $second io-done" model.txt ||
    fail "no arrow from the grandchild's end to its parent's waitpid: $(cat model.txt)"
  ! grep -q BACKWARD model.txt || fail "an arrow runs backward in time: $(cat model.txt)"
  grep -qx "group helper pid $root lanes 2" model.txt || fail "the root's helpers: $(cat model.txt)"
  grep -qx "group helper pid $first lanes 2" model.txt || fail "the child's helpers, a group apart: $(cat model.txt)"
  ! grep -q MIXED model.txt || fail "a group of lanes from two processes: $(cat model.txt)"
  ! grep -qE "^arrow (message|lock|signal) " model.txt || fail "an arrow between two processes' own objects: $(cat model.txt)"
  ;;
report)
  "$WEFT" report fam.weft >report.txt 2>err.txt || fail "report: $(cat err.txt)"
  [ ! -s err.txt ] || fail "report of a whole family warned: $(cat err.txt)"
  for name in "pid $first: main" "pid $first: helper" "pid $second: main" "pid $grandchild: main"; do
    grep -q "$name" report.txt || fail "'$name' missing from the report: $(cat report.txt)"
  done
  grep -q "pid $first: mu " report.txt || fail "the child's mutex is not its own: $(cat report.txt)"
  ! grep -q "called exit() while" report.txt || fail "a child's exit read as the program's: $(cat report.txt)"
  "$WEFT" report --json fam.weft >report.json || fail "report --json"
  [ "$(grep -c '"name": "pid ' report.json)" -ge 4 ] || fail "JSON threads of the children"
  grep -q "\"name\": \"pid $first: helper\".*\"pid\": $first}" report.json || fail "a child's thread without its pid"
  grep -q "{\"id\": 1, \"name\": \"main\".*\"pid\": [0-9]*}" report.json || fail "main without its pid"
  ;;
export)
  "$WEFT" export fam.weft -o fam.json 2>err.txt || fail "export: $(cat err.txt)"
  for pid in $first $second $grandchild; do
    grep -q "\"process_name\",\"pid\":$pid," fam.json || fail "no process $pid in the JSON"
    grep -q "\"thread_name\",\"pid\":$pid,.*\"pid $pid: main\"" fam.json || fail "no thread of $pid"
  done
  [ "$(grep -c '"ph":"s","id":[0-9]*,"cat":"fork"' fam.json)" = 3 ] || fail "fork flows: $(grep fork fam.json)"
  [ "$(grep -c '"ph":"f","bp":"e","id":[0-9]*,"cat":"fork"' fam.json)" = 3 ] || fail "fork flow ends"
  grep -q "\"cat\":\"waitpid\",\"name\":\"waitpid\",\"pid\":$first," fam.json ||
    fail "no flow from the first child's end: $(grep waitpid fam.json)"
  [ "$(grep -c '"ph":"s","id":[0-9]*,"cat":"waitpid"' fam.json)" = \
    "$(grep -c '"ph":"f","bp":"e","id":[0-9]*,"cat":"waitpid"' fam.json)" ] || fail "unpaired waitpid flows"
  ;;
one-trace)
  "$WEFT" dump --no-children fam.weft >alone.txt 2>err.txt || fail "--no-children: $(cat err.txt)"
  ! grep -q "pid $first:" alone.txt || fail "--no-children shows a child: $(cat alone.txt)"
  grep -q " fork " alone.txt || fail "--no-children lost the root's events"
  "$WEFT" dump --process "$first" fam.weft >first.txt 2>err.txt || fail "--process: $(cat err.txt)"
  "$WEFT" dump "fam-$first.weft" >direct.txt || fail "the child's trace alone"
  cmp -s first.txt direct.txt || fail "--process $first is not the child's trace alone"
  "$WEFT" report --process="$first" fam.weft | grep -q "helper" || fail "--process=PID"
  "$WEFT" export --no-children fam.weft -o alone.json 2>/dev/null || fail "export --no-children"
  ! grep -q '"cat":"fork"' alone.json || fail "a trace alone has no fork flows"
  if "$WEFT" --help | grep -q "^  render"; then
    "$WEFT" render --no-children fam.weft -o alone.png 2>/dev/null || fail "render --no-children"
  fi
  ;;
missing-child)
  rm "fam-$second.weft"
  "$WEFT" report fam.weft >report.txt 2>err.txt || fail "a family with a child missing must open"
  [ "$(wc -l <err.txt)" = 1 ] || fail "expected one warning: $(cat err.txt)"
  grep -q "the trace of child process $second (fam-$second.weft) is missing; shown without it" err.txt ||
    fail "warning: $(cat err.txt)"
  grep -q "pid $first: main" report.txt || fail "the other child is gone too"
  ;;
damaged-child)
  echo "not a trace" >"fam-$second.weft"
  size=$(stat -c %s "fam-$first.weft")
  head -c $((size - 10)) "fam-$first.weft" >cut && mv cut "fam-$first.weft"
  "$WEFT" dump fam.weft >dump.txt 2>err.txt || fail "a family with damaged children must open"
  grep -q "the trace of child process $second (fam-$second.weft) cannot be read: not a weft trace; shown without it" err.txt ||
    fail "unreadable child: $(cat err.txt)"
  grep -q "fam-$first.weft: the trace is truncated" err.txt || fail "truncated child: $(cat err.txt)"
  [ "$(wc -l <err.txt)" = 2 ] || fail "one line each: $(cat err.txt)"
  grep -q " fork " dump.txt || fail "the root's events"
  ;;
exec)
  # a vfork child that execs: its fork arrow, and the exec on its lane
  "$WEFT" record -o ex.weft -- "$PROGS/exec-self" vfork >child.txt 2>err.txt || fail "record: $(cat err.txt)"
  child=$(cat child.txt)
  "$PROGS/test-family-model" ex.weft >model.txt || fail "the family does not open"
  [ "$(grep -c '^process' model.txt)" = 2 ] || fail "processes: $(cat model.txt)"
  "$WEFT" dump --narrate ex.weft | grep -q "pid $child: main replaces its program with .*/exec-self (exec)" ||
    fail "the exec is not said: $("$WEFT" dump --narrate ex.weft)"
  "$WEFT" dump --narrate ex.weft | grep -q "main starts process $child" || fail "the fork is not said"
  if ! grep -qx lanes model.txt; then echo "ok (built without the viewer: no lane model)"; exit 0; fi
  grep -qx "arrow create [0-9]* fork -> $child .*" model.txt || fail "no fork arrow: $(cat model.txt)"
  grep -qx "exec $child exec-self" model.txt || fail "no exec on the child's lane: $(cat model.txt)"
  [ "$(grep -c '^exec' model.txt)" = 1 ] || fail "execs: $(cat model.txt)"
  ;;
check-runs)
  # weft check --runs keeps one run: its children's traces go with it, the others' go
  rm -f fam*.weft
  "$WEFT" check --runs 3 --shake --no-race-check -o fk.weft -- "$PROGS/forker" >out.txt 2>err.txt ||
    fail "check: $(cat out.txt err.txt)"
  [ "$(ls fk*.weft | wc -l)" = 2 ] || fail "the traces left: $(ls)"
  ls fk-*.weft >/dev/null 2>&1 || fail "the kept run's child trace was not renamed with it: $(ls)"
  "$WEFT" report fk.weft >report.txt 2>err.txt || fail "report"
  [ ! -s err.txt ] || fail "the kept run's family is not whole: $(cat err.txt)"
  grep -q "pid [0-9]*: main" report.txt || fail "no child in the kept run: $(cat report.txt)"
  ;;
race-child)
  # a child built for ThreadSanitizer (exec'd by a shell): its races keep
  # their text, and the family's ids for their threads and stacks
  "$WEFT" record -o sh.weft -- sh -c "'$PROGS/races' shuffle" >out.txt 2>err.txt
  [ $? = 66 ] || fail "record, not TSan's status 66: $(cat err.txt)"
  child=$(ls sh-*.weft | sed -n 's/^sh-\([0-9]*\)\.weft$/\1/p')
  [ -n "$child" ] || fail "no child trace: $(ls)"
  "$WEFT" report sh.weft >report.txt 2>err.txt || fail "report: $(cat err.txt)"
  [ "$(grep -cE "^  pid $child: (a|b)-[0-2] \(thread [0-9]+\) writes slot[0-2] at races\.c:[0-9]+ while pid $child: (a|b)-[0-2] \(thread [0-9]+\) writes it at races\.c:[0-9]+, with no lock" report.txt)" = 3 ] ||
    fail "the child's three races, with its threads and lines: $(cat report.txt)"
  grep -qE "^      writer[0-2] \(races\.c:[0-9]+\)$" report.txt || fail "the child's stacks: $(cat report.txt)"
  # each race names, by the family's id, a thread of the child with that name
  grep -oE "pid $child: [ab]-[0-2] \(thread [0-9]+\)" report.txt | sort -u | while read -r _ _ name _ id; do
    id=${id%)}
    grep -qE "^  $id +pid $child: $name " report.txt || fail "thread $id is not $name: $(cat report.txt)"
  done || exit 1
  "$WEFT" report --json sh.weft >report.json || fail "report --json"
  [ "$(grep -c "\"text\": \"=*\\\\u000aWARNING: ThreadSanitizer: data race (pid=$child)" report.json)" = 3 ] ||
    fail "TSan's text of the child's races: $(grep -c '"text"' report.json)"
  "$WEFT" export sh.weft -o sh.json 2>err.txt || fail "export: $(cat err.txt)"
  [ "$(grep -cE "\"pid\":$child,\"tid\":[0-9]+,\"ts\":[0-9.]+,\"cat\":\"finding\",\"name\":\"race\"" sh.json)" = 3 ] ||
    fail "the child's races in the export: $(grep '"race"' sh.json)"
  ;;
bad-flags)
  expect_error 64 "^weft report: --process needs a process id; try 'weft report --help'$" -- "$WEFT" report fam.weft --process
  expect_error 64 "^weft dump: --process: 'abc' is not a process id" -- "$WEFT" dump --process abc fam.weft
  expect_error 64 "^weft export: --process: '-3' is not a process id" -- "$WEFT" export --process=-3 fam.weft
  expect_error 65 "^weft: fam.weft: no process 1 in this run; its processes: [0-9]+, $first, $second, $grandchild$" -- "$WEFT" report --process 1 fam.weft
  expect_error 66 "^weft: cannot open 'gone.weft'" -- "$WEFT" report --process 5 gone.weft
  expect_error 66 "^weft: cannot open 'gone.weft'" -- "$WEFT" dump --no-children gone.weft
  "$WEFT" report --help | grep -q -- "--no-children" || fail "report --help does not say --no-children"
  ;;
reaped-at-once)
  # Children reaped by waits that did not block (the child had ended; WNOHANG):
  # each child's end still joins the call that reaped it.
  "$WEFT" record -o reap.weft -- "$PROGS/family-reap" >reaped.txt 2>record.txt || fail "record: $(cat record.txt)"
  [ "$(wc -l <reaped.txt)" = 5 ] || fail "the children: $(cat reaped.txt) $(cat record.txt)"
  "$WEFT" dump reap.weft >reap.txt 2>err.txt || fail "dump: $(cat err.txt)"
  ! grep -q ' io-wait ' reap.txt || fail "a wait that did not block recorded as one: $(grep io-wait reap.txt)"
  "$WEFT" export reap.weft -o reap.json 2>err.txt || fail "export: $(cat err.txt)"
  while read -r pid; do
    grep -q "\"cat\":\"waitpid\",\"name\":\"waitpid\",\"pid\":$pid," reap.json ||
      fail "no flow from child $pid's end to the wait that reaped it: $(grep -c waitpid reap.json) flows"
  done <reaped.txt
  if "$PROGS/test-family-model" reap.weft >model.txt && grep -qx lanes model.txt; then
    [ "$(grep -c "^arrow join [0-9]* thread-end -> [0-9]* io-done" model.txt)" = 5 ] ||
      fail "exit -> join arrows: $(grep '^arrow join' model.txt)"
    ! grep -q BACKWARD model.txt || fail "an arrow runs backward in time: $(cat model.txt)"
  fi
  "$WEFT" dump --narrate reap.weft 2>/dev/null | grep -q "reaps child process $(sed -n 1p reaped.txt), which had already ended" ||
    fail "the narration of a reap that did not wait"
  ;;
*) fail "unknown case $CASE" ;;
esac
echo ok
