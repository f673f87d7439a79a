// Quotations: prose quotes (someone else's claim) told apart from string
// literals in code and badge lists (the page's own claim), within a
// sentence and carried from an earlier sentence of the same line.

package engine

import (
	"strings"

	txt "github.com/certscope/certscope/internal/text"
)

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '`', '\u201C', '\u201D', '\u2018', '\u2019', '\u00AB', '\u00BB', '\u201E':
		return true
	}
	return false
}

// findQuotes marks tokens inside quotations. A quoted string in a
// data-like position (after ":", "=", "(", "[", "{", "," or opening the
// line, and followed by a delimiter or the end) is a string literal in
// code or a list of badges: its content is the page's own claim, not
// a quotation.
func (s *sentence) findQuotes(carried bool) {
	open, lastClose := -1, -1
	lastLit := false
	var openR rune
	n := len(s.toks)
	if carried {
		// The sentence starts inside a prose quotation opened by an
		// earlier sentence of its block ('He said: "We are the best.
		// Our cameras are unhackable."'): quoted up to its closing mark.
		k := 0
		for k < n && !(s.punct(k) == '"' || s.punct(k) == '\u201D') {
			s.quoted[k] = true
			k++
		}
		if k == n {
			return
		}
		lastClose = k
	}
	for i := lastClose + 1; i < n; i++ {
		r := s.punct(i)
		if !isQuoteRune(r) {
			continue
		}
		t := s.toks[i]
		prevWord := t.Start > 0 && t.Start > s.start && isWordByteAt(s.text, t.Start-1)
		nextWord := t.End < s.end && isWordByteAt(s.text, t.End)
		var opener, closer bool
		switch r {
		case '\u201C', '\u2018', '\u00AB', '\u201E':
			opener = true
		case '\u201D', '\u00BB':
			closer = true
		case '\u2019':
			closer = open >= 0
		default: // straight quotes: by position
			if open >= 0 && (openR == r || openR == 0) {
				closer = true
			} else if !prevWord {
				opener = true
			} else if nextWord {
				continue // inside a word: an apostrophe
			}
		}
		if closer && open >= 0 {
			lit := s.literal(open, i, openR)
			// A list continues as it began: "HIPAA certified", "NDAA
			// certified" in prose stays quotation; ['a', 'b'] in code
			// stays literal.
			if s.punct(open-1) == ',' && lastClose >= 0 && lastClose == open-2 {
				lit = lastLit
			}
			// A literal that holds a quotation ('"The system cannot be
			// hacked."') is a quoted example, not the page's own string.
			if lit && i-open > 2 && isQuoteRune(s.punct(open+1)) && isQuoteRune(s.punct(i-1)) {
				lit = false
			}
			if !lit {
				for k := open + 1; k < i; k++ {
					s.quoted[k] = true
				}
			}
			lastClose, lastLit = i, lit
			open = -1
			continue
		}
		if opener && open < 0 {
			open, openR = i, r
			if r == '\'' || r == '"' {
				openR = r
			}
		}
	}
	// An unclosed quotation runs to the end of the sentence (strings in
	// code close on their line; prose quotations wrap), unless it opened
	// as a string literal ("description: 'ISO 27001 certified platform.
	// GDPR built-in.'": the literal spans two sentences).
	if open >= 0 && !(open > 0 && strings.ContainsRune(":=([{,", s.punct(open-1)) && s.literalStart(open, n, openR)) {
		for k := open + 1; k < n; k++ {
			s.quoted[k] = true
		}
	}
}

func isWordByteAt(s string, i int) bool {
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (s *sentence) literal(open, close int, r rune) bool {
	if !s.literalStart(open, close, r) {
		return false
	}
	if close >= len(s.toks)-1 {
		return true
	}
	switch s.punct(close + 1) {
	case ',', ')', ']', '}', ';', ':', '.', '|', '/', '>':
		return true
	}
	return false
}

// literalStart reports a quote mark at token open in a data-like
// position: after a key and ':', '=', '[', '{', ',', a call's '(' or a
// bullet, or opening the line.
func (s *sentence) literalStart(open, close int, r rune) bool {
	if r == '`' {
		// A JavaScript template string ({`...`}, (`...`), = `...`) is
		// the page's text; elsewhere backticks are Markdown code: a term
		// mentioned, not claimed.
		p := s.punct(open - 1)
		return open > 0 && (p == '{' || p == '(' || p == '=')
	}
	straight := r == '"' || r == '\''
	prevOK := false
	if open == 0 {
		prevOK = straight
	} else {
		switch s.punct(open - 1) {
		case ':':
			// 'title: "..."' is data: a key opening its line or
			// following '{', ',', '(' or '['. 'He said: "..."' and
			// 'the release: "..."' are prose.
			switch k := open - 2; {
			case k < 0 || s.flag(k)&fMeta != 0 || exampleLabels[s.w(k)]:
				prevOK = k < 0 && !exampleLabels[s.w(k)]
			case isQuoteRune(s.punct(k)):
				prevOK = true // a quoted key: "title": "..."
			case k == 0:
				prevOK = true
			default:
				switch s.punct(k - 1) {
				case '{', ',', '(', '[', '-', '*', '\u2022', '>':
					prevOK = true
				}
			}
		case '=', '[', '{', ',':
			prevOK = true
		case '(':
			// A call, t("..."), not a parenthesis in prose; a test's
			// input (expect(lint("..."))) is a mention.
			p := s.toks[open-1].Start
			prevOK = p > 0 && isWordByteAt(s.text, p-1) && !testCalls[s.w(open-2)]
		case '-', '*', '\u2022':
			// A bulleted badge ("- \"ISO 27001 Certified Platform\"") is
			// a literal; a bulleted sentence with a speaker ("- \"We are
			// HIPAA certified.\"") is a quoted example.
			prevOK = straight && open == 1 && !s.hasSpeaker(open, close)
		}
	}
	return prevOK
}

// hasSpeaker reports a first-person subject between tokens open and
// close: the quotation is something someone says.
func (s *sentence) hasSpeaker(open, close int) bool {
	for k := open + 1; k < close; k++ {
		if s.flag(k)&fFirst != 0 && s.flag(k+1)&(fCopula|fPossess) != 0 {
			return true
		}
	}
	return false
}

var testCalls = vocabSet("test_call")

// exampleLabels label an example before a colon ("Bad: ...").
var exampleLabels = vocabSet("example_label")

// anyQuoted reports whether any token in [lo, hi) is inside a quotation.
func (s *sentence) anyQuoted(lo, hi int) bool {
	for k := lo; k < hi && k < len(s.quoted); k++ {
		if s.quoted[k] {
			return true
		}
	}
	return false
}

// quoteState carries the double-quote state of the current line from
// one analysed sentence to the next (sentences come in text order), so
// finding it costs one pass over the text in all.
type quoteState struct {
	valid     bool
	pos       int // state below is for text[lineLo:pos]
	open, lit bool
}

// quoteOpenBefore reports whether a prose quotation in double quotes is
// still open at byte start, reading from the start of its line. A
// quotation opened in a data-like position (after ':', '=', '(', '[',
// '{' or ',', as string literals in code are) does not count; single
// quotes are too ambiguous (apostrophes) to carry.
func (e *Engine) quoteOpenBefore(q *quoteState, text string, start int) bool {
	if !q.valid || start < q.pos {
		*q = quoteState{valid: true}
	}
	// Back from start to its line's start or to where the carried state
	// ends, whichever comes first: only the current line matters.
	i := start
	for i > q.pos && text[i-1]-'\n' > '\r'-'\n' { // not \n \v \f \r
		i--
	}
	if i > q.pos || i == 0 {
		q.open, q.lit = false, false // a new line (or the text's start)
	}
	// Forward over the line, jumping between quote marks (IndexByte).
	next := func(c byte, from int) int {
		if k := strings.IndexByte(text[from:start], c); k >= 0 {
			return from + k
		}
		return start
	}
	nq, ne := next('"', i), next(0xE2, i)
	for {
		j := min(nq, ne)
		if j >= start {
			break
		}
		if text[j] == '"' {
			if j == 0 || text[j-1] != '\\' {
				if q.open {
					q.open = false
				} else if j == 0 || !isWordByteAt(text, j-1) {
					q.open, q.lit = true, e.literalBefore(text, j)
				}
			}
			nq = next('"', j+1)
			continue
		}
		if j+2 < len(text) && text[j+1] == 0x80 {
			switch text[j+2] {
			case 0x9C: // “
				q.open, q.lit = true, false
			case 0x9D: // ”
				q.open = false
			}
		}
		ne = next(0xE2, j+1)
	}
	q.pos = start
	return q.open && !q.lit
}

// literalBefore: the quote at i follows ':', '=', '(', '[', '{' or ','
// (spaces skipped) or opens the line: a string literal in code. After
// a speech or meta word ('said: "', 'to say: "') it is a quotation.
func (e *Engine) literalBefore(text string, i int) bool {
	lo := i - 64 // a key or a speech verb is close by
	if lo < 0 {
		lo = 0
	}
	for j := i - 1; j >= lo; j-- {
		if txt.IsHardBreak(text[j]) {
			break
		}
		switch text[j] {
		case ' ', '\t':
			continue
		case ':':
			// A key: one word opening its line or after '{', ',', '('
			// or '[' (not a speech word: 'said: "').
			if j > 0 && (text[j-1] == '"' || text[j-1] == '\'') {
				return true // a quoted key: "title": "..."
			}
			k := j
			for k > 0 && j-k < 32 && isWordByteAt(text, k-1) {
				k--
			}
			if key := strings.ToLower(text[k:j]); k == j || e.lex[key]&fMeta != 0 || exampleLabels[key] {
				return false
			}
			for m := k - 1; m >= 0 && m >= k-32; m-- {
				switch text[m] {
				case ' ', '\t', '"', '\'':
					continue
				case '{', ',', '(', '[', '-', '*', '>':
					return true
				}
				return txt.IsHardBreak(text[m])
			}
			return true
		case '=', '(', '[', '{', ',':
			return true
		}
		return false
	}
	return true
}
