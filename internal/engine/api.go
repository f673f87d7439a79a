package engine

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// ErrUnknownPack is wrapped by Check when Options.Packs names no known pack.
var ErrUnknownPack = errors.New("unknown pack")

// UnknownPackError names the unknown pack and lists the valid ones.
type UnknownPackError struct {
	Name  string
	Valid []string
}

func (e *UnknownPackError) Error() string {
	// Not fmt: it would add 100 KB to engine.wasm. %q is strconv.Quote.
	return "unknown pack " + strconv.Quote(e.Name) + " (valid: " + strings.Join(e.Valid, ", ") + ")"
}

func (e *UnknownPackError) Unwrap() error { return ErrUnknownPack }

// sortFindings gives findings a deterministic order: by sentence start,
// then claim start, then rule id.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Claim.Start != b.Claim.Start {
			return a.Claim.Start < b.Claim.Start
		}
		return a.Rule < b.Rule
	})
}
