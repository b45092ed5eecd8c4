#!/usr/bin/env bash
# weft against Helgrind's own pthread test programs: builds those of a local
# Valgrind source tree (not shipped with weft, not part of CI), records each
# under weft, and scores weft's findings against the findings the program's
# .stderr.exp expects Helgrind to make. An expected finding counts as found
# when weft reports something at the same lines of the test program (its
# first two frames in that file; a lock order by the line that took the held
# lock and the line that asked for the next); the clean programs must get no
# "error". Data races come from a second build with ThreadSanitizer, recorded
# with --race. Under each program, what weft missed.
# Usage: bench/helgrind/run.sh VALGRIND_SOURCE_DIR [BUILD_DIR]
set -uo pipefail
VG=${1:?usage: bench/helgrind/run.sh VALGRIND_SOURCE_DIR [BUILD_DIR]}
cd "$(dirname "$0")/../.."
B=${2:-build}
WEFT=$(realpath "$B/cli/weft")
T=$VG/helgrind/tests
[ -d "$T" ] || { echo "run.sh: no helgrind/tests in $VG" >&2; exit 2; }
ninja -C "$B" >/dev/null || exit 1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# The tests include Valgrind's headers; configure makes two of them.
: >"$W/config.h"
if [ ! -f "$VG/include/valgrind.h" ] && [ -f "$VG/include/valgrind.h.in" ]; then
  sed 's/@VG_VER_MAJOR@/3/; s/@VG_VER_MINOR@/99/' "$VG/include/valgrind.h.in" >"$W/valgrind.h"
fi
FAULTY="tc09_bad_unlock tc10_rec_lock tc12_rwl_trivial tc13_laog1 tc14_laog_dinphils
  tc15_laog_lockdel tc18_semabuse tc20_verifywrap tc22_exit_w_lock tc23_bogus_condwait bar_bad"
CLEAN="tc17_sembar tc24_nonzero_sem bar_trivial hg01_all_ok cond_timedwait_test"
printf "%-22s %8s %6s %7s %6s\n" program expected found errors notes
for p in $FAULTY $CLEAN; do
  src=$T/$p.c
  exp=$T/$p.stderr.exp
  [ -f "$exp" ] || exp=$(ls "$T/$p".stderr.exp* 2>/dev/null | head -1)
  cflags=(-g -O0 -pthread -w -DVGO_linux=1 -DVGA_amd64=1 -DVGP_amd64_linux=1
    -I"$W" -I"$VG/include" -I"$VG" -I"$T")
  if [ ! -f "$src" ] || ! cc "${cflags[@]}" "$src" -o "$W/$p" 2>"$W/$p.cc"; then
    printf "%-22s %s\n" "$p" "not built: $(head -1 "$W/$p.cc" 2>/dev/null)"
    continue
  fi
  (cd "$W" && timeout 120 "$WEFT" record --timeout=30 -o "$p.weft" -- "./$p" >/dev/null 2>&1)
  "$WEFT" report --json "$W/$p.weft" >"$W/$p.json" 2>/dev/null || echo '{}' >"$W/$p.json"
  # Data races as a weft user finds them: the program built for ThreadSanitizer,
  # recorded with --race (every program: the clean ones must get none).
  echo '{}' >"$W/$p-race.json"
  if cc "${cflags[@]}" -fsanitize=thread "$src" -o "$W/$p-tsan" 2>/dev/null; then
    (cd "$W" && timeout 120 "$WEFT" record --race --timeout=30 -o "$p-race.weft" -- "./$p-tsan" \
      >/dev/null 2>&1)
    "$WEFT" report --json "$W/$p-race.weft" >"$W/$p-race.json" 2>/dev/null ||
      echo '{}' >"$W/$p-race.json"
  fi
  clean=0
  case " $CLEAN " in *" $p "*) clean=1 ;; esac
  python3 - "$p" "${exp:-/dev/null}" "$W/$p.json" "$clean" "$W/$p-race.json" >>"$W/scores" 2>"$W/missed" <<'PY'
import json, re, sys
name, exp_path, json_path, clean = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
src = name + '.c'
def lines_of(frames):
    """The test program's own lines in a stack, innermost first."""
    out = []
    for f in frames or []:
        m = re.search(r'\(' + re.escape(src) + r':(\d+)\)', f or '')
        if m:
            out.append(int(m.group(1)))
    return out
# Expected: the error blocks of the .stderr.exp, each with its program lines
# (those of the error, not of where its lock was first seen).
expected = []
text = open(exp_path, errors='replace').read() if exp_path != '/dev/null' else ''
block = None
for line in text.splitlines() + ['---']:
    head = re.match(r'(Thread #x|Possible data race)', line)
    if head or line.startswith('---'):
        if block is not None:
            body = re.split(r'Lock at|was previously|first observed|This conflicts', block)[0]
            expected.append((lines_of(re.findall(r'\([^()]*:\d+\)', body)), title))
        block = None
        if head and not re.search(r"root thread|was created", line):
            block, title = '', line
    elif block is not None:
        block += line + '\n'
# weft's findings: each its stacks (as program lines) and its severity.
try:
    r = json.load(open(json_path))
except ValueError:
    r = {}
found = []
kinds = []  # the misuse kinds, for the expected findings that name no line
for m in r.get('misuse') or []:
    found.append(([lines_of(m.get('frames'))], m.get('severity', 'error')))
    kinds.append(m.get('kind'))
# A lock order, as Helgrind tells it: the line that took the held lock, then
# the line that asked for the next one (a deadlock's blocked threads, an
# inversion's or a note's edges).
def order_lines(held, asked):
    return lines_of(held)[:1] + lines_of(asked)[:1]
for d in r.get('deadlocks') or []:
    stacks = [lines_of(s.get('frames')) for s in d.get('stacks') or []]
    for held, st in zip(d.get('held') or [], d.get('stacks') or []):
        if held:
            stacks.append(order_lines(held[-1].get('stack', {}).get('frames'), st.get('frames')))
    found.append((stacks, 'error'))
for key in ('lock_order_inversions', 'lock_order_notes'):
    for inv in r.get(key) or []:
        stacks = [lines_of(s.get(part, {}).get('frames')) for s in inv.get('stacks') or []
                  for part in ('acquired', 'held')]
        stacks += [order_lines(s.get('held', {}).get('frames'), s.get('acquired', {}).get('frames'))
                   for s in inv.get('stacks') or []]
        found.append((stacks, inv.get('severity', 'error')))
for l in r.get('leaks') or []:
    found.append(([lines_of(l.get('stack', {}).get('frames'))], 'error'))
try:
    races = json.load(open(sys.argv[5])).get('races') or []
except ValueError:
    races = []
for race in races:
    found.append(([lines_of(a.get('frames')) for a in race.get('accesses') or []], 'error'))
def matches(want, stacks):
    return any(st[:2] == want[:2] or (len(want) == 1 and st[:1] == want) for st in stacks)
# "Exiting thread still holds N locks" names no line of the program: any of
# weft's findings of a lock held at a thread's or the program's end, once each.
held_at_end = [k for k in kinds if k in ('exit-holding-lock', 'process-end-holding-lock')]
hit = 0
missed = []
for want, title in expected:
    if 'still holds' in title and held_at_end:
        held_at_end.pop()
        hit += 1
    elif want and any(matches(want, st) for st, _ in found):
        hit += 1
    else:
        missed.append('%s (lines %s)' % (title.strip(), ', '.join(map(str, want)) or '-'))
errors = sum(1 for _, sev in found if sev == 'error')
print('%s %d %d %d %d %d' % (name, len(expected), hit, errors, len(found) - errors, int(clean)))
for m in missed:
    print('  missed: ' + m, file=sys.stderr)
PY
  tail -1 "$W/scores" | awk '{ printf "%-22s %8d %6d %7d %6d%s\n", $1, $2, $3, $4, $5, $6 ? "  (clean)" : "" }'
  cat "$W/missed"
done
awk '{ if ($6) { fa += $4 } else { e += $2; h += $3 } }
  END { printf "weft found %d of %d expected findings; errors on the clean programs: %d\n", h, e, fa }' "$W/scores"
