package main

import (
	"errors"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// parseOptions decodes the options JSON into checkOptions the way
// json.Unmarshal would (options_test.go compares the two, including a
// fuzz test), without linking encoding/json: the whole text must be valid
// JSON; null means no options; an object's keys match the field names
// case-insensitively (as encoding/json folds them), unknown keys are
// skipped, null leaves a string field as it was and sets packs to nil,
// and any other type mismatch is an error.
func parseOptions(s string) (checkOptions, error) {
	p := optParser{s: s}
	var o checkOptions
	p.ws()
	if p.lit("null") {
		// Nothing to set.
	} else if p.peek() == '{' {
		p.object(&o)
	} else {
		p.skipValue()
		p.mismatch("options must be a JSON object")
	}
	p.ws()
	if p.err == nil && p.i < len(p.s) {
		p.fail("unexpected data after the options object")
	}
	if p.err != nil {
		return checkOptions{}, p.err
	}
	return o, p.typeErr
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

type optParser struct {
	s       string
	i       int
	depth   int
	err     error // syntax error: stops parsing
	typeErr error // first type mismatch: reported when the syntax is valid
}

func (p *optParser) fail(msg string) {
	if p.err == nil {
		p.err = errors.New(msg + " at offset " + strconv.Itoa(p.i))
	}
}

func (p *optParser) mismatch(msg string) {
	if p.typeErr == nil {
		p.typeErr = errors.New(msg)
	}
}

func (p *optParser) peek() byte {
	if p.err != nil || p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}

func (p *optParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// lit consumes the literal word if it is next.
func (p *optParser) lit(word string) bool {
	if p.err == nil && len(p.s)-p.i >= len(word) && p.s[p.i:p.i+len(word)] == word {
		p.i += len(word)
		return true
	}
	return false
}

// object decodes {...} into o.
func (p *optParser) object(o *checkOptions) {
	p.members(func(key string) {
		switch foldKey(key) {
		case "PACKS":
			p.packs(&o.Packs)
		case "DATE":
			p.stringInto(&o.Date, "date")
		case "URL":
			p.stringInto(&o.URL, "url")
		case "COMPACT":
			p.boolInto(&o.Compact, "compact")
		case "SITE":
			p.stringInto(&o.Site, "site")
		default:
			p.skipValue()
		}
	})
}

// members parses an object, calling value after each key's colon to
// consume the member's value.
func (p *optParser) members(value func(key string)) {
	if !p.enter('{') {
		return
	}
	p.ws()
	if p.peek() == '}' {
		p.i++
		p.depth--
		return
	}
	for p.err == nil {
		p.ws()
		if p.peek() != '"' {
			p.fail("want a string key")
			return
		}
		key := p.str()
		p.ws()
		if p.peek() != ':' {
			p.fail("want ':'")
			return
		}
		p.i++
		p.ws()
		value(key)
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			return
		default:
			p.fail("want ',' or '}'")
		}
	}
}

// elements parses an array, calling value (at index i) to consume each
// element.
func (p *optParser) elements(value func(i int)) {
	if !p.enter('[') {
		return
	}
	p.ws()
	if p.peek() == ']' {
		p.i++
		p.depth--
		return
	}
	for i := 0; p.err == nil; i++ {
		p.ws()
		value(i)
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			return
		default:
			p.fail("want ',' or ']'")
		}
	}
}

func (p *optParser) enter(open byte) bool {
	if p.peek() != open {
		p.fail("want '" + string(open) + "'")
		return false
	}
	p.i++
	p.depth++
	if p.depth > maxDepth {
		p.fail("nested too deeply")
		return false
	}
	return true
}

// boolInto decodes true or false into *dst; null leaves it as it was.
func (p *optParser) boolInto(dst *bool, name string) {
	switch {
	case p.lit("null"):
	case p.lit("true"):
		*dst = true
	case p.lit("false"):
		*dst = false
	default:
		p.skipValue()
		p.mismatch(name + " must be a boolean")
	}
}

// packs decodes null or an array of strings into *dst, reusing its
// elements as json.Unmarshal does (null leaves an element as it was).
func (p *optParser) packs(dst *[]string) {
	if p.lit("null") {
		*dst = nil
		return
	}
	if p.peek() != '[' {
		p.skipValue()
		p.mismatch("packs must be an array of strings")
		return
	}
	v := *dst
	n := 0
	p.elements(func(i int) {
		if i >= len(v) {
			v = append(v, "")
		}
		p.stringInto(&v[i], "packs")
		n = i + 1
	})
	if n == 0 {
		v = []string{}
	}
	*dst = v[:n]
}

// stringInto decodes a string into *dst; null leaves it unchanged.
func (p *optParser) stringInto(dst *string, field string) {
	switch p.peek() {
	case '"':
		*dst = p.str()
	case 'n':
		if !p.lit("null") {
			p.fail("bad literal")
		}
	default:
		p.skipValue()
		p.mismatch(field + " must be a string")
	}
}

// skipValue consumes any JSON value, checking its syntax.
func (p *optParser) skipValue() {
	switch c := p.peek(); {
	case p.err != nil:
	case c == '{':
		p.members(func(string) { p.skipValue() })
	case c == '[':
		p.elements(func(int) { p.skipValue() })
	case c == '"':
		p.str()
	case c == '-' || c >= '0' && c <= '9':
		p.number()
	case p.lit("true"), p.lit("false"), p.lit("null"):
	default:
		p.fail("want a JSON value")
	}
}

// number consumes -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *optParser) number() {
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.peek() == '-' {
		p.i++
	}
	if p.peek() == '0' {
		p.i++
	} else if digits() == 0 {
		p.fail("bad number")
		return
	}
	if p.peek() == '.' {
		p.i++
		if digits() == 0 {
			p.fail("bad number")
			return
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if digits() == 0 {
			p.fail("bad number")
		}
	}
}

// str consumes a JSON string and returns its value, decoded as
// encoding/json does: invalid UTF-8 and unpaired surrogate escapes become
// U+FFFD.
func (p *optParser) str() string {
	p.i++ // opening quote
	var b []byte
	for {
		if p.i >= len(p.s) {
			p.fail("unterminated string")
			return ""
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b)
		case c < 0x20:
			p.fail("control character in string")
			return ""
		case c == '\\':
			if p.i+1 >= len(p.s) {
				p.fail("unterminated string")
				return ""
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := p.hex4()
				if r < 0 {
					p.fail("bad \\u escape")
					return ""
				}
				if utf16.IsSurrogate(r) {
					// A pair only if a low surrogate escape follows;
					// otherwise U+FFFD, and what follows is read anew.
					if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
						save := p.i
						p.i += 2
						r2 := p.hex4()
						if d := utf16.DecodeRune(r, r2); d != unicode.ReplacementChar {
							b = utf8.AppendRune(b, d)
							continue
						}
						p.i = save
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default:
				p.fail("bad escape")
				return ""
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			b = utf8.AppendRune(b, r) // U+FFFD for invalid UTF-8
			p.i += size
		}
	}
}

// hex4 reads four hex digits, or returns -1.
func (p *optParser) hex4() rune {
	if len(p.s)-p.i < 4 {
		return -1
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	p.i += 4
	return r
}

// foldKey folds a key as encoding/json does to match field names
// case-insensitively: ASCII upper case, other runes to the smallest rune
// of their case-fold orbit (so "packſ", with a long s, is "PACKS").
func foldKey(k string) string {
	var b []byte
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		case r >= utf8.RuneSelf:
			low := r
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if f < low {
					low = f
				}
			}
			r = low
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}
