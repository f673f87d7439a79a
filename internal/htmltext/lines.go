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
