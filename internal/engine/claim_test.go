package engine

import "testing"

// TestClaimSpans: a finding's claim is the words that make the claim
// (scheme, verb, and the product it is attributed to), inside its
// sentence (start/end); the card quotes the claim in its sentence.
func TestClaimSpans(t *testing.T) {
	for _, c := range []struct{ text, rule, claim string }{
		{"Good news for buyers: our smart locks are ISO 27001 certified, so you can trust them.", "scope/org-cert-on-product", "locks are ISO 27001 certified"},
		{"Acme sells Cyber Essentials Plus certified cameras to councils.", "scope/org-cert-on-product", "Cyber Essentials Plus certified cameras"},
		{"Since 2019 we are proud to be HIPAA certified.", "nonexistent/hipaa-certified", "HIPAA certified"},
		{"Every file is protected by military-grade encryption at rest.", "absolutes/military-grade", "military-grade"},
		{"Our firewall is endorsed by the NCSC for home use.", "endorsement/government-endorses", "endorsed by the NCSC"},
		{"The platform is PCI DSS v3.2.1 certified for card payments.", "stale/pci-dss-retired", "PCI DSS v3.2.1 certified"},
		{"<span>ISO 27001 CERTIFIED PLATFORM</span>", "scope/iso-cert-on-platform", "ISO 27001 CERTIFIED PLATFORM"},
	} {
		fs := findingsOf(t, c.text, corpusDate)
		found := false
		for _, f := range fs {
			if f.Rule != c.rule {
				continue
			}
			found = true
			if got := c.text[f.Claim.Start:f.Claim.End]; got != c.claim {
				t.Errorf("%q: claim %q, want %q", c.text, got, c.claim)
			}
			if f.Claim.Start < f.Start || f.Claim.End > f.End {
				t.Errorf("%q: claim [%d,%d) outside its sentence [%d,%d)", c.text, f.Claim.Start, f.Claim.End, f.Start, f.End)
			}
		}
		if !found {
			t.Errorf("%q: no %s finding (got %v)", c.text, c.rule, rulesOf(fs))
		}
	}
}

func TestHasCertNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"See CMVP certificate #4745.": true, "Certificate No. 12": true, "cert 4282": true,
		"CERTIFICATE 77": true, "(#3678)": true, "certified to ISO": false, "the certificate covers": false,
		"# heading": false, "": false, "cert": false,
	} {
		if got := hasCertNumber(s); got != want {
			t.Errorf("hasCertNumber(%q) = %v", s, got)
		}
	}
}
