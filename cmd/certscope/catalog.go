package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/kb"
)

// formatFlag parses the only flag of packs and schemes: --format text|json.
func formatFlag(name string, args []string, stderr io.Writer) (format string, rest []string, code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := fs.String("format", "text", "output format: text or json")
	fs.Usage = func() {
		arg := ""
		if name == "schemes" {
			arg = " [ID]"
		}
		fmt.Fprintf(fs.Output(), "usage: certscope %s [--format text|json]%s\n", name, arg)
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nexit status: 0 done, 2 usage error or unknown id")
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", nil, exitClean, false
			}
			return "", nil, exitUsage, false
		}
		a := fs.Args()
		if len(a) == 0 {
			break
		}
		rest = append(rest, a[0])
		args = a[1:]
	}
	if *f != "text" && *f != "json" {
		fmt.Fprintf(stderr, "certscope %s: unknown format %q (valid: text, json)\n", name, *f)
		return "", nil, exitUsage, false
	}
	return *f, rest, exitClean, true
}

func writeJSON(w io.Writer, v any) error {
	e := json.NewEncoder(w)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	return e.Encode(v)
}

// packsCmd lists the rule packs and their rules.
func packsCmd(args []string, stdout, stderr io.Writer) int {
	format, rest, code, ok := formatFlag("packs", args, stderr)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "certscope packs: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	eng := engine.Default()
	packs, rules := eng.Packs(), eng.Rules()
	if format == "json" {
		if err := writeJSON(stdout, struct {
			Packs []engine.PackInfo `json:"packs"`
			Rules []engine.RuleInfo `json:"rules"`
		}{packs, rules}); err != nil {
			fmt.Fprintf(stderr, "certscope packs: %v\n", err)
			return exitUsage
		}
		return exitClean
	}
	byPack := map[string][]engine.RuleInfo{}
	for _, r := range rules {
		byPack[r.Pack] = append(byPack[r.Pack], r)
	}
	for i, p := range packs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		state := "off"
		if p.Default {
			state = "on"
		}
		fmt.Fprintf(stdout, "%s (default %s): %s\n", p.ID, state, oneLine(p.Description))
		for _, r := range byPack[p.ID] {
			fmt.Fprintf(stdout, "  %-7s %s  %s\n", r.Severity, r.ID, oneLine(r.Title))
			for _, s := range r.Sources {
				fmt.Fprintf(stdout, "          %s\n", s.URL)
			}
		}
	}
	return exitClean
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// schemesCmd lists the knowledge base, or prints one scheme in full.
func schemesCmd(args []string, stdout, stderr io.Writer) int {
	format, rest, code, ok := formatFlag("schemes", args, stderr)
	if !ok {
		return code
	}
	if err := kb.Validate(); err != nil {
		fmt.Fprintf(stderr, "certscope schemes: %v\n", err)
		return exitUsage
	}
	switch len(rest) {
	case 0:
		all := kb.All()
		if format == "json" {
			return jsonOrFail(stdout, stderr, struct {
				Schemes []kb.Scheme `json:"schemes"`
			}{all})
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, s := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.ID, s.Scope, s.Name)
		}
		tw.Flush()
		return exitClean
	case 1:
		s, found := kb.Get(rest[0])
		if !found {
			fmt.Fprintf(stderr, "certscope schemes: unknown scheme %q\n", rest[0])
			if near := closeIDs(rest[0], 5); len(near) > 0 {
				fmt.Fprintf(stderr, "did you mean: %s\n", strings.Join(near, ", "))
			}
			fmt.Fprintln(stderr, "run 'certscope schemes' for the full list")
			return exitUsage
		}
		if format == "json" {
			return jsonOrFail(stdout, stderr, s)
		}
		printScheme(stdout, s)
		return exitClean
	default:
		fmt.Fprintln(stderr, "usage: certscope schemes [--format text|json] [ID]")
		return exitUsage
	}
}

func jsonOrFail(stdout, stderr io.Writer, v any) int {
	if err := writeJSON(stdout, v); err != nil {
		fmt.Fprintf(stderr, "certscope schemes: %v\n", err)
		return exitUsage
	}
	return exitClean
}

func printScheme(w io.Writer, s kb.Scheme) {
	fmt.Fprintf(w, "%s\n%s\n", s.Name, s.ID)
	fmt.Fprintf(w, "Scope:       %s\n", s.Scope)
	if len(s.Aliases) > 0 {
		fmt.Fprintf(w, "Also called: %s\n", strings.Join(s.Aliases, "; "))
	}
	fmt.Fprintf(w, "Covers:      %s\n", s.Covers)
	if s.NotMeaning != "" {
		fmt.Fprintf(w, "Not meaning: %s\n", s.NotMeaning)
	}
	if s.Issuer != "" {
		fmt.Fprintf(w, "Issuer:      %s\n", s.Issuer)
	}
	if s.Register != nil {
		fmt.Fprintf(w, "Register:    %s <%s>\n", s.Register.Name, s.Register.URL)
	}
	if s.Validity != "" {
		fmt.Fprintf(w, "Validity:    %s\n", s.Validity)
	}
	if len(s.Dates) > 0 {
		fmt.Fprintln(w, "Dates:")
		for _, d := range s.Dates {
			fmt.Fprintf(w, "  %s  %s\n", d.Date, d.Fact)
			if d.Source != "" {
				fmt.Fprintf(w, "              <%s>\n", d.Source)
			}
		}
	}
	fmt.Fprintln(w, "Sources:")
	for _, src := range s.Sources {
		fmt.Fprintf(w, "  %s <%s>\n", src.Title, src.URL)
		if src.Quote != "" {
			fmt.Fprintf(w, "    %q\n", src.Quote)
		}
	}
}

// closeIDs suggests scheme ids near q: ids containing it (or contained in
// it), then ids within a small edit distance, best first.
func closeIDs(q string, limit int) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	type cand struct {
		id   string
		dist int
	}
	var cs []cand
	for _, s := range kb.All() {
		d := editDistance(q, s.ID)
		switch {
		case strings.Contains(s.ID, q) || strings.Contains(q, s.ID):
			d = 0
		case d > max(2, len(q)/3):
			continue
		}
		cs = append(cs, cand{s.ID, d})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].dist < cs[j].dist })
	var out []string
	for i := 0; i < len(cs) && i < limit; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ar, br := []rune(a), []rune(b)
	prev := make([]int, len(br)+1)
	cur := make([]int, len(br)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ar); i++ {
		cur[0] = i
		for j := 1; j <= len(br); j++ {
			cost := 1
			if ar[i-1] == br[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(br)]
}
