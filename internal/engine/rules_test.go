package engine

import (
	"testing"
	"time"

	"github.com/certscope/certscope/internal/kb"
	"github.com/certscope/certscope/internal/packs"
)

func findingsOf(t *testing.T, text string, date time.Time) []Finding {
	t.Helper()
	res, err := Default().Check(text, Options{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

func hasRule(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// TestRuleExamples runs every rule's own flag and pass examples.
func TestRuleExamples(t *testing.T) {
	set, err := packs.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range set.Packs {
		for _, r := range p.Rules {
			date := time.Time{}
			if r.Examples.Date != "" {
				date, _ = time.Parse("2006-01-02", r.Examples.Date)
			}
			for _, ex := range r.Examples.Flag {
				n++
				if fs := findingsOf(t, ex, date); !hasRule(fs, r.ID) {
					t.Errorf("%s: flag example not flagged: %q (got %v)", r.ID, ex, rulesOf(fs))
				}
			}
			for _, ex := range r.Examples.Pass {
				n++
				if fs := findingsOf(t, ex, date); hasRule(fs, r.ID) {
					t.Errorf("%s: pass example flagged: %q", r.ID, ex)
				}
			}
		}
	}
	t.Logf("%d examples", n)
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// TestFoundingCase: Hikvision's framing is flagged, its correction is not.
func TestFoundingCase(t *testing.T) {
	d := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	claims := "The Government’s decision endorses the security credentials of Hikvision’s products, and adds to a growing consensus around the safety and integrity of Hikvision technology across the UK and Ireland, as well as internationally. " +
		"Hikvision's cameras and NVRs are now Cyber Essentials Plus certified, endorsed by the UK Government."
	fs := findingsOf(t, claims, d)
	if !hasRule(fs, "scope/org-cert-on-product") || !hasRule(fs, "endorsement/government-endorses") {
		t.Fatalf("founding claims: want scope and endorsement findings, got %v", rulesOf(fs))
	}
	for _, f := range fs {
		if f.Rule == "scope/org-cert-on-product" && f.Scheme != "cyber-essentials-plus" {
			t.Errorf("scope finding scheme = %q", f.Scheme)
		}
	}
	correction := "To clarify, Hikvision has been awarded ‘Cyber Essentials Plus’ accreditation, which directly relates to the security and robustness of our own infrastructure within the UK operation."
	if fs := findingsOf(t, correction, d); len(fs) != 0 {
		t.Fatalf("correction flagged: %v", rulesOf(fs))
	}
}

// TestStaleDates: date-aware rules fire after their date and not before.
func TestStaleDates(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	cases := []struct {
		text, rule, before, after string
	}{
		{"We are ISO 27001:2013 certified.", "stale/iso-27001-2013", "2025-10-31", "2025-11-01"},
		{"Our gateway is PCI DSS 3.2.1 compliant.", "stale/pci-dss-retired", "2024-03-31", "2024-04-01"},
		{"Our gateway is PCI DSS 4.0 compliant.", "stale/pci-dss-retired", "2024-12-31", "2025-01-01"},
		{"The appliance uses a FIPS 140-2 validated module.", "stale/fips-140-2-historical", "2026-09-21", "2026-09-22"},
		{"Acme complies with the EU-U.S. Privacy Shield Framework.", "stale/privacy-shield", "2020-07-16", "2020-07-17"},
		{"Cyber Essentials Plus certified (certificate issued 14 March 2025).", "stale/cyber-essentials-expired", "2026-03-14", "2026-03-20"},
		{"ISO 27001 certificate No. 1234, valid until 30 June 2026.", "stale/iso-certificate-expired", "2026-06-30", "2026-07-01"},
	}
	for _, c := range cases {
		if hasRule(findingsOf(t, c.text, day(c.before)), c.rule) {
			t.Errorf("%s fired on %s (too early): %q", c.rule, c.before, c.text)
		}
		if !hasRule(findingsOf(t, c.text, day(c.after)), c.rule) {
			t.Errorf("%s did not fire on %s: %q", c.rule, c.after, c.text)
		}
	}
	// "CRA certified" is impossible only before full application.
	cra := "Our routers are EU CRA certified."
	if !hasRule(findingsOf(t, cra, day("2027-12-10")), "nonexistent/cra-certified") {
		t.Error("CRA certified not flagged before 2027-12-11")
	}
	if hasRule(findingsOf(t, cra, day("2027-12-11")), "nonexistent/cra-certified") {
		t.Error("CRA certified flagged from 2027-12-11")
	}
	// PCI DSS 4.0.1 is current.
	if fs := findingsOf(t, "We are PCI DSS 4.0.1 compliant.", day("2026-11-27")); len(fs) != 0 {
		t.Errorf("PCI DSS 4.0.1 flagged: %v", rulesOf(fs))
	}
}

// TestSchemesKnownToKB: every scheme a rule names is in the project's
// knowledge base, so hosts can show its page.
func TestSchemesKnownToKB(t *testing.T) {
	set, err := packs.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set.Schemes {
		if _, ok := kb.Get(s.ID); !ok {
			t.Errorf("scheme %s is not in internal/kb", s.ID)
		}
	}
}
