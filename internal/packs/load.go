//go:build !(js && wasm)

package packs

// Loading and validating the JSON pack files is for native builds: the
// CLI, tests and the generator of embedded_gen.go. js/wasm builds (the
// extension's engine.wasm and the Worker) use only the generated Go data,
// which keeps encoding/json, fmt and the JSON text out of them;
// TestGenerated fails while the generated data is stale.

//go:generate go test -run ^TestGenerated$ . -update

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// dataHash is the FNV-1a hash of the embedded JSON files, by name order.
func dataHash() uint64 {
	h := fnv.New64a()
	names, _ := fs.Glob(dataFS, "data/*.json")
	sort.Strings(names)
	for _, n := range names {
		b, _ := dataFS.ReadFile(n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

//go:embed data/*.json
var dataFS embed.FS

// Error names where broken pack data is broken.
type Error struct {
	File, Rule, Field, Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("packs: ")
	b.WriteString(e.File)
	if e.Rule != "" {
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Load parses and validates the embedded packs afresh (Embedded caches
// its result).
func Load() (*Set, error) { return loadFS(dataFS, "data") }

func loadFS(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	if err := kb.Load(); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		files[e.Name()] = b
	}
	return Build(kb.All(), files)
}

// Build parses pack files (name -> JSON) against the knowledge base's
// schemes into a Set, checking scheme references and rule-id uniqueness
// across packs.
func Build(schemes []kb.Scheme, files map[string][]byte) (*Set, error) {
	known := map[string]bool{}
	for _, s := range schemes {
		known[s.ID] = true
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	set := &Set{Schemes: schemes}
	seen := map[string]string{}
	packIDs := map[string]string{}
	for _, n := range names {
		p, err := ParseWith(n, files[n], func(id string) bool { return known[id] })
		if err != nil {
			return nil, err
		}
		if f, dup := packIDs[p.ID]; dup {
			return nil, &Error{File: n, Field: "pack", Msg: fmt.Sprintf("pack %q already defined in %s", p.ID, f)}
		}
		packIDs[p.ID] = n
		for _, r := range p.Rules {
			if f, dup := seen[r.ID]; dup {
				return nil, &Error{File: n, Rule: r.ID, Field: "id", Msg: "duplicate rule id (also in " + f + ")"}
			}
			seen[r.ID] = n
		}
		set.Packs = append(set.Packs, *p)
	}
	return set, nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

// ParseWith parses and validates one pack file; knownScheme says whether a
// scheme id exists.
func ParseWith(name string, data []byte, knownScheme func(string) bool) (*Pack, error) {
	var p Pack
	if err := decodeStrict(data, &p); err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	if !validID(p.ID) {
		return nil, &Error{File: name, Field: "pack", Msg: "want a lower-case id"}
	}
	if strings.TrimSpace(p.Name) == "" {
		return nil, &Error{File: name, Field: "name", Msg: "required"}
	}
	if strings.TrimSpace(p.Description) == "" {
		return nil, &Error{File: name, Field: "description", Msg: "required"}
	}
	if len(p.Rules) == 0 {
		return nil, &Error{File: name, Field: "rules", Msg: "a pack needs at least one rule"}
	}
	seen := map[string]bool{}
	for i := range p.Rules {
		r := &p.Rules[i]
		r.Pack = p.ID
		if err := checkRule(r, knownScheme); err != nil {
			err.File = name
			if err.Rule == "" {
				err.Rule = r.ID
			}
			return nil, err
		}
		if seen[r.ID] {
			return nil, &Error{File: name, Rule: r.ID, Field: "id", Msg: "duplicate rule id"}
		}
		seen[r.ID] = true
	}
	return &p, nil
}

func checkRule(r *Rule, knownScheme func(string) bool) *Error {
	bad := func(field, msg string) *Error { return &Error{Rule: r.ID, Field: field, Msg: msg} }
	if !strings.HasPrefix(r.ID, r.Pack+"/") || !validID(strings.TrimPrefix(r.ID, r.Pack+"/")) {
		if r.ID == "" {
			return bad("id", "required")
		}
		return bad("id", fmt.Sprintf("want %q followed by a lower-case name", r.Pack+"/"))
	}
	if !contains(Kinds, r.Kind) {
		return bad("kind", fmt.Sprintf("unknown check kind %q (known: %s)", r.Kind, strings.Join(Kinds, ", ")))
	}
	switch r.Severity {
	case "high", "medium", "info":
	default:
		return bad("severity", fmt.Sprintf("%q is not high, medium or info", r.Severity))
	}
	for _, s := range r.Schemes {
		if !knownScheme(s) {
			return bad("schemes", fmt.Sprintf("unknown scheme id %q", s))
		}
	}
	for _, s := range r.UnlessSchemes {
		if !knownScheme(s) {
			return bad("unless_schemes", fmt.Sprintf("unknown scheme id %q", s))
		}
	}
	for _, t := range r.Terms {
		if err := kb.CheckPattern(t); err != nil {
			return bad("terms", fmt.Sprintf("%q: %v", t, err))
		}
	}
	for _, v := range r.Verbs {
		if !contains(Verbs, v) {
			return bad("verbs", fmt.Sprintf("unknown verb class %q (known: %s)", v, strings.Join(Verbs, ", ")))
		}
	}
	for _, w := range append(append([]string(nil), r.Near...), r.Unless...) {
		if !validWord(w) {
			return bad("near/unless", fmt.Sprintf("%q: want one lower-case word", w))
		}
	}
	switch r.Target {
	case "", "product":
	case "platform":
		if r.Kind != KindScope {
			return bad("target", "only scope rules have a target")
		}
	default:
		return bad("target", fmt.Sprintf("%q is not product or platform", r.Target))
	}
	switch r.Kind {
	case KindTerm:
		if len(r.Terms) == 0 {
			return bad("terms", "a term rule needs terms")
		}
	case KindEndorsement:
		if len(r.Terms) == 0 && len(r.Schemes) == 0 {
			return bad("terms", "an endorsement rule needs terms or schemes (agencies)")
		}
	default:
		if len(r.Schemes) == 0 {
			return bad("schemes", "a "+r.Kind+" rule needs schemes")
		}
	}
	if r.Kind == KindStale && len(r.Versions) == 0 && r.InvalidAfter == "" && r.MaxAgeDays == 0 && !r.Expiry {
		return bad("versions", "a stale rule needs versions, invalid_after, max_age_days or expiry")
	}
	if r.MaxAgeDays < 0 {
		return bad("max_age_days", "must not be negative")
	}
	for i := range r.Versions {
		v := &r.Versions[i]
		if !validVersion(v.Version) {
			return bad("versions", fmt.Sprintf("%q: want digits and dots", v.Version))
		}
		t, err := time.Parse("2006-01-02", v.InvalidAfter)
		if err != nil {
			return bad("versions", fmt.Sprintf("invalid_after %q: want YYYY-MM-DD", v.InvalidAfter))
		}
		v.After = t
		if !validURL(v.Source) {
			return bad("versions", fmt.Sprintf("source %q: want an http(s) URL", v.Source))
		}
	}
	if r.InvalidAfter != "" {
		t, err := time.Parse("2006-01-02", r.InvalidAfter)
		if err != nil {
			return bad("invalid_after", "want YYYY-MM-DD")
		}
		r.After = t
	}
	if r.Until != "" {
		t, err := time.Parse("2006-01-02", r.Until)
		if err != nil {
			return bad("until", "want YYYY-MM-DD")
		}
		r.Before = t
	}
	for field, v := range map[string]string{"title": r.Title, "message": r.Message, "explanation": r.Explanation} {
		if strings.TrimSpace(v) == "" {
			return bad(field, "required")
		}
	}
	if len(r.Sources) == 0 {
		return bad("sources", "at least one source with a URL is required")
	}
	for _, s := range r.Sources {
		if err := checkSource(s); err != nil {
			return bad("sources", err.Error())
		}
	}
	if r.Verify != nil {
		if err := checkVerify(*r.Verify); err != nil {
			return bad("verify", err.Error())
		}
	}
	for i, v := range r.Variants {
		field := fmt.Sprintf("variants[%d]", i)
		if len(v.Schemes)+len(v.Evidence)+len(v.Scopes) == 0 {
			return bad(field, "a variant needs schemes, evidence or scopes")
		}
		for _, s := range v.Schemes {
			if !knownScheme(s) || !contains(r.Schemes, s) {
				return bad(field, fmt.Sprintf("scheme %q is not one of the rule's schemes", s))
			}
		}
		for _, e := range v.Evidence {
			if !contains(kb.Evidences, e) {
				return bad(field, fmt.Sprintf("evidence %q is not one of %s", e, strings.Join(kb.Evidences, ", ")))
			}
		}
		for _, s := range v.Scopes {
			if !contains(kb.Scopes, s) {
				return bad(field, fmt.Sprintf("scope %q is not one of %s", s, strings.Join(kb.Scopes, ", ")))
			}
		}
		for _, s := range v.Sources {
			if err := checkSource(s); err != nil {
				return bad(field, err.Error())
			}
		}
	}
	if len(r.Examples.Flag) == 0 {
		return bad("examples", "at least one flag example is required")
	}
	if r.Examples.Date != "" {
		if _, err := time.Parse("2006-01-02", r.Examples.Date); err != nil {
			return bad("examples", "date: want YYYY-MM-DD")
		}
	}
	return nil
}

func checkSource(s Source) error {
	if strings.TrimSpace(s.Title) == "" {
		return fmt.Errorf("a source needs a title")
	}
	if !validURL(s.URL) {
		return fmt.Errorf("source %q: url %q is not an http(s) URL", s.Title, s.URL)
	}
	return nil
}

func checkVerify(v Register) error {
	if strings.TrimSpace(v.Name) == "" || !validURL(v.URL) {
		return fmt.Errorf("verify needs a name and an http(s) URL")
	}
	return nil
}

func validURL(u string) bool {
	return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && len(u) > 10 && !strings.ContainsAny(u, " \t\n")
}

func validID(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func validWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '\'') {
			return false
		}
	}
	return true
}

func validVersion(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
