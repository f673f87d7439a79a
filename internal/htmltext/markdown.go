package htmltext

import (
	"bytes"
	"unicode/utf8"
)

// FromMarkdown returns the text of a Markdown document: heading markers,
// list bullets, block-quote markers, emphasis, inline-code backticks, link
// and image syntax ([text](url) becomes text) and inline HTML tags are
// removed; fenced code is kept verbatim. Lines of one paragraph are joined
// with a space; headings, list items, table rows and paragraphs each end
// with "\n".
func FromMarkdown(src []byte) Text {
	return FromMarkdownWith(src, Options{CodeBlocks: true})
}

// Options tune extraction for the CLI.
type Options struct {
	// CodeBlocks keeps the text of fenced code blocks. Without it a code
	// block is left out (it is an example, not the page's own statement);
	// inline code is kept either way, marked as a quotation.
	CodeBlocks bool
}

// FromMarkdownWith is FromMarkdown with options.
func FromMarkdownWith(src []byte, opt Options) Text {
	m := &mdExtractor{b: newBuilder(len(src)), dropCode: !opt.CodeBlocks}
	for start := bomLen(src); start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		next := len(src)
		if end < 0 {
			end = len(src)
		} else {
			end += start
			next = end + 1
		}
		lineEnd := end
		if lineEnd > start && src[lineEnd-1] == '\r' {
			lineEnd--
		}
		m.line(src, start, lineEnd, end)
		start = next
	}
	m.endBlock(len(src))
	return m.b.text()
}

type mdExtractor struct {
	b builder
	// para: the previous line was paragraph text a next line continues.
	para bool
	// The newline that ended the previous line (for the joining space).
	nlAt, nlLen int
	// Inside a fenced code block: its fence character and length.
	fence    byte
	fenceLen int
	quote    bool // the previous line was in a block quote
	comment  bool // inside a multi-line <!-- comment -->
	dropCode bool // leave fenced code out
}

func (m *mdExtractor) endBlock(at int) {
	m.para = false
	if c := m.b.lastByte(); c != 0 && c != '\n' {
		m.b.emit("\n", at, 0)
	}
}

// line handles src[start:end]; nl is the offset of its newline (or EOF).
func (m *mdExtractor) line(src []byte, start, end, nl int) {
	defer func() { m.nlAt, m.nlLen = end, nl+1-end }()
	p := src[start:end]
	ind := 0
	for ind < len(p) && ind < 4 && p[ind] == ' ' {
		ind++
	}
	body := p[ind:]
	if m.comment {
		if bytes.Contains(p, []byte("-->")) {
			m.comment = false
		}
		return
	}
	if m.fence != 0 {
		if n := fenceRun(body, m.fence); n >= m.fenceLen && len(bytes.TrimSpace(body[n:])) == 0 {
			m.fence = 0
			m.endBlock(start)
			return
		}
		if m.dropCode {
			return
		}
		m.b.copyValid(p, start)
		m.b.emit("\n", end, nl-end)
		return
	}
	if bytes.HasPrefix(body, []byte("<!--")) && !bytes.Contains(body[4:], []byte("-->")) {
		m.endBlock(start)
		m.comment = true
		return
	}
	if ind < 4 {
		for _, c := range []byte{'`', '~'} {
			if n := fenceRun(body, c); n >= 3 && (c == '~' || bytes.IndexByte(body[n:], '`') < 0) {
				m.endBlock(start)
				m.fence, m.fenceLen = c, n
				return
			}
		}
	}
	if len(bytes.TrimSpace(p)) == 0 || isThematicBreak(body) || isSetextUnderline(body) && m.para ||
		isLinkDef(body) || isTableRule(body) {
		m.endBlock(start)
		return
	}
	off := start + ind
	// Block quotes: drop each ">" marker and one following space. A quote
	// does not continue a paragraph outside it, nor the other way round.
	quote := len(body) > 0 && body[0] == '>'
	if quote != m.quote {
		m.endBlock(start)
	}
	m.quote = quote
	for len(body) > 0 && body[0] == '>' {
		n := 1
		if n < len(body) && body[n] == ' ' {
			n++
		}
		body, off = body[n:], off+n
		for len(body) > 0 && (body[0] == ' ' || body[0] == '\t') {
			body, off = body[1:], off+1
		}
	}
	if len(body) == 0 {
		m.endBlock(start)
		return
	}
	if h := headingLevel(body); h > 0 {
		m.endBlock(start)
		body, off = body[h:], off+h
		for len(body) > 0 && (body[0] == ' ' || body[0] == '\t') {
			body, off = body[1:], off+1
		}
		body = trimClosingHashes(body)
		m.inline(body, off)
		m.endBlock(end)
		return
	}
	if n := listMarker(body); n > 0 {
		m.endBlock(start)
		body, off = body[n:], off+n
		if len(body) >= 3 && body[0] == '[' && (body[1] == ' ' || body[1] == 'x' || body[1] == 'X') && body[2] == ']' {
			rest := bytes.TrimLeft(body[3:], " \t")
			off += len(body) - len(rest)
			body = rest
		}
		if len(body) == 0 {
			return
		}
	} else if body[0] == '|' {
		m.endBlock(start) // a table row is its own block
	} else if m.para {
		m.b.emit(" ", m.nlAt, m.nlLen)
	} else {
		m.endBlock(start)
	}
	m.inline(bytes.TrimRight(body, " \t"), off)
	m.para = body[0] != '|'
	if !m.para {
		m.endBlock(end)
	}
}

func fenceRun(p []byte, c byte) int {
	n := 0
	for n < len(p) && p[n] == c {
		n++
	}
	return n
}

func isThematicBreak(p []byte) bool {
	var c byte
	n := 0
	for _, x := range p {
		switch {
		case x == ' ' || x == '\t':
		case (x == '-' || x == '*' || x == '_') && (c == 0 || c == x):
			c = x
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isTableRule reports a table's header rule, such as "|---|:--:|".
func isTableRule(p []byte) bool {
	dash := false
	for _, c := range p {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash && bytes.IndexByte(p, '|') >= 0
}

func isSetextUnderline(p []byte) bool {
	p = bytes.TrimRight(p, " \t")
	if len(p) == 0 || p[0] != '=' && p[0] != '-' {
		return false
	}
	return fenceRun(p, p[0]) == len(p)
}

// isLinkDef reports a reference definition such as "[id]: https://...".
func isLinkDef(p []byte) bool {
	if len(p) == 0 || p[0] != '[' {
		return false
	}
	i := bytes.Index(p, []byte("]:"))
	return i > 1 && bytes.IndexByte(p[1:i], ']') < 0
}

func headingLevel(p []byte) int {
	n := fenceRun(p, '#')
	if n == 0 || n > 6 || n < len(p) && p[n] != ' ' && p[n] != '\t' {
		return 0
	}
	return n
}

func trimClosingHashes(p []byte) []byte {
	q := bytes.TrimRight(p, " \t")
	r := bytes.TrimRight(q, "#")
	if len(r) < len(q) && (len(r) == 0 || r[len(r)-1] == ' ' || r[len(r)-1] == '\t') {
		return bytes.TrimRight(r, " \t")
	}
	return q
}

// listMarker returns the length of a list marker and its space ("- ",
// "1. "), or 0.
func listMarker(p []byte) int {
	if len(p) >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && (p[1] == ' ' || p[1] == '\t') {
		return 2
	}
	d := 0
	for d < len(p) && d < 9 && isDigit(p[d]) {
		d++
	}
	if d > 0 && d+1 < len(p) && (p[d] == '.' || p[d] == ')') && (p[d+1] == ' ' || p[d+1] == '\t') {
		return d + 2
	}
	return 0
}

// inline copies p (found at source offset base) without inline markup.
// It runs in linear time: delimiters are paired up front (inlineIndex)
// and link text is processed in the same pass, not recursively.
func (m *mdExtractor) inline(p []byte, base int) {
	ix := newInlineIndex(p)
	lit := 0 // start of the pending literal run
	flush := func(i int) {
		m.b.copyValid(p[lit:i], base+lit)
	}
	// Open links: at text end, skip to next (past "](dest)" or "][ref]").
	type skip struct{ textEnd, next int }
	var links []skip
	limit := func() int {
		if len(links) > 0 {
			return links[len(links)-1].textEnd
		}
		return len(p)
	}
	for i := 0; i < len(p); {
		if n := len(links); n > 0 && i >= links[n-1].textEnd {
			flush(i)
			i, lit = links[n-1].next, links[n-1].next
			links = links[:n-1]
			continue
		}
		c := p[i]
		switch c {
		case '\\':
			if i+1 < limit() && isASCIIPunct(p[i+1]) {
				flush(i)
				lit = i + 1
				i += 2
				continue
			}
		case '`':
			n := fenceRun(p[i:limit()], '`')
			if j := ix.closingTicks(i+n, n); j >= 0 && j+n <= limit() {
				flush(i)
				// A code span names a term rather than asserting it
				// ("do not write `HIPAA certified`"): keep it marked as a
				// quotation, which the engine treats as a mention.
				m.b.emit(`"`, base+i, n)
				m.b.copyValid(p[i+n:j], base+i+n)
				m.b.emit(`"`, base+j, n)
				i = j + n
				lit = i
				continue
			}
			i += n
			continue
		case '*', '_', '~':
			n := fenceRun(p[i:limit()], c)
			if isEmphasis(p, i, n, c) {
				flush(i)
				i += n
				lit = i
				continue
			}
			i += n
			continue
		case '!', '[':
			open := i
			if c == '!' {
				if i+1 >= len(p) || p[i+1] != '[' {
					break
				}
				open = i + 1
			}
			if textEnd, next := ix.link(open); next > 0 && next <= limit() {
				flush(i)
				links = append(links, skip{textEnd, next})
				i, lit = open+1, open+1
				continue
			}
		case '<':
			if end := ix.comment(i); end > 0 && end <= limit() {
				flush(i)
				i, lit = end, end
				continue
			}
			if n := ix.tag(i); n > 0 && i+n <= limit() {
				flush(i)
				if bytes.HasPrefix(p[i+1:], []byte("http")) { // autolink: keep the URL
					m.b.copyValid(p[i+1:i+n-1], base+i+1)
				}
				i += n
				lit = i
				continue
			}
		case '&':
			if n, dec := entity(p[i:limit()]); n > 0 {
				flush(i)
				m.b.emit(dec, base+i, n)
				i += n
				lit = i
				continue
			}
		}
		i++
	}
	flush(len(p))
}

// inlineIndex pairs the delimiters of one block of inline text in a single
// pass, so that finding a closing delimiter costs O(1) or O(log n).
type inlineIndex struct {
	p       []byte
	bracket []int32 // for '[' at i, its matching ']' (or -1); nil if none
	paren   []int32 // for '(' at i, its matching ')' (or -1); nil if none
	ticks   map[int][]int32
	nextGT  []int32 // for i, the first '>' at or after i (or len(p)); nil if no '<'
	nextLT  []int32 // likewise for '<'
	ends    []int32 // offsets just past each "-->", ascending
	ci      int     // cursor into ends (callers ask in increasing order)
}

// bomLen is the length of a UTF-8 byte order mark at the start of src,
// which is not part of the text.
func bomLen(src []byte) int {
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return 3
	}
	return 0
}

// isEmphasis decides whether the run p[i:i+n] of c is emphasis markup:
// it must touch a word on one side and, for "_", not sit inside a word.
// A single "~" is literal.
func isEmphasis(p []byte, i, n int, c byte) bool {
	if c == '~' && n < 2 {
		return false
	}
	before, after := rune(' '), rune(' ')
	if i > 0 {
		before, _ = utf8.DecodeLastRune(p[:i])
	}
	if i+n < len(p) {
		after, _ = utf8.DecodeRune(p[i+n:])
	}
	left := !isWS(after)   // can open
	right := !isWS(before) // can close
	if !left && !right {
		return false
	}
	if c == '_' && isWordRune(before) && isWordRune(after) {
		return false
	}
	return true
}

func isWS(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 }

func isWordRune(r rune) bool {
	return r >= 0x80 || r < 0x80 && isAlnum(byte(r))
}
