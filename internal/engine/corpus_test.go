package engine

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

type corpusRow struct {
	ID       string `json:"id"`
	Sentence string `json:"sentence"`
	Label    string `json:"label"`
	Category string `json:"category"`
	Note     string `json:"note"`
}

func loadCorpus(t testing.TB) []corpusRow {
	return loadRows(t, "../../testdata/shared/corpus/dev.jsonl")
}

func loadRows(t testing.TB, path string) []corpusRow {
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("corpus: %v", err)
	}
	defer f.Close()
	var rows []corpusRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r corpusRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("corpus: %v", err)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("corpus: empty")
	}
	return rows
}

// corpusDate is "today" for the corpus: the labels were written in
// November 2026 (FIPS 140-2 historical, ISO 27001:2013 lapsed).
var corpusDate = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func TestCorpus(t *testing.T) {
	evalRows(t, "corpus", loadCorpus(t), 0.95, 0.85)
}

// TestGeneralisation measures the engine on sentences written for it
// (testdata/generalisation.jsonl), never used for tuning the dev corpus:
// new product nouns, verbs, voices, badges, code literals and non-native
// English, with hard negatives (scoped claims, negation, explainers,
// news, job ads, quotations, questions, procurement requirements).
// Rows whose note ends "[blind]" or "[blind-4]" were written after a
// round of fixes and scored once before any further change, as an
// estimate for unseen text (see the engine report for those figures).
func TestGeneralisation(t *testing.T) {
	evalRows(t, "generalisation", loadRows(t, "testdata/generalisation.jsonl"), 0.95, 0.80)
}

// evalRows checks every row, logs P/R/F1, per-category recall and the
// errors, and asserts the thresholds.
func evalRows(t *testing.T, name string, rows []corpusRow, minP, minR float64) {
	eng := Default()
	var tp, fp, fn, tn int
	catPos := map[string]int{}
	catHit := map[string]int{}
	var fps, fns []string
	for _, r := range rows {
		res, err := eng.Check(r.Sentence, Options{Date: corpusDate})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if len(f.Sources) == 0 || !strings.HasPrefix(f.Sources[0].URL, "http") {
				t.Errorf("%s: finding %s has no source URL", r.ID, f.Rule)
			}
		}
		pred := len(res.Findings) > 0
		pos := r.Label == "misleading"
		if pos {
			catPos[r.Category]++
		}
		var rules []string
		for _, f := range res.Findings {
			rules = append(rules, f.Rule)
		}
		switch {
		case pos && pred:
			tp++
			catHit[r.Category]++
		case pos && !pred:
			fn++
			fns = append(fns, r.ID+" ["+r.Category+"] "+r.Sentence)
		case !pos && pred:
			fp++
			fps = append(fps, r.ID+" ["+r.Category+"] "+strings.Join(rules, ",")+" :: "+r.Sentence)
		default:
			tn++
		}
	}
	p := float64(tp) / float64(max(tp+fp, 1))
	rc := float64(tp) / float64(max(tp+fn, 1))
	f1 := 0.0
	if p+rc > 0 {
		f1 = 2 * p * rc / (p + rc)
	}
	t.Logf("%s: %d sentences, TP=%d FP=%d FN=%d TN=%d", name, len(rows), tp, fp, fn, tn)
	t.Logf("precision=%.3f recall=%.3f F1=%.3f", p, rc, f1)
	cats := make([]string, 0, len(catPos))
	for c := range catPos {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		t.Logf("  recall %-12s %d/%d", c, catHit[c], catPos[c])
	}
	for _, s := range fps {
		t.Logf("FP %s", s)
	}
	for _, s := range fns {
		t.Logf("FN %s", s)
	}
	if p < minP {
		t.Errorf("%s: precision %.3f < %.2f", name, p, minP)
	}
	if rc < minR {
		t.Errorf("%s: recall %.3f < %.2f", name, rc, minR)
	}
}
