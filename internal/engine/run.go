// Running a check: the two-core split of long texts, stage 1 and 2 over
// each part, and merging raw findings into schema-v1 findings.

package engine

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"time"

	txt "github.com/certscope/certscope/internal/text"
)

// parallelMin is the text size from which Check uses two cores.
const parallelMin = 1 << 20

// parallelCut returns the offset of a newline near the middle of a long
// text, where Check may cut it in two, or 0 for one pass (short text, no
// newline, or a single core, as in wasm).
func parallelCut(text string) int {
	if len(text) < parallelMin || runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	mid := len(text) / 2
	if i := strings.IndexByte(text[mid:], '\n'); i >= 0 && i < len(text)/4 {
		return mid + i
	}
	return 0
}

// part is what checkPart finds in one stretch of text.
type part struct {
	raw             []rawFinding
	hits, sentences int
}

// checkPart runs stage 1 and 2 over the hits in text[from:to] (which
// starts the text or follows a newline at lo), with its own scratch.
func (e *Engine) checkPart(text string, from, to, lo int, on []bool, today time.Time) part {
	sc, _ := e.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer e.pool.Put(sc)

	sc.quotes = quoteState{}
	sc.head.reset()
	sc.hits = e.ac.scanIn(text, from, to, sc.hits[:0])
	hits := sc.hits
	out := part{hits: len(hits)}
	var raw []rawFinding
	for i := 0; i < len(hits); {
		if hits[i].start < lo {
			i++
			continue
		}
		start, end := txt.Sentence(text, hits[i].start, lo)
		j := i
		for j < len(hits) && hits[j].start < end {
			j++
		}
		if j == i { // cannot happen (the sentence holds its first hit); never loop
			j = i + 1
		}
		group := hits[i:j]
		// Drop hits that run past the sentence end (rare: a pattern
		// spanning a terminator).
		k := 0
		for _, h := range group {
			if h.end <= end && h.start >= start {
				group[k] = h
				k++
			}
		}
		group = group[:k]
		if len(group) > 0 {
			out.sentences++
			s := e.prepare(sc, text, start, end, group)
			if h := sc.head.find(text, start); h != "" {
				s.headMention, s.headVerbs = e.headingSignals(h)
			}
			n0 := len(raw)
			raw = e.evaluate(s, group, on, today, raw)
			// A sentence that starts inside a quotation opened earlier on
			// its line is quoted speech; checked only when it matters.
			if len(raw) > n0 && e.quoteOpenBefore(&sc.quotes, text, start) {
				for k := range s.quoted {
					s.quoted[k] = false
				}
				s.findQuotes(true)
				raw = e.evaluate(s, group, on, today, raw[:n0])
			}
		}
		lo = end
		i = j
	}
	out.raw = raw
	return out
}

type rawFinding struct {
	rule                     int
	scheme                   int
	start, end, cstart, cend int
}

// finish deduplicates, converts byte offsets to UTF-16 and fills cards.
// Only the first max findings (max > 0) are built; total counts all.
func (e *Engine) finish(text string, m *txt.Mapper, raw []rawFinding, max int) (out []Finding, total int) {
	if len(raw) == 0 {
		return []Finding{}, 0
	}
	// One finding per rule and claim: merge claims of the same rule that
	// overlap or touch in one sentence ("SOC 2 Type II certified" hits
	// both "SOC 2" and "Type II certified").
	slices.SortStableFunc(raw, func(a, b rawFinding) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if a.rule != b.rule {
			return cmp.Compare(a.rule, b.rule)
		}
		return cmp.Compare(a.cstart, b.cstart)
	})
	merged := raw[:0]
	for _, r := range raw {
		if n := len(merged); n > 0 {
			p := &merged[n-1]
			if p.rule == r.rule && p.start == r.start && r.cstart <= p.cend {
				if r.cend > p.cend {
					p.cend = r.cend
				}
				continue
			}
		}
		merged = append(merged, r)
	}
	raw = merged
	// The order sortFindings defines: sentence, claim, rule id.
	slices.SortStableFunc(raw, func(a, b rawFinding) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if a.cstart != b.cstart {
			return cmp.Compare(a.cstart, b.cstart)
		}
		return strings.Compare(e.rules[a.rule].ID, e.rules[b.rule].ID)
	})
	total = len(raw)
	if max > 0 && len(raw) > max {
		raw = raw[:max]
	}
	// UTF-16 offsets: sentence starts in one ascending pass of the
	// mapper; offsets inside a sentence counted from its start.
	lastStart, uStart := -1, 0
	units := func(o int) int { return uStart + txt.Units(text[lastStart:o]) }
	out = make([]Finding, 0, len(raw))
	for _, r := range raw {
		if r.start != lastStart {
			lastStart, uStart = r.start, m.Units(r.start)
		}
		ru := e.rules[r.rule]
		c := ru.cards[r.scheme+1]
		if c == nil {
			c = ru.anyCard()
		}
		f := Finding{
			Rule: ru.ID, Pack: ru.Pack, Severity: ru.Severity,
			Start: units(r.start), End: units(r.end),
			Claim: Span{units(r.cstart), units(r.cend)},
			Title: c.title, Message: c.message, Explanation: c.explanation, Suggestion: c.suggestion,
			Sources: c.sources, // shared, read-only
			Verify:  c.verify,  // shared, read-only
		}
		si := r.scheme
		if si < 0 {
			si = ru.scheme
		}
		if si >= 0 {
			f.Scheme = e.schemes[si].ID
		}
		out = append(out, f)
	}
	if !slices.IsSortedFunc(out, func(a, b Finding) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		if a.Claim.Start != b.Claim.Start {
			return cmp.Compare(a.Claim.Start, b.Claim.Start)
		}
		return strings.Compare(a.Rule, b.Rule)
	}) {
		sortFindings(out)
	}
	return out, total
}

// dropRules removes raw findings of the named rules.
func (e *Engine) dropRules(raw []rawFinding, ids []string) []rawFinding {
	kept := raw[:0]
	for _, r := range raw {
		if !slices.Contains(ids, e.rules[r.rule].ID) {
			kept = append(kept, r)
		}
	}
	return kept
}
