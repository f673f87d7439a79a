package htmltext

import (
	"unicode/utf8"
	"unsafe"
)

// FromPlain returns plain text as it is, without a leading byte order mark
// (invalid UTF-8 becomes U+FFFD).
func FromPlain(src []byte) Text {
	return fromPlain(src, false)
}

// FromPlainOwned is FromPlain for a src the caller hands over and never
// modifies again: valid UTF-8 is used in place, not copied (a 16 MB file
// saves 16 MB of allocation, page faults and copying).
func FromPlainOwned(src []byte) Text {
	return fromPlain(src, true)
}

func fromPlain(src []byte, owned bool) Text {
	n := bomLen(src)
	if p := src[n:]; utf8.Valid(p) {
		// Fast path (the usual case): one verbatim segment, exactly what
		// copyValid builds for valid UTF-8.
		var s string
		if owned {
			s = unsafe.String(unsafe.SliceData(p), len(p))
		} else {
			s = string(p)
		}
		t := Text{s: s, u16: &u16Index{}}
		if len(p) > 0 {
			t.segs = []seg{{t: 0, n: len(p), s: n, sn: len(p), verbatim: true}}
		}
		return t
	}
	b := newBuilder(len(src))
	b.copyValid(src[n:], n)
	return b.text()
}
