#!/usr/bin/env bash
# Peak memory and time of the commands that read a trace streamed, against
# the same commands reading it whole, on synthetic traces of 1M and 10M
# events (64 lanes, bench/viewer's generator), all in one run. Constant memory
# shows as a 10M/1M ratio near 1 on the streamed lines.
# Usage: bench/stream/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
ninja -C "$B" >/dev/null
W=${TMPDIR:-/tmp}/weft-bench
mkdir -p "$W"
for n in 1000000 10000000; do
  [ -f "$W/bench-$n.weft" ] || "$B/bench/viewer/weft-bench-gen" -n "$n" -l 64 -o "$W/bench-$n.weft" >/dev/null
done
measure() { # prints "seconds KB"
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$W/time.txt" || true
  tail -1 "$W/time.txt"
}
printf "%-34s %10s %10s %10s %10s %8s\n" command "1M s" "1M MB" "10M s" "10M MB" "MB ratio"
row() { # LABEL ARGS... (the trace is appended)
  local label=$1
  shift
  read -r s1 k1 <<<"$(measure "$B/cli/weft" "$@" "$W/bench-1000000.weft")"
  read -r s2 k2 <<<"$(measure "$B/cli/weft" "$@" "$W/bench-10000000.weft")"
  awk -v l="$label" -v s1="$s1" -v k1="$k1" -v s2="$s2" -v k2="$k2" 'BEGIN {
    printf "%-34s %10.2f %10.1f %10.2f %10.1f %8.2f\n", l, s1, k1 / 1024, s2, k2 / 1024, k2 / k1 }'
}
row "weft report (streamed)" report --streamed
row "weft report --whole" report --whole
row "weft report --json (streamed)" report --json --streamed
row "weft dump (streamed)" dump
