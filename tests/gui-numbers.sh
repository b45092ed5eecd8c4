#!/bin/bash
# The statistics pane against `weft report --json` on the same trace: each
# thread's running and blocked times by reason, each lock's acquisitions,
# contention, wait and hold totals and maxima, each channel's sends,
# receives and blocked times, in the pane's text and exact tooltips.
# Usage: gui-numbers.sh TEST_VIEWER_GUI TEST_VIEWER WEFT
set -u
gui=$1 test_viewer=$2 weft=$3
command -v python3 >/dev/null || { echo "python3 is not installed: skipping"; exit 77; }
. "$(dirname "$0")/gui-lib.sh"
"$weft" report --json "$dir/pipeline.weft" >"$dir/report.json" 2>/dev/null
NO_AT_BRIDGE=1 GDK_BACKEND=x11 timeout 60 xvfb-run -a -s "-screen 0 1280x720x24" \
  "$gui" "numbers;quit" "$dir/pipeline.weft" >"$dir/out" 2>"$dir/stderr"
python3 - "$dir/report.json" "$dir/out" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
rows = {}
for line in open(sys.argv[2]):
    if line.startswith("numbers: "):
        kind, name, text, *exact = line[len("numbers: "):].rstrip("\n").split("|")
        rows[(kind, name)] = (text, exact)
fail = 0
def check(what, got, want):
    global fail
    if got != want:
        print(f"FAILED: {what}: the pane says {got}, weft report {want}")
        fail = 1
def ns(exact, label):
    for e in exact:
        m = re.fullmatch(label + r" (\d+) ns", e)
        if m:
            return int(m.group(1))
    return None
def count(text, word):
    m = re.search(r"(\d+) " + word, text)
    return int(m.group(1)) if m else None
checked = 0
for t in report["threads"]:
    row = rows.get(("thread", t["name"]))
    if not row:
        print(f"FAILED: no row for thread {t['name']}"); fail = 1; continue
    check(f"{t['name']} running", ns(row[1], "running"), t["running_ns"])
    for why, v in t["blocked_ns"].items():
        check(f"{t['name']} blocked on {why}", ns(row[1], re.escape(why)), v)
    checked += 1
for l in report["locks"]:
    text, exact = rows.get(("lock", l["name"]), ("", []))
    check(f"{l['name']} acquisitions", count(text, "acquisition"), l["acquisitions"])
    check(f"{l['name']} contended", count(text, "contended"), l["contended"])
    m = re.fullmatch(r"waited (\d+) ns, at most (\d+) ns", exact[0] if exact else "")
    check(f"{l['name']} waits", m and (int(m.group(1)), int(m.group(2))), (l["wait_total_ns"], l["wait_max_ns"]))
    m = re.fullmatch(r"held (\d+) ns, at most (\d+) ns", exact[1] if len(exact) > 1 else "")
    check(f"{l['name']} holds", m and (int(m.group(1)), int(m.group(2))), (l["hold_total_ns"], l["hold_max_ns"]))
    checked += 1
for c in report["channels"]:
    text, exact = rows.get(("channel", c["name"]), ("", []))
    check(f"{c['name']} sends", count(text, "send"), c["sends"])
    check(f"{c['name']} receives", count(text, "receive"), c["receives"])
    check(f"{c['name']} senders blocked", ns(exact, "senders blocked"), c["send_blocked_ns"])
    check(f"{c['name']} receivers blocked", ns(exact, "receivers blocked"), c["recv_blocked_ns"])
    checked += 1
if checked < 10:
    print(f"FAILED: only {checked} rows checked"); fail = 1
if not fail:
    print(f"ok: {checked} rows of the statistics pane match weft report --json")
sys.exit(fail)
PY
rc=$?
[ $rc -ne 0 ] && cat "$dir/stderr"
exit $rc
