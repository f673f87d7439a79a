package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// allBrowsers are the targets the build knows; each has its own manifest
// override and archive extension.
var allBrowsers = []string{"chrome", "firefox"}

var archiveExt = map[string]string{"chrome": ".zip", "firefox": ".xpi"}

// Config says what to build and where.
type Config struct {
	Root      string    // repository root
	Out       string    // output directory (dist)
	Browsers  []string  // subset of allBrowsers; empty means all
	SkipWasm  bool      // reuse Out/.wasm/engine.wasm
	WasmFile  string    // prebuilt engine.wasm to use instead of compiling
	NoMinify  bool      // ship sources as they are
	NoArchive bool      // skip the zip/xpi
	Epoch     time.Time // archive entry time; zero means SOURCE_DATE_EPOCH or 2020-01-01
	Quiet     bool
	Log       io.Writer // progress lines; nil for none
}

// Files added by the build itself at the package root.
const (
	wasmName     = "engine.wasm"
	wasmExecName = "wasm_exec.js"
)

// versionRE is what both Chrome and Firefox accept as "version":
// one to four dot-separated integers without leading zeros.
var versionRE = regexp.MustCompile(`^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8})){0,3}$`)

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// Build runs the whole build and returns what it measured; it also writes
// the report to Out/build-report.json.
func Build(cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Out == "" {
		cfg.Out = filepath.Join(cfg.Root, "dist")
	}
	if len(cfg.Browsers) == 0 {
		cfg.Browsers = allBrowsers
	}
	for _, b := range cfg.Browsers {
		if _, ok := archiveExt[b]; !ok {
			return nil, fmt.Errorf("unknown browser %q (known: %s)", b, strings.Join(allBrowsers, ", "))
		}
	}
	if err := checkOut(cfg.Root, cfg.Out); err != nil {
		return nil, err
	}
	epoch, err := archiveEpoch(cfg.Epoch)
	if err != nil {
		return nil, err
	}
	version, err := readVersion(cfg.Root)
	if err != nil {
		return nil, err
	}
	extDir := filepath.Join(cfg.Root, "extension")
	src, err := readSources(extDir)
	if err != nil {
		return nil, err
	}
	common, ok := src.manifests["manifest.json"]
	if !ok {
		return nil, fmt.Errorf("%s: missing manifest.json", extDir)
	}

	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockOut(cfg.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()

	wasm, err := engineWasm(&cfg, version)
	if err != nil {
		return nil, err
	}
	wasmExec, err := wasmExecJS()
	if err != nil {
		return nil, err
	}
	regs, err := registerFiles(cfg.Root)
	if err != nil {
		return nil, err
	}

	rep := &Report{Version: version, Wasm: wasmSizes(wasm), Browsers: map[string]*BrowserReport{}}
	mi := newMinifier()
	cache := map[string][]byte{} // minified shared files, same for every browser
	for _, browser := range cfg.Browsers {
		br := &BrowserReport{Minify: map[string]*MinifyStat{}}
		rep.Browsers[browser] = br
		manifest, err := mergeManifest(common, src.manifests["manifest."+browser+".json"], version)
		if err != nil {
			return nil, fmt.Errorf("%s manifest: %w", browser, err)
		}
		files := map[string][]byte{
			"manifest.json": manifest,
			wasmName:        wasm,
			wasmExecName:    wasmExec,
		}
		for name, data := range regs {
			files[name] = data
		}
		for name, data := range src.files {
			if _, ok := files[name]; ok {
				cfg.logf("warning: extension/%s is replaced by the build's own %s", name, name)
				continue
			}
			files[name] = data
		}
		refs, err := manifestRefs(manifest)
		if err != nil {
			return nil, fmt.Errorf("%s manifest: %w", browser, err)
		}
		for _, r := range refs {
			if _, ok := files[r]; !ok {
				return nil, fmt.Errorf("%s manifest names %q, which extension/ does not have", browser, r)
			}
		}
		for _, name := range sortedKeys(files) {
			data := files[name]
			kind := minifyKind(name)
			if kind == "" || cfg.NoMinify {
				continue
			}
			out, ok := cache[name]
			if !ok || name == "manifest.json" {
				out, err = mi.file(kind, data)
				if err != nil {
					return nil, fmt.Errorf("minify %s: %w", name, err)
				}
				if name != "manifest.json" {
					cache[name] = out
				}
			}
			br.Minify.add(kind, len(data), len(out))
			files[name] = out
		}
		br.Minify.total()
		dir := filepath.Join(cfg.Out, browser)
		if err := syncDir(dir, files); err != nil {
			return nil, fmt.Errorf("write %s: %w", dir, err)
		}
		// Files are rewritten only when they change; the manifest's time
		// says when the directory was last built (scripts/lib/dist.mjs
		// compares it with the sources').
		now := time.Now()
		if err := os.Chtimes(filepath.Join(dir, "manifest.json"), now, now); err != nil {
			return nil, err
		}
		br.Dir = dir
		br.Files = len(files)
		for _, d := range files {
			br.Bytes += int64(len(d))
		}
		if cfg.NoArchive { // an archive left from an earlier build would be stale
			if err := removeStaleArchives(cfg.Out, browser, ""); err != nil {
				return nil, err
			}
		} else {
			name := "certscope-" + browser + "-" + version + archiveExt[browser]
			arc := filepath.Join(cfg.Out, name)
			zb, err := zipFiles(files, epoch)
			if err != nil {
				return nil, err
			}
			if err := removeStaleArchives(cfg.Out, browser, name); err != nil {
				return nil, err
			}
			if err := writeAtomic(arc, zb); err != nil {
				return nil, err
			}
			br.Archive, br.ArchiveBytes, br.ArchiveSHA256 = arc, int64(len(zb)), sha256hex(zb)
		}
		cfg.logf("built %s: %d files in %s", browser, br.Files, dir)
	}
	rep.DurationMS = time.Since(start).Milliseconds()
	if err := rep.write(filepath.Join(cfg.Out, "build-report.json")); err != nil {
		return nil, err
	}
	return rep, nil
}

// checkOut refuses output directories that would make the build delete
// or overwrite the sources.
func checkOut(root, out string) error {
	r, err1 := filepath.Abs(root)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if o == r || strings.HasPrefix(r+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("output directory %s would contain the sources", out)
	}
	ext := filepath.Join(r, "extension")
	if o == ext || strings.HasPrefix(o, ext+string(filepath.Separator)) {
		return fmt.Errorf("output directory %s is inside extension/", out)
	}
	return nil
}

// archiveEpoch is the modification time stamped on every archive entry.
func archiveEpoch(t time.Time) (time.Time, error) {
	if !t.IsZero() {
		return t.UTC(), nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: %w", s, err)
		}
		t = time.Unix(n, 0).UTC()
		if t.Year() < 1980 { // the zip format cannot say earlier
			t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return t, nil
	}
	return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil
}

func readVersion(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "VERSION"))
	if err != nil {
		return "", err
	}
	v := strings.TrimSpace(string(b))
	if !versionRE.MatchString(v) {
		return "", fmt.Errorf("VERSION %q is not 1 to 4 dot-separated integers (what browsers accept)", v)
	}
	return v, nil
}

type sources struct {
	files     map[string][]byte // slash paths relative to extension/
	manifests map[string][]byte // manifest.json and manifest.<browser>.json at the root
}

// shipped reports whether a source file goes into the package: tests,
// Markdown and dotfiles stay behind.
func shipped(rel string) bool {
	base := path.Base(rel)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, ".md") || strings.Contains(base, ".test.") {
		return false
	}
	for _, dir := range strings.Split(path.Dir(rel), "/") {
		if strings.HasPrefix(dir, ".") && dir != "." || dir == "node_modules" {
			return false
		}
	}
	return true
}

var manifestRE = regexp.MustCompile(`^manifest(\.[a-z0-9]+)?\.json$`)

func readSources(dir string) (*sources, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: extension source directory not found", dir)
	}
	s := &sources{files: map[string][]byte{}, manifests: map[string][]byte{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && !shipped(rel+"/x") {
				return filepath.SkipDir
			}
			return nil
		}
		if !shipped(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if manifestRE.MatchString(rel) {
			s.manifests[rel] = data
			return nil
		}
		s.files[rel] = data
		return nil
	})
	return s, err
}

// syncDir makes dir hold exactly files: it rewrites changed files and
// removes stale ones, so an unpacked extension loaded in a browser stays
// at the same path across builds.
func syncDir(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var stale, dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				dirs = append(dirs, p)
			}
			return nil
		}
		if _, ok := files[rel]; !ok || !d.Type().IsRegular() {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(p, data); err != nil {
			return err
		}
	}
	// Deepest first, so emptied parents go too; non-empty ones stay.
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if ents, err := os.ReadDir(d); err == nil && len(ents) == 0 {
			os.Remove(d)
		}
	}
	return nil
}

func removeStaleArchives(out, browser, keep string) error {
	old, err := filepath.Glob(filepath.Join(out, "certscope-"+browser+"-*"+archiveExt[browser]))
	if err != nil {
		return err
	}
	for _, p := range old {
		if filepath.Base(p) != keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeAtomic replaces p in one step, so a browser or test reading the
// package never sees a half-written file.
func writeAtomic(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-"+filepath.Base(p)+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
