package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/htmltext"
	"github.com/certscope/certscope/internal/kb"
)

func newTestHandler(t testing.TB, cfg Config) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg.Logger = log.New(&logs, "", 0)
	return NewHandler(cfg), &logs
}

// do sends one request through the handler and checks the invariants every
// response must keep: JSON content type (except 204 and HEAD), a request id.
func do(t testing.TB, h http.Handler, method, path, ctype string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("X-Request-Id") == "" {
		t.Errorf("%s %s: no X-Request-Id", method, path)
	}
	if rec.Code != http.StatusNoContent && method != http.MethodHead {
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", method, path, ct)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s %s: body is not JSON: %q", method, path, rec.Body.String())
		}
	}
	return rec
}

func postJSON(t testing.TB, h http.Handler, body string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, "/v1/check", "application/json", strings.NewReader(body))
}

func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) errorBody {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body: %v", err)
	}
	if e.Error.Code != code || e.Error.Message == "" {
		t.Fatalf("error %+v, want code %q and a message", e.Error, code)
	}
	return e
}

func decodeCheck(t *testing.T, rec *httptest.ResponseRecorder) CheckResponse {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var res CheckResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Findings == nil {
		t.Fatal(`"findings" must be an array, not null`)
	}
	return res
}

// u16 slices s by UTF-16 offsets, as a JavaScript client would.
func u16(s string, start, end int) string {
	u := utf16.Encode([]rune(s))
	if start < 0 || end > len(u) || start > end {
		return "<out of range>"
	}
	return string(utf16.Decode(u[start:end]))
}

// claimWith returns the finding whose sentence, as sliced by its UTF-16
// offsets from text, contains word.
func claimWith(t *testing.T, text string, fs []engine.Finding, word string) engine.Finding {
	t.Helper()
	for _, f := range fs {
		if strings.Contains(strings.ToLower(u16(text, f.Start, f.End)), word) &&
			f.Claim.Start >= f.Start && f.Claim.End <= f.End && f.Claim.Start < f.Claim.End {
			return f
		}
	}
	t.Fatalf("no finding whose sentence contains %q in %q: %+v", word, text, fs)
	return engine.Finding{}
}

func TestHealthz(t *testing.T) {
	h, _ := newTestHandler(t, Config{Version: "9.9.9"})
	rec := do(t, h, "GET", "/healthz", "", nil)
	var got health
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 || !got.OK || got.Version != "9.9.9" {
		t.Fatalf("healthz: %d %s (%v)", rec.Code, rec.Body, err)
	}
	rec = do(t, h, "HEAD", "/healthz", "", nil)
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("HEAD healthz: %d %q", rec.Code, rec.Body)
	}
	h, _ = newTestHandler(t, Config{})
	rec = do(t, h, "GET", "/healthz", "", nil)
	if !strings.Contains(rec.Body.String(), `"version":"`+Version+`"`) {
		t.Fatalf("default version: %s", rec.Body)
	}
}

func TestPacks(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	rec := do(t, h, "GET", "/v1/packs", "", nil)
	var got PacksResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s (%v)", rec.Code, rec.Body, err)
	}
	e := engine.Default()
	if len(got.Packs) != len(e.Packs()) || len(got.Packs) == 0 || len(got.Rules) != len(e.Rules()) {
		t.Fatalf("got %d packs, %d rules; engine has %d, %d", len(got.Packs), len(got.Rules), len(e.Packs()), len(e.Rules()))
	}
	for i, p := range e.Packs() {
		if got.Packs[i].ID != p.ID {
			t.Errorf("pack %d: %q, want %q", i, got.Packs[i].ID, p.ID)
		}
	}
}

func TestSchemes(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	rec := do(t, h, "GET", "/v1/schemes", "", nil)
	var got SchemesResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s (%v)", rec.Code, rec.Body, err)
	}
	all := kb.All()
	if len(got.Schemes) != len(all) || len(all) == 0 {
		t.Fatalf("got %d schemes, kb has %d", len(got.Schemes), len(all))
	}
	id := all[len(all)/2].ID
	rec = do(t, h, "GET", "/v1/schemes/"+id, "", nil)
	var one kb.Scheme
	if err := json.Unmarshal(rec.Body.Bytes(), &one); err != nil || rec.Code != 200 || one.ID != id || one.Name == "" {
		t.Fatalf("scheme %s: %d %s (%v)", id, rec.Code, rec.Body, err)
	}
	wantError(t, do(t, h, "GET", "/v1/schemes/no-such-scheme", "", nil), 404, "unknown_scheme")
	wantError(t, do(t, h, "GET", "/v1/schemes/", "", nil), 404, "not_found")
	wantError(t, do(t, h, "GET", "/v1/schemes/"+id+"/x", "", nil), 404, "not_found")
}

func TestCheckText(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	text := "We make cameras. Our cameras are unhackable."
	res := decodeCheck(t, postJSON(t, h, `{"text":"`+text+`","url":"https://example.com/x","date":"2026-01-15"}`))
	f := claimWith(t, text, res.Findings, "unhackable")
	if f.Rule == "" || f.Pack == "" || f.Title == "" || f.Message == "" || f.Sources == nil {
		t.Errorf("finding lacks fields: %+v", f)
	}
	if res.Text != nil {
		t.Error(`"text" echoed for a text request`)
	}
	if res.Stats.Units != len(text) || res.Stats.Findings != len(res.Findings) {
		t.Errorf("stats %+v", res.Stats)
	}
	// Offsets are UTF-16 units: an astral emoji before the claim counts 2.
	text = "😀 Ünïcode. Our cameras are unhackable."
	body, _ := json.Marshal(map[string]string{"text": text})
	res = decodeCheck(t, postJSON(t, h, string(body)))
	claimWith(t, text, res.Findings, "unhackable")
	// No finding is still an array.
	res = decodeCheck(t, postJSON(t, h, `{"text":"Nothing to see here."}`))
	if len(res.Findings) != 0 {
		t.Errorf("findings in a plain sentence: %+v", res.Findings)
	}
}

func TestCheckPacks(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	packs := engine.Default().Packs()
	body, _ := json.Marshal(map[string]any{"text": "Our cameras are unhackable.", "packs": []string{packs[0].ID}})
	decodeCheck(t, postJSON(t, h, string(body)))
	e := wantError(t, postJSON(t, h, `{"text":"Our cameras are unhackable.","packs":["no-such-pack"]}`), 400, "unknown_pack")
	for _, p := range packs {
		if !strings.Contains(e.Error.Message, p.ID) {
			t.Errorf("unknown_pack message %q does not list %q", e.Error.Message, p.ID)
		}
	}
	wantError(t, postJSON(t, h, `{"text":"x","packs":[""]}`), 400, "unknown_pack")
}

func TestCheckHTML(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	doc := `<!doctype html><html><head><title>unhackable title</title><style>p{}</style></head><body>
<h1>Caf&eacute; cameras</h1><p>Our cameras are <b>unhackable</b>.</p><script>var s = "unhackable";</script></body></html>`
	body, _ := json.Marshal(map[string]string{"html": doc})
	res := decodeCheck(t, postJSON(t, h, string(body)))
	if res.Text == nil {
		t.Fatal(`no "text" in an html response`)
	}
	text := *res.Text
	if strings.Contains(text, "var s") || strings.Contains(text, "title") || !strings.Contains(text, "Café cameras") {
		t.Errorf("extracted text %q", text)
	}
	if len(res.Findings) != 1 {
		t.Errorf("want 1 finding (script and title are not visible), got %+v", res.Findings)
	}
	claimWith(t, text, res.Findings, "unhackable")
}

// Go's JSON decoder turns invalid UTF-8 into U+FFFD, one UTF-16 unit each;
// offsets must agree with that text.
func TestCheckInvalidUTF8(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	raw := "{\"text\":\"\xff\xfe\xc3 Our cameras are unhackable. \xed\xa0\x80\"}"
	res := decodeCheck(t, postJSON(t, h, raw))
	text := "\ufffd\ufffd\ufffd Our cameras are unhackable. \ufffd\ufffd\ufffd"
	f := claimWith(t, text, res.Findings, "unhackable")
	if f.Start > 4 {
		t.Errorf("sentence starts at %d, want within the first 4 units", f.Start)
	}
	// Lone surrogate escapes decode to U+FFFD too.
	res = decodeCheck(t, postJSON(t, h, `{"text":"\ud800 Our cameras are unhackable."}`))
	claimWith(t, "\ufffd Our cameras are unhackable.", res.Findings, "unhackable")
}

func TestCheckErrors(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxBody: 1 << 10})
	for _, c := range []struct {
		body, code string
	}{
		{``, "bad_json"},
		{`{`, "bad_json"},
		{`{"text":"a"`, "bad_json"},
		{`{"text":"a"} {"text":"b"}`, "bad_json"},
		{`{"text":"a"} x`, "bad_json"},
		{`nope`, "bad_json"},
		{`[]`, "bad_json"},
		{`"text"`, "bad_json"},
		{`null`, "missing_text"},
		{`{}`, "missing_text"},
		{`{"text":""}`, "missing_text"},
		{`{"html":""}`, "missing_text"},
		{`{"url":"https://x"}`, "missing_text"},
		{`{"text":"a","html":"<p>a</p>"}`, "text_and_html"},
		{`{"text":"","html":""}`, "text_and_html"},
		{`{"text":1}`, "bad_field"},
		{`{"text":"a","packs":"scope"}`, "bad_field"},
		{`{"text":"a","packs":[1]}`, "bad_field"},
		{`{"text":"a","date":20260101}`, "bad_field"},
		{`{"text":"a","extra":true}`, "unknown_field"},
		{`{"text":"a","date":"2026-13-01"}`, "bad_date"},
		{`{"text":"a","date":"01/02/2026"}`, "bad_date"},
		{`{"text":"a","date":"2026-01-01T00:00:00Z"}`, "bad_date"},
	} {
		t.Run(c.body, func(t *testing.T) {
			wantError(t, postJSON(t, h, c.body), 400, c.code)
		})
	}
}

func TestCheckLimitsAndMediaType(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxBody: 1 << 10})
	big := `{"text":"` + strings.Repeat("a", 2<<10) + `"}`
	// Declared length over the limit.
	wantError(t, postJSON(t, h, big), 413, "body_too_large")
	// Unknown length (chunked): caught while reading.
	req := httptest.NewRequest("POST", "/v1/check", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	wantError(t, rec, 413, "body_too_large")
	// Just under the limit is fine.
	ok := `{"text":"` + strings.Repeat("a", 1000) + `"}`
	decodeCheck(t, postJSON(t, h, ok))

	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/jsonx", "bad/;;"} {
		wantError(t, do(t, h, "POST", "/v1/check", ct, strings.NewReader(`{"text":"a"}`)), 415, "unsupported_media_type")
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"} {
		decodeCheck(t, do(t, h, "POST", "/v1/check", ct, strings.NewReader(`{"text":"a"}`)))
	}
}

func TestRoutingErrors(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	for _, p := range []string{"/", "/v1", "/v1/", "/v1/check/", "/v2/check", "/healthz/", "/V1/packs"} {
		wantError(t, do(t, h, "GET", p, "", nil), 404, "not_found")
	}
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/v1/check", allowPost},
		{"PUT", "/v1/check", allowPost},
		{"POST", "/healthz", allowGet},
		{"DELETE", "/v1/packs", allowGet},
		{"POST", "/v1/schemes", allowGet},
		{"PATCH", "/v1/schemes/iso-27001", allowGet},
		{"T", "/healthz", allowGet},
	} {
		rec := do(t, h, c.method, c.path, "application/json", strings.NewReader(`{}`))
		wantError(t, rec, 405, "method_not_allowed")
		if got := rec.Header().Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	rec := do(t, h, "OPTIONS", "/v1/check", "", nil)
	if rec.Code != 204 || rec.Header().Get("Allow") != allowPost || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("OPTIONS: %d %v", rec.Code, rec.Header())
	}
}

func TestRequestID(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-Id", "abc-123_X.y")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-Id"); got != "abc-123_X.y" {
		t.Errorf("echoed id %q", got)
	}
	for _, bad := range []string{"a b", "<script>", strings.Repeat("a", 65), "é"} {
		req.Header.Set("X-Request-Id", bad)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("X-Request-Id"); got == bad || len(got) != 16 {
			t.Errorf("id for %q: %q, want a generated one", bad, got)
		}
	}
}

// A server bug (a panic) becomes an opaque, logged 500 with the request id.
func TestPanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	hd := &Handler{cfg: Config{Logger: log.New(&logs, "", 0)}}
	h := hd.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internals") }))
	req := httptest.NewRequest("GET", "/boom", nil)
	req.Header.Set("X-Request-Id", "req-42")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	e := wantError(t, rec, 500, "internal")
	if strings.Contains(rec.Body.String(), "secret") || !strings.Contains(e.Error.Message, "req-42") {
		t.Errorf("500 body %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "req-42") || !strings.Contains(logs.String(), "secret internals") {
		t.Errorf("log %q lacks the request id or the panic", logs.String())
	}
}

// Real HTTP over loopback, through net/http's server and client.
func TestLoopback(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxBody: 64 << 10})
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := srv.Client()
	resp, err := c.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = c.Post(srv.URL+"/v1/check", "application/json", strings.NewReader(`{"text":"Our cameras are unhackable."}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("check: %v %v", resp, err)
	}
	var res CheckResponse
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Findings) == 0 {
		t.Fatalf("check body: %+v %v", res, err)
	}
	resp.Body.Close()
	if st := resp.Header.Get("Server-Timing"); !strings.Contains(st, "check;dur=") {
		t.Errorf("Server-Timing %q", st)
	}
	// Over the limit, with a body larger than the server will read.
	resp, err = c.Post(srv.URL+"/v1/check", "application/json", strings.NewReader(`{"text":"`+strings.Repeat("x", 1<<20)+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || !json.Valid(b) {
		t.Fatalf("oversized: %d %s", resp.StatusCode, b)
	}
	// And the server still serves.
	resp, err = c.Get(srv.URL + "/v1/packs")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("packs after 413: %v %v", resp, err)
	}
	resp.Body.Close()
}

// FuzzHandler: whatever a client sends, the answer is never 5xx and always
// JSON (204 and HEAD answers carry no body).
func FuzzHandler(f *testing.F) {
	f.Add("POST", "/v1/check", "application/json", []byte(`{"text":"Our cameras are unhackable."}`))
	f.Add("POST", "/v1/check", "application/json", []byte(`{"html":"<p>HIPAA certified <b>cameras</b></p>","date":"2026-01-01","packs":["absolutes"]}`))
	f.Add("POST", "/v1/check", "application/json; charset=utf-8", []byte("{\"text\":\"\xff\xfe\\ud800\"}"))
	f.Add("POST", "/v1/check", "text/plain", []byte(`x`))
	f.Add("GET", "/v1/schemes/cyber-essentials-plus", "", []byte(nil))
	f.Add("PUT", "/healthz", "", []byte(`{}`))
	f.Add("OPTIONS", "/v1/packs", "", []byte(nil))
	f.Add("HEAD", "/v1/schemes", "", []byte(nil))
	h, _ := newTestHandler(f, Config{MaxBody: 64 << 10})
	f.Fuzz(func(t *testing.T, method, path, ctype string, body []byte) {
		req, err := http.NewRequest(method, "http://x"+path, bytes.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		if ctype != "" {
			req.Header["Content-Type"] = []string{ctype}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q (%q, %q): %d %s", method, path, ctype, body, rec.Code, rec.Body)
		}
		if rec.Code != http.StatusNoContent && req.Method != http.MethodHead && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: not JSON: %q", method, path, rec.Body)
		}
	})
}

// The real pages in testdata: the html route answers what the library
// answers for the same visible text, with offsets inside that text.
func TestCheckRealPages(t *testing.T) {
	pages, err := filepath.Glob("../../testdata/shared/pages/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	h, _ := newTestHandler(t, Config{})
	total := 0
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]string{"html": string(src), "date": "2026-06-01"})
		res := decodeCheck(t, postJSON(t, h, string(body)))
		want := htmltext.FromHTML(src).String()
		if res.Text == nil || *res.Text != want {
			t.Fatalf("%s: extracted text differs from htmltext.FromHTML", p)
		}
		lib, err := engine.Default().Check(want, engine.Options{Date: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(res.Findings)
		b, _ := json.Marshal(lib.Findings)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: API findings differ from engine.Check", p)
		}
		units := len(utf16.Encode([]rune(want)))
		for _, f := range res.Findings {
			if f.Start < 0 || f.End > units || f.Claim.Start < f.Start || f.Claim.End > f.End {
				t.Errorf("%s: finding %s out of range: %+v (text %d units)", p, f.Rule, f, units)
			}
		}
		total += len(res.Findings)
	}
	if total == 0 {
		t.Error("no findings on any real page")
	}
}

// With MaxConcurrentChecks 1, a check whose body is still arriving holds
// no slot: a second check is answered at once. A running check does hold
// it: a third waits, and a waiter whose client goes away gets 408.
func TestMaxConcurrentChecks(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxConcurrentChecks: 1})
	pr, pw := io.Pipe()
	first := make(chan int, 1)
	go func() {
		req := httptest.NewRequest("POST", "/v1/check", pr)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		first <- rec.Code
	}()
	io.WriteString(pw, `{"text":"Our cameras `) // still reading: no slot held
	second := make(chan int, 1)
	go func() { second <- postJSON(t, h, `{"text":"Our cameras are unhackable."}`).Code }()
	select {
	case code := <-second:
		if code != 200 {
			t.Fatalf("second check: %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a check whose body was still arriving blocked another check")
	}
	// Hold the only slot by hand: a waiter whose client goes away gets 408.
	ctx, cancel := context.WithCancel(context.Background())
	held := newHandler(Config{MaxConcurrentChecks: 1, Logger: log.New(io.Discard, "", 0)})
	held.slots <- struct{}{}
	inner := held.middleware(http.HandlerFunc(held.route))
	req := httptest.NewRequest("POST", "/v1/check", strings.NewReader(`{"text":"a"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	cancel()
	inner.ServeHTTP(rec, req)
	wantError(t, rec, 408, "cancelled")

	io.WriteString(pw, `are unhackable."}`)
	pw.Close()
	select {
	case code := <-first:
		if code != 200 {
			t.Errorf("first check: %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("first check never finished")
	}
}
