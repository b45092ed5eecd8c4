#!/bin/sh
# Usage: bench/viewer/run-bench.sh BUILD_DIR [EVENTS...]
# Generates synthetic traces over 64 lanes and measures open time, memory per
# event and frame times at 1920x1080 with the headless renderer.
set -e
build=${1:?usage: run-bench.sh BUILD_DIR [EVENTS...]}
shift
[ $# -gt 0 ] || set -- 1000000 10000000
dir=${TMPDIR:-/tmp}/weft-bench
mkdir -p "$dir"
for n in "$@"; do
  f="$dir/bench-$n.weft"
  [ -f "$f" ] || "$build/bench/viewer/weft-bench-gen" -n "$n" -l 64 -o "$f"
  ls -l "$f" | awk '{printf "file size    %.1f MB\n", $5 / 1048576}'
  "$build/bench/viewer/weft-bench-viewer" "$f"
  echo
done
