//go:build !(js && wasm)

package kb

import (
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/certscope/certscope/internal/golit"
)

var update = flag.Bool("update", false, "rewrite schemes_gen.go from schemes.json")

// TestGenerated: schemes_gen.go matches schemes.json (run with -update
// after editing schemes.json; `go generate ./internal/kb` does that).
func TestGenerated(t *testing.T) {
	want, err := decodeSchemes()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		src, err := golit.Source("kb", "generatedSchemes", "[]Scheme", dataHash(), reflect.ValueOf(want))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("schemes_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		// docs/knowledge.md is generated from the same data.
		if err := os.WriteFile(knowledgeDoc, knowledgeMarkdown(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	const stale = "schemes_gen.go is stale: run go generate ./internal/kb"
	if generatedSchemes == nil || generatedHash != dataHash() {
		t.Fatal(stale)
	}
	if !reflect.DeepEqual(generatedSchemes(), want) {
		t.Fatal(stale)
	}
}
