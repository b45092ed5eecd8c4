#!/usr/bin/env bash
# The tracer's own hard paths (issue #11): signal handlers' calls recorded
# wherever they land; the processes a run started, ended by --timeout with it.
# Usage: test-trust-tracer.sh WEFT BUILD_TESTS_DIR CASE
set -u
WEFT=$(realpath "$1")
TESTS=$(realpath "$2")
CASE=$3
. "$(dirname "$0")/../test-lib.sh"
json_int() { sed -n "s/^ *\"$2\": \([0-9]*\),*$/\1/p" "$1" | head -1; }

case $CASE in
handler-calls-*)
  # A handler's calls made while its thread is inside the tracer (recording a
  # lock, unwinding its stack) are recorded, none lost: the trace counts each
  # of its two calls as many times as the program made them. `burst`: each
  # handler makes thousands, more than its thread's buffer holds, while the
  # code it interrupted waits (handlers can starve it as long as they come).
  sig=${CASE#handler-calls-}
  ms=700 calls=1
  [ "$sig" = burst ] && sig=usr1 ms=300 calls=4000
  for stacks in all off; do
    "$WEFT" record --stacks=$stacks -o h.weft -- "$TESTS/handler-calls" "$sig" $ms $calls >out.txt 2>err.txt ||
      fail "record: $(cat err.txt)"
    runs=$(sed -n 's/^handler posted \([0-9]*\) times$/\1/p' out.txt)
    [ "${runs:-0}" -gt 1000 ] || fail "the handler posted ${runs:-no} times: $(cat out.txt)"
    "$WEFT" dump h.weft >dump.txt 2>derr.txt || fail "dump: $(cat derr.txt)"
    posts=$(grep -c ' lock-release  *handler_sem' dump.txt)
    tries=$(grep -c ' lock-acquire  *handler_sem' dump.txt)
    [ "$posts" = "$runs" ] || fail "stacks $stacks: $runs posts in the handler, $posts sem_post recorded"
    [ "$tries" = "$runs" ] || fail "stacks $stacks: $runs posts in the handler, $tries sem_trywait recorded"
    "$WEFT" report --json h.weft >r.json 2>rerr.txt || fail "report: $(cat rerr.txt)"
    [ "$(json_int r.json lost_events)" = 0 ] || fail "stacks $stacks: $(json_int r.json lost_events) events lost"
    grep -q "could not be written" err.txt && fail "weft record says events are missing: $(cat err.txt)"
    # an unlock a handler interrupted is stamped after the handler's records:
    # the program is correct, its unlocks are no misuse
    grep -q '"kind": "double-unlock"' r.json && fail "stacks $stacks: a false double unlock: $(grep -m1 double-unlock r.json)"
  done
  ;;
timeout-children)
  # --timeout ends the processes the program started with it, and reads their
  # traces once they have ended: whole, no chunk cut, nothing left running.
  for run in 1 2 3 4; do
    rm -f t*.weft
    "$WEFT" record --timeout 1 -o t.weft -- "$TESTS/busy-child" >out.txt 2>err.txt
    st=$?
    [ $st = 124 ] || fail "run $run: status $st: $(cat err.txt)"
    child=$(cat out.txt)
    if [ -d "/proc/$child" ] && ! grep -q "^$child ([^)]*) Z" "/proc/$child/stat"; then
      kill -KILL "$child"
      fail "run $run: the child $child still runs after weft record"
    fi
    grep -q "^weft record: 1 process the program started still ran: weft ended it too$" err.txt ||
      fail "run $run: not said: $(cat err.txt)"
    "$WEFT" report "t-$child.weft" >report.txt 2>rerr.txt || fail "run $run: the child's trace: $(cat rerr.txt)"
    [ -s rerr.txt ] && fail "run $run: the child's trace is damaged: $(cat rerr.txt)"
    grep -q "^Duration: .*[0-9] events" report.txt || fail "run $run: $(head -3 report.txt)"
    "$WEFT" dump t.weft >/dev/null 2>rerr.txt || fail "run $run: the family: $(cat rerr.txt)"
    [ -s rerr.txt ] && fail "run $run: the family is damaged: $(cat rerr.txt)"
  done
  ;;
*) fail "unknown case $CASE" ;;
esac
exit 0
