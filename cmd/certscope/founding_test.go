package main

import (
	"encoding/json"
	"testing"
)

// The founding case: Hikvision's 2018 release presented an organisation
// certificate (Cyber Essentials Plus) as product certification and a
// government endorsement; its correction scoped the award to its own UK
// infrastructure.
func TestFoundingCase(t *testing.T) {
	packs := func(file string) (int, map[string]int) {
		code, out, errs := runCLI(t, "", "check", "--format", "json", "--date", "2018-06-20", file)
		var doc struct {
			Files []fileResult `json:"files"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Files) != 1 {
			t.Fatalf("%s: %v (stderr %q)", file, err, errs)
		}
		got := map[string]int{}
		for _, f := range doc.Files[0].Findings {
			got[f.Pack]++
		}
		return code, got
	}
	code, got := packs("testdata/hikvision-2018.html")
	if code != exitFindings {
		t.Errorf("release: exit %d, want %d", code, exitFindings)
	}
	for _, p := range []string{"scope", "endorsement"} {
		if got[p] == 0 {
			t.Errorf("release: no finding from pack %q (got %v)", p, got)
		}
	}
	code, got = packs("testdata/hikvision-2018-corrected.html")
	if code != exitClean || len(got) != 0 {
		t.Errorf("correction: exit %d, findings by pack %v; want none", code, got)
	}
}
