#!/usr/bin/env bash
# scripts/install.sh as a student uses it: as a user who is not root, into a
# prefix of their own; then, in a shell with nothing but PATH and
# PKG_CONFIG_PATH, a program of theirs built with pkg-config only, recorded
# with the installed weft. Usage: test-install.sh SOURCE_ROOT
set -u
SRC=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# As root (CI), become nobody: the test must not rely on root's rights.
as_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u nobody -- env -i HOME="$WORK/home" "$@"
  else
    env -i HOME="$WORK/home" "$@"
  fi
}
mkdir -p "$WORK/home/src" "$WORK/home/weft"
# A copy of the sources the user can read (CI may keep them under /root).
tar -C "$SRC" --exclude='./build*' --exclude='./.git' -cf - . | tar -C "$WORK/home/weft" -xf - ||
  fail "cannot copy the sources"
[ "$(id -u)" = 0 ] && chown -R nobody "$WORK"
SRC=$WORK/home/weft
PREFIX=$WORK/home/prefix

# With the hardening flags of Debian's packages (and Ubuntu's compiler
# defaults): the .deb's build is not in CI, this one catches what breaks it.
as_user PATH=/usr/bin:/bin CFLAGS="-g -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wformat -Werror=format-security" \
  bash "$SRC/scripts/install.sh" --prefix "$PREFIX" \
  --build-dir "$WORK/home/build" -- -Dviewer=disabled >"$WORK/install.txt" 2>&1 ||
  fail "install.sh: $(tail -20 "$WORK/install.txt")"
for f in bin/weft lib/weft/libweft-preload.so lib/libweft-chan.so lib/libweft-chan.so.0 \
    include/weft/weft-chan.h include/weft/weft-annotate.h lib/pkgconfig/weft-chan.pc \
    share/locale/fr/LC_MESSAGES/weft.mo share/man/man1/weft.1; do
  [ -e "$PREFIX/$f" ] || fail "not installed: $f; install.sh said: $(cat "$WORK/install.txt")"
done
[ "$(id -u)" != 0 ] || [ -z "$(find "$PREFIX" ! -user nobody)" ] || fail "files not owned by the installing user"
# It says what the shell needs, in one line we can paste.
line=$(grep '^    export ' "$WORK/install.txt") || fail "no export line: $(cat "$WORK/install.txt")"
grep -q 'cc -g -pthread pool.c $(pkg-config --cflags --libs weft-chan) -o pool && weft record -- ./pool' \
  "$WORK/install.txt" || fail "the one line is not shown: $(cat "$WORK/install.txt")"

cat >"$WORK/home/src/pool.c" <<'EOF'
#include <pthread.h>
#include <stdio.h>
#include <weft-chan.h>
#include <weft/weft-annotate.h>

static void *worker(void *arg) {
  WeftChan *jobs = arg;
  int job;
  bool ok;
  for (;;) {
    weft_chan_recv(jobs, &job, &ok);
    if (!ok)
      return NULL;
    printf("job %d\n", job);
  }
}

int main(void) {
  WeftChan *jobs = weft_chan_make_named(sizeof(int), 0, "jobs");
  pthread_t workers[3];
  for (int i = 0; i < 3; i++)
    pthread_create(&workers[i], NULL, worker, jobs);
  for (int i = 0; i < 9; i++)
    weft_chan_send(jobs, &i);
  weft_chan_close(jobs);
  for (int i = 0; i < 3; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
EOF
[ "$(id -u)" = 0 ] && chown -R nobody "$WORK/home/src"
# The export line install.sh printed, then the README's one line.
as_user PATH=/usr/bin:/bin bash -c "$line"'
  cd "$HOME/src" &&
  cc -g -pthread pool.c $(pkg-config --cflags --libs weft-chan) -o pool && weft record -- ./pool &&
  ./pool | wc -l >direct.txt && weft report --json pool.weft >pool.json &&
  { LANG=fr_FR.UTF-8 weft report missing.weft 2>french.txt; true; }' \
  >"$WORK/run.txt" 2>&1 || fail "the student's line failed: $(cat "$WORK/run.txt")"
[ "$(grep -c '^job ' "$WORK/run.txt")" = 9 ] || fail "the program under weft printed: $(cat "$WORK/run.txt")"
grep -q "weft: trace written to pool.weft: .* events, 4 threads" "$WORK/run.txt" ||
  fail "record said: $(cat "$WORK/run.txt")"
# Run alone, with no LD_LIBRARY_PATH: the rpath from weft-chan.pc finds the library.
[ "$(cat "$WORK/home/src/direct.txt")" = 9 ] || fail "the program alone printed $(cat "$WORK/home/src/direct.txt") lines"
# The installed catalogue: French from LANG alone.
grep -q "^weft : impossible d'ouvrir « missing.weft »" "$WORK/home/src/french.txt" ||
  fail "the installed weft does not speak French: $(cat "$WORK/home/src/french.txt")"
tr -d ' \n' <"$WORK/home/src/pool.json" | grep -q '"name":"jobs","capacity":0,"sends":9,"receives":9' ||
  fail "the channel's sends are not in the trace: $(cat "$WORK/home/src/pool.json")"

# A prefix moved elsewhere: weft still finds its tracer and its French.
mv "$PREFIX" "$PREFIX-moved" || fail "mv"
as_user PATH=/usr/bin:/bin bash -c 'cd "$HOME/src" && "$HOME/prefix-moved/bin/weft" record -o moved.weft -- /bin/true &&
  { LANG=fr_FR.UTF-8 "$HOME/prefix-moved/bin/weft" report missing.weft; true; } &&
  LANG=fr_FR.UTF-8 LD_PRELOAD=$HOME/prefix-moved/lib/weft/libweft-preload.so WEFT_OUTPUT=/nonexistent/x.weft /bin/true' \
  >"$WORK/moved.txt" 2>&1 ||
  fail "the moved weft: $(cat "$WORK/moved.txt")"
grep -q "trace written to moved.weft" "$WORK/moved.txt" && grep -q "^weft : impossible d'ouvrir" "$WORK/moved.txt" &&
  grep -q "traçage arrêté" "$WORK/moved.txt" ||
  fail "the moved weft said: $(cat "$WORK/moved.txt")"
mv "$PREFIX-moved" "$PREFIX"

as_user PATH=/usr/bin:/bin bash "$SRC/scripts/install.sh" --prefix "$PREFIX" \
  --build-dir "$WORK/home/build" --uninstall >"$WORK/uninstall.txt" 2>&1 ||
  fail "uninstall: $(cat "$WORK/uninstall.txt")"
left=$(find "$PREFIX" -type f | head -3)
[ -z "$left" ] || fail "left after --uninstall: $left"

# Bad input: an unknown option, and a prefix the user cannot write.
as_user PATH=/usr/bin:/bin bash "$SRC/scripts/install.sh" --frobnicate >/dev/null 2>"$WORK/err.txt"
[ $? = 64 ] || fail "unknown option: status $?"
grep -q "^install.sh: unknown option '--frobnicate'" "$WORK/err.txt" || fail "said: $(cat "$WORK/err.txt")"
as_user PATH=/usr/bin:/bin bash "$SRC/scripts/install.sh" --prefix >/dev/null 2>"$WORK/err.txt"
[ $? = 64 ] || fail "--prefix without a folder: status $?"
[ "$(cat "$WORK/err.txt")" = "install.sh: --prefix needs a folder" ] || fail "said: $(cat "$WORK/err.txt")"
bash "$SRC/scripts/deb.sh" --frobnicate >/dev/null 2>"$WORK/err.txt"
[ $? = 64 ] || fail "deb.sh --frobnicate: status $?"
[ "$(cat "$WORK/err.txt")" = "deb.sh: unknown option '--frobnicate'; try 'scripts/deb.sh --help'" ] ||
  fail "deb.sh said: $(cat "$WORK/err.txt")"
if [ "$(id -u)" = 0 ]; then
  as_user PATH=/usr/bin:/bin bash "$SRC/scripts/install.sh" --prefix /usr/local/weft-test-nowrite \
    --build-dir "$WORK/home/build" >/dev/null 2>"$WORK/err.txt"
  st=$?
  [ $st = 73 ] || fail "unwritable prefix: status $st, $(cat "$WORK/err.txt")"
  grep -q "cannot write to /usr/local/weft-test-nowrite: run it as root (sudo), or use --user" "$WORK/err.txt" ||
    fail "said: $(cat "$WORK/err.txt")"
fi
echo "ok: install"
