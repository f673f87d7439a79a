package htmltext

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// LineIndex turns byte offsets in a source file into 1-based line and
// column numbers, columns counted in characters (runes; each invalid byte
// counts as one).
type LineIndex struct {
	src    []byte
	starts []int // byte offset of each line start
}

// NewLineIndex indexes the line starts of src.
func NewLineIndex(src []byte) *LineIndex {
	li := &LineIndex{src: src, starts: []int{0}}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		li.starts = append(li.starts, i)
	}
	return li
}

// Position returns the 1-based line and column of byte offset off,
// clamped to the source.
func (li *LineIndex) Position(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	k := sort.Search(len(li.starts), func(k int) bool { return li.starts[k] > off }) - 1
	if k < 0 {
		k = 0
	}
	return k + 1, utf8.RuneCount(li.src[li.starts[k]:off]) + 1
}

// Cursor computes positions for offsets given in ascending order in time
// linear in the source: the column continues from the previous offset on
// the same line instead of being recounted from the line's start (which
// made a long single-line file quadratic in its findings). An offset
// before the previous one is still answered, by counting from its line's
// start.
type Cursor struct {
	li             *LineIndex
	line, off, col int // last answer: off is on line (0-based) at col (0-based)
}

// Cursor returns a cursor at the start of the source.
func (li *LineIndex) Cursor() *Cursor { return &Cursor{li: li} }

// Position returns the 1-based line and column of byte offset off,
// clamped to the source, as LineIndex.Position does.
func (c *Cursor) Position(off int) (line, col int) {
	li := c.li
	off = max(0, min(off, len(li.src)))
	if off < c.off {
		l, col := li.Position(off)
		if off == len(li.src) || utf8.RuneStart(li.src[off]) {
			c.line, c.off, c.col = l-1, off, col-1
		}
		return l, col
	}
	k := c.line
	if k+1 < len(li.starts) && li.starts[k+1] <= off {
		k = sort.Search(len(li.starts), func(k int) bool { return li.starts[k] > off }) - 1
		c.line, c.off, c.col = k, li.starts[k], 0
	}
	col = c.col + utf8.RuneCount(li.src[c.off:off])
	// Move only to a character boundary, so the next count starts on one
	// (counting from inside a character would count its tail again).
	if off == len(li.src) || utf8.RuneStart(li.src[off]) {
		c.off, c.col = off, col
	}
	return k + 1, col + 1
}
