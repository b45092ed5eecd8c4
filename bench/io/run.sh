#!/usr/bin/env bash
# The tracer's cost on programs heavy in I/O, each against itself untraced in
# the same run: pigz, sort and zstd on a large input (Debian's binaries,
# unmodified, traced through LD_PRELOAD as `weft record` does, stacks where
# threads block), best of N runs, traced/untraced wall and CPU time (target
# <= 1.05; on a loaded machine the CPU time is the steadier of the two), and
# the share of the I/O hooks: traced CPU time less the same traced with
# WEFT_IO_WAITS=off, over the untraced time.
# Then the worst case, calls that never wait (64-byte reads and writes, getc),
# in ns per call, and a pipe between two threads whose reads do wait.
# Usage: bench/io/run.sh [BUILD_DIR] [RUNS] [INPUT_MB]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}
RUNS=${2:-5}
MB=${3:-96}
for tool in pigz zstd; do
  if ! command -v $tool >/dev/null; then
    echo "installing $tool..." >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q $tool >&2
    else sudo apt-get install -y -q $tool >&2; fi
  fi
done
ninja -C "$B" >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PRE=$(realpath "$B/tracer/preload/libweft-preload.so")
gcc -O2 -pthread bench/io/small-calls.c -o "$W/small-calls"

# Text that compresses about 3:1 and sorts with many distinct keys.
awk -v mb="$MB" 'BEGIN { srand(42); n = mb * 1024 * 1024 / 40;
  for (i = 0; i < n; i++) printf "%08d %s line %d of the input\n", int(rand() * 1e8), (i % 7 ? "lorem" : "ipsum"), i }' >"$W/in.txt"
pigz -c "$W/in.txt" >"$W/in.gz"
zstd -q -c "$W/in.txt" >"$W/in.zst"

# best WHICH CMD: "wall cpu", the best of RUNS runs in ms each (cpu: user +
# sys of the program and its threads): untraced, traced, or traced with the
# I/O hooks off (WEFT_IO_WAITS=off: what the rest of the tracer costs)
best() {
  local which=$1 bw= bc= out w c
  shift
  for _ in $(seq "$RUNS"); do
    case $which in
    untraced) out=$( { TIMEFORMAT='%R %U %S'; time bash -c "$1"; } 2>&1 >/dev/null) ;;
    *) out=$( { TIMEFORMAT='%R %U %S'; time LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" \
        WEFT_STACKS=blocking WEFT_IO_WAITS=$([ "$which" = traced ] && echo on || echo off) \
        bash -c "$1"; } 2>&1 >/dev/null) ;;
    esac
    w=$(echo "$out" | tail -1 | awk '{printf "%d", $1 * 1000}')
    c=$(echo "$out" | tail -1 | awk '{printf "%d", ($2 + $3) * 1000}')
    [ -z "$bw" ] || [ "$w" -lt "$bw" ] && bw=$w
    [ -z "$bc" ] || [ "$c" -lt "$bc" ] && bc=$c
  done
  echo "$bw $bc"
}
printf "load average: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-34s %9s %9s %7s %9s %9s %7s %9s %7s\n" "program (input $MB MiB)" "wall" "traced" \
  "ratio" "cpu" "traced" "ratio" "I/O off" "I/O part"
while IFS='|' read -r name cmd; do
  u=$(best untraced "exec $cmd")
  t=$(best traced "exec $cmd")
  o=$(best io-off "exec $cmd")
  awk -v n="$name" -v u="$u" -v t="$t" -v o="$o" 'BEGIN { split(u, a, " "); split(t, b, " ");
    split(o, c, " ");
    printf "%-34s %6d ms %6d ms %7.3f %6d ms %6d ms %7.3f %6d ms %+7.3f\n", n, a[1], b[1],
      b[1] / a[1], a[2], b[2], b[2] / a[2], c[2], (b[2] - c[2]) / a[2] }'
done <<EOF
pigz -p 2 (compress)|pigz -p 2 -c $W/in.txt >$W/out.gz
pigz -d (decompress)|pigz -d -c $W/in.gz >$W/out.txt
sort --parallel=2 -S 64M|sort --parallel=2 -S 64M $W/in.txt -o $W/out.sorted
zstd -T2 (compress)|zstd -q -T2 -c $W/in.txt >$W/out.zst
zstd -d (decompress)|zstd -q -d -c $W/in.zst >$W/out2.txt
pigz -d into a pipe (writes wait)|pigz -d -c $W/in.gz | cat >/dev/null
EOF

printf "\n%-34s %10s %12s %12s\n" "calls that never wait" calls "untraced ns" "+ns traced"
for spec in "read 400000" "write 400000" "getc 4000000" "pipe 200000"; do
  u=
  t=
  for _ in $(seq "$RUNS"); do
    r=$("$W/small-calls" $spec | awk '{print $2}')
    [ -z "$u" ] || [ "$r" -lt "$u" ] && u=$r
    r=$(LD_PRELOAD="$PRE" WEFT_OUTPUT="$W/t.weft" WEFT_STACKS=blocking "$W/small-calls" $spec | awk '{print $2}')
    [ -z "$t" ] || [ "$r" -lt "$t" ] && t=$r
  done
  set -- $spec
  awk -v w="$1" -v c="$2" -v u="$u" -v t="$t" 'BEGIN { printf "%-34s %10d %12.1f %12.1f\n", w, c, u / c, (t - u) / c }'
done
