//go:build js && wasm

// Command worker serves CertScope's HTTP API on Cloudflare Workers through
// github.com/syumai/workers. Its worker.mjs starts a fresh Go instance for
// every request, so nothing is built at init: the engine is built on the
// first /v1/check of each instance (timed in the Server-Timing header).
package main

import (
	"github.com/syumai/workers"

	"github.com/certscope/certscope/internal/api"
)

func main() {
	workers.Serve(api.NewHandler(api.Config{}))
}
