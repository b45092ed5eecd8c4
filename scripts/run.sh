#!/usr/bin/env bash
# The main job: build weft, record a sample (by default the dining
# philosophers, who deadlock), then show it: the viewer when a display exists,
# else the report in the terminal and a rendered PNG.
# Usage: scripts/run.sh [PROGRAM [ARGS...]]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
if [ $# -gt 0 ]; then
  sample=$1
  shift
else
  sample=build/samples/philosophers
fi
mkdir -p out
name=$(basename "$sample")
# A deadlocked program ends with status 2 and its report: that is the point.
build/cli/weft record -o "out/$name.weft" -- "$sample" "$@" || true
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && build/cli/weft --help | grep -q " view "; then
  exec build/cli/weft view "out/$name.weft"
fi
build/cli/weft report "out/$name.weft"
if build/cli/weft --help | grep -q " render "; then
  build/cli/weft render --fold-idle "out/$name.weft" -o "out/$name.png" && echo "weft: timeline drawn to out/$name.png"
fi
