package engine

// checkScope: an organisation-scope scheme attributed to a product.
func (s *sentence) checkScope(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 {
		return 0, 0, false
	}
	if s.toks[v].Flags&fNoun != 0 {
		// The noun attributes the certificate only through a verb of
		// evidence ("the certification confirms that our cameras ...")
		// or of possession with a product subject ("the X5 webcam boasts
		// ISO 27001 certification"); not "compliance solutions".
		if lo, hi, ok := s.scopeByEvidence(r, a, b, v); ok {
			return lo, hi, ok
		}
		return s.scopeByPossession(r, a, b, v)
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) || s.generic(lo) {
		return 0, 0, false
	}
	kind, head := s.attributedTo(a, v)
	if kind != r.target {
		return 0, 0, false
	}
	lo, hi = span(lo, hi, head)
	return lo, hi, true
}

var evidenceVerbs = vocabSet("evidence_verb")

// scopeByEvidence: "<scheme> certification confirms that our cameras
// meet ..." presents an organisation certificate as evidence about products.
func (s *sentence) scopeByEvidence(r *rule, a, b, v int) (int, int, bool) {
	k := v + 1
	if k >= len(s.toks) || !evidenceVerbs[s.w(k)] {
		return 0, 0, false
	}
	for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
		f := s.toks[j].Flags
		if headOf(f) == r.target {
			lo, hi := span(a, b, v)
			lo, hi = span(lo, hi, j)
			if s.suppressed(lo, hi) || s.generic(lo) {
				return 0, 0, false
			}
			return lo, hi, true
		}
		if !(f&(fDet|fFirst|fAdv|fPrep) != 0 || s.is(j, "that") || s.isPunct(j)) {
			break
		}
	}
	return 0, 0, false
}

// scopeByPossession: "<product> carries/holds/boasts <scheme>
// certification", "<product> is backed by <scheme> certification".
func (s *sentence) scopeByPossession(r *rule, a, b, v int) (int, int, bool) {
	if v < b {
		return 0, 0, false
	}
	k := a - 1
	for k >= 0 && s.flag(k)&(fDet|fAdv) != 0 {
		k--
	}
	switch {
	case s.flag(k)&fPossess != 0:
	case s.is(k, "by") && s.is(k-1, "backed"):
		k--
	default:
		return 0, 0, false
	}
	kind, head := s.subjectOf(k)
	if kind != r.target {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.negated(k) || s.generic(head) {
		return 0, 0, false
	}
	lo, hi = span(lo, hi, head)
	return lo, hi, true
}
