package findingjson

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/engine"
)

func encodingJSON(t testing.TB, v any) string {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uo\te`, "<a>&amp;", "tab\tnl\nret\r\b\f\x00\x1f", "\u2028\u2029", "caf\u00e9 \U0001F600", "bad\xffutf8\xe2\x80", "\x7f"} {
		if got, want := string(AppendString(nil, s)), encodingJSON(t, s); got != want {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
}

// The encoder must match encoding/json on the engine's real findings
// (every card, sources and verify present or not), and on odd ones.
func TestFindingsMatchEncodingJSON(t *testing.T) {
	src, err := os.ReadFile("../../testdata/shared/corpus/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, line := range bytes.Split(src, []byte("\n")) {
		var in struct {
			Text string `json:"sentence"`
		}
		if json.Unmarshal(line, &in) == nil && in.Text != "" {
			texts = append(texts, in.Text)
		}
	}
	res, err := engine.Default().Check(strings.Join(texts, "\n"), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) < 50 {
		t.Fatalf("only %d findings from the corpus", len(res.Findings))
	}
	fs := append(res.Findings, engine.Finding{Rule: "r<&>", Sources: []engine.Source{}}, engine.Finding{Title: "x\u2028", Verify: &engine.Verify{Name: "n", URL: "u"}})
	var fe Encoder
	for range 2 { // the second round comes from the card cache
		if got, want := string(fe.AppendFindings(nil, fs, nil)), encodingJSON(t, fs); got != want {
			t.Fatalf("findings JSON differs:\n got %.300s\nwant %.300s", got, want)
		}
	}
	if got, want := string(fe.AppendFindings(nil, nil, nil)), encodingJSON(t, []engine.Finding(nil)); got != want {
		t.Errorf("nil: got %s want %s", got, want)
	}
}

// positioned is a finding with its source position, as --format json and
// jsonl write it.
type positioned struct {
	Rule        string          `json:"rule"`
	Pack        string          `json:"pack"`
	Severity    string          `json:"severity"`
	Scheme      string          `json:"scheme,omitempty"`
	Start       int             `json:"start"`
	End         int             `json:"end"`
	Claim       engine.Span     `json:"claim"`
	Line        int             `json:"line"`
	Column      int             `json:"column"`
	Title       string          `json:"title"`
	Message     string          `json:"message"`
	Explanation string          `json:"explanation"`
	Suggestion  string          `json:"suggestion,omitempty"`
	Sources     []engine.Source `json:"sources"`
	Verify      *engine.Verify  `json:"verify,omitempty"`
}

// With positions, compact and indented, the encoder writes what
// encoding/json writes for the same finding with line and column.
func TestPositionedFindingsMatchEncodingJSON(t *testing.T) {
	res, err := engine.Default().Check("Our cameras are unhackable. We are HIPAA certified. ISO 27001 certified since 2019.", engine.Options{})
	if err != nil || len(res.Findings) < 2 {
		t.Fatalf("%d findings, %v", len(res.Findings), err)
	}
	fs := append(res.Findings, engine.Finding{Rule: "r<&>", Title: "t\u2028", Verify: &engine.Verify{Name: "n", URL: "u"}})
	var fe Encoder
	for round := 0; round < 2; round++ {
		for i := range fs {
			f := fs[i]
			pos := [2]int{i + 1, 10 * i}
			p := positioned{f.Rule, f.Pack, f.Severity, f.Scheme, f.Start, f.End, f.Claim, pos[0], pos[1],
				f.Title, f.Message, f.Explanation, f.Suggestion, f.Sources, f.Verify}
			if got, want := string(fe.AppendFinding(nil, &f, &pos)), encodingJSON(t, p); got != want {
				t.Fatalf("compact differs:\n got %.400s\nwant %.400s", got, want)
			}
			var buf bytes.Buffer
			e := json.NewEncoder(&buf)
			e.SetEscapeHTML(false)
			e.SetIndent(FindingIndent, "  ")
			e.Encode(p)
			if got, want := string(fe.AppendFindingIndented(nil, &f, &pos)), strings.TrimSuffix(buf.String(), "\n"); got != want {
				t.Fatalf("indented differs:\n got %s\nwant %s", got, want)
			}
		}
	}
}
