package engine

import txt "github.com/certscope/certscope/internal/text"

// checkTerm: a phrase that is a claim by itself ("unhackable").
func (s *sentence) checkTerm(r *rule, a, b int) (int, int, bool) {
	if s.meta(a, b) || s.asked(a) || s.todo || s.anyQuoted(a, b) || s.negated(a) || s.hedgedMask(a, b, fHedgeB|fReq|fGeneric) {
		return 0, 0, false
	}
	// The context word must be outside the term: "total protection" is
	// not its own context.
	if len(r.Near) > 0 && !s.hasWordOutside(r.Near, a, b) {
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
		// A bare term that ends a sentence of its own ("Unhackable.",
		// "Unhackable!") is a slogan: a claim.
		slogan := a == 0 && b == len(s.toks)-1 && (s.punct(b) == '.' || s.punct(b) == '!')
		if !other && !slogan {
			return 0, 0, false
		}
	}
	return a, b, true
}
