#!/usr/bin/env bash
# How long after a child ends its parent's waitpid returns, untraced and
# traced (the child's end through the tracer's last flush, and its bare
# exit_group), in one run: medians and 90th percentiles of N reaps, and the
# traced median as a multiple of the untraced one.
# Usage: bench/family/reap.sh [BUILD_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
N=${2:-300}
ninja -C "$B" tracer/preload/libweft-preload.so >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
gcc -O2 bench/family/reap.c -o "$W/reap"
PRE=$(realpath "$B/tracer/preload/libweft-preload.so")
read -r u u90 < <("$W/reap" "$N" exit)
read -r t t90 < <(env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" "$W/reap" "$N" exit)
read -r r r90 < <(env LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/r.weft" "$W/reap" "$N" raw)
awk -v u="$u" -v u90="$u90" -v t="$t" -v t90="$t90" -v r="$r" -v r90="$r90" 'BEGIN {
  printf "child end -> waitpid return, us (median / p90): untraced %d / %d; traced %d / %d (%.2fx);\n", u, u90, t, t90, t / u
  printf "traced, the child ending by exit_group past the tracer: %d / %d (%.2fx)\n", r, r90, r / u }'
