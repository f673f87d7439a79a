package engine

import "testing"

// TestCheckTerm: absolutes ("unhackable", "military-grade encryption")
// are findings, also in the future tense; mentions, materials and
// negations are not.
func TestCheckTerm(t *testing.T) {
	runCases(t, []verdictCase{
		{"Unbreakable 256-bit encryption for every chat.", "absolutes/"},
		{"Your files are 100% safe with us.", "absolutes/"},
		{"Hack-proof smart home hub", "absolutes/"},
		{"Bank-grade security for your crypto.", "absolutes/"},
		{"Our encryption is so strong it's impossible to hack.", "absolutes/"},
		{"The X-100 is certified under UL 2900-2-3 Level 3.", ""},
		{"FedRAMP Certified", ""},
		{"Avoid products marketed as unhackable.", ""},
		{"What does military-grade encryption actually mean?", ""},
		{"No product is 100% secure.", ""},
		{"The enclosure is machined from military-grade aluminium.", ""},
		{"Totally secure messaging for your team.", "absolutes/"},
		{"Your data is completely secure with us.", "absolutes/"},
		{"The so-called unhackable wallet was breached within a week.", ""},
		{"Researchers hacked the \"unhackable\" lock in minutes.", ""},
		{"The case is made of unbreakable polycarbonate.", ""},
		{"The certificate covers our headquarters; it does not cover the products we sell.", ""},
		{"Our products are tested by a UL-accredited laboratory.", ""},
		{"| absolutes | unhackable, hack-proof, 100% secure, military-grade encryption |", ""},
		{"Source: https://www.bgr.com/2196840/vpn-military-grade-encryption-explained/", ""},
		{"We use bank-level encryption and are ISO 27001 certified to ensure your data security.", "*"},
		{"Your files will always be protected by military-grade encryption.", "*"},
		{"Look no further: military-grade encryption for your files.", "*"},
		{"Our no-log VPN uses military-grade encryption.", "*"},
		{"Long-term protection with bank-level security.", "*"},
		{"The certification confirms that our controls work as described.", ""},
	})
}
