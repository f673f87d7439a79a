package engine

// checkNonexistent: a scheme with a claim verb where no such
// certification exists ("HIPAA certified", "SOC 2 certified").
func (s *sentence) checkNonexistent(r *rule, a, b int) (int, int, bool) {
	v := s.linkVerb(a, b, r.verbs)
	if v < 0 || (!r.NounForm && !s.nounOK(v)) {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) || s.generic(lo) {
		return 0, 0, false
	}
	// People hold training certificates: "HIPAA certified staff",
	// "get HIPAA certified with our online course".
	if kind, _ := s.attributedTo(a, v); kind == headPerson || s.all&fTraining != 0 {
		return 0, 0, false
	}
	return lo, hi, true
}
