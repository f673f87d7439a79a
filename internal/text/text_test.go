package text

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestUnits(t *testing.T) {
	for _, s := range []string{"", "abc", "héllo", "🛡️ shield", "\xff\xfe", "a\xe2\x80b", "\xed\xa0\x80", strings.Repeat("abcdefgh", 9) + "é" + strings.Repeat("x", 17)} {
		want := 0
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			want += len(utf16.Encode([]rune{r}))
		}
		if got := Units(s); got != want {
			t.Errorf("Units(%q) = %d, want %d", s, got, want)
		}
		m := NewMapper(s)
		if got := m.Units(len(s)); got != want {
			t.Errorf("Mapper(%q) = %d, want %d", s, got, want)
		}
	}
	m := NewMapper("a🛡b")
	if m.Units(2) != 1 { // inside the 4-byte rune: its start
		t.Error("offset inside a rune must map to the rune start")
	}
	if m.Units(5) != 3 || m.Units(1) != 1 {
		t.Error("mapper")
	}
}

func sentenceOf(s, needle string) string {
	i := strings.Index(s, needle)
	a, b := Sentence(s, i, 0)
	return s[a:b]
}

func TestSentence(t *testing.T) {
	cases := []struct{ text, needle, want string }{
		{"Acme Inc. is ISO 27001 certified. Next one.", "ISO", "Acme Inc. is ISO 27001 certified."},
		{"We follow e.g. HIPAA rules. Next.", "HIPAA", "We follow e.g. HIPAA rules."},
		{"Made in the U.S. by Acme. Our cameras are certified.", "cameras", "Our cameras are certified."},
		{"ISO 27001:2013 and FIPS 140-2 and v2.1 apply here. Done.", "FIPS", "ISO 27001:2013 and FIPS 140-2 and v2.1 apply here."},
		{"Price is 3.5 dollars today. Next.", "dollars", "Price is 3.5 dollars today."},
		{"SOC 2 Certified\nMilitary-grade encryption\nMore", "Military", "Military-grade encryption"},
		{"Is it secure? Yes! It is unhackable.", "unhackable", "It is unhackable."},
		{"He said “We are certified.” Then left.", "We are", "He said “We are certified.”"},
		{"  - HIPAA Certified  \n", "HIPAA", "- HIPAA Certified"},
		{"Dr. Smith approved it. Next.", "approved", "Dr. Smith approved it."},
	}
	for _, c := range cases {
		if got := sentenceOf(c.text, c.needle); got != c.want {
			t.Errorf("Sentence(%q at %q) = %q, want %q", c.text, c.needle, got, c.want)
		}
	}
}

func TestSentenceLongRun(t *testing.T) {
	s := strings.Repeat("word ", 100000)
	a, b := Sentence(s, len(s)/2, 0)
	if b-a > 3*MaxReach || a > len(s)/2 || b < len(s)/2 {
		t.Fatalf("bounds %d..%d", a, b)
	}
	s = strings.Repeat("é", 100000) // no spaces: cut at a rune start
	a, b = Sentence(s, len(s)/2, 0)
	if !utf8.RuneStart(s[a]) || b < len(s) && !utf8.RuneStart(s[b]) {
		t.Fatalf("cut inside a rune: %d..%d", a, b)
	}
}

func TestTokenize(t *testing.T) {
	s := "We aren’t HIPAA-certified (ISO/IEC 27001:2013, v2.1, U.S.) 🛡️"
	var words []string
	for _, tk := range Tokenize(nil, s, 0, len(s)) {
		if tk.Kind == Word {
			words = append(words, s[tk.Start:tk.End])
		}
	}
	want := "We aren’t HIPAA certified ISO IEC 27001 2013 v2.1 U.S"
	if got := strings.Join(words, " "); got != want {
		t.Errorf("words %q, want %q", got, want)
	}
}

func TestTokenizeIgnorable(t *testing.T) {
	// Zero-width runes and soft hyphens inside a word belong to it;
	// between words they are spaces.
	s := "un\u200Bhackable HIPAA\u200D \uFEFFcert\u00ADified \u2060x"
	var words []string
	for _, tk := range Tokenize(nil, s, 0, len(s)) {
		if tk.Kind != Word {
			t.Errorf("punctuation token %q", s[tk.Start:tk.End])
			continue
		}
		words = append(words, string(StripIgnorable([]byte(s[tk.Start:tk.End]))))
	}
	if got, want := strings.Join(words, " "), "unhackable HIPAA certified x"; got != want {
		t.Errorf("words %q, want %q", got, want)
	}
	if got := StripIgnorable([]byte("plain")); string(got) != "plain" {
		t.Errorf("StripIgnorable(plain) = %q", got)
	}
}
