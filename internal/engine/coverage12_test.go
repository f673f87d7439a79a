package engine

import (
	"strings"
	"testing"
	"time"
)

// TestCoverage12Cards: the issue 12 coverage rules (EU AI Act, CMMC
// Level 1, PCI Level 1, PCI PTS/P2PE, Cyber Essentials vs Plus). Each
// claim gets exactly one card, from the rule written for it, and that
// card says what the claim's wording leaves out.
func TestCoverage12Cards(t *testing.T) {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		text, rule, scheme string
		has                []string // substrings of message + explanation
		source             string   // a source URL substring the card must show
	}{
		{"We are EU AI Act certified.", "nonexistent/ai-act-certified", "eu-ai-act",
			[]string{"does not certify companies", "CE marking", "1 August 2024"}, "snellman.com"},
		{"We are CMMC Level 1 certified.", "terminology/cmmc-level-1-certified", "cmmc-level-1",
			[]string{"self-assessment", "no third-party assessment", "DIBCAC"}, "170.15"},
		// A product claim: one card (the level is not a product property), not a second scope card.
		{"Our checkout app is PCI Level 1 certified.", "terminology/pci-level-1-certified", "pci-level-1",
			[]string{"card brand", "not to a product"}, "visaeurope.com"},
		{"Our terminals are P2PE certified.", "terminology/pci-pts-p2pe-certified", "pci-pts-p2pe",
			[]string{"lists approved PTS devices and validated P2PE solutions"}, "Who-can-use-SAQ-P2PE"},
		// Cyber Essentials cards tell the two levels apart.
		{"Each device we sell is Cyber Essentials certified.", "scope/org-cert-on-product", "cyber-essentials",
			[]string{"self-assessment"}, "amtivo.com"},
		{"Our cameras are Cyber Essentials Plus certified.", "scope/org-cert-on-product", "cyber-essentials-plus",
			[]string{"technical audit"}, ""},
	}
	for _, c := range cases {
		fs := findingsOf(t, c.text, day)
		if len(fs) != 1 || fs[0].Rule != c.rule {
			t.Errorf("%q: got %v, want one %s", c.text, rulesOf(fs), c.rule)
			continue
		}
		f := fs[0]
		if f.Scheme != c.scheme {
			t.Errorf("%q: scheme %q, want %q", c.text, f.Scheme, c.scheme)
		}
		card := f.Message + "\n" + f.Explanation
		for _, h := range c.has {
			if !strings.Contains(card, h) {
				t.Errorf("%q: card lacks %q:\n%s", c.text, h, card)
			}
		}
		if c.source != "" {
			ok := false
			for _, s := range f.Sources {
				ok = ok || strings.Contains(s.URL, c.source)
			}
			if !ok {
				t.Errorf("%q: no source %q: %v", c.text, c.source, f.Sources)
			}
		}
	}
	// The basic Cyber Essentials card must not describe a technical audit.
	if fs := findingsOf(t, "Each device we sell is Cyber Essentials certified.", day); len(fs) == 1 && strings.Contains(fs[0].Message+fs[0].Explanation, "technical audit") {
		t.Errorf("basic Cyber Essentials card describes a technical audit: %s", fs[0].Message)
	}
	// Correctly scoped or worded claims: no finding.
	for _, s := range []string{
		"Our credit-scoring system has completed its EU AI Act conformity assessment and carries CE marking.",
		"Acme holds ISO/IEC 42001 certification and is preparing for the EU AI Act.",
		"We have completed our CMMC Level 1 self-assessment and affirmed it in SPRS.",
		"We are CMMC Level 2 certified by a C3PAO.",
		"Payment data is handled by Stripe, a PCI DSS Level 1 service provider.",
		"All payment processing is handled by PCI Level 1 certified providers (Stripe, Braintree).",
		"The card reader is PCI PTS POI v6 approved, approval number 4-12345.",
		"Our payment terminals are listed as PCI P2PE validated solutions.",
	} {
		if fs := findingsOf(t, s, day); len(fs) != 0 {
			t.Errorf("%q: got %v, want none", s, rulesOf(fs))
		}
	}
}
