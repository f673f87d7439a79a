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
		"We're hiring: a Compliance Manager to lead our ISO 27001 certification and SOC 2 audit.", // the verb is ISO 27001's
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

func TestPrinciplesMore(t *testing.T) {
	flag := map[string]string{
		"Our ISO 27001-certified software development process is audited yearly, and our X1 camera is ISO 27001 certified.": "scope/",
		"The ProScan 500 scanner is ISO 13485 certified.":                                                                   "scope/",
		"PCI DSS certified payment terminals":                                                                               "scope/",
		"We are the only HIPAA certified video platform in Ohio.":                                                           "nonexistent/",
		"Certified HIPAA compliant messaging for clinics.":                                                                  "nonexistent/",
		"FIPS 140-2 Level 2 certified hardware-encrypted USB drive.":                                                        "validation/",
		"Endorsed by the UK Government's NCSC as secure.":                                                                   "endorsement/",
		"Totally secure messaging for your team.":                                                                           "absolutes/",
		"Your data is completely secure with us.":                                                                           "absolutes/",
	}
	pass := []string{
		"A SOC 2 certified vendor has passed an independent audit of its controls.",
		"Our staff are HIPAA certified and trained every year.",
		"All employees complete HIPAA certification training annually.",
		"Experience with HIPAA certified systems is a plus.",
		"The so-called unhackable wallet was breached within a week.",
		"Researchers hacked the \"unhackable\" lock in minutes.",
		"ISO 27001 (2022) certified",
		"We are ISO 27001 certified since 2013.",
		"The case is made of unbreakable polycarbonate.",
		"FIPS 140-3 validated (certificate #4718)",
		"FIPS-validated encryption modules from our cloud provider.",
		"Is Zoom HIPAA compliant?",
		"What is SOC 2 certification?",
		"SOC 2 certification is a common requirement in enterprise deals.",
		"ISO 27001 certification means an auditor has checked the ISMS.",
		"There is no official HIPAA certification.",
		"HIPAA certification does not exist.",
		"Cyber Essentials Plus is a UK government-backed scheme for organisations.",
		"The certificate covers our headquarters; it does not cover the products we sell.",
		"Our products are tested by a UL-accredited laboratory.",
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

func TestPrinciplesCode(t *testing.T) {
	pass := []string{
		"- [ ] HIPAA certified",
		"question: 'Are you HIPAA certified or willing to get certified?',",
		"Central Government Approved Funds",
		"guardrails: [\"No 'HIPAA certified' claim\", \"Document scope honestly\"],",
		"Certifications that do not exist (\"HIPAA certified\", \"NDAA certified\"); \"FIPS 140-2 compliant\" where only a validated module counts.",
		"| absolutes | unhackable, hack-proof, 100% secure, military-grade encryption |",
		"Source: https://www.bgr.com/2196840/vpn-military-grade-encryption-explained/",
		"Not-a-certification words: `HIPAA certified`, `SOC 2 certified`.",
		"Sentence on the page: \"The Government's decision endorses the security",
	}
	for _, s := range pass {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
	flag := []string{
		"{[\"HIPAA Compliant\", \"BAA Available\", \"SOC 2 Certified\", \"PHI Zone Isolation\"].map((badge) => (",
		"<span className=\"relative z-10\">HIPAA Compliant · SOC 2 Certified · 99.99% Uptime</span>",
		"We use bank-level encryption and are ISO 27001 certified to ensure your data security.",
		"- [x] HIPAA certified",
		"{ question: 'Is it HIPAA certified?', answer: 'Yes, we are HIPAA certified and sign BAAs.' },",
	}
	for _, s := range flag {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
}

func TestPrinciplesTense(t *testing.T) {
	flag := []string{
		"Your files will always be protected by military-grade encryption.",
		"We are HIPAA certified, so if you need help, call us.",
		"Look no further: military-grade encryption for your files.",
		"We do not sell your data, our cameras are HIPAA certified.",
		"No, we are HIPAA certified.",
		"Our no-log VPN uses military-grade encryption.",
		"Long-term protection with bank-level security.",
	}
	for _, s := range flag {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
	pass := []string{
		"If you need HIPAA certified hosting, contact a specialist.",
		"We will be SOC 2 certified by the end of the year.",
		"Our cameras could be Cyber Essentials certified after the audit.",
	}
	for _, s := range pass {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
}

func TestPrinciplesSamples(t *testing.T) {
	flag := []string{
		"The Cyber Essentials Plus certification confirms that our cameras meet the UK Government's standard for cyber security.",
		"Our customers can be sure they are buying government-approved equipment.",
	}
	for _, s := range flag {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
	pass := []string{
		"Our ISO 27001 certification covers our products' development and hosting.",
		"The certification confirms that our controls work as described.",
		"AES-256-GCM uses NIST-approved algorithms for data at rest.",
	}
	for _, s := range pass {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
}

// TestMetaScope: talk about claims suppresses a claim only when it
// governs the claim (before it, or in a short predicate after it in the
// same clause), never through the claim's own words or a later clause.
func TestMetaScope(t *testing.T) {
	flag := map[string]string{
		"Our cameras are ISO 27001 certified, which means peace of mind for you.":     "scope/",
		"Our devices are FIPS 140-3 compliant, meaning they meet federal standards.":  "validation/",
		"Our HIPAA certified app handles insurance claims securely.":                  "nonexistent/",
		"Your data cannot be hacked.":                                                 "absolutes/",
		"Our smart locks are government approved, meaning councils can install them.": "endorsement/",
		"Every device we ship is ISO/IEC 27001 certified.":                            "scope/",
		"The K9 tracker carries ISO 27001 certification.":                             "scope/",
		"Acme's firmware updates are signed and ISO 27001 certified.":                 "scope/",
		"Unhackable.": "absolutes/",
		"Our biometric readers are approved by the Department of Homeland Security.": "endorsement/",
	}
	pass := []string{
		"HIPAA certified, GDPR certified and NDAA certified are all phrases to avoid.",
		"Military-grade encryption usually just means AES-256.",
		"\"Unhackable\" claims usually mean the vendor has not been tested.",
		"Vendors who call their products HIPAA certified are misleading buyers.",
		"Hikvision's press release claimed its cameras were Cyber Essentials Plus certified.",
		"  bannedPhrases: [\"unhackable\", \"military-grade\", \"HIPAA certified\"],",
		"The company behind the X200 router is ISO 9001:2015 certified for the design of networking equipment.",
		"The company that makes our cameras is ISO 9001 certified.",
		"In 2024 the manufacturer of our sensors became ISO 13485 certified.",
		"Our cameras are developed by a team whose ISMS is certified to ISO/IEC 27001:2022.",
		"Help us achieve FedRAMP and SOC 2 certification in 2027.",
		"Responsibilities include maintaining our SOC 2 and ISO 27001 certifications.",
		"Snap the privacy shield onto your laptop screen.",
		"So, is Zoom HIPAA certified?",
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

// TestCarriedQuote: a quotation opened in an earlier sentence of the same
// line is still quoted speech; a closed one, a string literal in code or
// an inch mark is not.
func TestCarriedQuote(t *testing.T) {
	pass := []string{
		"IPVM quoted the release: \"We are proud of our team. Our cameras are Cyber Essentials Plus certified.\"",
		"The founder said, \u201cSecurity matters to us. Our app is HIPAA certified.\u201d",
		"It is false to say: \"Trust us. Our lock is unhackable.\"",
	}
	flag := []string{
		"  text: \"Fast setup. Our cameras are Cyber Essentials Plus certified.\",",
		"He said \"hello\". Our app is HIPAA certified.",
		"The screen is 5\" wide. Our app is HIPAA certified.",
		"She wrote: \u201cThanks.\u201d\nOur app is HIPAA certified.",
		"The release said: \"We grew. \nOur app is HIPAA certified.",
	}
	for _, s := range pass {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
	for _, s := range flag {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
}

// TestStringLiterals: claims in string literals of code and JSON are the
// page's own claims, in one sentence or carried over several.
func TestStringLiterals(t *testing.T) {
	for _, s := range []string{
		`{"title": "ISO 27001 certified products", "id": 3}`,
		`  "tagline": "Fast setup. Our cameras are Cyber Essentials Plus certified.",`,
		`{ code: 'ISO 13485', title: 'ISO 13485 Certified Products' },`,
		`  subtitle: "Easy to use. Unhackable by design.",`,
	} {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
}

// TestCompanyNames: a product word inside a company name ("Northwind
// Devices Ltd") names the company, not a product; acronyms and model
// codes ("Acme X200 NVR") stay products.
func TestCompanyNames(t *testing.T) {
	for _, s := range []string{
		"Northwind Devices Ltd holds Cyber Essentials Plus certification for its own corporate IT infrastructure in the UK, renewed in March 2026.",
		"Northwind Devices is ISO 27001 certified.",
		"Apex Cameras Inc. is ISO 9001 certified.",
	} {
		if fs := findingsOf(t, s, corpusDate); len(fs) != 0 {
			t.Errorf("flagged: %q: %v", s, rulesOf(fs))
		}
	}
	for _, s := range []string{
		"The Acme X200 NVR holds ISO 27001 certification.",
		"Our Cameras are ISO 27001 certified.",
		"Northwind cameras are ISO 27001 certified.",
	} {
		if fs := findingsOf(t, s, corpusDate); len(fs) == 0 {
			t.Errorf("not flagged: %q", s)
		}
	}
}
