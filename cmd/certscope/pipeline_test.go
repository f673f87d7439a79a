package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// write creates files under dir (names may contain "/").
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const claim = "Our cameras are unhackable."

func TestBOMAndUTF16(t *testing.T) {
	dir := t.TempDir()
	text := "Line one.\n" + claim + " Fine.\n"
	utf16le := func(order binary.AppendByteOrder, bom []byte) string {
		b := append([]byte(nil), bom...)
		for _, u := range utf16.Encode([]rune(text)) {
			b = order.AppendUint16(b, u)
		}
		return string(b)
	}
	write(t, dir, map[string]string{
		"plain.txt": text,
		"bom.txt":   "\xef\xbb\xbf" + text,
		"bom1.txt":  "\xef\xbb\xbf" + claim,
		"le.txt":    utf16le(binary.LittleEndian, []byte{0xff, 0xfe}),
		"be.txt":    utf16le(binary.BigEndian, []byte{0xfe, 0xff}),
	})
	_, want, _ := runCLI(t, "", "check", filepath.Join(dir, "plain.txt"))
	want = strings.ReplaceAll(want, filepath.Join(dir, "plain.txt"), "F")
	if !strings.Contains(want, "F:2:17: ") {
		t.Fatalf("plain: %q", want)
	}
	for _, name := range []string{"bom.txt", "le.txt", "be.txt"} {
		code, out, errs := runCLI(t, "", "check", filepath.Join(dir, name))
		if got := strings.ReplaceAll(out, filepath.Join(dir, name), "F"); code != exitFindings || got != want {
			t.Errorf("%s: exit %d, %q (stderr %q), want %q", name, code, got, errs, want)
		}
	}
	// A BOM does not shift line 1's columns.
	if _, out, _ := runCLI(t, "", "check", filepath.Join(dir, "bom1.txt")); !strings.Contains(out, ":1:17: ") {
		t.Errorf("BOM on line 1: %q", out)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, errors.New("no space left on device")
	}
	w.n--
	return len(p), nil
}

// A write error (a full disk) exits 2 with the reason, in every format.
func TestWriteErrorExits2(t *testing.T) {
	for _, args := range [][]string{
		{"check", "testdata/golden/claims.txt"},
		{"check", "--format", "json", "testdata/golden/claims.txt"},
		{"check", "--format", "sarif", "testdata/golden/claims.txt"},
		{"check", "--jsonl"},
	} {
		var errb bytes.Buffer
		code := run(args, strings.NewReader(`{"id":1,"text":"`+claim+`"}`+"\n"), &failWriter{}, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// In a terminal stdout and stderr interleave: the summary comes last.
func TestSummaryAfterFindings(t *testing.T) {
	var both bytes.Buffer
	code := run([]string{"check", "testdata/golden/claims.txt"}, strings.NewReader(""), &both, &both)
	lines := strings.Split(strings.TrimSpace(both.String()), "\n")
	if code != exitFindings || len(lines) < 2 || !strings.HasPrefix(lines[len(lines)-1], "certscope: ") {
		t.Errorf("exit %d, output %q", code, both.String())
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"check", "--help"}, {"check", "-h"}, {"packs", "-h"}, {"schemes", "--help"}, {"serve", "-h"}, {"--help"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != exitClean || !strings.Contains(out, "usage") || !strings.Contains(out, "exit status") || errs != "" {
			t.Errorf("%v: exit %d, stdout %.80q, stderr %q", args, code, out, errs)
		}
	}
	code, out, _ := runCLI(t, "", "--version")
	if code != exitClean || !strings.HasPrefix(out, "certscope ") {
		t.Errorf("--version: %d %q", code, out)
	}
}

func TestFailOn(t *testing.T) {
	// claims.txt has a high and a medium finding; unhackable alone is medium.
	dir := t.TempDir()
	write(t, dir, map[string]string{"medium.txt": claim})
	med := filepath.Join(dir, "medium.txt")
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"testdata/golden/claims.txt"}, exitFindings},
		{[]string{"--fail-on", "high", "testdata/golden/claims.txt"}, exitFindings},
		{[]string{"--fail-on", "high", med}, exitClean},
		{[]string{"--fail-on", "medium", med}, exitFindings},
		{[]string{"--fail-on", "info", med}, exitFindings},
		{[]string{"--fail-on", "none", "testdata/golden/claims.txt"}, exitClean},
		{[]string{"--fail-on", "severe", med}, exitUsage},
	} {
		code, out, errs := runCLI(t, "", append([]string{"check"}, c.args...)...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, errs)
		}
		if c.code != exitUsage && !strings.Contains(out, "unhackable") {
			t.Errorf("%v: findings not printed: %q", c.args, out)
		}
	}
}

func TestDirectoriesGlobsAndIgnore(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.md":                        claim,
		"sub/b.html":                  "<p>" + claim + "</p>",
		"sub/c.txt":                   claim,
		"sub/skip.md":                 claim,
		"drafts/d.md":                 claim,
		".hidden/e.md":                claim,
		"node_modules/x/f.md":         claim,
		"image.png":                   claim,
		".certscopeignore":            "# not ready\ndrafts/\n*skip*\n",
		"sub/deeper/g.markdown":       claim,
		"sub/deeper/.certscopeignore": "g.markdown\n",
	})
	code, out, errs := runCLI(t, "", "check", dir)
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		rel, _ := filepath.Rel(dir, strings.SplitN(l, ":", 2)[0])
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"a.md", "sub/b.html", "sub/c.txt"}
	if code != exitFindings || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("walk: exit %d, files %v, want %v (stderr %q)", code, got, want, errs)
	}
	_, out, _ = runCLI(t, "", "check", filepath.Join(dir, "**", "*.md"))
	if !strings.Contains(out, "a.md:") || !strings.Contains(out, "d.md:") || strings.Contains(out, "c.txt") || strings.Contains(out, "e.md") {
		t.Errorf("glob **/*.md: %q", out)
	}
}

func TestStdinType(t *testing.T) {
	md := "# Example\n\n```\n" + claim + "\n```\n"
	for _, c := range []struct {
		typ  string
		code int
	}{{"markdown", exitClean}, {"md", exitClean}, {"text", exitFindings}, {"rtf", exitUsage}} {
		if code, _, errs := runCLI(t, md, "check", "--stdin-type", c.typ); code != c.code {
			t.Errorf("--stdin-type %s: exit %d, want %d (%s)", c.typ, code, c.code, errs)
		}
	}
	// Not sniffed as HTML (no leading "<"), but declared so: script text is
	// not visible text.
	page := "Intro. <script>var s = '" + claim + "';</script>"
	if code, _, _ := runCLI(t, page, "check", "--stdin-type", "html"); code != exitClean {
		t.Errorf("--stdin-type html: exit %d", code)
	}
	if code, _, _ := runCLI(t, page, "check"); code != exitFindings {
		t.Errorf("sniffed as text: exit %d", code)
	}
	// --code checks code blocks too.
	if code, _, _ := runCLI(t, md, "check", "--stdin-type", "markdown", "--code"); code != exitFindings {
		t.Errorf("--code: exit %d", code)
	}
	if code, _, _ := runCLI(t, "Write `HIPAA certified` nowhere.", "check", "--stdin-type", "markdown"); code != exitClean {
		t.Errorf("inline code checked: exit %d", code)
	}
}

func TestInlineDisableComments(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"next.md":   "<!-- certscope-disable-next-line absolutes/unhackable -->\n" + claim + "\n\nThe vault is unhackable.\n",
		"block.md":  "<!-- certscope-disable -->\n" + claim + "\n\nWe are HIPAA certified.\n<!-- certscope-enable -->\n\nThe vault is unhackable.\n",
		"other.md":  "<!-- certscope-disable-next-line nonexistent/hipaa-certified -->\n" + claim + "\n",
		"page.html": "<p><!-- certscope-disable absolutes/unhackable -->" + claim + " We are HIPAA certified.<!-- certscope-enable --></p><p>The vault is unhackable.</p>",
	})
	for name, want := range map[string][]string{
		"next.md":   {":4:14: medium absolutes/unhackable"},
		"block.md":  {":7:14: medium absolutes/unhackable"},
		"other.md":  {":2:17: medium absolutes/unhackable"},
		"page.html": {"high nonexistent/hipaa-certified", "medium absolutes/unhackable"},
	} {
		_, out, _ := runCLI(t, "", "check", filepath.Join(dir, name))
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != len(want) {
			t.Errorf("%s: %q, want %v", name, out, want)
			continue
		}
		for i, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("%s: line %q lacks %q", name, lines[i], w)
			}
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		".certscope.yaml": `
rules:
  disable: [nonexistent/hipaa-certified]
  severity:
    absolutes/unhackable: info
ignore: ["drafts/**"]
accept:
  - "Our   cameras are UNHACKABLE."
fail-on: medium
`,
		"docs/page.md":    claim + "\n\nThe vault is unhackable.\n\nWe are HIPAA certified.\n",
		"drafts/draft.md": "The vault is unhackable.\n",
	})
	// Found upwards from docs/; the accepted sentence and the disabled
	// rule are gone, the severity is overridden, and info is below fail-on.
	code, out, errs := runCLI(t, "", "check", filepath.Join(dir, "docs", "page.md"))
	if code != exitClean || strings.Count(out, "\n") != 1 || !strings.Contains(out, ":3:14: info absolutes/unhackable") {
		t.Errorf("with config: exit %d, %q (%s)", code, out, errs)
	}
	// The ignore globs apply to walks; flags win over the file.
	_, out, _ = runCLI(t, "", "check", dir)
	if strings.Contains(out, "draft.md") || !strings.Contains(out, "page.md") {
		t.Errorf("walk with ignore: %q", out)
	}
	if code, _, _ := runCLI(t, "", "check", "--fail-on", "info", filepath.Join(dir, "docs", "page.md")); code != exitFindings {
		t.Errorf("--fail-on info over the config: exit %d", code)
	}
	if code, out, _ := runCLI(t, "", "check", "--no-config", filepath.Join(dir, "docs", "page.md")); code != exitFindings || strings.Count(out, "\n") != 3 {
		t.Errorf("--no-config: exit %d, %q", code, out)
	}
	// A broken config is an input error naming the file.
	write(t, dir, map[string]string{"bad/.certscope.yaml": "rules:\n  severity:\n    absolutes/unhackable: loud\n", "bad/x.md": claim,
		"typo/.certscope.yaml": "fail_on: high\n", "typo/x.md": claim})
	for _, d := range []string{"bad", "typo"} {
		code, _, errs := runCLI(t, "", "check", filepath.Join(dir, d, "x.md"))
		if code != exitUsage || !strings.Contains(errs, ".certscope.yaml") {
			t.Errorf("%s config: exit %d, stderr %q", d, code, errs)
		}
	}
}

// JSON findings carry the claim's source line and column: the ones the
// text format prints.
func TestJSONLineColumn(t *testing.T) {
	_, text, _ := runCLI(t, "", "check", "testdata/golden/claims.html")
	_, js, _ := runCLI(t, "", "check", "--format", "json", "testdata/golden/claims.html")
	var doc struct {
		Files []struct {
			File     string `json:"file"`
			Findings []struct {
				Rule   string `json:"rule"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || len(doc.Files) != 1 {
		t.Fatalf("%v %s", err, js)
	}
	var lines []string
	for _, f := range doc.Files[0].Findings {
		lines = append(lines, doc.Files[0].File+":"+itoa(f.Line)+":"+itoa(f.Column)+": ")
	}
	tl := strings.Split(strings.TrimSpace(text), "\n")
	if len(tl) != len(lines) {
		t.Fatalf("text %d lines, json %d findings", len(tl), len(lines))
	}
	for i := range tl {
		if !strings.HasPrefix(tl[i], lines[i]) {
			t.Errorf("finding %d: text %q, json position %q", i, tl[i], lines[i])
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// --format sarif is valid SARIF 2.1.0 (the official JSON schema), with
// rules carrying help text and a help URI and results their location.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	schema, err := c.Compile("testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{goldenInputs, {"testdata/golden/clean.txt"}} {
		code, out, errs := runCLI(t, "", append([]string{"check", "--format", "sarif"}, args...)...)
		if code == exitUsage {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Fatalf("SARIF output invalid: %#v", err)
		}
		// A broken log must fail the same validation (the test can fail).
		bad := strings.Replace(out, `"version": "2.1.0"`, `"version": "2.0"`, 1)
		json.Unmarshal([]byte(bad), &v)
		if schema.Validate(v) == nil {
			t.Fatal("schema accepted version 2.0")
		}
	}
	_, out, _ := runCLI(t, "", "check", "--format", "sarif", "testdata/golden/claims.md")
	var log sarifLog
	json.Unmarshal([]byte(out), &log)
	run := log.Runs[0]
	if len(run.Results) != 2 || len(run.Tool.Driver.Rules) != 2 {
		t.Fatalf("results %d rules %d", len(run.Results), len(run.Tool.Driver.Rules))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" || !strings.HasPrefix(r.HelpURI, "https://") {
			t.Errorf("rule %s: help %q uri %q", r.ID, r.Help.Text, r.HelpURI)
		}
	}
	loc := run.Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "testdata/golden/claims.md" || loc.Region.StartLine != 3 || loc.Region.StartColumn != 28 {
		t.Errorf("location %+v", loc)
	}
	if run.Results[1].Level != "error" || run.Results[0].Level != "warning" {
		t.Errorf("levels %s %s", run.Results[0].Level, run.Results[1].Level)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	_, out, _ := runCLI(t, "", "check", "--format", "github", "testdata/golden/claims.md")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "::warning file=testdata/golden/claims.md,line=3,col=28,title=CertScope absolutes/unhackable::No product") ||
		!strings.HasPrefix(lines[1], "::error file=testdata/golden/claims.md,line=6,col=18,title=CertScope nonexistent/hipaa-certified::") {
		t.Errorf("annotations:\n%s", out)
	}
	if got := ghProperty("a,b:c%\nd"); got != "a%2Cb%3Ac%25%0Ad" {
		t.Errorf("ghProperty: %q", got)
	}
}

// The project's own README passes: its examples of misleading claims sit
// in code blocks, which are not checked unless asked (--code).
func TestReadmePasses(t *testing.T) {
	code, out, errs := runCLI(t, "", "check", "--no-config", "../../README.md")
	if code != exitClean {
		t.Errorf("certscope check README.md: exit %d\n%s%s", code, out, errs)
	}
}

// --compact: each card once per line, findings referring to it, the same
// findings as the full form.
func TestCompactJSONL(t *testing.T) {
	text := strings.Repeat(claim+" We are HIPAA certified. ", 3)
	for _, args := range [][]string{{"check", "--format", "jsonl"}, {"check", "--jsonl"}} {
		in := text
		if args[1] == "--jsonl" {
			in = `{"id":7,"text":"` + text + `"}` + "\n"
		}
		_, full, _ := runCLI(t, in, args...)
		code, compact, errs := runCLI(t, in, append(args, "--compact")...)
		var f struct {
			Findings []struct {
				Rule, Title string
				Start, End  int
				Line        int
			}
		}
		var c struct {
			Cards []struct {
				Rule, Scheme, Title string
				Sources             []any
			}
			Findings []struct {
				Card       int
				Rule       string
				Start, End int
				Line       int
			}
		}
		if err := json.Unmarshal([]byte(full), &f); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(compact), &c); err != nil || code != exitFindings {
			t.Fatalf("%v: %v exit %d %s", args, err, code, errs)
		}
		if len(c.Cards) != 2 || len(c.Findings) != 6 || len(f.Findings) != 6 || len(compact) >= len(full) {
			t.Fatalf("%v: %d cards, %d findings (full %d); %d bytes vs %d", args, len(c.Cards), len(c.Findings), len(f.Findings), len(compact), len(full))
		}
		for i, cf := range c.Findings {
			card := c.Cards[cf.Card]
			if cf.Rule != f.Findings[i].Rule || card.Rule != cf.Rule || card.Title != f.Findings[i].Title ||
				cf.Start != f.Findings[i].Start || cf.End != f.Findings[i].End || cf.Line != f.Findings[i].Line || len(card.Sources) == 0 {
				t.Errorf("%v finding %d: %+v card %+v, want %+v", args, i, cf, card, f.Findings[i])
			}
		}
	}
	if code, _, _ := runCLI(t, text, "check", "--compact"); code != exitUsage {
		t.Errorf("--compact with text format: exit %d", code)
	}
}
