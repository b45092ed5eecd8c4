#!/bin/sh
# The channel benchmark: the same workloads with libweft-chan, with the
# learner's channel (a mutex and two condvars), and in Go, in one run.
#   bench/chan/run.sh [scale]        # scale 1 is ~30 s; 0.3 for a quick look
# Prints ns per operation and C/Go ratios; then the cost of spinning before
# sleeping (WEFT_CHAN_SPIN_NS=0 against the default), in wall and CPU time.
# Optional: WEFT=path/to/weft adds the traced/untraced ratio (weft record).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scale=${1:-1}
out=$(mktemp -d /tmp/weft-bench-chan.XXXXXX)
trap 'rm -rf "$out"' EXIT

if ! command -v go >/dev/null 2>&1; then
  echo "installing golang-go..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q golang-go >&2
  else sudo apt-get install -y -q golang-go >&2; fi
fi

cc=${CC:-cc}
# The library as meson builds it (debugoptimized: -O2), straight from the sources.
$cc -O2 -g -fPIC -shared -D_GNU_SOURCE -o "$out/libweft-chan.so" "$root"/chan/*.c -lpthread
$cc -O2 -g -D_GNU_SOURCE -I"$root/chan" -o "$out/bench-chan" "$here/bench-chan.c" \
  -L"$out" -lweft-chan -Wl,-rpath,"$out" -lpthread
cp "$here/bench_chan.go" "$out/"
(cd "$out" && GOCACHE="$out/gocache" GO111MODULE=off go build -o bench-chan-go bench_chan.go)

echo "# $(go version | cut -d' ' -f3), GOMAXPROCS=2, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
GOMAXPROCS=2 "$out/bench-chan-go" "$scale" > "$out/go.txt"
"$out/bench-chan" "$scale" > "$out/c.txt"

printf '%-10s %10s %10s %10s %8s %8s\n' workload go weft learner weft/go learner/go
for w in pingpong buffered mpmc select4; do
  g=$(awk -v w=$w '$1==w && $2=="go" {print $3}' "$out/go.txt")
  c=$(awk -v w=$w '$1==w && $2=="weft" {print $3}' "$out/c.txt")
  l=$(awk -v w=$w '$1==w && $2=="learner" {print $3}' "$out/c.txt")
  awk -v w=$w -v g="$g" -v c="$c" -v l="${l:-}" 'BEGIN {
    printf "%-10s %10.1f %10.1f %10s %8.2f %8s\n", w, g, c, (l == "" ? "n/a" : sprintf("%.1f", l)),
      c / g, (l == "" ? "n/a" : sprintf("%.2f", l / g)) }'
done
echo "# ns per op: pingpong per round trip, the others per item; select4: one"
echo "# producer per channel, one consumer selecting over the four; capacity 128."

echo
echo "# spin before sleeping: wall ns/op and CPU ns/op (all threads)"
printf '%-10s %-12s %10s %10s\n' workload spin wall cpu
for w in pingpong buffered; do
  for s in 0 default; do
    if [ $s = 0 ]; then r=$(WEFT_BENCH_NO_LEARNER=1 WEFT_CHAN_SPIN_NS=0 "$out/bench-chan" "$scale" $w)
    else r=$(WEFT_BENCH_NO_LEARNER=1 "$out/bench-chan" "$scale" $w); fi
    echo "$r" | awk -v s=$s '{printf "%-10s %-12s %10.1f %10.1f\n", $1, s, $3, $4}'
  done
done

if [ -n "${WEFT:-}" ]; then
  echo
  echo "# traced / untraced ($WEFT record)"
  WEFT_BENCH_NO_LEARNER=1 "$WEFT" record -o "$out/trace.weft" -- "$out/bench-chan" "$scale" \
    > "$out/traced.txt" 2>/dev/null || true
  for w in pingpong buffered mpmc select4; do
    c=$(awk -v w=$w '$1==w && $2=="weft" {print $3}' "$out/c.txt")
    t=$(awk -v w=$w '$1==w && $2=="weft" {print $3}' "$out/traced.txt")
    [ -n "$t" ] && awk -v w=$w -v c="$c" -v t="$t" 'BEGIN {printf "%-10s %10.1f %10.1f %6.2f\n", w, c, t, t / c}'
  done
fi
