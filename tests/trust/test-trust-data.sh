#!/usr/bin/env bash
# The data's safety (issue #11): bad traces read without a crash, every
# damage named once; files created safely; nothing lost silently.
# Usage: test-trust-data.sh WEFT BUILD_TESTS_DIR SOURCE_ROOT CASE
set -u
WEFT=$(realpath "$1")
TESTS=$(realpath "$2")
SRC=$(realpath "$3")
CASE=$4
. "$(dirname "$0")/../test-lib.sh"
bad() { "$TESTS/make-bad-trace" "$1" "$2" || fail "make-bad-trace $1"; }

case $CASE in
bad-deadlock-records)
  # Empty, short, unknown: the report stands, says what it skipped, never crashes.
  for kind in deadlock-empty deadlock-no-blob deadlock-short deadlock-unknown-thread \
      deadlock-huge-ids deadlock-self-empty deadlock-upgrade-unknown; do
    bad "$kind" "$kind.weft"
    for fmt in "" --json; do
      "$WEFT" report $fmt "$kind.weft" >out.txt 2>err.txt
      st=$?
      [ $st = 0 ] || fail "report $fmt $kind exited $st: $(cat err.txt)"
      grep -q "malformed records skipped" err.txt || fail "report $fmt $kind: damage not named: $(cat err.txt)"
      grep -q "bad checksum" err.txt && fail "report $fmt $kind calls a malformed record a bad checksum"
    done
    "$WEFT" report "$kind.weft" | grep -q "deadlock" || fail "$kind: the deadlock itself is no longer reported"
    "$WEFT" dump "$kind.weft" >/dev/null 2>&1 || fail "dump $kind"
  done
  # The kept part of a damaged record: the known thread stays, with its wait.
  "$WEFT" report deadlock-unknown-thread.weft 2>/dev/null | grep -q 'thread 1 "main" waits for' ||
    fail "the valid thread of a damaged deadlock was dropped"
  "$WEFT" report --json deadlock-short.weft 2>/dev/null >short.json
  grep -q '"threads": \[1, 2\]' short.json || fail "a short object list lost its threads: $(grep -A3 deadlocks short.json)"
  # A sound record is not called malformed, and an unknown kind is not damage.
  for kind in deadlock-good deadlock-unknown-kind; do
    bad "$kind" "$kind.weft"
    "$WEFT" report "$kind.weft" >out.txt 2>err.txt || fail "report $kind: $(cat err.txt)"
    [ -s err.txt ] && fail "report $kind warned: $(cat err.txt)"
    grep -q "deadlock" out.txt || fail "report $kind: no deadlock"
  done
  ;;
malformed-record)
  bad malformed-record m.weft
  expect_error 0 "m.weft: 1 malformed records skipped$" -- "$WEFT" dump m.weft
  ;;
record-options)
  expect_error 64 "^weft record: -o needs a value; try" -- "$WEFT" record -o
  expect_error 64 "^weft record: --output needs a value; try" -- "$WEFT" record --output
  expect_error 64 "^weft record: --stack-depth needs a value; try" -- "$WEFT" record --stack-depth
  expect_error 64 "^weft record: -o needs a value before '--'$" -- "$WEFT" record -o -- /bin/true
  expect_error 64 "^weft record: --output needs a value before '--'$" -- "$WEFT" record --output=-- /bin/true
  expect_error 64 "^weft record: --stack-depth needs a value before '--'$" -- "$WEFT" record --stack-depth -- /bin/true
  [ -e -- ] && fail "a trace named '--' was written"
  "$WEFT" record --output o.weft -- /bin/true 2>err.txt || fail "--output FILE: $(cat err.txt)"
  [ -s o.weft ] || fail "--output FILE wrote nothing"
  ;;
safe-files)
  P="$TESTS/lock-pairs"
  mkdir adir
  expect_error 73 "^weft record: will not write the trace to 'adir': it is a directory$" -- "$WEFT" record -o adir -- "$P" 10
  mkfifo fifo
  expect_error 73 "^weft record: will not write the trace to 'fifo': it is not a regular file" -- timeout 10 "$WEFT" record -o fifo -- "$P" 10
  cp "$P" prog
  cmp -s prog "$P" || fail "copy"
  expect_error 73 "^weft record: will not write the trace to 'prog': it is the program itself$" -- "$WEFT" record -o prog -- ./prog 10
  cmp -s prog "$P" || fail "the program was overwritten"
  echo precious >victim
  ln -s victim link.weft
  expect_error 73 "^weft record: will not write the trace to 'link.weft': it is a symbolic link" -- "$WEFT" record -o link.weft -- "$P" 10
  [ "$(cat victim)" = precious ] || fail "written through a symbolic link"
  # Private by default, --mode otherwise, whatever the umask.
  umask 022
  "$WEFT" record -o private.weft -- "$P" 10 >/dev/null 2>&1 || fail "record"
  [ "$(stat -c %a private.weft)" = 600 ] || fail "default mode $(stat -c %a private.weft)"
  "$WEFT" record --mode 640 -o shared.weft -- "$P" 10 >/dev/null 2>&1 || fail "record --mode"
  [ "$(stat -c %a shared.weft)" = 640 ] || fail "--mode 640 gave $(stat -c %a shared.weft)"
  expect_error 64 "^weft record: --mode takes octal permissions such as 600 or 644, not '9'$" -- "$WEFT" record --mode 9 -- "$P" 10
  # Child traces: the same mode, never through a file planted at their name.
  "$WEFT" record --mode 604 -o fork.weft -- "$TESTS/forker" >/dev/null 2>&1 || fail "record forker"
  for f in fork-*.weft; do
    [ -f "$f" ] || fail "no child trace"
    [ "$(stat -c %a "$f")" = 604 ] || fail "child trace mode $(stat -c %a "$f")"
  done
  PRELOAD=$(dirname "$TESTS")/tracer/preload/libweft-preload.so
  sh -c 'ln -s victim "root-$$.weft"; exec env LD_PRELOAD="$1" WEFT_OUTPUT="$PWD/root.weft" WEFT_ROOT_PID=1 "$2" 10' \
    sh "$PRELOAD" "$P" >/dev/null 2>err.txt || fail "planted: $(cat err.txt)"
  [ "$(cat victim)" = precious ] || fail "a child trace was written through a planted link"
  ls root-*.1.weft >/dev/null 2>&1 || fail "no fresh name taken: $(ls)"
  "$WEFT" dump root-*.1.weft >/dev/null || fail "the fresh child trace does not open"
  ;;
leaks-after-kill)
  # Leaked means blocked at a clean exit; a kill, crash, abort or _exit cuts
  # threads off wherever they were.
  for how in return exit _exit abort segv kill; do
    "$WEFT" record -o "$how.weft" -- "$TESTS/blocked-then" "$how" >/dev/null 2>&1
    "$WEFT" report --json "$how.weft" >"$how.json" 2>err.txt || fail "report $how: $(cat err.txt)"
    leaks=$(grep -c '"waiting_on": "never"' "$how.json")
    case $how in
    return | exit) [ "$leaks" = 1 ] || fail "after $how the blocked waiter is not a leak" ;;
    *) [ "$leaks" = 0 ] || fail "after $how the waiter is called leaked" ;;
    esac
  done
  ;;
killed-time)
  # A killed program's trace keeps the right time (a clock pair at each flush).
  "$WEFT" record -o spin.weft -- "$TESTS/blocked-then" spin >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 200); do [ -s out.txt ] && break; sleep 0.05; done
  t0=$(date +%s%N)
  sleep 1.5
  # its own program, not the one another test case runs at the same time
  kill -KILL "$(pgrep -P $rec)" || fail "nothing to kill"
  t1=$(date +%s%N)
  wait $rec
  dur=$("$WEFT" report --json spin.weft | sed -n 's/^ *"duration_ns": \([0-9]*\),$/\1/p')
  # The trace covers at least the 1.5 s seen here, less the last flush period,
  # and not more than the whole run (start-up under a second).
  [ "${dur:-0}" -gt 1200000000 ] || fail "trace of a 1.5 s run lasts ${dur} ns"
  [ "$dur" -lt $(( (t1 - t0) + 1500000000 )) ] || fail "trace lasts ${dur} ns, the run $(( t1 - t0 )) ns after start-up"
  ;;
record-killed)
  # weft record killed: the program does not run on, and its trace says unfinished.
  "$WEFT" record -o orphan.weft -- "$TESTS/blocked-then" spin >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 200); do [ -s out.txt ] && break; sleep 0.05; done
  [ -s out.txt ] || fail "the program did not start"
  prog=$(pgrep -P $rec)
  sleep 0.3
  kill -KILL $rec
  # running, not a zombie waiting for whoever adopted it
  alive() { [ -r "/proc/$prog/stat" ] && ! grep -q "^$prog ([^)]*) Z" "/proc/$prog/stat"; }
  for _ in $(seq 100); do alive || break; sleep 0.05; done
  if alive; then
    kill -KILL "$prog"
    fail "the program was left running after weft record was killed"
  fi
  "$WEFT" report orphan.weft >report.txt 2>err.txt || fail "the orphan's trace does not open: $(cat err.txt)"
  grep -q "^Unfinished: the trace has no end" report.txt || fail "the trace does not say it is unfinished: $(head -3 report.txt)"
  ;;
descriptors)
  # A program that closes every descriptor keeps its whole trace, and its own
  # files never receive trace chunks.
  for how in closefrom close_range loop dup2; do
    "$WEFT" record --no-stacks -o "$how.weft" -- "$TESTS/closes-all" "$how" 20000 >out.txt 2>err.txt ||
      fail "$how: status $?: $(cat err.txt)"
    [ "$(cat out.txt)" = mine ] || fail "$how: the program read back '$(cat out.txt)'"
    [ "$(stat -c %s data.txt)" = 4 ] || fail "$how: the program's file holds $(stat -c %s data.txt) bytes"
    grep -q "tracing stopped" err.txt && fail "$how: $(cat err.txt)"
    locks=$("$WEFT" report --json "$how.weft" | sed -n 's/^ *"pthread_mutex_lock": \([0-9]*\),\{0,1\}$/\1/p')
    [ "$locks" = 20000 ] || fail "$how: $locks of 20000 locks in the trace"
  done
  ;;
disk-full)
  # A write error after the header (here the file size limit, as a full disk
  # would): the program runs on and computes the same, the trace stops whole,
  # weft record says how many events were lost after when, --strict fails.
  P="$TESTS/lock-pairs"
  (ulimit -f 128; trap '' XFSZ; "$WEFT" record --no-stacks -o full.weft -- "$P" 300000 >out.txt 2>err.txt)
  st=$?
  [ $st = 0 ] || fail "status $st without --strict: $(cat err.txt)"
  [ "$(cat out.txt)" = 600000 ] || fail "the program computed $(cat out.txt)"
  grep -qE "^weft record: the trace is incomplete: [1-9][0-9]* events lost after [0-9.]+(ns|µs|ms|s)$" err.txt ||
    fail "no word of the lost events: $(cat err.txt)"
  [ "$(grep -c "cannot write the trace any more" err.txt)" = 1 ] || fail "the tracer did not say it once: $(cat err.txt)"
  "$WEFT" report full.weft >/dev/null 2>err2.txt || fail "the stopped trace does not open: $(cat err2.txt)"
  (ulimit -f 128; trap '' XFSZ; "$WEFT" record --strict --no-stacks -o full.weft -- "$P" 300000 >/dev/null 2>&1)
  st=$?
  [ $st = 74 ] || fail "--strict with lost events: status $st, expected 74"
  "$WEFT" record --strict --no-stacks -o fine.weft -- "$P" 1000 >/dev/null 2>&1 || fail "--strict without loss: status $?"
  ;;
summary-count)
  # weft record's closing summary is counted in one streaming pass: it must
  # say what the reader reads.
  run() { # NAME ARGS...: record, then compare the summary with report --json
    local name=$1
    shift
    "$WEFT" record -o "$name.weft" -- "$@" >/dev/null 2>err.txt
    local said ev th
    said=$(sed -n 's/^weft: trace written to .*: \([0-9]*\) events, \([0-9]*\) threads$/\1 \2/p' err.txt)
    ev=$("$WEFT" report --json "$name.weft" | sed -n 's/^  "events": \([0-9]*\),$/\1/p')
    th=$("$WEFT" report --json "$name.weft" | grep -c '^    {"id": ')
    [ -n "$said" ] || fail "$name: no summary: $(cat err.txt)"
    [ "$said" = "$ev $th" ] || fail "$name: the summary says '$said', the trace holds $ev events, $th threads"
  }
  run locks "$TESTS/lock-pairs" 100000
  run calls "$TESTS/all-calls"
  run chans "$TESTS/chan-pairs"
  run blocked "$TESTS/blocked-then" exit
  run deadlock "$TESTS/gallery" abba
  ;;
report-streamed)
  # A trace read streamed (past 4M events, or --streamed) says what the same
  # trace read whole says, but for the findings it does not check (null).
  same() { # NAME ARGS...: record, then compare report --json read both ways
    local name=$1
    shift
    "$WEFT" record -o "$name.weft" -- "$@" >/dev/null 2>&1
    "$WEFT" report --json "$name.weft" >whole.json || fail "$name: report"
    "$WEFT" report --json --streamed "$name.weft" >streamed.json || fail "$name: report --streamed"
    python3 - "$name" <<'PY' || fail "$name: streamed and whole differ"
import json, sys
w, s = json.load(open("whole.json")), json.load(open("streamed.json"))
assert w["streamed"] is False and s["streamed"] is True, "streamed key"
unchecked = ["dumps", "crash", "early_exit", "shared_stack_args", "waitgroup_adds", "streamed"]
for k in unchecked[:-1]:
    assert k in s and (s[k] is None), k + " should be null streamed"
for k in w:
    if k not in unchecked and w[k] != s[k]:
        sys.exit(sys.argv[1] + ": " + k + " differs:\n" + json.dumps(w[k])[:300] + "\n" + json.dumps(s[k])[:300])
PY
    "$WEFT" report --streamed "$name.weft" >streamed.txt || fail "$name: text"
    grep -q "^Not checked on a trace this long" streamed.txt || fail "$name: the text does not say what it left"
  }
  same locks "$TESTS/lock-pairs" 20000
  same chans "$TESTS/chan-pairs"
  same abba "$TESTS/gallery" abba
  same cycle3 "$TESTS/gallery" cycle3
  same double-unlock "$TESTS/misuse" double-unlock
  same cond-wait "$TESTS/misuse" cond-wait-not-held
  same exit-holding "$TESTS/misuse" exit-holding-lock
  same calls "$TESTS/all-calls"
  "$WEFT" report --streamed --whole abba.weft >/dev/null || fail "the last of --streamed and --whole wins"
  ;;
fuzz-regressions)
  # Every input the fuzzer ever crashed on, through this build's weft (the
  # sanitized build runs it too): a clear outcome, never a crash.
  n=0
  for f in "$SRC"/tests/fuzz/regressions/*; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    for cmd in "report" "report --json" "dump"; do
      # a few KB of input: seconds or hundreds of MB would be a bug too
      timeout 60 /usr/bin/time -f "%M" -o rss.txt "$WEFT" $cmd "$f" >/dev/null 2>err.txt
      st=$?
      [ "$(tail -1 rss.txt)" -lt 250000 ] || fail "weft $cmd $(basename "$f"): $(tail -1 rss.txt) KB"
      [ $st -lt 128 ] || fail "weft $cmd $(basename "$f"): status $st: $(tail -5 err.txt)"
      grep -q "Sanitizer\|runtime error" err.txt && fail "weft $cmd $(basename "$f"): $(grep -m3 "Sanitizer\|runtime error" err.txt)"
    done
  done
  [ $n -gt 0 ] || fail "no kept regression inputs"
  ;;
max-size)
  # A runaway run stays within --max-size: the start and the end are kept,
  # every lane with its name, and what was dropped is said.
  P="$TESTS/lock-pairs"
  "$WEFT" record --no-stacks --max-size 4M -o bounded.weft -- "$P" 1000000 >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(cat out.txt)" = 2000000 ] || fail "the program computed $(cat out.txt)"
  size=$(stat -c %s bounded.weft)
  [ "$size" -le $((4 * 1048576 + 65536)) ] || fail "a 4M bound gave $size bytes"
  grep -qE "^weft record: the trace reached --max-size \(4.0 MiB\): it keeps the start and the end of the run; [1-9][0-9]* chunks \([0-9.]+ MiB\) from the middle were dropped$" err.txt ||
    fail "no word of what was dropped: $(cat err.txt)"
  "$WEFT" report bounded.weft >report.txt 2>rerr.txt || fail "report: $(cat rerr.txt)"
  [ -s rerr.txt ] && fail "the bounded trace reads as damaged: $(cat rerr.txt)"
  grep -q "^Bounded: the trace reached --max-size (4.0 MiB)" report.txt || fail "report does not say it is bounded"
  for lane in main adder-a adder-b; do
    grep -qE "^  [0-9]+ +$lane " report.txt || fail "lane $lane lost: $(sed -n '/^Threads/,/^$/p' report.txt)"
  done
  # the end of the run is there: both workers end, the program exits
  [ "$("$WEFT" dump bounded.weft | grep -c ' thread-end ')" -ge 3 ] || fail "the end of the run was not kept"
  # Unbounded on request; a wrong size is refused.
  "$WEFT" record --no-stacks --max-size 0 -o free.weft -- "$P" 1000000 >/dev/null 2>err.txt || fail "record 0"
  grep -q "max-size" err.txt && fail "--max-size 0 still bounded: $(cat err.txt)"
  [ "$(stat -c %s free.weft)" -gt $((8 * 1048576)) ] || fail "the unbounded trace is small"
  expect_error 64 "^weft record: --max-size takes a size from 2M up, such as 500M or 2G, or 0 for no bound, not '1K'$" -- "$WEFT" record --max-size 1K -- "$P" 10
  expect_error 64 "not '12X'$" -- "$WEFT" record --max-size 12X -- "$P" 10
  ;;
*)
  fail "unknown case $CASE"
  ;;
esac
