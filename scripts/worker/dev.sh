#!/usr/bin/env bash
# Runs the built Worker locally under workerd with `wrangler dev`, on
# 127.0.0.1:PORT (default 8787), offline and without telemetry. Build first
# with scripts/worker/build.sh (`make worker`). Used by `make worker-dev PORT=N`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${1:-${PORT:-8787}}"
if [ ! -f "$root/wasm/worker/build/app.wasm" ]; then
  echo "dev.sh: no wasm/worker/build/app.wasm; run scripts/worker/build.sh first" >&2
  exit 2
fi
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false # no request.cf download (no network)
export WRANGLER_LOG_PATH="$root/wasm/worker/build/wrangler-logs"
cd "$root/wasm/worker"
exec "$root/node_modules/.bin/wrangler" dev --ip 127.0.0.1 --port "$port" \
  --show-interactive-dev-session=false "${@:2}"
