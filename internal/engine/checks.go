package engine

import (
	"strings"
	"time"

	"github.com/certscope/certscope/internal/packs"
	txt "github.com/certscope/certscope/internal/text"
)

// evaluate runs the rules triggered by the hits of one sentence.
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
			if !on[r.pack] {
				continue
			}
			var lo, hi int
			var ok bool
			switch r.Kind {
			case packs.KindTerm:
				if termList {
					continue
				}
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
	if s.suppressed(lo, hi) {
		return 0, 0, false
	}
	return lo, hi, true
}

var securityWords = vocabWords("security")

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
		if lo, hi, ok := s.scopeByEvidence(a, b, v); ok {
			return lo, hi, ok
		}
		return s.scopeByPossession(a, b, v)
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.definitional(a, b) || s.generic(lo) {
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
	// "FIPS 140-2 certificates all moved to the Historical list": the
	// noun with a word of history in its clause reports a status change.
	if s.toks[v].Flags&fNoun != 0 && s.clauseHas(lo, hi, fRetro) {
		return 0, 0, false
	}
	return lo, hi, true
}

// clauseHas reports a token of class mask in the clause around [lo, hi):
// from its start to the next clause boundary after it.
func (s *sentence) clauseHas(lo, hi int, mask uint64) bool {
	for k := s.clauseStart(lo); k < len(s.toks); k++ {
		if k >= hi && s.isPunct(k) {
			switch s.punct(k) {
			case ',', ';', ':', '(', ')', '.', '!', '?', '\u2013', '\u2014', '|':
				return false
			}
		}
		if (k < lo || k >= hi) && s.toks[k].Flags&mask != 0 {
			return true
		}
	}
	return false
}

// checkStale: a version (or a whole scheme) presented as current after
// it lapsed.
func (s *sentence) checkStale(r *rule, a, b int, today time.Time) (int, int, bool) {
	if r.MaxAgeDays > 0 || r.Expiry {
		return s.checkAge(r, a, b, today)
	}
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

// checkAge: a certificate dated too long ago ("issued 14 March 2023" for
// a 12-month scheme) or "valid until" a date that has passed.
func (s *sentence) checkAge(r *rule, a, b int, today time.Time) (int, int, bool) {
	var lapsed bool
	var at int
	if r.MaxAgeDays > 0 {
		if t, k, ok := s.dateAfter(issueWords); ok && today.Sub(t) > time.Duration(r.MaxAgeDays)*24*time.Hour {
			lapsed, at = true, k
		}
	}
	if r.Expiry && !lapsed {
		if t, k, ok := s.dateAfter(expiryWords); ok && today.After(t) && !s.pastTense(a) {
			lapsed, at = true, k
		}
	}
	if !lapsed {
		return 0, 0, false
	}
	// "renewed", "expired", "formerly": the sentence already tells the
	// reader the certificate is not current (plain "was issued" does not).
	for _, t := range s.toks {
		if t.Flags&fRetro != 0 && !s.isWordIn(t, "was", "were", "had") {
			return 0, 0, false
		}
	}
	if s.hasWord(renewWords) || s.suppressed(a, b) {
		return 0, 0, false
	}
	lo, hi := a, b
	if at >= hi {
		hi = at + 1
	}
	for hi < len(s.toks) && s.toks[hi].Start < s.end && (s.flag(hi)&fNum != 0 || s.isPunct(hi) && s.punct(hi) != ')' && s.punct(hi) != '.' && s.punct(hi) != ';' || s.toks[hi].Kind == txt.Word && monthNames[s.w(hi)] != 0) && hi <= at+5 {
		hi++
	}
	for hi > lo+1 && s.isPunct(hi-1) {
		hi--
	}
	return lo, hi, true
}

// pastTense reports "was", "were" or "had" before token a in its clause:
// "We were certified until 2025" reports history, it claims nothing now.
func (s *sentence) pastTense(a int) bool {
	for k := s.clauseStart(a); k < a; k++ {
		if s.isWordIn(s.toks[k], "was", "were", "had") {
			return true
		}
	}
	return false
}

var renewWords = vocabWords("renewal")

func (s *sentence) isWordIn(t txt.Token, ws ...string) bool {
	w := string(s.low[t.Start-s.start : t.End-s.start])
	for _, x := range ws {
		if w == x {
			return true
		}
	}
	return false
}

// inURL reports whether the hit at byte i sits in a URL, e-mail address
// or file path: it follows a '/' or '@' directly, or the run of
// non-space bytes before it contains "://", "www." or "@".
func inURL(text string, i, lo int) bool {
	if i > lo && (text[i-1] == '/' || text[i-1] == '@') {
		return true
	}
	for j := i - 1; j >= lo && j > i-300; j-- {
		switch c := text[j]; c {
		case ' ', '\t', '\n', '"', '\'', '<', '>', '(', '[':
			return false
		case '@':
			return true
		case '/':
			if j >= 2 && text[j-1] == '/' && text[j-2] == ':' {
				return true
			}
		case '.':
			if j >= lo+3 && (text[j-3:j] == "www" || text[j-3:j] == "WWW") {
				return true
			}
		}
	}
	return false
}

var evidenceVerbs = vocabSet("evidence_verb")

// scopeByEvidence: "<scheme> certification confirms that our cameras
// meet ..." presents an organisation certificate as evidence about products.
func (s *sentence) scopeByEvidence(a, b, v int) (int, int, bool) {
	k := v + 1
	if k >= len(s.toks) || !evidenceVerbs[s.w(k)] {
		return 0, 0, false
	}
	for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
		f := s.toks[j].Flags
		if f&fProduct != 0 {
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

var algoWords = vocabSet("algorithm")

// scopeByPossession: "<product> carries/holds/boasts <scheme>
// certification", "<product> is backed by <scheme> certification".
func (s *sentence) scopeByPossession(a, b, v int) (int, int, bool) {
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
	if kind != headProduct {
		return 0, 0, false
	}
	lo, hi := span(a, b, v)
	if s.suppressed(lo, hi) || s.negated(k) || s.generic(head) {
		return 0, 0, false
	}
	lo, hi = span(lo, hi, head)
	return lo, hi, true
}

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
