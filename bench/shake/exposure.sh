#!/usr/bin/env bash
# The share of runs that expose a concurrency bug, with and without
# `weft record --shake` (and --spurious), on the course's bug gallery and on
# programs whose bug shows in few runs. A run exposes the bug when it
# deadlocks (status 2), crashes, hangs (status 124 after --timeout) or prints
# what the correct program would not. Usage: exposure.sh BUILD_DIR [RUNS]
set -u
BUILD=$(realpath "${1:-build}")
RUNS=${2:-20}
WEFT=$BUILD/cli/weft
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# exposed STATUS OUTPUT BADPATTERN: 0 if this run shows the bug
exposed() {
  [ "$1" != 0 ] && return 0
  [ -n "$3" ] && grep -qE -- "$3" "$2" && return 0
  return 1
}

# measure NAME BADPATTERN EXTRA_FLAGS -- PROGRAM ARGS...
measure() {
  local name=$1 bad=$2 extra=$3
  shift 4
  local plain=0 shaken=0
  for i in $(seq "$RUNS"); do
    "$WEFT" record --no-watch --timeout=10 -o t.weft -- "$@" >out.txt 2>/dev/null
    exposed $? out.txt "$bad" && plain=$((plain + 1))
    # shellcheck disable=SC2086
    "$WEFT" record --no-watch --timeout=10 --shake="$i" $extra -o t.weft -- "$@" >out.txt 2>/dev/null
    exposed $? out.txt "$bad" && shaken=$((shaken + 1))
  done
  printf '| %-28s | %6s | %6s |\n' "$name" "$plain/$RUNS" "$shaken/$RUNS"
}

echo "| program | without --shake | with --shake |"
echo "| --- | --- | --- |"
S=$BUILD/samples
measure philosophers '' '' -- "$S/philosophers"
measure transfer-deadlock '' '' -- "$S/transfer-deadlock"
measure forgotten-unlock '' '' -- "$S/forgotten-unlock"
measure send-no-receiver '' '' -- "$S/send-no-receiver"
measure range-not-closed '' '' -- "$S/range-not-closed"
measure waitgroup-count '' '' -- "$S/waitgroup-count"
measure counter-race '\([1-9][0-9]* updates lost' '' -- "$S/counter-race"
measure 'rare ABBA (stuck rare-abba)' '' '' -- "$BUILD/tests/stuck" rare-abba
measure 'rarer ABBA (200 us apart)' '' '' -- "$BUILD/tests/stuck" rare-abba 200
measure 'if for while (--spurious)' '^wrong' --spurious -- "$BUILD/tests/stuck" if-not-while
