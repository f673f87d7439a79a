#!/usr/bin/env bash
# make bench: runs every CertScope benchmark and writes docs/performance.md.
#
#   scripts/bench.sh                 full run (about 5 minutes on 2 cores)
#   BENCH_QUICK=1 scripts/bench.sh   fewer repetitions (a smoke test)
#   BENCH_OUT=FILE                   write the report elsewhere
#   BENCH_WORK=DIR                   keep the pages, builds and raw JSON in DIR
#   BENCH_WAIT=SECONDS               wait at most this long for a quiet machine (default 120)
#
# Steps: generate pages (scripts/bench/gen), build the extension into the
# work directory (go run ./scripts/build; dist/ is left alone), then the
# native engine (go test benchmarks, scripts/bench/native, a CPU profile of
# the engine build), wasm in Node (scripts/bench/wasm.mjs), headless
# Chromium (scripts/bench/page.mjs), certscope check vs grep
# (scripts/bench/grep.mjs), and the report (scripts/bench/report.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-go}
NODE=${NODE:-node}
OUT=${BENCH_OUT:-$ROOT/docs/performance.md}
WORK=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/certscope-bench.XXXXXX")}
mkdir -p "$WORK"
if [ -z "${BENCH_WORK:-}" ]; then trap 'rm -rf "$WORK"' EXIT; fi

if [ -n "${BENCH_QUICK:-}" ]; then
  COUNT=2 RUNS=3 COLD=3 PAGE_RUNS=3 PAGE2M_RUNS=1
else
  COUNT=5 RUNS=9 COLD=7 PAGE_RUNS=11 PAGE2M_RUNS=3
fi
step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }
# try runs one measurement; a failure is logged and reported as "not
# measured" instead of stopping the other measurements.
failed=()
try() {
  local what=$1
  shift
  if ! "$@"; then
    echo "bench: $what failed" >&2
    failed+=("$what")
  fi
}
start=$(date +%s)

# The machine is shared: wait (up to BENCH_WAIT seconds, default 120) for
# the 1-minute load average to drop below the number of cores, so other
# work disturbs the figures less. The report states the load either way.
waited=0
max_wait=${BENCH_WAIT:-120}
while [ "$waited" -lt "$max_wait" ] && awk -v n="$(nproc)" '{exit !($1 >= n)}' /proc/loadavg; do
  [ "$waited" -eq 0 ] && echo "bench: load $(cut -d' ' -f1 /proc/loadavg) >= $(nproc) cores; waiting up to ${max_wait}s" >&2
  sleep 5
  waited=$((waited + 5))
done

# The machine, for the report.
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "go=$($GO version | awk '{print $3}')"
  echo "node=$($NODE --version)"
  echo "chromium=$( (/usr/lib/chromium/chromium --version || chromium --version) 2>/dev/null | head -1 | sed 's/ *$//' || echo none)"
  echo "grep=$(grep --version | head -1)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "waited_s=$waited"
} >"$WORK/machine.env"

step "generating pages"
$GO run ./scripts/bench/gen -out "$WORK/data" -sizes 200k,2m,16m

step "building the extension (chrome) into $WORK/dist"
EXT="$WORK/dist/chrome"
if ! $GO run ./scripts/build -out "$WORK/dist" -browsers chrome -no-archive -q >"$WORK/build.log" 2>&1; then
  cat "$WORK/build.log" >&2
  if [ -f dist/chrome/engine.wasm ]; then
    echo "bench: build failed; measuring the existing dist/chrome instead" >&2
    EXT="$ROOT/dist/chrome"
    echo "ext_note=the build failed; dist/chrome from an earlier build was measured" >>"$WORK/machine.env"
  else
    echo "bench: build failed and there is no dist/chrome" >&2
    exit 1
  fi
fi
if [ "$EXT" = "$WORK/dist/chrome" ]; then
  echo "ext=the working tree's extension, built with go run ./scripts/build -browsers chrome into the work directory" >>"$WORK/machine.env"
else
  echo "ext=$EXT" >>"$WORK/machine.env"
fi

step "native: go test benchmarks (count $COUNT)"
gobench() {
  $GO test -run '^$' -bench . -benchmem -count "$COUNT" -o "$WORK/engine.test" ./internal/engine | tee "$WORK/gobench.txt" >&2
}
try "go test -bench ./internal/engine" gobench

step "native: certscope check, single-line vs multi-line files (1, 2, 4 MB)"
layoutbench() {
  $GO test -run '^$' -bench CheckLineLayout -benchtime 3x -count "$COUNT" ./cmd/certscope | tee -a "$WORK/gobench.txt" >&2
}
try "go test -bench CheckLineLayout ./cmd/certscope" layoutbench

step "native: engine build CPU profile"
profile() {
  "$WORK/engine.test" -test.run '^$' -test.bench '^BenchmarkDefaultBuild$' -test.benchtime 2s \
    -test.cpuprofile "$WORK/build.prof" >/dev/null &&
    $GO tool pprof -top -nodecount 25 "$WORK/engine.test" "$WORK/build.prof" >"$WORK/build-prof.txt" 2>/dev/null &&
    $GO tool pprof -top -cum -nodecount 25 "$WORK/engine.test" "$WORK/build.prof" >"$WORK/build-prof-cum.txt" 2>/dev/null
}
try "build profile" profile

step "native: generated pages"
try "scripts/bench/native" $GO run ./scripts/bench/native -data "$WORK/data" -runs "$RUNS" -out "$WORK/native.json" >/dev/null

step "engine build cost, native and wasm (fresh processes)"
buildcost() {
  $GO build -o "$WORK/buildcost" ./scripts/bench/buildcost &&
    GOOS=js GOARCH=wasm $GO build -trimpath -ldflags='-s -w' -o "$WORK/buildcost.wasm" ./scripts/bench/buildcost || return 1
  for _ in $(seq "$COLD"); do "$WORK/buildcost" -n 10 || return 1; done >"$WORK/buildcost-native.jsonl"
  for _ in $(seq "$COLD"); do
    $NODE "$($GO env GOROOT)/lib/wasm/wasm_exec_node.js" "$WORK/buildcost.wasm" -n 10 || return 1
  done >"$WORK/buildcost-wasm.jsonl"
}
try "scripts/bench/buildcost" buildcost

step "wasm in Node"
try "scripts/bench/wasm.mjs" $NODE scripts/bench/wasm.mjs --ext "$EXT" --data "$WORK/data" --runs "$RUNS" --cold "$COLD" --out "$WORK/wasm.json" >/dev/null

step "headless Chromium"
try "scripts/bench/page.mjs" $NODE scripts/bench/page.mjs --ext "$EXT" --data "$WORK/data" --runs "$PAGE_RUNS" --runs2m "$PAGE2M_RUNS" --out "$WORK/page.json" >/dev/null

step "certscope check vs grep"
grepcmp() {
  $GO build -o "$WORK/certscope" ./cmd/certscope &&
    $NODE scripts/bench/grep.mjs --bin "$WORK/certscope" --data "$WORK/data" --runs "$RUNS" --out "$WORK/grep.json" >/dev/null
}
try "scripts/bench/grep.mjs" grepcmp

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/machine.env"
echo "duration_s=$(($(date +%s) - start))" >>"$WORK/machine.env"
echo "quick=${BENCH_QUICK:-}" >>"$WORK/machine.env"
echo "failed=${failed[*]:-}" >>"$WORK/machine.env"

step "report"
$NODE scripts/bench/report.mjs --work "$WORK" --out "$OUT"
echo "bench: wrote $OUT (raw results in $WORK)" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
