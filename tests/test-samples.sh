#!/usr/bin/env bash
# The samples under `weft record`: each one runs, and its trace has the shape
# the program determines -- threads and their names, exact call and message
# counts, no lost events; the buggy ones of the gallery hang and are stopped
# by their watchdog (exit 3), their fixed versions complete.
# Usage: test-samples.sh WEFT SAMPLES_BUILD_DIR SOURCE_ROOT CASE
set -u
WEFT=$(realpath "$1")
S=$(realpath "$2")
SRC=$(realpath "$3")
CASE=$4
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export LC_ALL=C LANGUAGE=
unset WEFT_SAMPLE_TIMEOUT_MS

fail() {
  echo "FAIL [$CASE]: $*" >&2
  if [ -n "${WEFT_SAMPLES_KEEP:-}" ]; then # keep the traces to look at them
    mkdir -p "$WEFT_SAMPLES_KEEP/$CASE" && cp -r . "$WEFT_SAMPLES_KEEP/$CASE/"
  fi
  exit 1
}

# record NAME [ARGS...]: runs the sample under the tracer, bounded in time;
# leaves NAME.weft, NAME.out, NAME.err, NAME.json and $status.
record() {
  local name=$1
  shift
  timeout -k 5 60 "$WEFT" record -o "$name.weft" -- "$S/$name" "$@" >"$name.out" 2>"$name.err"
  status=$?
  [ "$status" = 124 ] && fail "$name did not end within 60 s (its watchdog failed?)"
  "$WEFT" report --json "$name.weft" >"$name.json" 2>"$name.report-err" ||
    fail "$name: its trace does not open: $(cat "$name.report-err")"
  [ "$(json_int "$name" lost_events)" = 0 ] || fail "$name: events were lost"
}
# a run that must complete: exit 0, and its exit status in the trace
completes() {
  record "$@"
  [ "$status" = 0 ] || fail "$1 exited $status: $(tail -3 "$1.err")"
  [ "$(json_int "$1" exit_status)" = 0 ] || fail "$1: exit status $(json_int "$1" exit_status) in the trace"
}
# deadlocks NAME KIND [ARGS...]: a run that must deadlock, be caught by weft's
# detection (`weft record` ends it with status 2, as Go's runtime would) and
# reported as KIND. Under weft's detection the samples start no watchdog (a
# thread a signal handler can wake would make weft's verdict a suspicion);
# the 60 s timeout of record() is the safety net.
deadlocks() {
  local name=$1 kind=$2
  shift 2
  record "$name" --timeout-ms 20000 "$@"
  [ "$status" = 2 ] || fail "$name exited $status, expected 2 (a deadlock weft detects): $(tail -3 "$name.err")"
  grep -qE '^weft: (all threads are asleep - )?deadlock!' "$name.err" || fail "$name: no deadlock report: $(head -3 "$name.err")"
  grep -q "^    {\"kind\": \"$kind\"," "$name.json" ||
    fail "$name: no $kind deadlock in the report: $(sed -n '/"deadlocks"/,/]/p' "$name.json")"
  threads "$name" '"watchdog"' 0
}

json_int() { # json_int NAME KEY: a top-level integer
  sed -n "s/^ *\"$2\": \([0-9-]*\),\{0,1\}$/\1/p" "$1.json"
}
calls() { # calls NAME FUNCTION: its count in "calls", 0 if absent
  local n
  n=$(sed -n '/^  "calls": {/,/^  }/p' "$1.json" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p")
  echo "${n:-0}"
}
expect_calls() { # expect_calls NAME FUNCTION:COUNT...
  local name=$1 pair fn want got
  shift
  for pair in "$@"; do
    fn=${pair%%:*}
    want=${pair##*:}
    got=$(calls "$name" "$fn")
    [ "$got" = "$want" ] || fail "$name: $got calls of $fn in the trace, the program made $want"
  done
}
thread_lines() { grep -E '^ *\{"id": [0-9]+, "name": ' "$1.json"; }
threads() { # threads NAME NAME-REGEX COUNT: that many threads whose "name" matches
  local got
  got=$(thread_lines "$1" | grep -cE "\"name\": $2, ")
  [ "$got" = "$3" ] || fail "$1: $got threads named /$2/, expected $3: $(thread_lines "$1" | sed 's/, "parent".*//')"
}
thread_total() { # thread_total NAME COUNT
  local got
  got=$(thread_lines "$1" | wc -l)
  [ "$got" = "$2" ] || fail "$1: $got threads in the trace, expected $2: $(thread_lines "$1" | sed 's/, "create_site".*//')"
}
all_ended() { # every thread but the watchdog ended
  local left
  left=$(thread_lines "$1" | grep '"ended": false' | grep -v '"name": "watchdog"' | grep -v '"name": "weft-timers"')
  [ -z "$left" ] || fail "$1: threads still running at the end: $left"
}
chan_field() { # chan_field NAME CHANNEL FIELD: the field of the first channel of that name
  sed -n '/^  "channels": \[/,/^  \]/p' "$1.json" | grep -m1 "{\"name\": \"$2\"," |
    sed -n "s/.*\"$3\": \([a-z0-9]*\).*/\1/p"
}
expect_chan() { # expect_chan NAME CHANNEL sends receives paired closed
  local got
  got="$(chan_field "$1" "$2" sends) $(chan_field "$1" "$2" receives) $(chan_field "$1" "$2" paired) $(chan_field "$1" "$2" closed)"
  [ "$got" = "$3 $4 $5 $6" ] || fail "$1: channel $2 has sends/receives/paired/closed $got, expected $3 $4 $5 $6"
}
out_has() { # out_has NAME REGEX [COUNT]
  local got
  got=$(grep -cE "$2" "$1.out")
  if [ $# -ge 3 ]; then
    [ "$got" = "$3" ] || fail "$1: $got lines of output match /$2/, expected $3: $(head -20 "$1.out")"
  else
    [ "$got" -ge 1 ] || fail "$1: no line of output matches /$2/: $(head -20 "$1.out")"
  fi
}
blocked_on() { # blocked_on NAME REGEX: a "thread N "name" waits ..." line of the text report
  "$WEFT" report "$1.weft" >"$1.txt" 2>/dev/null || fail "$1: weft report failed"
  grep -qE "^thread $2" "$1.txt" || fail "$1: the report has no line /^thread $2/: $(grep '^thread ' "$1.txt")"
}

case $CASE in
hello-threads)
  completes hello-threads
  thread_total hello-threads 11
  for i in 0 1 2 3 4 5 6 7 8 9; do
    threads hello-threads "\"hello-$i\"" 1
    out_has hello-threads "^hello from thread $i\$" 1
  done
  expect_calls hello-threads pthread_create:10 pthread_join:10 pthread_setname_np:10
  all_ended hello-threads
  ;;
counters)
  completes counter-race
  thread_total counter-race 5
  threads counter-race '"adder-[0-3]"' 4
  expect_calls counter-race pthread_mutex_lock:0 pthread_create:4
  # Lost updates are likely but not certain: only the arithmetic is checked.
  got=$(sed -n 's/^without a mutex: got \([0-9]*\), expected 400000 .*/\1/p' counter-race.out)
  [ -n "$got" ] && [ "$got" -le 400000 ] || fail "counter-race said: $(cat counter-race.out)"

  completes counter-mutex
  threads counter-mutex '"adder-[0-3]"' 4
  out_has counter-mutex '^with a mutex: got 40000, expected 40000$' 1
  expect_calls counter-mutex pthread_mutex_lock:40000 pthread_mutex_unlock:40000
  grep -q '{"name": "counter_mu", "kind": "mutex", "acquisitions": 40000,' counter-mutex.json ||
    fail "counter-mutex: counter_mu not named, or not 40000 acquisitions"

  completes counter-atomic
  threads counter-atomic '"adder-[0-3]"' 4
  out_has counter-atomic '^with atomics: got 400000, expected 400000$' 1
  expect_calls counter-atomic pthread_mutex_lock:0
  ;;
pipeline)
  completes pipeline
  thread_total pipeline 4
  for t in generate square sum; do threads pipeline "\"$t\"" 1; done
  expect_chan pipeline numbers 10 10 10 true
  expect_chan pipeline squares 10 10 10 true
  expect_chan pipeline result 1 1 1 false
  expect_calls pipeline weft_chan_close:2 weft_chan_send:21
  out_has pipeline '= 385 \(expected 385\)' 1
  all_ended pipeline
  ;;
worker-pool)
  completes worker-pool
  thread_total worker-pool 5
  threads worker-pool '"worker-[1-3]"' 3
  threads worker-pool '"closer"' 1
  expect_chan worker-pool jobs 9 9 9 true
  expect_chan worker-pool results 9 9 9 true
  out_has worker-pool '^worker [1-3] finished job [1-9]$' 9
  out_has worker-pool '^9 results, total 90 \(expected 90\)$' 1
  all_ended worker-pool
  ;;
producer-consumer)
  completes producer-consumer
  thread_total producer-consumer 2
  threads producer-consumer '"producer"' 1
  expect_chan producer-consumer buffer 10 10 10 true
  grep -q '{"name": "buffer", "capacity": 3,' producer-consumer.json || fail "buffer capacity"
  out_has producer-consumer '^consumed 10 items, total 55$' 1
  ;;
fan-out-fan-in)
  completes fan-out-fan-in
  thread_total fan-out-fan-in 9
  threads fan-out-fan-in '"square-[1-3]"' 3
  threads fan-out-fan-in '"forward-[1-3]"' 3
  threads fan-out-fan-in '"source"' 1
  threads fan-out-fan-in '"merge-closer"' 1
  expect_chan fan-out-fan-in numbers 12 12 12 true
  expect_chan fan-out-fan-in merged 12 12 12 true
  sum=0
  for i in 1 2 3; do sum=$((sum + $(chan_field fan-out-fan-in "out-$i" sends))); done
  [ "$sum" = 12 ] || fail "fan-out-fan-in: the workers sent $sum values, expected 12"
  all_ended fan-out-fan-in
  ;;
select-timeout)
  completes select-timeout
  threads select-timeout '"server"' 1
  expect_calls select-timeout weft_select:4
  out_has select-timeout '^request 1: timeout after 50 ms, giving up$' 1
  out_has select-timeout '^request 2: answer to request 2$' 1
  out_has select-timeout '^never: timeout after 20 ms$' 1
  out_has select-timeout '^never: nothing ready, took the default case$' 1
  expect_chan select-timeout reply-1 1 1 1 false
  ;;
context-cancel)
  completes context-cancel
  threads context-cancel '"worker-[1-3]"' 6
  out_has context-cancel '^worker [1-3] stopping after [0-9]+ units: context canceled$' 3
  out_has context-cancel '^worker [1-3] stopping after [0-9]+ units: context deadline exceeded$' 3
  expect_calls context-cancel pthread_join:6
  all_ended context-cancel
  ;;
errgroup)
  completes errgroup
  for t in alpha beta gamma; do threads errgroup "\"$t\"" 1; done
  out_has errgroup '^beta: failed$' 1
  out_has errgroup '^(alpha|gamma): cancelled \(context canceled\)$' 2
  out_has errgroup '^group: first error 2 \(beta failed\)' 1
  ;;
philosophers)
  deadlocks philosophers mutex-cycle
  grep -q '"threads": \[2, 3, 4, 5, 6\], "objects": \["forks\[1\]", "forks\[2\]", "forks\[3\]", "forks\[4\]", "forks\[0\]"\]' philosophers.json ||
    fail "philosophers: the cycle is not the five philosophers and their forks"
  threads philosophers '"philosopher-[0-4]"' 5
  expect_calls philosophers pthread_mutex_lock:10 pthread_barrier_wait:5
  for i in 0 1 2 3 4; do
    blocked_on philosophers "$((i + 2)) \"philosopher-$i\" waits for forks\\[$(((i + 1) % 5))\\], .*, held by thread $(((i + 1) % 5 + 2)) \"philosopher-$(((i + 1) % 5))\"; it holds forks\\[$i\\]:"
  done
  out_has philosophers ' eats' 0

  completes philosophers-fixed
  thread_total philosophers-fixed 6
  threads philosophers-fixed '"philosopher-[0-4]"' 5
  expect_calls philosophers-fixed pthread_mutex_lock:30 pthread_mutex_unlock:30
  out_has philosophers-fixed '^philosopher [0-4] eats meal [1-3] with forks' 15
  out_has philosophers-fixed '^philosopher 4 eats meal [1-3] with forks 0 and 4$' 3
  all_ended philosophers-fixed
  ;;
transfer)
  deadlocks transfer-deadlock mutex-cycle
  blocked_on transfer-deadlock '2 "pay-alice-bob" waits for bob.mu, .*, held by thread 3 "pay-bob-alice"; it holds alice.mu:'
  blocked_on transfer-deadlock '3 "pay-bob-alice" waits for alice.mu, .*, held by thread 2 "pay-alice-bob"; it holds bob.mu:'
  expect_calls transfer-deadlock pthread_mutex_lock:4 pthread_mutex_unlock:0

  completes transfer-fixed
  threads transfer-fixed '"pay-(alice-bob|bob-alice)"' 2
  expect_calls transfer-fixed pthread_mutex_lock:400 pthread_mutex_unlock:400
  out_has transfer-fixed '^alice 100, bob 100, total 200 \(expected 200\)$' 1
  all_ended transfer-fixed
  ;;
send-no-receiver)
  deadlocks send-no-receiver all-asleep
  thread_total send-no-receiver 1 # main alone: no watchdog under weft's detection
  blocked_on send-no-receiver '1 "main" waits to send on answer, '
  expect_chan send-no-receiver answer 0 0 0 false
  # The watchdog alone: without weft, and under weft with the detection off.
  timeout -k 5 30 "$S/send-no-receiver" --timeout-ms 300 >plain.out 2>plain.err
  st=$?
  [ "$st" = 3 ] || fail "send-no-receiver --timeout-ms 300 exited $st, expected 3"
  grep -q '^watchdog: still running after 300 ms' plain.err || fail "watchdog message: $(cat plain.err)"
  WEFT_SAMPLE_TIMEOUT_MS=300 timeout -k 5 30 "$S/send-no-receiver" >/dev/null 2>&1
  st=$?
  [ "$st" = 3 ] || fail "send-no-receiver with WEFT_SAMPLE_TIMEOUT_MS=300 exited $st, expected 3"
  timeout -k 5 60 "$WEFT" record --deadlock-ms=0 -o watchdog.weft -- "$S/send-no-receiver" --timeout-ms 500 >/dev/null 2>watchdog.err
  st=$?
  [ "$st" = 3 ] || fail "send-no-receiver under weft without detection exited $st, expected 3: $(cat watchdog.err)"
  "$WEFT" report watchdog.weft >watchdog.txt || fail "the trace of a run the watchdog ended does not open"
  grep -qF "main (thread 1) waits to send on answer" watchdog.txt || fail "watchdog trace: $(cat watchdog.txt)"

  completes send-no-receiver-fixed
  threads send-no-receiver-fixed '"printer"' 1
  expect_chan send-no-receiver-fixed answer 1 1 1 false
  expect_chan send-no-receiver-fixed buffered 1 1 1 false
  out_has send-no-receiver-fixed '^printer received 42$' 1
  all_ended send-no-receiver-fixed
  ;;
range-not-closed)
  deadlocks range-not-closed all-asleep
  blocked_on range-not-closed '3 "consumer" waits to receive from numbers, '
  blocked_on range-not-closed '1 "main" waits to join consumer, '
  expect_chan range-not-closed numbers 5 5 5 false
  out_has range-not-closed '^consumer got [1-5]$' 5
  out_has range-not-closed '^sum' 0

  completes range-not-closed-fixed
  expect_chan range-not-closed-fixed numbers 5 5 5 true
  out_has range-not-closed-fixed '^sum 15$' 1
  all_ended range-not-closed-fixed
  ;;
forgotten-unlock)
  deadlocks forgotten-unlock holder-gone
  blocked_on forgotten-unlock '3 "auditor" waits for account.mu, .*, held by thread 2 "spender":'
  expect_calls forgotten-unlock pthread_mutex_lock:4 pthread_mutex_unlock:2
  out_has forgotten-unlock '^withdraw 40: insufficient funds$' 1

  completes forgotten-unlock-fixed
  expect_calls forgotten-unlock-fixed pthread_mutex_lock:4 pthread_mutex_unlock:4
  out_has forgotten-unlock-fixed '^auditor: balance 20$' 1
  all_ended forgotten-unlock-fixed
  ;;
waitgroup-count)
  deadlocks waitgroup-count all-asleep
  threads waitgroup-count '"worker-[1-3]"' 3
  blocked_on waitgroup-count '1 "main" waits for the WaitGroup '
  out_has waitgroup-count '^worker [1-3] done$' 3

  completes waitgroup-count-fixed
  threads waitgroup-count-fixed '"worker-[1-3]"' 3
  out_has waitgroup-count-fixed '^all 3 workers done$' 1
  all_ended waitgroup-count-fixed
  ;;
chat)
  # --demo: the server plays data/chat/script.txt with in-process bots, then
  # stops itself with a SIGINT; everything checked comes from that script.
  completes chat-server --demo
  thread_total chat-server 16
  for t in hub signals director bot-alice bot-bob bot-carol bot-dave; do threads chat-server "\"$t\"" 1; done
  threads chat-server '"client-[1-4]"' 4
  threads chat-server '"writer-[1-4]"' 4
  out_has chat-server '^16 steps, all heard as expected$' 1
  for pair in alice:14 bob:6 carol:8 dave:5; do
    out_has chat-server "^${pair%%:*} heard ${pair##*:} lines\$" 1
  done
  out_has chat-server '^server: got SIGINT, shutting down$' 1
  out_has chat-server '^server: shut down cleanly after 4 clients$' 1
  expect_chan chat-server events 16 16 16 false
  sum=0
  for i in 1 2 3 4; do sum=$((sum + $(chan_field chat-server "outbox-$i" sends))); done
  [ "$sum" = 33 ] || fail "chat-server: $sum lines in the outboxes, expected 33"
  all_ended chat-server

  # --demo --processes: the bots in a child process, on one timeline with the server.
  completes chat-server --demo --processes
  bots=$(ls chat-server-*.weft | sed -n 's/^chat-server-\([0-9]*\)\.weft$/\1/p')
  [ "$(echo "$bots" | wc -w)" = 1 ] || fail "chat-server --processes: child traces $(ls)"
  out_has chat-server '^16 steps, all heard as expected$' 1
  for t in hub signals wait-bots "pid $bots: main" "pid $bots: bot-alice" "pid $bots: bot-dave"; do
    threads chat-server "\"$t\"" 1
  done
  threads chat-server '"client-[1-4]"' 4
  threads chat-server '"director"' 0
  "$WEFT" report --no-children --json chat-server.weft | grep -q '"name": "pid ' &&
    fail "chat-server --processes: --no-children shows the bots"
  rm -f chat-server-*.weft

  # The two programs apart: the server waits for a real SIGINT.
  timeout -k 5 60 "$WEFT" record -o server.weft -- "$S/chat-server" 0 >server.out 2>server.err &
  rec=$!
  for _ in $(seq 200); do grep -q '^listening on' server.out 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\) (pid \([0-9]*\))$/\1/p' server.out)
  pid=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\) (pid \([0-9]*\))$/\2/p' server.out)
  [ -n "$port" ] && [ -n "$pid" ] || { kill $rec; fail "chat-server did not say where it listens: $(cat server.out server.err)"; }
  completes chat-bots "$port"
  kill -INT "$pid"
  wait $rec
  st=$?
  [ "$st" = 0 ] || fail "chat-server exited $st after SIGINT: $(tail -3 server.err)"
  "$WEFT" report --json server.weft >server.json || fail "the server's trace does not open"
  thread_total server 11
  grep -q '^server: shut down cleanly after 4 clients$' server.out || fail "server: $(tail -3 server.out)"
  thread_total chat-bots 5
  threads chat-bots '"bot-(alice|bob|carol|dave)"' 4
  out_has chat-bots '^16 steps, all heard as expected$' 1
  ;;
crawler)
  # Offline, from data/sites/graph.txt: breadth-first, so the same pages every run.
  completes crawler
  thread_total crawler 4
  threads crawler '"fetcher-[1-3]"' 3
  out_has crawler '^fetched 14 pages \(0 errors\) with 3 fetchers, depth limit 4; 2 more pages beyond it; 1 external link\(s\) not followed$' 1
  out_has crawler '^depth 3  /team/linus.html +2 links$' 1
  out_has crawler '^depth 4  /missing.html +not fetched \(depth limit\)$' 1
  # visited_mu: once for the start page, once per level, twice per page fetched
  expect_calls crawler pthread_mutex_lock:33 pthread_mutex_unlock:33 weft_wg_done:14
  grep -q '{"name": "visited_mu", "kind": "mutex", "acquisitions": 33,' crawler.json || fail "crawler: visited_mu"
  expect_chan crawler todo 14 14 14 true
  all_ended crawler
  sed -n '/^depth /p' crawler.out >offline.txt

  # Over HTTP from data/sites/site, served on 127.0.0.1 by the crawler itself:
  # the same pages, the same links.
  cp crawler.out crawler-offline.out
  completes crawler --serve "$SRC/data/sites/site"
  thread_total crawler 5
  threads crawler '"http-server"' 1
  sed -n '/^depth /p' crawler.out >http.txt
  diff offline.txt http.txt >/dev/null || fail "crawler: HTTP and offline crawls differ: $(diff offline.txt http.txt)"

  # Deeper: the broken link is fetched and fails; 4 fetchers.
  completes crawler --depth 10 --fetchers 4
  threads crawler '"fetcher-[1-4]"' 4
  out_has crawler '^depth 4  /missing.html +error: not found$' 1
  out_has crawler '^fetched 18 pages \(1 errors\) with 4 fetchers, depth limit 10; 0 more pages beyond it' 1
  expect_calls crawler pthread_mutex_lock:45
  ;;
bank)
  completes bank
  thread_total bank 21
  threads bank '"customer-([1-9]|1[0-9]|20)"' 20
  out_has bank '^20 customers, 3 tellers \(a channel of free tellers\), seed 42$' 1
  out_has bank '^waiting time: [0-9.]+ ms on average, [0-9.]+ ms at most$' 1
  cp bank.out bank-first.out
  total=$(awk '/^teller [1-3] served [0-9]+ customers$/ { n += $4 } END { print n + 0 }' bank.out)
  [ "$total" = 20 ] || fail "bank: the tellers served $total customers"
  # 3 tellers put in the channel at opening, then one take and one return each
  expect_chan bank free-tellers 23 20 20 false
  expect_calls bank pthread_mutex_lock:20 weft_region_begin:20
  # The seed fixes the customers: the same service times on every run.
  completes bank
  [ "$(grep '^service time' bank.out)" = "$(grep '^service time' bank-first.out)" ] ||
    fail "bank: the same seed gave other service times"

  completes bank --semaphore --customers 10 --tellers 2 --seed 7
  thread_total bank 11
  out_has bank '^10 customers, 2 tellers \(a semaphore\), seed 7$' 1
  expect_calls bank sem_init:1 sem_wait:10 sem_post:10 pthread_mutex_lock:10
  ;;
quiz)
  completes quiz-unbuffered
  for i in 1 2 3 5; do out_has quiz-unbuffered "^$i\\. " 1; done
  out_has quiz-unbuffered '^4\. the receiver got 42$' 1
  expect_chan quiz-unbuffered unbuffered 1 1 1 false
  expect_calls quiz-unbuffered weft_select:2

  completes quiz-mutex
  out_has quiz-mutex '^without a mutex: the auditor saw a wrong total [0-9]+ times in [0-9]+ audits$' 1
  out_has quiz-mutex '^with a mutex: the auditor saw a wrong total 0 times in [0-9]+ audits$' 1
  threads quiz-mutex '"mover"' 2
  threads quiz-mutex '"auditor"' 2
  # accounts_mu: each of the 20000 moves, and each audit of the second run
  audits=$(sed -n 's/^with a mutex: .* in \([0-9]*\) audits$/\1/p' quiz-mutex.out)
  grep -q "{\"name\": \"accounts_mu\", \"kind\": \"mutex\", \"acquisitions\": $((20000 + audits))," quiz-mutex.json ||
    fail "quiz-mutex: accounts_mu should have $((20000 + audits)) acquisitions"

  completes quiz-cancel
  out_has quiz-cancel '^1\. worker: stopping after [0-9]+ units \(context canceled\), lock released$' 1
  out_has quiz-cancel '^1\. main: after a clean stop, trylock says: the lock is free$' 1
  out_has quiz-cancel '^2\. main: the victim was cancelled$' 1
  out_has quiz-cancel '^2\. main: after pthread_cancel, trylock says: busy' 1
  threads quiz-cancel '"victim"' 1

  completes quiz-threads-vs-tasks 1000
  thread_total quiz-threads-vs-tasks 1005
  threads quiz-threads-vs-tasks '"pool-[1-4]"' 4
  out_has quiz-threads-vs-tasks '^1000 threads: [0-9.]+ ms, [0-9.]+ us per thread' 1
  out_has quiz-threads-vs-tasks '^1000 tasks on 4 threads: [0-9.]+ ms' 1
  expect_calls quiz-threads-vs-tasks pthread_create:1004 pthread_join:1004
  expect_chan quiz-threads-vs-tasks tasks 1000 1000 1000 true
  ;;
traces)
  # data/traces: recorded with an earlier build; the current reader opens them.
  T="$SRC/data/traces"
  for name in pipeline worker-pool philosophers-fixed philosophers; do
    [ -f "$T/$name.weft" ] || fail "data/traces/$name.weft is missing"
    [ "$(stat -c %s "$T/$name.weft")" -lt 204800 ] || fail "data/traces/$name.weft is over 200 KB"
    "$WEFT" report "$T/$name.weft" >"$name.txt" 2>"$name.report-err" ||
      fail "data/traces/$name.weft does not open: $(cat "$name.report-err")"
    "$WEFT" report --json "$T/$name.weft" >"$name.json" || fail "data/traces/$name.weft: report --json"
    "$WEFT" dump "$T/$name.weft" >/dev/null || fail "data/traces/$name.weft: dump"
    [ "$(json_int "$name" lost_events)" = 0 ] || fail "data/traces/$name.weft lost events"
  done
  for t in generate square sum; do threads pipeline "\"$t\"" 1; done
  expect_chan pipeline numbers 10 10 10 true
  threads worker-pool '"worker-[1-3]"' 3
  expect_chan worker-pool jobs 9 9 9 true
  threads philosophers-fixed '"philosopher-[0-4]"' 5
  expect_calls philosophers-fixed pthread_mutex_lock:30
  threads philosophers '"philosopher-[0-4]"' 5
  grep -q '^    {"kind": "mutex-cycle",' philosophers.json || fail "data/traces/philosophers.weft: no deadlock"
  ;;
*)
  fail "unknown case"
  ;;
esac
exit 0
