#!/usr/bin/env bash
# The lecture debugger's command line (issue #16): slides (`render --graph-at`,
# `--steps`), `pack`, `trim`, bookmarks. Usage: test-lecture.sh WEFT TRACES_DIR CASE
set -u
WEFT=$(realpath "$1")
TRACES=$(realpath "$2")
CASE=$3
PHILO=$TRACES/philosophers.weft
. "$(dirname "$0")/test-lib.sh"

# page_text FILE P: page P of a PDF as one line, spaces squeezed.
page_text() { pdftotext -f "$2" -l "$2" "$1" - | tr -s ' \n' '  '; }
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
# png_size FILE: "WIDTHxHEIGHT" from the PNG header.
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }

case $CASE in
slides-graph-at)
  # One slide: the sentence of the last event at or before T, as text.
  "$WEFT" render "$PHILO" --graph-at 1.5ms -o at.pdf || fail "render --graph-at to a PDF failed"
  [ "$(pages at.pdf)" = 1 ] || fail "a --graph-at PDF has $(pages at.pdf) pages"
  t=$(page_text at.pdf 1)
  echo "$t" | grep -q "Event 20 of 43, at 1.49 ms" || fail "no caption for event 20: $t"
  echo "$t" | grep -q "main waits for philosopher-0 to end at philosophers.c:66" ||
    fail "not event 20's sentence: $t"
  echo "$t" | grep -q "waits for" || fail "no wait-for graph's key on the slide: $t"
  "$WEFT" render "$PHILO" --graph-at 1.5ms -o at.png -W 1280 -H 720 || fail "PNG slide failed"
  [ "$(png_size at.png)" = 1280x720 ] || fail "the PNG slide is $(png_size at.png)"
  "$WEFT" render "$PHILO" --graph-at 1.5ms -o at.svg || fail "SVG slide failed"
  grep -q "<svg" at.svg || fail "no SVG written"
  ;;
slides-steps)
  "$WEFT" render "$PHILO" --steps 10..14 -o deck.pdf || fail "render --steps failed"
  [ "$(pages deck.pdf)" = 5 ] || fail "10..14 made $(pages deck.pdf) pages, not 5"
  for p in 1 2 3 4 5; do
    page_text deck.pdf $p | grep -q "Step $p of 5: event $((9 + p)) of 43" ||
      fail "page $p is not event $((9 + p)): $(page_text deck.pdf $p)"
  done
  # Each page says its own step: those of weft's fixture, known.
  page_text deck.pdf 1 | grep -q "philosopher-0 takes forks\[0\] at philosophers.c:41; it now holds forks\[0\]" ||
    fail "page 1's sentence: $(page_text deck.pdf 1)"
  page_text deck.pdf 2 | grep -q "philosopher-0 waits at all_hold_left for the others at philosophers.c:43" ||
    fail "page 2's sentence: $(page_text deck.pdf 2)"
  page_text deck.pdf 5 | grep -q "main starts the thread philosopher-3 at philosophers.c:63" ||
    fail "page 5's sentence: $(page_text deck.pdf 5)"
  page_text deck.pdf 2 | grep -q "takes forks\[0\]" && fail "page 2 says page 1's step"
  # By time, and by kind: the cycle's five waits for a fork.
  "$WEFT" render "$PHILO" --steps 0.99ms..1.02ms -o bytime.pdf || fail "--steps by time failed"
  [ "$(pages bytime.pdf)" = 2 ] || fail "0.99ms..1.02ms made $(pages bytime.pdf) pages, not 2"
  "$WEFT" render "$PHILO" --steps 30.. --by blocking -o waits.pdf || fail "--by blocking failed"
  n=$(pages waits.pdf)
  [ "$n" = 6 ] || fail "30.. --by blocking made $n pages, not 6"
  for p in $(seq 2 6); do
    page_text waits.pdf $p | grep -qE "philosopher-[0-4] waits for forks\[[0-4]\]" ||
      fail "blocking page $p: $(page_text waits.pdf $p)"
  done
  # Numbered PNGs into a folder.
  "$WEFT" render "$PHILO" --steps 1..3 -o shots/ || fail "--steps into a folder failed"
  [ "$(ls shots)" = "$(printf 'step-001.png\nstep-002.png\nstep-003.png')" ] ||
    fail "the folder holds: $(ls shots)"
  [ "$(png_size shots/step-002.png)" = 1600x900 ] || fail "a step PNG is $(png_size shots/step-002.png)"
  ;;
slides-bad)
  expect_error 64 "^weft render: bad steps '10-14': write FROM\.\.TO" -- \
    "$WEFT" render "$PHILO" --steps 10-14 -o d.pdf
  expect_error 64 "^weft render: bad steps '0\.\.3'" -- "$WEFT" render "$PHILO" --steps 0..3 -o d.pdf
  expect_error 64 "^weft render: bad step kind 'lock': event, blocking, message or finding$" -- \
    "$WEFT" render "$PHILO" --steps 1..3 --by lock -o d.pdf
  expect_error 64 "^weft render: --steps makes pages: write them to a \.pdf, or to a folder ending in / \(not 'd\.png'\)$" -- \
    "$WEFT" render "$PHILO" --steps 1..3 -o d.png
  expect_error 64 "^weft render: --steps and --graph-at both choose the slides; give one$" -- \
    "$WEFT" render "$PHILO" --steps 1..3 --graph-at 1ms -o d.pdf
  expect_error 64 "^weft render: no step in '50\.\.60': the run has 43 events and lasts " -- \
    "$WEFT" render "$PHILO" --steps 50..60 -o d.pdf
  expect_error 64 "^weft render: no step in '1\.\.5': the run has 43 events" -- \
    "$WEFT" render "$PHILO" --steps 1..5 --by message -o d.pdf
  expect_error 66 "no-such\.weft" -- "$WEFT" render no-such.weft --steps 1..3 -o d.pdf
  [ ! -e d.pdf ] || fail "a failed render left d.pdf"
  ;;
*) fail "unknown case $CASE" ;;
esac
exit 0
