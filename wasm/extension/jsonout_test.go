package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/engine"
)

// The hand-written encoder must match encoding/json byte for byte.

// marshalResult encodes a check result as findingjson does: HTML escaping
// off (the answer is parsed by JSON.parse, never put into a page).
func marshalResult(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func marshal(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var trickyStrings = []string{
	"", "plain", `quote " backslash \ slash /`, "<script>&amp;</script>",
	"\x00\x01\b\f\n\r\t\x1f\x7f", "line\u2028para\u2029end", "emoji 😀 and é",
	"bad utf-8 \xff\xfe end", "\xed\xa0\x80 encoded surrogate", "trailing \xc3",
	"\ufffd", "\u00a0nbsp", "ünïcödé ∑ 中文",
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		if got, want := string(appendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func sampleFindings() []engine.Finding {
	return []engine.Finding{
		{Rule: "scope/x", Pack: "scope", Severity: "high", Scheme: "iso-9001", Start: 3, End: 40,
			Claim: engine.Span{Start: 5, End: 12}, Title: "T <b>", Message: "M & m", Explanation: "E\u2028",
			Suggestion: "S", Sources: []engine.Source{{Title: "a", URL: "https://a/?x=1&y=2", Quote: "q"}, {Title: "b", URL: "https://b/"}},
			Verify: &engine.Verify{Name: "reg", URL: "https://r/"}},
		{Rule: "terms/y", Pack: "terms", Severity: "info", Title: "only required", Sources: []engine.Source{}},
		{Rule: "nil-sources"},
	}
}

func TestEncodersMatchEncodingJSON(t *testing.T) {
	cases := map[string]struct {
		got  []byte
		want any
	}{
		"result":       {appendResult(nil, engine.Result{Findings: sampleFindings(), Stats: engine.Stats{Units: 1, Bytes: 2, Sentences: 3, Hits: 4, Findings: 5}}), engine.Result{Findings: sampleFindings(), Stats: engine.Stats{Units: 1, Bytes: 2, Sentences: 3, Hits: 4, Findings: 5}}},
		"empty result": {appendResult(nil, engine.Result{Findings: []engine.Finding{}}), engine.Result{Findings: []engine.Finding{}}},
		"nil result":   {appendResult(nil, engine.Result{}), engine.Result{}},
		"packs":        {appendList(nil, []engine.PackInfo{{ID: "a", Name: "A", Description: "d", Rules: 3, Default: true}, {ID: "b"}}, appendPackInfo), []engine.PackInfo{{ID: "a", Name: "A", Description: "d", Rules: 3, Default: true}, {ID: "b"}}},
		"nil packs":    {appendList(nil, []engine.PackInfo(nil), appendPackInfo), []engine.PackInfo(nil)},
		"rules": {appendList(nil, []engine.RuleInfo{{ID: "p/r", Pack: "p", Severity: "high", Title: "t", Message: "m", Schemes: []string{"s1", "s<2>"}, Sources: []engine.Source{{Title: "x", URL: "https://x/"}}}, {ID: "p/q", Schemes: []string{}}}, appendRuleInfo),
			[]engine.RuleInfo{{ID: "p/r", Pack: "p", Severity: "high", Title: "t", Message: "m", Schemes: []string{"s1", "s<2>"}, Sources: []engine.Source{{Title: "x", URL: "https://x/"}}}, {ID: "p/q", Schemes: []string{}}}},
		"error":       {appendError(nil, errResponse{errBody{Code: "c", Message: `m "q"`}}), errResponse{errBody{Code: "c", Message: `m "q"`}}},
		"error input": {appendError(nil, errResponse{errBody{Code: "c", Message: "m", Input: &inputID{Bytes: 1, Units: 2, FNV: "00ff"}}}), errResponse{errBody{Code: "c", Message: "m", Input: &inputID{Bytes: 1, Units: 2, FNV: "00ff"}}}},
	}
	for name, c := range cases {
		want := marshal(t, c.want)
		if strings.Contains(name, "result") {
			want = marshalResult(t, c.want)
		}
		if string(c.got) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, c.got, want)
		}
	}
}

// The host's real answers equal encoding/json's encoding of the engine's
// results, over the engine's own rule examples and the real packs/rules.
func TestHostAnswersMatchEncodingJSON(t *testing.T) {
	h := newHost()
	if got, want := h.Packs(), marshal(t, h.eng.Packs()); got != want {
		t.Errorf("packs:\n got %s\nwant %s", got, want)
	}
	if got, want := h.Rules(), marshal(t, h.eng.Rules()); got != want {
		t.Errorf("rules:\n got %s\nwant %s", got, want)
	}
	texts := []string{
		"Our cameras are Cyber Essentials Plus certified. We are HIPAA certified & <proud>.",
		"Our module is FIPS 140-2 compliant.\u2028We are ISO 27001:2013 certified. Unhackable 😀!",
		"Government-approved, military-grade encryption.",
	}
	// Twice: an answer does not depend on the calls before it.
	for _, text := range append(texts, texts...) {
		res, err := h.eng.Check(text, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := h.Check(text, ""), marshalResult(t, res); got != want {
			t.Errorf("%q:\n got %s\nwant %s", text, got, want)
		}
		if len(res.Findings) == 0 {
			t.Errorf("%q: no findings; the comparison is weak", text)
		}
	}
}

func FuzzHostCheck(f *testing.F) {
	f.Add("Our cameras are Cyber Essentials Plus certified.")
	f.Add("HIPAA certified \xff <b>unhackable</b>")
	h := newHost()
	f.Fuzz(func(t *testing.T, text string) {
		res, err := h.eng.Check(text, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Findings == nil {
			res.Findings = []engine.Finding{}
		}
		if got, want := h.Check(text, ""), marshalResult(t, res); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", text, got, want)
		}
	})
}

func TestErrJSONIsValid(t *testing.T) {
	out := errJSON("bad_options", "date \"x\u2028\" <is> not & valid")
	var e errResponse
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.Error.Message != "date \"x\u2028\" <is> not & valid" {
		t.Fatalf("%s: %v", out, err)
	}
	if !bytes.Contains([]byte(out), []byte(`\u003cis\u003e`)) || strings.Contains(out, "\u2028") {
		t.Errorf("HTML and line separators not escaped: %s", out)
	}
	if reflect.TypeOf(e.Error.Input) != reflect.TypeOf(&inputID{}) || e.Error.Input != nil {
		t.Errorf("input present: %s", out)
	}
}

func TestGuardNamesPanicKind(t *testing.T) {
	for want, v := range map[string]any{"(a string)": "page text", "(an error)": errors.New("page text"), "(a value)": 42} {
		out := guard("x", func() string { panic(v) })
		var e errResponse
		if err := json.Unmarshal([]byte(out), &e); err != nil || !strings.Contains(e.Error.Message, want) || strings.Contains(out, "page text") {
			t.Errorf("panic(%#v): got %s", v, out)
		}
	}
}

// expandCompact rebuilds schema-v1 findings from the compact form, as the
// content script does when it opens a card.
func expandCompact(t *testing.T, s string) (findings []map[string]any, ncards int) {
	t.Helper()
	var c struct {
		Findings []map[string]any `json:"findings"`
		Cards    []map[string]any `json:"cards"`
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		t.Fatalf("compact answer is not JSON: %v\n%s", err, s)
	}
	for _, f := range c.Findings {
		i := int(f["card"].(float64))
		if i < 0 || i >= len(c.Cards) {
			t.Fatalf("card index %d out of %d cards", i, len(c.Cards))
		}
		delete(f, "card")
		for k, v := range c.Cards[i] {
			f[k] = v
		}
	}
	return c.Findings, len(c.Cards)
}

func TestCompactExpandsToFullFindings(t *testing.T) {
	h := host{eng: engine.Default()}
	// Three sentences, two of them making the same claim: two distinct cards.
	text := "Our NVRs are HIPAA certified. Our cameras are HIPAA certified. The app is unhackable."
	full := h.Check(text, `{"date":"2026-12-04"}`)
	compact := h.Check(text, `{"date":"2026-12-04","compact":true}`)
	var want struct {
		Findings []map[string]any `json:"findings"`
		Stats    map[string]any   `json:"stats"`
	}
	if err := json.Unmarshal([]byte(full), &want); err != nil {
		t.Fatal(err)
	}
	got, ncards := expandCompact(t, compact)
	if len(want.Findings) < 3 {
		t.Fatalf("want at least 3 findings on %q, got %d: %s", text, len(want.Findings), full)
	}
	if !reflect.DeepEqual(got, want.Findings) {
		t.Fatalf("compact findings expand to\n%v\nwant\n%v", got, want.Findings)
	}
	if ncards >= len(want.Findings) {
		t.Errorf("%d cards for %d findings: repeated cards were not shared", ncards, len(want.Findings))
	}
	if !strings.Contains(compact, `"stats":{`) || len(compact) >= len(full) {
		t.Errorf("compact answer (%d B) is not smaller than the full one (%d B)", len(compact), len(full))
	}
}

func TestCompactEmpty(t *testing.T) {
	h := host{eng: engine.Default()}
	if got := h.Check("Nothing to see.", `{"compact":true}`); !strings.HasPrefix(got, `{"cards":[],"findings":[],"verifications":[],"stats":{`) {
		t.Fatalf("got %s", got)
	}
}
