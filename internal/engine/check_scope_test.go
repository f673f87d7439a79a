package engine

import "testing"

// TestCheckScope: an organisation-scope certificate attributed to a product
// is a finding; to an organisation, its ISMS, staff or a factory it is not.
func TestCheckScope(t *testing.T) {
	runCases(t, []verdictCase{
		{"Our smart locks are ISO 27001 certified, so you can trust them with your home.", "scope/"},
		{"The Acme X200 NVR is Cyber Essentials certified.", "scope/"},
		{"All Acme devices are SOC 2 compliant.", "scope/"},
		{"Buy ISO 27001-certified firewalls from our store.", "scope/"},
		{"Our HITRUST certified app stores patient records.", "scope/"},
		{"We're hiring: a Compliance Manager to lead our ISO 27001 certification and SOC 2 audit.", ""},
		{"Acme Ltd holds ISO/IEC 27001:2022 certification for its ISMS.", ""},
		{"We are not yet SOC 2 certified; our Type II audit is scheduled for 2027.", ""},
		{"We are working towards ISO 27001 certification.", ""},
		{"Our goal is to become Cyber Essentials Plus certified next year.", ""},
		{"Our hosting provider maintains ISO 27001 certification for its data centres.", ""},
		{"In 2019 we were certified to ISO 27001:2013 and have since transitioned to the 2022 edition.", ""},
		{"Cyber Essentials Plus certification covers our UK office and corporate network.", ""},
		{"SOC 2 reports are attestation reports, not certifications.", ""},
		{"We are a Cyber Essentials certified company.", ""},
		{"ISO 27001 certified data centres host our SaaS.", ""},
		{"All our products are manufactured in an ISO 9001 certified factory.", ""},
		{"Our products are developed under an ISO 27001 certified ISMS.", ""},
		{"Our ISO 9001 certified quality process ensures every product is tested.", ""},
		{"The software is developed by an ISO 27001 certified team.", ""},
		{"ISO 27001 certified", ""},
		{"ISO 9001 certified equipment manufacturer", ""},
		{"Our ISO 27001 certified cloud platform runs in three regions.", "scope/iso-cert-on-platform"},
		{"Achieve SOC 2 certification in weeks, not months.", ""},
		{"Cybersecurity certifications such as ISO 27001 and SOC 2 demonstrate commitment.", ""},
		{"Our partner Equinix is ISO 27001 certified.", ""},
		{"Our ISO/IEC 27001:2022 certificate covers the development and operation of our products.", ""},
		{"Our ISO 27001-certified software development process is audited yearly, and our X1 camera is ISO 27001 certified.", "scope/"},
		{"The ProScan 500 scanner is ISO 13485 certified.", "scope/"},
		{"PCI DSS certified payment terminals", "scope/"},
		{"A SOC 2 certified vendor has passed an independent audit of its controls.", ""},
		{"ISO 27001 (2022) certified", ""},
		{"We are ISO 27001 certified since 2013.", ""},
		{"What is SOC 2 certification?", ""},
		{"SOC 2 certification is a common requirement in enterprise deals.", ""},
		{"ISO 27001 certification means an auditor has checked the ISMS.", ""},
		{"Cyber Essentials Plus is a UK government-backed scheme for organisations.", ""},
		{"We will be SOC 2 certified by the end of the year.", ""},
		{"Our cameras could be Cyber Essentials certified after the audit.", ""},
		{"The Cyber Essentials Plus certification confirms that our cameras meet the UK Government's standard for cyber security.", "*"},
		{"Our ISO 27001 certification covers our products' development and hosting.", ""},
	})
}
