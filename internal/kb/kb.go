// Package kb is CertScope's knowledge base of certification schemes: what
// each covers and does not, who issues it, where to verify it, and sources.
package kb

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
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

// Validate checks every scheme: required fields, a scope from Scopes, unique
// ids, YYYY-MM-DD dates, http(s) URLs and at least one https source with a
// quote. It returns all problems found, joined.
func Validate() error {
	loadOnce.Do(load)
	if loadErr != nil {
		return loadErr
	}
	return validate(schemes)
}

func validate(list []Scheme) error {
	var errs []error
	bad := func(id, format string, args ...any) {
		errs = append(errs, fmt.Errorf("kb: %s: %s", id, fmt.Sprintf(format, args...)))
	}
	seen := map[string]bool{}
	for _, s := range list {
		id := s.ID
		if id == "" {
			bad("?", "missing id")
		}
		if seen[id] {
			bad(id, "duplicate id")
		}
		seen[id] = true
		if s.Name == "" {
			bad(id, "missing name")
		}
		if !validScope(s.Scope) {
			bad(id, "scope %q not in %v", s.Scope, Scopes)
		}
		if strings.TrimSpace(s.Covers) == "" {
			bad(id, "missing covers")
		}
		if s.Register != nil && (s.Register.Name == "" || !isURL(s.Register.URL, false)) {
			bad(id, "bad register %+v", *s.Register)
		}
		for _, d := range s.Dates {
			if _, err := time.Parse("2006-01-02", d.Date); err != nil {
				bad(id, "date %q is not YYYY-MM-DD", d.Date)
			}
			if d.Fact == "" {
				bad(id, "date %s has no fact", d.Date)
			}
			if d.Source != "" && !isURL(d.Source, false) {
				bad(id, "date %s: bad source URL %q", d.Date, d.Source)
			}
		}
		https := false
		for _, src := range s.Sources {
			if src.Title == "" || !isURL(src.URL, false) {
				bad(id, "bad source %+v", src)
			}
			if isURL(src.URL, true) && strings.TrimSpace(src.Quote) != "" {
				https = true
			}
		}
		if !https {
			bad(id, "needs at least one https source with a quote")
		}
	}
	return errors.Join(errs...)
}

func validScope(s string) bool {
	for _, v := range Scopes {
		if s == v {
			return true
		}
	}
	return false
}

// isURL reports whether u is an absolute http(s) URL (https only if strict).
func isURL(u string, httpsOnly bool) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	return p.Scheme == "https" || (!httpsOnly && p.Scheme == "http")
}
