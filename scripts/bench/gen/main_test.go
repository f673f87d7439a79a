package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/htmltext"
)

const root = "../../.."

func pools(t *testing.T) (terms, prose, misleading, all []string) {
	t.Helper()
	terms, err := stageOneTerms()
	if err != nil {
		t.Fatal(err)
	}
	prose, err = proseSentences(filepath.Join(root, "testdata", "shared", "pages"), terms)
	if err != nil {
		t.Fatal(err)
	}
	misleading, all, err = corpusSentences(filepath.Join(root, "testdata", "shared", "corpus", "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return
}

func TestProseHasNoClaimTerms(t *testing.T) {
	terms, prose, _, _ := pools(t)
	for _, s := range prose {
		ls := strings.ToLower(s)
		for _, term := range terms {
			if strings.Contains(ls, strings.ToLower(term)) {
				t.Fatalf("prose sentence %q contains the term %q", s, term)
			}
		}
	}
}

func TestTypicalDensity(t *testing.T) {
	_, prose, misleading, _ := pools(t)
	const n = 200_000
	text := typical(rand.New(rand.NewPCG(1, n)), n, prose, misleading)
	if len(text) < n || len(text) > n+4096 {
		t.Fatalf("typical page is %d bytes, want about %d", len(text), n)
	}
	claims := 0
	for _, c := range misleading {
		claims += strings.Count(text, c)
	}
	// One claim per ~2 KB: 100 on 200 KB, give or take.
	if claims < 70 || claims > 130 {
		t.Fatalf("%d claims in %d bytes, want about one per 2 KB", claims, len(text))
	}
}

func TestWorstIsAllClaims(t *testing.T) {
	_, _, misleading, _ := pools(t)
	text := worst(rand.New(rand.NewPCG(1, 2)), 50_000, misleading)
	// Longest first: some corpus sentences contain others.
	sorted := append([]string(nil), misleading...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	rest := text
	for _, c := range sorted {
		rest = strings.ReplaceAll(rest, c, "")
	}
	if strings.TrimSpace(rest) != "" {
		t.Fatalf("worst page has text outside corpus sentences: %.200q", strings.Join(strings.Fields(rest), " "))
	}
}

func TestRunIsDeterministicAndHTMLMatchesText(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := run(d, root, 7, "30k"); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"terms.txt", "typical-30k.txt", "typical-30k.html", "worst-30k.txt", "worst-30k.html"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	// The page's visible text is the text file's, give or take the
	// page chrome (nav, h1, footer) and whitespace.
	txt, _ := os.ReadFile(filepath.Join(a, "typical-30k.txt"))
	page, _ := os.ReadFile(filepath.Join(a, "typical-30k.html"))
	vis := strings.Join(strings.Fields(htmltext.FromHTML(page).String()), " ")
	want := strings.Join(strings.Fields(string(txt)), " ")
	if !strings.Contains(vis, want[:2000]) || len(vis) < len(want) {
		t.Fatalf("visible text of the page does not contain the text file (%d vs %d bytes)", len(vis), len(want))
	}
}
