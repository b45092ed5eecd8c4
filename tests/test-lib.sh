# Sourced by the shell tests: a scratch directory to work in, C messages,
# and the checks of a one-line error.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export LC_ALL=C LANGUAGE=

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_error STATUS PATTERN -- command...: one line on stderr matching PATTERN
expect_error() {
  local want=$1 pattern=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(cat err.txt)"
  [ "$(wc -l <err.txt)" = 1 ] || fail "'$*' printed $(wc -l <err.txt) lines on stderr: $(cat err.txt)"
  grep -qE -- "$pattern" err.txt || fail "'$*' said '$(cat err.txt)', expected /$pattern/"
}
