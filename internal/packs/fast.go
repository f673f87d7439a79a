package packs

import (
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// embedded_gen.go holds the pack data as Go literals, written by
// `go test ./internal/packs -run TestGenerated -update`. It is the only
// data js/wasm builds have: decoding JSON would cost a fresh Worker
// instance 15-20 ms and engine.wasm encoding/json. Native builds use it
// only while the hash of the JSON files still matches (see load.go).

// fromGenerated returns the generated set unless it is stale.
func fromGenerated() (*Set, bool) {
	if generatedSet == nil || !generatedFresh() {
		return nil, false
	}
	set := generatedSet()
	set.Schemes = kb.All()
	// Parsed dates are not generated; parsing them is cheap.
	for pi := range set.Packs {
		for ri := range set.Packs[pi].Rules {
			r := &set.Packs[pi].Rules[ri]
			r.Pack = set.Packs[pi].ID
			r.After, _ = parseDate(r.InvalidAfter)
			r.Before, _ = parseDate(r.Until)
			for vi := range r.Versions {
				r.Versions[vi].After, _ = parseDate(r.Versions[vi].InvalidAfter)
			}
		}
	}
	return set, true
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", s)
}
