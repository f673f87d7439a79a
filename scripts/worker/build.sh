#!/usr/bin/env bash
# Builds the CertScope Worker into wasm/worker/build/: syumai/workers' JS glue
# (worker.mjs, runtime.mjs, wasm_exec.js) and app.wasm. Used by `make worker`.
# Prints the raw and gzip sizes (Cloudflare's free plan allows 3 MB gzipped).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out=wasm/worker/build
version="$(tr -d ' \n' < VERSION)"

# The generator wipes its output directory, so it runs first. It comes from
# the syumai/workers version pinned in go.mod (v0.32.0): no network needed.
go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o "$out"
# Our glue keeps one Go instance per isolate (see wasm/worker/main.go).
cp wasm/worker/worker.mjs "$out/worker.mjs"
GOOS=js GOARCH=wasm go build -trimpath \
  -ldflags="-s -w -X github.com/certscope/certscope/internal/api.Version=$version" \
  -o "$out/app.wasm" ./wasm/worker

raw=0 gz=0
for f in "$out"/app.wasm "$out"/*.mjs "$out"/*.js; do
  raw=$((raw + $(wc -c < "$f")))
  gz=$((gz + $(gzip -9c "$f" | wc -c)))
done
echo "worker: $out (version $version): $raw bytes raw, $gz bytes gzip -9 (limit 3145728 on the free plan)"
