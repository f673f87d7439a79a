package text

import "unicode/utf8"

// MaxReach bounds how far Sentence looks either side of a position, so a
// megabyte with no punctuation costs linear, not quadratic, time: such a
// "sentence" is cut at a space about MaxReach bytes away.
const MaxReach = 1024

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"inc": true, "ltd": true, "co": true, "corp": true, "llc": true, "plc": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"vs": true, "no": true, "nos": true, "fig": true, "approx": true, "dept": true,
	"est": true, "jr": true, "sr": true, "vol": true, "pp": true, "cf": true,
	"al": true, "eg": true, "ie": true, "etc": true, "gmbh": true, "pty": true,
	"bv": true, "ag": true, "sa": true, "e.g": true, "i.e": true, "u.s": true,
	"u.k": true, "e.u": true, "a.k.a": true, "ph.d": true, "u.s.a": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// IsHardBreak reports whether the byte at i is a block break: any newline
// (hosts put "\n" between blocks), a carriage return or a form feed.
func IsHardBreak(c byte) bool { return c == '\n' || c == '\r' || c == '\f' || c == '\v' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || IsHardBreak(c) }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// endsSentence reports whether a sentence ends after the terminator at
// s[i] ('.', '!' or '?'); it returns the end offset including closing
// quotes and brackets.
func endsSentence(s string, i int) (int, bool) {
	j := i + 1
	for j < len(s) && (s[j] == '.' || s[j] == '!' || s[j] == '?') {
		j++
	}
	// Closing quotes and brackets belong to the sentence they close.
	for j < len(s) {
		c := s[j]
		if c == '"' || c == '\'' || c == ')' || c == ']' {
			j++
			continue
		}
		if c == 0xE2 && j+2 < len(s) && s[j+1] == 0x80 && (s[j+2] == 0x9D || s[j+2] == 0x99) { // ” ’
			j += 3
			continue
		}
		break
	}
	if j < len(s) && !isSpace(s[j]) {
		return 0, false // "27001:2013", "v2.1", "e.g.x", "example.com"
	}
	if s[i] != '.' {
		return j, true
	}
	// The word before the period.
	k := i
	for k > 0 && i-k < 7 && (isAlnum(s[k-1]) || s[k-1] == '.') {
		k--
	}
	w := s[k:i]
	if len(w) == 1 && isAlnum(w[0]) && !(w[0] >= '0' && w[0] <= '9') {
		return 0, false // an initial: "J. Smith", "U. S."
	}
	if len(w) > 0 && len(w) <= 6 {
		var buf [6]byte
		for n := 0; n < len(w); n++ {
			buf[n] = lowerByte(w[n])
		}
		if abbreviations[string(buf[:len(w)])] {
			// An abbreviation ends a sentence only when a capital follows
			// and it is a common sentence-final one ("etc.").
			if string(buf[:len(w)]) != "etc" {
				return 0, false
			}
		}
	}
	// A lower-case continuation means the period was not final.
	m := j
	for m < len(s) && (s[m] == ' ' || s[m] == '\t') {
		m++
	}
	if m < len(s) && s[m] >= 'a' && s[m] <= 'z' {
		return 0, false
	}
	return j, true
}

// Sentence returns the bounds [start, end) of the sentence around byte
// offset pos, never starting before lo (the end of a sentence already
// found). Leading and trailing spaces are trimmed. Newlines always break.
func Sentence(s string, pos, lo int) (start, end int) {
	if pos > len(s) {
		pos = len(s)
	}
	if pos < 0 {
		pos = 0
	}
	if lo < 0 || lo > pos {
		lo = 0
	}
	// Backward: the last boundary before pos.
	limit := pos - MaxReach
	if limit < lo {
		limit = lo
	}
	start = -1
	for i := pos - 1; i >= limit; i-- {
		c := s[i]
		if IsHardBreak(c) {
			start = i + 1
			break
		}
		if c == '.' || c == '!' || c == '?' {
			if e, ok := endsSentence(s, i); ok && e <= pos {
				start = e
				break
			}
		}
	}
	if start < 0 {
		if limit == lo {
			start = lo
		} else {
			start = cutPoint(s, limit, pos)
		}
	}
	// Forward: the first boundary at or after pos.
	flimit := pos + MaxReach
	if flimit > len(s) {
		flimit = len(s)
	}
	end = -1
	for i := pos; i < flimit; i++ {
		c := s[i]
		if IsHardBreak(c) {
			end = i
			break
		}
		if c == '.' || c == '!' || c == '?' {
			if e, ok := endsSentence(s, i); ok {
				end = e
				break
			}
		}
	}
	if end < 0 {
		if flimit == len(s) {
			end = len(s)
		} else {
			end = cutPoint(s, flimit, len(s))
		}
	}
	for start < end && isSpace(s[start]) {
		start++
	}
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}

// cutPoint picks a rune boundary at or after i (and at most max): just
// after the next space if one is near, else the next rune start.
func cutPoint(s string, i, max int) int {
	for j := i; j < max && j < i+64; j++ {
		if isSpace(s[j]) {
			return j + 1
		}
	}
	for n := 0; i < max && n < utf8.UTFMax && !utf8.RuneStart(s[i]); n++ {
		i++
	}
	return i
}
