#!/usr/bin/env bash
# What race detection costs: ThreadSanitizer alone against the untraced
# program, then weft on top of TSan, on the course's counter and on a
# pigz-like compressor. Each time is the best of 3 runs of the whole command
# (weft record included: its naming of addresses after the run too), all
# measured in this run. Usage: bench/races/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
ninja -C "$B" >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
WEFT=$(realpath "$B/cli/weft")
S=samples
for flavour in plain tsan; do
  flags=(-O2 -g -pthread)
  [ $flavour = tsan ] && flags+=(-fsanitize=thread)
  gcc "${flags[@]}" -D_GNU_SOURCE $S/counter-race.c $S/sample-util.c -o "$W/counter-$flavour"
  gcc "${flags[@]}" bench/races/pigz-like.c -lz -o "$W/pigz-$flavour"
done
best() { # best seconds of 3 runs of a command (its output thrown away)
  local b=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    [ -z "$b" ] || [ "$ms" -lt "$b" ] && b=$ms
  done
  echo "$b"
}
printf "%-24s %10s %10s %12s %12s %14s %14s\n" workload "plain ms" "tsan ms" "tsan+weft ms" \
  "tsan/plain" "tsan+weft/tsan" "weft/plain"
for spec in "counter-100000x4:counter 100000" "counter-2000000x4:counter 2000000" \
    "pigz-16MiB-4-workers:pigz 16 4"; do
  name=${spec%%:*}
  set -- ${spec#*:}
  prog=$1
  shift
  plain=$(best "$W/$prog-plain" "$@")
  tsan=$(best "$W/$prog-tsan" "$@")
  both=$(best "$WEFT" record -o "$W/t.weft" -- "$W/$prog-tsan" "$@")
  weft=$(best "$WEFT" record -o "$W/p.weft" -- "$W/$prog-plain" "$@")
  awk -v n="$name" -v p="$plain" -v t="$tsan" -v b="$both" -v w="$weft" 'BEGIN {
    printf "%-24s %10d %10d %12d %12.2f %14.2f %14.2f\n", n, p, t, b, t / p, b / t, w / p }'
done
