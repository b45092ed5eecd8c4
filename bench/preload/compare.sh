#!/usr/bin/env bash
# Before and after a change to the hooks, in one run: the cost per call of
# two preload libraries on the same workloads, interleaved (untraced, one,
# the other, REPS times; best of each), so that a loaded machine slows both
# alike. Build the "before" library from the commit before the change, e.g.
#   git archive BASE | tar -x -C /tmp/base && meson setup /tmp/base/build /tmp/base &&
#   ninja -C /tmp/base/build tracer/preload/libweft-preload.so
# Usage: bench/preload/compare.sh BEFORE.so [BUILD_DIR] (REPS=7 by default)
set -euo pipefail
BEFORE=$(realpath "${1:?usage: bench/preload/compare.sh BEFORE.so [BUILD_DIR]}")
cd "$(dirname "$0")/../.."
B=${2:-build}
ninja -C "$B" >/dev/null
AFTER=$(realpath "$B/tracer/preload/libweft-preload.so")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
gcc -O2 -pthread bench/preload/workloads.c -o "$W/workloads"
ns() { "$@" | awk '{print $2}'; }
for spec in "uncontended 2000000" "contended 500000" "condvar 100000"; do
  read -r name count <<<"$spec"
  pin=()
  [ "$name" = condvar ] && pin=(taskset -c 0)
  calls=$("$W/workloads" "$name" "$count" | awk '{print $1}')
  u=; b=; a=
  for _ in $(seq "${REPS:-7}"); do
    x=$(ns "${pin[@]}" "$W/workloads" "$name" "$count")
    y=$(ns env LD_PRELOAD="$BEFORE" WEFT_OUTPUT="$W/b.weft" WEFT_STACKS=off "${pin[@]}" "$W/workloads" "$name" "$count")
    z=$(ns env LD_PRELOAD="$AFTER" WEFT_OUTPUT="$W/a.weft" WEFT_STACKS=off "${pin[@]}" "$W/workloads" "$name" "$count")
    { [ -z "$u" ] || [ "$x" -lt "$u" ]; } && u=$x
    { [ -z "$b" ] || [ "$y" -lt "$b" ]; } && b=$y
    { [ -z "$a" ] || [ "$z" -lt "$a" ]; } && a=$z
  done
  awk -v w="$name" -v c="$calls" -v u="$u" -v b="$b" -v a="$a" 'BEGIN {
    printf "%-12s untraced %.1f ns/call; no stacks: before +%.1f, after +%.1f ns/call (after/before %.2f)\n",
      w, u / c, (b - u) / c, (a - u) / c, (a - u) / (b - u) }'
done
