package kb

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
)

// TestIssue12Facts: the knowledge-base facts the 2026-12-04 card audit
// found wrong, outdated or unsupported, as they now stand.
func TestIssue12Facts(t *testing.T) {
	get := func(id string) Scheme {
		s, ok := Get(id)
		if !ok {
			t.Fatalf("no scheme %s", id)
		}
		return s
	}
	text := func(s Scheme) string { b, _ := json.Marshal(s); return string(b) }
	dateSource := func(s Scheme, date string) string {
		for _, d := range s.Dates {
			if d.Date == date {
				return d.Source
			}
		}
		t.Errorf("%s: no dated fact on %s", s.ID, date)
		return ""
	}
	// GovRAMP's verified statuses (verification.jsonl correction).
	if g := get("govramp"); !strings.Contains(g.Covers, "Core, Ready, Provisionally Authorized and Authorized") {
		t.Errorf("govramp statuses: %s", g.Covers)
	}
	// 27701: "cannot be certified on its own" was true only of the 2019 edition.
	if s := text(get("iso-iec-27701")); strings.Contains(s, "on its own") || !strings.Contains(s, "stand-alone") {
		t.Error("iso-iec-27701 still quotes the 2019 dependency")
	}
	// ISO 9001:2026 "expected September 2026" was unverified and beside the point.
	if strings.Contains(text(get("iso-9001")), "9001:2026") {
		t.Error("iso-9001 quotes the unverified 2026 edition")
	}
	if src := dateSource(get("iso-14001"), "2026-04-15"); !strings.Contains(src, "dekra") {
		t.Errorf("iso-14001:2026 source %q", src)
	}
	// CMMC: Level 1 FCI, Levels 2 and 3 CUI.
	if c := get("cmmc").Covers; !strings.Contains(c, "Level 1 covers federal contract information") || !strings.Contains(c, "Levels 2 and 3 cover controlled unclassified information") {
		t.Errorf("cmmc levels: %s", c)
	}
	// EUCC: the blog that said it "entered into force on 27 February 2025" is gone.
	if strings.Contains(text(get("eucc")), "entered into force on 27 February 2025") {
		t.Error("eucc entry-into-force date wrong")
	}
	if src := dateSource(get("eucc"), "2025-02-27"); !strings.Contains(src, "eur-lex.europa.eu/eli/reg_impl/2024/482") {
		t.Errorf("eucc application source %q", src)
	}
	// ioXt: every field unverified.
	if x := get("ioxt"); !x.IsUnverified("register") || !x.IsUnverified("sources") {
		t.Error("ioxt not marked unverified")
	}
	// The FCC Covered List is not the NDAA 889 register.
	if n := get("ndaa-889"); n.Register != nil {
		t.Errorf("ndaa-889 register %v", n.Register)
	}
	// Cyber Trust Mark: the Federal Register notice is the source of the effective date.
	if src := dateSource(get("us-cyber-trust-mark"), "2024-08-29"); !strings.Contains(src, "govinfo.gov/content/pkg/FR-2024-07-30") {
		t.Errorf("cyber trust mark date source %q", src)
	}
	// RED: the OJ citation is sourced to the implementing decision.
	if src := dateSource(get("eu-red-da"), "2025-01-30"); !strings.Contains(src, "32025D0138") {
		t.Errorf("RED OJ citation source %q", src)
	}
	// The Singapore CLS quote was cut before its point; the CPA "valid for two years" quote is out of date.
	for _, s := range All() {
		for _, src := range s.Sources {
			if strings.Contains(src.Quote, "secu[rity]") || strings.Contains(src.Quote, "valid for two years") {
				t.Errorf("%s: quote %q", s.ID, src.Quote)
			}
		}
	}
	// The Green Guides are not the Endorsement Guides.
	if strings.Contains(text(get("law-ftc-green-guides-260-6")), "Endorsement Guides\"") {
		t.Error("Green Guides called Endorsement Guides")
	}
	// SOC 1: user entities' financial reporting.
	if !strings.Contains(get("soc-1").Covers, "user entities' financial reporting") {
		t.Error("soc-1 covers")
	}
	// The Cyber Essentials link is the scheme page, not a certificate search.
	if r := get("cyber-essentials").Register; r == nil || strings.Contains(strings.ToLower(r.Name), "certificate search") {
		t.Errorf("cyber-essentials register %v", r)
	}
	// Real government programmes are known, with their sources.
	for _, id := range []string{"nsa-type-1", "nsa-csfc", "niap-pcl", "dodin-apl", "dhs-safety-act", "ncsc-assured"} {
		if s := get(id); s.Scope != "programme" || len(s.Sources) == 0 {
			t.Errorf("%s: scope %q, %d sources", id, s.Scope, len(s.Sources))
		}
	}
	// Swiss-U.S. Privacy Shield has its own entry and successor date.
	if src := dateSource(get("swiss-us-privacy-shield"), "2024-09-15"); src == "" {
		t.Error("swiss successor date")
	}
}

// TestLoadReportsBrokenData: broken data is an error from Load (checked
// once when the engine is built), never a panic from All or Get.
func TestLoadReportsBrokenData(t *testing.T) {
	saved := generatedSchemes
	defer func() {
		generatedSchemes = saved
		loadOnce, schemes, byID, loadErr = sync.Once{}, nil, nil, nil
		if err := Load(); err != nil {
			t.Fatal(err)
		}
	}()
	generatedSchemes = nil // as if schemes_gen.go had no data
	loadOnce, schemes, byID, loadErr = sync.Once{}, nil, nil, nil
	if err := Load(); err == nil {
		t.Fatal("broken data: no error")
	}
	if len(All()) != 0 {
		t.Error("All after a failed load")
	}
	if _, ok := Get("cyber-essentials"); ok {
		t.Error("Get after a failed load")
	}
}
