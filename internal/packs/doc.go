// Package packs holds CertScope's rule packs as embedded JSON data and
// their loader. A rule is data (terms, schemes, verbs, dates and the text
// of its card, with sources and its own examples) interpreted by one of a
// small closed set of check kinds that the engine implements in Go.
//
// data/schemes.json lists the scheme names the engine scans for; each
// data/<pack>.json is one pack. Loading rejects unknown fields, unknown
// kinds, verbs or scheme ids, bad patterns, missing sources and duplicate
// rule ids, naming the file, the rule and the field.
package packs
