#!/usr/bin/env bash
# The lecture debugger's command line (issue #16): slides (`render --graph-at`,
# `--steps`), `pack`, `trim`, bookmarks.
# Usage: test-lecture.sh WEFT SOURCE_ROOT CASE [TEST_VIEWER_GUI]
set -u
WEFT=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
GUI=${4:+$(realpath "$4")}
PHILO=$SRC/data/traces/philosophers.weft
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
pack)
  # A learner's program in their home folder, recorded there.
  mkdir -p home/ana/td3 ta
  cat >home/ana/td3/transfer.c <<'C'
#include <pthread.h>
#include <unistd.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *one(void *arg) {
  pthread_mutex_lock(&a);
  usleep(20000);
  pthread_mutex_lock(&b); /* one waits here */
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *two(void *arg) {
  pthread_mutex_lock(&b);
  usleep(20000);
  pthread_mutex_lock(&a); /* two waits here */
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, one, NULL);
  pthread_create(&t2, NULL, two, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
C
  home=$WORK/home/ana
  (cd home/ana/td3 && cc -g -pthread transfer.c -o transfer &&
    HOME=$home "$WEFT" record -- "$home/td3/transfer" "$home/notes.txt" >/dev/null 2>&1)
  [ -s home/ana/td3/transfer.weft ] || fail "no trace recorded"
  grep -qa "$home" home/ana/td3/transfer.weft || fail "the recorded trace names no home folder: nothing to test"
  (cd home/ana/td3 && HOME=$home "$WEFT" pack transfer.weft -o "$WORK/ta/shared.weft" 2>"$WORK/err.txt") ||
    fail "pack failed: $(cat err.txt)"
  grep -q "^weft: .*shared.weft: 3[0-9] source lines of 1 file in it; the command line's folders and home folders taken out$" err.txt ||
    fail "pack said: $(cat err.txt)"
  grep -qa "$home" ta/shared.weft && fail "the pack still names $home"
  grep -qa "ana" ta/shared.weft && fail "the pack still names the user"
  rm -rf home # the teaching assistant's machine: no sources, no program
  cd ta
  "$WEFT" report shared.weft >report.txt || fail "report of the pack failed"
  grep -q "^Program: transfer notes.txt " report.txt || fail "command line: $(grep Program report.txt)"
  grep -q "^Where they stopped (source lines embedded by weft pack):" report.txt || fail "no source in the report"
  grep -qxF "        9 |   pthread_mutex_lock(&b); /* one waits here */" report.txt ||
    fail "one's line: $(cat report.txt)"
  grep -qxF "       18 |   pthread_mutex_lock(&a); /* two waits here */" report.txt ||
    fail "two's line: $(cat report.txt)"
  if "$WEFT" render --help >/dev/null 2>&1; then
    "$WEFT" render shared.weft --graph-at 30ms -o at.pdf || fail "render of the pack failed"
  fi
  if [ -n "$GUI" ]; then # the viewer's source pane, from the pack
    out=$(NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" \
      "$GUI" "show-deadlock;source;quit" shared.weft 2>/dev/null)
    grep -qE "^source: transfer.c:(9|18)  embedded in the trace$" <<<"$out" || fail "source pane: $out"
    grep -qE "^source line (9|18):   pthread_mutex_lock\(&[ab]\); /\* (one|two) waits here \*/$" <<<"$out" ||
      fail "source pane's line: $out"
  fi
  # --keep-paths keeps them; a fixture without its sources packs with a warning.
  "$WEFT" pack "$PHILO" -o kept.weft --keep-paths 2>err.txt || fail "pack --keep-paths failed"
  grep -q "^weft pack: philosophers.c not found, so its lines are not in the pack; say where it is with --source-root DIR$" err.txt ||
    fail "missing source said: $(cat err.txt)"
  grep -qa "/build/samples/philosophers" kept.weft || fail "--keep-paths lost the program's path"
  "$WEFT" pack "$PHILO" -o philo.weft --source-root "$SRC/samples" --context 2 2>err.txt || fail "pack failed"
  "$WEFT" report philo.weft | grep -qxF "       45 | $(sed -n 45p "$SRC/samples/philosophers.c")" ||
    fail "philosophers.c:45 is not embedded as it is"
  # Every event as it was: the same times, threads, objects, arguments.
  diff <("$WEFT" dump "$PHILO") <("$WEFT" dump philo.weft) >dump.diff || fail "the pack changed events: $(head dump.diff)"
  [ "$(stat -c %s philo.weft)" -lt $(($(stat -c %s "$PHILO") + 4000)) ] || fail "the pack grew past its source lines"
  ;;
pack-bad)
  expect_error 66 "^weft: cannot open 'no-such\.weft': No such file or directory$" -- "$WEFT" pack no-such.weft -o x.weft
  echo "not a trace" >text.weft
  expect_error 65 "^weft: 'text\.weft' is not a weft trace$" -- "$WEFT" pack text.weft -o x.weft
  expect_error 64 "^weft pack: no output file; add -o SHARED\.weft$" -- "$WEFT" pack "$PHILO"
  expect_error 64 "^weft pack: bad context '99': a number of lines from 0 to 50$" -- "$WEFT" pack "$PHILO" -o x.weft --context 99
  expect_error 64 "^weft pack: --source-root 'nowhere' is not a folder$" -- "$WEFT" pack "$PHILO" -o x.weft --source-root nowhere
  expect_error 64 "^weft pack: unknown or incomplete option '--paths'; try 'weft pack --help'$" -- "$WEFT" pack "$PHILO" --paths -o x.weft
  cp "$PHILO" p.weft
  expect_error 64 "^weft pack: 'p\.weft' is the trace itself: write to another file$" -- "$WEFT" pack p.weft -o p.weft
  "$WEFT" pack "$PHILO" -o no/such/dir/x.weft >out.txt 2>err.txt
  [ $? = 73 ] || fail "an unwritable -o did not exit 73"
  grep -q "^weft pack: cannot write 'no/such/dir/x\.weft': No such file or directory$" err.txt || fail "said: $(cat err.txt)"
  [ ! -e x.weft ] || fail "a failed pack left x.weft"
  ;;
trim)
  "$WEFT" trim "$PHILO" --from 1ms --to 3ms -o cut.weft 2>err.txt || fail "trim failed: $(cat err.txt)"
  grep -q "^weft: cut.weft: 41 events from 1.00ms to 3.00ms (9 of them set the scene at its start)$" err.txt ||
    fail "trim said: $(cat err.txt)"
  "$WEFT" dump "$PHILO" | awk '$1 >= 1000000 && $1 <= 3000000' >inside.txt
  "$WEFT" dump cut.weft >cut.txt || fail "the cut does not read"
  [ "$(wc -l <cut.txt)" = $(($(wc -l <inside.txt) + 9)) ] || fail "the cut has $(wc -l <cut.txt) events, the span $(wc -l <inside.txt) + 9"
  # The span's events, moved 1ms earlier, in the same order; the scene at 0.
  awk '{ $1 = $1 - 1000000; print }' inside.txt >want.txt
  awk '$1 > 0 { print }' cut.txt | awk '{ $1 = $1; print }' >got.txt
  diff <(awk '$1 > 0' want.txt) got.txt >/dev/null || fail "the span's events moved: $(diff <(awk '$1 > 0' want.txt) got.txt | head)"
  [ "$(awk '$1 != 0' cut.txt | awk '{print $1}' | sort -n | tail -1)" -le 2000000 ] || fail "an event after the span"
  grep -qE "^ +0 +2 philosopher-0 +lock-acquire +forks\[0\]" cut.txt || fail "philosopher-0's fork taken before the span is not set: $(head -12 cut.txt)"
  # The deadlock's end alone still says who holds what.
  "$WEFT" trim "$PHILO" --from 2.8ms -o end.weft 2>/dev/null || fail "trim --from alone failed"
  "$WEFT" report end.weft >end.txt || fail "report of the cut failed"
  grep -q "philosopher-0 holds forks\[0\] and waits for forks\[1\], which philosopher-1 holds" end.txt ||
    fail "the cut's deadlock: $(cat end.txt)"
  if "$WEFT" render --help >/dev/null 2>&1; then
    "$WEFT" render end.weft -o end.png || fail "render of the cut failed"
  fi
  ;;
trim-bad)
  expect_error 66 "^weft: cannot open 'no-such\.weft': No such file or directory$" -- "$WEFT" trim no-such.weft --to 1ms -o x.weft
  head -c 100 "$PHILO" >short.weft
  echo "not a trace" >text.weft
  expect_error 65 "^weft: 'text\.weft' is not a weft trace$" -- "$WEFT" trim text.weft --to 1ms -o x.weft
  expect_error 64 "^weft trim: bad time '1 ms' for --from; write it with a unit, e\.g\. 1\.5s, 20ms, 300us$" -- "$WEFT" trim "$PHILO" --from "1 ms" -o x.weft
  expect_error 64 "^weft trim: --to must be later than --from$" -- "$WEFT" trim "$PHILO" --from 3ms --to 1ms -o x.weft
  expect_error 64 "^weft trim: --from is after the end of the run \(401\.04ms\)$" -- "$WEFT" trim "$PHILO" --from 1s -o x.weft
  expect_error 64 "^weft trim: give the span with --from, --to or both$" -- "$WEFT" trim "$PHILO" -o x.weft
  expect_error 64 "^weft trim: no output file; add -o OUT\.weft$" -- "$WEFT" trim "$PHILO" --to 1ms
  cp "$PHILO" p.weft
  expect_error 64 "^weft trim: 'p\.weft' is the trace itself: write to another file$" -- "$WEFT" trim p.weft --to 1ms -o p.weft
  expect_error 64 "^weft trim: unknown or incomplete option '--span'; try 'weft trim --help'$" -- "$WEFT" trim "$PHILO" --span 1ms -o x.weft
  [ ! -e x.weft ] || fail "a failed trim left x.weft"
  # A damaged trace: read up to its damage, said in one line, cut all the same.
  "$WEFT" trim short.weft --to 1ms -o x.weft >out.txt 2>err.txt
  st=$?
  [ $st = 0 ] || [ $st = 64 ] || fail "a truncated trace exited $st: $(cat err.txt)"
  grep -q "short.weft" err.txt || fail "the truncation was not said: $(cat err.txt)"
  ;;
notes)
  # Made in the viewer, saved beside the trace, there again when it reopens.
  [ -n "$GUI" ] || fail "no viewer to test"
  cp "$PHILO" run.weft
  gui() { NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" "$GUI" "$1" run.weft 2>/dev/null; }
  gui "show-deadlock;add-bookmark;type:The cycle closes;wait;wait;wait;quit" >/dev/null
  [ -f run.weft.notes ] || fail "no run.weft.notes saved"
  python3 - <<'PY' || fail "the notes file: $(cat run.weft.notes)"
import json
d = json.load(open("run.weft.notes"))
assert d["weft_notes"] == 1, d
[b] = d["bookmarks"]
assert b["title"] == "The cycle closes" and b["note"] == "" and b["event"] == 42 and b["time_ns"] > 0, b
PY
  out=$(gui "bookmarks;quit")
  grep -qx 'bookmark 1: "The cycle closes" ""' <<<"$out" || fail "not reopened: $out"
  grep -qx 'bookmarks: 1' <<<"$out" || fail "reopened: $out"
  # A note written by hand (or another weft), and one slide per bookmark.
  python3 - <<'PY'
import json
d = json.load(open("run.weft.notes"))
d["bookmarks"].insert(0, {"event": 10, "time_ns": 994021, "title": "The first fork",
                          "note": "philosopher-0 takes its left fork."})
json.dump(d, open("run.weft.notes", "w"))
PY
  out=$(gui "bookmarks;next-bookmark;print;next-bookmark;print;previous-bookmark;print;export-slide:$WORK/slide.pdf;quit")
  grep -qx 'bookmark 1: "The first fork" "philosopher-0 takes its left fork."' <<<"$out" || fail "hand-written note: $out"
  [ "$(grep "^playhead: " <<<"$out" | cut -d, -f1 | tr '\n' ' ')" = "playhead: 9 playhead: 41 playhead: 9 " ] ||
    fail "next and previous bookmark: $(grep "^playhead: " <<<"$out")"
  # The window's slide of the step at the playhead: the bookmark there is its title.
  grep -qx "export-slide: written" <<<"$out" || fail "the window's slide: $out"
  [ "$(pages slide.pdf)" = 1 ] || fail "the window's slide has $(pages slide.pdf) pages"
  page_text slide.pdf 1 | grep -q "^Event 10 of 43, at .* The first fork philosopher-0 takes its left fork\. philosopher-0 takes forks\[0\]" ||
    fail "the window's slide: $(page_text slide.pdf 1)"
  "$WEFT" render run.weft --bookmarks -o marks.pdf || fail "render --bookmarks failed"
  [ "$(pages marks.pdf)" = 2 ] || fail "--bookmarks made $(pages marks.pdf) pages"
  page_text marks.pdf 1 | grep -q "Bookmark 1 of 2: event 10 of 43, at .* The first fork philosopher-0 takes its left fork\. philosopher-0 takes forks\[0\]" ||
    fail "page 1: $(page_text marks.pdf 1)"
  page_text marks.pdf 2 | grep -q "Bookmark 2 of 2: event 42 of 43, at .* The cycle closes" || fail "page 2: $(page_text marks.pdf 2)"
  "$WEFT" render run.weft --steps 1..20 --bookmarks -o some.pdf || fail "--steps --bookmarks failed"
  [ "$(pages some.pdf)" = 1 ] || fail "--steps 1..20 --bookmarks made $(pages some.pdf) pages"
  expect_error 64 "^weft render: none of the bookmarks in 'run\.weft\.notes' is in '20\.\.30'$" -- \
    "$WEFT" render run.weft --steps 20..30 --bookmarks -o none.pdf
  ;;
notes-damaged)
  [ -n "$GUI" ] || fail "no viewer to test"
  cp "$PHILO" run.weft
  printf '{"weft_notes": 1, "bookmarks": [{"event": 3,' >run.weft.notes
  cp run.weft.notes before.notes
  out=$(NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" "$GUI" "print;bookmarks;show-deadlock;add-bookmark;print;quit" run.weft 2>/dev/null)
  grep -q "^loaded: " <<<"$out" || fail "the trace did not open: $out"
  grep -q "^notice: run.weft.notes is damaged (.*) (the trace opens without its bookmarks)$" <<<"$out" ||
    fail "no notice of the damage: $out"
  grep -qx "bookmarks: 0" <<<"$out" || fail "bookmarks from a damaged file: $out"
  grep -q "^notice: The bookmarks cannot be saved: mend or remove the damaged notes file" <<<"$out" ||
    fail "adding a bookmark then said: $out"
  cmp -s run.weft.notes before.notes || fail "the damaged notes file was written over"
  expect_error 65 "^weft render: run\.weft\.notes is damaged \(" -- "$WEFT" render run.weft --bookmarks -o x.pdf
  expect_error 66 "^weft render: no bookmarks: 'other\.notes' does not exist; make some in weft view \(Ctrl\+B\)$" -- \
    "$WEFT" render run.weft --bookmarks=other.notes -o x.pdf
  ;;
compare)
  FIXED=$SRC/data/traces/philosophers-fixed.weft
  # By event: page p shows event p of each run, each with its own sentence.
  "$WEFT" render "$PHILO" --compare "$FIXED" --steps 8..12 -o pair.pdf || fail "render --compare failed"
  [ "$(pages pair.pdf)" = 5 ] || fail "--compare 8..12 made $(pages pair.pdf) pages"
  for p in 1 3 5; do
    e=$((7 + p))
    "$WEFT" render "$FIXED" --steps $e..$e -o one.pdf 2>/dev/null || fail "the fixed run's step $e"
    said=$(pdftotext -f 1 -l 1 one.pdf - | sed -n 3p) # the slide's sentence, under its caption
    got=$(page_text pair.pdf $p)
    grep -q "philosophers.weft, event $e of 43: " <<<"$got" || fail "page $p, the buggy run: $got"
    grep -qF "philosophers-fixed.weft, event $e of 215: $said" <<<"$got" ||
      fail "page $p does not say the fixed run's event $e ($said): $got"
  done
  # By time: the fixed run's last event at or before the same time into its run.
  "$WEFT" render "$PHILO" --compare "$FIXED" --shared-playhead time --steps 20..20 -o t.pdf ||
    fail "--shared-playhead time failed"
  a=$("$WEFT" dump "$PHILO" | awk 'NR == 1 { f = $1 } NR == 20 { print $1 - f }')
  want=$("$WEFT" dump "$FIXED" | awk -v a="$a" 'NR == 1 { f = $1 } $1 - f <= a { n = NR } END { print n }')
  page_text t.pdf 1 | grep -q "philosophers-fixed.weft, event $want of " ||
    fail "by time, the fixed run is not at event $want: $(page_text t.pdf 1)"
  expect_error 64 "^weft render: bad shared playhead 'index': event \(the same event number\) or time" -- \
    "$WEFT" render "$PHILO" --compare "$FIXED" --shared-playhead index --steps 1..2 -o x.pdf
  expect_error 64 "^weft render: --compare .*philosophers-fixed.weft makes slides of two runs: give the steps with --steps, --bookmarks or --graph-at$" -- \
    "$WEFT" render "$PHILO" --compare "$FIXED" -o x.png
  expect_error 66 "^weft: cannot open 'nope\.weft': No such file or directory$" -- \
    "$WEFT" render "$PHILO" --compare nope.weft --steps 1..2 -o x.pdf
  expect_error 64 "^weft view: --compare needs two traces: weft view --compare BUGGY\.weft FIXED\.weft$" -- \
    "$WEFT" view --compare "$PHILO"
  expect_error 66 "^weft: cannot open 'nope\.weft': No such file or directory$" -- "$WEFT" view --compare "$PHILO" nope.weft
  if [ -n "$GUI" ]; then # the window: its actions (the keys . , Home End t)
    out=$(NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
      "$(dirname "$GUI")/test-compare-gui" "$PHILO" "$FIXED" event \
      "print;next-event;next-event;next-event;print;by-time;print;last-event;print;quit" 2>gui-err.txt)
    [ "$(grep -c '^where: ' <<<"$out")" = 4 ] || fail "the compare window: $out $(cat gui-err.txt)"
    w=$(grep '^where: ' <<<"$out")
    nf=$("$WEFT" dump "$FIXED" | wc -l)
    [ "$(sed -n 1p <<<"$w")" = "where: philosophers.weft: not started  ·  philosophers-fixed.weft: not started" ] ||
      fail "before a step: $w"
    [ "$(sed -n 2p <<<"$w")" = "where: philosophers.weft: event 3 of 43  ·  philosophers-fixed.weft: event 3 of $nf" ] ||
      fail "three steps by event: $w"
    a=$("$WEFT" dump "$PHILO" | awk 'NR == 1 { f = $1 } NR == 3 { print $1 - f }')
    want=$("$WEFT" dump "$FIXED" | awk -v a="$a" 'NR == 1 { f = $1 } $1 - f <= a { n = NR } END { print n }')
    [ "$(sed -n 3p <<<"$w")" = "where: philosophers.weft: event 3 of 43  ·  philosophers-fixed.weft: event $want of $nf" ] ||
      fail "by time, the fixed run should be at event $want: $w"
    sed -n 4p <<<"$w" | grep -q "philosophers.weft: event 43 of 43" || fail "End: $w"
    grep -q "^sentence-0: main inits forks\[2\]\|^sentence-0: main" <<<"$out" || fail "no sentence for the buggy run: $out"
  fi
  ;;
live)
  [ -n "$GUI" ] || fail "no viewer to test"
  cat >slow.c <<'C'
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int rounds = 30;

static void *work(void *arg) {
  for (int i = 0; i < rounds; i++) {
    pthread_mutex_lock(&mu);
    usleep(50000);
    pthread_mutex_unlock(&mu);
  }
  return arg;
}

int main(int argc, char **argv) {
  if (argc > 1)
    rounds = atoi(argv[1]);
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pthread_join(t, NULL);
  return 0;
}
C
  cc -g -pthread slow.c -o slow || fail "cannot build the program"
  # 6 s: the viewer must start (Xvfb, GTK) while it still runs, on a loaded machine too
  "$WEFT" record -o live.weft -- ./slow 120 >rec.txt 2>&1 &
  rec=$!
  for _ in $(seq 100); do [ -s live.weft ] && break; sleep 0.05; done
  steps="events"
  for _ in $(seq 12); do steps="$steps;wait;wait;events"; done
  out=$(WEFT_TEST_FOLLOW=1 NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" \
    "$GUI" "$steps;quit" live.weft 2>/dev/null)
  wait $rec || fail "the recorded run failed: $(cat rec.txt)"
  counts=$(grep "^events: " <<<"$out" | sed 's/^events: \([0-9]*\).*/\1/')
  [ "$(sort -n <<<"$counts")" = "$counts" ] || fail "the lanes shrank: $(tr '\n' ' ' <<<"$counts")"
  first=$(head -1 <<<"$counts") last=$(tail -1 <<<"$counts")
  [ "$first" -lt "$last" ] || fail "the lanes did not grow: $(tr '\n' ' ' <<<"$counts")"
  [ "$(grep -c "^loaded: " <<<"$out")" -ge 2 ] || fail "the trace was not read again as it grew: $out"
  # The run's end leaves the whole trace open.
  [ "$last" = "$("$WEFT" dump live.weft | wc -l)" ] || fail "the window ended at $last events of $("$WEFT" dump live.weft | wc -l)"
  grep -q "^events: $last, closed$" <<<"$out" || fail "the closed trace is not the one shown: $(grep events <<<"$out")"
  # weft record --view: without a display, said once, recorded all the same.
  env -u DISPLAY -u WAYLAND_DISPLAY "$WEFT" record --view -o nodisplay.weft -- ./slow >out.txt 2>err.txt ||
    fail "record --view without a display failed: $(cat err.txt)"
  grep -qx "weft record: --view needs a display; recording without the viewer (open the trace afterwards with weft view)" err.txt ||
    fail "record --view without a display said: $(cat err.txt)"
  [ -s nodisplay.weft ] || fail "no trace without a display"
  # With one: the viewer follows the trace, and outlives weft record.
  NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" bash -c '
    "$0" record --view -o withview.weft -- ./slow >/dev/null 2>&1 || exit 1
    sleep 0.5
    pid=$(pgrep -f "^weft view --follow .*withview.weft$" | head -1)
    [ -n "$pid" ] || exit 2
    kill "$pid"' "$WEFT"
  st=$?
  [ $st = 0 ] || fail "record --view: status $st (1: the run failed, 2: no viewer following the trace)"
  ;;
*) fail "unknown case $CASE" ;;
esac
exit 0
