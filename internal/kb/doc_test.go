//go:build !(js && wasm)

package kb

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

const knowledgeDoc = "../../docs/knowledge.md"

// TestKnowledgeDoc: docs/knowledge.md is generated from schemes.json
// (rewrite it with -update after editing the data).
func TestKnowledgeDoc(t *testing.T) {
	want := knowledgeMarkdown(All())
	if *update {
		if err := os.WriteFile(knowledgeDoc, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(knowledgeDoc)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatal("docs/knowledge.md is stale: run go test ./internal/kb -run TestGenerated -update")
	}
}

// TestKnowledgeDocListsOldFacts: an entry not reviewed for over a year is
// listed for re-checking.
func TestKnowledgeDocListsOldFacts(t *testing.T) {
	list := []Scheme{
		{ID: "a-new", Name: "A", Scope: "law", Covers: "c", Checked: "2026-12-01"},
		{ID: "b-old", Name: "B", Scope: "law", Covers: "c", Checked: "2025-06-01",
			Dates: []DatedFact{{Date: "2020-01-01", Fact: "F", Source: "https://example.org/f"}}},
	}
	md := string(knowledgeMarkdown(list))
	recheck := md[strings.Index(md, "## To re-check"):strings.Index(md, "## Unverified")]
	if !strings.Contains(recheck, "b-old") || strings.Contains(recheck, "a-new") {
		t.Errorf("re-check list:\n%s", recheck)
	}
	if !strings.Contains(md, "| 2020-01-01 | F | https://example.org/f |") {
		t.Error("dated fact or its source missing")
	}
}

func knowledgeMarkdown(list []Scheme) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	ref := ""
	for _, s := range list {
		if s.Checked > ref {
			ref = s.Checked
		}
	}
	refT, _ := time.Parse("2006-01-02", ref)
	yearAgo := refT.AddDate(-1, 0, 0).Format("2006-01-02")

	p("# Knowledge base\n\n")
	p("Generated from `internal/kb/schemes.json` by `go test ./internal/kb -run TestGenerated -update`; do not edit by hand.\n")
	p("Every card's scheme facts come from this data: what each scheme covers and does not mean, who issues it, where to verify it, dated facts with their sources, and the sources cards quote. ")
	p("%d entries; the newest review is %s.\n\n", len(list), ref)

	p("## To re-check\n\nEntries last reviewed more than a year before %s (before %s):\n\n", ref, yearAgo)
	n := 0
	for _, s := range list {
		if s.Checked < yearAgo {
			p("- `%s` (%s), last reviewed %s\n", s.ID, s.Name, s.Checked)
			n++
		}
	}
	if n == 0 {
		p("- None.\n")
	}
	p("\n## Unverified\n\nFields not confirmed against an official source; cards never show them:\n\n")
	n = 0
	for _, s := range list {
		if len(s.Unverified) > 0 {
			p("- `%s`: %s\n", s.ID, strings.Join(s.Unverified, ", "))
			n++
		}
	}
	if n == 0 {
		p("- None.\n")
	}

	byScope := map[string][]Scheme{}
	for _, s := range list {
		byScope[s.Scope] = append(byScope[s.Scope], s)
	}
	p("\n## Entries by scope\n\n")
	scopes := append([]string(nil), Scopes...)
	sort.Strings(scopes)
	for _, sc := range scopes {
		if len(byScope[sc]) == 0 {
			continue
		}
		ids := make([]string, len(byScope[sc]))
		for i, s := range byScope[sc] {
			ids[i] = "`" + s.ID + "`"
		}
		p("- %s: %s\n", sc, strings.Join(ids, ", "))
	}

	p("\n## Entries\n")
	for _, s := range list {
		p("\n### %s (`%s`)\n\n", s.Name, s.ID)
		line := "- Scope: " + s.Scope
		if s.Evidence != "" {
			line += "; evidence: " + s.Evidence
		}
		p("%s; last reviewed %s.\n", line, s.Checked)
		if len(s.Names) > 0 {
			p("- Detected as: %s\n", quoteAll(s.Names))
		}
		p("- Covers: %s\n", s.Covers)
		if s.NotMeaning != "" {
			p("- Does not mean: %s\n", s.NotMeaning)
		}
		if s.Issuer != "" {
			p("- Issuer: %s\n", s.Issuer)
		}
		if s.Register != nil {
			p("- Verify: [%s](%s)\n", s.Register.Name, s.Register.URL)
		}
		if s.Validity != "" {
			p("- Validity: %s\n", s.Validity)
		}
		if len(s.Dates) > 0 {
			p("\n| Date | Fact | Source |\n| --- | --- | --- |\n")
			for _, d := range s.Dates {
				p("| %s | %s | %s |\n", d.Date, cell(d.Fact), d.Source)
			}
		}
		if len(s.Sources) > 0 {
			p("\nSources:\n\n")
			for i, src := range s.Sources {
				p("%d. [%s](%s)", i+1, src.Title, src.URL)
				if src.Quote != "" {
					p(": \"%s\"", src.Quote)
				}
				p("\n")
			}
		}
	}
	return b.Bytes()
}

func quoteAll(ns []string) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = "\"" + n + "\""
	}
	return strings.Join(q, ", ")
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
