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
		if isWordByte(c) || (c >= utf8.RuneSelf && isLetterAt(s, i, end)) {
			j := i
			for j < end {
				d := s[j]
				if isWordByte(d) {
					j++
					continue
				}
				if d >= utf8.RuneSelf {
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
