#!/bin/bash
# Presentation mode under Xvfb at a projector's sizes: F5 scales the whole
# window; at 1280x720 and 1920x1080, at the default scale and one step
# larger (Ctrl +),
# nothing reaches out of the screen, no label is cut, the timeline keeps
# room for its lanes. Xvfb has no window manager to make the window full
# screen: the script sizes it as one would. Screenshots are left in OUTDIR.
# Usage: gui-present.sh TEST_VIEWER_GUI TEST_VIEWER OUTDIR
set -u
gui=$1 test_viewer=$2 out=$3
. "$(dirname "$0")/gui-lib.sh"

for size in 1280x720 1920x1080; do
  for larger in 0 1; do
    steps="present"
    for ((i = 0; i < larger; i++)); do steps="$steps;text-larger"; done
    shot="$out/gui-present-$size-$larger.png"
    rm -f "$shot"
    o=$(NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 ${size}x24" \
      "$gui" "$steps;size:$size;show-deadlock;wait;clipping;screenshot:$shot;quit" "$dir/pipeline.weft" 2>"$dir/stderr")
    echo "$o" | grep -E "^(size|clipped|clipping|timeline|screenshot):" | sed "s/^/$size+$larger: /"
    if ! grep -qx "clipping: 0" <<<"$o"; then
      echo "FAILED: $size, $larger steps larger: something is clipped"; cat "$dir/stderr"; fail=1
    fi
    w=${size%x*}
    if ! grep -qE "^size: window ($w|$((w - 10)))x" <<<"$o"; then
      echo "FAILED: $size: the window does not fill the screen"; fail=1
    fi
    [ -s "$shot" ] || { echo "FAILED: no screenshot $shot"; fail=1; }
  done
done
exit $fail
