#!/usr/bin/env bash
# weft pack and weft trim against weft report on the same generated trace,
# in the same run: each one's time as a ratio of the report's (both read the
# whole trace once; pack and trim write it again).
# Usage: bench/lecture/run.sh [EVENTS]   (default 1000000; run from the tree, after a build)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
B=$SRC/build
N=${1:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$B/bench/viewer/weft-bench-gen" -n "$N" -l 16 -o "$W/run.weft" >/dev/null 2>&1
secs() { local a b; a=$(date +%s.%N); "$@" >/dev/null 2>&1; b=$(date +%s.%N); echo "$b - $a" | bc -l; }
best() { local m=999 t; for _ in 1 2 3; do t=$(secs "$@"); m=$(echo "if ($t < $m) $t else $m" | bc -l); done; echo "$m"; }
report=$(best "$B/cli/weft" report "$W/run.weft")
pack=$(best "$B/cli/weft" pack "$W/run.weft" -o "$W/pack.weft")
trim=$(best "$B/cli/weft" trim "$W/run.weft" --from 50ms --to 150ms -o "$W/cut.weft")
size() { stat -c %s "$1"; }
printf 'events %s, trace %s bytes\n' "$N" "$(size "$W/run.weft")"
printf 'report %.2f s (baseline)\n' "$report"
printf 'pack   %.2f s  ratio %.2f  output %s bytes (%.3f of the trace)\n' "$pack" \
  "$(echo "$pack / $report" | bc -l)" "$(size "$W/pack.weft")" \
  "$(echo "$(size "$W/pack.weft") / $(size "$W/run.weft")" | bc -l)"
printf 'trim   %.2f s  ratio %.2f  output %s bytes\n' "$trim" "$(echo "$trim / $report" | bc -l)" \
  "$(size "$W/cut.weft")"
