# test-lib.sh, sourced by the shell tests after they read their arguments: a
# scratch folder (WORK, the current directory, removed on exit) and fail().
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
