// Check kinds: a table of checker functions, one file per kind
// (check_KIND.go), dispatched per hit by evaluate.

package engine

import (
	"time"

	"github.com/certscope/certscope/internal/packs"
)

// checker is one check kind: given a rule and the tokens [a, b) of the
// hit that triggered it, it returns the claim tokens [lo, hi) or ok false.
// Each kind lives in check_KIND.go with its tests in check_KIND_test.go.
type checker func(s *sentence, r *rule, a, b int, today time.Time) (lo, hi int, ok bool)

// checkers maps the pack data's check kinds (packs.Kinds) to their code.
var checkers = map[string]checker{
	packs.KindTerm:        func(s *sentence, r *rule, a, b int, _ time.Time) (int, int, bool) { return s.checkTerm(r, a, b) },
	packs.KindEndorsement: func(s *sentence, r *rule, a, b int, _ time.Time) (int, int, bool) { return s.checkEndorsement(r, a, b) },
	packs.KindScope:       func(s *sentence, r *rule, a, b int, _ time.Time) (int, int, bool) { return s.checkScope(r, a, b) },
	packs.KindNonexistent: func(s *sentence, r *rule, a, b int, _ time.Time) (int, int, bool) { return s.checkNonexistent(r, a, b) },
	packs.KindUnvalidated: func(s *sentence, r *rule, a, b int, _ time.Time) (int, int, bool) { return s.checkUnvalidated(r, a, b) },
	packs.KindStale:       (*sentence).checkStale,
}

// evaluate runs the rules triggered by the hits of one sentence: phrase
// rules (term, endorsement) by their pattern, the others by scheme.
func (e *Engine) evaluate(s *sentence, hits []hit, on []bool, today time.Time, out []rawFinding) []rawFinding {
	// Three or more phrase claims in one sentence ("unhackable, 100%
	// secure, impenetrable") is a list of terms, not a claim.
	terms := 0
	for _, h := range hits {
		if pm := e.pats[h.pat]; pm.scheme < 0 && len(pm.rules) > 0 && e.rules[pm.rules[0]].Kind == packs.KindTerm {
			terms++
		}
	}
	termList := terms >= 3
	for _, h := range hits {
		a, b := s.tokRange(h.start, h.end)
		if a >= b || inURL(s.text, h.start, s.start) {
			continue
		}
		pm := e.pats[h.pat]
		for _, ri := range pm.rules {
			r := e.rules[ri]
			if !on[r.pack] || termList && r.Kind == packs.KindTerm || len(r.unless) > 0 && e.namesAny(hits, r.unless) {
				continue
			}
			if lo, hi, ok := r.check(s, r, a, b, today); ok {
				out = append(out, s.raw(int(ri), -1, lo, hi))
			}
		}
		if pm.scheme < 0 {
			continue
		}
		for _, ri := range e.byScheme[pm.scheme] {
			r := e.rules[ri]
			if !on[r.pack] || !r.datesApply(today) {
				continue
			}
			if len(r.Unless) > 0 && s.hasWord(r.Unless) {
				continue
			}
			if len(r.Near) > 0 && !s.hasWord(r.Near) {
				continue
			}
			if lo, hi, ok := r.check(s, r, a, b, today); ok {
				out = append(out, s.raw(int(ri), pm.scheme, lo, hi))
			}
		}
	}
	return out
}

func (s *sentence) raw(rule, scheme, lo, hi int) rawFinding {
	return rawFinding{rule: rule, scheme: scheme, start: s.start, end: s.end,
		cstart: s.toks[lo].Start, cend: s.toks[hi-1].End}
}

// datesApply: invalid_after rules fire only after their date, until
// rules only before theirs.
func (r *rule) datesApply(today time.Time) bool {
	if !r.After.IsZero() && !today.After(r.After) {
		return false
	}
	if !r.Before.IsZero() && !today.Before(r.Before) {
		return false
	}
	return true
}
