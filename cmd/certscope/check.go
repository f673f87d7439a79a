package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/htmltext"
)

// maxInputBytes caps one input file, or one --jsonl line. Inputs are read
// through io.LimitReader so nothing unbounded is loaded; tests lower it.
var maxInputBytes int64 = 64 << 20

// binarySniffBytes is how much of a file is searched for NUL bytes.
const binarySniffBytes = 8 << 10

const stdinName = "<stdin>"

// fileResult is one file's findings in the json and jsonl formats. The
// offsets in the findings refer to the extracted text (UTF-16 code units).
type fileResult struct {
	File          string                `json:"file"`
	Findings      []engine.Finding      `json:"findings"`
	Verifications []engine.Verification `json:"verifications"`
}

// lineResult is one output line of --jsonl input mode.
type lineResult struct {
	ID       json.RawMessage  `json:"id"`
	Findings []engine.Finding `json:"findings"`
}

type checkFlags struct {
	format  string
	packs   []string
	date    time.Time
	jsonlIn bool
	files   []string
	site    string
}

func checkCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cf, code, ok := parseCheckFlags(args, stderr)
	if !ok {
		return code
	}
	eng := engine.Default()
	if err := validatePacks(eng, cf.packs); err != nil {
		fmt.Fprintf(stderr, "certscope check: %v\n", err)
		return exitUsage
	}
	opt := engine.Options{Packs: cf.packs, Date: cf.date, Site: cf.site}
	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	if cf.jsonlIn {
		return checkJSONL(eng, opt, cf.files, stdin, w, stderr)
	}
	stdout = w

	status := exitClean
	var results []fileResult
	total, withFindings := 0, 0
	var fe findingEncoder
	var buf []byte
	for _, name := range cf.files {
		res, lines, err := checkFile(eng, opt, name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "certscope check: %v\n", err)
			status = exitUsage
			continue
		}
		if len(res.Findings) > 0 {
			withFindings++
			if status == exitClean {
				status = exitFindings
			}
		}
		total += len(res.Findings)
		switch cf.format {
		case "text":
			for i, f := range res.Findings {
				fmt.Fprintf(stdout, "%s:%d:%d: %s %s %s\n", res.File, lines[i][0], lines[i][1], f.Severity, f.Rule, f.Message)
			}
		case "jsonl":
			// {"file":...,"findings":[...]} as encoding/json writes it,
			// streamed a finding at a time.
			buf = append(appendJSONString(append(buf[:0], `{"file":`...), res.File), `,"findings":[`...)
			for i := range res.Findings {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = fe.appendFinding(buf, &res.Findings[i])
				if len(buf) >= 32<<10 {
					stdout.Write(buf) // errors surface at Flush, as with json.Encoder
					buf = buf[:0]
				}
			}
			buf = append(appendVerifications(append(buf, `],"verifications":`...), res.Verifications), "}\n"...)
			if _, err := stdout.Write(buf); err != nil {
				fmt.Fprintf(stderr, "certscope check: %v\n", err)
				return exitUsage
			}
		case "json":
			results = append(results, res)
		}
	}
	switch cf.format {
	case "json":
		if results == nil {
			results = []fileResult{}
		}
		e := json.NewEncoder(stdout)
		e.SetEscapeHTML(false)
		e.SetIndent("", "  ")
		if err := e.Encode(struct {
			Files []fileResult `json:"files"`
		}{results}); err != nil {
			fmt.Fprintf(stderr, "certscope check: %v\n", err)
			return exitUsage
		}
	case "text":
		fmt.Fprintf(stderr, "certscope: %d %s in %d of %d %s\n", total, plural(total, "finding", "findings"),
			withFindings, len(cf.files), plural(len(cf.files), "file", "files"))
	}
	return status
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseCheckFlags parses flags, which may come before or after the files.
// It returns ok=false with the exit status to use when parsing stops.
func parseCheckFlags(args []string, stderr io.Writer) (cf checkFlags, code int, ok bool) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or jsonl")
	packs := fs.String("packs", "", "comma-separated packs to enable (default: the packs that are on by default)")
	date := fs.String("date", "", "today's date for date-aware rules, YYYY-MM-DD (default: the real date)")
	fs.StringVar(&cf.site, "site", "", "host of the page the text comes from, to check claims against the registers (default for HTML: its canonical link or og:url)")
	fs.BoolVar(&cf.jsonlIn, "jsonl", false, `read JSON lines {"id": ..., "text": ...} and write {"id": ..., "findings": [...]} per line`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: certscope check [--format text|json|jsonl] [--packs a,b] [--date YYYY-MM-DD] [--jsonl] [FILE|-]...")
		fs.PrintDefaults()
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return cf, exitClean, false
			}
			return cf, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		cf.files = append(cf.files, rest[0])
		args = rest[1:]
	}
	switch *format {
	case "text", "json", "jsonl":
		cf.format = *format
	default:
		fmt.Fprintf(stderr, "certscope check: unknown format %q (valid: text, json, jsonl)\n", *format)
		return cf, exitUsage, false
	}
	for _, p := range strings.Split(*packs, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cf.packs = append(cf.packs, p)
		}
	}
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

// checkFile reads, extracts and checks one file. lines holds the source
// line and column of each finding's claim.
func checkFile(eng *engine.Engine, opt engine.Options, name string, stdin io.Reader) (fileResult, [][2]int, error) {
	display := name
	var r io.Reader
	if name == "-" {
		display, r = stdinName, stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return fileResult{}, nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fileResult{}, nil, fmt.Errorf("%s: is a directory", name)
		}
		r = f
	}
	src, err := readLimited(r, display)
	if err != nil {
		return fileResult{}, nil, err
	}
	if bytes.IndexByte(src[:min(len(src), binarySniffBytes)], 0) >= 0 {
		return fileResult{}, nil, fmt.Errorf("%s: binary file (NUL bytes), refused", display)
	}
	text := extract(name, src)
	// The line index and the text's UTF-16 index (~10 ms on 16 MB) are
	// built on the other core while the engine runs.
	var li *htmltext.LineIndex
	indexed := make(chan struct{})
	go func() {
		li = htmltext.NewLineIndex(src)
		text.ByteOffset(1)
		close(indexed)
	}()
	if opt.Site == "" && isHTMLInput(name, src) {
		opt.Site = htmlSite(src)
	}
	res, err := eng.Check(text.String(), opt)
	<-indexed
	if err != nil {
		return fileResult{}, nil, fmt.Errorf("%s: %w", display, err)
	}
	out := fileResult{File: display, Findings: res.Findings, Verifications: res.Verifications}
	if out.Findings == nil {
		out.Findings = []engine.Finding{}
	}
	lines := make([][2]int, len(out.Findings))
	for i, f := range out.Findings {
		at := f.Claim.Start
		if f.Claim.End <= f.Claim.Start {
			at = f.Start
		}
		l, c := li.Position(text.SourceOffset(text.ByteOffset(at)))
		lines[i] = [2]int{l, c}
	}
	return out, lines, nil
}

// readLimited reads all of r, refusing more than maxInputBytes.
func readLimited(r io.Reader, name string) ([]byte, error) {
	// One allocation of the file's size (+1 to see EOF) instead of
	// io.ReadAll's doubling, which copied and cleared ~3x a 16 MB file.
	size := 512
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < maxInputBytes {
			size = int(st.Size()) + 1
		}
	}
	src := make([]byte, 0, size)
	lr := io.LimitReader(r, maxInputBytes+1)
	for {
		if len(src) == cap(src) {
			src = append(src, 0)[:len(src)] // grow
		}
		n, err := lr.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if int64(len(src)) > maxInputBytes {
		return nil, fmt.Errorf("%s: larger than the %s limit, refused", name, sizeString(maxInputBytes))
	}
	return src, nil
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// extract picks the input kind by extension; stdin is sniffed.
func extract(name string, src []byte) htmltext.Text {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return htmltext.FromHTML(src)
	case ".md", ".markdown", ".mdown", ".mkd":
		return htmltext.FromMarkdown(src)
	}
	if name == "-" && looksLikeHTML(src) {
		return htmltext.FromHTML(src)
	}
	return htmltext.FromPlainOwned(src) // src is never modified after reading
}

func looksLikeHTML(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n\f\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	return len(t) > 0 && t[0] == '<'
}

// checkJSONL streams --jsonl input: one {"id", "text"} object per line in,
// one {"id", "findings"} line out, in order. A malformed line stops the run
// with an error naming it.
func checkJSONL(eng *engine.Engine, opt engine.Options, files []string, stdin io.Reader, stdout *bufio.Writer, stderr io.Writer) int {
	status := exitClean
	var fe findingEncoder
	for _, name := range files {
		display := name
		var r io.Reader
		if name == "-" {
			display, r = stdinName, stdin
		} else {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintf(stderr, "certscope check: %v\n", err)
				return exitUsage
			}
			defer f.Close()
			r = f
		}
		br := bufio.NewReaderSize(r, 64<<10)
		for n := 1; ; n++ {
			line, err := readLine(br, maxInputBytes)
			if err == io.EOF && len(line) == 0 {
				break
			}
			if err != nil && err != io.EOF {
				fmt.Fprintf(stderr, "certscope check: %s:%d: %v\n", display, n, err)
				return exitUsage
			}
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var in struct {
				ID   json.RawMessage `json:"id"`
				Text *string         `json:"text"`
				Site string          `json:"site"`
			}
			if jerr := json.Unmarshal(line, &in); jerr != nil {
				fmt.Fprintf(stderr, "certscope check: %s:%d: malformed JSON line: %v\n", display, n, jerr)
				return exitUsage
			}
			if in.Text == nil {
				fmt.Fprintf(stderr, "certscope check: %s:%d: missing string field \"text\"\n", display, n)
				return exitUsage
			}
			if in.ID == nil {
				in.ID = json.RawMessage("null")
			}
			lopt := opt
			if in.Site != "" {
				lopt.Site = in.Site
			}
			res, cerr := eng.Check(*in.Text, lopt)
			if cerr != nil {
				fmt.Fprintf(stderr, "certscope check: %s:%d: %v\n", display, n, cerr)
				return exitUsage
			}
			if res.Findings == nil {
				res.Findings = []engine.Finding{}
			}
			if len(res.Findings) > 0 && status == exitClean {
				status = exitFindings
			}
			if werr := writeLineResult(stdout, &fe, in.ID, res.Findings, res.Verifications); werr != nil {
				fmt.Fprintf(stderr, "certscope check: %v\n", werr)
				return exitUsage
			}
			// Stream: flush whenever the next read could block.
			if br.Buffered() == 0 {
				if werr := stdout.Flush(); werr != nil {
					fmt.Fprintf(stderr, "certscope check: %v\n", werr)
					return exitUsage
				}
			}
			if err == io.EOF {
				break
			}
		}
	}
	return status
}

// writeLineResult writes {"id": ID, "findings": [...]} on one line, with
// the id exactly as it was written in the input (json.Marshal would
// compact it).
func writeLineResult(w io.Writer, fe *findingEncoder, id json.RawMessage, fs []engine.Finding, vs []engine.Verification) error {
	out := make([]byte, 0, len(id)+24+len(fs)*1400)
	out = append(out, `{"id":`...)
	out = append(out, bytes.TrimSpace(id)...)
	out = append(out, `,"findings":`...)
	out = fe.appendFindings(out, fs)
	out = appendVerifications(append(out, `,"verifications":`...), vs)
	out = append(out, "}\n"...)
	_, err := w.Write(out)
	return err
}

// readLine reads one line of any length up to limit bytes, without its
// line ending. It returns io.EOF with the last, unterminated line.
func readLine(br *bufio.Reader, limit int64) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(line)+len(chunk)) > limit+1 {
			return nil, fmt.Errorf("line longer than the %s limit", sizeString(limit))
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return line, err
		}
		return bytes.TrimRight(line, "\r\n"), nil
	}
}
