package engine

import "testing"

// TestCheckEndorsement: an agency tied to an approval verb about a product
// or vendor is a finding; news, denials and NIST-approved algorithms are not.
func TestCheckEndorsement(t *testing.T) {
	runCases(t, []verdictCase{
		{"Endorsed by the NCSC, our firewall blocks attacks.", "endorsement/"},
		{"Approved by the U.S. government for classified use.", "endorsement/"},
		{"NSA-approved encryption for your messages.", "endorsement/"},
		{"Trusted and approved by government agencies worldwide.", "endorsement/"},
		{"The NCSC does not endorse products.", ""},
		{"The government approved the new budget on Tuesday.", ""},
		{"Our team attended a NIST workshop approved by our board.", ""},
		{"Our cameras are NDAA compliant.", ""},
		{"Endorsed by the UK Government's NCSC as secure.", "endorsement/"},
		{"Central Government Approved Funds", ""},
		{"Sentence on the page: \"The Government's decision endorses the security", ""},
		{"Our customers can be sure they are buying government-approved equipment.", "*"},
		{"AES-256-GCM uses NIST-approved algorithms for data at rest.", ""},
	})
}
