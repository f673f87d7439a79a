package api

import (
	"math"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// guard applies the per-request access rules before routing: Host (DNS
// rebinding), Origin (CORS), rate limit and bearer token. It reports
// whether the request may go on; otherwise it has answered.
func (h *Handler) guard(w http.ResponseWriter, r *http.Request) bool {
	if len(h.cfg.AllowHosts) > 0 && !hostAllowed(h.cfg.AllowHosts, r.Host) {
		writeError(w, r, http.StatusForbidden, "forbidden_host",
			"Host "+strconv.Quote(truncate(r.Host, 100))+" is not served here (see --allow-host)")
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		if !originAllowed(h.cfg.AllowOrigins, o) {
			writeError(w, r, http.StatusForbidden, "forbidden_origin",
				"origin "+strconv.Quote(truncate(o, 100))+" may not call this API (see --allow-origin)")
			return false
		}
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Add("Vary", "Origin")
		w.Header().Set("Access-Control-Expose-Headers", "X-Request-Id, Server-Timing, Retry-After")
	}
	if h.limiter != nil && (h.cfg.RateLimitLoopback || !isLoopback(r.RemoteAddr)) {
		if wait, ok := h.limiter.allow(clientKey(r.RemoteAddr), time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(wait))
			writeError(w, r, http.StatusTooManyRequests, "rate_limited",
				"too many requests from this address; retry after "+strconv.Itoa(wait)+" s")
			return false
		}
	}
	if h.cfg.Token != "" && r.URL.Path != "/healthz" && r.Method != http.MethodOptions {
		if !tokenOK(r.Header.Get("Authorization"), h.cfg.Token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="certscope"`)
			writeError(w, r, http.StatusUnauthorized, "unauthorized", "this API needs Authorization: Bearer <token>")
			return false
		}
	}
	return true
}

func hostAllowed(allow []string, host string) bool {
	host = strings.ToLower(host)
	bare := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		bare = h
		if strings.Contains(h, ":") {
			bare = "[" + h + "]"
		}
	}
	for _, a := range allow {
		a = strings.ToLower(a)
		if a == host || a == bare {
			return true
		}
	}
	return false
}

func originAllowed(allow []string, origin string) bool {
	for _, a := range allow {
		if a == "*" || strings.EqualFold(strings.TrimRight(a, "/"), origin) {
			return true
		}
	}
	return false
}

// tokenOK compares in time independent of where the strings differ.
func tokenOK(header, token string) bool {
	got, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || len(got) != len(token) {
		return false
	}
	var d byte
	for i := 0; i < len(got); i++ {
		d |= got[i] ^ token[i]
	}
	return d == 0
}

func isLoopback(remote string) bool {
	ip := net.ParseIP(clientKey(remote))
	return ip != nil && ip.IsLoopback()
}

func clientKey(remote string) string {
	if h, _, err := net.SplitHostPort(remote); err == nil {
		return h
	}
	return remote
}

// limiter is a token bucket per client address: perMin requests a minute,
// bursts of up to perMin. Its map is bounded: full buckets are dropped
// when it grows past maxClients.
type limiter struct {
	mu      sync.Mutex
	perMin  float64
	buckets map[string]*bucket
	pending map[string]int // checks in progress per address
}

// maxPendingPerClient is how many checks one address may have admitted at
// once (reading, waiting or running) when clients are rate-limited.
const maxPendingPerClient = 4

// enter admits one more check from key, unless it has maxPendingPerClient.
func (l *limiter) enter(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[key] >= maxPendingPerClient {
		return false
	}
	l.pending[key]++
	return true
}

func (l *limiter) leave(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[key]--; l.pending[key] <= 0 {
		delete(l.pending, key)
	}
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxClients = 10000

func newLimiter(perMin int) *limiter {
	return &limiter{perMin: float64(perMin), buckets: map[string]*bucket{}, pending: map[string]int{}}
}

// allow takes a token for key; if none is left it returns the seconds to
// wait.
func (l *limiter) allow(key string, now time.Time) (wait int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.prune(now)
		}
		b = &bucket{tokens: l.perMin, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.perMin, b.tokens+now.Sub(b.at).Minutes()*l.perMin)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return max(1, int(math.Ceil((1-b.tokens)*60/l.perMin))), false
}

// prune drops buckets that have refilled; if every client is active it
// drops them all (the limit resets rather than memory growing).
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Minutes()*l.perMin >= l.perMin {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}

// releaser hands freed memory back to the operating system once no check
// has run for a second after a large one: the Go runtime otherwise keeps
// a burst's peak for minutes.
type releaser struct {
	mu     sync.Mutex
	active int
	dirty  bool
	timer  *time.Timer
}

// releaseAfter is the threshold (bytes of checked text) that marks a check
// as large.
const releaseAfter = 256 << 10

func (r *releaser) begin() {
	r.mu.Lock()
	r.active++
	if r.timer != nil {
		r.timer.Stop()
	}
	r.mu.Unlock()
}

func (r *releaser) end(size int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.active--
	if size >= releaseAfter {
		r.dirty = true
	}
	if r.active == 0 && r.dirty {
		if r.timer == nil {
			r.timer = time.AfterFunc(time.Second, r.fire)
		} else {
			r.timer.Reset(time.Second)
		}
	}
}

func (r *releaser) fire() {
	r.mu.Lock()
	if r.active > 0 || !r.dirty {
		r.mu.Unlock()
		return
	}
	r.dirty = false
	r.mu.Unlock()
	// Two collections: sync.Pool keeps its objects through one (the engine's
	// scratch buffers sized for the largest text would stay).
	runtime.GC()
	debug.FreeOSMemory()
}
