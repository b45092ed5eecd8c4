#!/bin/bash
# GUI smoke test of the viewer under Xvfb (test-viewer-gui runs it as `weft
# view` does, driven by a script): opens a trace, zooms, selects an event,
# steps the playhead, saves a screenshot; then opens each kind of bad file and
# checks the window says what is wrong; and, given the benchmark's trace
# generator, opens a trace of a million events with a progress bar.
# Usage: gui-smoke.sh TEST_VIEWER_GUI TEST_VIEWER OUTDIR [WEFT_BENCH_GEN]
set -u
gui=$1 test_viewer=$2 out=$3 gen=${4:-}
. "$(dirname "$0")/gui-lib.sh"

run() { # run FILE SCRIPT: prints the viewer's script output
  NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
    timeout 60 xvfb-run -a -s "-screen 0 1600x900x24" "$gui" "$2" "$1" 2>"$dir/stderr"
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "the viewer exited with $rc"; cat "$dir/stderr"
  fi
}

expect() { # expect OUTPUT TEXT
  if grep -qF -- "$2" <<<"$1"; then
    echo "ok: $2"
  else
    echo "FAILED: expected '$2' in:"; echo "$1" | sed 's/^/  | /'
    fail=1
  fi
}

shot="$out/gui-smoke.png"
rm -f "$shot"
o=$(run "$dir/pipeline.weft" \
  "zoom-in;zoom-in;fit;zoom-in;select:2:80000;next-event;next-event-thread;print;show-deadlock;print;screenshot:$shot;quit")
expect "$o" "loaded: $dir/pipeline.weft"
expect "$o" "selected: chan-recv-wait on consumer"
expect "$o" "banner: deadlock! threads wait for each other's locks: philo-a holds fork_a and waits for fork_b, which philo-b holds while it waits for fork_a, which philo-a holds."
expect "$o" "page: trace"
# at the deadlock, the side pane's wait-for graph has the cycle, and the channels
expect "$o" "graph: 6 nodes, 5 edges, 2 threads deadlocked"
expect "$o" "channel: results 1/3"
expect "$o" "channel: jobs 0/0"
expect "$o" "screenshot: $shot ok"
if [ -s "$shot" ] && [ "$(head -c 4 "$shot" | od -An -c | tr -d ' ')" = "211PNG" ]; then
  echo "ok: screenshot is a PNG ($(stat -c %s "$shot") bytes)"
else
  echo "FAILED: no screenshot"; fail=1
fi

# The bad-file paths, each with its message in the window.
o=$(run "$dir/missing.weft" "print;quit")
expect "$o" "error: Cannot open “missing.weft”: No such file or directory."
printf 'hello, this is a text file, not a trace at all\n' >"$dir/text.weft"
o=$(run "$dir/text.weft" "print;quit")
expect "$o" "error: “text.weft” is not a weft trace."
head -c 12 "$dir/pipeline.weft" >"$dir/header.weft"
o=$(run "$dir/header.weft" "print;quit")
expect "$o" "error: “header.weft” is truncated: it ends inside its header."
cp "$dir/pipeline.weft" "$dir/future.weft"
printf '\x63\x00' | dd of="$dir/future.weft" bs=1 seek=8 conv=notrunc status=none
o=$(run "$dir/future.weft" "print;quit")
expect "$o" "uses trace format version 99"
size=$(stat -c %s "$dir/pipeline.weft")
head -c $((size - 40)) "$dir/pipeline.weft" >"$dir/cut.weft"
o=$(run "$dir/cut.weft" "print;quit")
expect "$o" "page: trace"
expect "$o" "notice: The trace is truncated"

# A large trace loads in the background: the bar follows the reader and the
# indexer (updates reach the main loop while it loads), up to 1.
if [ -n "$gen" ]; then
  "$gen" -n 1000000 -l 64 -o "$dir/big.weft" 2>/dev/null || { echo "FAILED: weft-bench-gen"; fail=1; }
  # opened from a window that is up, from a slow disk (3 ms a progress
  # report) so that a loaded machine still sees the bar move
  o=$(WEFT_VIEWER_TEST_LOAD_DELAY_US=3000 run "$dir/pipeline.weft" "open:$dir/big.weft;print;quit")
  expect "$o" "loaded: $dir/big.weft"
  expect "$o" "page: trace"
  big=$(sed -n '/script: open/,$p' <<<"$o")
  expect "$big" "increasing, last 1.000"
  n=$(sed -n 's/^progress: \([0-9]*\) updates.*/\1/p' <<<"$big")
  if [ "${n:-0}" -ge 5 ]; then
    echo "ok: $n progress updates while loading"
  else
    echo "FAILED: ${n:-no} progress updates while loading"; echo "$o" | sed 's/^/  | /'; fail=1
  fi
fi
exit $fail
