package htmltext

import (
	"bytes"
	"sort"
)

func newInlineIndex(p []byte) *inlineIndex {
	ix := &inlineIndex{p: p}
	// Backtick runs first: code spans hide the brackets inside them.
	for i := 0; i < len(p); i++ {
		if p[i] == '`' && (i == 0 || p[i-1] != '\\') {
			n := fenceRun(p[i:], '`')
			if ix.ticks == nil {
				ix.ticks = map[int][]int32{}
			}
			ix.ticks[n] = append(ix.ticks[n], int32(i))
			i += n - 1
		}
	}
	var sb, sp []int32 // stacks of open brackets and parens
	esc := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if esc {
			esc = false
			continue
		}
		switch c {
		case '\\':
			esc = true
		case '[':
			if ix.bracket == nil {
				ix.bracket = filled(len(p))
			}
			sb = append(sb, int32(i))
		case ']':
			if n := len(sb); n > 0 {
				ix.bracket[sb[n-1]] = int32(i)
				sb = sb[:n-1]
			}
		case '(':
			if ix.paren == nil {
				ix.paren = filled(len(p))
			}
			sp = append(sp, int32(i))
		case ')':
			if n := len(sp); n > 0 {
				ix.paren[sp[n-1]] = int32(i)
				sp = sp[:n-1]
			}
		case '`':
			n := fenceRun(p[i:], '`')
			if j := ix.closingTicks(i+n, n); j >= 0 {
				i = j + n - 1 // skip the code span
			} else {
				i += n - 1
			}
		case '>':
			if i >= 2 && p[i-1] == '-' && p[i-2] == '-' {
				ix.ends = append(ix.ends, int32(i+1))
			}
		}
	}
	if bytes.IndexByte(p, '<') >= 0 {
		ix.nextGT, ix.nextLT = make([]int32, len(p)+1), make([]int32, len(p)+1)
		gt, lt := int32(len(p)), int32(len(p))
		ix.nextGT[len(p)], ix.nextLT[len(p)] = gt, lt
		for i := len(p) - 1; i >= 0; i-- {
			switch p[i] {
			case '>':
				gt = int32(i)
			case '<':
				lt = int32(i)
			}
			ix.nextGT[i], ix.nextLT[i] = gt, lt
		}
	}
	return ix
}

func filled(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// closingTicks finds a run of exactly n backticks starting at or after i.
func (ix *inlineIndex) closingTicks(i, n int) int {
	runs := ix.ticks[n]
	k := sort.Search(len(runs), func(k int) bool { return int(runs[k]) >= i })
	if k < len(runs) {
		return int(runs[k])
	}
	return -1
}

// link parses "[text](dest)" or "[text][ref]" at p[open] == '['. It
// returns the end of the text and the offset after the whole link, or
// next == 0. A bare "[text]" is not a link here.
func (ix *inlineIndex) link(open int) (textEnd, next int) {
	if ix.bracket == nil || ix.bracket[open] < 0 {
		return 0, 0
	}
	j := int(ix.bracket[open])
	if j+1 < len(ix.p) && ix.p[j+1] == '(' && ix.paren != nil && ix.paren[j+1] >= 0 {
		return j, int(ix.paren[j+1]) + 1
	}
	if j+1 < len(ix.p) && ix.p[j+1] == '[' && ix.bracket[j+1] >= 0 {
		return j, int(ix.bracket[j+1]) + 1
	}
	return 0, 0
}

// comment returns the offset after a "<!-- ... -->" starting at i, or 0.
func (ix *inlineIndex) comment(i int) int {
	if !bytes.HasPrefix(ix.p[i:], []byte("<!--")) {
		return 0
	}
	for ix.ci < len(ix.ends) && int(ix.ends[ix.ci]) < i+7 {
		ix.ci++
	}
	if ix.ci < len(ix.ends) {
		return int(ix.ends[ix.ci])
	}
	return 0
}

// tag returns the length of an inline HTML tag or autolink at p[i] == '<'
// (a letter, or "/" and a letter, then no '<' before the closing '>'), or 0.
func (ix *inlineIndex) tag(i int) int {
	p := ix.p
	if ix.nextGT == nil || i+2 >= len(p) {
		return 0
	}
	c := p[i+1]
	if c == '/' {
		c = p[i+2]
	}
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return 0
	}
	j := int(ix.nextGT[i])
	if j >= len(p) || int(ix.nextLT[i+1]) < j {
		return 0
	}
	return j - i + 1
}

func isASCIIPunct(c byte) bool {
	return '!' <= c && c <= '/' || ':' <= c && c <= '@' || '[' <= c && c <= '`' || '{' <= c && c <= '~'
}
