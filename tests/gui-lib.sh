# Sourced by tests/gui-*.sh after setting $test_viewer: skips without
# xvfb-run, makes $dir (removed on exit) with the fixture trace in
# $dir/pipeline.weft, and sets fail=0.
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is not installed: skipping"
  exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/weft-gui-XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail=0
"$test_viewer" --write-fixture "$dir/pipeline.weft" || exit 1

# type_keys SCRIPT KEYS...: runs $gui on the fixture (or on $trace when
# set) with SCRIPT (which must end by printing "watching"), then types KEYS
# (see xtest-keys.py) the last of which should quit; output in $dir/out.
# Exits 77 without python3 or XTEST.
type_keys() {
  command -v python3 >/dev/null || { echo "python3 is not installed: skipping"; exit 77; }
  local script=$1 lib
  lib=$(dirname "${BASH_SOURCE[0]}")
  shift
  NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" bash -c \
    "\"$gui\" '$script' '${trace:-$dir/pipeline.weft}' >'$dir/out' &
     for i in \$(seq 300); do grep -q '^watching' '$dir/out' && break; sleep 0.1; done
     python3 '$lib/xtest-keys.py' $*; rc=\$?; wait; exit \$rc" 2>"$dir/stderr"
  [ $? -eq 77 ] && exit 77
}

# expect_watched GOT WANT WHAT: exits 1 with the difference when what the
# window's watch printed (GOT) is not WANT; WHAT says what did not go as expected.
expect_watched() {
  [ "$1" = "$2" ] && return 0
  echo "FAILED: $3 did not go as expected"
  diff <(echo "$2") <(echo "$1") | sed 's/^/  /'
  cat "$dir/stderr" "$dir/out"
  exit 1
}
