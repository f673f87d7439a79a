// Command build packages the CertScope browser extension.
//
// It compiles ./wasm/extension to engine.wasm (GOOS=js GOARCH=wasm), adds Go's
// wasm_exec.js, merges the per-browser manifests with the version from VERSION,
// minifies JS/CSS/HTML/JSON/SVG with tdewolff/minify, writes the unpacked
// extensions to dist/<browser>/ and reproducible archives
// dist/certscope-chrome-VERSION.zip and dist/certscope-firefox-VERSION.xpi.
//
//	go run ./scripts/build [-out dist] [-browsers chrome,firefox] [-skip-wasm] [-wasm-file F]
//	                       [-no-minify] [-no-archive] [-strict-budget] [-q]
//	go run ./scripts/build -wasm-profile 25   # where engine.wasm's code comes from
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	var browsers string
	fs.StringVar(&cfg.Root, "root", ".", "repository root (holds VERSION, extension/ and wasm/extension/)")
	fs.StringVar(&cfg.Out, "out", "", "output directory (default ROOT/dist)")
	fs.StringVar(&browsers, "browsers", strings.Join(allBrowsers, ","), "comma-separated browsers to build")
	fs.BoolVar(&cfg.SkipWasm, "skip-wasm", false, "reuse OUT/.wasm/engine.wasm from the previous build instead of compiling")
	fs.StringVar(&cfg.WasmFile, "wasm-file", "", "use this prebuilt engine.wasm instead of compiling ./wasm/extension")
	fs.BoolVar(&cfg.NoMinify, "no-minify", false, "copy sources unminified (for debugging)")
	fs.BoolVar(&cfg.NoArchive, "no-archive", false, "write only the unpacked dist/<browser>/ directories")
	fs.BoolVar(&cfg.Quiet, "q", false, "print only errors")
	strict := fs.Bool("strict-budget", false, "fail when engine.wasm is over its size budget")
	profile := fs.Int("wasm-profile", 0, "only print the `N` Go packages with the most code in engine.wasm, and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "build: unexpected arguments %q\n", fs.Args())
		return 2
	}
	for _, b := range strings.Split(browsers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			cfg.Browsers = append(cfg.Browsers, b)
		}
	}
	if !cfg.Quiet {
		cfg.Log = stdout
	}
	if *profile > 0 {
		sizes, err := profileWasm(cfg.Root)
		if err != nil {
			fmt.Fprintf(stderr, "build: %v\n", err)
			return 1
		}
		sizes.Print(stdout, *profile)
		return 0
	}
	rep, err := Build(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	if !cfg.Quiet {
		rep.Print(stdout)
	}
	if *strict && !rep.Wasm.WithinBudget {
		fmt.Fprintf(stderr, "build: engine.wasm is %d bytes raw, %d gzip: over the budget of %d raw, %d gzip\n",
			rep.Wasm.Raw, rep.Wasm.Gzip, rep.Wasm.BudgetRaw, rep.Wasm.BudgetGzip)
		return 1
	}
	return 0
}
