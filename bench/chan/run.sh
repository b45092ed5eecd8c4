#!/bin/sh
# The channel benchmark: the same workloads with libweft-chan, with the
# learner's channel (a mutex and two condvars), and in Go, in one run.
#   bench/chan/run.sh [scale] [rounds]   # scale 1, 1 round: ~30 s; 0.3 for a quick look
# Prints ns per operation and C/Go ratios; then the cost of spinning before
# sleeping (WEFT_CHAN_SPIN_NS=0 against the default), in wall and CPU time.
# Optional: WEFT=path/to/weft adds the traced/untraced ratio (weft record).
# With rounds > 1, each round runs Go, weft (and weft traced) back to back, so
# each ratio compares runs made under about the same load; the tables give
# the median and the range (min-max) over the rounds, of the times and of the
# per-round ratios. On a shared machine, quote ranges.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scale=${1:-1}
rounds=${2:-1}
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

echo "# $(go version | cut -d' ' -f3), GOMAXPROCS=2, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg), scale $scale, $rounds round(s)"
: > "$out/all.txt" # round impl workload ns
for r in $(seq "$rounds"); do
  GOMAXPROCS=2 "$out/bench-chan-go" "$scale" | awk -v r="$r" '{print r, "go", $1, $3}' >> "$out/all.txt"
  "$out/bench-chan" "$scale" | awk -v r="$r" '{print r, $2, $1, $3}' >> "$out/all.txt"
  if [ -n "${WEFT:-}" ]; then
    WEFT_BENCH_NO_LEARNER=1 "$WEFT" record -o "$out/trace.weft" -- "$out/bench-chan" "$scale" \
      2>/dev/null | awk -v r="$r" '{print r, "traced", $1, $3}' >> "$out/all.txt" || true
    rm -f "$out/trace.weft"
  fi
done

# median and range of the values on stdin, one a line
stats() {
  sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) { printf "n/a"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    if (NR == 1) printf "%.1f", m; else printf "%.1f (%.1f-%.1f)", m, v[1], v[NR] }'
}
# vals impl workload: its times; ratio a b workload -> per-round a/b
vals() { awk -v i="$1" -v w="$2" '$2 == i && $3 == w {print $4}' "$out/all.txt"; }
ratios() {
  awk -v a="$1" -v b="$2" -v w="$3" '$3 == w && $2 == a {x[$1] = $4} $3 == w && $2 == b {y[$1] = $4}
    END {for (r in x) if (r in y && y[r] > 0) print x[r] / y[r]}' "$out/all.txt"
}

printf '%-9s %-24s %-24s %-24s %-16s %-16s\n' workload go weft learner weft/go learner/go
for w in pingpong buffered mpmc select4; do
  printf '%-9s %-24s %-24s %-24s %-16s %-16s\n' "$w" "$(vals go $w | stats)" "$(vals weft $w | stats)" \
    "$(vals learner $w | stats)" "$(ratios weft go $w | stats)" "$(ratios learner go $w | stats)"
done
echo "# ns per op: pingpong per round trip, the others per item; select4: one"
echo "# producer per channel, one consumer selecting over the four; capacity 128."
echo "# each cell: median (min-max) over the rounds; ratios are per round."

if [ -n "${WEFT:-}" ]; then
  echo
  echo "# traced / untraced ($WEFT record)"
  printf '%-9s %-26s %-26s %-16s\n' workload untraced traced ratio
  for w in pingpong buffered mpmc select4; do
    printf '%-9s %-26s %-26s %-16s\n' "$w" "$(vals weft $w | stats)" "$(vals traced $w | stats)" \
      "$(ratios traced weft $w | stats)"
  done
fi

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
