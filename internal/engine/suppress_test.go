package engine

import "testing"

// TestMetaScope: talk about claims suppresses a claim only when it
// governs the claim (before it, or in a short predicate after it in the
// same clause), never through the claim's own words or a later clause.
func TestMetaScope(t *testing.T) {
	runCases(t, []verdictCase{
		{"Our cameras are ISO 27001 certified, which means peace of mind for you.", "scope/"},
		{"Our devices are FIPS 140-3 compliant, meaning they meet federal standards.", "validation/"},
		{"Our HIPAA certified app handles insurance claims securely.", "nonexistent/"},
		{"Your data cannot be hacked.", "absolutes/"},
		{"Our smart locks are government approved, meaning councils can install them.", "endorsement/"},
		{"Every device we ship is ISO/IEC 27001 certified.", "scope/"},
		{"The K9 tracker carries ISO 27001 certification.", "scope/"},
		{"Acme's firmware updates are signed and ISO 27001 certified.", "scope/"},
		{"Unhackable.", "absolutes/"},
		{"Our biometric readers are approved by the Department of Homeland Security.", "endorsement/"},
		{"HIPAA certified, GDPR certified and NDAA certified are all phrases to avoid.", ""},
		{"Military-grade encryption usually just means AES-256.", ""},
		{"\"Unhackable\" claims usually mean the vendor has not been tested.", ""},
		{"Vendors who call their products HIPAA certified are misleading buyers.", ""},
		{"Hikvision's press release claimed its cameras were Cyber Essentials Plus certified.", ""},
		{"  bannedPhrases: [\"unhackable\", \"military-grade\", \"HIPAA certified\"],", ""},
		{"The company behind the X200 router is ISO 9001:2015 certified for the design of networking equipment.", ""},
		{"The company that makes our cameras is ISO 9001 certified.", ""},
		{"In 2024 the manufacturer of our sensors became ISO 13485 certified.", ""},
		{"Our cameras are developed by a team whose ISMS is certified to ISO/IEC 27001:2022.", ""},
		{"Help us achieve FedRAMP and SOC 2 certification in 2027.", ""},
		{"Responsibilities include maintaining our SOC 2 and ISO 27001 certifications.", ""},
		{"Snap the privacy shield onto your laptop screen.", ""},
		{"So, is Zoom HIPAA certified?", ""},
	})
}
