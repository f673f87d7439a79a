//go:build !(js && wasm)

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWasmDepsStayLean: engine.wasm must not link the packages that made
// it too big (4.5 MB before): encoding/json, fmt and reflect (a third of
// the code between them, and more in their dependencies), net/url, and
// embed (the JSON data; the wasm uses the generated Go tables).
func TestWasmDepsStayLean(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	banned := map[string]bool{"encoding/json": true, "fmt": true, "reflect": true, "net/url": true, "embed": true}
	deps := strings.Fields(string(out))
	if !strings.Contains(string(out), "/internal/engine\n") {
		t.Fatalf("go list gave no engine dependency: %q", deps)
	}
	for _, p := range deps {
		if banned[p] {
			t.Errorf("the GOOS=js build of wasm/extension imports %s", p)
		}
	}
}
