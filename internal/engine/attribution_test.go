package engine

import "testing"

// TestCompanyNames: a product word inside a company name ("Northwind
// Devices Ltd") names the company, not a product; acronyms and model
// codes ("Acme X200 NVR") stay products.
func TestCompanyNames(t *testing.T) {
	runCases(t, []verdictCase{
		{"Northwind Devices Ltd holds Cyber Essentials Plus certification for its own corporate IT infrastructure in the UK, renewed in March 2026.", ""},
		{"Northwind Devices is ISO 27001 certified.", ""},
		{"Apex Cameras Inc. is ISO 9001 certified.", ""},
		{"The Acme X200 NVR holds ISO 27001 certification.", "*"},
		{"Our Cameras are ISO 27001 certified.", "*"},
		{"Northwind cameras are ISO 27001 certified.", "*"},
	})
}
