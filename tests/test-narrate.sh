#!/usr/bin/env bash
# weft dump --narrate: each event of a recorded sample as the sentence the
# viewer's narration line says (analysis/weft-narration.c), and its errors.
# Usage: test-narrate.sh WEFT SAMPLES_BUILD_DIR
set -u
WEFT=$(realpath "$1")
S=$(realpath "$2")
source "$(dirname "$0")/test-lib.sh"

"$WEFT" record -o philo.weft -- "$S/philosophers" >rec.out 2>rec.err
[ $? = 2 ] || fail "philosophers did not deadlock: $(cat rec.err)"
"$WEFT" dump --narrate philo.weft >said.txt 2>err.txt || fail "dump --narrate: $(cat err.txt)"
[ -s err.txt ] && fail "dump --narrate wrote on stderr: $(cat err.txt)"
# one sentence an event, in time order
[ "$(wc -l <said.txt)" = "$("$WEFT" dump philo.weft | grep -vc '^#')" ] ||
  fail "not one line an event: $(wc -l <said.txt)"
# who takes what, where in the program, and what it now holds
grep -qE '^ +[0-9.]+(ns|µs|ms|s)  philosopher-[0-4] takes forks\[[0-4]\] at philosophers\.c:[0-9]+; it now holds forks\[[0-4]\]$' said.txt ||
  fail "no take: $(head -40 said.txt)"
# a wait: the waiter's line, who holds the lock, what the waiter holds
grep -qE 'philosopher-([0-4]) waits for forks\[[0-4]\] at philosophers\.c:[0-9]+, held by philosopher-[0-4]; it holds forks\[[0-4]\]$' said.txt ||
  fail "no wait: $(grep waits said.txt)"
grep -qE 'main starts the thread philosopher-0 at philosophers\.c:[0-9]+$' said.txt || fail "no create"
grep -qE 'philosopher-[0-4] waits at all_hold_left for the others at philosophers\.c:[0-9]+$' said.txt ||
  fail "no barrier: $(grep all_hold_left said.txt)"
# the deadlock in weft report's own words
sentence=$("$WEFT" report philo.weft | grep -m1 'philosopher-0 holds forks\[0\] and waits for forks\[1\]')
[ -n "$sentence" ] || fail "report has no deadlock sentence"
tail -1 said.txt | grep -qF "$(echo "$sentence" | sed 's/^ *//')" || fail "the deadlock, said otherwise: $(tail -1 said.txt)"

# bad input: one line, and the exit status
expect_error 64 "^weft dump: unknown option '--narate'; try 'weft dump --help'$" -- "$WEFT" dump --narate philo.weft
expect_error 64 "expected one trace file" -- "$WEFT" dump --narrate
expect_error 66 "cannot open 'missing.weft'" -- "$WEFT" dump --narrate missing.weft
: >empty.weft
expect_error 65 "not a weft trace" -- "$WEFT" dump --narrate empty.weft
echo ok
