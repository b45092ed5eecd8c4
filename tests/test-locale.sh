#!/usr/bin/env bash
# weft under LANG=fr_FR.UTF-8, as on a French lab machine: people read French
# with decimal commas; machines read the same numbers as in the C locale
# (JSON, dumps, option values). Usage: test-locale.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
. "$(dirname "$0")/test-lib.sh"

locale -a 2>/dev/null | grep -qix 'fr_FR.utf8' ||
  fail "the fr_FR.UTF-8 locale is missing: run scripts/deps.sh (it runs locale-gen)"
unset LC_ALL LANGUAGE LC_NUMERIC LC_MESSAGES
fr() { LANG=fr_FR.UTF-8 "$@"; }
c() { LANG=C "$@"; }

LANG=C "$WEFT" record -o run.weft -- "$PROGS/lock-pairs" 1000 >/dev/null 2>rec.err ||
  fail "record exited $?: $(cat rec.err)"
case $CASE in
text)
  fr "$WEFT" report missing.weft 2>err.txt
  grep -q "^weft : impossible d'ouvrir « missing.weft » : " err.txt || fail "not French: $(cat err.txt)"
  fr "$WEFT" record -- ./nothing-here 2>err.txt
  [ $? = 127 ] || fail "status"
  grep -q "^weft record : programme « ./nothing-here » introuvable" err.txt || fail "record: $(cat err.txt)"
  fr "$WEFT" report run.weft >fr.txt || fail "report"
  grep -qE "^Durée : [0-9]+,[0-9]+ (ms|µs|s), [0-9]+ événements, 3 threads, code de sortie 0$" fr.txt ||
    fail "French duration line: $(grep -i dur fr.txt)"
  grep -qE "counter_mu +mutex +2000 .* [0-9]+,[0-9]+ (µs|ms) .*\([0-9]+ %\)" fr.txt ||
    fail "French numbers in the lock table: $(grep counter_mu fr.txt)"
  c "$WEFT" report run.weft >c.txt
  grep -qE "^Duration: [0-9]+\.[0-9]+(ms|µs|s), " c.txt || fail "English duration: $(grep Duration c.txt)"
  ;;
machine)
  # JSON and dump: the same bytes whatever the locale.
  c "$WEFT" report --json run.weft >c.json 2>json.err && fr "$WEFT" report --json run.weft >fr.json 2>>json.err ||
    fail "json: $(cat json.err)"
  cmp -s c.json fr.json || fail "JSON differs under fr_FR: $(diff c.json fr.json | head -5)"
  c "$WEFT" dump run.weft >c.dump && fr "$WEFT" dump run.weft >fr.dump || fail "dump"
  cmp -s c.dump fr.dump || fail "dump differs under fr_FR: $(diff c.dump fr.dump | head -5)"
  c "$WEFT" export -o c.export.json run.weft && fr "$WEFT" export -o fr.export.json run.weft ||
    fail "export"
  cmp -s c.export.json fr.export.json || fail "export differs under fr_FR: $(diff c.export.json fr.export.json | head -5)"
  # A trace recorded under fr_FR is read the same.
  fr "$WEFT" record -o fr.weft -- "$PROGS/lock-pairs" 1000 >/dev/null 2>rec.err ||
    fail "record under fr_FR exited $?: $(cat rec.err)"
  fr "$WEFT" report --json fr.weft >fr-run.json || fail "report of the fr_FR trace"
  grep -q '"pthread_mutex_lock": 2000' fr-run.json || fail "the fr_FR trace: $(grep -m3 pthread_mutex fr-run.json)"
  ;;
render)
  # Option values are read in the C locale: 1.5, not 1,5.
  fr "$WEFT" render run.weft -o a.png --scale 1.5 --from 0.5ms --to 2.5ms 2>err.txt ||
    fail "--scale 1.5 --from 0.5ms under fr_FR: $(cat err.txt)"
  [ -s a.png ] || fail "no PNG"
  fr "$WEFT" render run.weft -o b.png --scale 1,5 2>err.txt
  [ $? = 64 ] || fail "--scale 1,5 accepted"
  grep -q "^weft render : échelle « 1,5 » invalide : un nombre de 0.5 à 4$" err.txt || fail "said: $(cat err.txt)"
  ;;
*) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
