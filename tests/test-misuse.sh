#!/usr/bin/env bash
# Misuse of the threading API, one small program per kind (tests/programs/
# misuse.c): the finding, at the line marked "@KIND" in the source, with its
# sentence and severity; and clean programs that look alike: no finding.
# Usage: test-misuse.sh WEFT PROGRAMS_DIR SOURCE_ROOT CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
SRC=$(realpath "$3")/tests/programs/misuse.c
CASE=$4
. "$(dirname "$0")/test-lib.sh"

record() { # record CASE: the trace misuse.weft, the report as text and JSON
  "$WEFT" record -o misuse.weft -- "$PROGS/misuse" "$1" >out.txt 2>err.txt
  echo $? >status.txt
  [ -s misuse.weft ] || fail "no trace: $(cat err.txt)"
  "$WEFT" report misuse.weft >report.txt 2>&1 || fail "report: $(cat report.txt)"
  "$WEFT" report --json misuse.weft >report.json 2>&1 || fail "report --json: $(cat report.json)"
}

marked_line() { # marked_line FILE MARK: the line that ends with "// @MARK"
  local n
  n=$(grep -n "// @$2\$" "$1" | cut -d: -f1)
  [ -n "$n" ] || fail "no line marked @$2 in $1"
  echo "$n"
}

# expect KIND MARK ERRNO WORDS: one misuse of KIND at the line marked @MARK,
# with that errno (or null), a sentence holding WORDS, in text and JSON.
expect() {
  local kind=$1 mark=$2 err=$3 words=$4
  local line
  line=$(grep -n "// @$mark\$" "$SRC" | cut -d: -f1)
  [ -n "$line" ] || fail "no line marked @$mark in misuse.c"
  python3 - report.json "$kind" "misuse.c:$line" "$err" "$words" <<'PY' || fail "$CASE: $(grep -A12 '"misuse"' report.json)"
import json, sys
r = json.load(open(sys.argv[1]))
kind, at, err, words = sys.argv[2:6]
hits = [m for m in r['misuse'] if m['kind'] == kind]
assert hits, 'no %s in %s' % (kind, [m['kind'] for m in r['misuse']])
m = hits[0]
assert m['at'] and at in m['at'], 'at %s, expected %s' % (m['at'], at)
assert m['frames'] and at in m['frames'][0], 'frames do not start at the user line: %s' % m['frames']
assert (m['errno'] or 'null') == err, 'errno %s, expected %s' % (m['errno'], err)
assert words in m['explanation'], 'sentence: %s' % m['explanation']
assert m['severity'] in ('error', 'note')
assert isinstance(m['thread'], int) and m['thread'] > 0
PY
  grep -qF "$words" report.txt || fail "the text report lacks '$words': $(sed -n '/^Misuse/,$p' report.txt)"
  grep -q "^Misuse:" report.txt || fail "no Misuse section: $(cat report.txt)"
}

# expect_clean: no misuse, no lock-order note, no inversion, no leak, no deadlock.
expect_clean() {
  python3 - report.json <<'PY' || fail "$CASE: false alarm: $(cat report.json | head -c 3000)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r['misuse'] == [], [(m['kind'], m['explanation']) for m in r['misuse']]
assert r['lock_order_notes'] == [] and r['lock_order_inversions'] == []
assert r['deadlocks'] == [] and r['leaks'] in ([], None), (r['deadlocks'], r['leaks'])
PY
  grep -q "^Misuse:" report.txt && fail "a Misuse section: $(cat report.txt)"
  [ "$(cat status.txt)" = 0 ] || fail "the clean program failed: $(cat out.txt err.txt)"
  grep -q "misuse of\|misuses" err.txt && fail "record's summary speaks of misuse: $(cat err.txt)"
  true
}

severity() { # severity KIND LEVEL
  python3 -c "import json,sys; r=json.load(open('report.json')); \
assert any(m['kind']=='$1' and m['severity']=='$2' for m in r['misuse']), r['misuse']" ||
    fail "$1 is not '$2'"
}

case $CASE in
cond-wait-not-held)
  record "$CASE"
  expect "$CASE" "$CASE" null "without holding counter_mu"
  # the narration does not say it lets go of a mutex it does not hold
  "$WEFT" dump --narrate misuse.weft >narrated.txt || fail "dump --narrate"
  grep -qE "waits on [^ ]+ without holding counter_mu" narrated.txt ||
    fail "narrated: $(grep -m2 'waits on' narrated.txt)"
  ;;
cond-wait-other-mutex) record "$CASE"; expect "$CASE" "$CASE" null "with another mutex than counter_mu" ;;
double-unlock) record "$CASE"; expect "$CASE" "$CASE" null "counter_mu" ;;
unlock-never-locked) record "$CASE"; expect "$CASE" "$CASE" null "which no thread had locked" ;;
exit-holding-lock) record "$CASE"; expect "$CASE" "$CASE" null "ended while holding counter_mu" ;;
process-end-holding-lock)
  record "$CASE"
  expect "$CASE" "$CASE" null "The program ended while"
  severity "$CASE" note
  ;;
abort-holding-lock)
  record "$CASE"
  expect process-end-holding-lock "$CASE" null "killed by signal 6"
  ;;
destroy-locked-rwlock) record "$CASE"; expect destroy-locked destroy-locked null "table_lock" ;;
destroy-cond-waiters) record "$CASE"; expect "$CASE" "$CASE" null "while threads wait on it" ;;
destroy-barrier-waiters) record "$CASE"; expect "$CASE" "$CASE" null "phase_barrier" ;;
reinit-live) record "$CASE"; expect "$CASE" "$CASE" null "again" ;;
join-self)
  record "$CASE"
  expect "$CASE" "$CASE" EDEADLK "joins itself"
  grep -q "deadlock" err.txt && fail "a self-join is no deadlock: $(cat err.txt)"
  python3 -c "import json; assert json.load(open('report.json'))['deadlocks'] == []" ||
    fail "a self-join reported as a deadlock"
  [ "$(cat status.txt)" = 0 ] || fail "the program did not go on"
  ;;
join-detached) record "$CASE"; expect "$CASE" "$CASE" null "which was detached" ;;
join-joined) record "$CASE"; expect "$CASE" "$CASE" null "already joined" ;;
detach-twice) record "$CASE"; expect "$CASE" "$CASE" EINVAL "already detached" ;;
barrier-count-zero) record "$CASE"; expect "$CASE" "$CASE" EINVAL "count of 0" ;;
barrier-oversubscribed) record "$CASE"; expect "$CASE" "$CASE" null "its count of 2" ;;
rwlock-unlock-not-held) record "$CASE"; expect "$CASE" "$CASE" null "without holding it" ;;
rwlock-relock) record "$CASE"; expect "$CASE" "$CASE" EDEADLK "EDEADLK" ;;
sem-bad-value) record "$CASE"; expect "$CASE" "$CASE" EINVAL "SEM_VALUE_MAX" ;;
sem-overflow) record "$CASE"; expect "$CASE" "$CASE" EOVERFLOW "EOVERFLOW" ;;
not-initialised-sem) record "$CASE"; expect not-initialised "$CASE" null "sem_init" ;;
not-initialised-garbage-sem) record "$CASE"; expect not-initialised "$CASE" null "sem_init" ;;
not-initialised-barrier)
  # glibc then crashes (SIGFPE): the misuse still says why, at the line
  record "$CASE"
  expect not-initialised "$CASE" null "pthread_barrier_init"
  grep -q "SIGFPE" err.txt || fail "the crash: $(cat err.txt)"
  ;;
not-initialised-mutex) record "$CASE"; expect not-initialised "$CASE" EINVAL "pthread_mutex_init" ;;
recursive-over-unlock) record "$CASE"; expect "$CASE" "$CASE" EPERM "more times than it locked it" ;;
errorcheck-relock)
  record "$CASE"
  expect "$CASE" "$CASE" EDEADLK "instead of hanging"
  [ "$(cat status.txt)" = 0 ] || fail "EDEADLK did not reach the program"
  grep -q "deadlock" err.txt && fail "an errorcheck relock is no deadlock: $(cat err.txt)"
  true
  ;;
call-failed)
  record "$CASE"
  expect "$CASE" "$CASE" EINVAL "returned EINVAL"
  severity "$CASE" note
  ;;
call-failed-timedlock)
  record "$CASE"
  expect call-failed "$CASE" EINVAL "pthread_mutex_timedlock on counter_mu"
  python3 -c "import json; r = json.load(open('report.json')); \
assert [m['kind'] for m in r['misuse']] == ['call-failed'], r['misuse']" || fail "not only call-failed"
  ;;
lock-order-note)
  record "$CASE"
  python3 - report.json <<'PY' || fail "no note: $(grep -A8 lock_order report.json)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r['lock_order_inversions'] == [], 'one thread alone is no inversion'
n = r['lock_order_notes']
assert len(n) == 1 and n[0]['severity'] == 'note', n
assert sorted(n[0]['locks']) == ['counter_mu', 'other_mu'], n
PY
  grep -q "took these locks in both orders" report.txt || fail "text: $(cat report.txt)"
  grep -q "note: 1 set of locks one thread took in both orders" err.txt || fail "record's summary: $(cat err.txt)"
  # both lines of the second order, the one to change: where other_mu was
  # taken, then where counter_mu was asked for while it was held
  held=$(marked_line "$SRC" lock-order-note-held)
  asked=$(marked_line "$SRC" lock-order-note)
  python3 - report.json "misuse.c:$held" "misuse.c:$asked" <<'PY' || fail "the note's lines: $(grep -A30 lock_order_notes report.json)"
import json, sys
held, asked = sys.argv[2], sys.argv[3]
edges = json.load(open(sys.argv[1]))['lock_order_notes'][0]['edges']
assert any(e['held'] == 'other_mu' and held in e['held_at'] and asked in e['acquired_at']
           for e in edges), edges
PY
  sed -n '/both orders/,/One thread alone/p' report.txt >note.txt
  grep -A1 "other_mu was taken at:" note.txt | grep -q "misuse.c:$held)" ||
    fail "the text does not say where other_mu was taken: $(cat note.txt)"
  grep -A1 "counter_mu was asked for at:" note.txt | grep -q "misuse.c:$asked)" ||
    fail "the text does not say where counter_mu was asked for: $(cat note.txt)"
  ;;
lock-cycle-lines)
  # a deadlock whose two orders are in two functions: the hint names the
  # line of each lock of the cycle, where it was taken and where asked for
  "$WEFT" record -o cycle.weft -- "$PROGS/gallery" abba-apart >out.txt 2>err.txt
  [ $? = 2 ] || fail "not reported as a deadlock: $(cat err.txt)"
  "$WEFT" report --json cycle.weft >report.json || fail "report --json"
  G=$(dirname "$SRC")/gallery.c
  d1=$(marked_line "$G" apart-deposit-first) d2=$(marked_line "$G" apart-deposit-second)
  w1=$(marked_line "$G" apart-withdraw-first) w2=$(marked_line "$G" apart-withdraw-second)
  for want in "takes fork_a at gallery.c:$d1 then fork_b at gallery.c:$d2" \
      "takes fork_b at gallery.c:$w1 then fork_a at gallery.c:$w2"; do
    grep -qF "$want" err.txt || fail "record's hint lacks '$want': $(grep hint err.txt)"
    grep -qF "$want" report.json || fail "the JSON's hints lack '$want'"
  done
  python3 - report.json "gallery.c:$d1" "gallery.c:$w1" <<'PY' || fail "held: $(grep -A20 '"held"' report.json)"
import json, sys
d = json.load(open(sys.argv[1]))['deadlocks'][0]
assert len(d['held']) == len(d['threads']) == 2, d['held']
ats = sorted(h[0]['at'] for h in d['held'])
assert sys.argv[2] in ats[0] or sys.argv[2] in ats[1], ats
assert sys.argv[3] in ats[0] or sys.argv[3] in ats[1], ats
assert all(h[0]['object'] in ('fork_a', 'fork_b') and h[0]['stack']['frames'] for h in d['held'])
PY
  ;;
lock-cycle-same-lines)
  # three threads of one function: their two lines said once
  "$WEFT" record -o cycle.weft -- "$PROGS/gallery" cycle3 >out.txt 2>err.txt
  [ $? = 2 ] || fail "not reported as a deadlock: $(cat err.txt)"
  G=$(dirname "$SRC")/gallery.c
  want="each the first at gallery.c:$(marked_line "$G" take-two-first) and the second at gallery.c:$(marked_line "$G" take-two-second)"
  grep -qF "$want" err.txt || fail "the hint lacks '$want': $(grep hint err.txt)"
  [ "$(grep -o "gallery.c:" <(grep "hint: the cause" err.txt) | wc -l)" = 2 ] ||
    fail "the lines are not said once: $(grep hint err.txt)"
  ;;
lock-cycle-no-lines)
  # built without -g: one function, no lines; said once, not "at take_two and at take_two"
  "$WEFT" record -o cycle.weft -- "$PROGS/gallery-nodebug" cycle3 >out.txt 2>err.txt
  [ $? = 2 ] || fail "not reported as a deadlock: $(cat err.txt)"
  grep -q "hint: the cause is the order of the locks: .* then .*, all in take_two\. Take them" err.txt ||
    fail "the hint: $(grep hint err.txt)"
  grep -q "^weft: tip: the program was built without -g" err.txt || fail "no -g tip: $(cat err.txt)"
  ;;
summary)
  record double-unlock
  grep -q "misuse.*weft report" err.txt || fail "record's summary does not list the misuse: $(cat err.txt)"
  ;;
clean-shared-sem*)
  record "$CASE"
  expect_clean
  # the other process's trace too: the semaphore was made, by its parent
  n=0
  for child in misuse-*.weft; do
    [ -f "$child" ] || continue
    n=$((n + 1))
    "$WEFT" report --json "$child" | python3 -c "import json, sys; r = json.load(sys.stdin); \
assert r['misuse'] == [], r['misuse']" || fail "the other process: $("$WEFT" report "$child")"
  done
  [ $n = 1 ] || fail "expected the child's trace: $(ls)"
  ;;
clean-*) record "$CASE"; expect_clean ;;
*) fail "unknown case $CASE" ;;
esac
