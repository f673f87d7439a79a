package packs

import (
	"hash/fnv"
	"io/fs"
	"sort"
	"time"
)

// A fresh Go wasm instance (a Cloudflare Worker request) pays for
// decoding the pack JSON with encoding/json on its first check, about
// 15-20 ms in wasm. embedded_gen.go holds the same data as Go literals,
// written by `go test ./internal/packs -run TestGenerated -update`; it is
// used only while the hash of the JSON files still matches, so stale
// generated data can never be served.

// dataHash is the FNV-1a hash of the embedded JSON files, by name order.
func dataHash() uint64 {
	h := fnv.New64a()
	names, _ := fs.Glob(dataFS, "data/*.json")
	sort.Strings(names)
	for _, n := range names {
		b, _ := dataFS.ReadFile(n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// fromGenerated returns the generated set when it matches the JSON.
func fromGenerated() (*Set, bool) {
	if generatedSet == nil || generatedHash != dataHash() {
		return nil, false
	}
	set := generatedSet()
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
