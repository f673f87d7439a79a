package golden

import (
	"testing"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/kb"
)

// Every scheme a rule names has a knowledge-base entry, so a card or the
// API can show what the scheme covers and where to verify it.
func TestRuleSchemesInKB(t *testing.T) {
	for _, r := range engine.Default().Rules() {
		for _, id := range r.Schemes {
			if _, ok := kb.Get(id); !ok {
				t.Errorf("rule %s names scheme %q, which internal/kb/schemes.json lacks", r.ID, id)
			}
		}
	}
}
