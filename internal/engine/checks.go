package engine

import (
	"strings"
	"time"

	"github.com/certscope/certscope/internal/packs"
	txt "github.com/certscope/certscope/internal/text"
)

// evaluate runs the rules triggered by the hits of one sentence.
func (e *Engine) evaluate(s *sentence, hits []hit, on []bool, today time.Time, out []rawFinding) []rawFinding {
	for _, h := range hits {
		a, b := s.tokRange(h.start, h.end)
		if a >= b {
			continue
		}
		pm := e.pats[h.pat]
		for _, ri := range pm.rules {
			r := e.rules[ri]
			if !on[r.pack] {
				continue
			}
			var lo, hi int
			var ok bool
			switch r.Kind {
			case packs.KindTerm:
				lo, hi, ok = s.checkTerm(r, a, b)
			case packs.KindEndorsement:
				lo, hi, ok = s.checkEndorsement(r, a, b)
			}
			if ok {
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
			var lo, hi int
			var ok bool
			switch r.Kind {
			case packs.KindScope:
				lo, hi, ok = s.checkScope(r, a, b)
			case packs.KindNonexistent:
				lo, hi, ok = s.checkNonexistent(r, a, b)
			case packs.KindUnvalidated:
				lo, hi, ok = s.checkUnvalidated(r, a, b)
			case packs.KindStale:
				lo, hi, ok = s.checkStale(r, a, b, today)
			}
			if ok {
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

func span(a, b, v int) (int, int) {
	lo, hi := a, b
	if v >= 0 && v < lo {
		lo = v
	}
	if v >= hi {
		hi = v + 1
	}
	return lo, hi
}

// checkTerm: a phrase that is a claim by itself ("unhackable").
func (s *sentence) checkTerm(r *rule, a, b int) (int, int, bool) {
	if s.suppressed(a, b) {
		return 0, 0, false
	}
	if len(r.Near) > 0 && !s.hasWord(r.Near) {
		return 0, 0, false
	}
	if len(r.Unless) > 0 && s.hasWord(r.Unless) {
		return 0, 0, false
	}
	if !r.Standalone {
		// A bare term in a list ("- unhackable,") is a mention, not a claim.
		other := false
		for k, t := range s.toks {
			if (k < a || k >= b) && t.Kind == txt.Word {
				other = true
				break
			}
		}
		if !other {
			return 0, 0, false
		}
	}
	return a, b, true
}

// checkEndorsement: an agency tied to an approval verb, either as the
// agent right before it ("NSA certified", "The Government's decision
// endorses") or after "by" ("approved by ... NIST").
func (s *sentence) checkEndorsement(r *rule, a, b int) (int, int, bool) {
	v := -1
	for k := b; k < len(s.toks) && k < b+4; k++ {
		t := s.toks[k]
		if t.Flags&r.verbs != 0 {
			v = k
			break
		}
		if t.Kind == txt.Punct {
			if p := s.punct(k); p == '-' || p == '\'' || p == '\u2019' || p == '&' {
				continue
			}
			break
		}
		if !(s.is(k, "decision") || s.is(k, "has") || s.is(k, "have") || t.Flags&fAdv != 0) {
			break
		}
	}
	if v >= 0 && s.toks[v].Flags&vEndorsed == 0 {
		// "approved"/"certified" after the agency must be adjectival
		// ("Government-approved alternative", "NSA certified wiping"),
		// not a verb with an object ("the government approved the budget").
		if f := s.flag(v + 1); f&(fDet|fFirst|fPrep) != 0 && !s.is(v+1, "for") {
			v = -1
		}
	}
	if v >= 0 && s.toks[v].Flags&vEndorsed != 0 && s.all&(fProduct|fOrg) == 0 && !s.hasWord(securityWords) {
		v = -1 // an endorsement of what? products, a company or security
	}
	if v < 0 {
		// "<verb> by [up to 8 words] <agency>"
		for k := a - 1; k >= 0 && k >= a-10; k-- {
			if s.is(k, "by") {
				if s.flag(k-1)&r.verbs != 0 {
					v = k - 1
				} else if s.flag(k-1)&fAdv != 0 && s.flag(k-2)&r.verbs != 0 {
					v = k - 2
				}
				break
			}
			if s.isPunct(k) && s.punct(k) != ',' && s.punct(k) != '.' {
				break
			}
		}
	}
	if v < 0 || !s.nounOK(v) {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) {
		return 0, 0, false
	}
	return lo, hi, true
}

var securityWords = []string{"security", "secure", "safety", "credentials", "cybersecurity", "integrity"}

// checkScope: an organisation-scope scheme attributed to a product.
func (s *sentence) checkScope(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) {
		return 0, 0, false
	}
	kind, head := s.attributedTo(a, v)
	if kind != headProduct {
		return 0, 0, false
	}
	lo, hi = span(lo, hi, head)
	return lo, hi, true
}

// checkNonexistent: a scheme with a claim verb where no such
// certification exists ("HIPAA certified", "SOC 2 certified").
func (s *sentence) checkNonexistent(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 || (!r.NounForm && !s.nounOK(v)) {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) {
		return 0, 0, false
	}
	return lo, hi, true
}

// checkUnvalidated: "compliant"/"certified" where only a validated
// certificate counts, unless a certificate number is given.
func (s *sentence) checkUnvalidated(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 || !s.nounOK(v) || s.certNumber() {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) {
		return 0, 0, false
	}
	return lo, hi, true
}

// checkStale: a version (or a whole scheme) presented as current after
// it lapsed.
func (s *sentence) checkStale(r *rule, a, b int, today time.Time) (int, int, bool) {
	lo, hi := a, b
	if r.verbs != 0 {
		v := s.linkVerb(a, b, r.verbs)
		if v < 0 || !s.nounOK(v) {
			return 0, 0, false
		}
		lo, hi = span(a, b, v)
	}
	if len(r.Versions) > 0 {
		found := false
		for k := b; k < len(s.toks) && k < b+10; k++ {
			if s.toks[k].Flags&verbMask != 0 {
				break
			}
			if s.toks[k].Flags&fNum == 0 && !(s.toks[k].Kind == txt.Word && s.low[s.toks[k].Start-s.start] == 'v' && s.toks[k].End-s.toks[k].Start > 1) {
				continue
			}
			w := strings.TrimPrefix(s.w(k), "v")
			for _, ver := range r.Versions {
				if w == ver.Version && today.After(ver.After) {
					found = true
					if k >= hi {
						hi = k + 1
					}
				}
			}
		}
		if !found {
			return 0, 0, false
		}
	}
	if s.all&fRetro != 0 || s.suppressed(lo, hi) {
		return 0, 0, false
	}
	return lo, hi, true
}

// definitional: the scheme opens the sentence as the subject of a
// definition ("SOC 2 is a reporting framework").
func (s *sentence) definitional(a, b int) bool {
	k := 0
	for k < a && (s.isPunct(k) || s.flag(k)&fDet != 0) {
		k++
	}
	if k != a {
		return false
	}
	for b < len(s.toks) && (s.flag(b)&(fNum|fSkip) != 0 || s.isPunct(b)) {
		b++
	}
	return s.flag(b)&fCopula != 0 && s.flag(b+1)&fDet != 0
}
