// Package kb is CertScope's knowledge base of certification schemes: what
// each covers and does not, who issues it, where to verify it, and sources.
package kb

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

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
	// "service", "product", "module", "process", "law", "none" (no such
	// certification exists) or "term" (a marketing term).
	Scope      string      `json:"scope"`
	Covers     string      `json:"covers"`      // what it actually covers, one or two sentences
	NotMeaning string      `json:"not_meaning"` // what it does not mean
	Issuer     string      `json:"issuer,omitempty"`
	Register   *Register   `json:"register,omitempty"`
	Validity   string      `json:"validity,omitempty"`
	Dates      []DatedFact `json:"dates,omitempty"`
	Sources    []Source    `json:"sources"`
}

//go:embed schemes.json
var schemesJSON []byte

var (
	loadOnce sync.Once
	schemes  []Scheme
	byID     map[string]int
	loadErr  error
)

func load() {
	dec := json.NewDecoder(bytes.NewReader(schemesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&schemes); err != nil {
		loadErr = fmt.Errorf("kb: schemes.json: %w", err)
		return
	}
	sort.Slice(schemes, func(i, j int) bool { return schemes[i].ID < schemes[j].ID })
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
