#!/usr/bin/env bash
# A program that cannot start under `weft record`: the real reason in one line,
# the status a shell would give, and no trace file left behind.
# Usage: test-start.sh WEFT PROGRAMS_DIR CASE
set -u
WEFT=$(realpath "$1")
PROGS=$(realpath "$2")
CASE=$3
. "$(dirname "$0")/test-lib.sh"
export LC_ALL=C LANGUAGE=
unset LD_LIBRARY_PATH # meson's, for the build tree: the loader must search as a user's would

# refused STATUS LINES PATTERN PROGRAM...: weft record exits STATUS, prints
# LINES lines on stderr, the last matching PATTERN, and leaves no trace.
refused() {
  local want=$1 lines=$2 pattern=$3
  shift 3
  rm -f ./*.weft
  "$WEFT" record -- "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" = "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(cat err.txt)"
  [ "$(wc -l <err.txt)" = "$lines" ] || fail "'$*' printed $(wc -l <err.txt) lines on stderr: $(cat err.txt)"
  tail -1 err.txt | grep -qE -- "$pattern" || fail "'$*' said '$(cat err.txt)', expected /$pattern/"
  [ -z "$(ls ./*.weft 2>/dev/null)" ] || fail "'$*' left a trace behind: $(ls ./*.weft)"
}

case $CASE in
missing-library)
  echo 'int gone(void) { return 1; }' >gone.c
  echo 'int gone(void); int main(void) { return gone(); }' >uses.c
  cc -shared -fPIC gone.c -o libgone.so && cc uses.c -L. -lgone -o uses || fail "cc"
  rm libgone.so
  refused 127 1 "^weft record: cannot run './uses': the loader cannot find libgone\.so, a library it needs; add its folder to LD_LIBRARY_PATH, or link with -Wl,-rpath,FOLDER$" ./uses
  # with LD_LIBRARY_PATH set as the message says, it runs
  mkdir lib && cc -shared -fPIC gone.c -o lib/libgone.so
  LD_LIBRARY_PATH=$WORK/lib "$WEFT" record -- ./uses 2>err.txt
  [ $? = 1 ] || fail "with LD_LIBRARY_PATH: $(cat err.txt)"
  [ -s uses.weft ] || fail "no trace with LD_LIBRARY_PATH"
  ;;
missing-chan-library)
  # The channel library: the fix is the pkg-config line, which adds the rpath.
  if /sbin/ldconfig -p | grep -q libweft-chan.so.0; then
    echo "skipped: libweft-chan.so.0 is installed system-wide, so the loader finds it"
    exit 77
  fi
  echo 'int weft_chan_close(void *); int main(void) { return weft_chan_close(0); }' >chan.c
  cp -L "$(dirname "$PROGS")/chan/libweft-chan.so.0" . || fail "no libweft-chan.so.0 in the build"
  ln -s libweft-chan.so.0 libweft-chan.so
  cc chan.c -L. -lweft-chan -o chan || fail "cc chan"
  rm -f libweft-chan*
  refused 127 1 "cannot run './chan': the loader cannot find libweft-chan\.so\.0; build it with \\\$\(pkg-config --cflags --libs weft-chan\)" ./chan
  ;;
loader-fails)
  # A failure the loader finds only when it binds symbols: caught after the run.
  echo 'int symfn(void) { return 3; }' >sym.c
  echo 'int symfn(void); int main(void) { return symfn(); }' >usesym.c
  cc -shared -fPIC sym.c -o libsym.so && cc usesym.c -L. -lsym -Wl,-rpath,"$WORK" -Wl,-z,now -o usesym ||
    fail "cc"
  echo 'int other(void) { return 1; }' >sym.c && cc -shared -fPIC sym.c -o libsym.so
  refused 127 2 "^weft record: './usesym' ended with status 127 before the tracer started \(the loader's message above says why\); no trace written$" ./usesym
  head -1 err.txt | grep -q "undefined symbol: symfn" || fail "the loader's line: $(cat err.txt)"
  ;;
not-executable)
  cp "$PROGS/exit-status" prog && chmod -x prog
  refused 126 1 "^weft record: cannot run './prog': it is not executable; make it so with: chmod \+x ./prog$" ./prog
  echo 'int main(void) { return 0; }' >pool.c
  refused 126 1 "^weft record: cannot run 'pool.c': it is C source; build it first: cc -g -pthread pool.c -o pool$" pool.c
  refused 126 1 "^weft record: cannot run '/tmp': it is a folder$" /tmp
  cp "$PROGS/exit-status" here
  refused 127 1 "^weft record: program 'here' not found in PATH; for the one in this folder, write ./here$" here
  echo 'int main(void) { return 0; }' >m.c && cc -c m.c -o m.o && chmod +x m.o
  refused 126 1 "^weft record: cannot run './m.o': it is an object file; link it first: cc -pthread ./m.o -o PROGRAM$" ./m.o
  cc -shared -fPIC m.c -o libm1.so && chmod +x libm1.so
  refused 126 1 "^weft record: cannot run './libm1.so': it is a shared library, not a program$" ./libm1.so
  printf 'MZ\x90\x00\x03\x00\x00\x00' >junk && chmod +x junk # a Windows .exe
  refused 126 1 "^weft record: cannot run './junk': it is not a program: neither an executable \(ELF\) nor a script$" ./junk
  ;;
scripts)
  printf 'echo hi\n' >noshebang.sh && chmod +x noshebang.sh
  refused 126 1 "^weft record: cannot run './noshebang.sh': it is a script without a '#!' first line; add one, such as #!/bin/sh$" ./noshebang.sh
  printf '#!/bin/sh\r\necho hi\r\n' >crlf.sh && chmod +x crlf.sh
  refused 126 1 "^weft record: cannot run './crlf.sh': its first line ends with a carriage return \(Windows line endings\); convert it with: sed -i 's/\\\\r\\$//' ./crlf.sh$" ./crlf.sh
  printf '#!/usr/bin/no-such-interpreter\necho hi\n' >gone.sh && chmod +x gone.sh
  refused 126 1 "^weft record: cannot run './gone.sh': the interpreter '/usr/bin/no-such-interpreter' on its first line does not exist$" ./gone.sh
  # a good script records: its interpreter is what runs
  printf '#!/bin/sh\nexit 5\n' >good.sh && chmod +x good.sh
  "$WEFT" record -- ./good.sh 2>err.txt
  [ $? = 5 ] || fail "a script with #!/bin/sh: $(cat err.txt)"
  [ -s good.sh.weft ] || fail "no trace for a good script"
  ;;
wrong-arch)
  # Another machine's header (aarch64 = 183), and a 32-bit one (ELFCLASS32).
  cp "$PROGS/exit-status" arm && printf '\xb7\x00' | dd of=arm bs=1 seek=18 conv=notrunc 2>/dev/null
  refused 126 1 "^weft record: cannot run './arm': it is built for ARM64 \(aarch64\) and this machine runs x86-64 programs; build it here with cc$" ./arm
  cp "$PROGS/exit-status" i386 && printf '\x01' | dd of=i386 bs=1 seek=4 conv=notrunc 2>/dev/null &&
    printf '\x03\x00' | dd of=i386 bs=1 seek=18 conv=notrunc 2>/dev/null
  refused 126 1 "^weft record: cannot run './i386': it is a 32-bit program and weft traces 64-bit ones; build it without -m32$" ./i386
  ;;
setuid)
  # As root, a program setuid to another user changes its user: secure execution.
  [ "$(id -u)" = 0 ] || { echo "skipped: needs root to make a setuid program of another user"; exit 77; }
  cp "$PROGS/exit-status" suid && chown nobody suid && chmod u+s suid
  refused 126 1 "^weft record: cannot trace './suid': it is setuid, setgid or has capabilities, so the loader ignores LD_PRELOAD in it; trace a plain copy of it instead$" ./suid
  cp "$PROGS/exit-status" plain
  "$WEFT" record -- ./plain 4 2>err.txt
  [ $? = 4 ] || fail "the plain copy: $(cat err.txt)"
  ;;
no-tracer)
  # weft copied alone, without the preload beside it; or WEFT_PRELOAD wrong.
  mkdir -p lone/bin && cp "$WEFT" lone/bin/weft
  WEFT=$WORK/lone/bin/weft refused 69 1 "^weft record: the tracer is missing: no $WORK/lone/lib/.*weft/libweft-preload\.so beside this weft; install weft again \(scripts/install\.sh\), or set WEFT_PRELOAD to its path$" "$PROGS/exit-status"
  WEFT_PRELOAD=/nonexistent/libweft-preload.so refused 69 1 "^weft record: WEFT_PRELOAD names '/nonexistent/libweft-preload\.so', which cannot be read: No such file or directory$" "$PROGS/exit-status"
  ;;
*) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
