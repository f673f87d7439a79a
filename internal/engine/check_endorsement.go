package engine

import txt "github.com/certscope/certscope/internal/text"

// checkEndorsement: an agency tied to an approval verb, either as the
// agent right before it ("NSA certified", "The Government's decision
// endorses") or after "by" ("approved by ... NIST").
func (s *sentence) checkEndorsement(r *rule, a, b int) (int, int, bool) {
	if len(r.Near) > 0 && !s.hasWord(r.Near) && !s.badgeBy(r, a, b) {
		return 0, 0, false
	}
	if len(r.Unless) > 0 && s.hasWord(r.Unless) {
		return 0, 0, false
	}
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
		if !(agencyActs[s.w(k)] || s.is(k, "has") || s.is(k, "have") || t.Flags&fAdv != 0) {
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
	if v >= 0 && s.toks[v].Flags&vEndorsed != 0 && s.all&(fProduct|fOrg|fPlatform) == 0 && !s.hasWord(securityWords) {
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
	// The noun ("government endorsement") names the idea; the claim is
	// the verb or adjective ("endorsed by", "government-approved").
	if v < 0 || s.toks[v].Flags&fNoun != 0 {
		return 0, 0, false
	}
	// "NIST-approved algorithms" is a technical term (FIPS-approved
	// security functions), not an endorsement of a vendor.
	for k := v + 1; k < len(s.toks) && k <= v+3; k++ {
		if algoWords[s.w(k)] {
			return 0, 0, false
		}
	}
	lo, hi := span(a, b, v)
	// The context (a context word or a product noun) must come from
	// outside the claim: "NIST certified values" is not about security
	// because "certified" is a context word.
	if len(r.Near) > 0 && !s.hasWordOutside(r.Near, lo, hi) && !s.hasFlagOutside(fProduct, lo, hi) && !s.badgeBy(r, a, b) && !s.badgeText(lo, hi) {
		return 0, 0, false
	}
	// What is approved is a course or a person ("NCSC-certified degree",
	// "NSA-certified instructors"): a credential, not a product.
	if v >= b {
		for k := v + 1; k < len(s.toks) && k <= v+3 && !s.isPunct(k); k++ {
			if s.flag(k)&(fTraining|fPerson) != 0 {
				return 0, 0, false
			}
		}
	}
	if s.suppressed(lo, hi) {
		return 0, 0, false
	}
	return lo, hi, true
}

var agencyActs = vocabSet("agency_act")

var securityWords = vocabWords("security")

var algoWords = vocabSet("algorithm")

// badgeBy: the sentence is only "<Approved|Certified> by [the] <agency>"
// ("Approved by the NCSC."), a badge about the page's subject. Context
// words keep news ("the government approved the budget") out; a bare
// badge has none and needs none.
func (s *sentence) badgeBy(r *rule, a, b int) bool {
	k := 0
	for k < len(s.toks) && s.isPunct(k) {
		k++
	}
	if k+1 >= a || s.flag(k)&r.verbs == 0 || s.flag(k)&fNoun != 0 || !s.is(k+1, "by") {
		return false
	}
	for j := k + 2; j < a; j++ {
		if s.flag(j)&fDet == 0 {
			return false
		}
	}
	for j := b; j < len(s.toks); j++ {
		if !s.isPunct(j) {
			return false
		}
	}
	return true
}

// badgeText: the claim is a whole text node or line ("<div>CJIS
// Certified</div>", "NSA Approved"): a badge about the page's subject.
func (s *sentence) badgeText(lo, hi int) bool {
	before := lo == 0 || s.punct(lo-1) == '>'
	after := hi >= len(s.toks) || s.punct(hi) == '<' || hi == len(s.toks)-1 && s.isPunct(hi)
	// or a whole string: title: 'NCSC Certified',
	str := isQuoteRune(s.punct(lo-1)) && s.punct(hi) == s.punct(lo-1) && (s.punct(lo-2) == ':' || s.punct(lo-2) == '=')
	return before && after || str
}
