package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/engine"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// runCLI runs the CLI in-process and returns its exit status and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/certscope -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (rerun with -update and review the diff):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var goldenInputs = []string{"testdata/golden/claims.html", "testdata/golden/claims.md", "testdata/golden/claims.txt", "testdata/golden/clean.txt"}

func TestGoldenFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "jsonl"} {
		args := append([]string{"check", "--date", "2026-11-27", "--format", format}, goldenInputs...)
		code, out, errs := runCLI(t, "", args...)
		if code != exitFindings {
			t.Errorf("%s: exit %d, want %d (stderr %q)", format, code, exitFindings, errs)
		}
		golden(t, "check."+format+".golden", out)
		if format == "text" {
			golden(t, "check.text.stderr.golden", errs)
		} else if errs != "" {
			t.Errorf("%s: unexpected stderr %q", format, errs)
		}
	}
}

// The claims every engine must flag are flagged, and hidden or script text
// is not, with positions in the original files.
func TestCheckTextPositions(t *testing.T) {
	code, out, _ := runCLI(t, "", "check", "--packs", "absolutes", "--date", "2026-11-27", "testdata/golden/claims.html", "testdata/golden/claims.md")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	want := []string{
		"testdata/golden/claims.html:12:", // <strong>unhackable</strong>, not the script or the hidden paragraph
		"testdata/golden/claims.md:3:",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "testdata/golden/claims.html:6:") || strings.HasPrefix(line, "testdata/golden/claims.html:14:") {
			t.Errorf("flagged invisible text: %s", line)
		}
	}
	// The column points at the claim in the source line.
	src, _ := os.ReadFile("testdata/golden/claims.html")
	line := strings.Split(string(src), "\n")[11]
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "testdata/golden/claims.html:12:") {
			var col int
			rest := strings.TrimPrefix(l, "testdata/golden/claims.html:12:")
			if _, err := fmt.Sscanf(rest, "%d:", &col); err != nil {
				t.Fatal(err)
			}
			if col < 1 || col > len([]rune(line)) {
				t.Fatalf("column %d out of line %q", col, line)
			}
			if !strings.Contains(strings.ToLower(string([]rune(line)[col-1:])), "unhackable") {
				t.Errorf("column %d does not point at or before the claim in %q", col, line)
			}
		}
	}
}

func TestCheckJSONOffsetsReferToExtractedText(t *testing.T) {
	_, out, _ := runCLI(t, "  <p>The recorder is <b>unhackable</b>.</p>", "check", "--format", "json", "-")
	var doc struct {
		Files []fileResult `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Files) != 1 || doc.Files[0].File != stdinName || len(doc.Files[0].Findings) == 0 {
		t.Fatalf("unexpected document: %s", out)
	}
	text := "The recorder is unhackable.\n" // what htmltext extracts
	f := doc.Files[0].Findings[0]
	if f.Claim.End > len(text) || !strings.Contains(strings.ToLower(text[f.Claim.Start:f.Claim.End]), "unhackable") {
		t.Errorf("claim %+v does not select the claim in %q", f.Claim, text)
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "image.png")
	os.WriteFile(bin, append([]byte("\x89PNG\r\n\x1a\n\x00\x00"), bytes.Repeat([]byte("unhackable "), 10)...), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Caf\xe9 \xff\xfe cameras are unhackable.\n"), 0o644)
	cases := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"no findings", "", []string{"check", "testdata/golden/clean.txt"}, exitClean, "0 findings"},
		{"findings", "", []string{"check", "testdata/golden/claims.txt"}, exitFindings, ""},
		{"stdin plain", "This lock is unhackable.", []string{"check"}, exitFindings, ""},
		{"stdin dash", "Nothing to see.", []string{"check", "-"}, exitClean, ""},
		{"flags after files", "", []string{"check", "testdata/golden/claims.txt", "--format", "json"}, exitFindings, ""},
		{"unknown flag", "", []string{"check", "--colour", "x.txt"}, exitUsage, "flag provided but not defined"},
		{"bad format", "", []string{"check", "--format", "xml", "x.txt"}, exitUsage, "unknown format"},
		{"bad date", "", []string{"check", "--date", "27/11/2026", "testdata/golden/clean.txt"}, exitUsage, "YYYY-MM-DD"},
		{"unknown pack", "", []string{"check", "--packs", "absolutes,nosuchpack", "testdata/golden/clean.txt"}, exitUsage, "nosuchpack"},
		{"missing file", "", []string{"check", filepath.Join(dir, "missing.html")}, exitUsage, "missing.html"},
		{"directory walked", "", []string{"check", dir}, exitFindings, "1 finding in 1 of 1 file"},
		{"glob matches nothing", "", []string{"check", filepath.Join(dir, "*.nomatch")}, exitUsage, "no files match"},
		{"binary file", "", []string{"check", bin}, exitUsage, "binary"},
		{"binary stdin", "abc\x00def", []string{"check"}, exitUsage, "binary"},
		{"error wins over findings", "", []string{"check", "testdata/golden/claims.txt", bin}, exitUsage, "binary"},
		{"invalid UTF-8", "", []string{"check", bad}, exitFindings, ""},
		{"help", "", []string{"check", "-h"}, exitClean, ""},
		{"no command", "", nil, exitUsage, "usage"},
		{"unknown command", "", []string{"frobnicate"}, exitUsage, "unknown command"},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, c.stdin, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", c.name, code, c.code, errs)
		}
		if !strings.Contains(errs, c.stderr) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errs, c.stderr)
		}
	}
}

func TestUnknownPackListsValidPacks(t *testing.T) {
	_, _, errs := runCLI(t, "", "check", "--packs", "nosuchpack", "testdata/golden/clean.txt")
	for _, p := range engine.Default().Packs() {
		if !strings.Contains(errs, p.ID) {
			t.Errorf("stderr %q does not list pack %q", errs, p.ID)
		}
	}
}

func TestOversizedInputRefused(t *testing.T) {
	defer func(n int64) { maxInputBytes = n }(maxInputBytes)
	maxInputBytes = 64
	big := strings.Repeat("unhackable ", 10)
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	os.WriteFile(path, []byte(big), 0o644)
	for _, args := range [][]string{{"check", path}, {"check"}, {"check", "--jsonl"}} {
		stdin := big
		if args[len(args)-1] == "--jsonl" {
			stdin = `{"id":1,"text":"` + big + `"}` + "\n"
		}
		code, out, errs := runCLI(t, stdin, args...)
		if code != exitUsage || !strings.Contains(errs, "limit") {
			t.Errorf("%v: exit %d stderr %q, want refusal", args, code, errs)
		}
		if out != "" && args[1] != "--jsonl" {
			t.Errorf("%v: printed %q", args, out)
		}
	}
	// Exactly at the limit is fine.
	code, _, errs := runCLI(t, strings.Repeat("a", 64), "check")
	if code != exitClean {
		t.Errorf("input at the limit: exit %d (%s)", code, errs)
	}
}

func TestJSONLMode(t *testing.T) {
	long := strings.Repeat("Plain words here. ", 6000) + "The safe is unhackable."
	in := strings.Join([]string{
		`{"id": "a1", "text": "Our cameras are unhackable."}`,
		``,
		`{"id": 42, "text": "Nothing to see here.", "label": "neutral"}`,
		`{"id": {"n": [1, 2]}, "text": "` + long + `"}`,
		`{"text": "The vault is unhackable."}`,
	}, "\n")
	if len(long) < 64<<10 {
		t.Fatal("long line must exceed 64 KB")
	}
	code, out, errs := runCLI(t, in, "check", "--jsonl")
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	wantIDs := []string{`"a1"`, `42`, `{"n": [1, 2]}`, `null`}
	if len(lines) != len(wantIDs) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(wantIDs), out)
	}
	for i, l := range lines {
		var r lineResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if string(r.ID) != wantIDs[i] {
			t.Errorf("line %d: id %s, want %s verbatim", i+1, r.ID, wantIDs[i])
		}
		if r.Findings == nil {
			t.Errorf("line %d: findings is null, want a list", i+1)
		}
		if flagged := len(r.Findings) > 0; flagged != (i != 1) {
			t.Errorf("line %d: flagged=%v", i+1, flagged)
		}
	}
}

// A bad line is reported on stderr with its number, answered with
// {"id": ..., "error": ...}, and the run goes on; the exit status is 2.
func TestJSONLMalformed(t *testing.T) {
	cases := map[string]struct{ line, id string }{
		"bad json":     {`{"id":2,"text":`, `null`},
		"missing text": {`{"id":2}`, `2`},
		"text not str": {`{"id":2,"text":7}`, `2`},
	}
	for name, c := range cases {
		in := "{\"id\":1,\"text\":\"ok\"}\n" + c.line + "\n{\"id\":3,\"text\":\"The vault is unhackable.\"}\n"
		code, out, errs := runCLI(t, in, "check", "--jsonl")
		if code != exitUsage {
			t.Errorf("%s: exit %d", name, code)
		}
		if !strings.Contains(errs, ":2:") {
			t.Errorf("%s: stderr %q does not name line 2", name, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: want 3 answers, got %q", name, out)
		}
		var e struct {
			ID    json.RawMessage `json:"id"`
			Error string          `json:"error"`
		}
		if err := json.Unmarshal([]byte(lines[1]), &e); err != nil || string(e.ID) != c.id || e.Error == "" {
			t.Errorf("%s: error answer %q (id %s, want %s)", name, lines[1], e.ID, c.id)
		}
		if !strings.HasPrefix(lines[2], `{"id":3,"findings":[{`) {
			t.Errorf("%s: the line after the bad one was not checked: %q", name, lines[2])
		}
	}
}

// --jsonl answers each line before the next one arrives.
func TestJSONLStreams(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		done <- run([]string{"check", "--jsonl"}, inR, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewReader(outR)
	for i, text := range []string{"The safe is unhackable.", "Nothing here."} {
		fmt.Fprintf(inW, "{\"id\": %d, \"text\": %q}\n", i, text)
		got, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if !strings.HasPrefix(got, fmt.Sprintf(`{"id":%d,`, i)) {
			t.Fatalf("line %d: got %q", i, got)
		}
	}
	inW.Close()
	if code := <-done; code != exitFindings {
		t.Errorf("exit %d", code)
	}
}
