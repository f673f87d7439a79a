// Package kb is CertScope's knowledge base of certification schemes: what
// each covers and does not, who issues it, where to verify it, and sources.
package kb

import (
	"errors"
	"sync"
)

// Scopes is the closed set of Scheme.Scope values.
var Scopes = []string{"organisation", "service", "product", "module", "algorithm", "process", "law", "none", "term"}

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
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	// Scope is what kind of thing the scheme certifies: "organisation",
	// "service", "product", "module" (a cryptographic module), "algorithm"
	// (an algorithm implementation), "process", "law", "none" (no such
	// certification exists) or "term" (a marketing term). See Scopes.
	Scope      string      `json:"scope"`
	Covers     string      `json:"covers"`      // what it actually covers, one or two sentences
	NotMeaning string      `json:"not_meaning"` // what it does not mean
	Issuer     string      `json:"issuer,omitempty"`
	Register   *Register   `json:"register,omitempty"`
	Validity   string      `json:"validity,omitempty"`
	Dates      []DatedFact `json:"dates,omitempty"`
	Sources    []Source    `json:"sources"`
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

// All returns every scheme, sorted by id. It panics only if the embedded
// data is broken, which the package tests rule out.
func All() []Scheme {
	loadOnce.Do(load)
	if loadErr != nil {
		panic(loadErr)
	}
	return schemes
}

// Get returns the scheme with the given id.
func Get(id string) (Scheme, bool) {
	All()
	i, ok := byID[id]
	if !ok {
		return Scheme{}, false
	}
	return schemes[i], true
}
