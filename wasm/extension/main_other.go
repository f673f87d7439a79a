//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists so the package builds natively (go build ./..., go vet);
// the real entry point is main.go under GOOS=js GOARCH=wasm.
func main() {
	fmt.Fprintln(os.Stderr, "wasm/extension: build with GOOS=js GOARCH=wasm")
	os.Exit(2)
}
