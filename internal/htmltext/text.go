// Package htmltext extracts the text a reader sees from HTML, Markdown or
// plain text, and keeps a map from every offset in that text back to a byte
// offset in the original source, so findings can be reported as
// file:line:col of the file the user wrote.
//
// Usage:
//
//	t := htmltext.FromHTML(src)          // or FromMarkdown, FromPlain
//	text := t.String()                   // what to give the engine
//	b := t.ByteOffset(f.Start)           // engine UTF-16 offset -> text byte offset
//	off := t.SourceOffset(b)             // text byte offset -> source byte offset
//	line, col := htmltext.NewLineIndex(src).Position(off)
//
// Block-level elements end with "\n", so sentences never run across blocks;
// inline markup stays inside its sentence. The text is always valid UTF-8:
// invalid bytes become U+FFFD. Every function runs in time linear in the
// input and never panics.
package htmltext

import (
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/certscope/certscope/internal/text"
)

// seg maps text[t:t+n] to src[s:s+sn]. A verbatim segment (n == sn) was
// copied byte for byte; any other segment was synthesised (a decoded entity,
// collapsed whitespace, an inserted newline) and maps as a whole.
type seg struct {
	t, n, s, sn int
	verbatim    bool
}

// Text is extracted text plus its map back to the source. The zero value is
// an empty text.
type Text struct {
	s    string
	segs []seg
	// u16 holds checkpoints for UTF-16 conversion, built on first use
	// (most texts checked by the CLI have no findings to convert).
	u16 *u16Index
}

// u16Index: cpU[k] UTF-16 code units precede byte offset cpB[k], a rune
// start.
type u16Index struct {
	once     sync.Once
	cpB, cpU []int
}

// index returns the UTF-16 checkpoints, building them once.
func (t Text) index() *u16Index {
	if t.u16 == nil {
		return &u16Index{}
	}
	t.u16.once.Do(func() { t.u16.cpB, t.u16.cpU = checkpoints(t.s) })
	return t.u16
}

// checkpoints returns a checkpoint at the first rune start at or after
// every u16Step bytes, skipping ASCII eight bytes at a time.
func checkpoints(s string) (cpB, cpU []int) {
	cpB = make([]int, 0, len(s)/u16Step+1)
	cpU = make([]int, 0, len(s)/u16Step+1)
	n, next := 0, 0
	for i := 0; i < len(s); {
		if i >= next {
			cpB = append(cpB, i)
			cpU = append(cpU, n)
			next = i + u16Step
		}
		if s[i] < utf8.RuneSelf {
			j := text.ASCIIEnd(s, i, min(next, len(s)))
			n += j - i
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return cpB, cpU
}

const u16Step = 64

// String returns the extracted text.
func (t Text) String() string { return t.s }

// Len returns the length of the extracted text in bytes.
func (t Text) Len() int { return len(t.s) }

// SourceOffset maps a byte offset in String() to the byte offset in the
// source where that character came from. Offsets are clamped to
// [0, len(String())]; len(String()) maps to the end of the last mapped
// source range.
func (t Text) SourceOffset(i int) int {
	if len(t.segs) == 0 {
		return 0
	}
	if i < 0 {
		i = 0
	}
	if i >= len(t.s) {
		last := t.segs[len(t.segs)-1]
		return last.s + last.sn
	}
	g := t.segs[t.find(i)]
	if g.verbatim {
		return g.s + (i - g.t)
	}
	return g.s
}

// SourceSpan maps the half-open text byte range [start, end) to the source
// byte range it came from.
func (t Text) SourceSpan(start, end int) (int, int) {
	if end <= start {
		s := t.SourceOffset(start)
		return s, s
	}
	s := t.SourceOffset(start)
	if end > len(t.s) {
		end = len(t.s)
	}
	if end <= 0 || len(t.segs) == 0 {
		return s, s
	}
	g := t.segs[t.find(end-1)]
	e := g.s + g.sn
	if g.verbatim {
		e = g.s + (end - 1 - g.t) + 1
	}
	if e < s {
		e = s
	}
	return s, e
}

// find returns the index of the segment containing text offset i
// (0 <= i < len(t.s)).
func (t Text) find(i int) int {
	k := sort.Search(len(t.segs), func(k int) bool { return t.segs[k].t > i }) - 1
	if k < 0 {
		k = 0
	}
	return k
}

// ByteOffset converts an offset in UTF-16 code units (what the engine and
// JavaScript count) into a byte offset in String(). Offsets inside a
// surrogate pair round down to the start of the character; offsets past
// the end clamp to len(String()).
func (t Text) ByteOffset(u int) int {
	if u <= 0 || len(t.s) == 0 {
		return 0
	}
	x := t.index()
	k := sort.Search(len(x.cpU), func(k int) bool { return x.cpU[k] > u }) - 1
	b, n := x.cpB[k], x.cpU[k]
	for b < len(t.s) {
		r, size := utf8.DecodeRuneInString(t.s[b:])
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > u {
			break
		}
		n += w
		b += size
	}
	return b
}

// UTF16Offset converts a byte offset in String() into UTF-16 code units.
// An offset inside a multi-byte character counts the whole character.
func (t Text) UTF16Offset(b int) int {
	if b <= 0 || len(t.s) == 0 {
		return 0
	}
	if b > len(t.s) {
		b = len(t.s)
	}
	x := t.index()
	k := sort.Search(len(x.cpB), func(k int) bool { return x.cpB[k] > b }) - 1
	i, n := x.cpB[k], x.cpU[k]
	for i < b {
		r, size := utf8.DecodeRuneInString(t.s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// builder accumulates text and segments.
type builder struct {
	buf  []byte
	segs []seg
}

// newBuilder sizes the buffers for a source of n bytes, saving the
// repeated copying of append growth on large pages.
func newBuilder(n int) builder {
	return builder{buf: make([]byte, 0, n/2+16), segs: make([]seg, 0, n/64+4)}
}

// copyText appends src bytes verbatim (they must be valid UTF-8).
func (b *builder) copyText(p []byte, at int) {
	if len(p) == 0 {
		return
	}
	if n := len(b.segs); n > 0 {
		last := &b.segs[n-1]
		if last.verbatim && last.t+last.n == len(b.buf) && last.s+last.sn == at {
			last.n += len(p)
			last.sn += len(p)
			b.buf = append(b.buf, p...)
			return
		}
	}
	b.segs = append(b.segs, seg{t: len(b.buf), n: len(p), s: at, sn: len(p), verbatim: true})
	b.buf = append(b.buf, p...)
}

// emit appends synthesised text standing for src[at:at+srcLen].
func (b *builder) emit(s string, at, srcLen int) {
	if len(s) == 0 {
		return
	}
	b.segs = append(b.segs, seg{t: len(b.buf), n: len(s), s: at, sn: srcLen})
	b.buf = append(b.buf, s...)
}

// copyValid appends src bytes, replacing invalid UTF-8 with U+FFFD.
func (b *builder) copyValid(p []byte, at int) {
	start := 0
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			b.copyText(p[start:i], at+start)
			b.emit("\uFFFD", at+i, 1)
			i++
			start = i
			continue
		}
		i += size
	}
	b.copyText(p[start:], at+start)
}

func (b *builder) lastByte() byte {
	if len(b.buf) == 0 {
		return 0
	}
	return b.buf[len(b.buf)-1]
}

func (b *builder) text() Text {
	return Text{s: string(b.buf), segs: b.segs, u16: &u16Index{}}
}
