package engine

import "testing"

// TestPrivacyShieldKnownFailures: two Privacy Shield claims that used to be
// tested and were dropped in e0861d3 (TestMetaScope and the
// stale/privacy-shield examples in internal/packs/data/stale.json) when
// that commit removed the rule's "near" context words. They are claims (a
// company relying on an invalidated transfer framework), and the engine
// misses them: a bare "Privacy Shield" is also a screen filter, and
// without the context words only "Privacy Shield Framework" or "EU-U.S.
// Privacy Shield" is taken for the scheme. Recorded as known failures:
// this test fails when one starts to pass, so it moves back to the
// tests that require it.
func TestPrivacyShieldKnownFailures(t *testing.T) {
	known := map[string]string{
		"Our policy: personal data transfers to the US rely on the Privacy Shield.": "TestMetaScope flag list, want stale/",
		"Transfers of personal data to the US rely on the Privacy Shield.":          "stale.json stale/privacy-shield examples.flag",
	}
	for s, was := range known {
		if hasRule(findingsOf(t, s, corpusDate), "stale/privacy-shield") {
			t.Errorf("known failure now passes: %q (%s): move it back there", s, was)
			continue
		}
		t.Logf("known failure: %q is not flagged stale/privacy-shield (was in %s)", s, was)
	}
	// The neighbouring claim still flagged: the rule itself works.
	if !hasRule(findingsOf(t, "We transfer data in reliance on the Privacy Shield Framework.", corpusDate), "stale/privacy-shield") {
		t.Error("stale/privacy-shield no longer flags the Framework wording")
	}
}
