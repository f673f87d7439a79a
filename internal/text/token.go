package text

import "unicode/utf8"

// Token kinds.
const (
	Word  = iota // letters and digits, with inner apostrophes and dots ("isn't", "u.s", "3.2.1")
	Punct        // any other single rune that is not a space
)

// Token is a word or punctuation rune, by byte offsets into the text.
type Token struct {
	Start, End int
	Kind       uint8
	Flags      uint64 // set by the caller (lexicon classes)
}

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// Tokenize appends the tokens of s[start:end] to dst. Offsets are into s.
// Non-ASCII letters are part of words; other non-ASCII runes (quotes,
// dashes, emoji, invalid bytes) are punctuation tokens.
func Tokenize(dst []Token, s string, start, end int) []Token {
	i := start
	for i < end {
		c := s[i]
		if isSpace(c) {
			i++
			continue
		}
		if c == 0xC2 && i+1 < end && s[i+1] == 0xA0 { // NBSP
			i += 2
			continue
		}
		if n := Ignorable(s, i, end); n > 0 { // zero-width between words
			i += n
			continue
		}
		if isWordByte(c) || (c >= utf8.RuneSelf && isLetterAt(s, i, end)) {
			j := i
			for j < end {
				d := s[j]
				if isWordByte(d) {
					j++
					continue
				}
				if d >= utf8.RuneSelf {
					// A zero-width rune or soft hyphen inside a word
					// ("un\u200Bhackable") is part of it.
					if n := Ignorable(s, j, end); n > 0 {
						k := j + n
						for m := Ignorable(s, k, end); m > 0; m = Ignorable(s, k, end) {
							k += m
						}
						if k < end && (isWordByte(s[k]) || s[k] >= utf8.RuneSelf && isLetterAt(s, k, end)) {
							j = k
							continue
						}
					}
					if isLetterAt(s, j, end) {
						_, n := utf8.DecodeRuneInString(s[j:end])
						j += n
						continue
					}
					// ’ inside a word is an apostrophe: "isn’t", "Hikvision’s".
					if d == 0xE2 && j+2 < end && s[j+1] == 0x80 && s[j+2] == 0x99 && j+3 < end && isWordByte(s[j+3]) {
						j += 3
						continue
					}
					break
				}
				if (d == '\'' || d == '.') && j+1 < end && isWordByte(s[j+1]) {
					j++
					continue
				}
				break
			}
			dst = append(dst, Token{Start: i, End: j, Kind: Word})
			i = j
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:end])
		dst = append(dst, Token{Start: i, End: i + n, Kind: Punct})
		i += n
	}
	return dst
}

// isLetterAt reports whether a non-ASCII letter (Latin-1 supplement or
// Latin Extended, Greek, Cyrillic) starts at s[i]; other runes are
// punctuation for our purposes.
func isLetterAt(s string, i, end int) bool {
	r, n := utf8.DecodeRuneInString(s[i:end])
	if r == utf8.RuneError && n <= 1 {
		return false
	}
	return r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 || r >= 0x370 && r <= 0x4FF
}

// Ignorable returns the byte length of the invisible rune at s[i:end]
// (zero-width space, non-joiner and joiner, word joiner, BOM / zero-width
// no-break space, soft hyphen), or 0. Pages use them to break up words;
// the scan and the tokenizer see through them.
func Ignorable(s string, i, end int) int {
	switch {
	case i+1 < end && s[i] == 0xC2 && s[i+1] == 0xAD: // U+00AD
		return 2
	case i+2 < end && s[i] == 0xE2 && s[i+1] == 0x80 && s[i+2] >= 0x8B && s[i+2] <= 0x8D: // U+200B..U+200D
		return 3
	case i+2 < end && s[i] == 0xE2 && s[i+1] == 0x81 && s[i+2] == 0xA0: // U+2060
		return 3
	case i+2 < end && s[i] == 0xEF && s[i+1] == 0xBB && s[i+2] == 0xBF: // U+FEFF
		return 3
	}
	return 0
}

// StripIgnorable returns w without its ignorable runes (w itself when it
// has none).
func StripIgnorable(w []byte) []byte {
	s := string(w)
	var out []byte
	for i := 0; i < len(s); {
		if n := Ignorable(s, i, len(s)); n > 0 {
			if out == nil {
				out = append(make([]byte, 0, len(w)), w[:i]...)
			}
			i += n
			continue
		}
		if out != nil {
			out = append(out, s[i])
		}
		i++
	}
	if out == nil {
		return w
	}
	return out
}
