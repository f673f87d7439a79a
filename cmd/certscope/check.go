package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/config"
	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/htmltext"
)

// fileResult is one file's findings in the json and jsonl formats. The
// offsets in the findings refer to the extracted text (UTF-16 code units).
type fileResult struct {
	File     string           `json:"file"`
	Findings []engine.Finding `json:"findings"`
}

// lineResult is one output line of --jsonl input mode.
type lineResult struct {
	ID       json.RawMessage  `json:"id"`
	Findings []engine.Finding `json:"findings"`
	Error    string           `json:"error,omitempty"`
}

type checkFlags struct {
	format    string
	packs     []string
	disable   []string
	date      time.Time
	jsonlIn   bool
	failOn    string // high, medium, info or none; "" = from config, else info
	stdinType string
	code      bool
	noConfig  bool
	compact   bool
	config    string
	site      string
	files     []string
}

// report is one checked file: its findings and each one's source position
// (line and column of the claim, 1-based, columns in characters).
type report struct {
	file          string
	findings      []engine.Finding
	pos           [][2]int
	verifications []engine.Verification // claims the registers support
}

const checkUsage = `usage: certscope check [flags] [FILE|DIR|GLOB|-]...

Checks HTML (.html, .htm, .xhtml: its visible text), Markdown (.md,
.markdown: code blocks left out unless --code) or plain text; "-" or no
argument reads standard input (HTML if it starts with "<", else text, or as
--stdin-type says). A directory is walked for .html, .htm, .xhtml, .md,
.markdown and .txt files, skipping hidden directories, node_modules and what
.certscopeignore (gitignore-like globs, in the directory or above) lists.
Settings come from the nearest .certscope.yaml above each file (see
docs/ci.md); flags win.

Silence a finding in HTML or Markdown with a comment:
  <!-- certscope-disable [rule-id ...] --> ... <!-- certscope-enable -->
  <!-- certscope-disable-next-line [rule-id ...] -->

Formats: text (file:line:col: severity rule message, summary on stderr),
json (schema v1 findings, plus "line"/"column" in the source file), jsonl
(one {"file","findings"} per line), sarif (SARIF 2.1.0), github (workflow
annotation commands).

Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 usage,
input or output error (an input error wins over findings).

flags:
`

func checkCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cf, code, ok := parseCheckFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	eng := engine.Default()
	if err := validatePacks(eng, cf.packs); err != nil {
		fmt.Fprintf(stderr, "certscope check: %v\n", err)
		return exitUsage
	}
	if err := validateRules(eng, cf.disable); err != nil {
		fmt.Fprintf(stderr, "certscope check: %v\n", err)
		return exitUsage
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	if cf.jsonlIn {
		opt := engine.Options{Packs: cf.packs, Date: cf.date, DisableRules: cf.disable, Site: cf.site}
		status := checkJSONL(eng, opt, cf.files, cf.compact, stdin, w, stderr)
		if err := w.Flush(); err != nil {
			fmt.Fprintf(stderr, "certscope check: writing output: %v\n", err)
			return exitUsage
		}
		return status
	}

	c := &checker{eng: eng, cf: cf, stdin: stdin, stderr: stderr, configs: map[string]*config.Config{}}
	files, inputErr := c.expand(cf.files)
	out := newEmitter(cf.format, w, eng)
	if j, ok := out.(*jsonlEmitter); ok {
		j.compact = cf.compact
	}
	status := exitClean
	if inputErr {
		status = exitUsage
	}
	total, withFindings := 0, 0
	for _, name := range files {
		rep, failOn, err := c.checkFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "certscope check: %v\n", err)
			status = exitUsage
			continue
		}
		if len(rep.findings) > 0 {
			withFindings++
		}
		total += len(rep.findings)
		if status == exitClean && fails(rep.findings, failOn) {
			status = exitFindings
		}
		out.file(rep)
		// A write error (a full disk, a closed pipe) stops the run.
		if w.Size() > 0 && werr(w) != nil {
			break
		}
	}
	out.end()
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "certscope check: writing output: %v\n", err)
		return exitUsage
	}
	if cf.format == "text" {
		// After the findings (stdout is flushed above), so a terminal shows
		// it last.
		fmt.Fprintf(stderr, "certscope: %d %s in %d of %d %s\n", total, plural(total, "finding", "findings"),
			withFindings, len(files), plural(len(files), "file", "files"))
	}
	return status
}

// werr returns the sticky error of a bufio.Writer without writing.
func werr(w *bufio.Writer) error {
	_, err := w.Write(nil)
	return err
}

// severityRank orders severities for --fail-on.
var severityRank = map[string]int{engine.SeverityInfo: 1, engine.SeverityMedium: 2, engine.SeverityHigh: 3, "none": 99}

// fails reports whether any finding is at or above the threshold.
func fails(fs []engine.Finding, failOn string) bool {
	min := severityRank[failOn]
	for _, f := range fs {
		if severityRank[f.Severity] >= min {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseCheckFlags parses flags, which may come before or after the files.
// It returns ok=false with the exit status to use when parsing stops.
func parseCheckFlags(args []string, stdout, stderr io.Writer) (cf checkFlags, code int, ok bool) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output `format`: text, json, jsonl, sarif or github")
	packs := fs.String("packs", "", "comma-separated `packs` to enable (default: the packs that are on by default)")
	disable := fs.String("disable", "", "comma-separated `rule-ids` to switch off")
	date := fs.String("date", "", "today's date for date-aware rules, YYYY-MM-DD (default: the real date)")
	fs.StringVar(&cf.failOn, "fail-on", "", "lowest `severity` that makes the exit status 1: high, medium, info or none (default info)")
	fs.StringVar(&cf.stdinType, "stdin-type", "", "what standard input holds: markdown, html or text (default: HTML if it starts with \"<\", else text)")
	fs.BoolVar(&cf.code, "code", false, "also check Markdown code blocks")
	fs.StringVar(&cf.config, "config", "", "use this config `file` instead of the nearest .certscope.yaml")
	fs.BoolVar(&cf.noConfig, "no-config", false, "ignore .certscope.yaml files")
	fs.BoolVar(&cf.compact, "compact", false, `with jsonl output: each card (rule x scheme) once per line in "cards", findings refer to it by index`)
	fs.StringVar(&cf.site, "site", "", "`host` of the page the text comes from, to check FIPS 140 and FedRAMP claims against the registers (default for HTML: its canonical link, og:url or og:site_name)")
	fs.BoolVar(&cf.jsonlIn, "jsonl", false, `read JSON lines {"id": ..., "text": ...} and write {"id": ..., "findings": [...]} per line`)
	help := false
	fs.BoolVar(&help, "h", false, "show this help")
	fs.BoolVar(&help, "help", false, "show this help")
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		fs.PrintDefaults()
	}
	for {
		if err := fs.Parse(args); err != nil {
			return cf, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		cf.files = append(cf.files, rest[0])
		args = rest[1:]
	}
	if help {
		fs.SetOutput(stdout)
		fmt.Fprint(stdout, checkUsage)
		fs.PrintDefaults()
		return cf, exitClean, false
	}
	switch *format {
	case "text", "json", "jsonl", "sarif", "github":
		cf.format = *format
	default:
		fmt.Fprintf(stderr, "certscope check: unknown format %q (valid: text, json, jsonl, sarif, github)\n", *format)
		return cf, exitUsage, false
	}
	if cf.compact && cf.format != "jsonl" && !cf.jsonlIn {
		fmt.Fprintln(stderr, "certscope check: --compact goes with --format jsonl or --jsonl")
		return cf, exitUsage, false
	}
	switch cf.failOn {
	case "", "high", "medium", "info", "none":
	default:
		fmt.Fprintf(stderr, "certscope check: bad --fail-on %q (valid: high, medium, info, none)\n", cf.failOn)
		return cf, exitUsage, false
	}
	switch cf.stdinType {
	case "", kindHTML, kindMarkdown, kindText:
	case "md":
		cf.stdinType = kindMarkdown
	default:
		fmt.Fprintf(stderr, "certscope check: bad --stdin-type %q (valid: markdown, html, text)\n", cf.stdinType)
		return cf, exitUsage, false
	}
	cf.packs = splitList(*packs)
	cf.disable = splitList(*disable)
	if *date != "" {
		d, err := time.Parse("2006-01-02", *date)
		if err != nil {
			fmt.Fprintf(stderr, "certscope check: bad --date %q: want YYYY-MM-DD\n", *date)
			return cf, exitUsage, false
		}
		cf.date = d
	}
	if len(cf.files) == 0 {
		cf.files = []string{"-"}
	}
	return cf, exitClean, true
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// validatePacks rejects unknown pack names up front, listing valid ones.
func validatePacks(eng *engine.Engine, names []string) error {
	var valid []string
	known := map[string]bool{}
	for _, p := range eng.Packs() {
		valid = append(valid, p.ID)
		known[p.ID] = true
	}
	for _, n := range names {
		if !known[n] {
			return &engine.UnknownPackError{Name: n, Valid: valid}
		}
	}
	return nil
}

// validateRules rejects unknown rule ids (see `certscope packs`).
func validateRules(eng *engine.Engine, ids []string) error {
	known := map[string]bool{}
	for _, r := range eng.Rules() {
		known[r.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return fmt.Errorf("unknown rule %q (see certscope packs)", id)
		}
	}
	return nil
}

// checker checks files with their configs.
type checker struct {
	eng     *engine.Engine
	cf      checkFlags
	stdin   io.Reader
	stderr  io.Writer
	configs map[string]*config.Config // by directory
}

// configFor returns the config that applies to a file (nil if none).
func (c *checker) configFor(name string) (*config.Config, error) {
	if c.cf.noConfig {
		return nil, nil
	}
	if c.cf.config != "" {
		if cfg, ok := c.configs[""]; ok {
			return cfg, nil
		}
		cfg, err := config.Load(c.cf.config)
		c.configs[""] = cfg
		return cfg, err
	}
	dir := "."
	if name != "-" {
		dir = filepath.Dir(name)
	}
	if cfg, ok := c.configs[dir]; ok {
		return cfg, nil
	}
	var cfg *config.Config
	if p := config.Find(dir); p != "" {
		var err error
		if cfg, err = config.Load(p); err != nil {
			return nil, err
		}
	}
	c.configs[dir] = cfg
	return cfg, nil
}

// checkFile reads, extracts and checks one file, applying its config and
// the inline disable comments, and returns the --fail-on threshold for it.
func (c *checker) checkFile(name string) (report, string, error) {
	cfg, err := c.configFor(name)
	if err != nil {
		return report{}, "", err
	}
	display := name
	var r io.Reader
	if name == "-" {
		display, r = stdinName, c.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return report{}, "", err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return report{}, "", fmt.Errorf("%s: is a directory", name)
		}
		r = f
	}
	src, err := readLimited(r, display)
	if err != nil {
		return report{}, "", err
	}
	if src, err = decodeInput(src, display); err != nil {
		return report{}, "", err
	}
	opt := engine.Options{Packs: c.cf.packs, Date: c.cf.date, DisableRules: c.cf.disable, Site: c.cf.site}
	failOn := c.cf.failOn
	xopt := htmltext.Options{CodeBlocks: c.cf.code}
	if cfg != nil {
		if len(opt.Packs) == 0 {
			opt.Packs = cfg.Packs
			if err := validatePacks(c.eng, opt.Packs); err != nil {
				return report{}, "", fmt.Errorf("%s: %v", cfg.Path, err)
			}
		}
		if err := validateRules(c.eng, cfg.Rules.Disable); err != nil {
			return report{}, "", fmt.Errorf("%s: %v", cfg.Path, err)
		}
		opt.DisableRules = append(opt.DisableRules[:len(opt.DisableRules):len(opt.DisableRules)], cfg.Rules.Disable...)
		if failOn == "" {
			failOn = cfg.FailOn
		}
		xopt.CodeBlocks = xopt.CodeBlocks || cfg.Code
	}
	if failOn == "" {
		failOn = engine.SeverityInfo
	}
	kind := kindOf(name, src, c.cf.stdinType)
	text := extract(kind, src, xopt)
	// The line index and the text's UTF-16 index (~10 ms on 16 MB) are
	// built on the other core while the engine runs.
	var li *htmltext.LineIndex
	var regions []htmltext.Region
	indexed := make(chan struct{})
	go func() {
		li = htmltext.NewLineIndex(src)
		text.ByteOffset(1)
		if kind != kindText {
			regions = htmltext.DisableRegions(src)
		}
		close(indexed)
	}()
	if opt.Site == "" && kind == kindHTML {
		opt.Site = htmlSite(src)
	}
	res, err := c.eng.Check(text.String(), opt)
	<-indexed
	if err != nil {
		return report{}, "", fmt.Errorf("%s: %w", display, err)
	}
	rep := report{file: display, findings: res.Findings[:0], pos: make([][2]int, 0, len(res.Findings)), verifications: res.Verifications}
	cur := li.Cursor()
	for _, f := range res.Findings {
		at := f.Claim.Start
		if f.Claim.End <= f.Claim.Start {
			at = f.Start
		}
		off := text.SourceOffset(text.ByteOffset(at))
		if len(regions) > 0 && htmltext.Silenced(regions, f.Rule, off) {
			continue
		}
		if cfg != nil {
			if cfg.Accepted(text.String()[text.ByteOffset(f.Start):text.ByteOffset(f.End)]) {
				continue
			}
			if s, ok := cfg.Rules.Severity[f.Rule]; ok {
				f.Severity = s
			}
		}
		l, col := cur.Position(off)
		rep.findings = append(rep.findings, f)
		rep.pos = append(rep.pos, [2]int{l, col})
	}
	return rep, failOn, nil
}

// expand turns the command line's arguments into files: directories are
// walked and globs matched, honouring .certscopeignore and the config's
// ignore list. It reports whether an argument matched nothing or failed.
func (c *checker) expand(args []string) (files []string, failed bool) {
	for _, a := range args {
		if a == "-" {
			files = append(files, a)
			continue
		}
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			fs, err := walk(a)
			if err != nil {
				fmt.Fprintf(c.stderr, "certscope check: %v\n", err)
				failed = true
			}
			files = append(files, c.notIgnored(fs)...)
		case err != nil && strings.ContainsAny(a, "*?["):
			fs, err := glob(a)
			if err != nil || len(fs) == 0 {
				fmt.Fprintf(c.stderr, "certscope check: %s: no files match\n", a)
				failed = true
				continue
			}
			files = append(files, c.notIgnored(fs)...)
		default:
			files = append(files, a) // a missing file is reported when read
		}
	}
	return files, failed
}

// notIgnored drops files the config's ignore globs name.
func (c *checker) notIgnored(fs []string) []string {
	var out []string
	for _, f := range fs {
		cfg, err := c.configFor(f)
		if err == nil && cfg.Ignored(f) {
			continue
		}
		out = append(out, f)
	}
	return out
}
