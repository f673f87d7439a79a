package main

import (
	"strconv"
	"sync"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/jsonw"
)

// A hand-written JSON encoder for the few types the host returns: it keeps
// encoding/json (and the reflection it needs) out of engine.wasm, a third
// of a megabyte. Its output is byte-identical to json.Marshal of the same
// values (jsonout_test.go checks that, including a fuzz test), so field
// order, omitempty and nil slices (null) follow the structs' json tags.

// appendString writes s as encoding/json does by default (HTML-escaped).
func appendString(b []byte, s string) []byte { return jsonw.AppendString(b, s, true) }

// obj writes a JSON object's members in order; first tracks the comma.
type obj struct {
	b     []byte
	first bool
}

func openObj(b []byte) *obj { return &obj{b: append(b, '{'), first: true} }

func (o *obj) key(k string) {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = append(o.b, '"')
	o.b = append(o.b, k...) // keys are fixed ASCII names needing no escapes
	o.b = append(o.b, '"', ':')
}

func (o *obj) str(k, v string) { o.key(k); o.b = appendString(o.b, v) }

// optStr writes k only when v is not empty (omitempty).
func (o *obj) optStr(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *obj) int(k string, v int) { o.key(k); o.b = strconv.AppendInt(o.b, int64(v), 10) }

func (o *obj) bool(k string, v bool) { o.key(k); o.b = strconv.AppendBool(o.b, v) }

func (o *obj) close() []byte { return append(o.b, '}') }

// appendList writes a JSON array of list's elements (null for a nil slice,
// as json.Marshal does).
func appendList[T any](b []byte, list []T, elem func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, v)
	}
	return append(b, ']')
}

func appendSource(b []byte, s engine.Source) []byte {
	o := openObj(b)
	o.str("title", s.Title)
	o.str("url", s.URL)
	o.optStr("quote", s.Quote)
	return o.close()
}

func appendFinding(b []byte, f engine.Finding) []byte {
	o := openObj(b)
	o.str("rule", f.Rule)
	o.str("pack", f.Pack)
	o.str("severity", f.Severity)
	o.optStr("scheme", f.Scheme)
	o.int("start", f.Start)
	o.int("end", f.End)
	o.key("claim")
	c := openObj(o.b)
	c.int("start", f.Claim.Start)
	c.int("end", f.Claim.End)
	b = append(c.close(), cardJSON(&f)...)
	if f.Register != nil { // per finding, after the cached card
		b = append(b[:len(b)-1], `,"register":`...)
		b = append(appendRegister(b, f.Register), '}')
	}
	return b
}

func appendRegister(b []byte, r *engine.Register) []byte {
	o := openObj(b)
	o.str("register", r.Register)
	o.str("snapshot", r.Snapshot)
	o.str("result", r.Result)
	o.key("entries")
	o.b = appendList(o.b, r.Entries, func(b []byte, e engine.RegisterEntry) []byte {
		eo := openObj(b)
		eo.str("id", e.ID)
		eo.str("name", e.Name)
		eo.str("vendor", e.Vendor)
		eo.str("status", e.Status)
		eo.str("standard", e.Standard)
		eo.str("url", e.URL)
		eo.optStr("date", e.Date)
		return eo.close()
	})
	return o.close()
}

func appendVerification(b []byte, v engine.Verification) []byte {
	o := openObj(b)
	o.str("scheme", v.Scheme)
	o.int("start", v.Start)
	o.int("end", v.End)
	o.key("claim")
	c := openObj(o.b)
	c.int("start", v.Claim.Start)
	c.int("end", v.Claim.End)
	o.b = c.close()
	o.str("title", v.Title)
	o.str("message", v.Message)
	o.key("sources")
	o.b = appendList(o.b, v.Sources, appendSource)
	o.key("register")
	if v.Register == nil {
		o.b = append(o.b, "null"...)
	} else {
		o.b = appendRegister(o.b, v.Register)
	}
	return o.close()
}

// cardKey identifies the card part of a finding (title onwards). The
// engine shares one Sources slice and Verify pointer between the findings
// of a card, so those compare by identity; the strings by value.
type cardKey struct {
	title, message, explanation, suggestion string
	sources                                 *engine.Source
	nsources                                int
	nilSources                              bool
	verify                                  *engine.Verify
}

// cards caches encoded cards: escaping the ~1.3 KB of card text of every
// finding was a tenth of a typical check's time in wasm. There are at most
// a few hundred distinct cards (rules x schemes); the binding is
// single-threaded, but a mutex keeps the native tests honest.
var cards struct {
	sync.Mutex
	m map[cardKey][]byte
}

// cardJSON returns f's members from "title" on and the closing brace.
func cardJSON(f *engine.Finding) []byte {
	k := cardKey{title: f.Title, message: f.Message, explanation: f.Explanation, suggestion: f.Suggestion,
		nsources: len(f.Sources), nilSources: f.Sources == nil, verify: f.Verify}
	if len(f.Sources) > 0 {
		k.sources = &f.Sources[0]
	}
	cards.Lock()
	defer cards.Unlock()
	if b, ok := cards.m[k]; ok {
		return b
	}
	o := &obj{b: nil, first: false}
	o.str("title", f.Title)
	o.str("message", f.Message)
	o.str("explanation", f.Explanation)
	o.optStr("suggestion", f.Suggestion)
	o.key("sources")
	o.b = appendList(o.b, f.Sources, appendSource)
	if f.Verify != nil {
		o.key("verify")
		v := openObj(o.b)
		v.str("name", f.Verify.Name)
		v.str("url", f.Verify.URL)
		o.b = v.close()
	}
	b := o.close()
	if cards.m == nil || len(cards.m) >= 4096 { // bound: cards from odd engines
		cards.m = map[cardKey][]byte{}
	}
	cards.m[k] = b
	return b
}

// appendResult encodes an engine.Result.
func appendResult(b []byte, r engine.Result) []byte {
	o := openObj(b)
	o.key("findings")
	o.b = appendList(o.b, r.Findings, appendFinding)
	o.key("verifications")
	o.b = appendList(o.b, r.Verifications, appendVerification)
	o.key("stats")
	s := openObj(o.b)
	s.int("units", r.Stats.Units)
	s.int("bytes", r.Stats.Bytes)
	s.int("sentences", r.Stats.Sentences)
	s.int("hits", r.Stats.Hits)
	s.int("findings", r.Stats.Findings)
	o.b = s.close()
	return o.close()
}

func appendPackInfo(b []byte, p engine.PackInfo) []byte {
	o := openObj(b)
	o.str("id", p.ID)
	o.str("name", p.Name)
	o.str("description", p.Description)
	o.int("rules", p.Rules)
	o.bool("default", p.Default)
	return o.close()
}

func appendRuleInfo(b []byte, r engine.RuleInfo) []byte {
	o := openObj(b)
	o.str("id", r.ID)
	o.str("pack", r.Pack)
	o.str("severity", r.Severity)
	o.str("title", r.Title)
	o.str("message", r.Message)
	if len(r.Schemes) > 0 {
		o.key("schemes")
		o.b = appendList(o.b, r.Schemes, appendString)
	}
	o.key("sources")
	o.b = appendList(o.b, r.Sources, appendSource)
	return o.close()
}

// appendError encodes an errResponse.
func appendError(b []byte, e errResponse) []byte {
	o := openObj(b)
	o.key("error")
	eo := openObj(o.b)
	eo.str("code", e.Error.Code)
	eo.str("message", e.Error.Message)
	if in := e.Error.Input; in != nil {
		eo.key("input")
		io := openObj(eo.b)
		io.int("bytes", in.Bytes)
		io.int("units", in.Units)
		io.str("fnv1a64", in.FNV)
		eo.b = io.close()
	}
	o.b = eo.close()
	return o.close()
}
