package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const claim = "Our cameras are unhackable."

// claims returns text with n sentences that are each a finding.
func claims(n int) string {
	return strings.Repeat("Our cameras are unhackable. ", n)
}

func TestFindingsCap(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxFindings: 3})
	rec := postJSON(t, h, `{"text":"`+claims(10)+`"}`)
	res := decodeCheck(t, rec)
	if len(res.Findings) != 3 || !res.Truncated || res.Total != 10 || res.Stats.Findings != 10 {
		t.Fatalf("capped: %d findings, truncated %v, total %d, stats %d", len(res.Findings), res.Truncated, res.Total, res.Stats.Findings)
	}
	// Under the cap nothing is cut, and the answer says so.
	res = decodeCheck(t, postJSON(t, h, `{"text":"`+claims(2)+`"}`))
	if len(res.Findings) != 2 || res.Truncated || res.Total != 2 {
		t.Fatalf("uncapped: %d findings, truncated %v, total %d", len(res.Findings), res.Truncated, res.Total)
	}
	// The default cap is 1000.
	h, _ = newTestHandler(t, Config{})
	res = decodeCheck(t, postJSON(t, h, `{"text":"`+claims(1200)+`"}`))
	if len(res.Findings) != DefaultMaxFindings || !res.Truncated || res.Total != 1200 {
		t.Fatalf("default cap: %d findings, truncated %v, total %d", len(res.Findings), res.Truncated, res.Total)
	}
}

func TestRulesDisable(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	text := "Our cameras are unhackable. We are HIPAA certified."
	all := decodeCheck(t, postJSON(t, h, `{"text":"`+text+`"}`))
	if len(all.Findings) < 2 {
		t.Fatalf("want findings of two rules, got %+v", all.Findings)
	}
	off := all.Findings[0].Rule
	body, _ := json.Marshal(map[string]any{"text": text, "rules": map[string]any{"disable": []string{off}}})
	some := decodeCheck(t, postJSON(t, h, string(body)))
	for _, f := range some.Findings {
		if f.Rule == off {
			t.Errorf("disabled rule %s still reported", off)
		}
	}
	if len(some.Findings) == 0 || some.Total != len(some.Findings) || some.Stats.Findings != len(some.Findings) {
		t.Errorf("after disabling %s: %d findings, total %d, stats %d", off, len(some.Findings), some.Total, some.Stats.Findings)
	}
	wantError(t, postJSON(t, h, `{"text":"x","rules":{"disable":["no-such-rule"]}}`), 400, "unknown_rule")
	wantError(t, postJSON(t, h, `{"text":"x","rules":{"enable":["x"]}}`), 400, "unknown_field")
}

// Beyond MaxPending, a check is answered 503 with Retry-After at once.
func TestBusy(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxConcurrentChecks: 1, MaxPending: 1})
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		req := httptest.NewRequest("POST", "/v1/check", pr)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		done <- rec.Code
	}()
	io.WriteString(pw, `{"text":"Our`) // admitted, reading
	time.Sleep(50 * time.Millisecond)
	rec := postJSON(t, h, `{"text":"a"}`)
	wantError(t, rec, 503, "busy")
	if rec.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	// Other routes are not checks and stay available.
	if rec := do(t, h, "GET", "/healthz", "", nil); rec.Code != 200 {
		t.Errorf("healthz while busy: %d", rec.Code)
	}
	io.WriteString(pw, ` cameras are unhackable."}`)
	pw.Close()
	if code := <-done; code != 200 {
		t.Fatalf("admitted check: %d", code)
	}
	decodeCheck(t, postJSON(t, h, `{"text":"a"}`)) // the place is free again
}

func request(h http.Handler, method, path string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestOrigins(t *testing.T) {
	// By default no CORS headers, and a browser request from any web page
	// is refused.
	h, _ := newTestHandler(t, Config{})
	rec := request(h, "GET", "/v1/packs", nil)
	if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no Origin: %d, ACAO %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	rec = request(h, "GET", "/v1/packs", map[string]string{"Origin": "https://evil.example"})
	wantError(t, rec, 403, "forbidden_origin")
	rec = request(h, "OPTIONS", "/v1/check", map[string]string{"Origin": "https://evil.example"})
	if rec.Code != 403 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from an unknown origin: %d %v", rec.Code, rec.Header())
	}
	// A named origin gets CORS headers, echoed, and others still do not.
	h, _ = newTestHandler(t, Config{AllowOrigins: []string{"https://docs.example.com"}})
	rec = request(h, "OPTIONS", "/v1/check", map[string]string{"Origin": "https://docs.example.com"})
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "https://docs.example.com" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "Content-Type") || rec.Header().Get("Vary") != "Origin" {
		t.Errorf("preflight from an allowed origin: %d %v", rec.Code, rec.Header())
	}
	wantError(t, request(h, "GET", "/v1/packs", map[string]string{"Origin": "https://docs.example.com.evil.example"}), 403, "forbidden_origin")
	// "*" allows any.
	h, _ = newTestHandler(t, Config{AllowOrigins: []string{"*"}})
	if rec := request(h, "GET", "/healthz", map[string]string{"Origin": "https://a.example"}); rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "https://a.example" {
		t.Errorf("*: %d %v", rec.Code, rec.Header())
	}
}

// DNS rebinding: a page at http://attacker.example:9900 whose name now
// resolves to 127.0.0.1 sends Host: attacker.example:9900.
func TestAllowHosts(t *testing.T) {
	h, _ := newTestHandler(t, Config{AllowHosts: []string{"127.0.0.1:9900", "localhost:9900", "[::1]:9900"}})
	for _, host := range []string{"127.0.0.1:9900", "LOCALHOST:9900", "[::1]:9900"} {
		if rec := request(h, "GET", "/healthz", map[string]string{"Host": host}); rec.Code != 200 {
			t.Errorf("Host %s: %d", host, rec.Code)
		}
	}
	for _, host := range []string{"attacker.example:9900", "127.0.0.1:9901", "", "localhost"} {
		wantError(t, request(h, "GET", "/healthz", map[string]string{"Host": host}), 403, "forbidden_host")
	}
}

func TestToken(t *testing.T) {
	h, _ := newTestHandler(t, Config{Token: "s3cret-token"})
	if rec := request(h, "GET", "/healthz", nil); rec.Code != 200 {
		t.Errorf("healthz needs no token: %d", rec.Code)
	}
	for _, auth := range []string{"", "Bearer wrong-token1", "Bearer s3cret-toke", "s3cret-token", "Basic s3cret-token"} {
		rec := request(h, "GET", "/v1/packs", map[string]string{"Authorization": auth})
		wantError(t, rec, 401, "unauthorized")
		if rec.Header().Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
	}
	if rec := request(h, "GET", "/v1/packs", map[string]string{"Authorization": "Bearer s3cret-token"}); rec.Code != 200 {
		t.Errorf("right token: %d", rec.Code)
	}
}

func TestRateLimit(t *testing.T) {
	h, _ := newTestHandler(t, Config{RateLimit: 3})
	from := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := 0; i < 3; i++ {
		if rec := from("203.0.113.7:5000"); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := from("203.0.113.7:5001") // same address, another port
	wantError(t, rec, 429, "rate_limited")
	if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
	if rec := from("203.0.113.8:5000"); rec.Code != 200 {
		t.Errorf("another client limited: %d", rec.Code)
	}
	// Loopback clients are exempt unless asked.
	for i := 0; i < 5; i++ {
		if rec := from("127.0.0.1:4000"); rec.Code != 200 {
			t.Fatalf("loopback request %d: %d", i, rec.Code)
		}
	}
}

func TestLimiterRefillsAndBounded(t *testing.T) {
	l := newLimiter(60) // one a second
	t0 := time.Unix(1000, 0)
	for i := 0; i < 60; i++ {
		if _, ok := l.allow("a", t0); !ok {
			t.Fatalf("burst request %d refused", i)
		}
	}
	if wait, ok := l.allow("a", t0); ok || wait != 1 {
		t.Fatalf("61st: ok %v wait %d", ok, wait)
	}
	if _, ok := l.allow("a", t0.Add(1100*time.Millisecond)); !ok {
		t.Fatal("not refilled after a second")
	}
	for i := 0; i < 3*maxClients; i++ {
		l.allow(strconv.Itoa(i), t0.Add(time.Duration(i)*time.Minute))
	}
	if len(l.buckets) > maxClients {
		t.Fatalf("%d buckets kept", len(l.buckets))
	}
}

// The compact form carries each card once and the same findings as the
// default form.
func TestCompactForm(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxFindings: 5})
	text := claims(4) + "We are HIPAA certified. " + claims(3)
	full := decodeCheck(t, postJSON(t, h, `{"text":"`+text+`"}`))
	rec := postJSON(t, h, `{"text":"`+text+`","compact":true}`)
	var c CompactResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || rec.Code != 200 {
		t.Fatalf("%d %v", rec.Code, err)
	}
	if len(c.Cards) != 2 || len(c.Findings) != 5 || !c.Truncated || c.Total != full.Total || c.Total != 8 {
		t.Fatalf("cards %d findings %d truncated %v total %d", len(c.Cards), len(c.Findings), c.Truncated, c.Total)
	}
	for i, cf := range c.Findings {
		f, card := full.Findings[i], c.Cards[cf.Card]
		if cf.Start != f.Start || cf.End != f.End || cf.Claim != f.Claim || cf.Rule != f.Rule ||
			card.Rule != f.Rule || card.Scheme != f.Scheme || card.Title != f.Title || card.Explanation != f.Explanation || len(card.Sources) != len(f.Sources) {
			t.Errorf("finding %d: %+v with card %+v, want %+v", i, cf, card, f)
		}
	}
	if len(rec.Body.Bytes()) >= len(postJSON(t, h, `{"text":"`+text+`"}`).Body.Bytes()) {
		t.Error("compact form is not smaller")
	}
}

// The streamed response is what encoding/json writes for CheckResponse
// (the schema-v1 contract), stats included.
func TestCheckResponseMatchesEncodingJSON(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxFindings: 2})
	rec := postJSON(t, h, `{"html":"<p>Our <b>cameras</b> are unhackable. We are HIPAA certified. The vault is unhackable. caf\u00e9 \u2028 <x></p>"}`)
	res := decodeCheck(t, rec)
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	e.Encode(res)
	if got := rec.Body.String(); got != buf.String() {
		t.Errorf("response differs from encoding/json:\n got %s\nwant %s", got, buf.String())
	}
}

// After a burst of large checks the heap memory held from the operating
// system goes back near where it was, a second after the last check
// (without ReleaseMemory the runtime keeps the peak for minutes).
func TestMemoryReleasedAfterBurst(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxConcurrentChecks: 2, ReleaseMemory: true})
	postJSON(t, h, `{"text":"a"}`)
	held := func() float64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapSys-m.HeapReleased) / 1e6
	}
	body := `{"text":"` + claims(40000) + `"}` // 1.1 MB, 40,000 findings
	// One large check first, released, so that what a first large check
	// keeps for good (the engine's tables and caches grown to its size)
	// is part of the baseline: the test is about a burst's peak.
	decodeCheck(t, postJSON(t, h, body))
	time.Sleep(1500 * time.Millisecond)
	runtime.GC()
	debug.FreeOSMemory()
	before := held()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); decodeCheck(t, postJSON(t, h, body)) }()
	}
	wg.Wait()
	peak := held()
	// The release runs on a timer a second after the last check; on a
	// loaded machine it can run later, so wait for it (up to 15 s) rather
	// than for a fixed time.
	start := time.Now()
	after := held()
	for after > before+4 && time.Since(start) < 15*time.Second {
		time.Sleep(250 * time.Millisecond)
		after = held()
	}
	if peak < before+10 || after > before+4 {
		t.Errorf("heap held from the OS: before %.1f MB, peak %.1f MB, %.1f s after %.1f MB", before, peak, time.Since(start).Seconds(), after)
	}
}

// With a rate limit, one address holds at most maxPendingPerClient checks
// in progress; another address is still admitted.
func TestPendingPerClient(t *testing.T) {
	h, _ := newTestHandler(t, Config{RateLimit: 1000, MaxConcurrentChecks: 1})
	var pws []*io.PipeWriter
	done := make(chan int, maxPendingPerClient)
	for i := 0; i < maxPendingPerClient; i++ {
		pr, pw := io.Pipe()
		pws = append(pws, pw)
		go func() {
			req := httptest.NewRequest("POST", "/v1/check", pr)
			req.RemoteAddr = "203.0.113.9:1000"
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			done <- rec.Code
		}()
		io.WriteString(pw, `{"text":"slow`)
	}
	time.Sleep(100 * time.Millisecond)
	post := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/v1/check", strings.NewReader(`{"text":"`+claim+`"}`))
		req.RemoteAddr = addr
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	wantError(t, post("203.0.113.9:2000"), 503, "busy")
	if rec := post("203.0.113.10:2000"); rec.Code != 200 {
		t.Errorf("another address: %d", rec.Code)
	}
	for _, pw := range pws {
		io.WriteString(pw, `"}`)
		pw.Close()
	}
	for range pws {
		if code := <-done; code != 200 {
			t.Errorf("slow check: %d", code)
		}
	}
	if rec := post("203.0.113.9:3000"); rec.Code != 200 {
		t.Errorf("after the slow checks: %d", rec.Code)
	}
}
