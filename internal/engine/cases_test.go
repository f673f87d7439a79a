package engine

import (
	"strings"
	"testing"
)

// verdictCase is one sentence written for a principle and its expected
// verdict: want "" for no finding, "*" for any finding, else a finding
// whose rule id starts with want ("scope/").
type verdictCase struct{ text, want string }

// runCases checks each case as its own sentence at corpusDate.
func runCases(t *testing.T, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		fs := findingsOf(t, c.text, corpusDate)
		switch c.want {
		case "":
			if len(fs) != 0 {
				t.Errorf("flagged: %q: %v", c.text, rulesOf(fs))
			}
		case "*":
			if len(fs) == 0 {
				t.Errorf("not flagged: %q", c.text)
			}
		default:
			ok := false
			for _, f := range fs {
				ok = ok || strings.HasPrefix(f.Rule, c.want)
			}
			if !ok {
				t.Errorf("not flagged (%s): %q got %v", c.want, c.text, rulesOf(fs))
			}
		}
	}
}
