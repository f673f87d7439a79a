package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchText is n bytes of prose with a claim every few sentences, as one
// line or as one sentence a line (the same characters otherwise: the
// newlines replace spaces).
func benchText(n int, lines bool) []byte {
	s := "Our cameras are unhackable. Every device ships with signed firmware and a hardware root of trust. " +
		"Updates arrive monthly and are tested before release. We are HIPAA certified. Support is available all day. "
	t := strings.Repeat(s, n/len(s)+1)[:n]
	if lines {
		t = strings.ReplaceAll(t, ". ", ".\n")
	}
	return []byte(t)
}

// BenchmarkCheckLineLayout: a single-line file must cost about what the
// same text in lines costs (issue 16: columns were recounted from the
// line's start for every finding, quadratic on one long line).
//
//	go test ./cmd/certscope -run - -bench CheckLineLayout -benchtime 3x
func BenchmarkCheckLineLayout(b *testing.B) {
	dir := b.TempDir()
	for _, mb := range []int{1, 2, 4} {
		for _, layout := range []string{"single-line", "multi-line"} {
			p := filepath.Join(dir, layout+".txt")
			if err := os.WriteFile(p, benchText(mb<<20, layout == "multi-line"), 0o644); err != nil {
				b.Fatal(err)
			}
			b.Run(strconv.Itoa(mb)+"MB/"+layout, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if code := run([]string{"check", "--no-config", p}, nil, io.Discard, io.Discard); code != exitFindings {
						b.Fatalf("exit %d", code)
					}
				}
			})
		}
	}
}

// The same check as a test, so a regression fails `go test`: at 1 MB the
// single-line file within 4x (plus 200 ms) of the multi-line one. Loose,
// for a loaded machine; the quadratic version took 23 s against 65 ms.
func TestSingleLineLinear(t *testing.T) {
	dir := t.TempDir()
	times := map[bool]float64{}
	for _, lines := range []bool{true, false} {
		p := filepath.Join(dir, "x.txt")
		os.WriteFile(p, benchText(1<<20, lines), 0o644)
		r := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run([]string{"check", "--no-config", p}, nil, io.Discard, io.Discard)
			}
		})
		times[lines] = float64(r.NsPerOp()) / 1e6
	}
	if single, multi := times[false], times[true]; single > 4*multi+200 {
		t.Errorf("1 MB single line %.1f ms, in lines %.1f ms", single, multi)
	}
}
