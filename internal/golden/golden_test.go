package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/certscope/certscope/internal/engine"
)

const pagesDir = "../../testdata/shared/pages"

// TestPages checks every labelled snippet of the ten real pages: a
// misleading snippet must overlap a finding's sentence, any other none,
// except the snippets in testdata/known-failures.txt ("PAGE#N FP|FN
// reason", N the item's index in PAGE.expect.json). A verdict that changes
// either way fails until the list is updated. P/R are logged.
func TestPages(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(pagesDir, "*.expect.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages in %s: %v", pagesDir, err)
	}
	sort.Strings(names)
	const knownPath = "testdata/known-failures.txt"
	known := loadKnown(t, knownPath)
	seen := map[string]bool{}
	eng := engine.Default()
	opt := engine.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	var total Score
	for _, exp := range names {
		page := strings.TrimSuffix(filepath.Base(exp), ".expect.json")
		data, err := os.ReadFile(exp)
		if err != nil {
			t.Fatal(err)
		}
		e, err := ParseExpect(data)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		html, err := os.ReadFile(filepath.Join(pagesDir, page+".html"))
		if err != nil {
			t.Fatal(err)
		}
		outs, findings, err := Evaluate(eng, html, e, opt)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		var s Score
		for i, o := range outs {
			s.Add(o)
			id := fmt.Sprintf("%s#%d", page, i)
			seen[id] = true
			kind := ""
			switch {
			case !o.Found:
				t.Errorf("%s: snippet not in the extracted text: %q", id, o.Item.Text)
				continue
			case o.Item.Label == "misleading" && !o.Flagged:
				kind = "FN"
			case o.Item.Label != "misleading" && o.Flagged:
				kind = "FP"
			}
			k, listed := known[id]
			switch {
			case kind != "" && !listed:
				t.Errorf("%s %s (%s) %v: %q: fix it or add it to %s with a reason", kind, id, o.Item.Category, o.Rules, o.Item.Text, knownPath)
			case kind != "" && k != kind:
				t.Errorf("%s is now a %s, listed as %s in %s", id, kind, k, knownPath)
			case kind == "" && listed:
				t.Errorf("%s is now right: remove it from %s (%q)", id, knownPath, o.Item.Text)
			}
		}
		t.Logf("%-24s %s, %d findings", page, s, len(findings))
		total.Merge(s)
	}
	for id := range known {
		if !seen[id] {
			t.Errorf("%s: %s is not a labelled snippet", knownPath, id)
		}
	}
	t.Logf("TOTAL %s (%d known failures)", total, len(known))
}

// loadKnown reads a known-failures list: "ID FP|FN reason" per line.
func loadKnown(t *testing.T, path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("known failures: %v", err)
	}
	m := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		if len(f) < 3 || (f[1] != "FP" && f[1] != "FN") || strings.TrimSpace(f[2]) == "" {
			t.Fatalf("%s:%d: want \"ID FP|FN reason\", got %q", path, i+1, line)
		}
		if _, dup := m[f[0]]; dup {
			t.Fatalf("%s:%d: %s listed twice", path, i+1, f[0])
		}
		m[f[0]] = f[1]
	}
	return m
}

func TestNormalizeFind(t *testing.T) {
	text := "Intro.\nOur  ‘Cyber Essentials’\u00a0Plus — award.\nNext"
	n := normalize(text)
	s, e, ok := n.find("our 'cyber essentials' plus - AWARD")
	if !ok || text[s:e] != "Our  ‘Cyber Essentials’\u00a0Plus — award" {
		t.Fatalf("find = %d,%d,%v (%q)", s, e, ok, text[s:e])
	}
	if _, _, ok := n.find("not there"); ok {
		t.Error("found a missing snippet")
	}
	if _, _, ok := n.find("   "); ok {
		t.Error("found an empty snippet")
	}
}

func TestScore(t *testing.T) {
	var s Score
	for _, o := range []Outcome{
		{Item: Item{Label: "misleading"}, Found: true, Flagged: true},
		{Item: Item{Label: "misleading"}, Found: true},
		{Item: Item{Label: "neutral"}, Found: true, Flagged: true},
		{Item: Item{Label: "legitimate"}, Found: true},
		{Item: Item{Label: "neutral"}},
	} {
		s.Add(o)
	}
	if s != (Score{TP: 1, FP: 1, FN: 1, TN: 1, Missing: 1}) || s.Precision() != 0.5 || s.Recall() != 0.5 {
		t.Errorf("score %+v", s)
	}
	if (Score{}).Precision() != 1 || (Score{}).Recall() != 1 {
		t.Error("empty score")
	}
	if _, err := ParseExpect([]byte(`{"items":[{"text":"x","label":"maybe"}]}`)); err == nil {
		t.Error("unknown label accepted")
	}
}
