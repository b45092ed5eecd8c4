#!/usr/bin/env bash
# weft render --fold-idle on the shipped deadlock (a 3 ms story, then a 398 ms
# hang): the picture is drawn, and it is not the linear one; its bad forms
# get one line and status 64. What it draws is tested pixel by pixel in
# test-viewer (test_render_folded).
# Usage: test-render-fold.sh WEFT SOURCE_ROOT
set -u
WEFT=$(realpath "$1")
SRC=$(realpath "$2")
source "$(dirname "$0")/test-lib.sh"
t=$SRC/data/traces/philosophers.weft
"$WEFT" render "$t" -o linear.png -W 1280 2>err.txt || fail "linear render: $(cat err.txt)"
"$WEFT" render "$t" -o folded.png -W 1280 --fold-idle 2>err.txt || fail "folded render: $(cat err.txt)"
[ -s folded.png ] || fail "no folded picture"
cmp -s linear.png folded.png && fail "--fold-idle drew the linear picture"
"$WEFT" render "$t" -o folded.svg --fold-idle --from 0 --to 1s 2>err.txt || fail "folded SVG in a window: $(cat err.txt)"
expect_error 64 "unknown or incomplete option '--fold-idle=yes'" -- "$WEFT" render "$t" -o x.png --fold-idle=yes
"$WEFT" render --help | grep -q -- "--fold-idle" || fail "--help does not list --fold-idle"
echo ok
