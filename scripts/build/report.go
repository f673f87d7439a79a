package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Report is what a build measured; it is written to dist/build-report.json.
type Report struct {
	Version    string                    `json:"version"`
	DurationMS int64                     `json:"durationMs"`
	Wasm       WasmReport                `json:"wasm"`
	Browsers   map[string]*BrowserReport `json:"browsers"`
}

// WasmReport gives engine.wasm's size against its budget (gzip -9).
type WasmReport struct {
	Raw          int64 `json:"raw"`
	Gzip         int64 `json:"gzip"`
	BudgetRaw    int64 `json:"budgetRaw"`
	BudgetGzip   int64 `json:"budgetGzip"`
	WithinBudget bool  `json:"withinBudget"`
}

// BrowserReport describes one browser's package.
type BrowserReport struct {
	Dir           string      `json:"dir"`
	Files         int         `json:"files"`
	Bytes         int64       `json:"bytes"`
	Archive       string      `json:"archive,omitempty"`
	ArchiveBytes  int64       `json:"archiveBytes,omitempty"`
	ArchiveSHA256 string      `json:"archiveSha256,omitempty"`
	Minify        MinifyStats `json:"minify"`
}

// MinifyStats maps a kind (js, css, html, json, svg, total) to its savings.
type MinifyStats map[string]*MinifyStat

// MinifyStat counts bytes before and after minification.
type MinifyStat struct {
	Files  int   `json:"files"`
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

func (s MinifyStats) add(kind string, before, after int) {
	st := s[kind]
	if st == nil {
		st = &MinifyStat{}
		s[kind] = st
	}
	st.Files++
	st.Before += int64(before)
	st.After += int64(after)
}

func (s MinifyStats) total() {
	t := &MinifyStat{}
	for k, st := range s {
		if k != "total" {
			t.Files += st.Files
			t.Before += st.Before
			t.After += st.After
		}
	}
	s["total"] = t
}

func (r *Report) write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(b, '\n'))
}

// Print writes the human summary.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "CertScope %s\n", r.Version)
	budget := "within budget"
	if !r.Wasm.WithinBudget {
		budget = "OVER BUDGET"
	}
	fmt.Fprintf(w, "engine.wasm: %s raw, %s gzip -9 (budget %s raw, %s gzip: %s)\n",
		kb(r.Wasm.Raw), kb(r.Wasm.Gzip), kb(r.Wasm.BudgetRaw), kb(r.Wasm.BudgetGzip), budget)
	names := make([]string, 0, len(r.Browsers))
	for n := range r.Browsers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := r.Browsers[n]
		fmt.Fprintf(w, "%s: %d files, %s unpacked", n, b.Files, kb(b.Bytes))
		if b.Archive != "" {
			fmt.Fprintf(w, ", %s %s", b.Archive, kb(b.ArchiveBytes))
		}
		fmt.Fprintln(w)
		kinds := make([]string, 0, len(b.Minify))
		for k := range b.Minify {
			if k != "total" {
				kinds = append(kinds, k)
			}
		}
		sort.Strings(kinds)
		if t := b.Minify["total"]; t != nil {
			kinds = append(kinds, "total")
		}
		for _, k := range kinds {
			st := b.Minify[k]
			fmt.Fprintf(w, "  minify %-5s %3d files %9d -> %9d bytes (-%s)\n", k, st.Files, st.Before, st.After, pct(st.Before, st.After))
		}
	}
	fmt.Fprintf(w, "build time: %.1fs\n", float64(r.DurationMS)/1000)
}

// kb formats a size in decimal units (1 MB = 10^6 bytes, as the budget).
func kb(n int64) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f kB", float64(n)/1e3)
}

func pct(before, after int64) string {
	if before == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(before-after)/float64(before))
}
