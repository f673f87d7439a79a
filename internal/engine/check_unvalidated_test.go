package engine

import "testing"

// TestCheckUnvalidated: "FIPS compliant/certified" without a validated
// module's certificate number is a finding.
func TestCheckUnvalidated(t *testing.T) {
	runCases(t, []verdictCase{
		{"FIPS 140-2 certified encryption protects every file.", "validation/"},
		{"Our VPN uses FIPS-compliant AES-256 encryption.", "validation/"},
		{"The module holds a FIPS 140-3 validation, certificate #4812.", ""},
		{"FIPS 140-2 Level 2 certified hardware-encrypted USB drive.", "validation/"},
		{"FIPS 140-3 validated (certificate #4718)", ""},
		{"FIPS-validated encryption modules from our cloud provider.", ""},
	})
}
