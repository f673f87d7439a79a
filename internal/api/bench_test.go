package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// tenKB is a 10 KB page of mostly neutral prose with a claim every few
// sentences, as in scripts/worker/worker.test.mjs.
func tenKB() string {
	para := "Our platform helps security teams manage video, access control and alarms from one place. " +
		"Installers configure sites in minutes, and operators get alerts on any device. Our cameras are unhackable. "
	return strings.Repeat(para, 10240/len(para)+1)[:10240]
}

func BenchmarkCheck10KB(b *testing.B) {
	h, _ := newTestHandler(b, Config{})
	body, _ := json.Marshal(map[string]string{"text": tenKB()})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		req := httptest.NewRequest("POST", "/v1/check", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkHealthz(b *testing.B) {
	h, _ := newTestHandler(b, Config{})
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	}
}
