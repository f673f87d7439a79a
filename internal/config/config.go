// Package config reads .certscope.yaml, the CLI's per-project settings,
// found in the checked file's directory or the nearest one above it.
//
//	packs: [absolutes, nonexistent]   # only these packs (default: the default packs)
//	rules:
//	  disable: [absolutes/unhackable] # rules switched off
//	  severity:                       # severity overrides: high, medium or info
//	    stale/lapsed-standard: info
//	ignore: ["drafts/**", "*.tmp.md"] # paths not checked (relative to the file's directory)
//	accept:                           # sentences accepted as they are
//	  - "Our platform is unhackable by design."
//	fail-on: medium                   # as --fail-on
//	code: false                       # check Markdown code blocks
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Names are the file names looked for, in order.
var Names = []string{".certscope.yaml", ".certscope.yml"}

// Config is one .certscope.yaml.
type Config struct {
	Packs []string `yaml:"packs"`
	Rules struct {
		Disable  []string          `yaml:"disable"`
		Severity map[string]string `yaml:"severity"`
	} `yaml:"rules"`
	Ignore []string `yaml:"ignore"`
	Accept []string `yaml:"accept"`
	FailOn string   `yaml:"fail-on"`
	Code   bool     `yaml:"code"`

	// Dir is the directory the file is in; Path the file itself.
	Dir, Path string `yaml:"-"`

	accepted map[string]bool
}

// Find returns the path of the config file in dir or the nearest directory
// above it, or "" if there is none.
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, n := range Names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// Load reads and validates a config file.
func Load(p string) (*Config, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return Parse(b, p)
}

// Parse reads a config from b; name is used in errors and as Path.
func Parse(b []byte, name string) (*Config, error) {
	c := &Config{Path: name, Dir: filepath.Dir(name)}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // empty file: empty config
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for rule, sev := range c.Rules.Severity {
		switch sev {
		case "high", "medium", "info":
		default:
			return nil, fmt.Errorf("%s: rules.severity.%s: %q is not high, medium or info", name, rule, sev)
		}
	}
	switch c.FailOn {
	case "", "high", "medium", "info", "none":
	default:
		return nil, fmt.Errorf("%s: fail-on: %q is not high, medium, info or none", name, c.FailOn)
	}
	for _, g := range c.Ignore {
		if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
			return nil, fmt.Errorf("%s: ignore: bad pattern %q", name, g)
		}
	}
	c.accepted = map[string]bool{}
	for _, s := range c.Accept {
		c.accepted[Normalize(s)] = true
	}
	return c, nil
}

// Accepted reports whether a finding's sentence is on the accept list
// (compared with Normalize).
func (c *Config) Accepted(sentence string) bool {
	return c != nil && len(c.accepted) > 0 && c.accepted[Normalize(sentence)]
}

// Normalize folds case and runs of white space and trims the sentence, so
// an accepted sentence matches however the page wraps it.
func Normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Ignored reports whether the file at p (a path as given on the command
// line) matches one of the ignore globs, relative to the config's
// directory. "**" matches any number of directories.
func (c *Config) Ignored(p string) bool {
	if c == nil || len(c.Ignore) == 0 {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	dir, _ := filepath.Abs(c.Dir)
	rel, err := filepath.Rel(dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	return MatchAny(c.Ignore, filepath.ToSlash(rel))
}

// MatchAny matches a slash-separated relative path against gitignore-like
// globs: a pattern without "/" matches any path element (so "drafts"
// ignores a directory anywhere); "**" matches zero or more elements; a
// pattern ending in "/" or naming a directory covers what is under it.
func MatchAny(patterns []string, rel string) bool {
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		p = strings.TrimPrefix(strings.TrimSuffix(p, "/"), "/")
		if !strings.Contains(p, "/") {
			for _, el := range strings.Split(rel, "/") {
				if ok, _ := path.Match(p, el); ok {
					return true
				}
			}
			continue
		}
		if globMatch(strings.Split(p, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path elements, "**" standing for any number of them;
// a pattern that matches a leading part of the path covers the rest.
func globMatch(pat, el []string) bool {
	if len(pat) == 0 {
		return true // a directory pattern covers everything under it
	}
	if pat[0] == "**" {
		for i := 0; i <= len(el); i++ {
			if globMatch(pat[1:], el[i:]) {
				return true
			}
		}
		return false
	}
	if len(el) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], el[0]); !ok {
		return false
	}
	return globMatch(pat[1:], el[1:])
}
