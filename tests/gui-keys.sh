#!/bin/bash
# The viewer driven by the keyboard alone, under Xvfb with real key presses:
# each kind of step lands where it should on the fixture (. b m f Shift+b,
# > after Home: main's next event, o: the next on main's channel jobs), Home
# and End, i folds the idle stretches (the whole run in view) and unfolds them, F5
# and Ctrl + for presentation mode, Ctrl+Q quits. Every key of the app
# reaches an action of the window.
# Usage: gui-keys.sh TEST_VIEWER_GUI TEST_VIEWER
set -u
gui=$1 test_viewer=$2
. "$(dirname "$0")/gui-lib.sh"
type_keys "keys;watch" period b m f Shift_L+b End Home Shift_L+period o o i i F5 Control_L+plus \
  Control_L+q
o=$(cat "$dir/out")
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
fold-idle on, 1 folds, the whole run in view
fold-idle off, 0 folds, the whole run in view
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
