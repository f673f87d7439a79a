//go:build !(js && wasm)

package kb

// Validation is native-only (the CLI's schemes command and tests): fmt
// and net/url would add 190 KB to engine.wasm.

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Validate checks every scheme: required fields, a scope from Scopes, unique
// ids, YYYY-MM-DD dates, http(s) URLs and at least one https source with a
// quote. It returns all problems found, joined.
func Validate() error {
	loadOnce.Do(load)
	if loadErr != nil {
		return loadErr
	}
	return validate(schemes)
}

func validate(list []Scheme) error {
	var errs []error
	bad := func(id, format string, args ...any) {
		errs = append(errs, fmt.Errorf("kb: %s: %s", id, fmt.Sprintf(format, args...)))
	}
	seen := map[string]bool{}
	nameOf := map[string]string{} // scan name (lower case) -> scheme id
	for _, s := range list {
		id := s.ID
		if id == "" {
			bad("?", "missing id")
		}
		if seen[id] {
			bad(id, "duplicate id")
		}
		seen[id] = true
		if s.Name == "" {
			bad(id, "missing name")
		}
		for _, n := range s.Names {
			if err := CheckPattern(n); err != nil {
				bad(id, "name %q: %v", n, err)
			}
			if other, dup := nameOf[strings.ToLower(n)]; dup {
				bad(id, "name %q also used by %s", n, other)
			}
			nameOf[strings.ToLower(n)] = id
		}
		if s.Evidence != "" && !slices.Contains(Evidences, s.Evidence) {
			bad(id, "evidence %q not in %v", s.Evidence, Evidences)
		}
		if !validScope(s.Scope) {
			bad(id, "scope %q not in %v", s.Scope, Scopes)
		}
		if strings.TrimSpace(s.Covers) == "" {
			bad(id, "missing covers")
		}
		if s.Register != nil && (s.Register.Name == "" || !isURL(s.Register.URL, false)) {
			bad(id, "bad register %+v", *s.Register)
		}
		for _, d := range s.Dates {
			if _, err := time.Parse("2006-01-02", d.Date); err != nil {
				bad(id, "date %q is not YYYY-MM-DD", d.Date)
			}
			if d.Fact == "" {
				bad(id, "date %s has no fact", d.Date)
			}
			if d.Source != "" && !isURL(d.Source, false) {
				bad(id, "date %s: bad source URL %q", d.Date, d.Source)
			}
		}
		if _, err := time.Parse("2006-01-02", s.Checked); err != nil {
			bad(id, "checked %q is not YYYY-MM-DD", s.Checked)
		}
		for _, f := range s.Unverified {
			if !slices.Contains(UnverifiedFields, f) {
				bad(id, "unverified %q not in %v", f, UnverifiedFields)
			}
		}
		https := false
		for _, src := range s.Sources {
			if src.Title == "" || !isURL(src.URL, false) {
				bad(id, "bad source %+v", src)
			}
			if isURL(src.URL, true) && strings.TrimSpace(src.Quote) != "" {
				https = true
			}
		}
		if !https {
			bad(id, "needs at least one https source with a quote")
		}
	}
	return errors.Join(errs...)
}

func validScope(s string) bool {
	for _, v := range Scopes {
		if s == v {
			return true
		}
	}
	return false
}

// isURL reports whether u is an absolute http(s) URL (https only if strict).
func isURL(u string, httpsOnly bool) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	return p.Scheme == "https" || (!httpsOnly && p.Scheme == "http")
}
