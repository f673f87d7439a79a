// Command native times the engine natively on the pages written by
// scripts/bench/gen (the same pages the wasm and browser harnesses use),
// and the cost of building an engine from the embedded packs (what a fresh
// Worker instance pays). It prints JSON with every sample.
//
//	go run ./scripts/bench/native -data DIR [-runs 7] [-out FILE]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/htmltext"
	"github.com/certscope/certscope/internal/packs"
)

// stat is the median, min and max of samples.
type stat struct {
	N       int       `json:"n"`
	Median  float64   `json:"median"`
	Min     float64   `json:"min"`
	Max     float64   `json:"max"`
	Samples []float64 `json:"samples"`
}

func summarize(xs []float64) stat {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	st := stat{N: n, Samples: xs}
	if n == 0 {
		return st
	}
	st.Min, st.Max = s[0], s[n-1]
	if n%2 == 1 {
		st.Median = s[n/2]
	} else {
		st.Median = (s[n/2-1] + s[n/2]) / 2
	}
	return st
}

type pageResult struct {
	Bytes    int  `json:"bytes"`
	Findings int  `json:"findings"`
	Ms       stat `json:"ms"`
	MBps     stat `json:"mbps"` // MB = 1e6 bytes, as go test reports
	// JSON encoding of the result, as every host does after Check.
	JSONBytes    int  `json:"jsonBytes"`
	JSONEncodeMs stat `json:"jsonEncodeMs"`
}

type result struct {
	Runs    int                   `json:"runs"`
	Pages   map[string]pageResult `json:"pages"`
	BuildMs stat                  `json:"buildMs"`
	// Stages of what `certscope check` does with a plain-text file, on
	// typical-16m: where the CLI's time goes besides the engine.
	CLIStages map[string]stat `json:"cliStages"`
}

func main() {
	data := flag.String("data", "", "directory written by scripts/bench/gen (required)")
	runs := flag.Int("runs", 7, "timed runs per page")
	out := flag.String("out", "", "also write the JSON here")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "native: -data is required")
		os.Exit(2)
	}
	res, err := run(*data, *runs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	b = append(b, '\n')
	os.Stdout.Write(b)
	if *out != "" {
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "native:", err)
			os.Exit(1)
		}
	}
}

func run(data string, runs int) (*result, error) {
	res := &result{Runs: runs, Pages: map[string]pageResult{}}
	set, err := packs.Embedded()
	if err != nil {
		return nil, err
	}
	// Engine build: what engine.Default costs a fresh process.
	var build []float64
	for i := 0; i < runs*5; i++ {
		t0 := time.Now()
		if _, err := engine.New(set); err != nil {
			return nil, err
		}
		build = append(build, ms(time.Since(t0)))
	}
	res.BuildMs = summarize(build)

	eng := engine.Default()
	opt := engine.Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	for _, name := range []string{"typical-200k", "typical-2m", "worst-2m", "typical-16m", "worst-16m"} {
		b, err := os.ReadFile(filepath.Join(data, name+".txt"))
		if err != nil {
			return nil, err
		}
		text := string(b)
		r, err := eng.Check(text, opt) // warm-up
		if err != nil {
			return nil, err
		}
		// At least runs samples and, for the fast pages, at least a second
		// of them (up to 200), so a short burst of load from other
		// processes moves the median little. The 16 MB pages take long in
		// the worst case: half the runs.
		n := runs
		if len(text) > 4<<20 {
			n = (runs + 1) / 2
		}
		var t, mbps []float64
		start := time.Now()
		for i := 0; i < n || (time.Since(start) < time.Second && i < 200); i++ {
			t0 := time.Now()
			if _, err := eng.Check(text, opt); err != nil {
				return nil, err
			}
			d := time.Since(t0)
			t = append(t, ms(d))
			mbps = append(mbps, float64(len(text))/1e6/d.Seconds())
		}
		var enc []float64
		var jsonBytes int
		for i := 0; i < min(n, 5); i++ {
			t0 := time.Now()
			b, err := json.Marshal(r)
			if err != nil {
				return nil, err
			}
			enc = append(enc, ms(time.Since(t0)))
			jsonBytes = len(b)
		}
		res.Pages[name] = pageResult{Bytes: len(text), Findings: len(r.Findings), Ms: summarize(t), MBps: summarize(mbps),
			JSONBytes: jsonBytes, JSONEncodeMs: summarize(enc)}
	}
	stages, err := cliStages(eng, opt, filepath.Join(data, "typical-16m.txt"), runs)
	if err != nil {
		return nil, err
	}
	res.CLIStages = stages
	return res, nil
}

// cliStages times, one after the other as the CLI runs them, reading the
// file (io.ReadAll through a LimitReader, as the CLI reads, and
// os.ReadFile for comparison), extracting plain text (htmltext.FromPlain),
// Check, and encoding the findings as JSON lines.
func cliStages(eng *engine.Engine, opt engine.Options, path string, runs int) (map[string]stat, error) {
	t := map[string][]float64{}
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		src, err := io.ReadAll(io.LimitReader(f, 64<<20+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		t1 := time.Now()
		if _, err := os.ReadFile(path); err != nil {
			return nil, err
		}
		t2 := time.Now()
		text := htmltext.FromPlain(src)
		t3 := time.Now()
		r, err := eng.Check(text.String(), opt)
		if err != nil {
			return nil, err
		}
		t4 := time.Now()
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			File     string           `json:"file"`
			Findings []engine.Finding `json:"findings"`
		}{path, r.Findings}); err != nil {
			return nil, err
		}
		w.Flush()
		t5 := time.Now()
		// What-ifs, for proposals: the floor of a plain-text fast path
		// (validate UTF-8, one copy), and JSON lines without card text
		// (rule, severity, scheme and offsets; the cards are per rule).
		t6 := time.Now()
		if utf8.Valid(src) {
			_ = string(src)
		}
		t7 := time.Now()
		type compact struct {
			Rule     string      `json:"rule"`
			Severity string      `json:"severity"`
			Scheme   string      `json:"scheme,omitempty"`
			Start    int         `json:"start"`
			End      int         `json:"end"`
			Claim    engine.Span `json:"claim"`
		}
		cs := make([]compact, len(r.Findings))
		for i, f := range r.Findings {
			cs[i] = compact{f.Rule, f.Severity, f.Scheme, f.Start, f.End, f.Claim}
		}
		w.Reset(io.Discard)
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cs); err != nil {
			return nil, err
		}
		w.Flush()
		t8 := time.Now()
		t["plainFastPathFloor"] = append(t["plainFastPathFloor"], ms(t7.Sub(t6)))
		t["jsonlCompact"] = append(t["jsonlCompact"], ms(t8.Sub(t7)))
		t["readAllLimitReader"] = append(t["readAllLimitReader"], ms(t1.Sub(t0)))
		t["osReadFile"] = append(t["osReadFile"], ms(t2.Sub(t1)))
		t["fromPlain"] = append(t["fromPlain"], ms(t3.Sub(t2)))
		t["check"] = append(t["check"], ms(t4.Sub(t3)))
		t["jsonl"] = append(t["jsonl"], ms(t5.Sub(t4)))
	}
	out := map[string]stat{}
	for k, v := range t {
		out[k] = summarize(v)
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
