// Package kb is CertScope's knowledge base of certification schemes: what
// each covers and does not, who issues it, where to verify it, and sources.
package kb

import (
	"errors"
	"sync"
)

// Scopes is the closed set of Scheme.Scope values.
var Scopes = []string{"organisation", "service", "product", "module", "algorithm", "process", "law", "none", "term", "programme"}

// Evidences is the closed set of Scheme.Evidence values: what a holder of
// the scheme can show. Card suggestions differ by kind ("holds ...
// certification" is false for a SOC 2 report or a TISAX label).
var Evidences = []string{"certificate", "attestation", "label", "validation", "authorisation", "listing"}

// Source is a citation with a short quote.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Quote string `json:"quote,omitempty"`
}

// Register is the official place to verify a certificate.
type Register struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// DatedFact is a fact that takes effect on a date (YYYY-MM-DD), such as a
// standard being withdrawn.
type DatedFact struct {
	Date   string `json:"date"`
	Fact   string `json:"fact"`
	Source string `json:"source,omitempty"` // URL
}

// Scheme is one certification scheme, law or claim type.
type Scheme struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Short is the name cards use ("SOC 2"); Name when empty.
	Short   string   `json:"short,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	// Names are what the engine scans text for (case-folded patterns,
	// see CheckPattern); a scheme without names is never detected.
	Names []string `json:"names,omitempty"`
	// Scope is what kind of thing the scheme certifies: "organisation",
	// "service", "product", "module" (a cryptographic module), "algorithm"
	// (an algorithm implementation), "process", "law", "none" (no such
	// certification exists) or "term" (a marketing term). See Scopes.
	Scope string `json:"scope"`
	// Evidence is one of Evidences; empty for laws, terms and agencies.
	Evidence string `json:"evidence,omitempty"`
	// Phrase is what it covers as a noun phrase for card templates
	// ("{scheme} covers {covers}"): "an organisation's quality
	// management system".
	Phrase     string      `json:"phrase,omitempty"`
	Covers     string      `json:"covers"`      // what it actually covers, one or two sentences
	NotMeaning string      `json:"not_meaning"` // what it does not mean
	Issuer     string      `json:"issuer,omitempty"`
	Register   *Register   `json:"register,omitempty"`
	Validity   string      `json:"validity,omitempty"`
	Dates      []DatedFact `json:"dates,omitempty"`
	Sources    []Source    `json:"sources"`
	// Unverified lists fields not yet confirmed against an official source
	// ("register", "sources", "validity", "dates", "covers" or "all"):
	// cards never show them, and docs/knowledge.md lists them.
	Unverified []string `json:"unverified,omitempty"`
	// Checked is when the entry's facts were last reviewed against its
	// sources (YYYY-MM-DD); docs/knowledge.md lists entries older than a
	// year for re-checking.
	Checked string `json:"checked"`
}

// UnverifiedFields is the closed set of Scheme.Unverified values.
var UnverifiedFields = []string{"all", "covers", "not_meaning", "issuer", "register", "validity", "dates", "sources"}

// IsUnverified reports whether field (or the whole scheme) is unverified.
func (s *Scheme) IsUnverified(field string) bool {
	for _, f := range s.Unverified {
		if f == field || f == "all" {
			return true
		}
	}
	return false
}

// The schemes come from schemes_gen.go, Go literals generated from
// schemes.json by `go generate ./internal/kb`: every build uses only those
// (engine.wasm needs no JSON decoder, and the CLI serves exactly what the
// extension does). A stale table fails TestGenerated and `make test`; it is
// never replaced by the JSON at run time.
var (
	generatedHash    uint64          // hash of the schemes.json it was generated from
	generatedSchemes func() []Scheme // sorted by id
)

var (
	loadOnce sync.Once
	schemes  []Scheme
	byID     map[string]int
	loadErr  error
)

func load() {
	if generatedSchemes == nil {
		loadErr = errors.New("kb: schemes_gen.go has no data")
		return
	}
	schemes = generatedSchemes()
	byID = make(map[string]int, len(schemes))
	for i, s := range schemes {
		byID[s.ID] = i
	}
}

// Load loads the schemes once and reports broken data; the engine checks
// it when it is built. After an error All is empty and Get finds nothing.
func Load() error {
	loadOnce.Do(load)
	return loadErr
}

// All returns every scheme, sorted by id (none if Load failed).
func All() []Scheme {
	if Load() != nil {
		return nil
	}
	return schemes
}

// CardName is the name cards use.
func (s *Scheme) CardName() string {
	if s.Short != "" {
		return s.Short
	}
	return s.Name
}

// Get returns the scheme with the given id.
func Get(id string) (Scheme, bool) {
	if Load() != nil {
		return Scheme{}, false
	}
	i, ok := byID[id]
	if !ok {
		return Scheme{}, false
	}
	return schemes[i], true
}
