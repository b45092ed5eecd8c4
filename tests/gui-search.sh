#!/bin/bash
# Find and filter with the keyboard alone, real key presses under Xvfb:
# Ctrl+F and "fork" go to the events on the forks one after the other (the
# letters stay in the entry, not taken as step keys); Escape, then p pins
# the selected thread's lane at the top, a shows only its arrows, Alt+Down
# and Alt+Up select the lane below and back (their events nearest in time); Ctrl+F,
# "philo" and the lanes of matching threads only; Shift+H shows all lanes.
# Usage: gui-search.sh TEST_VIEWER_GUI TEST_VIEWER
set -u
gui=$1 test_viewer=$2
. "$(dirname "$0")/gui-lib.sh"
type_keys "watch:selection" Control_L+f f o r k Return Return Escape p a Alt_L+Down Alt_L+Up \
  Control_L+f Control_L+a p h i l o Tab space Escape Shift_L+h Control_L+q
got=$(sed -n 's/^watch: //p' "$dir/out")
want="selected lock-acquire of philo-a at 100000 ns
selected lock-acquire of philo-b at 110000 ns
lanes philo-b, main, producer, consumer, philo-a
arrows of philo-b
selected join-begin of main at 50000 ns
selected thread-name of philo-b at 46000 ns
lanes philo-b, philo-a
lanes philo-b, main, producer, consumer, philo-a"
expect_watched "$got" "$want" "find and filter"
echo "ok: find, pin, arrows of a thread, lanes of matching threads, all lanes again"
