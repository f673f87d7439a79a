// Package packs holds CertScope's rule packs as embedded JSON data and
// their loader. A rule is data (terms, schemes, verbs, dates and the text
// of its card, with sources and its own examples) interpreted by one of a
// small closed set of check kinds that the engine implements in Go:
// term, scope, nonexistent, unvalidated, stale and endorsement.
//
// Rules refer to schemes by id only. Everything about a scheme (names to
// scan for, card name, scope, evidence kind, the {covers} phrase, register,
// sources, dated facts) is defined once, in the knowledge base
// (internal/kb/schemes.json); Set.Schemes is kb.All().
//
// Each data/<pack>.json is one pack:
//
//	{"pack": "scope", "name": "...", "description": "one line for the popup",
//	 "default": true,
//	 "rules": [{
//	   "id": "scope/org-cert-on-product", "kind": "scope", "severity": "high",
//	   "schemes": ["iso-9001", ...],        // scheme-triggered kinds
//	   "terms": ["military-grade", ...],    // term and endorsement kinds
//	   "verbs": ["certified", "compliant"], // claim-verb classes (see Verbs)
//	   "near": [...], "unless": [...],      // context words (one word each)
//	   "versions": [{"version": "2013", "invalid_after": "2025-10-31", "source": "https://..."}],
//	   "invalid_after": "YYYY-MM-DD", "until": "YYYY-MM-DD",
//	   "max_age_days": 366, "expiry": true, // stale: certificate dates
//	   "title": "...", "message": "one sentence, may use {scheme} and {covers}",
//	   "explanation": "What is true: ...", "suggestion": "...",
//	   "sources": [{"title": "...", "url": "https://...", "quote": "..."}],
//	   "verify": {"name": "...", "url": "https://..."},
//	   "unless_schemes": ["nsa-csfc", ...],   // named programmes that mute the rule
//	   "variants": [{"evidence": ["attestation"], "schemes": [...], "scopes": [...],
//	                 "title": "...", "suggestion": "...", "sources": [...]}],
//	   "examples": {"flag": [...], "pass": [...], "date": "YYYY-MM-DD"}}]}
//
// Loading rejects unknown fields, unknown kinds, verbs or scheme ids, bad
// patterns, bad dates, missing sources and duplicate rule ids, naming the
// file, the rule and the field. The examples run as tests in the engine.
//
// embedded_gen.go holds the same data as Go literals; after editing the
// JSON, regenerate it with `go generate ./internal/packs` (TestGenerated
// and `make test` fail until then). Every build uses only the generated
// data (load.go, the JSON loader, is native-only and feeds the generator
// and the tests), so engine.wasm links no JSON decoder.
package packs
