// Package golden scores the engine against real web pages whose claim
// sentences carry expected verdicts (testdata/shared/pages: NAME.html plus
// NAME.expect.json). A page is read as a browser would show it (htmltext),
// checked by the engine, and each labelled snippet counts as flagged when a
// finding's sentence overlaps it: misleading snippets should be flagged,
// legitimate and neutral ones should not.
package golden

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/htmltext"
)

// Expect is the content of a NAME.expect.json file.
type Expect struct {
	Source string `json:"source"`
	Items  []Item `json:"items"`
}

// Item is one labelled snippet.
type Item struct {
	Text     string `json:"text"`
	Label    string `json:"label"` // misleading, legitimate or neutral
	Category string `json:"category"`
	Why      string `json:"why"`
}

// Outcome is the verdict on one item.
type Outcome struct {
	Item    Item
	Found   bool     // the snippet was found in the extracted text
	Flagged bool     // a finding overlaps it
	Rules   []string // rules of the overlapping findings
}

// Score counts outcomes. Only misleading items are positives.
type Score struct {
	TP, FP, FN, TN, Missing int
}

// Add counts one outcome.
func (s *Score) Add(o Outcome) {
	switch {
	case !o.Found:
		s.Missing++
	case o.Item.Label == "misleading" && o.Flagged:
		s.TP++
	case o.Item.Label == "misleading":
		s.FN++
	case o.Flagged:
		s.FP++
	default:
		s.TN++
	}
}

// Merge adds another score.
func (s *Score) Merge(o Score) {
	s.TP += o.TP
	s.FP += o.FP
	s.FN += o.FN
	s.TN += o.TN
	s.Missing += o.Missing
}

// Precision is TP/(TP+FP); 1 when nothing was flagged.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN); 1 when there is nothing to find.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

func (s Score) String() string {
	return fmt.Sprintf("precision %.2f recall %.2f (tp %d fp %d fn %d tn %d missing %d)",
		s.Precision(), s.Recall(), s.TP, s.FP, s.FN, s.TN, s.Missing)
}

// ParseExpect decodes a NAME.expect.json file.
func ParseExpect(data []byte) (Expect, error) {
	var e Expect
	if err := json.Unmarshal(data, &e); err != nil {
		return e, err
	}
	for i, it := range e.Items {
		switch it.Label {
		case "misleading", "legitimate", "neutral":
		default:
			return e, fmt.Errorf("item %d: unknown label %q", i, it.Label)
		}
	}
	return e, nil
}

// Evaluate checks one page and returns the outcome for every item.
func Evaluate(eng *engine.Engine, html []byte, exp Expect, opt engine.Options) ([]Outcome, []engine.Finding, error) {
	t := htmltext.FromHTML(html)
	res, err := eng.Check(t.String(), opt)
	if err != nil {
		return nil, nil, err
	}
	norm := normalize(t.String())
	out := make([]Outcome, 0, len(exp.Items))
	for _, it := range exp.Items {
		o := Outcome{Item: it}
		start, end, ok := norm.find(it.Text)
		if ok {
			o.Found = true
			u0, u1 := t.UTF16Offset(start), t.UTF16Offset(end)
			for _, f := range res.Findings {
				if f.Start < u1 && u0 < f.End {
					o.Flagged = true
					o.Rules = append(o.Rules, f.Rule)
				}
			}
		}
		out = append(out, o)
	}
	return out, res.Findings, nil
}

// normalized is text folded for matching (whitespace runs to one space,
// lower case, typographic quotes and dashes to ASCII), with the byte offset
// in the original text of every byte of the folded form.
type normalized struct {
	orig string
	s    string
	off  []int // len(s)+1 entries
}

func normalize(s string) normalized {
	var b strings.Builder
	var off []int
	space := false
	for i, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			off = append(off, i)
		}
		space = false
		r = fold(r)
		n := b.Len()
		b.WriteRune(r)
		for k := n; k < b.Len(); k++ {
			off = append(off, i)
		}
	}
	off = append(off, len(s))
	return normalized{orig: s, s: b.String(), off: off}
}

func fold(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201b', '\u2032':
		return '\''
	case '\u201c', '\u201d', '\u201f', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return '-'
	}
	return unicode.ToLower(r)
}

// find locates snippet in the original text, returning byte offsets.
func (n normalized) find(snippet string) (int, int, bool) {
	q := normalize(snippet).s
	if q == "" {
		return 0, 0, false
	}
	i := strings.Index(n.s, q)
	if i < 0 {
		return 0, 0, false
	}
	// off[end-1] is the start of the last matched rune; step past it.
	last := n.off[i+len(q)-1]
	_, size := utf8.DecodeRuneInString(n.orig[last:])
	return n.off[i], last + size, true
}
