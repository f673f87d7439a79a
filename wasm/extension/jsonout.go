package main

import (
	"strconv"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/findingjson"
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

// appendResult encodes an engine.Result as schema-v1 JSON. Findings go
// through findingjson, the encoder the CLI and the API use (HTML escaping
// off: the answer is parsed by JSON.parse, never put in a page); a fresh
// Encoder per call encodes each distinct card once.
func appendResult(b []byte, r engine.Result) []byte {
	var e findingjson.Encoder
	b = append(b, `{"findings":`...)
	b = e.AppendFindings(b, r.Findings, nil)
	b = findingjson.AppendVerifications(append(b, `,"verifications":`...), r.Verifications)
	return appendStatsClose(b, r.Stats)
}

// appendCompactResult encodes r with each distinct card once, as the API's
// compact form: {"cards":[...],"findings":[{"card":i,...}],"stats":{...}}.
// A page of repeated claims then costs ~100 bytes a finding instead of
// ~1.4 KB, which is what kept a 2 MB page's check over its wasm memory
// budget.
func appendCompactResult(b []byte, r engine.Result) []byte {
	var e findingjson.Encoder
	b = append(b, '{')
	b = e.AppendCompact(b, r.Findings, nil)
	b = findingjson.AppendVerifications(append(b, `,"verifications":`...), r.Verifications)
	return appendStatsClose(b, r.Stats)
}

func appendStatsClose(b []byte, st engine.Stats) []byte {
	o := &obj{b: append(b, `,"stats":`...), first: true}
	o.b = append(o.b, '{')
	o.int("units", st.Units)
	o.int("bytes", st.Bytes)
	o.int("sentences", st.Sentences)
	o.int("hits", st.Hits)
	o.int("findings", st.Findings)
	return append(o.close(), '}')
}

func appendSource(b []byte, s engine.Source) []byte {
	o := openObj(b)
	o.str("title", s.Title)
	o.str("url", s.URL)
	o.optStr("quote", s.Quote)
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
