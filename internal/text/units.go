package text

import "unicode/utf8"

// ASCIIEnd returns the end of the run of ASCII bytes in s[i:limit],
// eight bytes at a time.
func ASCIIEnd(s string, i, limit int) int {
	// 32 bytes a round (one branch), then 8; the shifts compile to one
	// 8-byte load each.
	for i+32 <= limit {
		if (load64(s, i)|load64(s, i+8)|load64(s, i+16)|load64(s, i+24))&0x8080808080808080 != 0 {
			break
		}
		i += 32
	}
	for i+8 <= limit {
		if load64(s, i)&0x8080808080808080 != 0 {
			break
		}
		i += 8
	}
	for i < limit && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// Units returns the length of s in UTF-16 code units. Each invalid byte
// counts as one unit (a U+FFFD), matching TextDecoder's replacement.
func Units(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			j := ASCIIEnd(s, i, len(s))
			n += j - i
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Mapper converts byte offsets into UTF-16 offsets. Queries in ascending
// order cost O(distance) in total; a smaller query restarts from zero.
type Mapper struct {
	s    string
	b, u int
}

// NewMapper returns a Mapper over s.
func NewMapper(s string) *Mapper { return &Mapper{s: s} }

// Units returns the UTF-16 offset of byte offset b (clamped to [0,len]).
// An offset inside a multi-byte rune maps to that rune's start, so a
// result never splits a surrogate pair.
func (m *Mapper) Units(b int) int {
	if b < 0 {
		b = 0
	}
	if b > len(m.s) {
		b = len(m.s)
	}
	if b < m.b {
		m.b, m.u = 0, 0
	}
	s := m.s
	for m.b < b {
		c := s[m.b]
		if c < utf8.RuneSelf {
			j := ASCIIEnd(s, m.b, b)
			m.u += j - m.b
			m.b = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[m.b:])
		if m.b+size > b {
			break // b is inside this rune
		}
		m.b += size
		if r >= 0x10000 {
			m.u += 2
		} else {
			m.u++
		}
	}
	return m.u
}

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
