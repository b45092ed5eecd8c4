#!/bin/bash
# The viewer driven by the keyboard alone, under Xvfb with real key presses:
# each kind of step lands where it should on the fixture (. b m f Shift+b,
# > after Home: main's next event, o: the next on main's channel jobs), Home
# and End, F5
# and Ctrl + for presentation mode, Ctrl+Q quits. Every key of the app
# reaches an action of the window.
# Usage: gui-keys.sh TEST_VIEWER_GUI TEST_VIEWER
set -u
gui=$1 test_viewer=$2 here=$(dirname "$0")
command -v python3 >/dev/null || { echo "python3 is not installed: skipping"; exit 77; }
. "$here/gui-lib.sh"
keys="period b m f Shift_L+b End Home Shift_L+period o o F5 Control_L+plus Control_L+q"
# the keys go once the window is up and watching
NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" bash -c \
  "\"$gui\" 'keys;watch' '$dir/pipeline.weft' >'$dir/out' &
   for i in \$(seq 300); do grep -q '^watching' '$dir/out' && break; sleep 0.1; done
   python3 '$here/xtest-keys.py' $keys; rc=\$?; wait; exit \$rc" 2>"$dir/stderr"
rc=$?
o=$(cat "$dir/out")
[ $rc -eq 77 ] && { echo "$o"; exit 77; }
got=$(grep '^watch: ' <<<"$o" | sed 's/^watch: //')
want="playhead thread-start of main at 0 ns
playhead join-begin of main at 50000 ns
playhead chan-send of producer at 100000 ns
playhead deadlock of philo-b at 211000 ns
playhead lock-wait of philo-b at 210000 ns
playhead sleep-end of main at 990000 ns
playhead thread-start of main at 0 ns
playhead chan-make of main at 5000 ns
playhead chan-recv-wait of consumer at 65000 ns
playhead chan-send of producer at 100000 ns
scale 1.60, presenting
scale 1.84, presenting"
if [ "$got" != "$want" ]; then
  echo "FAILED: the keys did not step as expected"
  diff <(echo "$want") <(echo "$got") | sed 's/^/  /'
  cat "$dir/stderr"
  fail=1
else
  echo "ok: each key stepped where expected"
fi
if grep -q "keys: [0-9]* actions with keys, 0 missing" <<<"$o"; then
  grep "keys:" <<<"$o" | sed 's/^/ok: /'
else
  echo "FAILED: keys without actions"; grep "keys:" <<<"$o"; fail=1
fi
exit $fail
