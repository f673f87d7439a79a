package engine

import txt "github.com/certscope/certscope/internal/text"

// Stage 1: one case-insensitive pass of an Aho-Corasick automaton over the
// bytes of the text. Separators (space, hyphen, slash, underscore, NBSP,
// Unicode hyphens and dashes) loop back to the same state, so "ISO/IEC
// 27001", "ISO 27001", "ISO27001" and "ISO-27001" all match one pattern.

const (
	clsOther = 0
	clsSep   = 1
	clsFirst = 2 // letters, digits and pattern punctuation follow
)

var byteClass [256]uint8
var classOf [256]int32 // byteClass widened, for the scan loop
var numClasses int

func init() {
	// A fixed 256-byte table: cheap enough for package init.
	n := clsFirst
	for c := 'a'; c <= 'z'; c++ {
		byteClass[c] = uint8(n)
		byteClass[c-'a'+'A'] = uint8(n)
		n++
	}
	for c := '0'; c <= '9'; c++ {
		byteClass[c] = uint8(n)
		n++
	}
	for _, c := range []byte("+&%.:'#") {
		byteClass[c] = uint8(n)
		n++
	}
	numClasses = n
	// Separators. 0xC2 0xA0 is NBSP; 0xE2 0x80 0x90..0x94 are Unicode
	// hyphens and dashes; the invisible runes pages use to break up
	// words are ignorable too: 0xC2 0xAD soft hyphen, 0xE2 0x80
	// 0x8B..0x8D zero-width space/non-joiner/joiner, 0xE2 0x81 0xA0 word
	// joiner, 0xEF 0xBB 0xBF BOM. Other runes using these bytes reset
	// the automaton through a lead or continuation byte of class other.
	for _, c := range []byte{' ', '\t', '-', '/', '_', 0xC2, 0xA0, 0xAD, 0xE2, 0x80, 0x81, 0x8B, 0x8C, 0x8D, 0x90, 0x91, 0x92, 0x93, 0x94, 0xEF, 0xBB, 0xBF} {
		byteClass[c] = clsSep
	}
	for i, c := range byteClass {
		classOf[i] = int32(c)
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normPattern lower-cases a pattern and drops separators.
func normPattern(p string) []byte {
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		cl := byteClass[c]
		if cl == clsSep || cl == clsOther {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return out
}

type automaton struct {
	// delta[row+class] is the next state's row (state*numClasses).
	// States are numbered so that those with outputs come last: a row
	// >= outRow means "a pattern ends here", one compare per byte.
	delta  []int32
	outRow int32
	out    []int32 // per state: index into outs of its first output
	outs   []int32 // pattern id, or -1 terminating a state's output list
	plen   []int   // normalised length of each pattern
	wordEd []bool  // pattern ends with a letter or digit (needs a word boundary after)
}

type hit struct {
	start, end int
	pat        int32
}

func buildAutomaton(patterns [][]byte) *automaton {
	K := numClasses
	// The trie as a dense goto table (-1: no edge), turned in place into
	// the DFA's transition table by the breadth-first pass.
	row := func() []int32 {
		r := make([]int32, K)
		for i := range r {
			r[i] = -1
		}
		return r
	}
	// Sized for the trie's upper bound (one state per pattern byte), so
	// adding a state is one append of a reused row of -1s, not an
	// allocation and a regrowth of the table.
	states := 1
	for _, p := range patterns {
		states += len(p)
	}
	empty := row()
	delta := append(make([]int32, 0, states*K), empty...)
	pats := make([][]int32, 1, states)
	a := &automaton{plen: make([]int, len(patterns)), wordEd: make([]bool, len(patterns))}
	for pi, p := range patterns {
		a.plen[pi] = len(p)
		a.wordEd[pi] = len(p) > 0 && isWordByte(p[len(p)-1])
		s := int32(0)
		for _, c := range p {
			cl := int(byteClass[c])
			nx := delta[int(s)*K+cl]
			if nx < 0 {
				nx = int32(len(pats))
				pats = append(pats, nil)
				delta = append(delta, empty...)
				delta[int(s)*K+cl] = nx
			}
			s = nx
		}
		pats[s] = append(pats[s], int32(pi))
	}
	n := len(pats)
	fail := make([]int32, n)
	outsets := make([][]int32, n)
	queue := make([]int32, 0, n)
	for cl := 0; cl < K; cl++ {
		if nx := delta[cl]; nx >= 0 && cl != clsSep {
			queue = append(queue, nx)
		} else {
			delta[cl] = 0
		}
	}
	outsets[0] = pats[0]
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if len(pats[s]) > 0 || len(outsets[fail[s]]) > 0 {
			outsets[s] = append(append([]int32(nil), pats[s]...), outsets[fail[s]]...)
		}
		for cl := 0; cl < K; cl++ {
			if cl == clsSep {
				continue
			}
			i := int(s)*K + cl
			if nx := delta[i]; nx >= 0 {
				fail[nx] = delta[int(fail[s])*K+cl]
				queue = append(queue, nx)
			} else {
				delta[i] = delta[int(fail[s])*K+cl]
			}
		}
	}
	a.delta = delta
	// Separators loop; "other" bytes reset to the root (delta already 0
	// unless a pattern starts with class other, which none can).
	for s := 0; s < n; s++ {
		a.delta[s*K+clsSep] = int32(s)
		a.delta[s*K+clsOther] = 0
	}
	// Renumber: states without outputs first (root stays 0).
	perm := make([]int32, n) // old -> new
	next := int32(0)
	for s := 0; s < n; s++ {
		if len(outsets[s]) == 0 {
			perm[s] = next
			next++
		}
	}
	firstOut := next
	for s := 0; s < n; s++ {
		if len(outsets[s]) != 0 {
			perm[s] = next
			next++
		}
	}
	dfa := make([]int32, n*K)
	a.out = make([]int32, n)
	for s := 0; s < n; s++ {
		ns := int(perm[s])
		for cl := 0; cl < K; cl++ {
			dfa[ns*K+cl] = perm[a.delta[s*K+cl]] * int32(K)
		}
		if len(outsets[s]) != 0 {
			a.out[ns] = int32(len(a.outs))
			a.outs = append(a.outs, outsets[s]...)
			a.outs = append(a.outs, -1)
		}
	}
	a.delta = dfa
	a.outRow = firstOut * int32(K)
	return a
}

// scan appends every match with word boundaries at both ends, then keeps
// only the longest of overlapping matches that start at the same place
// or lie inside another.
//
// Each byte's transition depends on the previous one's, so one stream runs
// at the latency of a dependent load (~7 cycles a byte). A long text is
// cut in four at bytes of class other (after one, the automaton is at the
// root whatever came before, so no match spans a cut) and the four parts
// run interleaved in one loop: ~2x the bytes per cycle on one core, in
// wasm too. Hits keep the sequential order (part by part), so the result
// is identical to one pass (TestScanStreamsMatchSequential).
func (a *automaton) scan(text string, dst []hit) []hit {
	return a.scanIn(text, 0, len(text), dst)
}

// scanIn is scan over text[from:to], which must start at the text's start
// or after a byte of class other; word boundaries are read from text.
func (a *automaton) scanIn(text string, from, to int, dst []hit) []hit {
	if cuts, ok := a.cuts(text, from, to); ok {
		h := a.scan4(text, cuts, [4][]hit{dst})
		for _, x := range h[1:] {
			h[0] = append(h[0], x...)
		}
		return pruneHits(h[0])
	}
	_, dst = a.scanRange(text, from, to, 0, dst)
	return pruneHits(dst)
}

// minSplit is the text length from which scan runs four streams (shorter
// texts gain nothing from it).
const minSplit = 16 << 10

// cuts returns the bounds of four parts of text, cut at bytes of class
// other near its quarters; ok is false for a short text or one without
// such bytes there.
func (a *automaton) cuts(text string, from, to int) (cuts [5]int, ok bool) {
	if to-from < minSplit || a.outRow == 0 { // outRow 0: the root has outputs
		return cuts, false
	}
	q := (to - from) / 4
	cuts[0], cuts[4] = from, to
	for k := 1; k < 4; k++ {
		for i := from + k*q; i < from+(k+1)*q && i < from+k*q+4096; i++ {
			if byteClass[text[i]] == clsOther {
				cuts[k] = i
				break
			}
		}
		if cuts[k] == 0 {
			return cuts, false
		}
	}
	return cuts, true
}

// scanBlock bounds the bytes one call of the scan loops covers. V8 runs a
// wasm function in baseline code until a later call (no on-stack
// replacement): a first check of a 200 KB page ran its whole scan in
// baseline code, several times slower. In blocks, later blocks run the
// optimised code as soon as it is ready; natively the calls cost nothing.
const scanBlock = 8 << 10

// scan4 scans the four parts text[cuts[k]:cuts[k+1]] interleaved,
// appending each part's hits to h[k].
func (a *automaton) scan4(text string, cuts [5]int, h [4][]hit) [4][]hit {
	n := len(text)
	for k := 0; k < 4; k++ {
		n = min(n, cuts[k+1]-cuts[k])
	}
	var rows [4]int32
	for i := 0; i < n; i += scanBlock {
		rows, h = a.scan4Block(text, cuts, i, min(i+scanBlock, n), rows, h)
	}
	// The rest of each part beyond the shortest one's length.
	for k := 0; k < 4; k++ {
		_, h[k] = a.scanRange(text, cuts[k]+n, cuts[k+1], rows[k], h[k])
	}
	return h
}

// scan4Block advances the four streams over offsets [i0, i1) of their
// parts.
//
//go:noinline
func (a *automaton) scan4Block(text string, cuts [5]int, i0, i1 int, rows [4]int32, h [4][]hit) ([4]int32, [4][]hit) {
	delta, outRow := a.delta, a.outRow
	t0, t1, t2, t3 := text[cuts[0]:cuts[0]+i1], text[cuts[1]:cuts[1]+i1], text[cuts[2]:cuts[2]+i1], text[cuts[3]:cuts[3]+i1]
	r0, r1, r2, r3 := rows[0], rows[1], rows[2], rows[3]
	for i := i0; i < i1; i++ {
		r0 = delta[r0+classOf[t0[i]]]
		r1 = delta[r1+classOf[t1[i]]]
		r2 = delta[r2+classOf[t2[i]]]
		r3 = delta[r3+classOf[t3[i]]]
		if r0 >= outRow || r1 >= outRow || r2 >= outRow || r3 >= outRow {
			if r0 >= outRow {
				h[0] = a.emit(text, cuts[0]+i, r0, h[0])
			}
			if r1 >= outRow {
				h[1] = a.emit(text, cuts[1]+i, r1, h[1])
			}
			if r2 >= outRow {
				h[2] = a.emit(text, cuts[2]+i, r2, h[2])
			}
			if r3 >= outRow {
				h[3] = a.emit(text, cuts[3]+i, r3, h[3])
			}
		}
	}
	return [4]int32{r0, r1, r2, r3}, h
}

// scanRange runs the automaton over text[from:to] from row and returns
// the row it ends in.
func (a *automaton) scanRange(text string, from, to int, row int32, dst []hit) (int32, []hit) {
	for i := from; i < to; i += scanBlock {
		row, dst = a.scanBlock1(text, i, min(i+scanBlock, to), row, dst)
	}
	return row, dst
}

// scanBlock1 is one stream over text[from:to] (see scanBlock).
//
//go:noinline
func (a *automaton) scanBlock1(text string, from, to int, row int32, dst []hit) (int32, []hit) {
	delta, outRow := a.delta, a.outRow
	for i := from; i < to; i++ {
		row = delta[row+classOf[text[i]]]
		if row >= outRow {
			dst = a.emit(text, i, row, dst)
		}
	}
	return row, dst
}

// emit appends the matches ending at text[i] (row has outputs) that have
// word boundaries at both ends.
func (a *automaton) emit(text string, i int, row int32, dst []hit) []hit {
	for o := a.out[row/int32(numClasses)]; a.outs[o] >= 0; o++ {
		p := a.outs[o]
		end := i + 1
		if a.wordEd[p] && (end < len(text) && isWordByte(text[end]) || wordAfter(text, sigEnd(text, end))) {
			continue
		}
		start := a.startOf(text, end, a.plen[p])
		if start > 0 && isWordByte(text[start]) && wordBefore(text, start) {
			continue
		}
		dst = append(dst, hit{start: start, end: end, pat: p})
	}
	return dst
}

// wordAfter reports whether a word continues at text[i], through any
// invisible runes: "unhackable\u200Bish" reads as one word, as the
// tokenizer sees it, so "unhackable" has no word boundary there.
func wordAfter(text string, i int) bool {
	for i < len(text) {
		if isWordByte(text[i]) {
			return true
		}
		n := txt.Ignorable(text, i, len(text))
		if n == 0 {
			return false
		}
		i += n
	}
	return false
}

// sigEnd moves end back over separator bytes: separators loop the
// automaton in place, so a match is also reported after the bytes of a
// following invisible rune, where its real end is before them.
func sigEnd(text string, end int) int {
	for end > 0 && byteClass[text[end-1]] == clsSep {
		end--
	}
	return end
}

// wordBefore is wordAfter backwards from text[i-1].
func wordBefore(text string, i int) bool {
	for i > 0 {
		switch {
		case isWordByte(text[i-1]):
			return true
		case i >= 2 && txt.Ignorable(text, i-2, i) == 2:
			i -= 2
		case i >= 3 && txt.Ignorable(text, i-3, i) == 3:
			i -= 3
		default:
			return false
		}
	}
	return false
}

// startOf walks back over n significant (non-separator) bytes.
func (a *automaton) startOf(text string, end, n int) int {
	i := end
	for n > 0 && i > 0 {
		i--
		if byteClass[text[i]] != clsSep {
			n--
		}
	}
	return i
}

// pruneHits sorts hits by start (longest first) and drops any hit inside
// an earlier, longer one.
func pruneHits(h []hit) []hit {
	if len(h) < 2 {
		return h
	}
	// Insertion sort: hits arrive sorted by end, nearly sorted by start.
	for i := 1; i < len(h); i++ {
		x := h[i]
		j := i
		for j > 0 && (h[j-1].start > x.start || h[j-1].start == x.start && h[j-1].end < x.end) {
			h[j] = h[j-1]
			j--
		}
		h[j] = x
	}
	out := h[:1]
	for _, x := range h[1:] {
		last := out[len(out)-1]
		if x.start >= last.start && x.end <= last.end {
			continue
		}
		out = append(out, x)
	}
	return out
}
