#!/usr/bin/env bash
# Builds the libFuzzer harness (tests/fuzz/fuzz-report.c) with clang, ASan and
# UBSan, replays every input kept in tests/fuzz/regressions/, then fuzzes from
# real traces (data/traces/) for a bounded time. A crash is written to
# tests/fuzz/regressions/ (keep it: it is replayed on every run from then on)
# and the script fails.
# Usage: tests/fuzz/run.sh [SECONDS] [WORKDIR]   (default 20 s, a fresh temp dir)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_MAX=${1:-20}
W=${2:-$(mktemp -d)}
mkdir -p "$W/corpus"
if ! command -v clang >/dev/null; then
  echo "fuzz: clang is not installed (scripts/deps.sh installs it)" >&2
  exit 77 # meson: skipped, not passed
fi
# Every source of the command line but main() and the viewer's commands: the
# harness calls the commands themselves.
clang -g -O1 -std=gnu11 -D_GNU_SOURCE -DGETTEXT_PACKAGE='"weft"' -DWEFT_VERSION='"fuzz"' -DWEFT_LIBDIR_REL='"lib"' -DWEFT_LOCALEDIR='"/usr/share/locale"' \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$SRC/tracer" -I"$SRC/cli" -I"$SRC/analysis" -I"$SRC/notes" \
  $(pkg-config --cflags json-glib-1.0) \
  "$SRC/tests/fuzz/fuzz-report.c" \
  "$SRC"/tracer/*.c \
  $(ls "$SRC"/cli/*.c | grep -v -e '/weft\.c$' -e '/weft-cmd-render\.c$' -e '/weft-render-[a-z]*\.c$' -e '/weft-cmd-view\.c$') \
  "$SRC"/analysis/*.c "$SRC"/notes/*.c \
  -lz -ldw -lelf $(pkg-config --libs json-glib-1.0) -o "$W/fuzz-report"
cp "$SRC"/data/traces/*.weft "$W/corpus/"
regressions=("$SRC"/tests/fuzz/regressions/*)
if [ -e "${regressions[0]}" ]; then
  "$W/fuzz-report" "${regressions[@]}" >/dev/null 2>"$W/replay.txt" ||
    { tail -30 "$W/replay.txt" >&2; echo "fuzz: a kept regression input fails again" >&2; exit 1; }
fi
"$W/fuzz-report" -max_total_time="$SECONDS_MAX" -max_len=65536 -rss_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$SRC/tests/fuzz/regressions/" "$W/corpus" >"$W/fuzz.txt" 2>&1 ||
  { tail -40 "$W/fuzz.txt" >&2; echo "fuzz: crash kept in tests/fuzz/regressions/" >&2; exit 1; }
tail -1 "$W/fuzz.txt"
