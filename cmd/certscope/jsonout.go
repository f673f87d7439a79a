package main

import (
	"strconv"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/jsonw"
)

// A hand-written encoder for --format jsonl: on a 16 MB page encoding/json
// took longer than the engine's own scan (reflection, and the whole file's
// result built in one buffer). Its output is byte-identical to a
// json.Encoder with SetEscapeHTML(false) (jsonout_test.go checks that), and
// the card part of a finding (title onwards), which is shared by every
// finding of the same rule and scheme, is encoded once per run.

// appendJSONString writes s as encoding/json does with HTML escaping off.
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

// findingEncoder appends findings as JSON, caching card encodings.
type findingEncoder struct {
	cards map[cardKey][]byte
}

func (e *findingEncoder) appendFinding(b []byte, f *engine.Finding) []byte {
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
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(f.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(f.End), 10)
	b = append(b, `,"claim":{"start":`...)
	b = strconv.AppendInt(b, int64(f.Claim.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(f.Claim.End), 10)
	b = append(b, '}')
	k := cardKey{title: f.Title, message: f.Message, explanation: f.Explanation, suggestion: f.Suggestion,
		nsources: len(f.Sources), verify: f.Verify, nilSources: f.Sources == nil}
	if len(f.Sources) > 0 {
		k.sources = &f.Sources[0]
	}
	card, ok := e.cards[k]
	if !ok {
		card = appendCard(nil, f)
		if e.cards == nil {
			e.cards = map[cardKey][]byte{}
		}
		e.cards[k] = card
	}
	b = append(b, card...)
	if f.Register != nil { // per finding, after the cached card
		b = append(b[:len(b)-1], `,"register":`...)
		b = append(appendRegister(b, f.Register), '}')
	}
	return b
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
	b = append(b, `,"sources":`...)
	if f.Sources == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range f.Sources {
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
		b = append(b, ']')
	}
	if f.Verify != nil {
		b = append(b, `,"verify":{"name":`...)
		b = appendJSONString(b, f.Verify.Name)
		b = append(b, `,"url":`...)
		b = appendJSONString(b, f.Verify.URL)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendFindings appends a JSON array of findings (null for nil).
func (e *findingEncoder) appendFindings(b []byte, fs []engine.Finding) []byte {
	if fs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendFinding(b, &fs[i])
	}
	return append(b, ']')
}
