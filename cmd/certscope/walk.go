package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/certscope/certscope/internal/config"
)

// checkedExts are the files a directory walk picks up.
var checkedExts = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".md": true, ".markdown": true, ".txt": true}

// ignoreFile lists paths a walk skips, one gitignore-like glob a line,
// relative to its directory.
const ignoreFile = ".certscopeignore"

// walk lists the checkable files under dir in name order, skipping hidden
// directories, node_modules and what .certscopeignore files (in dir, the
// directories above it, and any below) name.
func walk(dir string) ([]string, error) {
	type ignore struct {
		dir      string
		patterns []string
	}
	var ignores []ignore
	// Those above dir (and dir itself) apply to the whole walk.
	if abs, err := filepath.Abs(dir); err == nil {
		for d := abs; ; d = filepath.Dir(d) {
			if ps := readIgnore(d); len(ps) > 0 {
				ignores = append(ignores, ignore{d, ps})
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	ignored := func(p string) bool {
		abs, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		for _, ig := range ignores {
			rel, err := filepath.Rel(ig.dir, abs)
			if err == nil && !strings.HasPrefix(rel, "..") && config.MatchAny(ig.patterns, filepath.ToSlash(rel)) {
				return true
			}
		}
		return false
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != dir && (strings.HasPrefix(name, ".") || name == "node_modules") || p != dir && ignored(p) {
				return filepath.SkipDir
			}
			if p != dir {
				if ps := readIgnore(p); len(ps) > 0 {
					abs, _ := filepath.Abs(p)
					ignores = append(ignores, ignore{abs, ps})
				}
			}
			return nil
		}
		if checkedExts[strings.ToLower(filepath.Ext(p))] && d.Type().IsRegular() && !ignored(p) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

func readIgnore(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, ignoreFile))
	if err != nil {
		return nil
	}
	return strings.Split(string(b), "\n")
}

// glob expands a pattern; "**" matches any number of directories (Go's
// filepath.Glob has no "**"). Only files are returned, in name order.
func glob(pattern string) ([]string, error) {
	if !strings.Contains(pattern, "**") {
		ms, err := filepath.Glob(pattern)
		return regular(ms), err
	}
	root := pattern[:strings.Index(pattern, "**")]
	root = filepath.Dir(root + "x")
	var out []string
	pat := strings.Split(filepath.ToSlash(filepath.Clean(pattern)), "/")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if matchElems(pat, strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func regular(ms []string) []string {
	var out []string
	for _, m := range ms {
		if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() {
			out = append(out, m)
		}
	}
	return out
}

// matchElems matches path elements exactly (unlike config.MatchAny, a
// pattern must match the whole path).
func matchElems(pat, el []string) bool {
	if len(pat) == 0 {
		return len(el) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(el); i++ {
			if matchElems(pat[1:], el[i:]) {
				return true
			}
		}
		return false
	}
	if len(el) == 0 {
		return false
	}
	if ok, _ := filepath.Match(pat[0], el[0]); !ok {
		return false
	}
	return matchElems(pat[1:], el[1:])
}
