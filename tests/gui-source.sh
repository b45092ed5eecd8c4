#!/bin/bash
# The source pane: selecting the fixture's event that has a stack (philo-b's
# wait, philosopher at fixture.c:12) shows fixture.c next to the trace with
# line 12 under the cursor; with the file elsewhere, "source not found" and
# how to give its folder; found again under a source root.
# Usage: gui-source.sh TEST_VIEWER_GUI TEST_VIEWER
set -u
gui=$1 test_viewer=$2
. "$(dirname "$0")/gui-lib.sh"
for i in $(seq 1 20); do echo "/* line $i */"; done >"$dir/fixture.c"
sed -i '12s|.*|  pthread_mutex_lock(\&fork_a); /* line 12 */|' "$dir/fixture.c"
view() { # view TRACE: the source pane after Show the Deadlock, and after another event
  NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" \
    "$gui" "show-deadlock;source;next-event;source;quit" "$1" 2>"$dir/stderr"
}
expect() { # expect OUTPUT TEXT
  if grep -qF -- "$2" <<<"$1"; then echo "ok: $2"; else
    echo "FAILED: expected '$2' in:"; sed 's/^/  | /' <<<"$1"; cat "$dir/stderr"; fail=1; fi
}
o=$(view "$dir/pipeline.weft")
expect "$o" "source: fixture.c:12  $dir/fixture.c"
expect "$o" "source line 12:   pthread_mutex_lock(&fork_a); /* line 12 */"
expect "$o" "source: hidden" # the next event, philo-b's deadlock report, has no line
mkdir "$dir/elsewhere" "$dir/tree" "$dir/tree/src"
cp "$dir/pipeline.weft" "$dir/elsewhere/"
mv "$dir/fixture.c" "$dir/tree/src/"
o=$(view "$dir/elsewhere/pipeline.weft")
expect "$o" "source: source not found: fixture.c (give its folder with weft view --source-root)"
o=$(WEFT_TEST_SOURCE_ROOT="$dir/tree" view "$dir/elsewhere/pipeline.weft")
expect "$o" "source: fixture.c:12  $dir/tree/src/fixture.c"
exit $fail
