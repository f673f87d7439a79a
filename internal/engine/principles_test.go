package engine

import (
	"strings"
	"testing"
)

// TestPrinciples checks sentences written for the principles (not taken
// from the corpus): who the certificate is attributed to, negation,
// hedges, questions, quotation, meta-talk, requirements and dates.
func TestPrinciples(t *testing.T) {
	flag := map[string]string{
		"Our smart locks are ISO 27001 certified, so you can trust them with your home.": "scope/",
		"The Acme X200 NVR is Cyber Essentials certified.":                               "scope/",
		"All Acme devices are SOC 2 compliant.":                                          "scope/",
		"Buy ISO 27001-certified firewalls from our store.":                              "scope/",
		"Our HITRUST certified app stores patient records.":                              "scope/",
		"Our HIPAA-certified telehealth app keeps records safe.":                         "nonexistent/",
		"We're proud to be HIPAA compliant and HIPAA certified.":                         "nonexistent/",
		"Acme is a GDPR-certified company.":                                              "nonexistent/",
		"Our NDAA-certified cameras ship within 48 hours.":                               "nonexistent/",
		"Our app is certified HIPAA compliant.":                                          "nonexistent/",
		"Acme has received HIPAA certification for its platform.":                        "nonexistent/",
		"We don't sell your data, and our app is HIPAA certified.":                       "nonexistent/",
		"Not only are we HIPAA certified, we also encrypt everything.":                   "nonexistent/",
		"FIPS 140-2 certified encryption protects every file.":                           "validation/",
		"Our VPN uses FIPS-compliant AES-256 encryption.":                                "validation/",
		"Endorsed by the NCSC, our firewall blocks attacks.":                             "endorsement/",
		"Approved by the U.S. government for classified use.":                            "endorsement/",
		"NSA-approved encryption for your messages.":                                     "endorsement/",
		"Trusted and approved by government agencies worldwide.":                         "endorsement/",
		"Unbreakable 256-bit encryption for every chat.":                                 "absolutes/",
		"Your files are 100% safe with us.":                                              "absolutes/",
		"Hack-proof smart home hub":                                                      "absolutes/",
		"Bank-grade security for your crypto.":                                           "absolutes/",
		"Our encryption is so strong it's impossible to hack.":                           "absolutes/",
		"We're SOC 2 Type 2 certified.":                                                  "terminology/",
		"We achieved SOC 2 Type II certification in March.":                              "terminology/",
		"Certified ISO 27001:2013 since 2015.":                                           "stale/",
		"We comply with the Privacy Shield Framework.":                                   "stale/",
		"The platform is PCI DSS v3.2.1 certified.":                                      "stale/",
	}
	pass := []string{
		"Acme Ltd holds ISO/IEC 27001:2022 certification for its ISMS.",
		"The X-100 is certified under UL 2900-2-3 Level 3.",
		"FedRAMP Certified",
		"Is your vendor HIPAA certified? There is no such thing.",
		"Many vendors claim to be HIPAA certified, but no such certification exists.",
		"We are not yet SOC 2 certified; our Type II audit is scheduled for 2027.",
		"We are working towards ISO 27001 certification.",
		"Our goal is to become Cyber Essentials Plus certified next year.",
		"HIPAA compliance is a shared responsibility.",
		"Our hosting provider maintains ISO 27001 certification for its data centres.",
		"The module holds a FIPS 140-3 validation, certificate #4812.",
		"Avoid products marketed as unhackable.",
		"What does military-grade encryption actually mean?",
		"The NCSC does not endorse products.",
		"In 2019 we were certified to ISO 27001:2013 and have since transitioned to the 2022 edition.",
		"We sign BAAs and are HIPAA compliant.",
		"Cyber Essentials Plus certification covers our UK office and corporate network.",
		"SOC 2 reports are attestation reports, not certifications.",
		"No product is 100% secure.",
		"The government approved the new budget on Tuesday.",
		"Our team attended a NIST workshop approved by our board.",
		"We are a Cyber Essentials certified company.",
		"ISO 27001 certified data centres host our SaaS.",
		"All our products are manufactured in an ISO 9001 certified factory.",
		"Our products are developed under an ISO 27001 certified ISMS.",
		"Our ISO 9001 certified quality process ensures every product is tested.",
		"The software is developed by an ISO 27001 certified team.",
		"Our cameras are NDAA compliant.",
		"Read our guide: Is HIPAA certification required?",
		"ISO 27001 certified",
		"ISO 9001 certified equipment manufacturer",
		"Our ISO 27001 certified cloud platform runs in three regions.",
		"The enclosure is machined from military-grade aluminium.",
		"Achieve SOC 2 certification in weeks, not months.",
		"Cybersecurity certifications such as ISO 27001 and SOC 2 demonstrate commitment.",
		"We help you become HIPAA compliant.",
		"Our partner Equinix is ISO 27001 certified.",
		"Our ISO/IEC 27001:2022 certificate covers the development and operation of our products.",
	}
	for s, want := range flag {
		fs := findingsOf(t, s, corpusDate)
		ok := false
		for _, f := range fs {
			if strings.HasPrefix(f.Rule, want) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("not flagged (%s): %q got %v", want, s, rulesOf(fs))
		}
	}
	for _, s := range pass {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
}
