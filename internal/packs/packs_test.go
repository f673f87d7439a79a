//go:build !(js && wasm)

package packs

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/kb"
)

func TestEmbedded(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Packs) != 7 {
		t.Errorf("want 7 packs, got %d", len(set.Packs))
	}
	n := 0
	for _, p := range set.Packs {
		for _, r := range p.Rules {
			n++
			if r.Pack != p.ID {
				t.Errorf("%s: pack %q", r.ID, r.Pack)
			}
		}
	}
	// The known number: a rule added or removed must update it.
	if n != 37 {
		t.Errorf("want 37 rules, got %d", n)
	}
}

// TestSchemeIDsMatchResearch: every scheme id the packs use that the
// research knowledge base knows is spelled as it spells it; ids the
// research lacks are listed so the kb engineer can add them.
func TestSchemeIDsMatchResearch(t *testing.T) {
	b, err := os.ReadFile("../../testdata/shared/kb/schemes.json")
	if err != nil {
		t.Fatal(err)
	}
	var research []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &research); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range research {
		known[s.ID] = true
	}
	set, _ := Embedded()
	var extra []string
	for _, s := range set.Schemes {
		if !known[s.ID] {
			extra = append(extra, s.ID)
		}
	}
	t.Logf("scheme ids not in the research kb: %v", extra)
	for _, must := range []string{"cyber-essentials-plus", "iso-iec-27001", "soc-2", "hipaa", "fips-140-2", "privacy-shield-dpf", "uk-gov-ncsc-endorsement"} {
		if !known[must] {
			t.Errorf("research kb lacks %s", must)
		}
	}
}

var goodSchemes = []kb.Scheme{{ID: "hipaa", Name: "HIPAA", Names: []string{"HIPAA"}, Scope: "law"}}

const goodRule = `{"id": "p/r", "kind": "nonexistent", "severity": "high", "schemes": ["hipaa"], "verbs": ["certified"],
 "title": "T", "message": "M", "explanation": "E",
 "sources": [{"title": "S", "url": "https://example.org/s"}],
 "examples": {"flag": ["We are HIPAA certified."], "pass": []}}`

func pack(rules ...string) string {
	return `{"pack": "p", "name": "P", "description": "D", "default": true, "rules": [` + strings.Join(rules, ",") + `]}`
}

func known(id string) bool { return id == "hipaa" }

func TestParseGood(t *testing.T) {
	p, err := ParseWith("p.json", []byte(pack(goodRule)), known)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rules[0].Pack != "p" {
		t.Error("pack not set on rule")
	}
	if _, err := Build(goodSchemes, map[string][]byte{"p.json": []byte(pack(goodRule))}); err != nil {
		t.Fatal(err)
	}
}

func TestParseBroken(t *testing.T) {
	edit := func(old, new string) string { return pack(strings.Replace(goodRule, old, new, 1)) }
	cases := []struct {
		name, data, field string
	}{
		{"unknown field", edit(`"title": "T"`, `"title": "T", "colour": "red"`), ""},
		{"unknown kind", edit(`"kind": "nonexistent"`, `"kind": "regex"`), "kind"},
		{"unknown scheme", edit(`["hipaa"]`, `["hippa"]`), "schemes"},
		{"unknown verb", edit(`["certified"]`, `["blessed"]`), "verbs"},
		{"missing source", edit(`[{"title": "S", "url": "https://example.org/s"}]`, `[]`), "sources"},
		{"source without url", edit(`"url": "https://example.org/s"`, `"url": "example.org"`), "sources"},
		{"bad severity", edit(`"severity": "high"`, `"severity": "critical"`), "severity"},
		{"bad id", edit(`"id": "p/r"`, `"id": "other/r"`), "id"},
		{"missing message", edit(`"message": "M"`, `"message": ""`), "message"},
		{"no flag examples", edit(`"flag": ["We are HIPAA certified."]`, `"flag": []`), "examples"},
		{"duplicate id", pack(goodRule, goodRule), "id"},
		{"bad pattern", pack(`{"id": "p/t", "kind": "term", "severity": "medium", "terms": ["<b>x"], "title": "T", "message": "M", "explanation": "E", "sources": [{"title": "S", "url": "https://example.org/s"}], "examples": {"flag": ["x"]}}`), "terms"},
		{"short pattern", pack(`{"id": "p/t", "kind": "term", "severity": "medium", "terms": ["ab"], "title": "T", "message": "M", "explanation": "E", "sources": [{"title": "S", "url": "https://example.org/s"}], "examples": {"flag": ["x"]}}`), "terms"},
		{"term rule without terms", pack(`{"id": "p/t", "kind": "term", "severity": "medium", "title": "T", "message": "M", "explanation": "E", "sources": [{"title": "S", "url": "https://example.org/s"}], "examples": {"flag": ["x"]}}`), "terms"},
		{"bad version", pack(`{"id": "p/s", "kind": "stale", "severity": "medium", "schemes": ["hipaa"], "versions": [{"version": "v2013", "invalid_after": "2025-10-31", "source": "https://example.org"}], "title": "T", "message": "M", "explanation": "E", "sources": [{"title": "S", "url": "https://example.org/s"}], "examples": {"flag": ["x"]}}`), "versions"},
		{"bad date", pack(`{"id": "p/s", "kind": "stale", "severity": "medium", "schemes": ["hipaa"], "invalid_after": "31/10/2025", "title": "T", "message": "M", "explanation": "E", "sources": [{"title": "S", "url": "https://example.org/s"}], "examples": {"flag": ["x"]}}`), "invalid_after"},
		{"no rules", pack(), "rules"},
		{"not json", `{"pack": `, ""},
		{"trailing data", pack(goodRule) + `{}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseWith("broken.json", []byte(c.data), known)
			if err == nil {
				t.Fatal("accepted broken pack")
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *packs.Error", err, err)
			}
			if pe.File != "broken.json" || !strings.Contains(err.Error(), "broken.json") {
				t.Errorf("error does not name the file: %v", err)
			}
			if c.field != "" && pe.Field != c.field {
				t.Errorf("field %q, want %q (%v)", pe.Field, c.field, err)
			}
			if c.field != "" && c.field != "rules" && !strings.Contains(err.Error(), `rule "`) {
				t.Errorf("error does not name the rule: %v", err)
			}
		})
	}
}

func TestBuildBroken(t *testing.T) {
	other := strings.Replace(pack(goodRule), `"pack": "p"`, `"pack": "q"`, 1)
	other = strings.Replace(other, `"id": "p/r"`, `"id": "q/r"`, 1)
	if _, err := Build(goodSchemes, map[string][]byte{"a.json": []byte(pack(goodRule)), "b.json": []byte(other)}); err != nil {
		t.Fatalf("two packs: %v", err)
	}
	if _, err := Build(goodSchemes, map[string][]byte{"a.json": []byte(pack(goodRule)), "b.json": []byte(pack(goodRule))}); err == nil {
		t.Fatal("duplicate pack accepted")
	}
}

func FuzzParsePack(f *testing.F) {
	f.Add([]byte(pack(goodRule)))
	f.Add([]byte(pack()))
	f.Add([]byte(`{"pack":"p","rules":[{"id":"p/x","kind":"stale","versions":[{"version":"1.","invalid_after":""}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseWith("fuzz.json", data, known)
		if err == nil && (p == nil || len(p.Rules) == 0) {
			t.Fatal("nil pack without error")
		}
	})
}

// TestCardText: every card says what is true and suggests accurate
// wording, as DESIGN.md's card does.
func TestCardText(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.Packs {
		for _, r := range p.Rules {
			if !strings.HasPrefix(r.Explanation, "What is true: ") {
				t.Errorf("%s: explanation must start with \"What is true: \"", r.ID)
			}
			if r.Suggestion == "" {
				t.Errorf("%s: no suggestion", r.ID)
			}
			if len(r.Examples.Pass) == 0 {
				t.Errorf("%s: no pass examples", r.ID)
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromGenerated: the cold-start path Embedded takes.
func BenchmarkFromGenerated(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, ok := fromGenerated(); !ok {
			b.Fatal("generated data is stale")
		}
	}
}

// TestSchemesFromKB: a scheme is defined once, in the knowledge base;
// packs hold rules that refer to schemes by id (issue 15).
func TestSchemesFromKB(t *testing.T) {
	if _, err := dataFS.ReadFile("data/schemes.json"); err == nil {
		t.Error("packs define schemes again in data/schemes.json")
	}
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Schemes) != len(kb.All()) || len(set.Schemes) == 0 {
		t.Errorf("%d schemes, kb has %d", len(set.Schemes), len(kb.All()))
	}
	scanned := 0
	for _, s := range set.Schemes {
		if len(s.Names) > 0 {
			scanned++
		}
	}
	if scanned < 40 {
		t.Errorf("only %d schemes have names to scan for", scanned)
	}
}
