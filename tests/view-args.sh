#!/bin/bash
# weft view's own options, without a display: each bad one gets one
# sentence on stderr and its exit code, before any window.
# Usage: view-args.sh WEFT
set -u
weft=$1 fail=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/weft-view-XXXXXX")
trap 'rm -rf "$dir"' EXIT
check() { # check WANT_RC WANT_TEXT ARGS...
  local rc_want=$1 text=$2
  shift 2
  DISPLAY= WAYLAND_DISPLAY= "$weft" view "$@" >"$dir/out" 2>"$dir/err"
  local rc=$?
  if [ $rc -ne "$rc_want" ] || ! grep -qF -- "$text" "$dir/err" "$dir/out" ||
     [ "$(wc -l <"$dir/err")" -gt 1 ]; then
    echo "FAILED: weft view $*: exit $rc (want $rc_want), said:"; cat "$dir/out" "$dir/err"; fail=1
  else
    echo "ok: weft view $*: $rc, $text"
  fi
}
check 64 "weft view: --source-root needs a folder; usage: weft view [--source-root DIR] [FILE...]" --source-root
check 66 "weft view: --source-root: '$dir/none' is not a folder" --source-root "$dir/none" a.weft
touch "$dir/file"
check 66 "weft view: --source-root: '$dir/file' is not a folder" --source-root="$dir/file"
check 64 "weft view: unknown option '--frob'; try 'weft view --help'" --frob
check 0 "--source-root DIR  also look for source files under DIR" --help
# a good root goes through to the viewer, which then wants a display
check 69 "weft view: cannot open a display" --source-root "$dir" a.weft
exit $fail
