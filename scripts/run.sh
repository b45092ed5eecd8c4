#!/usr/bin/env bash
# The main job: build weft, record a sample, then show it: the viewer when a
# display exists, else the report in the terminal and a rendered PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
sample=${1:-build/tests/lock-pairs}
mkdir -p out
name=$(basename "$sample")
build/cli/weft record -o "out/$name.weft" -- "$sample" 20000 || true
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && build/cli/weft --help | grep -q " view "; then
  exec build/cli/weft view "out/$name.weft"
fi
build/cli/weft report "out/$name.weft"
if build/cli/weft --help | grep -q " render "; then
  build/cli/weft render "out/$name.weft" -o "out/$name.png" && echo "weft: timeline drawn to out/$name.png"
fi
