// Package api is CertScope's HTTP API as a plain http.Handler. The same
// handler runs natively (`certscope serve`) and on Cloudflare Workers
// (wasm/worker), so it uses nothing beyond net/http and encoding/json.
//
// Routes:
//
//	POST /v1/check         {"text"|"html", "url", "packs", "date"} -> findings
//	GET  /v1/packs         packs and rules
//	GET  /v1/schemes       every scheme in the knowledge base
//	GET  /v1/schemes/{id}  one scheme
//	GET  /healthz          {"ok": true, "version": "..."}
//
// Every response, errors included, is JSON. Errors look like
// {"error": {"code": "...", "message": "..."}}; a 500 means a server bug
// (a recovered panic), never a client mistake.
package api

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/certscope/certscope/internal/engine"
)

// Version is reported by /healthz. Builds set it with
// -ldflags "-X github.com/certscope/certscope/internal/api.Version=$(cat VERSION)".
var Version = "dev"

// DefaultMaxBody is the largest request body accepted (4 MiB).
const DefaultMaxBody = 4 << 20

// Config tunes a Handler. The zero value is ready to use.
type Config struct {
	// Engine checks text; nil means engine.Default(), built lazily on the
	// first check so that /healthz stays cheap (the Worker starts a fresh
	// Go instance per request).
	Engine *engine.Engine
	// Version overrides the package-level Version in /healthz.
	Version string
	// MaxBody is the body limit in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// Logger receives panics (with the request id); nil means stderr.
	Logger *log.Logger
	// MaxConcurrentChecks bounds the checks that run at once. A check
	// takes its slot only after its whole body has been read, so slow
	// clients cannot hold slots. 0 means no bound (the Worker serves one
	// request per instance).
	MaxConcurrentChecks int
	// MaxPending bounds the checks admitted at once: reading a body,
	// waiting for a slot or running. One more is answered 503 with
	// Retry-After. 0 means 8 x MaxConcurrentChecks (unbounded if that is 0).
	MaxPending int
	// MaxFindings caps the findings in one response; the response then
	// says "truncated": true with the total. 0 means DefaultMaxFindings;
	// negative means no cap.
	MaxFindings int
	// AllowOrigins lists the web origins (scheme://host[:port]) that may
	// call the API from a browser; "*" allows any. Empty: no CORS headers,
	// and a request carrying any other Origin is refused (403).
	AllowOrigins []string
	// AllowHosts, if not empty, lists the Host header values accepted
	// (host or host:port, case-insensitive); others get 403. This stops
	// DNS rebinding: a web page whose name resolves to 127.0.0.1 still
	// sends its own name as Host.
	AllowHosts []string
	// Token, if set, is required as "Authorization: Bearer <Token>" on
	// every route but /healthz.
	Token string
	// RateLimit is the requests per minute allowed per client address
	// (with a burst of the same size); 0 means no limit. RateLimitLoopback
	// also limits loopback clients, which are otherwise exempt.
	RateLimit         int
	RateLimitLoopback bool
	// ReleaseMemory returns freed memory to the operating system once the
	// server is idle after a large check (natively; the Worker has no use
	// for it).
	ReleaseMemory bool
}

// DefaultMaxFindings is the default cap on findings per response.
const DefaultMaxFindings = 1000

// Handler serves the API. Create it with NewHandler.
type Handler struct {
	cfg     Config
	slots   chan struct{} // semaphore for MaxConcurrentChecks; nil if unbounded
	pending chan struct{} // admission for MaxPending; nil if unbounded
	limiter *limiter      // nil without a rate limit
	release *releaser     // nil unless ReleaseMemory
}

// NewHandler returns the API handler wrapped in its middleware (request id,
// panic recovery, common headers).
func NewHandler(cfg Config) http.Handler {
	h := newHandler(cfg)
	return h.middleware(http.HandlerFunc(h.route))
}

func newHandler(cfg Config) *Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Version == "" {
		cfg.Version = Version
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "certscope-api: ", log.LstdFlags)
	}
	if cfg.MaxFindings == 0 {
		cfg.MaxFindings = DefaultMaxFindings
	}
	if cfg.MaxPending == 0 {
		cfg.MaxPending = 8 * cfg.MaxConcurrentChecks
	}
	h := &Handler{cfg: cfg}
	if cfg.MaxConcurrentChecks > 0 {
		h.slots = make(chan struct{}, cfg.MaxConcurrentChecks)
	}
	if cfg.MaxPending > 0 {
		h.pending = make(chan struct{}, cfg.MaxPending)
	}
	if cfg.RateLimit > 0 {
		h.limiter = newLimiter(cfg.RateLimit)
	}
	if cfg.ReleaseMemory {
		h.release = &releaser{}
	}
	return h
}

func (h *Handler) engine() *engine.Engine {
	if h.cfg.Engine != nil {
		return h.cfg.Engine
	}
	return engine.Default()
}

const (
	allowGet  = "GET, HEAD, OPTIONS"
	allowPost = "POST, OPTIONS"
)

// route dispatches by path first, then method, so a known path with the
// wrong method gets 405 (with Allow) rather than 404.
func (h *Handler) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/v1/check":
		if h.method(w, r, allowPost) {
			h.check(w, r)
		}
	case p == "/v1/packs":
		if h.method(w, r, allowGet) {
			h.packs(w, r)
		}
	case p == "/v1/schemes":
		if h.method(w, r, allowGet) {
			h.schemes(w, r)
		}
	case strings.HasPrefix(p, "/v1/schemes/") && len(p) > len("/v1/schemes/") && !strings.Contains(p[len("/v1/schemes/"):], "/"):
		if h.method(w, r, allowGet) {
			h.scheme(w, r, p[len("/v1/schemes/"):])
		}
	case p == "/healthz":
		if h.method(w, r, allowGet) {
			writeJSON(w, r, http.StatusOK, health{OK: true, Version: h.cfg.Version})
		}
	default:
		writeError(w, r, http.StatusNotFound, "not_found", "no such route: "+truncate(p, 200))
	}
}

// method answers OPTIONS (CORS preflight) and wrong methods itself and
// reports whether the route's own handler should run.
func (h *Handler) method(w http.ResponseWriter, r *http.Request, allow string) bool {
	switch {
	case r.Method == http.MethodOptions:
		w.Header().Set("Allow", allow)
		if w.Header().Get("Access-Control-Allow-Origin") != "" {
			w.Header().Set("Access-Control-Allow-Methods", allow)
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, X-Request-Id, Authorization")
			w.Header().Set("Access-Control-Max-Age", "86400")
		}
		w.WriteHeader(http.StatusNoContent)
		return false
	case allowed(allow, r.Method):
		return true
	}
	w.Header().Set("Allow", allow)
	writeError(w, r, http.StatusMethodNotAllowed, "method_not_allowed",
		"method "+truncate(r.Method, 20)+" not allowed; allowed: "+allow)
	return false
}

type health struct {
	OK      bool   `json:"ok"`
	Version string `json:"version"`
}

func allowed(allow, method string) bool {
	for _, m := range strings.Split(allow, ", ") {
		if m == method {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
