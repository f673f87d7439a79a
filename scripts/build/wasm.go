package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// wasmPkg is the GOOS=js entry of the extension, relative to the root.
const wasmPkg = "wasm/extension"

// engineWasm returns engine.wasm: the -wasm-file, the cached previous
// build (-skip-wasm), or a fresh compile of ./wasm/extension.
func engineWasm(cfg *Config, version string) ([]byte, error) {
	cache := filepath.Join(cfg.Out, ".wasm", wasmName)
	switch {
	case cfg.WasmFile != "":
		return os.ReadFile(cfg.WasmFile)
	case cfg.SkipWasm:
		b, err := os.ReadFile(cache)
		if err != nil {
			return nil, fmt.Errorf("-skip-wasm: no previous build at %s; run once without -skip-wasm", cache)
		}
		return b, nil
	}
	if err := hasMainPackage(filepath.Join(cfg.Root, wasmPkg)); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
		return nil, err
	}
	cfg.logf("compiling ./%s (GOOS=js GOARCH=wasm)", wasmPkg)
	// -trimpath and -buildvcs=false keep the checkout path and git state
	// out of the binary; -s -w drop the symbol table and DWARF, which the
	// Go runtime does not need (panics still print function names).
	// -X main.version: the binding reports the one version from VERSION.
	// -tags certscope_nodata: the register snapshots ship as files
	// (registerFiles), not inside engine.wasm.
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-tags="+wasmTags(os.Getenv("GOFLAGS")),
		"-ldflags=-s -w -X main.version="+version,
		"-o", mustAbs(cache), "./"+wasmPkg)
	cmd.Dir = cfg.Root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("compiling ./%s for js/wasm: %v\n%s", wasmPkg, err, stderr.Bytes())
	}
	return os.ReadFile(cache)
}

// hasMainPackage fails clearly when the wasm entry is not written yet.
func hasMainPackage(dir string) error {
	ents, err := os.ReadDir(dir)
	if err == nil {
		for _, e := range ents {
			if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				return nil
			}
		}
	}
	return fmt.Errorf("./%s has no Go files yet: it is the extension's GOOS=js engine entry (package main) "+
		"that the build compiles to %s; write it, or pass -wasm-file FILE or -skip-wasm", wasmPkg, wasmName)
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// wasmExecJS is Go's JavaScript glue for GOOS=js, from the toolchain that
// compiles the engine (the two must match).
func wasmExecJS() ([]byte, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	root := strings.TrimSpace(string(out))
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		if b, err := os.ReadFile(filepath.Join(root, p)); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("wasm_exec.js not found under %s/lib/wasm", root)
}

func wasmSizes(b []byte) WasmReport {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	r := WasmReport{Raw: int64(len(b)), Gzip: int64(buf.Len()), BudgetRaw: budgetRaw, BudgetGzip: budgetGzip}
	r.WithinBudget = r.Raw <= budgetRaw && r.Gzip <= budgetGzip
	return r
}

// Size budget for engine.wasm (decimal megabytes).
const (
	budgetRaw  = 4_000_000
	budgetGzip = 1_150_000
)

// registerDir holds the register snapshots that the extension packages as
// registers/*.tsv and hands to engine.wasm at start-up.
const registerDir = "internal/registers/data"

// registerFiles returns the snapshots to package, by package path.
func registerFiles(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range []string{"nist-cmvp.tsv", "fedramp-marketplace.tsv"} {
		b, err := os.ReadFile(filepath.Join(root, registerDir, name))
		if err != nil {
			return nil, fmt.Errorf("register snapshot: %w", err)
		}
		out["registers/"+name] = b
	}
	return out, nil
}

// wasmTags returns the build tags for engine.wasm: certscope_nodata plus
// any -tags given in GOFLAGS (the e2e tests' test-hooks build), which a
// -tags flag on the command line would otherwise override.
func wasmTags(goflags string) string {
	tags := []string{"certscope_nodata"}
	for _, f := range strings.Fields(goflags) {
		if v, ok := strings.CutPrefix(f, "-tags="); ok {
			tags = append(tags, strings.Split(v, ",")...)
		} else if v, ok := strings.CutPrefix(f, "--tags="); ok {
			tags = append(tags, strings.Split(v, ",")...)
		}
	}
	return strings.Join(tags, ",")
}
