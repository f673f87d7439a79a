//go:build !(js && wasm)

package packs

import (
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/certscope/certscope/internal/golit"
)

var update = flag.Bool("update", false, "rewrite embedded_gen.go from data/*.json")

// TestGenerated: embedded_gen.go matches data/*.json (run with -update
// after editing the packs; `go generate ./internal/packs` does that).
func TestGenerated(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		src, err := genSource(set, dataHash())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("embedded_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, ok := fromGenerated()
	if !ok || generatedHash != dataHash() {
		t.Fatal("embedded_gen.go is stale: run go generate ./internal/packs")
	}
	if !reflect.DeepEqual(got, set) {
		t.Fatal("embedded_gen.go differs from data/*.json: run go generate ./internal/packs")
	}
}

func genSource(set *Set, hash uint64) ([]byte, error) {
	// Schemes come from the knowledge base at load time (fast.go).
	data := *set
	data.Schemes = nil
	return golit.Source("packs", "generatedSet", "*Set", hash, reflect.ValueOf(&data))
}
