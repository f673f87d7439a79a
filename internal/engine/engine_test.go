package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	txt "github.com/certscope/certscope/internal/text"
)

// checkInvariants asserts the offset contract for one result.
func checkInvariants(t *testing.T, text string, fs []Finding) {
	t.Helper()
	n := txt.Units(text)
	// UTF-16 view of the text, invalid bytes as U+FFFD.
	var u16 []uint16
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		u16 = utf16.AppendRune(u16, r)
	}
	if len(u16) != n {
		t.Fatalf("Units=%d, utf16 length=%d", n, len(u16))
	}
	splits := func(o int) bool { return o > 0 && o < n && utf16.IsSurrogate(rune(u16[o])) && u16[o] >= 0xDC00 }
	for _, f := range fs {
		if !(0 <= f.Start && f.Start <= f.Claim.Start && f.Claim.Start <= f.Claim.End && f.Claim.End <= f.End && f.End <= n) {
			t.Fatalf("bad offsets %+v (units %d) in %q", f, n, text)
		}
		for _, o := range []int{f.Start, f.End, f.Claim.Start, f.Claim.End} {
			if splits(o) {
				t.Fatalf("offset %d splits a surrogate pair in %q", o, text)
			}
		}
		if len(f.Sources) == 0 || f.Sources[0].URL == "" {
			t.Fatalf("finding without a source: %+v", f)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"Our cameras are Cyber Essentials Plus certified.",
		"We are HIPAA certified. 🛡️ SOC 2 Certified\nunhackable \u202eISO 27001:2013 Certified",
		"ISO\u200b27001 certified products\x00 and military-grade encryption",
		"\xff\xfeHIPAA\xc3 certified\xe2\x80",
		"FIPS 140\u20132 compliant",
	} {
		f.Add(s)
	}
	eng := Default()
	opt := Options{Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, s string) {
		r1, err := eng.Check(s, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, s, r1.Findings)
		r2, _ := eng.Check(s, opt)
		if !reflect.DeepEqual(r1, r2) {
			t.Fatalf("non-deterministic result for %q", s)
		}
	})
}

// TestBlocksProperty: findings for a text equal the union of the findings
// for its newline-separated blocks checked separately, offsets shifted.
func TestBlocksProperty(t *testing.T) {
	texts := []string{
		"We are HIPAA certified.\nOur cameras are Cyber Essentials Plus certified.\nMilitary-grade encryption\n\nNot HIPAA-certified.",
		"ISO 27001:2013 Certified | Member of DICGC\n- SOC 2 Type II Certified\n🛡️ unhackable vault\r\nGovernment-approved alternative to Hikvision.",
	}
	for _, r := range loadCorpus(t) {
		texts = append(texts, r.Sentence)
	}
	// The whole corpus as one page, one sentence per line.
	var all []string
	for _, r := range loadCorpus(t) {
		all = append(all, r.Sentence)
	}
	texts = append(texts, strings.Join(all, "\n"))
	opt := Options{Date: corpusDate}
	for _, text := range texts {
		whole, _ := Default().Check(text, opt)
		var union []Finding
		off := 0
		for _, block := range strings.Split(text, "\n") {
			res, _ := Default().Check(block, opt)
			for _, f := range res.Findings {
				f.Start += off
				f.End += off
				f.Claim.Start += off
				f.Claim.End += off
				union = append(union, f)
			}
			off += txt.Units(block) + 1
		}
		sortFindings(union)
		if union == nil {
			union = []Finding{}
		}
		if !reflect.DeepEqual(whole.Findings, union) {
			t.Fatalf("blocks property fails for %q:\nwhole %v\nunion %v", text, rulesOf(whole.Findings), rulesOf(union))
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	text := "\xff\xfe We are \xc3HIPAA certified.\xe2\x80 Our \xf0\x9f cameras are Cyber Essentials Plus certified. 🛡️ SOC 2 Certified \xed\xa0\x80"
	res, err := Default().Check(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, res.Findings)
	if len(res.Findings) < 2 {
		t.Fatalf("want findings around invalid bytes, got %v", rulesOf(res.Findings))
	}
	// Each invalid byte is one unit: the claim offset matches the
	// JavaScript view of the decoded text.
	for _, f := range res.Findings {
		if f.Rule == "nonexistent/hipaa-certified" {
			u := utf16.Encode([]rune(strings.ToValidUTF8(text, "\uFFFD")))
			_ = u
			// "\xff\xfe We are \xc3" = 2 + 8 + 1 units before "HIPAA".
			if f.Claim.Start != 11 {
				t.Errorf("claim start %d, want 11", f.Claim.Start)
			}
		}
	}
}

func TestLongSentenceLinear(t *testing.T) {
	// 1 MB with no punctuation and a claim every few KB: must not go
	// quadratic (sentences are bounded by text.MaxReach).
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ")
		if b.Len()%4096 < 80 {
			b.WriteString("our cameras are HIPAA certified ")
		}
	}
	text := b.String()
	start := time.Now()
	res, err := Default().Check(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("1 MB unpunctuated text took %v", d)
	}
	checkInvariants(t, text, res.Findings)
	// One long run of letters, no spaces at all.
	text = strings.Repeat("a", 1<<20) + " HIPAA certified " + strings.Repeat("b", 1<<20)
	start = time.Now()
	res, _ = Default().Check(text, Options{})
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("2 MB run took %v", d)
	}
	checkInvariants(t, text, res.Findings)
}

func TestUnknownPack(t *testing.T) {
	_, err := Default().Check("x", Options{Packs: []string{"nope"}})
	var up *UnknownPackError
	if !errors.As(err, &up) || !errors.Is(err, ErrUnknownPack) || up.Name != "nope" {
		t.Fatalf("want UnknownPackError, got %v", err)
	}
	res, err := Default().Check("We are HIPAA certified. Military-grade encryption.", Options{Packs: []string{"absolutes"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Pack != "absolutes" {
			t.Errorf("pack filter: got %s", f.Rule)
		}
	}
	if len(res.Findings) != 1 {
		t.Errorf("want 1 absolutes finding, got %v", rulesOf(res.Findings))
	}
}

func TestPacksAndRules(t *testing.T) {
	e := Default()
	ps := e.Packs()
	want := []string{"absolutes", "endorsement", "nonexistent", "scope", "stale", "terminology", "validation", "registers"}
	var got []string
	for _, p := range ps {
		got = append(got, p.ID)
		if !p.Default || p.Description == "" || p.Rules == 0 {
			t.Errorf("pack %+v", p)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("packs %v, want %v", got, want)
	}
	for _, r := range e.Rules() {
		if len(r.Sources) == 0 || r.Message == "" || r.Title == "" {
			t.Errorf("rule %+v", r)
		}
	}
}

func TestFindingFields(t *testing.T) {
	fs := findingsOf(t, "Intro text. Our cameras are Cyber Essentials Plus certified. More.", time.Time{})
	if len(fs) != 1 {
		t.Fatalf("got %v", rulesOf(fs))
	}
	f := fs[0]
	if f.Start != 12 || f.End != 60 {
		t.Errorf("sentence %d..%d", f.Start, f.End)
	}
	if got := "Intro text. Our cameras are Cyber Essentials Plus certified. More."[f.Claim.Start:f.Claim.End]; got != "cameras are Cyber Essentials Plus certified" && got != "Cyber Essentials Plus certified" {
		t.Errorf("claim %q", got)
	}
	if f.Severity != SeverityHigh || f.Scheme != "cyber-essentials-plus" || f.Verify == nil || !strings.Contains(f.Message, "Cyber Essentials Plus") || f.Explanation == "" {
		t.Errorf("finding %+v", f)
	}
}

func TestConcurrentChecks(t *testing.T) {
	text := worstPage(20000)
	want, _ := Default().Check(text, Options{Date: corpusDate})
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 5; i++ {
				got, _ := Default().Check(text, Options{Date: corpusDate})
				if !reflect.DeepEqual(got, want) {
					t.Error("concurrent results differ")
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestEdgeInputs: claims cut off at every token boundary never panic.
func TestEdgeInputs(t *testing.T) {
	full := []string{
		"We are HIPAA certified within 5 days of signing.",
		"Cyber Essentials Plus certificate issued 14 March 2023, valid until 13 March 2024.",
		"Not only are we “SOC 2 Type II certified”, our cameras are ISO 27001:2013 certified (cert #123).",
		"Approved by the U.S. government: NSA-certified, FIPS 140-2 Level 3 validated v4.0.1 | no-log | ",
		"- [ ] 'ISO 9001 certified products', {title: \"Bank-Level Encryption\"} Is it unhackable?",
	}
	for _, s := range full {
		for i := 0; i <= len(s); i++ {
			for _, text := range []string{s[:i], s[i:]} {
				res, err := Default().Check(text, Options{Date: corpusDate})
				if err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, text, res.Findings)
			}
		}
	}
}

// TestZeroWidth: invisible runes (zero-width space, non-joiner, joiner,
// word joiner, BOM, soft hyphen) inside or beside claim words do not hide
// the claim, and the claim span still covers the whole phrase.
func TestZeroWidth(t *testing.T) {
	opt := Options{Date: corpusDate}
	cases := []struct{ tmpl, rule string }{
		{"We are HIPAA%s certified.", "nonexistent/hipaa-certified"},
		{"We are HIPAA %scertified.", "nonexistent/hipaa-certified"},
		{"We are HIPAA cert%sified.", "nonexistent/hipaa-certified"},
		{"Our new lock is un%shackable.", "absolutes/unhackable"},
		{"Our cameras are ISO%s27001 certified.", "scope/org-cert-on-product"},
		{"Our cameras are Cyber%s Essentials Plus certified.", "scope/org-cert-on-product"},
		{"Mili%stary-grade encryption for every file.", "absolutes/military-grade"},
		{"Our VPN is FIPS 140-3 com%spliant.", "validation/fips-not-validated"},
	}
	for _, zw := range []string{"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u200B\u00AD"} {
		for _, c := range cases {
			text := strings.Replace(c.tmpl, "%s", zw, 1)
			res, err := Default().Check(text, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, text, res.Findings)
			var f *Finding
			for i := range res.Findings {
				if res.Findings[i].Rule == c.rule {
					f = &res.Findings[i]
				}
			}
			if f == nil {
				t.Errorf("%+q: no %s finding (got %v)", text, c.rule, rulesOf(res.Findings))
				continue
			}
			// The claim must contain the invisible rune's position.
			zu := txt.Units(text[:strings.Index(text, zw)])
			if f.Claim.Start > zu || f.Claim.End <= zu {
				t.Errorf("%+q: claim %v does not cover the zero-width rune at %d", text, f.Claim, zu)
			}
		}
	}
	// Still one word: an invisible rune inside a word glued to a claim
	// does not make the claim a word of its own. "notHIPAA certified" and
	// "unhackableish" are not claims without the runes, and are not with
	// them (the reader sees the same word).
	for _, c := range []struct{ text, rule string }{
		{"We are notHIPAA\u200B certified.", "nonexistent/hipaa-certified"},
		{"We are not\u200BHIPAA certified.", "nonexistent/hipaa-certified"},
		{"Our lock is un\u200Bhackable\u200Bish.", "absolutes/unhackable"},
		{"Our lock is unhackable\u00ADish.", "absolutes/unhackable"},
		{"Our lock is unhackable\u200B\uFEFFish.", "absolutes/unhackable"},
		{"Our lock is super\u2060unhackable.", "absolutes/unhackable"},
	} {
		res, err := Default().Check(c.text, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, c.text, res.Findings)
		if hasRule(res.Findings, c.rule) {
			t.Errorf("%+q: %s finding for a word glued to the claim", c.text, c.rule)
		}
	}
}
