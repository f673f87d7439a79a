package engine

import (
	"strings"
	"testing"
	"time"
)

// TestIssue12Cards: each card error found by the 2026-12-04 audit, with
// the sentence that exposed it (or a minimal realistic one), asserting
// what the card now says.
func TestIssue12Cards(t *testing.T) {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		item, text string
		rule       string   // the finding expected ("" for none)
		not        []string // rules that must not fire
		scheme     string   // expected finding scheme, if set
		has, lacks []string // substrings of the card's text (title, message, explanation, suggestion)
		lacksTS    []string // substrings the title and suggestion must not contain
		source     string   // a source URL or quote substring the card must show
	}{
		// High 1: real programmes are not "approval that does not exist".
		{item: "H1 NSA Type 1", text: "The KG-250X is an NSA Type 1 certified encryptor.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 CSfC", text: "Our VPN client is listed on the NSA CSfC Components List and approved for classified use.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 DoDIN APL", text: "The switch is approved by DISA and listed on the DoDIN APL.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 SAFETY Act", text: "Our screening service is certified by the Department of Homeland Security under the SAFETY Act.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 NCSC CHECK", text: "We are an NCSC-assured CHECK provider approved by the NCSC for IT health checks.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 NIAP", text: "Our firewall is NIAP certified and listed on the Product Compliant List.", not: []string{"endorsement/agency-approved"}},
		{item: "H1 unnamed approval still flagged", text: "Our biometric locks are approved by the Department of Homeland Security.", rule: "endorsement/agency-approved",
			has: []string{"without naming the programme"}, lacks: []string{"does not exist"}},
		// High 2: suggestions per kind of scheme.
		{item: "H2 SOC 2 report", text: "We sell SOC 2 certified software to hospitals.", rule: "scope/org-cert-on-product", scheme: "soc-2",
			has: []string{"SOC 2 Type II report"}, lacks: []string{"holds SOC 2 certification"}},
		{item: "H2 PCI DSS attestation", text: "Our PCI DSS certified payment terminals accept every card.", rule: "scope/org-cert-on-product", scheme: "pci-dss",
			has: []string{"Attestation of Compliance"}, lacks: []string{"holds PCI DSS certification"}},
		{item: "H2 TISAX label", text: "Our telematics devices are TISAX certified.", rule: "scope/org-cert-on-product", scheme: "tisax",
			has: []string{"TISAX label", "assessment level"}, lacks: []string{"holds TISAX certification"}},
		{item: "H2 ISO certificate", text: "Our smart plugs carry ISO 27001 certification.", rule: "scope/org-cert-on-product", scheme: "iso-iec-27001",
			has: []string{"holds ISO/IEC 27001 certification for <scope>"}},
		// High 3: the stale Cyber Essentials suggestion names the scheme claimed.
		{item: "H3 CE stale", text: "Our Cyber Essentials certificate was issued on 2024-05-01.", rule: "stale/cyber-essentials-expired", scheme: "cyber-essentials",
			has: []string{"\"Cyber Essentials certified (certificate"}, lacksTS: []string{"Plus"}},
		// Medium 4: service-scoped schemes get the service variant.
		{item: "M4 SOC 2 service", text: "We sell SOC 2 certified software to hospitals.", rule: "scope/org-cert-on-product",
			has: []string{"does not cover on-premises software, devices or other services"}, lacks: []string{"not the products the organisation sells"}},
		{item: "M4 27017 service", text: "Our NVRs are ISO 27017 certified.", rule: "scope/org-cert-on-product", scheme: "iso-iec-27017",
			has: []string{"other services"}, lacks: []string{"not the products the organisation sells"}},
		// Medium 5: Swiss-U.S. Privacy Shield gets the Swiss successor.
		{item: "M5 Swiss Privacy Shield", text: "Acme complies with the Swiss-U.S. Privacy Shield Framework as set forth by the U.S. Department of Commerce.", rule: "stale/privacy-shield", scheme: "swiss-us-privacy-shield",
			has: []string{"Swiss-U.S. Data Privacy Framework", "15 September 2024"}, lacks: []string{"EU Court", "EU-U.S. Data Privacy Framework"}, source: "Swiss"},
		// Medium 6: Type II reports of other schemes are not labelled SOC 2; SOC 1/SOC 3 text.
		{item: "M6 ISAE 3402", text: "Our hosting partner is ISAE 3402 Type II certified.", rule: "terminology/soc-certified", scheme: "type-2-report",
			lacksTS: []string{"SOC 2"}},
		{item: "M6 BSI C5", text: "The platform is BSI C5 Type 2 certified.", rule: "terminology/soc-certified", scheme: "type-2-report", lacksTS: []string{"SOC 2"}},
		{item: "M6 SOC 1", text: "We are SOC 1 certified.", rule: "terminology/soc-certified", scheme: "soc-1",
			has: []string{"SOC 1 is an attestation report", "user entities' financial reporting"}, lacks: []string{"SOC 2"}},
		{item: "M6 SOC 3", text: "We are SOC 3 certified.", rule: "terminology/soc-certified", scheme: "soc-3",
			has: []string{"general-use", "public"}, lacks: []string{"SOC 2 Type", "NDA", "Type II report"}},
		// Medium 7: TAA is country of origin.
		{item: "M7 TAA", text: "TAA certified laptops", rule: "nonexistent/ndaa-taa-certified", scheme: "taa",
			has: []string{"country of origin: <country>"}, lacks: []string{"889", "NDAA"}},
		// Medium 10: US agencies get US text.
		{item: "M10 US agency", text: "Our cameras are endorsed by the Department of Homeland Security.", rule: "endorsement/us-agency-endorses",
			not: []string{"endorsement/government-endorses"}, lacks: []string{"Cyber Essentials", "IASME", "UK"}},
		{item: "M10 UK founding case", text: "The Government’s decision endorses the security credentials of Hikvision’s products, and adds to a growing consensus around the safety and integrity of Hikvision technology.",
			rule: "endorsement/government-endorses", has: []string{"Cyber Essentials"}},
		// Medium 11: cards never say a claim cannot be true.
		{item: "M11 HIPAA", text: "We are HIPAA certified and committed to protecting your health information.", rule: "nonexistent/hipaa-certified",
			has: []string{"training and compliance-assessment certificates"}, lacks: []string{"cannot be true"}},
		{item: "M11 unhackable", text: "Your data cannot be hacked.", rule: "absolutes/unhackable", lacks: []string{"cannot be true", "every system has had"}},
		// Medium 12: the PCI v4.0 card shows the source for its date.
		{item: "M12 PCI 4.0", text: "Our platform is PCI DSS v4.0 certified.", rule: "stale/pci-dss-retired", source: "31 December 2024"},
		// Medium 14: "certified secure" cites FTC Act / UCPD, not the Green Guides.
		{item: "M14 certified secure", text: "Our gateway is certified secure.", rule: "terminology/vague-certified", has: []string{"FTC Act", "2005/29/EC"}, lacks: []string{"Green Guides"}, source: "FTC Act"},
		// Medium 15: NDAA certified is one finding.
		{item: "M15 NDAA", text: "All our cameras are NDAA certified.", rule: "nonexistent/ndaa-taa-certified", not: []string{"endorsement/agency-approved"}},
		{item: "M15 Section 889 approved", text: "<title>NDAA Compliant Security Cameras | Section 889 Approved | Adiance</title>", rule: "nonexistent/ndaa-taa-certified", not: []string{"endorsement/agency-approved"}},
		// Low: ISO/IEC 27001:2005 and the 2013 audit wording.
		{item: "L 27001:2005", text: "Our servers are hosted by Equinix, who are fully ISO 27001:2005 compliant.", rule: "stale/iso-27001-2013",
			has: []string{"2005 certificates after 1 October 2015"}, source: "1 October 2015"},
		{item: "L 2013 audits", text: "<span>ISO 27001:2013 Certified</span>", rule: "stale/iso-27001-2013",
			has: []string{"no initial or recertification audits to the 2013 edition"}, lacks: []string{"no new 2013 audits"}},
		// Low: CMMC levels.
		{item: "L CMMC", text: "Our drones are CMMC certified.", rule: "scope/org-cert-on-product", scheme: "cmmc",
			has: []string{"controlled unclassified information (Levels 2 and 3)", "federal contract information (Level 1)"}},
		// Low: the Cyber Essentials link is the scheme page.
		{item: "L CE link", text: "Each device we sell is Cyber Essentials certified.", rule: "scope/org-cert-on-product", scheme: "cyber-essentials"},
		// Low: CSSLP names a scheme.
		{item: "L CSSLP", text: "Our lead engineer is a Certified Secure Software Lifecycle Professional (CSSLP).", not: []string{"terminology/vague-certified"}},
	}
	for _, c := range cases {
		fs := findingsOf(t, c.text, day)
		for _, r := range c.not {
			if hasRule(fs, r) {
				t.Errorf("%s: %s fired on %q", c.item, r, c.text)
			}
		}
		if c.rule == "" {
			continue
		}
		var f *Finding
		for i := range fs {
			if fs[i].Rule == c.rule {
				f = &fs[i]
			}
		}
		if f == nil {
			t.Errorf("%s: %s did not fire on %q (got %v)", c.item, c.rule, c.text, rulesOf(fs))
			continue
		}
		if c.scheme != "" && f.Scheme != c.scheme {
			t.Errorf("%s: scheme %q, want %q", c.item, f.Scheme, c.scheme)
		}
		card := strings.Join([]string{f.Title, f.Message, f.Explanation, f.Suggestion}, "\n")
		for _, h := range c.has {
			if !strings.Contains(card, h) {
				t.Errorf("%s: card lacks %q:\n%s", c.item, h, card)
			}
		}
		for _, l := range c.lacks {
			if strings.Contains(card, l) {
				t.Errorf("%s: card contains %q:\n%s", c.item, l, card)
			}
		}
		for _, l := range c.lacksTS {
			if strings.Contains(f.Title+"\n"+f.Suggestion, l) {
				t.Errorf("%s: title or suggestion contains %q: %q / %q", c.item, l, f.Title, f.Suggestion)
			}
		}
		if c.source != "" {
			ok := false
			for _, s := range f.Sources {
				ok = ok || strings.Contains(s.URL+" "+s.Title+" "+s.Quote, c.source)
			}
			if !ok {
				t.Errorf("%s: no source mentions %q: %v", c.item, c.source, f.Sources)
			}
		}
		if c.item == "L CE link" && (f.Verify == nil || strings.Contains(strings.ToLower(f.Verify.Name), "certificate search")) {
			t.Errorf("%s: verify link %v", c.item, f.Verify)
		}
	}
}

// TestNoCardCallsAClaimFalse: cards describe what wording implies; they
// never say a claim cannot be true or that a company lies (issue 12, 11).
func TestNoCardCallsAClaimFalse(t *testing.T) {
	e := Default()
	for _, lc := range lintCards(e) {
		c := lc.card
		text := strings.ToLower(c.title + " " + c.message + " " + c.explanation + " " + c.suggestion)
		for _, bad := range []string{"cannot be true", " lies", " lying", "false claim", "is false"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: card says %q", lc.name(e), bad)
			}
		}
	}
}
