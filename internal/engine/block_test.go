package engine

import "testing"

// TestListHeadings: the heading a list sits under decides whether its
// items are claims ("Certifications:") or mentions ("Do not claim:",
// "We cannot guarantee:"); a list without such a heading is read alone.
func TestListHeadings(t *testing.T) {
	runCases(t, []verdictCase{
		{"Our certifications:\n- HIPAA\n- ISO 27001:2022", "nonexistent/hipaa-certified"},
		{"Certifications:\n\n* ISO 27001:2013\n* Cyber Essentials Plus", "stale/iso-27001-2013"},
		{"Do not claim:\n- HIPAA certified\n- unhackable", ""},
		{"## Forbidden phrases:\n- \"We are HIPAA certified.\"\n- military-grade encryption", ""},
		{"We cannot guarantee:\n- 100% uptime\n- zero risk of data breaches", ""},
		{"We cannot guarantee:\n<li>100% uptime or zero risk of data breaches.</li>", ""},
		{"Standards we follow:\n- HIPAA\n- ISO 27001", ""},
		{"Features:\n- HIPAA certified messaging", "nonexistent/hipaa-certified"},
		{"Do not claim:\n\nOur app is HIPAA certified.", "nonexistent/hipaa-certified"},
	})
	// A long list keeps its heading (items resolved one after another).
	long := "Do not claim:\n"
	for i := 0; i < 60; i++ {
		long += "- HIPAA certified\n"
	}
	if fs := findingsOf(t, long, corpusDate); len(fs) != 0 {
		t.Errorf("long list under \"Do not claim:\": %d findings", len(fs))
	}
	for _, c := range []struct {
		text string
		at   int
		want string
	}{
		{"Certifications:\n- HIPAA", 18, "Certifications:"},
		{"Intro line\n- HIPAA", 13, ""},
		{"Certifications:\nSome prose.\n- HIPAA", 30, ""},
		{"Certifications:\n1. HIPAA", 18, "Certifications:"},
		{"HIPAA", 0, ""},
	} {
		if got := listHeading(c.text, c.at); got != c.want {
			t.Errorf("listHeading(%q, %d) = %q, want %q", c.text, c.at, got, c.want)
		}
	}
}
