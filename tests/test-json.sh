#!/usr/bin/env bash
# `weft report --json` keeps its contract: "schema", every key that
# docs/JSON.md documents and no other, null for "not checked" and [] for
# "checked, none". Usage: test-json.sh WEFT PROGRAMS_DIR SOURCE_ROOT
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
DOC=$(realpath "$3")/docs/JSON.md
. "$(dirname "$0")/test-lib.sh"
export LC_ALL=C LANGUAGE=

# check TRACE PYTHON-ASSERTIONS: the report parses, matches the documented
# keys, and the assertions about `r` (the parsed report) hold.
check() {
  "$WEFT" report --json "$1" >report.json 2>err.txt || fail "report --json $1: $(cat err.txt)"
  python3 - "$DOC" report.json "$2" <<'EOF' || fail "$1: $(cat report.json)"
import json, re, sys
doc = open(sys.argv[1], encoding='utf-8').read()
r = json.load(open(sys.argv[2]))

def documented(section):
    """The keys of the table under '## SECTION' in docs/JSON.md."""
    title = section if section == 'Top level' else '`%s`' % section
    body = doc.split('## ' + title + '\n', 1)[1].split('\n## ', 1)[0]
    keys = set()
    for row in re.findall(r'^\| (`[^|]*) \|', body, re.M):
        keys.update(re.findall(r'`([a-z_]+)`', row))
    return keys

def same(where, obj, section):
    got, want = set(obj), documented(section)
    assert got == want, '%s: keys %s undocumented, %s missing' % (where, got - want, want - got)

same('top level', r, 'Top level')
for name, section in [('threads', 'threads[]'), ('locks', 'locks[]'), ('channels', 'channels[]'),
                      ('deadlocks', 'deadlocks[]'), ('lock_order_inversions', 'lock_order_inversions[]'),
                      ('lock_order_notes', 'lock_order_inversions[]'),
                      ('leaks', 'leaks[]'), ('misuse', 'misuse[]'), ('races', 'races[]'),
                      ('tsan_findings', 'tsan_findings[]'), ('dumps', 'dumps[]'),
                      ('shared_stack_args', 'shared_stack_args[]'),
                      ('waitgroup_adds', 'waitgroup_adds[]')]:
    for i, item in enumerate(r[name] or []):
        same('%s[%d]' % (name, i), item, section)
for name in ('crash', 'early_exit'):
    if r[name] is not None:
        same(name, r[name], name)
assert r['schema'] == 1, 'schema %r' % r['schema']
if r['races'] is not None: # built with -fsanitize=thread
    for i, race in enumerate(r['races']):
        assert len(race['accesses']) == 2, 'races[%d]: %d accesses' % (i, len(race['accesses']))
        for a in race['accesses']:
            assert set(a) == {'thread', 'tsan_thread', 'kind', 'size', 'atomic', 'frames'}, a
else:
    assert r['tsan_findings'] is None, 'TSan findings checked, races not?'

def ints(x, where):
    if isinstance(x, dict):
        for k, v in x.items():
            ints(v, where + '.' + k)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            ints(v, '%s[%d]' % (where, i))
    elif isinstance(x, float):
        raise AssertionError('%s is not an integer: %r' % (where, x))
ints(r, 'report')
exec(sys.argv[3])
EOF
}

"$WEFT" record -o clean.weft -- "$PROGS/lock-pairs" 10 >/dev/null 2>&1 || fail "record lock-pairs"
check clean.weft "
assert r['exit_status'] == 0, r['exit_status']
assert r['leaks'] == [] and r['deadlocks'] == [] and r['misuse'] == [], 'checked, none'
assert r['calls']['pthread_mutex_lock'] == 20
assert r['threads'][0]['parent'] == 0 and r['threads'][0]['start_function'] is None
assert any(l['name'] == 'counter_mu' and l['acquisitions'] == 20 for l in r['locks'])"

# Not built for ThreadSanitizer: races not checked.
check clean.weft "assert r['races'] is None and r['tsan_findings'] is None"
# Built for it: checked; [] when clean, each race's shape when not.
"$WEFT" record -o tsan-clean.weft -- "$PROGS/races" clean >/dev/null 2>&1 || fail "record races clean"
check tsan-clean.weft "assert r['races'] == [] and r['tsan_findings'] == [], (r['races'], r['tsan_findings'])"
"$WEFT" record -o tsan-race.weft -- "$PROGS/races" shuffle >/dev/null 2>&1
check tsan-race.weft "assert len(r['races']) == 3 and r['races'][0]['variable'].startswith('slot'), r['races']"

"$WEFT" record -o chan.weft -- "$PROGS/chan-pairs" >/dev/null 2>&1 || fail "record chan-pairs"
check chan.weft "assert r['channels'] and all(c['sends'] == c['paired'] for c in r['channels']), r['channels']"

# A deadlock: leaks cannot be told (every thread is stuck): null, not [].
"$WEFT" record -o abba.weft -- "$PROGS/gallery" abba >/dev/null 2>&1
[ $? = 2 ] || fail "gallery abba did not deadlock"
check abba.weft "
assert r['leaks'] is None, r['leaks']
assert r['deadlocks'][0]['kind'] == 'mutex-cycle' and len(r['deadlocks'][0]['threads']) == 2
assert r['exit_status'] == 2"

"$WEFT" record -o leak.weft -- "$PROGS/gallery" leak >/dev/null 2>&1 || fail "record gallery leak"
check leak.weft "assert len(r['leaks']) == 1 and r['leaks'][0]['waiting_on'] == 'never_cv', r['leaks']"

# The lists' items against their tables: inversions (with their edges) and misuse.
"$WEFT" record -o inv.weft -- "$PROGS/gallery" inversion >/dev/null 2>&1 || fail "record gallery inversion"
check inv.weft "
inv = r['lock_order_inversions']
assert len(inv) == 1 and sorted(inv[0]['locks']) == ['fork_a', 'fork_b'], inv
for e in inv[0]['edges']:
    assert set(e) == {'held', 'acquired', 'thread', 'held_at', 'acquired_at'}, e"
"$WEFT" record -o mis.weft -- "$PROGS/gallery" chan-misuse >/dev/null 2>&1 || fail "record gallery chan-misuse"
check mis.weft "assert {m['kind'] for m in r['misuse']} >= {'send-on-closed', 'close-closed', 'close-nil', 'negative-waitgroup'}, r['misuse']"

# Every severity is the one docs/JSON.md's table gives its kind.
severities="
table = {}
for row in re.findall(r'^\| \`([a-z-]+)\` \| (error|note) \|', doc, re.M):
    table[row[0]] = row[1]
for m in r['misuse']:
    assert table.get(m['kind']) == m['severity'], (m['kind'], m['severity'], table.get(m['kind']))
for i in r['lock_order_inversions']:
    assert i['severity'] == table['lock-order-inversion']
for i in r['lock_order_notes']:
    assert i['severity'] == table['lock-order-note']"
check mis.weft "$severities"
for c in double-unlock join-self call-failed lock-order-note process-end-holding-lock; do
  "$WEFT" record -o "m-$c.weft" -- "$PROGS/misuse" $c >/dev/null 2>&1
  check "m-$c.weft" "$severities
assert r['misuse'] or r['lock_order_notes'], 'nothing found in $c'"
done

# Traced without `weft record`: the preload ends the trace itself, with the
# status main returned, and leaks are checked.
PRELOAD=$(dirname "$PROGS")/tracer/preload/libweft-preload.so
LD_PRELOAD=$PRELOAD WEFT_OUTPUT=$WORK/bare.weft "$PROGS/lock-pairs" 10 >/dev/null ||
  fail "lock-pairs under the bare preload"
check bare-*.weft "assert r['exit_status'] == 0 and r['leaks'] == [], (r['exit_status'], r['leaks'])"
# Killed, with no end record: no exit status, and leaks not checked.
LD_PRELOAD=$PRELOAD WEFT_OUTPUT=$WORK/killed.weft "$PROGS/spinner" >spin.out &
spin=$!
for _ in $(seq 100); do [ -s spin.out ] && break; sleep 0.05; done
sleep 0.3
kill -KILL $spin
wait $spin 2>/dev/null
check killed-*.weft "assert r['exit_status'] is None and r['leaks'] is None, (r['exit_status'], r['leaks'])"
echo "ok: json"
