package main

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
		if got, want := string(appendJSONString(nil, s)), encodingJSON(t, s); got != want {
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
	var fe findingEncoder
	for range 2 { // the second round comes from the card cache
		if got, want := string(fe.appendFindings(nil, fs)), encodingJSON(t, fs); got != want {
			t.Fatalf("findings JSON differs:\n got %.300s\nwant %.300s", got, want)
		}
	}
	if got, want := string(fe.appendFindings(nil, nil)), encodingJSON(t, []engine.Finding(nil)); got != want {
		t.Errorf("nil: got %s want %s", got, want)
	}
}
