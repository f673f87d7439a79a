// Package arch holds no code: its test checks the import rules of
// docs/architecture.md (the engine imports no host, and nothing imports
// upwards), so a change that breaks the layering fails `go test ./...`.
package arch
