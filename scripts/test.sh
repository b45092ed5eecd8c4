#!/usr/bin/env bash
# Builds weft and runs every test: once plain, once under AddressSanitizer and
# UndefinedBehaviorSanitizer. Ends with meson's totals on one line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh || exit 1
set -e
[ -d build ] || meson setup build >build-setup.log 2>&1 || { tail -20 build-setup.log; exit 1; }
[ -d build-sanitize ] || meson setup build-sanitize -Db_sanitize=address,undefined \
  -Db_lundef=false -Dviewer=disabled >build-setup.log 2>&1 || { tail -20 build-setup.log; exit 1; }
for dir in build build-sanitize; do
  ninja -C $dir >$dir/ninja.log 2>&1 || { grep -E -A5 "FAILED|error" $dir/ninja.log | head -40; echo "0 passed, 1 failed"; exit 1; }
done
set +e
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1
meson test -C build --print-errorlogs --num-processes 2 >build/test.out 2>&1
rc1=$?
meson test -C build-sanitize --print-errorlogs --num-processes 2 >build-sanitize/test.out 2>&1
rc2=$?
grep -E "^ *[0-9]+/[0-9]+ " build/test.out build-sanitize/test.out | sed 's|/test.out:| |'
# Each failed test's command, stdout and stderr (meson prints them between ">>> "
# and a closing rule), last, so that a log's tail shows why.
for dir in build build-sanitize; do
  awk -v dir=$dir '/^>>> /{p=1; print "--- " dir} p{print} p && /^(―)+$/{p=0}' $dir/test.out
done | tail -120
count() { sed -n "s/^$1: *\([0-9]*\)/\1/p" "$2"; }
ok=$(( $(count Ok build/test.out) + $(count Ok build-sanitize/test.out) ))
bad=0
for k in Fail Timeout "Unexpected Pass"; do
  bad=$(( bad + $(count "$k" build/test.out || echo 0) + $(count "$k" build-sanitize/test.out || echo 0) ))
done
echo "$ok passed, $bad failed"
[ $rc1 = 0 ] && [ $rc2 = 0 ] && [ $bad = 0 ]
