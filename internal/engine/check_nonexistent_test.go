package engine

import "testing"

// TestCheckNonexistent: a claim verb on a scheme that certifies nothing
// (HIPAA, NDAA, GDPR without a named scheme, SOC 2) is a finding; people's
// training, requirements, questions and explainers are not.
func TestCheckNonexistent(t *testing.T) {
	runCases(t, []verdictCase{
		{"All our developers are HIPAA certified.", ""},
		{"Our nurses are HIPAA certified and trained yearly.", ""},
		{"Our app is HIPAA certified, built by certified developers.", "nonexistent/"},
		{"Our HIPAA-certified telehealth app keeps records safe.", "nonexistent/"},
		{"We're proud to be HIPAA compliant and HIPAA certified.", "nonexistent/"},
		{"Acme is a GDPR-certified company.", "nonexistent/"},
		{"Our NDAA-certified cameras ship within 48 hours.", "nonexistent/"},
		{"Our app is certified HIPAA compliant.", "nonexistent/"},
		{"Acme has received HIPAA certification for its platform.", "nonexistent/"},
		{"We don't sell your data, and our app is HIPAA certified.", "nonexistent/"},
		{"Not only are we HIPAA certified, we also encrypt everything.", "nonexistent/"},
		{"We're SOC 2 Type 2 certified.", "terminology/"},
		{"We achieved SOC 2 Type II certification in March.", "terminology/"},
		{"Is your vendor HIPAA certified? There is no such thing.", ""},
		{"Many vendors claim to be HIPAA certified, but no such certification exists.", ""},
		{"HIPAA compliance is a shared responsibility.", ""},
		{"We sign BAAs and are HIPAA compliant.", ""},
		{"Read our guide: Is HIPAA certification required?", ""},
		{"We help you become HIPAA compliant.", ""},
		{"We are the only HIPAA certified video platform in Ohio.", "nonexistent/"},
		{"Certified HIPAA compliant messaging for clinics.", "nonexistent/"},
		{"Our staff are HIPAA certified and trained every year.", ""},
		{"All employees complete HIPAA certification training annually.", ""},
		{"Experience with HIPAA certified systems is a plus.", ""},
		{"Is Zoom HIPAA compliant?", ""},
		{"There is no official HIPAA certification.", ""},
		{"HIPAA certification does not exist.", ""},
		{"- [ ] HIPAA certified", ""},
		{"question: 'Are you HIPAA certified or willing to get certified?',", ""},
		{"guardrails: [\"No 'HIPAA certified' claim\", \"Document scope honestly\"],", ""},
		{"Certifications that do not exist (\"HIPAA certified\", \"NDAA certified\"); \"FIPS 140-2 compliant\" where only a validated module counts.", ""},
		{"Not-a-certification words: `HIPAA certified`, `SOC 2 certified`.", ""},
		{"{[\"HIPAA Compliant\", \"BAA Available\", \"SOC 2 Certified\", \"PHI Zone Isolation\"].map((badge) => (", "*"},
		{"<span className=\"relative z-10\">HIPAA Compliant · SOC 2 Certified · 99.99% Uptime</span>", "*"},
		{"- [x] HIPAA certified", "*"},
		{"{ question: 'Is it HIPAA certified?', answer: 'Yes, we are HIPAA certified and sign BAAs.' },", "*"},
		{"We are HIPAA certified, so if you need help, call us.", "*"},
		{"We do not sell your data, our cameras are HIPAA certified.", "*"},
		{"No, we are HIPAA certified.", "*"},
		{"If you need HIPAA certified hosting, contact a specialist.", ""},
	})
}
