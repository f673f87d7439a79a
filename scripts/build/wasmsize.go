package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// PackageSize is the compiled code of one Go package in engine.wasm.
type PackageSize struct {
	Package string `json:"package"`
	Bytes   int    `json:"bytes"`
}

// WasmSizes says where engine.wasm's bytes go: code per Go package (from
// the name section of an unstripped build) and the data section (runtime
// tables, strings, embedded files).
type WasmSizes struct {
	File     int           `json:"file"`
	Code     int           `json:"code"`
	Data     int           `json:"data"`
	Packages []PackageSize `json:"packages"`
}

// profileWasm compiles ./wasm/extension without -s -w (so it keeps the
// function names) and attributes its code to packages.
func profileWasm(root string) (*WasmSizes, error) {
	if err := hasMainPackage(filepath.Join(root, wasmPkg)); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "certscope-wasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "engine.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-o", out, "./"+wasmPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("compiling ./%s: %v\n%s", wasmPkg, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	return wasmPackageSizes(b)
}

var errWasm = errors.New("not a wasm module")

// wasmPackageSizes reads a wasm module's sections: imports (to number the
// functions), code (body sizes), data, and the "name" custom section.
func wasmPackageSizes(b []byte) (*WasmSizes, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errWasm
	}
	r := &wasmReader{b: b, p: 8}
	var importedFuncs int
	var bodies []int
	names := map[int]string{}
	s := &WasmSizes{File: len(b)}
	for r.p < len(b) {
		id := r.byte()
		size := r.uleb()
		end := r.p + size
		if r.err != nil || end > len(b) {
			return nil, errWasm
		}
		sec := &wasmReader{b: b[:end], p: r.p}
		switch id {
		case 2: // imports: functions among them take the first indices
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				sec.skip(sec.uleb())
				sec.skip(sec.uleb())
				switch sec.byte() {
				case 0:
					sec.uleb()
					importedFuncs++
				case 1: // table: reftype, limits
					sec.byte()
					sec.limits()
				case 2: // memory: limits
					sec.limits()
				case 3: // global: valtype, mut
					sec.skip(2)
				}
			}
		case 10:
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				l := sec.uleb()
				bodies = append(bodies, l)
				s.Code += l
				sec.skip(l)
			}
		case 11:
			s.Data += size
		case 0:
			if sec.name() == "name" {
				for sec.p < end && sec.err == nil {
					sub := sec.byte()
					l := sec.uleb()
					next := sec.p + l
					if sub == 1 {
						for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
							idx := sec.uleb()
							names[idx] = sec.name()
						}
					}
					sec.p = next
				}
			}
		}
		if sec.err != nil {
			return nil, sec.err
		}
		r.p = end
	}
	if len(names) == 0 {
		return nil, errors.New("no function names: build without -ldflags=-s")
	}
	byPkg := map[string]int{}
	for i, l := range bodies {
		byPkg[funcPackage(names[importedFuncs+i])] += l
	}
	for p, n := range byPkg {
		s.Packages = append(s.Packages, PackageSize{p, n})
	}
	sort.Slice(s.Packages, func(i, j int) bool {
		a, b := s.Packages[i], s.Packages[j]
		return a.Bytes > b.Bytes || a.Bytes == b.Bytes && a.Package < b.Package
	})
	return s, nil
}

// funcPackage turns a wasm function name such as
// "github.com_certscope_certscope_internal_engine.(*Engine).Check" or
// "encoding_json.Marshal" into its package path.
func funcPackage(name string) string {
	if name == "" {
		return "?"
	}
	if strings.HasPrefix(name, "type_.") || strings.HasPrefix(name, "type:") {
		return "(type equality and hash functions)"
	}
	// The package part ends at the first '.' after the last '/' or '_'
	// that belongs to the path; Go mangles '/' to '_' in these names.
	start := 0
	if strings.HasPrefix(name, "github.com") || strings.HasPrefix(name, "golang.org") {
		start = len("github.com")
	}
	if i := strings.IndexByte(name[start:], '.'); i >= 0 {
		name = name[:start+i]
	}
	return strings.ReplaceAll(name, "_", "/")
}

// Print writes the largest packages.
func (s *WasmSizes) Print(w io.Writer, top int) {
	fmt.Fprintf(w, "engine.wasm unstripped: %d bytes: code %d, data %d\n", s.File, s.Code, s.Data)
	for i, p := range s.Packages {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %9d  %5.1f%%  %s\n", p.Bytes, 100*float64(p.Bytes)/float64(s.Code), p.Package)
	}
}

type wasmReader struct {
	b   []byte
	p   int
	err error
}

func (r *wasmReader) byte() byte {
	if r.p >= len(r.b) {
		r.err = errWasm
		return 0
	}
	r.p++
	return r.b[r.p-1]
}

func (r *wasmReader) uleb() int {
	var v, shift uint
	for r.err == nil {
		c := r.byte()
		v |= uint(c&0x7f) << shift
		if c < 0x80 {
			return int(v)
		}
		if shift += 7; shift > 35 {
			r.err = errWasm
		}
	}
	return 0
}

func (r *wasmReader) skip(n int) {
	if n < 0 || r.p+n > len(r.b) {
		r.err = errWasm
		return
	}
	r.p += n
}

func (r *wasmReader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

func (r *wasmReader) name() string {
	l := r.uleb()
	start := r.p
	r.skip(l)
	if r.err != nil {
		return ""
	}
	return string(r.b[start:r.p])
}
