// Command gen writes deterministic benchmark pages: vendor-page prose with
// certification claims at a given density, as plain text and as HTML, plus
// a TERMS file with the engine's stage-1 phrases for the grep comparison.
//
// Prose sentences come from the visible text of the real pages in
// testdata/shared/pages (minus any sentence that names a scheme or claim
// term, so only the inserted sentences are claims); claim sentences come
// from the labelled corpus testdata/shared/corpus/dev.jsonl.
//
//	go run ./scripts/bench/gen -out /tmp/certscope-bench [-seed 1] [-sizes 200k,2m,16m]
//
// Output, per size S and density D (typical: one misleading claim per
// ~2 KB of text; worst: every sentence a misleading claim from the corpus):
// D-S.txt (the text) and D-S.html (the same text as a page), plus terms.txt.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/certscope/certscope/internal/htmltext"
	"github.com/certscope/certscope/internal/packs"
)

func main() {
	out := flag.String("out", "", "output directory (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	sizes := flag.String("sizes", "200k,2m,16m", "text sizes to write (k = 1000 bytes, m = 1000000 bytes)")
	root := flag.String("root", ".", "repository root (for testdata/shared)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	if err := run(*out, *root, *seed, *sizes); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out, root string, seed uint64, sizeList string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	terms, err := stageOneTerms()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "terms.txt"), []byte(strings.Join(terms, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	shared := filepath.Join(root, "testdata", "shared")
	prose, err := proseSentences(filepath.Join(shared, "pages"), terms)
	if err != nil {
		return err
	}
	misleading, all, err := corpusSentences(filepath.Join(shared, "corpus", "dev.jsonl"))
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d terms, %d prose sentences, %d misleading / %d corpus sentences\n",
		len(terms), len(prose), len(misleading), len(all))
	for _, s := range strings.Split(sizeList, ",") {
		n, err := parseSize(s)
		if err != nil {
			return err
		}
		for _, d := range []struct {
			name string
			fn   func(r *rand.Rand) string
		}{
			{"typical", func(r *rand.Rand) string { return typical(r, n, prose, misleading) }},
			{"worst", func(r *rand.Rand) string { return worst(r, n, misleading) }},
		} {
			r := rand.New(rand.NewPCG(seed, uint64(n)))
			paras := d.fn(r)
			base := filepath.Join(out, d.name+"-"+strings.ToLower(strings.TrimSpace(s)))
			if err := os.WriteFile(base+".txt", []byte(paras), 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(base+".html", []byte(page(r, d.name, paras)), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseSize(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	mul := 1
	switch {
	case strings.HasSuffix(s, "k"):
		mul, s = 1000, s[:len(s)-1]
	case strings.HasSuffix(s, "m"):
		mul, s = 1000*1000, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mul, nil
}

// stageOneTerms lists every phrase the engine's prefilter looks for:
// scheme names and the terms of term and endorsement rules.
func stageOneTerms() ([]string, error) {
	set, err := packs.Embedded()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var terms []string
	add := func(t string) {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			return
		}
		seen[strings.ToLower(t)] = true
		terms = append(terms, t)
	}
	for _, s := range set.Schemes {
		for _, n := range s.Names {
			add(n)
		}
	}
	for _, p := range set.Packs {
		for _, r := range p.Rules {
			for _, t := range r.Terms {
				add(t)
			}
		}
	}
	sort.Strings(terms)
	return terms, nil
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’)]?\s+`)

// proseSentences returns the sentences of the real pages' visible text
// that read as prose and mention no claim term.
func proseSentences(dir string, terms []string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	lower := make([]string, 0, len(terms)+3)
	for _, t := range terms {
		lower = append(lower, strings.ToLower(t))
	}
	lower = append(lower, "certif", "complian", "accredit", "endorse", "approved")
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(htmltext.FromHTML(src).String(), "\n") {
			line = strings.Join(strings.Fields(line), " ")
			for _, s := range splitSentences(line) {
				if !proseLike(s) || seen[s] {
					continue
				}
				ls := strings.ToLower(s)
				bad := false
				for _, t := range lower {
					if strings.Contains(ls, t) {
						bad = true
						break
					}
				}
				if !bad {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	if len(out) < 50 {
		return nil, fmt.Errorf("only %d prose sentences in %s", len(out), dir)
	}
	return out, nil
}

func splitSentences(line string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(line, -1) {
		out = append(out, strings.TrimSpace(line[last:m[1]]))
		last = m[1]
	}
	if rest := strings.TrimSpace(line[last:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// proseLike: a sentence of 6+ words that starts with a capital and ends
// with a full stop, not a menu item or a heading.
func proseLike(s string) bool {
	if len(s) < 40 || len(s) > 400 || len(strings.Fields(s)) < 6 {
		return false
	}
	if c := s[0]; c < 'A' || c > 'Z' {
		return false
	}
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, ".”") || strings.HasSuffix(s, ".\"")
}

func corpusSentences(path string) (misleading, all []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec struct {
			Sentence string `json:"sentence"`
			Label    string `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", path, err)
		}
		s := strings.Join(strings.Fields(rec.Sentence), " ")
		if s == "" {
			continue
		}
		all = append(all, s)
		if rec.Label == "misleading" {
			misleading = append(misleading, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if len(misleading) == 0 {
		return nil, nil, fmt.Errorf("%s: no misleading sentences", path)
	}
	return misleading, all, nil
}

// typical writes paragraphs of prose with one misleading claim per ~2 KB.
// Paragraphs are separated by a blank line; every 8-12 paragraphs a short
// heading line starts a section.
func typical(r *rand.Rand, n int, prose, claims []string) string {
	var b strings.Builder
	nextClaim := 1024 + r.IntN(2048) // a claim every 2 KB on average
	for b.Len() < n {
		writeHeading(r, &b, prose)
		for p := 8 + r.IntN(5); p > 0 && b.Len() < n; p-- {
			for k := 3 + r.IntN(4); k > 0; k-- {
				if b.Len() >= nextClaim {
					b.WriteString(claims[r.IntN(len(claims))])
					nextClaim += 1024 + r.IntN(2048)
				} else {
					b.WriteString(prose[r.IntN(len(prose))])
				}
				if k > 1 {
					b.WriteByte(' ')
				}
			}
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// worst writes paragraphs in which every sentence is a misleading claim
// from the corpus: every sentence reaches full analysis, and most become
// findings (with their cards, the costliest output).
func worst(r *rand.Rand, n int, claims []string) string {
	var b strings.Builder
	for b.Len() < n {
		for k := 3 + r.IntN(4); k > 0; k-- {
			b.WriteString(claims[r.IntN(len(claims))])
			if k > 1 {
				b.WriteByte(' ')
			}
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func writeHeading(r *rand.Rand, b *strings.Builder, prose []string) {
	w := strings.Fields(prose[r.IntN(len(prose))])
	if len(w) > 5 {
		w = w[:2+r.IntN(4)]
	}
	b.WriteString(strings.TrimRight(strings.Join(w, " "), ",.;:"))
	b.WriteString("\n\n")
}

// page wraps the paragraphs in a vendor page: header, nav, sections of
// paragraphs (a few as lists, a few with inline links or emphasis) and a
// footer. Short lines (headings) become <h2>.
func page(r *rand.Rand, name, text string) string {
	var b strings.Builder
	b.Grow(len(text) * 13 / 10)
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CertScope bench: ")
	b.WriteString(name)
	b.WriteString("</title>\n<style>body{font:16px/1.5 sans-serif;max-width:60em;margin:auto}nav a{margin-right:1em}</style></head>\n<body>\n")
	b.WriteString("<header><nav><a href=\"#\">Products</a><a href=\"#\">Solutions</a><a href=\"#\">Pricing</a><a href=\"#\">Support</a></nav></header>\n<main>\n<h1>Security you can see</h1>\n")
	inSection := false
	for _, para := range strings.Split(text, "\n\n") {
		if para == "" {
			continue
		}
		if len(para) < 60 && !strings.HasSuffix(para, ".") {
			if inSection {
				b.WriteString("</section>\n")
			}
			b.WriteString("<section><h2>")
			b.WriteString(html.EscapeString(para))
			b.WriteString("</h2>\n")
			inSection = true
			continue
		}
		sents := splitSentences(para)
		if r.IntN(8) == 0 && len(sents) > 1 {
			b.WriteString("<ul>")
			for _, s := range sents {
				b.WriteString("<li>")
				b.WriteString(inline(r, s))
				b.WriteString("</li>")
			}
			b.WriteString("</ul>\n")
			continue
		}
		b.WriteString("<p>")
		for i, s := range sents {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(inline(r, s))
		}
		b.WriteString("</p>\n")
	}
	if inSection {
		b.WriteString("</section>\n")
	}
	b.WriteString("</main>\n<footer><p>&copy; 2026 Example Vendor Ltd. All rights reserved.</p></footer>\n</body></html>\n")
	return b.String()
}

// inline escapes s and, now and then, wraps one word in <strong> or <a>,
// so sentences span several text nodes as on real pages.
func inline(r *rand.Rand, s string) string {
	if r.IntN(5) != 0 {
		return html.EscapeString(s)
	}
	w := strings.Fields(s)
	i := r.IntN(len(w))
	tag, open := "strong", "<strong>"
	if r.IntN(2) == 0 {
		tag, open = "a", "<a href=\"#more\">"
	}
	for j := range w {
		w[j] = html.EscapeString(w[j])
	}
	w[i] = open + w[i] + "</" + tag + ">"
	return strings.Join(w, " ")
}
