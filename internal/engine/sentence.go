// Sentence preparation: tokens with word classes, hit marks and the
// sentence-level signals (questions, tables, task items) computed once.

package engine

import (
	"bytes"
	"strings"
	"unicode/utf8"

	txt "github.com/certscope/certscope/internal/text"
)

// Extra per-token flags set by the sentence analysis.
const (
	fNum uint64 = 1 << (iota + 40) // a token that starts with a digit
	fHit                           // covered by a stage-1 hit
	fSch                           // covered by a scheme hit
)

// sentence is one sentence prepared for stage 2: tokens with word classes,
// quotation spans and sentence-level signals, computed once.
type sentence struct {
	text       string
	start, end int
	toks       []txt.Token
	low        []byte   // lower-cased copy of text[start:end]
	all        uint64   // union of the token flags
	quoted     []bool   // token is inside a quotation (not a code string literal)
	questions  [][2]int // token spans of questions
	table      bool
	notCopy    bool // not the page's copy: an unticked task, a code comment, a regular expression
	soCalled   bool // "so-called" marks every claim in the sentence as a mention
	comment    int  // first token of a trailing code comment ("f(x)  # ..."), or len(toks)
	// The heading of the list the sentence is an item of (block.go).
	headMention bool   // "Do not claim:": every claim in the item is a mention
	headVerbs   uint64 // "Certifications:": the items' claim verb
}

// w returns token i lower-cased ("" out of range).
func (s *sentence) w(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	t := s.toks[i]
	return string(s.low[t.Start-s.start : t.End-s.start])
}

func (s *sentence) is(i int, w string) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	t := s.toks[i]
	return string(s.low[t.Start-s.start:t.End-s.start]) == w
}

func (s *sentence) flag(i int) uint64 {
	if i < 0 || i >= len(s.toks) {
		return 0
	}
	return s.toks[i].Flags
}

func (s *sentence) isPunct(i int) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].Kind == txt.Punct
}

// punct returns the punctuation rune of token i (0 for words).
func (s *sentence) punct(i int) rune {
	if !s.isPunct(i) {
		return 0
	}
	t := s.toks[i]
	r, _ := utf8.DecodeRuneInString(s.text[t.Start:t.End])
	return r
}

// prepare tokenises text[start:end] and computes the sentence signals.
func (e *Engine) prepare(sc *scratch, text string, start, end int, hits []hit) *sentence {
	s := &sc.sent
	*s = sentence{text: text, start: start, end: end}
	sc.toks = txt.Tokenize(sc.toks[:0], text, start, end)
	s.toks = sc.toks
	sc.low = append(sc.low[:0], text[start:end]...)
	for i, c := range sc.low {
		if c >= 'A' && c <= 'Z' {
			sc.low[i] = c + 'a' - 'A'
		}
	}
	s.low = sc.low
	for i := range s.toks {
		t := &s.toks[i]
		if t.Kind != txt.Word {
			continue
		}
		w := s.low[t.Start-start : t.End-start]
		if t.End-t.Start > 2 && hasHighByte(w) {
			w = txt.StripIgnorable(w) // "cert\u00ADified"
		}
		t.Flags = e.lex[string(w)]
		if t.Flags == 0 && len(w) > 4 {
			t.Flags = e.camelMeta(text[t.Start:t.End])
		}
		if w[0] >= '0' && w[0] <= '9' || w[0] == 'v' && len(w) > 1 && w[1] >= '0' && w[1] <= '9' {
			t.Flags |= fNum
		}
	}
	// Mark tokens covered by hits.
	for _, h := range hits {
		a, b := s.tokRange(h.start, h.end)
		f := fHit
		if e.pats[h.pat].scheme >= 0 {
			f |= fSch
		}
		for i := a; i < b; i++ {
			s.toks[i].Flags |= f
		}
	}
	for i := range s.toks {
		// "long-term", "terms of service" are not talk about terms.
		if (s.is(i, "term") || s.is(i, "terms")) && (s.punct(i-1) == '-' || s.is(i+1, "of") || s.is(i+1, "and")) {
			s.toks[i].Flags &^= fMeta
		}
		// "in other words" is not talk about words.
		if s.is(i, "words") && s.is(i-1, "other") {
			s.toks[i].Flags &^= fMeta
		}
	}
	for i, t := range s.toks {
		s.all |= t.Flags
		// "so-called" marks a mention, as does "so called".
		if t.Kind == txt.Word && s.is(i, "so") && (s.is(i+1, "called") || s.punct(i+1) == '-' && s.is(i+2, "called")) {
			s.all |= fMeta
			s.soCalled = true
		}
	}
	if cap(sc.quoted) < len(s.toks) {
		sc.quoted = make([]bool, len(s.toks))
	}
	s.quoted = sc.quoted[:len(s.toks)]
	for i := range s.quoted {
		s.quoted[i] = false
	}
	s.findQuotes(false)
	// Questions: from an interrogative word that opens the sentence or a
	// part of it (after ":", ",", a quote or a bullet: "So, is Zoom HIPAA
	// certified?") to the next '?'. Claims inside are asked about, not
	// made ("Is it HIPAA certified?").
	s.questions = sc.questions[:0]
	open := -1
	for i := range s.toks {
		if s.toks[i].Kind == txt.Word {
			if open < 0 && s.toks[i].Flags&fQWord != 0 && (i == 0 || s.isPunct(i-1)) {
				open = i
			}
			continue
		}
		if s.punct(i) == '?' && open >= 0 {
			s.questions = append(s.questions, [2]int{open, i})
			open = -1
		} else if r := s.punct(i); r == '.' || r == '!' || r == ';' {
			open = -1
		}
	}
	sc.questions = s.questions
	if len(s.toks) > 0 && s.punct(0) == '|' {
		s.table = true
	}
	// An unticked task ("- [ ] HIPAA certified") is a goal, not a claim.
	for i := 0; i+1 < len(s.toks) && i < 3; i++ {
		if s.punct(i) == '[' && s.punct(i+1) == ']' {
			s.notCopy = true
		}
	}
	// A code comment ("// tests military-grade encryption") is written
	// for developers; a regular expression lists patterns to find.
	if lt := bytes.TrimLeft(s.low, " \t"); bytes.HasPrefix(lt, []byte("//")) || bytes.Contains(s.low, []byte("(?:")) || bytes.Contains(s.low, []byte(`\b`)) {
		s.notCopy = true
	}
	// One pass over the punctuation: a trailing comment after code
	// ("press(\"space\")   # HIPAA Approved"), and keys that label an
	// example ("bad = [...]", "Avoid: ...") and so talk about what follows.
	s.comment = len(s.toks)
	for i := 1; i < len(s.toks); i++ {
		if s.toks[i].Kind != txt.Punct {
			continue
		}
		switch c := s.text[s.toks[i].Start]; c {
		case ':', '=':
			if s.toks[i-1].Kind == txt.Word && exampleLabels[s.w(i-1)] {
				s.toks[i-1].Flags |= fMeta
				s.all |= fMeta
			}
		case '#':
			if p := s.toks[i].Start; s.comment == len(s.toks) && (s.text[p-1] == ' ' || s.text[p-1] == '\t') {
				switch s.punct(i - 1) {
				case ')', ']', '}', ';', '"', '\'':
					s.comment = i
				}
			}
		}
	}
	return s
}

// tokRange returns the tokens overlapping bytes [a, b).
func (s *sentence) tokRange(a, b int) (int, int) {
	lo, hi := 0, len(s.toks)
	for lo < hi { // first token ending after a
		m := (lo + hi) / 2
		if s.toks[m].End <= a {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := lo
	j := i
	for j < len(s.toks) && s.toks[j].Start < b {
		j++
	}
	return i, j
}

// clauseStart returns the first token of the clause containing token i.
func (s *sentence) clauseStart(i int) int {
	for k := i - 1; k >= 0; k-- {
		if s.isPunct(k) {
			switch s.punct(k) {
			case ';', ':', '|', '\u2022', '\u00B7', '?', '!', '(', ')', '[', ']', '{', '}', '\u2013', '\u2014':
				return k + 1
			case ',':
				// ", we ..." / ", our ..." opens a new clause with its
				// own subject.
				if k+1 < i && s.flag(k+1)&fPronoun != 0 {
					return k + 1
				}
			}
			continue
		}
		f := s.toks[k].Flags
		if f&fBreak != 0 {
			return k + 1
		}
		if (s.is(k, "and") || s.is(k, "but") || s.is(k, "so")) && s.flag(k+1)&fPronoun != 0 && k+1 < i {
			return k + 1
		}
	}
	return 0
}

// isYear reports a token like "2027".
func (s *sentence) isYear(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	w := s.w(i)
	return len(w) == 4 && (w[:2] == "19" || w[:2] == "20") && s.flag(i)&fNum != 0
}

// hasWord reports whether any word token equals one of ws.
func (s *sentence) hasWord(ws []string) bool { return s.hasWordOutside(ws, 0, 0) }

// hasFlagOutside reports a token of class mask outside tokens [a, b).
func (s *sentence) hasFlagOutside(mask uint64, a, b int) bool {
	for i, t := range s.toks {
		if (i < a || i >= b) && t.Flags&mask != 0 {
			return true
		}
	}
	return false
}

// hasWordOutside is hasWord ignoring tokens [a, b).
func (s *sentence) hasWordOutside(ws []string, a, b int) bool {
	for i, t := range s.toks {
		if t.Kind != txt.Word || i >= a && i < b {
			continue
		}
		w := s.low[t.Start-s.start : t.End-s.start]
		for _, x := range ws {
			if string(w) == x {
				return true
			}
		}
	}
	return false
}

// camelMeta returns the meta class of a camelCase or snake_case
// identifier that names talk about claims ("bannedPhrases",
// "forbidden_terms"): a list under such a key mentions its claims.
func (e *Engine) camelMeta(w string) uint64 {
	var f uint64
	start := 0
	for i := 1; i <= len(w); i++ {
		if i == len(w) || w[i] == '_' || w[i] >= 'A' && w[i] <= 'Z' && w[i-1] >= 'a' && w[i-1] <= 'z' {
			if start > 0 || i < len(w) {
				f |= e.lex[strings.ToLower(w[start:i])] & fMeta
			}
			start = i
			if i < len(w) && w[i] == '_' {
				start++
			}
		}
	}
	return f
}

func hasHighByte(w []byte) bool {
	for _, c := range w {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// clauseHas reports a token of class mask in the clause around [lo, hi):
// from its start to the next clause boundary after it.
func (s *sentence) clauseHas(lo, hi int, mask uint64) bool {
	for k := s.clauseStart(lo); k < len(s.toks); k++ {
		if k >= hi && s.isPunct(k) {
			switch s.punct(k) {
			case ',', ';', ':', '(', ')', '.', '!', '?', '\u2013', '\u2014', '|':
				return false
			}
		}
		if (k < lo || k >= hi) && s.toks[k].Flags&mask != 0 {
			return true
		}
	}
	return false
}

func (s *sentence) isWordIn(t txt.Token, ws ...string) bool {
	w := string(s.low[t.Start-s.start : t.End-s.start])
	for _, x := range ws {
		if w == x {
			return true
		}
	}
	return false
}

// inURL reports whether the hit at byte i sits in a URL, e-mail address
// or file path: it follows a '/' or '@' directly, or the run of
// non-space bytes before it contains "://", "www." or "@".
func inURL(text string, i, lo int) bool {
	if i > lo && (text[i-1] == '/' || text[i-1] == '@') {
		return true
	}
	for j := i - 1; j >= lo && j > i-300; j-- {
		switch c := text[j]; c {
		case ' ', '\t', '\n', '"', '\'', '<', '>', '(', '[':
			return false
		case '@':
			return true
		case '/':
			if j >= 2 && text[j-1] == '/' && text[j-2] == ':' {
				return true
			}
		case '.':
			if j >= lo+3 && (text[j-3:j] == "www" || text[j-3:j] == "WWW") {
				return true
			}
		}
	}
	return false
}
