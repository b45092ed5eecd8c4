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
