package packs

import (
	"errors"
	"sync"
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// Check kinds: the closed set the engine implements.
const (
	KindTerm        = "term"        // a phrase that is a claim by itself (absolutes)
	KindScope       = "scope"       // organisation-scope scheme attributed to a product
	KindNonexistent = "nonexistent" // scheme + claim verb where no such certification exists
	KindUnvalidated = "unvalidated" // "compliant"/"certified" where only a validated certificate counts
	KindStale       = "stale"       // a version or scheme presented as current after it lapsed
	KindEndorsement = "endorsement" // a government or agency approval that no scheme gives
)

// Kinds lists the check kinds.
var Kinds = []string{KindTerm, KindScope, KindNonexistent, KindUnvalidated, KindStale, KindEndorsement}

// Verbs are the claim-verb classes a rule may name; the engine knows
// their inflections (certified/certify, compliance/complies, ...).
var Verbs = []string{"certified", "certification", "accredited", "approved", "endorsed", "compliant", "validated"}

// Source is a citation shown on a card; Register is where a claim can be
// checked. Both are the knowledge base's types: one definition each.
type (
	Source   = kb.Source
	Register = kb.Register
)

// Version is a scheme version that stops being valid after a date.
type Version struct {
	Version      string `json:"version"`
	InvalidAfter string `json:"invalid_after"`
	Source       string `json:"source"`

	After time.Time `json:"-"`
}

// Examples run as tests: flag examples must give a finding from the rule,
// pass examples none.
type Examples struct {
	Flag []string `json:"flag"`
	Pass []string `json:"pass"`
	// Date is "today" for the examples (YYYY-MM-DD); empty means the
	// real date.
	Date string `json:"date,omitempty"`
}

// Rule is one rule of a pack.
type Rule struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Severity string   `json:"severity"`
	Schemes  []string `json:"schemes,omitempty"`
	Terms    []string `json:"terms,omitempty"`
	Verbs    []string `json:"verbs,omitempty"`
	// Near: at least one of these words must occur in the sentence.
	Near []string `json:"near,omitempty"`
	// Unless: none of these words may occur in the sentence.
	Unless []string `json:"unless,omitempty"`
	// UnlessSchemes: none of these schemes may be named in the sentence
	// (a named government programme is not an unnamed approval).
	UnlessSchemes []string  `json:"unless_schemes,omitempty"`
	Versions      []Version `json:"versions,omitempty"`
	// InvalidAfter: the rule fires only after this date (YYYY-MM-DD).
	InvalidAfter string `json:"invalid_after,omitempty"`
	// Until: the rule fires only before this date (YYYY-MM-DD).
	Until string `json:"until,omitempty"`
	// NounForm lets the noun ("certification") count as a claim without
	// a first-person or product word in the sentence.
	NounForm bool `json:"noun_form,omitempty"`
	// MaxAgeDays (stale): a certificate issued longer ago than this has
	// lapsed ("Cyber Essentials ... issued 14 March 2023").
	MaxAgeDays int `json:"max_age_days,omitempty"`
	// Expiry (stale): a certificate "valid until" a past date has lapsed.
	Expiry bool `json:"expiry,omitempty"`
	// Standalone lets a term rule fire when the sentence is the term
	// alone (a badge); otherwise a bare term in a list is not a claim.
	Standalone bool `json:"standalone,omitempty"`
	// Target (scope): what the certificate must be attributed to for the
	// rule to fire: "product" (the default) or "platform" (a platform,
	// SaaS or portal the organisation runs, which its certificate's scope
	// may cover).
	Target string `json:"target,omitempty"`

	Title       string    `json:"title"`
	Message     string    `json:"message"`
	Explanation string    `json:"explanation"`
	Suggestion  string    `json:"suggestion,omitempty"`
	Sources     []Source  `json:"sources"`
	Verify      *Register `json:"verify,omitempty"`
	Examples    Examples  `json:"examples"`
	// Variants replace card text for some of the rule's schemes: every
	// variant that matches a scheme applies, in order.
	Variants []Variant `json:"variants,omitempty"`

	Pack   string    `json:"-"`
	After  time.Time `json:"-"` // parsed InvalidAfter
	Before time.Time `json:"-"` // parsed Until
}

// Variant is card text for the schemes it matches: by id, by evidence
// kind or by scope (any one list that matches). Non-empty fields replace
// the rule's; its sources come before the rule's, as they support the
// variant's text.
type Variant struct {
	Schemes     []string `json:"schemes,omitempty"`
	Evidence    []string `json:"evidence,omitempty"`
	Scopes      []string `json:"scopes,omitempty"`
	Title       string   `json:"title,omitempty"`
	Message     string   `json:"message,omitempty"`
	Explanation string   `json:"explanation,omitempty"`
	Suggestion  string   `json:"suggestion,omitempty"`
	Sources     []Source `json:"sources,omitempty"`
}

// Matches reports whether the variant applies to a scheme.
func (v *Variant) Matches(s *kb.Scheme) bool {
	return s != nil && (has(v.Schemes, s.ID) || has(v.Evidence, s.Evidence) && s.Evidence != "" || has(v.Scopes, s.Scope))
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Pack is a named set of rules.
type Pack struct {
	ID          string `json:"pack"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Default     bool   `json:"default"`
	Rules       []Rule `json:"rules"`
}

// Set is every scheme and pack, validated together.
type Set struct {
	Schemes []kb.Scheme // from the knowledge base, sorted by id
	Packs   []Pack
}

var (
	embOnce sync.Once
	embSet  *Set
	embErr  error
)

// Embedded returns the embedded packs, parsed once. An error means the
// embedded data is broken, which the package tests rule out.
func Embedded() (*Set, error) {
	embOnce.Do(func() {
		if embErr = kb.Load(); embErr != nil {
			return
		}
		if set, ok := fromGenerated(); ok {
			embSet = set
			return
		}
		embErr = errors.New("packs: embedded_gen.go has no data")
	})
	return embSet, embErr
}

// Set by embedded_gen.go (see fast.go); generatedHash is the hash of the
// data/*.json it was generated from, which TestGenerated compares.
var (
	generatedHash uint64
	generatedSet  func() *Set
)
