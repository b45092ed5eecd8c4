#!/usr/bin/env bash
# The tracer's cost per intercepted call, measured in one run against the
# untraced program: (traced ns - untraced ns) / calls, best of 5 runs each,
# with and without stacks; and bytes per event. Usage: bench/preload/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
# LTTng for the side-by-side line at the end (Debian's packages), unless
# WEFT_BENCH_NO_LTTNG is set.
WRAP=/usr/lib/x86_64-linux-gnu/liblttng-ust-pthread-wrapper.so.1
if [ -z "${WEFT_BENCH_NO_LTTNG:-}" ] && { ! command -v lttng >/dev/null || [ ! -e "$WRAP" ]; }; then
  echo "installing lttng-tools and liblttng-ust1..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q lttng-tools liblttng-ust1 >&2 || true
  else sudo apt-get install -y -q lttng-tools liblttng-ust1 >&2 || true; fi
fi
ninja -C "$B" >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
gcc -O2 -pthread bench/preload/workloads.c -o "$W/workloads"
PRE=$(realpath "$B/tracer/preload/libweft-preload.so")
best() { # best ns of 5 runs of: env... workloads args
  local b=
  for _ in 1 2 3 4 5; do
    r=$("$@" | awk '{print $2}')
    [ -z "$b" ] || [ "$r" -lt "$b" ] && b=$r
  done
  echo "$b"
}
printf "%-12s %10s %12s %12s %14s %14s\n" workload calls "untraced ns" "per call" "+ns no stacks" "+ns stacks"
for spec in "uncontended 2000000" "contended 500000" "condvar 100000" "create 5000"; do
  set -- $spec
  pin=()
  [ "$1" = condvar ] && pin=(taskset -c 0)
  calls=$("$W/workloads" $spec | awk '{print $1}')
  base=$(best "${pin[@]}" "$W/workloads" $spec)
  nost=$(best env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=off "${pin[@]}" "$W/workloads" $spec)
  st=$(best env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=all "${pin[@]}" "$W/workloads" $spec)
  awk -v w="$1" -v c="$calls" -v b="$base" -v n="$nost" -v s="$st" 'BEGIN {
    printf "%-12s %10d %12d %12.1f %14.1f %14.1f\n", w, c, b, b / c, (n - b) / c, (s - b) / c }'
done
# The machine's floor: one TSC read (each event takes one), measured in this
# run; the uncontended per-call cost as a multiple of it.
tsc=$(best "$W/workloads" tsc 20000000)
base=$(best "$W/workloads" uncontended 2000000)
nost=$(best env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=off "$W/workloads" uncontended 2000000)
awk -v t="$tsc" -v b="$base" -v n="$nost" 'BEGIN {
  r = t / 20000000; c = (n - b) / 4000000
  printf "one TSC read: %.1f ns; uncontended call, no stacks: +%.1f ns = %.2f TSC reads (aim: 1.5)\n", r, c, c / r }'
# Contended, stacks only where threads block: total time against untraced. With
# an empty critical section (3 ns) any tracing lengthens it several times and
# turns rare contention into futex sleeps; with ~100 ns of work in and out of
# it, as real code has, the ratio is the tracer's true cost.
for wl in contended contended-work; do
  base=$(best "$W/workloads" $wl 500000)
  blk=$(best env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=blocking "$W/workloads" $wl 500000)
  awk -v w="$wl" -v b="$base" -v t="$blk" 'BEGIN { printf "%s, stacks on blocking only: traced/untraced = %.2f (target <= 1.5)\n", w, t / b }'
done
# Bytes per event, no stacks, on the uncontended workload, through weft record.
"$B/cli/weft" record --no-stacks -o "$W/bytes.weft" -- "$W/workloads" uncontended 1000000 >/dev/null 2>"$W/rec.txt"
events=$(sed -n 's/.*: \([0-9]*\) events.*/\1/p' "$W/rec.txt")
size=$(stat -c %s "$W/bytes.weft")
awk -v s="$size" -v e="$events" 'BEGIN { printf "bytes per event (no stacks): %.2f (%d bytes, %d events)\n", s / e, s, e }'
"$B/cli/weft" record -o "$W/bytes2.weft" -- "$W/workloads" contended 200000 >/dev/null 2>"$W/rec2.txt"
events=$(sed -n 's/.*: \([0-9]*\) events.*/\1/p' "$W/rec2.txt")
size=$(stat -c %s "$W/bytes2.weft")
awk -v s="$size" -v e="$events" 'BEGIN { printf "bytes per event (stacks, contended): %.2f\n", s / e }'
# LTTng-UST's pthread wrapper on the same workload, when LTTng is installed
# (Debian: lttng-tools liblttng-ust1): its cost per call against ours.
if command -v lttng >/dev/null 2>&1 && [ -e "$WRAP" ]; then
  pgrep -x lttng-sessiond >/dev/null || lttng-sessiond --daemonize >/dev/null 2>&1 || true
  session=weft-bench-$$
  lttng create "$session" --output="$W/lttng" >/dev/null
  lttng enable-event -u 'lttng_ust_pthread:*' >/dev/null
  lttng start >/dev/null
  base=$(best "$W/workloads" uncontended 2000000)
  lt=$(best env LD_PRELOAD="$WRAP" "$W/workloads" uncontended 2000000)
  lttng stop >/dev/null
  lttng destroy "$session" >/dev/null
  ours=$(best env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=off "$W/workloads" uncontended 2000000)
  bytes=$(du -sb "$W/lttng" | cut -f1)
  awk -v b="$base" -v l="$lt" -v o="$ours" -v by="$bytes" 'BEGIN {
    c = 4000000
    printf "LTTng-UST pthread wrapper: +%.1f ns per call, weft: +%.1f ns per call (LTTng / weft = %.1fx); LTTng wrote %.1f bytes per call\n", (l - b) / c, (o - b) / c, (l - b) / (o - b), by / 5 / c }'
else
  echo "LTTng not installed (apt-get install lttng-tools liblttng-ust1): no side-by-side run"
fi
