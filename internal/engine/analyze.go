package engine

import (
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
	todo       bool // an unticked task-list item
	soCalled   bool // "so-called" marks every claim in the sentence as a mention
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
			s.todo = true
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
	// code close on their line; prose quotations wrap).
	if open >= 0 {
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
	if r == '`' {
		return false // Markdown code: a term mentioned, not claimed
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
			case k < 0 || s.flag(k)&fMeta != 0:
				prevOK = k < 0
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
			// A call, t("..."), not a parenthesis in prose.
			p := s.toks[open-1].Start
			prevOK = p > 0 && isWordByteAt(s.text, p-1)
		case '-', '*', '\u2022':
			prevOK = straight && open == 1
		}
	}
	if !prevOK {
		return false
	}
	if close >= len(s.toks)-1 {
		return true
	}
	switch s.punct(close + 1) {
	case ',', ')', ']', '}', ';', ':', '.', '|':
		return true
	}
	return false
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

// negated reports a negation in the clause before token lo ("not only"
// and "not just" do not negate).
func (s *sentence) negated(lo int) bool {
	for k := s.clauseStart(lo); k < lo; k++ {
		if s.toks[k].Flags&fNeg == 0 {
			continue
		}
		if s.is(k, "not") && (s.is(k+1, "only") || s.is(k+1, "just")) {
			continue
		}
		// "no-log", "no further", "no hidden fees": idioms, not negation.
		if s.is(k, "no") && (s.punct(k+1) == '-' || noIdiom[s.w(k+1)]) {
			continue
		}
		return true
	}
	// In a table row a negation in any cell qualifies the row.
	return s.table && s.all&fNeg != 0
}

var noIdiom = vocabSet("no_idiom")

// hedged reports a future or in-progress qualifier: before the claim in
// its clause, or just after it ("(in progress)", "within 90 days").
func (s *sentence) hedged(lo, hi int) bool {
	return s.hedgedMask(lo, hi, fHedgeB|fReq|fGeneric|fModal)
}

// hedgedMask is hedged with a choice of the before-claim classes: a
// phrase claim ("will be protected by military-grade encryption") stays
// a claim in the future tense, a certification status does not.
func (s *sentence) hedgedMask(lo, hi int, before uint64) bool {
	for k := s.clauseStart(lo); k < lo; k++ {
		f := s.toks[k].Flags & before
		// A modal governs the claim only when close to it ("will be
		// SOC 2 certified"), not "you can be sure ... government-approved".
		if f&^fModal != 0 || f != 0 && lo-k <= 4 {
			return true
		}
	}
	for k := hi; k < len(s.toks) && k < hi+7; k++ {
		f := s.toks[k].Flags
		if f&fHedgeA != 0 {
			return true
		}
		if s.is(k, "in") && s.is(k+1, "process") {
			return true
		}
		if k == hi && s.is(k, "within") && s.flag(k+1)&fNum != 0 && isPeriod(s.w(k+2)) || s.is(k, "by") && s.isYear(k+1) {
			return true
		}
		if k == hi && s.flag(k)&fReq != 0 { // "HIPAA certification required"
			return true
		}
	}
	return false
}

func isPeriod(w string) bool { return periodWords[w] }

var periodWords = vocabSet("period")

// isYear reports a token like "2027".
func (s *sentence) isYear(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	w := s.w(i)
	return len(w) == 4 && (w[:2] == "19" || w[:2] == "20") && s.flag(i)&fNum != 0
}

// anyQuoted reports whether any token in [lo, hi) is inside a quotation.
func (s *sentence) anyQuoted(lo, hi int) bool {
	for k := lo; k < hi && k < len(s.quoted); k++ {
		if s.quoted[k] {
			return true
		}
	}
	return false
}

// suppressed applies the checks every kind shares: meta-talk, questions,
// quotation, negation and hedges around the claim tokens [lo, hi).
func (s *sentence) suppressed(lo, hi int) bool {
	return s.meta(lo, hi) || s.asked(lo) || s.todo || s.anyQuoted(lo, hi) || s.negated(lo) || s.hedged(lo, hi)
}

// meta reports talk about claims that governs the claim tokens [lo, hi):
// a meta word before the claim in the same sentence part (reported
// speech, "avoid", "example:"; a ';' starts a new part), or after it in
// the same clause ("... is a misleading term"). The claim's own words
// ("cannot be hacked") and a later clause (", which means peace of mind",
// ", meaning they meet ...") do not count.
func (s *sentence) meta(lo, hi int) bool {
	if s.all&fMeta == 0 {
		return false
	}
	if s.soCalled {
		return true
	}
	// A claim in quotation marks (or a string literal) is a mention
	// as soon as the sentence talks about claims anywhere: '"HIPAA
	// certified", "NDAA Certified" -> nonexistent (but avoid ...)'.
	if isQuoteRune(s.punct(lo-1)) || isQuoteRune(s.punct(hi)) {
		for k, t := range s.toks {
			if (k < lo || k >= hi) && t.Flags&fMeta != 0 {
				return true
			}
		}
	}
	for k := lo - 1; k >= 0; k-- {
		if s.punct(k) == ';' {
			break
		}
		if s.toks[k].Flags&fMeta != 0 {
			return true
		}
	}
	// After the claim the meta word must belong to a short predicate about
	// it ("... is a misleading term", "... usually just means AES-256"),
	// not to the object of the claim's own clause ("our HIPAA certified
	// app handles insurance claims").
	content, copula := 0, false
	for k := hi; k < len(s.toks); k++ {
		if s.isPunct(k) {
			// A comma inside a list of claims ("HIPAA certified, GDPR
			// certified and NDAA certified are phrases to avoid") does
			// not end the clause.
			if s.punct(k) == ',' && (s.flag(k+1)&fHit != 0 || (s.is(k+1, "and") || s.is(k+1, "or")) && s.flag(k+2)&fHit != 0) {
				continue
			}
			switch s.punct(k) {
			case ',', ';', ':', '(', ')', '.', '!', '?', '\u2013', '\u2014', '|':
				return false
			}
			continue
		}
		f := s.toks[k].Flags
		if f&fMeta != 0 {
			return copula || content < 3
		}
		if f&fBreak != 0 {
			return false
		}
		if f&fCopula != 0 {
			copula = true
		} else if f&(fDet|fAdv|fPrep|fNeg|fGeneric|fIndef|fModal) == 0 {
			content++
		}
	}
	return false
}

// asked reports whether token i is inside a question.
func (s *sentence) asked(i int) bool {
	for _, q := range s.questions {
		if i >= q[0] && i <= q[1] {
			return true
		}
	}
	return false
}

// hasWord reports whether any word token equals one of ws.
func (s *sentence) hasWord(ws []string) bool { return s.hasWordOutside(ws, 0, 0) }

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

// certNumber reports a certificate number: "#4440", "certificate 4440",
// "cert. no. 1234".
func (s *sentence) certNumber() bool {
	for i := range s.toks {
		if s.punct(i) == '#' && s.flag(i+1)&fNum != 0 {
			return true
		}
		if (s.is(i, "certificate") || s.is(i, "cert")) && (s.flag(i+1)&fNum != 0 || s.is(i+1, "no") || s.is(i+1, "number")) {
			return true
		}
	}
	return false
}

// linkVerb finds the claim verb (one of mask) tied to the hit covering
// tokens [a, b): inside the hit ("Type II certification"), after it
// past versions, levels and other schemes ("ISO 9001:2015 & ISO 14001
// certified", "FIPS 140-2 Level 3 validated"), or before it through a
// preposition ("certified to ISO/IEC 27001", "complies with the ...").
func (s *sentence) linkVerb(a, b int, mask uint64) int {
	for k := a; k < b; k++ {
		if s.toks[k].Flags&mask != 0 {
			return k
		}
	}
	depth := 0
	for k, n := b, 0; k < len(s.toks) && n < 16; k, n = k+1, n+1 {
		t := s.toks[k]
		if t.Kind == txt.Punct {
			switch s.punct(k) {
			case '(':
				depth++
				continue
			case ')':
				if depth > 0 {
					depth--
					continue
				}
			case ':', '-', '/', '&', ',', '+', '*', '\'', '"', '\u2018', '\u2019', '\u201C', '\u201D', '\u2010', '\u2011', '\u2013':
				continue
			default:
				if depth > 0 {
					continue
				}
			}
			break
		}
		if depth > 0 {
			continue
		}
		if t.Flags&mask != 0 {
			return k
		}
		if t.Flags&(fNum|fSch|fSkip|fAdv) != 0 || s.is(k, "and") || s.is(k, "or") || s.is(k, "plus") {
			continue
		}
		break
	}
	for k, n := a-1, 0; k >= 0 && n < 8; k, n = k-1, n+1 {
		t := s.toks[k]
		if t.Kind == txt.Punct {
			switch s.punct(k) {
			case ',', '&', '-', '/', '\'', '"', '\u2018', '\u2019', '\u201C', '\u201D':
				continue
			}
			return -1
		}
		if t.Flags&mask != 0 {
			// A verb that directly follows another scheme's name is that
			// scheme's ("ISO 27001 certification and SOC 2 audit").
			if k < a-1 && s.followsScheme(k) {
				return -1
			}
			// Only through a preposition or directly adjacent.
			return k
		}
		if t.Flags&(fPrep|fDet|fAdv|fNum|fSch|fSkip) != 0 || s.is(k, "and") || s.is(k, "or") {
			continue
		}
		return -1
	}
	return -1
}

// followsScheme reports whether token k comes right after a scheme name,
// past its version and level words ("ISO 27001:2022 certification").
func (s *sentence) followsScheme(k int) bool {
	for j := k - 1; j >= 0; j-- {
		f := s.flag(j)
		if f&fSch != 0 {
			return true
		}
		if f&(fNum|fSkip) != 0 || s.punct(j) == ':' || s.punct(j) == '-' {
			continue
		}
		return false
	}
	return false
}

// nounOK: a noun-form claim ("HIPAA certification") counts only with a
// first-person, possession or product word in the sentence.
func (s *sentence) nounOK(v int) bool {
	if s.toks[v].Flags&fNoun == 0 {
		return true
	}
	return s.all&(fFirst|fPossess|fProduct) != 0
}

// head classes for the scope check.
const (
	headNone = iota
	headProduct
	headOrg
	headPerson
)

func headOf(f uint64) int {
	switch {
	case f&fPerson != 0:
		return headPerson
	case f&fProduct != 0:
		return headProduct
	case f&(fOrg|fFirst) != 0:
		return headOrg
	}
	return headNone
}

// generic: the scheme opens an indefinite noun phrase that is not a
// predicate ("A SOC 2 certified vendor has ..." but not "Acme is a
// GDPR-certified company").
func (s *sentence) generic(a int) bool {
	k := a - 1
	for k >= 0 && s.flag(k)&fAdv != 0 {
		k--
	}
	if k < 0 || s.flag(k)&fIndef == 0 {
		return false
	}
	return s.flag(k-1)&fCopula == 0 && !s.is(k-1, "as")
}

// attributedTo finds what a certificate is attributed to: the noun after
// the verb ("certified products", "certified software developers"),
// else the subject before a copula ("our cameras are ... certified"), else
// a noun right before a participle ("products certified to ...").
func (s *sentence) attributedTo(schemeLo, v int) (kind int, headTok int) {
	if v >= schemeLo { // verb after (or inside) the scheme name
		kind, headTok = headNone, -1
		unknown := 0
		for k := v + 1; k < len(s.toks) && k < v+8; k++ {
			t := s.toks[k]
			if t.Kind == txt.Punct {
				if r := s.punct(k); r == '-' || r == '/' {
					continue
				}
				break
			}
			f := t.Flags
			if h := headOf(f); h != headNone {
				// The last noun of a compound is its head:
				// "software developers", "software development process".
				kind, headTok, unknown = h, k, 0
				continue
			}
			if f&(fPrep|fDet|fCopula|fBreak|verbMask|fNeg|fIndef|fFirst|fPossess) != 0 || s.is(k, "and") || s.is(k, "or") || s.is(k, "that") || s.is(k, "which") || s.is(k, "from") {
				break
			}
			unknown++
			if unknown > 3 || kind != headNone && unknown > 1 {
				break
			}
		}
		if kind != headNone {
			return kind, headTok
		}
	}
	// The subject: back from the earlier of scheme and verb.
	from := schemeLo
	if v < from {
		from = v
	}
	k := from - 1
	// Skip versions, other schemes and coordinated predicates: "is GDPR
	// compliant and ISO 27001 certified".
	for k >= 0 && (s.flag(k)&(fAdv|fSch|fNum|fSkip|verbMask) != 0 || s.is(k, "and") || isQuoteRune(s.punct(k)) || s.punct(k) == '&' || s.punct(k) == '-' || s.punct(k) == ',' && s.flag(k-1)&(fSch|verbMask) != 0) {
		k--
	}
	if k < 0 {
		return headNone, -1
	}
	// A coordinated predicate: "are signed and ISO 27001 certified",
	// "are fast, secure and ISO 27001 certified".
	if s.is(k+1, "and") || s.punct(k+1) == ',' {
		j := k
		for j >= 0 && j > k-6 && (s.toks[j].Kind == txt.Word && s.flag(j)&^fAdv == 0 || s.punct(j) == ',') {
			j--
		}
		if j >= 0 && j < k && s.flag(j)&fCopula != 0 {
			k = j
		}
	}
	if s.flag(k)&fCopula != 0 {
		return s.subjectOf(k)
	}
	// A headline's dash or colon links a product to its predicate:
	// "Acme Pro Series NVRs — now ISO 27001 certified!".
	if r := s.punct(k); (r == '\u2014' || r == '\u2013' || r == ':') && v > schemeLo {
		if h := headOf(s.flag(k - 1)); h == headProduct {
			return h, k - 1
		}
	}
	if v < schemeLo { // participle: "products certified to ISO 9001"
		if h := headOf(s.flag(k)); h != headNone {
			return h, k
		}
	}
	return headNone, -1
}

// subjectOf finds the head noun of the subject of the verb at token k,
// scanning left. The head of "the company behind the X200 router" is
// "company": a noun left of a preposition wins over the nouns after it.
// A relative clause is skipped: "the team that builds our routers",
// "every device we ship". A complementiser "that" ("we guarantee that
// our cameras are ...") ends the subject.
func (s *sentence) subjectOf(k int) (kind int, headTok int) {
	kind, headTok = headNone, -1
	for j := k - 1; j >= 0 && j >= k-10; j-- {
		if s.isPunct(j) {
			if r := s.punct(j); r == '\'' || r == '\u2019' || r == '-' {
				continue
			}
			break
		}
		f := s.toks[j].Flags
		w := s.w(j)
		if w == "that" || w == "which" || w == "who" {
			if h := headOf(s.flag(j - 1)); h != headNone && j < k-1 {
				return h, j - 1 // relative clause: its antecedent is the head
			}
			break
		}
		// "device we ship is": a pronoun subject inside the noun phrase.
		if f&fPronoun != 0 && f&fDet == 0 && j < k-1 && kind == headNone {
			if h := headOf(s.flag(j - 1)); h != headNone {
				return h, j - 1
			}
		}
		if w == "whose" {
			break // "a team whose ISMS is ...": the ISMS is the subject
		}
		if nounPreps[w] {
			// A noun right before the preposition heads the phrase;
			// keep this one as the fallback ("In 2024 our cameras are").
			if headOf(s.flag(j-1)) != headNone {
				if h, t := s.subjectOf(j); h != headNone {
					return h, t
				}
			}
			break
		}
		if h := headOf(f); h != headNone {
			if kind == headNone {
				kind, headTok = h, j
				// "Northwind Devices holds ...": a product word inside a
				// company name names the company.
				if h == headProduct && s.properName(j) {
					kind = headOrg
				}
			}
			continue
		}
		if kind != headNone && (f&(fCopula|verbMask|fBreak|fPossess) != 0 || s.is(j, "and")) {
			break
		}
		if f&(fCopula|fNeg|fAdv|fDet|fIndef|fFirst) != 0 || s.is(j, "and") || s.is(j, "also") {
			continue
		}
		if f&fBreak != 0 {
			break
		}
	}
	return kind, headTok
}

// nounPreps introduce a noun phrase's complement: "the manufacturer of
// our sensors", "the company behind the X200".
var nounPreps = vocabSet("noun_preposition")

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
			if k == j || e.lex[strings.ToLower(text[k:j])]&fMeta != 0 {
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

// properName reports a capitalised word after another capitalised word
// that is not a determiner, in a sentence that is not in title case
// ("Northwind Devices holds ..."; not "Hikvision Cameras Now Certified",
// not "Our Cameras are ...").
func (s *sentence) properName(j int) bool {
	upper := func(i int) bool {
		if i < 0 || i >= len(s.toks) || s.toks[i].Kind != txt.Word {
			return false
		}
		c := s.text[s.toks[i].Start]
		return c >= 'A' && c <= 'Z'
	}
	if !upper(j) || !upper(j-1) || s.flag(j-1)&(fDet|fFirst|fIndef|fNum) != 0 {
		return false
	}
	// An acronym ("NVR") or a model code before it ("X200 NVR") is a
	// product, not part of a name.
	t, p := s.text[s.toks[j].Start:s.toks[j].End], s.text[s.toks[j-1].Start:s.toks[j-1].End]
	if strings.ToUpper(t) == t || strings.ContainsAny(p, "0123456789") {
		return false
	}
	// Title case: every word of four letters or more is capitalised.
	for i, t := range s.toks {
		if i > 0 && t.Kind == txt.Word && t.End-t.Start >= 4 && !upper(i) && s.flag(i)&fNum == 0 {
			return true
		}
	}
	return false
}
