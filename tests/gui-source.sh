#!/bin/bash
# The source pane: selecting the fixture's event that has a stack (philo-b's
# wait, philosopher at fixture.c:12) shows fixture.c next to the trace with
# line 12 under the cursor; with the file elsewhere, "source not found" and
# how to give its folder; found again under a source root. Then a learner's
# program built with cc in a folder of its own and recorded into another:
# its source is found where the compiler read it (the DWARF compile
# directory), before a file of that name next to the trace; moved away,
# "source not found: " its path; then under a source root.
# Usage: gui-source.sh TEST_VIEWER_GUI TEST_VIEWER [WEFT]
set -u
gui=$1 test_viewer=$2 weft=${3:+$(realpath "$3")}
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

[ -n "$weft" ] || exit $fail
command -v cc >/dev/null || { echo "no cc: the compile directory case is skipped"; exit $fail; }
mkdir -p "$dir/proj/src" "$dir/traces" "$dir/root"
cat >"$dir/proj/src/abba.c" <<'C'
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *other(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  usleep(20000);
  pthread_mutex_lock(&a); /* the other's wait */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, other, NULL);
  pthread_mutex_lock(&a);
  usleep(20000);
  pthread_mutex_lock(&b); /* main's wait */
  pthread_join(t, NULL);
  return 0;
}
C
(cd "$dir/proj/src" && cc -g -pthread -o abba abba.c) || { echo "FAILED: cc"; exit 1; }
(cd "$dir/traces" && timeout 60 "$weft" record -o abba.weft -- ../proj/src/abba >/dev/null 2>&1)
[ $? = 2 ] || { echo "FAILED: abba did not deadlock under weft record"; exit 1; }
echo "/* a file of that name next to the trace, not the one compiled */" >"$dir/traces/abba.c"
src_view() { NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" \
  "$gui" "show-deadlock;source;quit" "$dir/traces/abba.weft" 2>"$dir/stderr"; }
o=$(src_view)
expect "$o" "  $dir/proj/src/abba.c"
expect "$o" "'s wait */" # main's or the other's, whichever closed the cycle
rm "$dir/traces/abba.c"
mv "$dir/proj/src/abba.c" "$dir/root/"
o=$(src_view)
expect "$o" "source: source not found: $dir/proj/src/abba.c (give its folder with weft view --source-root)"
o=$(WEFT_TEST_SOURCE_ROOT="$dir/root" src_view)
expect "$o" "  $dir/root/abba.c"
exit $fail
