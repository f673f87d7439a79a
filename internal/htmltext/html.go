package htmltext

import (
	"bytes"
	stdhtml "html"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// blockTags end the current block (at their start and at their end).
var blockTags = setOf("address", "article", "aside", "blockquote", "body", "br", "button", "caption",
	"center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
	"li", "main", "menu", "nav", "ol", "optgroup", "option", "p", "pre", "search", "section", "select",
	"summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul")

// skipTags are never rendered as text. (svg and math arrive as one token
// from the lexer and are skipped whole.)
var skipTags = setOf("head", "script", "style", "noscript", "template", "iframe", "object",
	"canvas", "noembed", "noframes", "title", "audio", "video", "datalist")

// headTags may appear in <head>; any other start tag ends an unclosed head.
var headTags = setOf("base", "link", "meta", "noscript", "script", "style", "template", "title")

// voidTags have no end tag.
var voidTags = setOf("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
	"param", "source", "track", "wbr")

// optionalEnd tags are closed implicitly by a sibling of the same name.
var optionalEnd = setOf("p", "li", "dt", "dd", "option", "tr", "td", "th")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// FromHTMLWith is FromHTML with options (none changes HTML extraction yet:
// <pre> and <code> text stays in, as a page shows it).
func FromHTMLWith(src []byte, _ Options) Text { return FromHTML(src) }

// FromHTML returns the visible text of an HTML document or fragment. It
// skips head, script, style, noscript, template, svg and similar, and any
// element with the hidden attribute, aria-hidden="true" or an inline
// display:none / visibility:hidden style, with everything nested in it.
func FromHTML(src []byte) Text {
	// The lexer lower-cases tag names in place and writes a NUL past the
	// end, so give it its own copy.
	bom := bomLen(src)
	buf := make([]byte, len(src)-bom, len(src)-bom+1)
	copy(buf, src[bom:])
	x := &htmlExtractor{b: newBuilder(len(src))}
	in := parse.NewInputBytes(buf)
	lx := html.NewLexer(in)
	for {
		tt, data := lx.Next()
		if tt == html.ErrorToken {
			break
		}
		// Every token's data ends where the input now stands.
		start := in.Offset() - len(data)
		if start < 0 {
			start = 0
		}
		start += bom
		switch tt {
		case html.TextToken:
			if x.skip == "" {
				x.text(data, start)
			}
		case html.StartTagToken:
			x.tag = string(lx.Text())
			x.tagAt = start
			x.hide = false
		case html.AttributeToken:
			x.attr(lx.AttrKey(), lx.AttrVal())
		case html.StartTagCloseToken, html.StartTagVoidToken:
			x.open(tt == html.StartTagVoidToken)
		case html.EndTagToken:
			x.close(string(bytes.ToLower(lx.Text())), start)
		}
	}
	x.endBlock(len(src))
	return x.b.text()
}

type htmlExtractor struct {
	b builder
	// Pending collapsed whitespace: source offset and length (0: none);
	// spaceVerbatim if it is a single ' ' that can be copied as is.
	spaceAt, spaceLen int
	spaceVerbatim     bool
	pre               int // depth of <pre>, where whitespace is kept
	// The start tag being read.
	tag   string
	tagAt int
	hide  bool
	// Skipping an element: its name and nesting depth.
	skip      string
	skipDepth int
}

func (x *htmlExtractor) attr(key, val []byte) {
	switch string(bytes.ToLower(key)) {
	case "hidden":
		x.hide = true
	case "aria-hidden":
		x.hide = x.hide || strings.EqualFold(strings.TrimSpace(string(trimQuotes(val))), "true")
	case "style":
		s := strings.ToLower(strings.Join(strings.Fields(string(trimQuotes(val))), ""))
		x.hide = x.hide || strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
	}
}

// trimQuotes removes the quotes the lexer leaves around attribute values.
func trimQuotes(v []byte) []byte {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

func (x *htmlExtractor) open(selfClosing bool) {
	name := x.tag
	void := selfClosing || voidTags[name]
	if x.skip != "" {
		switch {
		case x.skip == "head" && !headTags[name]:
			x.skip = "" // <head> left unclosed: body content ends it, as in browsers
		case name == x.skip && optionalEnd[name] && x.skipDepth == 1:
			x.skip = "" // a sibling closes the hidden element; handle it below
		case name == x.skip && !void:
			x.skipDepth++
			return
		default:
			return
		}
	}
	if (x.hide || skipTags[name]) && !void {
		x.skip, x.skipDepth = name, 1
		if blockTags[name] {
			x.endBlock(x.tagAt)
		}
		return
	}
	if x.hide {
		return
	}
	if blockTags[name] {
		x.endBlock(x.tagAt)
	}
	if name == "pre" || name == "textarea" || name == "listing" {
		x.pre++
	}
}

func (x *htmlExtractor) close(name string, at int) {
	if x.skip != "" {
		if name == x.skip {
			x.skipDepth--
			if x.skipDepth == 0 {
				x.skip = ""
			}
		}
		return
	}
	if blockTags[name] {
		x.endBlock(at)
	}
	if (name == "pre" || name == "textarea" || name == "listing") && x.pre > 0 {
		x.pre--
	}
}

// endBlock drops pending whitespace and ends the current line.
func (x *htmlExtractor) endBlock(at int) {
	x.spaceLen = 0
	if c := x.b.lastByte(); c != 0 && c != '\n' {
		x.b.emit("\n", at, 0)
	}
}

// space records collapsible whitespace at src[at:at+n].
func (x *htmlExtractor) space(at, n int, verbatim bool) {
	if x.spaceLen == 0 {
		x.spaceAt = at
		x.spaceVerbatim = verbatim
	} else {
		x.spaceVerbatim = false
	}
	x.spaceLen = at + n - x.spaceAt
}

// flushSpace emits pending whitespace as one space, unless at line start.
func (x *htmlExtractor) flushSpace() {
	if x.spaceLen > 0 {
		if c := x.b.lastByte(); c != 0 && c != '\n' {
			if x.spaceVerbatim {
				x.b.copyText(oneSpace, x.spaceAt) // keeps the segment verbatim
			} else {
				x.b.emit(" ", x.spaceAt, x.spaceLen)
			}
		}
		x.spaceLen = 0
	}
}

var oneSpace = []byte{' '}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// text handles a text token found at source offset base.
func (x *htmlExtractor) text(p []byte, base int) {
	if x.pre > 0 {
		x.preText(p, base)
		return
	}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case isSpace(c):
			j := i + 1
			for j < len(p) && isSpace(p[j]) {
				j++
			}
			x.space(base+i, j-i, j-i == 1 && c == ' ')
			i = j
		case c == 0xC2 && i+1 < len(p) && p[i+1] == 0xA0: // U+00A0 no-break space
			x.space(base+i, 2, false)
			i += 2
		case c == '&':
			n, dec := entity(p[i:])
			if n == 0 {
				x.flushSpace()
				x.b.copyText(p[i:i+1], base+i)
				i++
				continue
			}
			if strings.TrimSpace(strings.ReplaceAll(dec, "\u00a0", " ")) == "" {
				x.space(base+i, n, false)
			} else {
				x.flushSpace()
				x.b.emit(strings.ReplaceAll(dec, "\u00a0", " "), base+i, n)
			}
			i += n
		default:
			j := i + 1
			for j < len(p) && !isSpace(p[j]) && p[j] != '&' && p[j] != 0xC2 {
				j++
			}
			x.flushSpace()
			x.b.copyValid(p[i:j], base+i)
			i = j
		}
	}
}

// preText keeps whitespace and line breaks, decoding entities.
func (x *htmlExtractor) preText(p []byte, base int) {
	x.flushSpace()
	start := 0
	for i := 0; i < len(p); i++ {
		if p[i] != '&' {
			continue
		}
		n, dec := entity(p[i:])
		if n == 0 {
			continue
		}
		x.b.copyValid(p[start:i], base+start)
		x.b.emit(dec, base+i, n)
		i += n - 1
		start = i + 1
	}
	x.b.copyValid(p[start:], base+start)
}

// entity decodes a character reference at the start of p. It returns the
// number of source bytes consumed (0 if p does not start with one) and the
// decoded, valid UTF-8 text.
func entity(p []byte) (int, string) {
	if len(p) < 3 || p[0] != '&' {
		return 0, ""
	}
	j := 1
	if p[1] == '#' {
		j = 2
		hex := j < len(p) && (p[j] == 'x' || p[j] == 'X')
		if hex {
			j++
		}
		d := j
		for j < len(p) && j-d < 8 && (isDigit(p[j]) || hex && isHex(p[j])) {
			j++
		}
		if j == d {
			return 0, ""
		}
	} else {
		for j < len(p) && j < 40 && isAlnum(p[j]) {
			j++
		}
		if j == 1 {
			return 0, ""
		}
	}
	if j < len(p) && p[j] == ';' {
		j++
	}
	raw := string(p[:j])
	dec := stdhtml.UnescapeString(raw)
	if dec == raw {
		return 0, ""
	}
	if !utf8.ValidString(dec) {
		dec = strings.ToValidUTF8(dec, "\uFFFD")
	}
	return j, dec
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
