#!/usr/bin/env bash
# Waits outside pthreads: each case of tests/programs/io-waits.c under
# `weft record`, its output unchanged, the wait in the trace with its reason,
# and the report's blocked_ns by kind. Usage: test-io.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export LC_ALL=C LANGUAGE=

fail() { echo "FAIL: $*" >&2; exit 1; }
MS=1000000

# record ARGS...: records io-waits ARGS into t.weft, stdin passed through
record() {
  "$WEFT" record -o t.weft -- "$PROGS/io-waits" "$@" >out.txt 2>err.txt ||
    fail "record $*: status $?: $(cat err.txt)"
}
# main_ns KEY [KIND]: main's running_ns, or its blocked_ns[KIND] (0 if absent)
main_ns() {
  "$WEFT" report --json t.weft | python3 -c '
import json, sys
t = [t for t in json.load(sys.stdin)["threads"] if t["id"] == 1][0]
print(t[sys.argv[1]] if len(sys.argv) < 3 else t[sys.argv[1]].get(sys.argv[2], 0))' "$@"
}
# at_least KIND NS: main was blocked at least NS in KIND, and ran under 100 ms
at_least() {
  local got
  got=$(main_ns blocked_ns "$1")
  [ "$got" -ge "$2" ] || fail "main blocked $got ns in $1, expected at least $2: $(main_ns blocked_ns)"
  got=$(main_ns running_ns)
  [ "$got" -lt $((100 * MS)) ] || fail "main ran $got ns, expected under 100 ms (its wait counted as running?)"
}
expect_out() { [ "$(cat out.txt)" = "$1" ] || fail "the program printed '$(cat out.txt)', expected '$1'"; }
# viewer_shows CALL OBJECT MIN_MS: the viewer's model draws main waiting
# (when the viewer is built)
viewer_shows() {
  [ -x "$PROGS/test-io-viewer" ] || return 0
  "$PROGS/test-io-viewer" t.weft "$@" || fail "the viewer's model: see above"
}
# waits_on CALL OBJECT-PATTERN: main's io-wait in CALL on an object like that
waits_on() {
  "$WEFT" dump t.weft >dump.txt || fail "dump"
  grep -qE "^ *[0-9]+ +1 +main +io-wait +$2" dump.txt || fail "no io-wait on /$2/ in: $(grep io- dump.txt)"
  "$WEFT" report --json t.weft | grep -q "\"$1\": 1" || fail "no $1 call counted"
}

# late_input PROMPT SECONDS LINE: LINE, SECONDS after the program printed
# PROMPT, however slow its start
late_input() {
  for _ in $(seq 200); do grep -q "$1" out.txt 2>/dev/null && break; sleep 0.05; done
  sleep "$2"
  echo "$3"
}

case $CASE in
pipe-read)
  record pipe-read
  expect_out "read 5 hello"
  waits_on read "fd [0-9]+ \(pipe\)"
  at_least io $((900 * MS))
  viewer_shows read "$(sed -n 's/.*io-wait *\(fd [0-9]* (pipe)\).*/\1/p' dump.txt)" 900
  ;;
accept)
  record accept
  port=$(sed -n 's/^port //p' out.txt)
  [ "$(head -1 out.txt)" = "accepted yes" ] || fail "output: $(cat out.txt)"
  waits_on accept "fd [0-9]+ \(socket 127.0.0.1:$port, listening\)"
  at_least io $((250 * MS))
  ;;
poll)
  record poll
  expect_out "poll 0"
  waits_on poll "fd [0-9]+ \(pipe\)"
  at_least poll $((250 * MS))
  [ "$(main_ns blocked_ns io)" = 0 ] || fail "a poll counted as io"
  ;;
waitpid)
  record waitpid
  expect_out "child reaped status 7"
  waits_on waitpid "-"
  at_least child $((400 * MS))
  # the child's own trace is whole, with its status (no weft record saw it end)
  "$WEFT" report t-*.weft >child.txt 2>&1 || fail "the child's trace: $(cat child.txt)"
  grep -q "^Duration: .*, exit status 7$" child.txt || fail "the child's end: $(head -3 child.txt)"
  grep -q "^Unfinished" child.txt && fail "the child's trace called unfinished"
  ;;
child-asleep)
  # the child deadlocks and, left hanging, is asleep for good: so is main in
  # wait(); each says so, and --timeout ends them with whole traces
  "$WEFT" record --on-deadlock=report --timeout 4 -o t.weft -- "$PROGS/io-waits" child-asleep >out.txt 2>err.txt
  [ $? = 124 ] || fail "status $?: $(cat err.txt)"
  grep -q "^weft: all threads are asleep - deadlock!" err.txt || fail "main not asleep: $(cat err.txt)"
  grep -q "^Every thread is blocked and none can wake another: main waits in wait for a child process. The child processes waited for are asleep for good themselves" err.txt ||
    fail "no sentence: $(cat err.txt)"
  grep -q "^main waits for m, which it already holds" err.txt || fail "the child's deadlock: $(cat err.txt)"
  grep -q "suspected hang" err.txt && fail "the watch spoke after the deadlock: $(cat err.txt)"
  # the child, still asleep, is ended with the run and read once it has ended:
  # the family opens whole
  grep -q "^weft record: 1 process the program started still ran: weft ended it too$" err.txt ||
    fail "the asleep child not ended: $(cat err.txt)"
  "$WEFT" report t.weft >report.txt 2>rerr.txt || fail "report: $(cat rerr.txt)"
  [ -s rerr.txt ] && fail "the trace is damaged: $(cat rerr.txt)"
  child=$(ls t-*.weft) || fail "no child trace"
  pid=${child#t-}
  [ -d "/proc/${pid%.weft}" ] && fail "the asleep child still runs"
  "$WEFT" report --json "$child" | grep -q '"kind": "self-relock"' || fail "the child's trace: $("$WEFT" report "$child")"
  # in the default mode the child ends (status 2) and main goes on
  record child-asleep
  expect_out "child reaped status 2"
  ;;
scanf)
  late_input "number?" 1 42 | record scanf
  expect_out "number? got 42"
  waits_on scanf "fd 0 \(pipe\)"
  at_least io $((900 * MS))
  viewer_shows scanf "fd 0 (pipe)" 900
  ;;
file-read)
  record file-read
  expect_out "read 4194304 bytes"
  "$WEFT" dump t.weft >dump.txt || fail "dump"
  ! grep -q "io-wait" dump.txt || fail "a regular file's read recorded as a wait: $(grep io-wait dump.txt)"
  [ "$(main_ns blocked_ns io)" = 0 ] || fail "regular-file reads counted as blocked"
  ;;
not-asleep)
  # main waits for input a person could still type: no "all asleep" verdict
  late_input "" 1.5 hi | record not-asleep
  expect_out "hi"
  "$WEFT" report --json t.weft | grep -q '"deadlocks": \[\]' || fail "a deadlock was reported: $(cat err.txt)"
  waits_on fgets "fd 0 \(pipe\)"
  ;;
others)
  record others
  expect_out "$(printf 'select 0\nepoll 0\nsigwait SIGUSR1\nflock 0\nfcntl 0\nwrite 65536')"
  waits_on select "fd [0-9]+ \(pipe\)"
  waits_on epoll_wait "fd [0-9]+ \(epoll\)"
  waits_on sigwait "-"
  waits_on flock "fd [0-9]+ \(/.*/io-waits-lock-"
  waits_on fcntl "fd [0-9]+ \(/.*/io-waits-lock-"
  waits_on write "fd [0-9]+ \(pipe\)"
  at_least poll $((350 * MS))
  [ "$(main_ns blocked_ns signal)" -ge $((150 * MS)) ] || fail "sigwait: $(main_ns blocked_ns)"
  [ "$(main_ns blocked_ns io)" -ge $((400 * MS)) ] || fail "flock, fcntl, write: $(main_ns blocked_ns)"
  ;;
reuse)
  # calls on a regular file are never checked, once fstat said what it is:
  # a number freed and taken by a pipe must be checked again
  record reuse
  expect_out "$(printf 'same number read\nsame number read\nsame number read')"
  "$WEFT" dump t.weft >dump.txt || fail "dump"
  [ "$(grep -cE "^ *[0-9]+ +1 +main +io-wait +fd [0-9]+ \(pipe\) +read$" dump.txt)" = 3 ] ||
    fail "not 3 reads waiting on a pipe: $(grep io-wait dump.txt)"
  at_least io $((2700 * MS))
  ;;
*)
  fail "unknown case $CASE"
  ;;
esac
exit 0
