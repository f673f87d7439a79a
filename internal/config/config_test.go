package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	c, err := Parse([]byte("packs: [absolutes]\nrules:\n  disable: [a/b]\n  severity: {a/c: info}\nignore: [\"drafts/**\"]\naccept: [\"We are  HIPAA certified.\"]\nfail-on: high\ncode: true\n"), "x/.certscope.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Packs[0] != "absolutes" || c.Rules.Disable[0] != "a/b" || c.Rules.Severity["a/c"] != "info" || c.FailOn != "high" || !c.Code || c.Dir != "x" {
		t.Errorf("%+v", c)
	}
	if !c.Accepted("we are HIPAA\ncertified.") || c.Accepted("We are HIPAA certified") {
		t.Error("accept list: white space and case fold, punctuation counts")
	}
	if c, err := Parse(nil, "empty"); err != nil || c.Accepted("x") {
		t.Errorf("empty file: %v", err)
	}
	for _, bad := range []string{"fail-on: loud\n", "rules: {severity: {x: critical}}\n", "unknown: 1\n", "packs: 3\n", "ignore: [\"[\"]\n"} {
		if _, err := Parse([]byte(bad), "f"); err == nil || !strings.Contains(err.Error(), "f") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func TestMatchAny(t *testing.T) {
	for _, c := range []struct {
		pat  []string
		path string
		want bool
	}{
		{[]string{"drafts/"}, "drafts/a.md", true},
		{[]string{"drafts"}, "docs/drafts/a.md", true},
		{[]string{"drafts/**"}, "drafts/x/y.md", true},
		{[]string{"docs/*.md"}, "docs/a.md", true},
		{[]string{"docs/*.md"}, "docs/sub/a.md", false},
		{[]string{"**/*.tmp.md"}, "a/b/c.tmp.md", true},
		{[]string{"*.html"}, "a/b.md", false},
		{[]string{"# comment", ""}, "a", false},
	} {
		if got := MatchAny(c.pat, c.path); got != c.want {
			t.Errorf("%v %s: %v", c.pat, c.path, got)
		}
	}
}

func TestFindUpwards(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755)
	os.WriteFile(filepath.Join(dir, ".certscope.yml"), []byte("fail-on: high\n"), 0o644)
	if got := Find(filepath.Join(dir, "a", "b")); got != filepath.Join(dir, ".certscope.yml") {
		t.Errorf("Find: %q", got)
	}
	c, err := Load(Find(filepath.Join(dir, "a")))
	if err != nil || c.FailOn != "high" || c.Ignored(filepath.Join(dir, "a", "x.md")) {
		t.Errorf("Load: %+v %v", c, err)
	}
}
