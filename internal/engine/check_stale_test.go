package engine

import "testing"

// TestCheckStale: a lapsed version or scheme presented as current.
func TestCheckStale(t *testing.T) {
	runCases(t, []verdictCase{
		{"Certified ISO 27001:2013 since 2015.", "stale/"},
		{"We comply with the Privacy Shield Framework.", "stale/"},
		{"The platform is PCI DSS v3.2.1 certified.", "stale/"},
	})
}
