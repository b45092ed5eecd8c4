#!/usr/bin/env bash
# What reading a family costs: a shell runs a program whose trace has N lock
# calls, so the run leaves a tiny root trace (the shell's) and one big child
# trace. `weft report` on the child's trace alone is the baseline; on the
# root, it opens the family (both traces merged). Prints the medians of
# RUNS runs, time and peak memory, and the family's ratios to the baseline.
# Usage: open.sh BUILD_DIR [PAIRS] [RUNS]
set -u
BUILD=$(realpath "${1:-build}")
PAIRS=${2:-250000}
RUNS=${3:-5}
WEFT=$BUILD/cli/weft
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
"$WEFT" record --no-stacks -o sh.weft -- sh -c "'$BUILD/tests/lock-pairs' $PAIRS >/dev/null; true" \
  2>/dev/null || { echo "record failed"; exit 1; }
child=$(ls sh-*.weft)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for f in "$child" sh.weft; do
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" "$WEFT" report "$f" 2>&1 >/dev/null | tail -1
  done >"$f.times"
done
t0=$(cut -d' ' -f1 "$child.times" | median) m0=$(cut -d' ' -f2 "$child.times" | median)
t1=$(cut -d' ' -f1 sh.weft.times | median) m1=$(cut -d' ' -f2 sh.weft.times | median)
events=$("$WEFT" report --json "$child" | sed -n 's/^  "events": \([0-9]*\),/\1/p')
echo "child trace alone: $events events, ${t0} s, ${m0} KB peak"
echo "the family:        ${t1} s, ${m1} KB peak"
awk -v a="$t0" -v b="$t1" -v c="$m0" -v d="$m1" \
  'BEGIN { printf "ratio: time %.2f, peak memory %.2f\n", b / a, d / c }'
