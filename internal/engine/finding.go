// Package engine turns text into findings: misleading certification claims,
// located by UTF-16 offsets, each explained and sourced.
//
// This file is the contract every host (CLI, API, Worker, extension) relies
// on; see DESIGN.md "Finding (JSON, schema version 1)".
package engine

import (
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// SchemaVersion is the version of the Finding JSON schema.
const SchemaVersion = 1

// Severities, most serious first.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityInfo   = "info"
)

// Span is a half-open range [Start, End) in UTF-16 code units.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Source is a citation shown on a card and Verify the official register
// where a reader can check a claim: the knowledge base's types (one
// definition each), with the same JSON fields.
type (
	Source = kb.Source
	Verify = kb.Register
)

// Finding is one misleading claim. Start/End delimit the sentence and Claim
// the claim phrase, as UTF-16 offsets into the submitted text, end exclusive.
type Finding struct {
	Rule        string   `json:"rule"`
	Pack        string   `json:"pack"`
	Severity    string   `json:"severity"`
	Scheme      string   `json:"scheme,omitempty"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Claim       Span     `json:"claim"`
	Title       string   `json:"title"`
	Message     string   `json:"message"`
	Explanation string   `json:"explanation"`
	Suggestion  string   `json:"suggestion,omitempty"`
	Sources     []Source `json:"sources"`
	Verify      *Verify  `json:"verify,omitempty"`
	// Register is set on findings of the registers pack: what the
	// official register says (registers.go).
	Register *Register `json:"register,omitempty"`
}

// Options tune one check.
type Options struct {
	// Packs enables only these packs; nil or empty means every pack that is
	// on by default. An unknown pack name is an error (see ErrUnknownPack).
	Packs []string
	// Date is "today" for date-aware rules; the zero value means time.Now().
	Date time.Time
	// URL of the page, if known (informational; may tune rules later).
	URL string
	// DisableRules turns these rule ids off (unknown ids are ignored;
	// hosts validate them against Rules()).
	DisableRules []string
	// MaxFindings, if > 0, keeps only the first MaxFindings findings in
	// Result.Findings (Stats.Findings still counts all), so a text that is
	// all claims costs no memory for findings nobody will be sent.
	MaxFindings int
	// Site is the host (or URL) of the page the text comes from, which
	// the registers pack uses to identify the vendor making a claim.
	Site string
}

// Stats summarise one check.
type Stats struct {
	Units     int `json:"units"`     // length of the text in UTF-16 code units
	Bytes     int `json:"bytes"`     // length of the text in bytes
	Sentences int `json:"sentences"` // sentences analysed in stage 2
	Hits      int `json:"hits"`      // stage-1 keyword hits
	Findings  int `json:"findings"`
}

// Result is what Check returns.
type Result struct {
	Findings []Finding `json:"findings"`
	// Verifications are claims an official register supports (never nil
	// after Check).
	Verifications []Verification `json:"verifications"`
	Stats         Stats          `json:"stats"`
}

// PackInfo describes a rule pack for UIs and the API.
type PackInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Rules       int    `json:"rules"`
	Default     bool   `json:"default"` // on by default
}

// RuleInfo describes one rule for `certscope packs` and the API.
type RuleInfo struct {
	ID       string   `json:"id"`
	Pack     string   `json:"pack"`
	Severity string   `json:"severity"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Schemes  []string `json:"schemes,omitempty"`
	Sources  []Source `json:"sources"`
}
