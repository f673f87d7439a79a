//go:build js && wasm

// Command worker serves CertScope's HTTP API on Cloudflare Workers through
// github.com/syumai/workers. Its worker.mjs starts a fresh Go instance for
// every request, so nothing is built at init: the engine is built on the
// first /v1/check of each instance (timed in the Server-Timing header).
//
// Settings come from the Worker's environment (see docs/api.md):
//
//	CERTSCOPE_TOKEN          if set, "Authorization: Bearer <token>" is
//	                         required on every route but /healthz
//	                         (wrangler secret put CERTSCOPE_TOKEN)
//	CERTSCOPE_ALLOW_ORIGINS  comma-separated web origins given CORS
//	                         headers ("*" for any); default none
package main

import (
	"net/http"
	"strings"
	"sync"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/certscope/certscope/internal/api"
)

func main() {
	var once sync.Once
	var h http.Handler
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The environment is readable only once a request is in flight.
		once.Do(func() {
			var origins []string
			for _, o := range strings.Split(getenv("CERTSCOPE_ALLOW_ORIGINS"), ",") {
				if o = strings.TrimSpace(o); o != "" {
					origins = append(origins, o)
				}
			}
			h = api.NewHandler(api.Config{Token: getenv("CERTSCOPE_TOKEN"), AllowOrigins: origins})
		})
		h.ServeHTTP(w, r)
	}))
}

// getenv reads a Worker variable or secret; "" if there is none (or no
// runtime context, as under plain Node).
func getenv(name string) (v string) {
	defer func() {
		if recover() != nil {
			v = ""
		}
	}()
	return cloudflare.Getenv(name)
}
