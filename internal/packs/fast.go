package packs

import (
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// embedded_gen.go holds the pack data as Go literals, written by
// `go generate ./internal/packs`. It is the only data every build uses:
// decoding JSON would cost a fresh Worker instance 15-20 ms and engine.wasm
// encoding/json, and the CLI serves exactly what the extension does. A
// stale file fails TestGenerated and `make test`; it is never replaced by
// the JSON at run time.

// fromGenerated returns the generated set.
func fromGenerated() (*Set, bool) {
	if generatedSet == nil {
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
