//go:build !(js && wasm)

package kb

// Decoding schemes.json (and validating it, validate.go) is for native
// builds: the tests and the generator of schemes_gen.go; see kb.go.

//go:generate go test -run ^TestGenerated$ . -update

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
)

//go:embed schemes.json
var schemesJSON []byte

// dataHash is the FNV-1a hash of schemes.json.
func dataHash() uint64 {
	h := fnv.New64a()
	h.Write(schemesJSON)
	return h.Sum64()
}

// decodeSchemes decodes schemes.json strictly, sorted by id.
func decodeSchemes() ([]Scheme, error) {
	var list []Scheme
	dec := json.NewDecoder(bytes.NewReader(schemesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("kb: schemes.json: %w", err)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, nil
}
