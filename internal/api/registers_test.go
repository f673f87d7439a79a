package api

import (
	"encoding/json"
	"testing"
)

// POST /v1/check takes "site" (or, for html, the page's canonical link)
// and answers "verifications" beside "findings".
func TestCheckSiteAndVerifications(t *testing.T) {
	h, _ := newTestHandler(t, Config{})
	type resp struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Register *struct {
				Register, Result string
			} `json:"register"`
		} `json:"findings"`
		Verifications []struct {
			Register struct{ Register, Snapshot, Result string } `json:"register"`
		} `json:"verifications"`
	}
	for name, body := range map[string]string{
		"text and site":  `{"text": "Akamai is FedRAMP authorized.", "site": "www.akamai.com", "date": "2026-12-01"}`,
		"html canonical": `{"html": "<html><head><link rel=\"canonical\" href=\"https://www.akamai.com/x\"></head><body><p>Our platform is FedRAMP authorized.</p></body></html>", "date": "2026-12-01"}`,
	} {
		rec := postJSON(t, h, body)
		var r resp
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &r) != nil {
			t.Fatalf("%s: %d %s", name, rec.Code, rec.Body)
		}
		if len(r.Verifications) != 1 || r.Verifications[0].Register.Register != "fedramp-marketplace" || r.Verifications[0].Register.Result != "listed" || r.Verifications[0].Register.Snapshot != "2026-05-30" {
			t.Errorf("%s: %s", name, rec.Body)
		}
	}
	rec := postJSON(t, h, `{"text": "Our platform is FedRAMP compliant.", "site": "www.example.com", "date": "2026-12-01"}`)
	var r resp
	json.Unmarshal(rec.Body.Bytes(), &r)
	found := false
	for _, f := range r.Findings {
		found = found || f.Register != nil && f.Register.Result == "not-listed" && f.Rule == "registers/fedramp-not-listed"
	}
	if !found || r.Verifications == nil {
		t.Errorf("not-listed: %s", rec.Body)
	}
}
