package engine

import (
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The interleaved scan of a long text (cut in four at bytes of class
// other) finds exactly the hits of one sequential pass.
func TestScanStreamsMatchSequential(t *testing.T) {
	a := Default().ac
	words := []string{"ISO 27001", "iso/iec 27001:2013", "Cyber Essentials Plus", "SOC 2 Type II", "HIPAA", "certified", "compliant",
		"FIPS 140-2", "unhackable", "government-approved", "the", "cameras", "are", "and", ",", "\n", "(", ")", ".", "\"", "—", "é", "27001", "PCI-DSS", "GDPR"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 40; n++ {
		var b strings.Builder
		size := 4*minSplit + rng.Intn(12*minSplit)
		for b.Len() < size {
			b.WriteString(words[rng.Intn(len(words))])
			if rng.Intn(4) > 0 {
				b.WriteByte(" -/"[rng.Intn(3)])
			}
		}
		text := b.String()
		if _, ok := a.cuts(text, 0, len(text)); !ok {
			t.Fatalf("text %d: not cut in four", n)
		}
		_, seq := a.scanRange(text, 0, len(text), 0, nil)
		want := pruneHits(seq)
		got := a.scan(text, nil)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Fatalf("text %d (%d bytes): %d hits interleaved, %d sequential", n, len(text), len(got), len(want))
		}
	}
	// Short texts and texts without a cut byte near a quarter take one pass.
	if _, ok := a.cuts(strings.Repeat("HIPAA certified ", 100), 0, 1600); ok {
		t.Error("short text cut")
	}
	if _, ok := a.cuts(strings.Repeat("HIPAA certified ", 10000), 0, 160000); ok {
		t.Error("text without class-other bytes cut")
	}
	if got := a.scan(strings.Repeat("HIPAA certified ", 10000), nil); len(got) != 10000 {
		t.Errorf("%d hits in 10000 HIPAA claims", len(got))
	}
}

// Check on a long text cut in two (two cores) finds exactly what one pass
// finds: claims, quotations and sentences on both sides of the cut, the
// cut landing in several places, ASCII and not.
func TestParallelCheckMatchesSequential(t *testing.T) {
	e := Default()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // two Ps even on one core
	lines := []string{
		"Our cameras are Cyber Essentials Plus certified.",
		"He said: \"we are HIPAA certified\" and left.",
		"\"Our platform is unhackable.",
		"We are ISO 27001:2013 certified — since 2014, via \u201cBSI\u201d.",
		"Plain prose about nothing in particular, padded out a little.",
		"FIPS 140-2 compliant encryption. Government-approved!",
		"",
		"The product is SOC 2 Type II certified and PCI-DSS compliant",
	}
	rng := rand.New(rand.NewSource(2))
	for n := 0; n < 6; n++ {
		var b strings.Builder
		for b.Len() < parallelMin+rng.Intn(parallelMin) {
			b.WriteString(lines[rng.Intn(len(lines))])
			if rng.Intn(3) == 0 {
				b.WriteString(" ")
				b.WriteString(lines[rng.Intn(len(lines))])
			}
			b.WriteString("\n")
		}
		text := b.String()
		cut := parallelCut(text)
		if cut == 0 {
			t.Fatalf("text %d not cut (GOMAXPROCS %d)", n, runtime.GOMAXPROCS(0))
		}
		opt := Options{Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		got, err := e.Check(text, opt)
		if err != nil {
			t.Fatal(err)
		}
		prev := runtime.GOMAXPROCS(1) // one pass
		want, _ := e.Check(text, opt)
		runtime.GOMAXPROCS(prev)
		if len(want.Findings) < 100 || !reflect.DeepEqual(got, want) {
			t.Fatalf("text %d: %d findings on two cores, %d in one pass; stats %+v vs %+v", n, len(got.Findings), len(want.Findings), got.Stats, want.Stats)
		}
	}
}

// fillCard fills placeholders exactly as strings.Replacer does.
func TestFillCardMatchesReplacer(t *testing.T) {
	for _, s := range []string{"", "plain", "{scheme}", "A {scheme} covers {covers}.", "{{scheme}}", "{covers}{scheme}{", "{sch{scheme}", "x{", "{}{scheme"} {
		for _, nc := range [][2]string{{"Cyber Essentials", "an organisation"}, {"{covers}", "{scheme}"}, {"", ""}} {
			want := strings.NewReplacer("{scheme}", nc[0], "{covers}", nc[1]).Replace(s)
			if got := fillCard(s, nc[0], nc[1]); got != want {
				t.Errorf("fillCard(%q, %q, %q) = %q, want %q", s, nc[0], nc[1], got, want)
			}
		}
	}
}
