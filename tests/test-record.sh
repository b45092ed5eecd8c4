#!/usr/bin/env bash
# Integration tests: real programs under `weft record`, and the one-line
# errors of every bad input. Usage: test-record.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
. "$(dirname "$0")/test-lib.sh"
json_calls() { # json_calls FILE NAME -> count
  "$WEFT" report --json "$1" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p"
}
json_calls_alone() { # the root trace without its children's
  "$WEFT" report --json --no-children "$1" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p"
}
json_int() {
  "$WEFT" report --json "$1" | sed -n "s/^ *\"$2\": \([0-9-]*\),\{0,1\}$/\1/p"
}

case $CASE in
million-locks)
  "$WEFT" record --no-stacks -o locks.weft -- "$PROGS/lock-pairs" 500000 >out.txt 2>err.txt ||
    fail "record failed: $(cat err.txt)"
  [ "$(cat out.txt)" = 1000000 ] || fail "the program computed $(cat out.txt)"
  grep -q "trace written to locks.weft: .* events, 3 threads" err.txt || fail "summary: $(cat err.txt)"
  [ "$(json_calls locks.weft pthread_mutex_lock)" = 1000000 ] || fail "lock calls: $(json_calls locks.weft pthread_mutex_lock)"
  [ "$(json_calls locks.weft pthread_mutex_unlock)" = 1000000 ] || fail "unlock calls"
  [ "$(json_int locks.weft lost_events)" = 0 ] || fail "lost events"
  "$WEFT" report --json locks.weft | grep -q '"name": "adder-a"' || fail "thread name adder-a missing"
  "$WEFT" report --json locks.weft | grep -q '"name": "counter_mu"' || fail "counter_mu not named by its symbol"
  "$WEFT" report --json locks.weft | grep -q '"start_function": "worker"' || fail "start function"
  ;;
all-calls)
  "$WEFT" record -o all.weft -- "$PROGS/all-calls" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(cat out.txt)" = ok ] || fail "the program said $(cat out.txt)"
  for pair in pthread_create:1 pthread_join:1 pthread_setname_np:1 pthread_barrier_init:1 \
      pthread_barrier_wait:2 pthread_barrier_destroy:1 pthread_cond_wait:1 pthread_cond_signal:1 \
      pthread_cond_broadcast:1 pthread_mutex_lock:2 pthread_mutex_trylock:1 pthread_mutex_unlock:3 \
      pthread_rwlock_rdlock:1 pthread_rwlock_wrlock:1 pthread_rwlock_tryrdlock:1 pthread_rwlock_unlock:2 \
      pthread_spin_init:1 pthread_spin_lock:1 pthread_spin_unlock:1 pthread_spin_destroy:1 \
      sem_init:1 sem_wait:1 sem_post:1 sem_timedwait:1 sem_destroy:1 usleep:1 nanosleep:1; do
    name=${pair%%:*}
    want=${pair##*:}
    got=$(json_calls all.weft "$name")
    [ "$got" = "$want" ] || fail "$name: $got calls in the trace, the program made $want"
  done
  "$WEFT" dump all.weft | grep -q "lock-fail .*config_lock .*Device or resource busy" || fail "tryrdlock failure not recorded"
  "$WEFT" report all.weft | grep -q "waiter" || fail "report lacks the waiter thread"
  # a blocking call carries its stack, down to the source line
  "$WEFT" report all.weft >/dev/null || fail "report"
  ;;
exit-status)
  "$WEFT" record -o st.weft -- "$PROGS/exit-status" 7 2>/dev/null
  [ $? = 7 ] || fail "the program's exit status was not passed through"
  [ "$(json_int st.weft exit_status)" = 7 ] || fail "exit status not in the trace"
  ;;
killed)
  "$WEFT" record -o killed.weft -- "$PROGS/spinner" to-kill >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 100); do [ -s out.txt ] && break; sleep 0.05; done
  # killed once the service thread's flushes put locks on disk (a loaded machine flushes late)
  for _ in $(seq 50); do
    sleep 0.2
    [ "$(json_calls killed.weft pthread_mutex_lock 2>/dev/null)" -gt 10 ] 2>/dev/null && break
  done
  pkill -KILL -f "^$PROGS/spinner to-kill" || fail "no spinner to kill"
  wait $rec
  st=$?
  [ $st = 137 ] || fail "status $st after SIGKILL, expected 137"
  "$WEFT" report --json killed.weft >report.json 2>err.txt || fail "the killed trace does not open: $(cat err.txt)"
  lock=$(sed -n 's/^ *"pthread_mutex_lock": \([0-9]*\),\{0,1\}$/\1/p' report.json)
  [ "${lock:-0}" -gt 10 ] || fail "too few events in the killed trace: $lock"
  ;;
interrupted)
  "$PROGS/default-signals" "$WEFT" record -o int.weft -- "$PROGS/spinner" to-interrupt >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 100); do [ -s out.txt ] && break; sleep 0.05; done
  sleep 0.2
  pkill -INT -f "^$PROGS/spinner to-interrupt" || fail "no spinner to interrupt"
  for _ in $(seq 100); do kill -0 $rec 2>/dev/null || break; sleep 0.1; done
  kill -0 $rec 2>/dev/null && { pkill -KILL -f "^$PROGS/spinner to-interrupt"; fail "SIGINT did not end the program"; }
  wait $rec
  st=$?
  [ $st = 130 ] || fail "status $st after SIGINT, expected 130"
  "$WEFT" report --json int.weft >report.json || fail "the interrupted trace does not open"
  grep -q '"pthread_mutex_lock"' report.json || fail "no locks in the interrupted trace"
  ;;
race-tip)
  # two busy threads, nothing between them, no race detector: one tip to try --race
  "$WEFT" record -o rt.weft -- "$PROGS/gallery" unsynced-counter >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  grep -q "^weft: tip: 2 threads could run at the same time with no lock, condition, semaphore or channel between them: .* 'weft record --race -- $PROGS/gallery unsynced-counter' finds\$" err.txt ||
    fail "no tip for the unsynchronised counter: $(cat err.txt)"
  # locks between them, or one joined before the other starts: no tip
  "$WEFT" record -o rt2.weft -- "$PROGS/gallery" inversion-joined >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  grep -q "tip: .*--race" err.txt && fail "a tip for threads that lock: $(cat err.txt)"
  "$WEFT" record -o rt3.weft -- "$PROGS/gallery" unsynced-in-turn >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  grep -q "tip: .*--race" err.txt && fail "a tip for threads that ran in turn: $(cat err.txt)"
  ;;
fork-child-crash)
  # a child process's crash is said as the program's would be, with its pid
  "$WEFT" record -o cc.weft -- "$PROGS/forker" crash-child >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  child=$(cat out.txt)
  grep -q "^weft: in child process $child:" err.txt || fail "the child's crash not said: $(cat err.txt)"
  grep -qE '^weft: thread 1 "main" crashed: SIGSEGV \(Segmentation fault\), at main \(forker\.c:[0-9]+\)' err.txt ||
    fail "the crash's place: $(cat err.txt)"
  ;;
fork-orphan)
  # the parent returns at once; its child goes on until told to, then returns from main
  rm -f go
  "$WEFT" record -o orphan.weft -- "$PROGS/forker" orphan >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 200); do grep -q "still runs" err.txt && break; sleep 0.1; done
  touch go
  wait $rec || fail "record: $(cat err.txt)"
  child=$(head -1 out.txt)
  grep -q "^weft: child process $child still runs; waiting for it to end to finish its trace orphan-$child.weft" err.txt ||
    fail "no wait for the child: $(cat err.txt)"
  grep -q "^weft: trace of child process $child written to orphan-$child.weft" err.txt || fail "the child's trace not named: $(cat err.txt)"
  [ "$(json_calls "orphan-$child.weft" pthread_mutex_lock)" = 10 ] || fail "child trace: $(json_calls "orphan-$child.weft" pthread_mutex_lock)"
  "$WEFT" report "orphan-$child.weft" >rep.txt 2>&1 || fail "the child's trace: $(cat rep.txt)"
  grep -qiE "truncated|damaged|Unfinished" rep.txt && fail "the child's trace damaged or unfinished: $(cat rep.txt)"
  grep -q "exit status 0" rep.txt || fail "the child's return from main not in its trace: $(cat rep.txt)"
  ;;
fork)
  "$WEFT" record -o fork.weft -- "$PROGS/forker" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  child=$(cat out.txt)
  [ -f "fork-$child.weft" ] || fail "no trace for the child $child: $(ls)"
  [ "$(json_calls "fork-$child.weft" pthread_mutex_lock)" = 10 ] || fail "child trace: $(json_calls "fork-$child.weft" pthread_mutex_lock)"
  [ "$(json_calls_alone fork.weft pthread_mutex_lock)" = 1 ] || fail "parent trace"
  [ "$(json_calls fork.weft pthread_mutex_lock)" = 11 ] || fail "the family: $(json_calls fork.weft pthread_mutex_lock)"
  [ "$(json_calls fork.weft fork)" = 1 ] || fail "fork not recorded"
  ;;
truncated)
  "$WEFT" record -o whole.weft -- "$PROGS/lock-pairs" 20000 >/dev/null 2>&1 || fail "record"
  size=$(stat -c %s whole.weft)
  head -c $((size * 2 / 3)) whole.weft >cut.weft
  "$WEFT" report cut.weft >out.txt 2>err.txt || fail "a truncated trace must open"
  grep -q "truncated" err.txt || fail "no word about the truncation: $(cat err.txt)"
  head -c 20 whole.weft >tiny.weft
  expect_error 65 "truncated" -- "$WEFT" report tiny.weft
  ;;
bad-input)
  expect_error 66 "cannot open 'missing.weft'" -- "$WEFT" report missing.weft
  expect_error 66 "cannot open 'missing.weft'" -- "$WEFT" dump missing.weft
  echo "hello" >text.weft
  expect_error 65 "not a weft trace" -- "$WEFT" report text.weft
  : >empty.weft
  expect_error 65 "not a weft trace" -- "$WEFT" dump empty.weft
  printf '\x89WEFT\r\n\x1a\x09\x00\x00\x00\x01\x00\x20\x00' >future.weft
  head -c 18 /dev/zero >>future.weft
  expect_error 65 "version 9.*newer weft" -- "$WEFT" report future.weft
  expect_error 64 "unknown option '--frobnicate'" -- "$WEFT" report --frobnicate x.weft
  expect_error 64 "unknown option '--bogus'" -- "$WEFT" record --bogus -- true
  expect_error 64 "unknown command 'frob'" -- "$WEFT" frob
  expect_error 64 "no program to run" -- "$WEFT" record
  expect_error 64 "expected one trace file" -- "$WEFT" report
  expect_error 127 "program 'no-such-program-xyz' not found" -- "$WEFT" record -- no-such-program-xyz
  expect_error 126 "cannot run './text.weft'" -- "$WEFT" record -- ./text.weft
  expect_error 64 "--stacks takes all, blocking or off" -- "$WEFT" record --stacks=sometimes -- true
  expect_error 126 "is statically linked" -- "$WEFT" record -- "$PROGS/static-program"
  expect_error 64 "--on-deadlock takes exit, report or abort" -- "$WEFT" record --on-deadlock=maybe -- true
  expect_error 64 "--deadlock-ms takes a number" -- "$WEFT" record --deadlock-ms=-5 -- true
  expect_error 64 "--stack-depth takes a number from 1 to 64" -- "$WEFT" record --stack-depth=99 -- true
  expect_error 73 "cannot write '/nonexistent/dir/x.weft'" -- "$WEFT" record -o /nonexistent/dir/x.weft -- true
  expect_error 66 "cannot open '/'" -- "$WEFT" report /
  "$WEFT" --help | grep -q "record" || fail "--help"
  "$WEFT" record --help | grep -q -- "--no-stacks" || fail "record --help"
  "$WEFT" --version | grep -qE "^weft [0-9]" || fail "--version"
  ;;
exec | exec-*)
  how=${CASE#exec}
  how=${how#-}
  "$WEFT" record -o exec.weft -- "$PROGS/exec-self" $how >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(json_calls exec.weft pthread_mutex_lock)" = 3 ] || fail "locks across exec: $(json_calls exec.weft pthread_mutex_lock)"
  [ "$(json_calls exec.weft execve)" = 1 ] || fail "exec not recorded"
  "$WEFT" dump exec.weft >dump.txt
  grep -q 'region-begin .*"second image"' dump.txt || fail "region missing: $(cat dump.txt)"
  grep -q 'log .*"exec: done after 2 locks"' dump.txt || fail "log missing"
  ;;
child-*)
  # a child process that runs an image: its own trace, symbolised and announced
  how=${CASE#child-}
  "$WEFT" record -o sp.weft -- "$PROGS/exec-self" "$how" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  child=$(cat out.txt)
  [ "$(json_calls_alone sp.weft pthread_mutex_lock)" = 1 ] || fail "parent's locks: $(json_calls_alone sp.weft pthread_mutex_lock)"
  [ "$(json_calls sp.weft pthread_mutex_lock)" = 3 ] || fail "the family's locks: $(json_calls sp.weft pthread_mutex_lock)"
  execs=$(json_calls_alone sp.weft execve)
  [ "${execs:-0}" = 0 ] || fail "a false exec in the parent's trace"
  [ "$(json_calls sp.weft fork)" = 1 ] || fail "the child's start is not in the parent's trace"
  [ "$(json_calls "sp-$child.weft" pthread_mutex_lock)" = 2 ] || fail "child trace: $(ls; cat err.txt)"
  grep -q "weft: trace of child process $child written to sp-$child.weft: " err.txt || fail "not announced: $(cat err.txt)"
  "$WEFT" report "sp-$child.weft" | grep -q "image_mu" || fail "the child's trace is not symbolised"
  ;;
chan-pairs)
  "$WEFT" record -o pairs.weft -- "$PROGS/chan-pairs" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(cat out.txt)" = 600 ] || fail "the program received $(cat out.txt) values"
  "$WEFT" report --json pairs.weft >report.json
  grep -q '"name": "unbuffered", "capacity": 0' report.json || fail "unbuffered channel: $(grep -A3 channels report.json)"
  grep -q '"name": "buffered", "capacity": 8' report.json || fail "buffered channel"
  # every receive carries the id of a send, on both channels
  sed -n 's/.*"sends": \([0-9]*\), "receives": \([0-9]*\), "paired": \([0-9]*\).*/\1 \2 \3/p' report.json >counts.txt
  [ "$(wc -l <counts.txt)" = 2 ] || fail "channel counts: $(cat counts.txt)"
  awk '{ if ($1 != $2 || $2 != $3) exit 1; s += $1 } END { if (s != 600) exit 1 }' counts.txt ||
    fail "sends, receives, paired: $(cat counts.txt)"
  # and the value each receive got is the value its paired send sent
  "$WEFT" dump pairs.weft | sed "s/ #\([0-9]\)/#\1/" | awk '
    $4 == "chan-send" { last[$2] = $NF; kind[$2] = "s" }
    $4 == "chan-recv" { last[$2] = $NF; kind[$2] = "r" }
    $4 == "log" { v = $NF; gsub(/"/, "", v);
      if ($(NF-1) == "\"s:") sent[last[$2]] = v; else got[last[$2]] = v; }
    END { n = 0; for (m in got) { n++; if (!(m in sent) || sent[m] != got[m]) { print "message " m " got " got[m] " sent " sent[m]; bad = 1 } }
          if (n != 600) { print n " receives logged"; bad = 1 } exit bad }' || fail "a receive is not paired with its own send"
  "$WEFT" report --json pairs.weft | grep -q '"weft_chan_close": 2' || fail "close calls"
  # and no message is received visibly before it is sent (arrows do not run back
  # in time; a few hundred ns stay possible: clocks of two CPUs, a sender whose
  # own previous event came later)
  "$WEFT" dump pairs.weft | sed "s/ #\([0-9]\)/#\1/" | awk '$4 == "chan-send" { s[$NF] = $1 } $4 == "chan-recv" { r[$NF] = $1 }
    END { for (m in r) if ((m in s) && s[m] - r[m] > 1000) { print "message " m; exit 1 } }' ||
    fail "a send is stamped after its receive"
  ;;
deadlock-*)
  # gallery programs whose truth is known: deadlock-KIND-CASE
  rest=${CASE#deadlock-}
  kind=${rest%%:*}
  prog=${rest#*:}
  timeout 30 "$WEFT" record -o dl.weft -- "$PROGS/gallery" "$prog" >out.txt 2>err.txt
  st=$?
  [ $st = 2 ] || fail "$prog: status $st, expected 2 (deadlock); stderr: $(cat err.txt)"
  grep -q "deadlock" err.txt || fail "$prog: no report on stderr"
  grep -qE "\(gallery\.c:[0-9]+\)" err.txt || fail "$prog: no source line in the report: $(cat err.txt)"
  "$WEFT" report --json dl.weft >report.json
  grep -q "\"kind\": \"$kind\"" report.json || fail "$prog: kind $kind not in $(grep -A2 deadlocks report.json)"
  grep -q '"explanation": "[^"]' report.json || fail "$prog: no explanation"
  # what to do, once, in the words of the cause
  case $prog in
  self-relock)
    grep -qE '^hint: main locked fork_a at gallery\.c:[0-9]+ and asks for it again at gallery\.c:[0-9]+ without unlocking it' err.txt ||
      fail "no hint for the relock: $(cat err.txt)" ;;
  handler-relock)
    grep -q '^hint: fork_a was asked for in the signal handler relock_on_alarm' err.txt || fail "no handler hint: $(cat err.txt)"
    grep -q 'asks for it again' err.txt && fail "two hints for one cause: $(cat err.txt)" ;;
  rwlock-upgrade)
    grep -q '^hint: a read lock cannot become a write lock: unlock table_lock' err.txt || fail "no hint for the upgrade: $(cat err.txt)" ;;
  sem-never)
    grep -qE '^hint: nobody ever posts never_posted, which starts at 0 \(gallery\.c:[0-9]+\)' err.txt ||
      fail "no hint for the semaphore: $(cat err.txt)" ;;
  sem-used-up)
    grep -q '^hint: every unit of never_posted is taken: it started at 1, sem_post added 1 and the waits took 2' err.txt ||
      fail "no count of the semaphore's units: $(cat err.txt)" ;;
  signal-not-broadcast)
    grep -q '^hint: main signalled start_cv while 3 threads waited on it, and pthread_cond_signal wakes only one of them' err.txt ||
      fail "no hint for the signal that wakes one: $(cat err.txt)" ;;
  cond-never)
    grep -q '^hint: nobody ever signals never_cv after this wait began' err.txt || fail "no hint for the condition: $(cat err.txt)" ;;
  barrier-short)
    grep -qE '^hint: both_hold lets threads through 3 at a time \(gallery\.c:[0-9]+\), and only 2 reached it' err.txt ||
      fail "no hint for the barrier: $(cat err.txt)" ;;
  esac
  [ "$(grep -c '^hint:' err.txt)" -le 1 ] || fail "$prog: more than one hint: $(cat err.txt)"
  ;;
waker-*)
  # correct programs whose waker weft cannot see (tests/programs/wakers.c)
  prog=${CASE#waker-}
  timeout 120 "$WEFT" record -o w.weft -- "$PROGS/wakers" "$prog" >out.txt 2>err.txt
  st=$?
  [ $st = 0 ] || fail "$prog: a correct program ended with status $st; stderr: $(cat err.txt)"
  grep -q "deadlock" err.txt && fail "$prog: false alarm: $(cat err.txt)"
  "$WEFT" report --json w.weft | grep -q '"deadlocks": \[\]' || fail "$prog: a deadlock in the trace"
  ;;
no-deadlock-*)
  prog=${CASE#no-deadlock-}
  timeout 30 "$WEFT" record -o ok.weft -- "$PROGS/gallery" "$prog" >out.txt 2>err.txt ||
    fail "$prog: status $?; stderr: $(cat err.txt)"
  grep -q "deadlock" err.txt && fail "$prog: false alarm: $(cat err.txt)"
  "$WEFT" report --json ok.weft >report.json
  grep -q '"deadlocks": \[\]' report.json || fail "$prog: deadlocks reported"
  grep -q '"lock_order_inversions": \[\]' report.json || fail "$prog: inversion reported"
  grep -q '"leaks": \[\]' report.json || fail "$prog: leak reported"
  ;;
inversion)
  "$WEFT" record -o inv.weft -- "$PROGS/gallery" inversion >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json inv.weft >report.json
  grep -q '"deadlocks": \[\]' report.json || fail "it did not hang, yet a deadlock is reported"
  grep -q '"locks": \["fork_a", "fork_b"\]' report.json || fail "inversion missing: $(grep -A3 inversions report.json)"
  grep -q '"held_at": "take_two (gallery.c:' report.json || fail "no stack for the held lock"
  grep -q '"threads": \[{"id": [0-9]*, "display_name": "take_two #[0-9]*"}, {"id": [0-9]*, "display_name": "take_two #[0-9]*"}\]' report.json ||
    fail "the two threads are not told apart: $(grep -A3 inversions report.json)"
  grep -q '"stacks": \[{"held": {"frames": \[' report.json || fail "no full stacks: $(grep -A3 inversions report.json)"
  grep -q '"guarded_by": \[\]' report.json || fail "no guarded_by"
  "$WEFT" report inv.weft >report.txt
  grep -q "take_two #[0-9]* asked for fork_a while holding fork_b" report.txt || fail "text: $(cat report.txt)"
  ;;
no-inversion-*)
  # orders a join makes sequential, or a common gate lock guards: no potential deadlock
  prog=inversion-${CASE#no-inversion-}
  "$WEFT" record -o inv.weft -- "$PROGS/gallery" "$prog" >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json inv.weft >report.json
  grep -q '"lock_order_inversions": \[\]' report.json || fail "$prog: false alarm: $(grep -A3 inversions report.json)"
  ;;
leak)
  "$WEFT" record -o leak.weft -- "$PROGS/gallery" leak >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json leak.weft >report.json
  grep -q '"thread": 2, "waiting_on": "never_cv"' report.json || fail "leak missing: $(grep -A3 leaks report.json)"
  ;;
misuse)
  "$WEFT" record -o mis.weft -- "$PROGS/gallery" misuse >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json mis.weft >report.json
  grep -q '"kind": "unlock-not-owner", "severity": "error", "thread": 2, "object": "fork_c"' report.json || fail "unlock by another thread"
  grep -q '"kind": "destroy-locked"' report.json || fail "destroy of a locked mutex"
  ;;
self-join)
  "$WEFT" record -o sj.weft -- "$PROGS/gallery" self-join >out.txt 2>err.txt || fail "the program should go on: $(cat err.txt)"
  # EDEADLK returns at once: a misuse, not a "deadlock!"
  grep -q "deadlock" err.txt && fail "a self-join reported as a deadlock: $(cat err.txt)"
  grep -q "misuse" err.txt || fail "record's summary lacks the misuse: $(cat err.txt)"
  "$WEFT" report --json sj.weft | grep -q '"kind": "join-self", "severity": "error", "thread": 1' || fail "self-join not a join-self misuse"
  ;;
chan-misuse)
  "$WEFT" record -o cm.weft -- "$PROGS/gallery" chan-misuse >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json cm.weft >report.json
  for k in send-on-closed close-closed close-nil negative-waitgroup; do
    grep -q "\"kind\": \"$k\"" report.json || fail "$k missing: $(grep -A6 misuse report.json)"
  done
  ;;
on-deadlock-abort)
  # --on-deadlock=abort: reported, then SIGABRT (a core dump where enabled)
  ulimit -c 0
  timeout 30 "$WEFT" record --on-deadlock=abort -o ab.weft -- "$PROGS/gallery" self-relock >out.txt 2>err.txt
  st=$?
  [ $st = 134 ] || fail "status $st, expected 134 (SIGABRT): $(cat err.txt)"
  grep -q "deadlock" err.txt || fail "no report before the abort"
  "$WEFT" report --json ab.weft | grep -q '"kind": "self-relock"' || fail "deadlock not in the trace"
  ;;
fork-held-lock)
  # the child of a fork waits for a lock a thread of its parent held: it is told
  timeout 30 "$WEFT" record -o fk.weft -- "$PROGS/gallery" fork-held-lock >out.txt 2>err.txt ||
    fail "the child did not end with a deadlock: $(cat err.txt)"
  child=$(cat out.txt)
  "$WEFT" report --json "fk-$child.weft" >report.json || fail "the child's trace"
  grep -q '"kind": "holder-gone"' report.json || fail "holder-gone not in $(grep -A3 deadlocks report.json)"
  "$WEFT" report "fk-$child.weft" >child.txt
  grep -q "whose holder does not exist" child.txt || fail "no sentence"
  grep -q "main waits for fork_a" child.txt || fail "the child's trace is not symbolised: $(cat child.txt)"
  grep -q "weft: trace of child process $child written to fk-$child.weft" err.txt || fail "child not announced"
  "$WEFT" report --json --no-children fk.weft | grep -q '"deadlocks": \[\]' || fail "the parent has no deadlock"
  "$WEFT" report --json fk.weft | grep -q '"kind": "holder-gone"' || fail "the family has the child's deadlock"
  ;;
longjmp-sem-post)
  # a handler that jumps out of a traced call leaves no thread "inside a hook"
  "$WEFT" record -o lj.weft -- "$PROGS/gallery" longjmp-sem-post >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(json_calls lj.weft pthread_mutex_lock)" = 3 ] || fail "locks after the jump: $(json_calls lj.weft pthread_mutex_lock)"
  [ "$(json_calls lj.weft pthread_mutex_unlock)" = 3 ] || fail "unlocks after the jump"
  ;;
clock-waits)
  timeout 30 "$WEFT" record -o cw.weft -- "$PROGS/gallery" clock-waits >out.txt 2>err.txt || fail "status $?: $(cat err.txt)"
  for pair in pthread_mutex_timedlock:1 pthread_cond_timedwait:1 sem_timedwait:1 \
      pthread_rwlock_timedrdlock:1 pthread_rwlock_timedwrlock:1; do
    got=$(json_calls cw.weft "${pair%%:*}")
    [ "$got" = "${pair##*:}" ] || fail "${pair%%:*}: $got calls in the trace, the program made ${pair##*:}"
  done
  "$WEFT" report --json cw.weft | grep -q '"deadlocks": \[\]' || fail "a timed wait taken for a deadlock"
  ;;
cancel)
  # pthread_cancel of threads blocked in a condvar: each lane ends, after its
  # cleanup handler's unlock; nothing leaked, no false misuse, no buffer kept
  "$WEFT" record -o cancel.weft -- "$PROGS/hook-stress" cancel 300 >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  read -r word growth <out.txt
  [ "$word" = ok ] || fail "the program said $(cat out.txt)"
  [ "$growth" -lt 4096 ] || fail "the address space grew by $growth KiB over 290 cancels"
  "$WEFT" report --json cancel.weft >report.json
  grep -q '"leaks": \[\]' report.json || fail "cancelled threads called leaked"
  grep -q '"misuse": \[\]' report.json || fail "misuse: $(grep -A5 '"misuse"' report.json)"
  "$WEFT" dump cancel.weft >dump.txt
  [ "$(awk '/ thread-end / && $NF == 3' dump.txt | wc -l)" = 300 ] || fail "cancelled lanes' ends: $(grep -c thread-end dump.txt)"
  [ "$(awk '$2 != 1 && / lock-release /' dump.txt | wc -l)" = 300 ] || fail "the cleanup handlers' unlocks"
  ;;
exit-in-handler)
  # a handler's exit() lands anywhere, also in the tracer's own flush: never a hang
  for i in $(seq 30); do
    timeout 20 "$WEFT" record -o ex.weft -- "$PROGS/hook-stress" exit-in-handler >out.txt 2>err.txt
    st=$?
    [ $st = 3 ] || fail "run $i: status $st (124: it hung): $(cat err.txt)"
    "$WEFT" report ex.weft >/dev/null 2>&1 || fail "run $i: the trace does not open"
  done
  ;;
signal-in-dlopen)
  # SIGTERM while the dlopen hook writes the module list: the signal path never spins
  for i in $(seq 20); do
    rm -f out.txt # the last run's "looping" must not be taken for this one's
    "$WEFT" record -o dl.weft -- "$PROGS/hook-stress" dlopen-loop >out.txt 2>err.txt &
    rec=$!
    for _ in $(seq 100); do [ -s out.txt ] && break; sleep 0.05; done
    sleep 0.0$((RANDOM % 10))
    prog=$(pgrep -P $rec)
    [ -n "$prog" ] && kill -TERM $prog || fail "run $i: nothing to signal"
    for _ in $(seq 100); do kill -0 $rec 2>/dev/null || break; sleep 0.05; done
    if kill -0 $rec 2>/dev/null; then
      pkill -KILL -f "^$PROGS/hook-stress dlopen-loop"
      fail "run $i: SIGTERM did not end the program"
    fi
    wait $rec
    st=$?
    [ $st = 143 ] || fail "run $i: status $st after SIGTERM"
  done
  ;;
c11-threads)
  # <threads.h>: glibc calls its pthread functions directly, weft hooks the C11 ones
  "$WEFT" record -o c11.weft -- "$PROGS/c11-threads" ok >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  [ "$(cat out.txt)" = "300 1 6 5" ] || fail "the program computed $(cat out.txt)"
  for pair in pthread_create:4 pthread_join:4 pthread_mutex_init:2 pthread_mutex_destroy:2 \
      pthread_mutex_trylock:1 pthread_mutex_timedlock:1 pthread_cond_broadcast:1 \
      pthread_cond_init:1 pthread_cond_destroy:1 pthread_exit:1; do
    got=$(json_calls c11.weft "${pair%%:*}")
    [ "$got" = "${pair##*:}" ] || fail "${pair%%:*}: $got calls in the trace, the program made ${pair##*:}"
  done
  [ "$(json_calls c11.weft pthread_mutex_unlock)" -ge 306 ] || fail "unlocks: $(json_calls c11.weft pthread_mutex_unlock)"
  [ "$("$WEFT" dump c11.weft | grep -c ' once ')" = 3 ] || fail "call_once: $("$WEFT" dump c11.weft | grep once)"
  "$WEFT" report --json c11.weft | grep -q '"start_function": "worker"' || fail "lanes named after the C11 start function"
  "$WEFT" report --json c11.weft | grep -q '"leaks": \[\]' || fail "a leak"
  timeout 30 "$WEFT" record -o c11dl.weft -- "$PROGS/c11-threads" deadlock >out.txt 2>err.txt
  [ $? = 2 ] || fail "a C11 deadlock was not seen: $(cat err.txt)"
  "$WEFT" report --json c11dl.weft | grep -q '"kind": "all-asleep"' || fail "the C11 deadlock's kind"
  ;;
named-exit)
  "$WEFT" record -o ne.weft -- "$PROGS/gallery" named-exit >out.txt 2>err.txt || fail "record: $(cat err.txt)"
  "$WEFT" report --json ne.weft >report.json
  grep -q '"name": "table lock", "kind": "mutex", "acquisitions": 2' report.json || fail "named lock: $(grep -A2 '"locks"' report.json)"
  grep -q '"pthread_mutex_lock": 2' report.json || fail "calls on a named lock"
  grep -q '"kind": "exit-holding-lock", "severity": "error", "thread": 2, "object": "table lock"' report.json || fail "a thread ended holding a lock"
  ;;
on-deadlock-report)
  # --on-deadlock=report: the report comes while the program still hangs
  "$WEFT" record --on-deadlock=report -o rep.weft -- "$PROGS/gallery" abba >out.txt 2>err.txt &
  rec=$!
  for _ in $(seq 100); do grep -q "deadlock" err.txt 2>/dev/null && break; sleep 0.1; done
  prog=$(pgrep -P $rec) # its own, not the gallery abba another test runs
  grep -q "deadlock" err.txt || { kill -KILL $prog; fail "no report within 10 s"; }
  kill -0 $rec 2>/dev/null || fail "the program did not keep running"
  kill -KILL $prog
  wait $rec
  [ $? = 137 ] || fail "status after the kill"
  ;;
installed)
  # weft after `meson install` finds its preload relative to itself
  BUILD=$(dirname "$PROGS")
  meson install -C "$BUILD" --no-rebuild --quiet --destdir "$WORK/root" >install.txt 2>&1 ||
    fail "meson install: $(tail -5 install.txt)"
  installed=$(find "$WORK/root" -path '*/bin/weft' -type f | head -1)
  [ -x "$installed" ] || fail "no installed weft"
  find "$WORK/root" -name libweft-preload.so | grep -q . || fail "no installed preload"
  "$installed" record -o inst.weft -- "$PROGS/lock-pairs" 100 >out.txt 2>err.txt || fail "installed record: $(cat err.txt)"
  [ "$(json_calls inst.weft pthread_mutex_lock)" = 200 ] || fail "installed trace"
  find "$WORK/root" -name weft-annotate.h | grep -q . || fail "annotation header not installed"
  ;;
french)
  LANGUAGE=fr LC_ALL=C.UTF-8 LANG=fr_FR.UTF-8 "$WEFT" report missing.weft 2>err.txt
  grep -q "impossible d'ouvrir" err.txt || fail "no French: $(cat err.txt)"
  # the tracer's own messages, used without weft record
  PRELOAD=$(dirname "$PROGS")/tracer/preload/libweft-preload.so
  LANGUAGE=fr LC_ALL=C.UTF-8 LD_PRELOAD="$PRELOAD" WEFT_OUTPUT=/nonexistent/dir/x.weft \
    "$PROGS/exit-status" 3 2>err.txt
  [ $? = 3 ] || fail "a tracer that cannot write changed the program's status"
  grep -q "traçage arrêté" err.txt || fail "the tracer's failure is not in French: $(cat err.txt)"
  LANGUAGE=fr LC_ALL=C.UTF-8 LD_PRELOAD="$PRELOAD" WEFT_OUTPUT="$WORK/x.weft" \
    timeout 20 "$PROGS/gallery" abba 2>err.txt
  [ $? = 2 ] || fail "deadlock status without weft record"
  headline="interblocage ! des threads attendent les verrous les uns des autres"
  grep -qF "weft : $headline (2 threads)" err.txt || fail "the tracer's deadlock line: $(cat err.txt)"
  # the live line and the report share their words
  for f in "$WORK"/x*.weft; do # timeout is traced too: the program's trace is x-PID.weft
    LANGUAGE=fr LC_ALL=C.UTF-8 "$WEFT" report "$f" 2>&1
  done >rep.txt
  grep -qF "weft : $headline" rep.txt || fail "the report's headline differs: $(head -20 rep.txt)"
  ;;
names)
  # names in source terms, in a program built outside the tree at -O0 and -O2 -g
  SRC=$(dirname "$0")/programs/names.c
  for opt in -O0 -O2; do
    cc -g $opt -pthread "$SRC" -o "names$opt" || fail "cc $opt"
    "$WEFT" record -o "names$opt.weft" -- "./names$opt" >out.txt 2>err.txt
    [ $? = 2 ] || fail "$opt: no deadlock: $(cat err.txt)"
    grep -qF 'thread 2 "transfer #2" waits for accounts[2].mu' err.txt ||
      grep -qF 'thread 2 "transfer #2" waits for accounts[1].mu' err.txt ||
      fail "$opt: array element member: $(cat err.txt)"
    grep -qF "transfer #2 takes accounts[" err.txt || fail "$opt: the lock-order hint: $(cat err.txt)"
    "$WEFT" dump "names$opt.weft" >dump.txt
    grep -qF "pool.workers[2].done" dump.txt || fail "$opt: nested member: $(grep init dump.txt)"
    grep -qF "pool.mu" dump.txt || fail "$opt: struct member: $(grep init dump.txt)"
    grep -qF "not_empty_mu, made in queue_new at names.c:" dump.txt || fail "$opt: heap init site: $(grep init dump.txt)"
    "$WEFT" report --json "names$opt.weft" >report.json
    grep -qF '"objects": ["accounts[' report.json || fail "$opt: JSON names: $(grep -A2 deadlocks report.json)"
    grep -qF '"display_name": "transfer #3"' report.json || fail "$opt: display names"
    # the contention table counts the waits still open at the end (the deadlock's)
    grep -qE '"name": "accounts\[[12]\].mu", "kind": "mutex", "acquisitions": 1, "contended": 1, "wait_total_ns": [1-9]' report.json ||
      fail "$opt: open waits not counted: $(grep -A3 '"locks"' report.json)"
    # locals, by variable and function, also when inlined
    cc -g $opt -pthread "$(dirname "$0")/programs/locals.c" -o "locals$opt" || fail "cc $opt locals"
    "$WEFT" record -o "locals$opt.weft" -- "./locals$opt" >out.txt 2>err.txt
    grep -qF "hint: nobody ever signals gate.cv (run_pool) after this wait began." err.txt ||
      fail "$opt: a local's name: $(cat err.txt)"
    "$WEFT" dump "locals$opt.weft" | grep -qF "done_mu (main)" || fail "$opt: done_mu (main)"
    # channels by their variable, heap objects by their init's member; one hint a cause
    CHAN=$(dirname "$PROGS")/chan
    lib=weft-chan # a sanitized build keeps an unsanitized copy for traced programs
    [ -e "$CHAN/libweft-chan-plain.so" ] && lib=weft-chan-plain
    cc -g $opt -I"$(dirname "$0")/../chan" "$(dirname "$0")/programs/pool-names.c" -o "pool$opt" \
      -L"$CHAN" -l$lib -pthread -Wl,-rpath,"$CHAN" || fail "cc $opt pool-names"
    "$WEFT" record -o "pool$opt.weft" -- "./pool$opt" >out.txt 2>err.txt
    grep -qF "hint: jobs is never closed: worker #2..#4 wait to receive from it at pool-names.c:" err.txt ||
      fail "$opt: the channel's hint: $(cat err.txt)"
    grep -qF "its only sender, main, waits for the WaitGroup wg at pool-names.c:" err.txt ||
      fail "$opt: the sender: $(cat err.txt)"
    [ "$(grep -c '^hint:' err.txt)" = 1 ] || fail "$opt: one cause, one hint: $(grep '^hint' err.txt)"
    grep -qF "    weft_chan_range on jobs" err.txt || fail "$opt: folded stack: $(cat err.txt)"
    "$WEFT" dump "pool$opt.weft" >dump.txt
    grep -qF "not_empty, made in queue_new at pool-names.c:" dump.txt || fail "$opt: heap member: $(cut -c40-80 dump.txt | sort -u)"
    grep -qE "chan-send +results " dump.txt || fail "$opt: results by its variable"
  done
  ;;
signal-frame)
  # a frame in a signal handler reads <signal handler>, never a raw address
  cc -g -O0 -pthread "$(dirname "$0")/programs/handler-lock.c" -o handler-lock || fail "cc"
  "$WEFT" record -o hl.weft -- ./handler-lock >out.txt 2>err.txt
  [ $? = 2 ] || fail "no deadlock: $(cat err.txt)"
  grep -A3 '^thread 1 "main" waits for log_mu' err.txt | tr -d '\n' |
    grep -qE '^thread.*    on_alarm \(handler-lock.c:[0-9]+\)    <signal handler>    main \(handler-lock.c:[0-9]+\)$' ||
    fail "the handler's stack: $(cat err.txt)"
  grep -q "0x[0-9a-f]" err.txt && fail "a raw address: $(cat err.txt)"
  grep -qF "hint: log_mu was asked for in the signal handler on_alarm, which interrupted main while it held it." err.txt ||
    fail "the handler's hint: $(cat err.txt)"
  ;;
*) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
