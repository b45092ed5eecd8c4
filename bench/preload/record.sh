#!/usr/bin/env bash
# Whole-process cost of `weft record` on 10M calls (5M uncontended lock/unlock
# pairs), against the same program traced by LD_PRELOAD alone (no summary,
# no symbolisation) and untraced, in the same run: wall time and peak memory.
# Then what reading that trace costs: `weft report` and `weft dump`, peak
# memory per event. Usage: bench/preload/record.sh [BUILD_DIR] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=$(realpath "${1:-build}")
PAIRS=${2:-5000000}
ninja -C "$B" cli/weft tracer/preload/libweft-preload.so >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
gcc -O2 -pthread bench/preload/workloads.c -o "$W/workloads"
PRE="$B/tracer/preload/libweft-preload.so"
measure() { # OUT LABEL command...: best wall seconds and its peak KB of 3 runs
  local out=$1 best_s= best_kb=
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" >/dev/null 2>"$W/err.txt"
    read -r s kb <"$W/time.txt"
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_s=$s
      best_kb=$kb
    fi
  done
  echo "$best_s $best_kb" >"$out"
}
measure "$W/plain" "$W/workloads" uncontended "$PAIRS"
measure "$W/preload" env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/p.weft" WEFT_STACKS=off "$W/workloads" uncontended "$PAIRS"
measure "$W/record" "$B/cli/weft" record --no-stacks -o "$W/r.weft" -- "$W/workloads" uncontended "$PAIRS"
events=$(sed -n 's/.*: \([0-9]*\) events.*/\1/p' "$W/err.txt")
measure "$W/report" "$B/cli/weft" report "$W/r.weft"
measure "$W/dump" "$B/cli/weft" dump "$W/r.weft"
read -r ps pk <"$W/plain"
read -r ls lk <"$W/preload"
read -r rs rk <"$W/record"
read -r os ok <"$W/report"
read -r ds dk <"$W/dump"
awk -v pairs="$PAIRS" -v e="$events" -v ps="$ps" -v pk="$pk" -v ls="$ls" -v lk="$lk" -v rs="$rs" -v rk="$rk" \
    -v os="$os" -v ok="$ok" -v ds="$ds" -v dk="$dk" 'BEGIN {
  printf "%d calls, %d events in the trace\n", 2 * pairs, e
  printf "%-34s %8s %10s\n", "", "wall s", "peak MB"
  printf "%-34s %8.2f %10.1f\n", "untraced", ps, pk / 1024
  printf "%-34s %8.2f %10.1f\n", "LD_PRELOAD only", ls, lk / 1024
  printf "%-34s %8.2f %10.1f\n", "weft record (whole process)", rs, rk / 1024
  printf "weft record after the run: +%.2f s over LD_PRELOAD alone (record/preload = %.2f), %.1f bytes per event at peak\n",
    rs - ls, rs / ls, rk * 1024 / e
  printf "weft report: %.2f s, %.1f bytes per event at peak; weft dump: %.2f s, %.1f bytes per event\n",
    os, ok * 1024 / e, ds, dk * 1024 / e }'
