package engine

// checkUnvalidated: "compliant"/"certified" where only a validated
// certificate counts, unless a certificate number is given.
func (s *sentence) checkUnvalidated(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 || !s.nounOK(v) {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) || s.certNumber() {
		return 0, 0, false
	}
	// "FIPS 140-2 certificates all moved to the Historical list": the
	// noun with a word of history in its clause reports a status change.
	if s.toks[v].Flags&fNoun != 0 && s.clauseHas(lo, hi, fRetro) {
		return 0, 0, false
	}
	return lo, hi, true
}
