package engine

import (
	"reflect"
	"strings"
	"testing"
)

// MaxFindings keeps the first findings, in order, and counts all;
// DisableRules drops exactly the findings of the named rules.
func TestMaxFindingsAndDisableRules(t *testing.T) {
	e := Default()
	text := strings.Repeat("Our cameras are unhackable. We are HIPAA certified. ", 5)
	all, err := e.Check(text, Options{})
	if err != nil || len(all.Findings) < 10 {
		t.Fatalf("want findings of two rules: %d %v", len(all.Findings), err)
	}
	capped, _ := e.Check(text, Options{MaxFindings: 3})
	if !reflect.DeepEqual(capped.Findings, all.Findings[:3]) || capped.Stats.Findings != len(all.Findings) {
		t.Errorf("capped: %d findings, stats %d; want the first 3 of %d", len(capped.Findings), capped.Stats.Findings, len(all.Findings))
	}
	off := all.Findings[0].Rule
	var want []Finding
	for _, f := range all.Findings {
		if f.Rule != off {
			want = append(want, f)
		}
	}
	some, _ := e.Check(text, Options{DisableRules: []string{off, "no-such-rule"}})
	if len(want) == 0 || !reflect.DeepEqual(some.Findings, want) || some.Stats.Findings != len(want) {
		t.Errorf("disable %s: %d findings, want %d", off, len(some.Findings), len(want))
	}
}
