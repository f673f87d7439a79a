package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/kb"
)

func TestPacksText(t *testing.T) {
	code, out, errs := runCLI(t, "", "packs")
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errs)
	}
	eng := engine.Default()
	for _, p := range eng.Packs() {
		if !strings.Contains(out, p.ID+" (default ") {
			t.Errorf("pack %s missing:\n%s", p.ID, out)
		}
	}
	for _, r := range eng.Rules() {
		if !strings.Contains(out, r.ID) {
			t.Errorf("rule %s missing", r.ID)
		}
		for _, s := range r.Sources {
			if !strings.Contains(out, s.URL) {
				t.Errorf("rule %s: source %s missing", r.ID, s.URL)
			}
		}
	}
}

func TestPacksJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "packs", "--format", "json")
	if code != exitClean {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Packs []engine.PackInfo `json:"packs"`
		Rules []engine.RuleInfo `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Packs) != len(engine.Default().Packs()) || len(doc.Rules) != len(engine.Default().Rules()) {
		t.Errorf("json lists %d packs and %d rules", len(doc.Packs), len(doc.Rules))
	}
	if code, _, _ := runCLI(t, "", "packs", "--format", "yaml"); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "packs", "extra"); code != exitUsage {
		t.Errorf("extra argument: exit %d", code)
	}
}

func TestSchemesList(t *testing.T) {
	code, out, _ := runCLI(t, "", "schemes")
	if code != exitClean {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(kb.All()) {
		t.Fatalf("%d lines for %d schemes", len(lines), len(kb.All()))
	}
	for i, s := range kb.All() {
		f := strings.Fields(lines[i])
		if len(f) < 3 || f[0] != s.ID || f[1] != s.Scope {
			t.Errorf("line %q, want id %s scope %s", lines[i], s.ID, s.Scope)
		}
	}
	code, out, _ = runCLI(t, "", "schemes", "--format", "json")
	var doc struct {
		Schemes []kb.Scheme `json:"schemes"`
	}
	if code != exitClean || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Schemes) != len(kb.All()) {
		t.Errorf("schemes --format json: exit %d, %d schemes", code, len(doc.Schemes))
	}
}

func TestSchemeDetail(t *testing.T) {
	code, out, _ := runCLI(t, "", "schemes", "cyber-essentials-plus")
	if code != exitClean {
		t.Fatalf("exit %d", code)
	}
	s, _ := kb.Get("cyber-essentials-plus")
	for _, want := range []string{s.Name, "Covers:", s.Covers, "Not meaning:", s.NotMeaning, "Issuer:", "Register:", s.Register.URL,
		"Validity:", "Dates:", s.Dates[0].Date, "Sources:", s.Sources[0].URL, s.Sources[0].Quote[:20]} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "", "schemes", "--format", "json", "hipaa")
	var one kb.Scheme
	if code != exitClean || json.Unmarshal([]byte(out), &one) != nil || one.ID != "hipaa" {
		t.Errorf("json detail: exit %d, %q", code, one.ID)
	}
}

func TestSchemeUnknownSuggests(t *testing.T) {
	cases := map[string]string{"cyber-essentals": "cyber-essentials", "27001": "iso-iec-27001", "soc2": "soc-2", "FIPS-140-3": "fips-140-3"}
	for q, want := range cases {
		code, _, errs := runCLI(t, "", "schemes", q)
		if code != exitUsage {
			t.Errorf("%s: exit %d", q, code)
		}
		if !strings.Contains(errs, "did you mean") || !strings.Contains(errs, want) {
			t.Errorf("%s: stderr %q does not suggest %s", q, errs, want)
		}
	}
	if code, _, _ := runCLI(t, "", "schemes", "a", "b"); code != exitUsage {
		t.Errorf("two ids: exit %d", code)
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"soc-2", "soc2", 1}, {"é", "e", 1}}
	for _, c := range cases {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
