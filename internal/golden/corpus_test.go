package golden

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/certscope/certscope/internal/engine"
)

// The dev corpus (labelled real sentences) checked one sentence at a time,
// as `certscope check --jsonl` does. Held-out sentences are measured
// elsewhere; this guards against regressions.
func TestDevCorpus(t *testing.T) {
	f, err := os.Open("../../testdata/shared/corpus/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	eng := engine.Default()
	opt := engine.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	var s Score
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var it struct {
			ID       string `json:"id"`
			Sentence string `json:"sentence"`
			Label    string `json:"label"`
			Category string `json:"category"`
		}
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		res, err := eng.Check(it.Sentence, opt)
		if err != nil {
			t.Fatal(err)
		}
		o := Outcome{Item: Item{Text: it.Sentence, Label: it.Label, Category: it.Category}, Found: true, Flagged: len(res.Findings) > 0}
		s.Add(o)
		if o.Flagged != (it.Label == "misleading") {
			t.Logf("%s %s (%s) flagged=%v: %q", it.ID, it.Label, it.Category, o.Flagged, it.Sentence)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("dev corpus: %s", s)
	if s.TP+s.FN == 0 || s.Precision() < 0.9 || s.Recall() < 0.8 {
		t.Errorf("dev corpus %s; want precision >= 0.90 and recall >= 0.80", s)
	}
}
