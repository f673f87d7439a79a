package engine

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
	delta := row()
	pats := [][]int32{nil}
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
				delta = append(delta, row()...)
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
func (a *automaton) scan(text string, dst []hit) []hit {
	K := int32(numClasses)
	delta, outRow := a.delta, a.outRow
	row := int32(0)
	for i := 0; i < len(text); i++ {
		row = delta[row+classOf[text[i]]]
		if row < outRow {
			continue
		}
		for o := a.out[row/K]; a.outs[o] >= 0; o++ {
			p := a.outs[o]
			end := i + 1
			if a.wordEd[p] && end < len(text) && isWordByte(text[end]) {
				continue
			}
			start := a.startOf(text, end, a.plen[p])
			if start > 0 && isWordByte(text[start-1]) && isWordByte(text[start]) {
				continue
			}
			dst = append(dst, hit{start: start, end: end, pat: p})
		}
	}
	return pruneHits(dst)
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
