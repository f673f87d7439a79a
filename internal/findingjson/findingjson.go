// Package findingjson writes engine findings as JSON, byte for byte what
// encoding/json writes (HTML escaping off), without reflection, and with
// the card part of a finding (title onwards: the same for every finding of
// one rule and scheme) encoded once per Encoder. The CLI and the API use
// it: on a page with thousands of findings encoding/json took longer than
// the engine's own scan.
package findingjson

import (
	"bytes"
	"strconv"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/jsonw"
)

// AppendString writes s as encoding/json does with HTML escaping off.
func AppendString(b []byte, s string) []byte { return jsonw.AppendString(b, s, false) }

func appendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s, false) }

// cardKey identifies the shared card part of a finding. The engine hands
// out the same Sources slice and Verify pointer for every finding of one
// card, so comparing them by identity is exact; the strings are compared
// by value (equal pointers make that cheap).
type cardKey struct {
	title, message, explanation, suggestion string
	sources                                 *engine.Source
	nsources                                int
	verify                                  *engine.Verify
	nilSources                              bool
}

// Encoder appends findings as JSON, caching card encodings (compact
// and, for --format json, indented).
type Encoder struct {
	cards    map[cardKey][]byte
	indented map[cardKey][]byte
	scratch  []byte
}

func keyOf(f *engine.Finding) cardKey {
	k := cardKey{title: f.Title, message: f.Message, explanation: f.Explanation, suggestion: f.Suggestion,
		nsources: len(f.Sources), verify: f.Verify, nilSources: f.Sources == nil}
	if len(f.Sources) > 0 {
		k.sources = &f.Sources[0]
	}
	return k
}

// AppendFinding appends f compactly; pos, if not nil, adds the claim's
// source "line" and "column" after "claim".
func (e *Encoder) AppendFinding(b []byte, f *engine.Finding, pos *[2]int) []byte {
	b = append(b, `{"rule":`...)
	b = appendJSONString(b, f.Rule)
	b = append(b, `,"pack":`...)
	b = appendJSONString(b, f.Pack)
	b = append(b, `,"severity":`...)
	b = appendJSONString(b, f.Severity)
	if f.Scheme != "" {
		b = append(b, `,"scheme":`...)
		b = appendJSONString(b, f.Scheme)
	}
	b = appendOffsets(b, f, pos)
	return appendRegisterMember(append(b, e.card(f)...), f.Register)
}

// appendOffsets writes a finding's "start", "end" and "claim" members,
// and "line" and "column" when pos is not nil.
func appendOffsets(b []byte, f *engine.Finding, pos *[2]int) []byte {
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(f.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(f.End), 10)
	b = append(b, `,"claim":{"start":`...)
	b = strconv.AppendInt(b, int64(f.Claim.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(f.Claim.End), 10)
	b = append(b, '}')
	if pos != nil {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(pos[0]), 10)
		b = append(b, `,"column":`...)
		b = strconv.AppendInt(b, int64(pos[1]), 10)
	}
	return b
}

// appendRegisterMember adds "register" to the object b ends with (its
// closing brace last): per finding, after the shared, cached card.
func appendRegisterMember(b []byte, r *engine.Register) []byte {
	if r == nil {
		return b
	}
	b = append(b[:len(b)-1], `,"register":`...)
	return append(AppendRegister(b, r), '}')
}

// card returns f's encoded card part (from "title" on, closing brace
// included), from the cache.
func (e *Encoder) card(f *engine.Finding) []byte {
	k := keyOf(f)
	card, ok := e.cards[k]
	if !ok {
		card = appendCard(nil, f)
		if e.cards == nil {
			e.cards = map[cardKey][]byte{}
		}
		e.cards[k] = card
	}
	return card
}

// appendCard appends a finding's members from "title" on, and its closing
// brace.
func appendCard(b []byte, f *engine.Finding) []byte {
	b = append(b, `,"title":`...)
	b = appendJSONString(b, f.Title)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	b = append(b, `,"explanation":`...)
	b = appendJSONString(b, f.Explanation)
	if f.Suggestion != "" {
		b = append(b, `,"suggestion":`...)
		b = appendJSONString(b, f.Suggestion)
	}
	b = appendSources(append(b, `,"sources":`...), f.Sources)
	if f.Verify != nil {
		b = append(b, `,"verify":{"name":`...)
		b = appendJSONString(b, f.Verify.Name)
		b = append(b, `,"url":`...)
		b = appendJSONString(b, f.Verify.URL)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendSources writes a JSON array of sources (null for nil).
func appendSources(b []byte, srcs []engine.Source) []byte {
	if srcs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range srcs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"title":`...)
		b = appendJSONString(b, s.Title)
		b = append(b, `,"url":`...)
		b = appendJSONString(b, s.URL)
		if s.Quote != "" {
			b = append(b, `,"quote":`...)
			b = appendJSONString(b, s.Quote)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// AppendFindings appends a JSON array of findings (null for nil); pos, if
// not nil, holds each finding's source line and column.
func (e *Encoder) AppendFindings(b []byte, fs []engine.Finding, pos [][2]int) []byte {
	if fs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		var p *[2]int
		if pos != nil {
			p = &pos[i]
		}
		b = e.AppendFinding(b, &fs[i], p)
	}
	return append(b, ']')
}

// FindingIndent is the indentation AppendFindingIndented writes a finding
// at: that of --format json's {"files": [{"findings": [...]}]}.
const FindingIndent = "        "

// AppendFindingIndented appends f as json.Encoder with SetIndent("", "  ")
// writes it at depth FindingIndent: the head by hand, the card from a
// cache of indented cards (on a page with thousands of findings the
// indenting, like the encoding, is done once per card).
func (e *Encoder) AppendFindingIndented(b []byte, f *engine.Finding, pos *[2]int) []byte {
	const in = FindingIndent + "  "
	b = append(b, "{\n"+in+`"rule": `...)
	b = appendJSONString(b, f.Rule)
	b = append(b, ",\n"+in+`"pack": `...)
	b = appendJSONString(b, f.Pack)
	b = append(b, ",\n"+in+`"severity": `...)
	b = appendJSONString(b, f.Severity)
	if f.Scheme != "" {
		b = append(b, ",\n"+in+`"scheme": `...)
		b = appendJSONString(b, f.Scheme)
	}
	b = append(b, ",\n"+in+`"start": `...)
	b = strconv.AppendInt(b, int64(f.Start), 10)
	b = append(b, ",\n"+in+`"end": `...)
	b = strconv.AppendInt(b, int64(f.End), 10)
	b = append(b, ",\n"+in+`"claim": {`+"\n"+in+`  "start": `...)
	b = strconv.AppendInt(b, int64(f.Claim.Start), 10)
	b = append(b, ",\n"+in+`  "end": `...)
	b = strconv.AppendInt(b, int64(f.Claim.End), 10)
	b = append(b, "\n"+in+"}"...)
	if pos != nil {
		b = append(b, ",\n"+in+`"line": `...)
		b = strconv.AppendInt(b, int64(pos[0]), 10)
		b = append(b, ",\n"+in+`"column": `...)
		b = strconv.AppendInt(b, int64(pos[1]), 10)
	}
	k := keyOf(f)
	card, ok := e.indented[k]
	if !ok {
		// Indent {"x":0<card>} and keep what follows "x": 0.
		e.scratch = appendCard(append(e.scratch[:0], `{"x":0`...), f)
		indented := jsonw.Indent(nil, e.scratch, FindingIndent, "  ")
		_, rest, _ := bytes.Cut(indented, []byte(`"x": 0`))
		card = rest // starts with the comma before "title"
		if e.indented == nil {
			e.indented = map[cardKey][]byte{}
		}
		e.indented[k] = card
	}
	if f.Register == nil {
		return append(b, card...)
	}
	const end = "\n" + FindingIndent + "}"
	b = append(b, card[:len(card)-len(end)]...)
	b = append(b, ",\n"+in+`"register": `...)
	b = jsonw.Indent(b, AppendRegister(nil, f.Register), in, "  ")
	return append(b, end...)
}

// AppendCompact appends the compact form of fs: `"cards":[...],"findings":[...]`
// (the caller writes the enclosing braces). Each distinct card is
// written once, as {"rule","pack","severity","scheme", then the card
// fields}; each finding as {"card":i,"rule","start","end","claim"} plus
// "line" and "column" when pos is not nil.
func (e *Encoder) AppendCompact(b []byte, fs []engine.Finding, pos [][2]int) []byte {
	// Cards are told apart by their whole content, not by rule and scheme
	// alone: a card's text may depend on more (a date, a register entry).
	type compactKey struct {
		rule, pack, severity, scheme string
		card                         cardKey
	}
	idx := make(map[compactKey]int)
	ids := make([]int, len(fs))
	b = append(b, `"cards":[`...)
	for i := range fs {
		f := &fs[i]
		k := compactKey{f.Rule, f.Pack, f.Severity, f.Scheme, keyOf(f)}
		n, ok := idx[k]
		if !ok {
			n = len(idx)
			idx[k] = n
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"rule":`...)
			b = appendJSONString(b, f.Rule)
			b = append(b, `,"pack":`...)
			b = appendJSONString(b, f.Pack)
			b = append(b, `,"severity":`...)
			b = appendJSONString(b, f.Severity)
			if f.Scheme != "" {
				b = append(b, `,"scheme":`...)
				b = appendJSONString(b, f.Scheme)
			}
			b = append(b, e.card(f)...)
		}
		ids[i] = n
	}
	b = append(b, `],"findings":[`...)
	for i := range fs {
		f := &fs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"card":`...)
		b = strconv.AppendInt(b, int64(ids[i]), 10)
		b = append(b, `,"rule":`...)
		b = appendJSONString(b, f.Rule)
		var p *[2]int
		if pos != nil {
			p = &pos[i]
		}
		b = appendOffsets(b, f, p)
		b = appendRegisterMember(append(b, '}'), f.Register)
	}
	return append(b, ']')
}
