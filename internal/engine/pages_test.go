package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/htmltext"
	txt "github.com/certscope/certscope/internal/text"
)

// TestPages checks the real pages: every "misleading" snippet overlaps a
// finding, and no legitimate or neutral snippet does.
func TestPages(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/shared/pages/*.expect.json")
	if len(files) == 0 {
		t.Fatal("no pages")
	}
	var tp, fn, fp, tn, missing int
	for _, f := range files {
		var exp struct {
			Items []struct {
				Text, Label, Category string
			} `json:"items"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &exp); err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(strings.TrimSuffix(f, ".expect.json") + ".html")
		if err != nil {
			t.Fatal(err)
		}
		text := htmltext.FromHTML(src).String()
		res, err := Default().Check(text, Options{Date: corpusDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, text, res.Findings)
		for _, it := range exp.Items {
			i := strings.Index(text, it.Text)
			if i < 0 {
				missing++
				continue
			}
			a, z := txt.Units(text[:i]), txt.Units(text[:i+len(it.Text)])
			hit := ""
			for _, fd := range res.Findings {
				if fd.Claim.Start < z && fd.Claim.End > a {
					hit = fd.Rule
				}
			}
			name := filepath.Base(f)
			switch {
			case it.Label == "misleading" && hit != "":
				tp++
			case it.Label == "misleading":
				fn++
				t.Logf("FN %s [%s] %q", name, it.Category, it.Text)
			case hit != "":
				fp++
				t.Errorf("FP %s [%s] %s: %q", name, it.Category, hit, it.Text)
			default:
				tn++
			}
		}
	}
	t.Logf("pages: TP=%d FN=%d FP=%d TN=%d (snippets not found in text: %d)", tp, fn, fp, tn, missing)
	if tp+fn > 0 && float64(tp)/float64(tp+fn) < 0.6 {
		t.Errorf("page recall %d/%d", tp, tp+fn)
	}
}
