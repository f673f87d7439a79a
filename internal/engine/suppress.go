// Suppressions every check kind shares: meta-talk, questions, negation,
// hedges and requirements, definitions and generic noun phrases.

package engine

import txt "github.com/certscope/certscope/internal/text"

// negated reports a negation in the clause before token lo ("not only"
// and "not just" do not negate).
func (s *sentence) negated(lo int) bool {
	for k := s.clauseStart(lo); k < lo; k++ {
		if s.toks[k].Flags&fNeg == 0 {
			continue
		}
		if s.is(k, "not") && (s.is(k+1, "only") || s.is(k+1, "just")) {
			continue
		}
		// "no-log", "no further", "no hidden fees": idioms, not negation.
		if s.is(k, "no") && (s.punct(k+1) == '-' || noIdiom[s.w(k+1)]) {
			continue
		}
		// A fronted "Without a backend database, ..." and a subject "No
		// servers means ..." do not negate the claim after them.
		if s.is(k, "without") && s.punctBetween(k, lo, ',') || s.is(k, "no") && s.meansAfter(k, lo) {
			continue
		}
		return true
	}
	// In a table row a negation in any cell qualifies the row.
	return s.table && s.all&fNeg != 0
}

var noIdiom = vocabSet("no_idiom")

// punctBetween reports the punctuation r between tokens i and j.
func (s *sentence) punctBetween(i, j int, r rune) bool {
	for k := i + 1; k < j; k++ {
		if s.punct(k) == r {
			return true
		}
	}
	return false
}

// meansAfter: "no <noun> mean(s)" before token lo ("No server uploads
// mean zero risk ...").
func (s *sentence) meansAfter(k, lo int) bool {
	for j := k + 2; j < lo && j <= k+4; j++ {
		if s.is(j, "means") || s.is(j, "mean") {
			return true
		}
	}
	return false
}

// hedged reports a future or in-progress qualifier: before the claim in
// its clause, or just after it ("(in progress)", "within 90 days").
func (s *sentence) hedged(lo, hi int) bool {
	return s.hedgedMask(lo, hi, fHedgeB|fReq|fGeneric|fModal)
}

// hedgedMask is hedged with a choice of the before-claim classes: a
// phrase claim ("will be protected by military-grade encryption") stays
// a claim in the future tense, a certification status does not.
func (s *sentence) hedgedMask(lo, hi int, before uint64) bool {
	for k := s.clauseStart(lo); k < lo; k++ {
		f := s.toks[k].Flags & before
		// A modal governs the claim only when close to it ("will be
		// SOC 2 certified"), not "you can be sure ... government-approved".
		if f&^fModal != 0 || f != 0 && lo-k <= 4 {
			return true
		}
	}
	for k := hi; k < len(s.toks) && k < hi+7; k++ {
		f := s.toks[k].Flags
		if f&fHedgeA != 0 {
			return true
		}
		if s.is(k, "in") && s.is(k+1, "process") {
			return true
		}
		if k == hi && s.is(k, "within") && s.flag(k+1)&fNum != 0 && isPeriod(s.w(k+2)) || s.is(k, "by") && s.isYear(k+1) {
			return true
		}
		// "HIPAA certification required", "FIPS 140-2 validation is required"
		if (k == hi || k == hi+1 && s.flag(hi)&fCopula != 0) && s.flag(k)&fReq != 0 {
			return true
		}
	}
	return false
}

func isPeriod(w string) bool { return periodWords[w] }

var periodWords = vocabSet("period")

// suppressed applies the checks every kind shares: meta-talk, questions,
// quotation, negation and hedges around the claim tokens [lo, hi).
func (s *sentence) suppressed(lo, hi int) bool {
	return s.headMention || s.meta(lo, hi) || s.asked(lo) || s.notCopy || lo > s.comment || s.anyQuoted(lo, hi) || s.negated(lo) || s.hedged(lo, hi) || s.advised(lo) || s.genericSubject(lo)
}

// genericSubject: the claim's subject is "a"/"an" and a noun ("when an
// organization is Privacy Shield-certified", "a vendor is SOC 2
// compliant if ..."): a statement about any such party, not a claim.
func (s *sentence) genericSubject(lo int) bool {
	k := lo - 1
	for k >= 0 && s.flag(k)&fAdv != 0 {
		k--
	}
	if k < 1 || s.flag(k)&fCopula == 0 {
		return false
	}
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if s.is(j, "a") || s.is(j, "an") {
			return j < k-1
		}
		if s.toks[j].Kind != txt.Word || s.flag(j)&(fDet|fFirst|fPronoun) != 0 {
			return false
		}
	}
	return false
}

// advised reports an imperative of advice opening the claim's clause
// ("Use FIPS 140-3 validated modules", "Validation: require ..."): the
// reader is told what to look for, the page claims nothing.
func (s *sentence) advised(lo int) bool {
	k := s.clauseStart(lo)
	// A string's start counts as a clause start: "description='Enable ...".
	for j := lo - 1; j > k; j-- {
		if r := s.punct(j); r == '=' || isQuoteRune(r) {
			k = j + 1
			break
		}
	}
	for k < lo && (s.isPunct(k) || s.flag(k)&fAdv != 0) {
		k++
	}
	return k < lo && adviceVerbs[s.w(k)] && s.toks[k].Kind == txt.Word
}

var adviceVerbs = vocabSet("advice_verb")

// meta reports talk about claims that governs the claim tokens [lo, hi):
// a meta word before the claim in the same sentence part (reported
// speech, "avoid", "example:"; a ';' starts a new part), or after it in
// the same clause ("... is a misleading term"). The claim's own words
// ("cannot be hacked") and a later clause (", which means peace of mind",
// ", meaning they meet ...") do not count.
func (s *sentence) meta(lo, hi int) bool {
	if s.all&fMeta == 0 {
		return false
	}
	if s.soCalled {
		return true
	}
	// A claim in quotation marks (or a string literal) is a mention
	// as soon as the sentence talks about claims anywhere: '"HIPAA
	// certified", "NDAA Certified" -> nonexistent (but avoid ...)'.
	if isQuoteRune(s.punct(lo-1)) || isQuoteRune(s.punct(hi)) {
		for k, t := range s.toks {
			if (k < lo || k >= hi) && t.Flags&fMeta != 0 {
				return true
			}
		}
	}
	// A list of items after "Never claim:" runs on through its ';'s. A
	// clause of the page's own voice after a comma ("While others were
	// breached, our cloud ...") is not governed by what comes before it.
	listed := false
	stop := -1
	if cs := s.clauseStart(lo); cs > 0 && s.punct(cs-1) == ',' && s.flag(cs)&fFirst != 0 {
		stop = cs - 1
	}
	for k := lo - 1; k > stop; k-- {
		if s.punct(k) == ';' && !listed {
			listed = s.listAfterColon(k)
			if !listed {
				break
			}
		}
		if s.toks[k].Flags&fMeta != 0 && !metaAfterOnly[s.w(k)] {
			return true
		}
	}
	// After the claim the meta word must belong to a short predicate about
	// it ("... is a misleading term", "... usually just means AES-256"),
	// not to the object of the claim's own clause ("our HIPAA certified
	// app handles insurance claims").
	content, copula := 0, false
	for k := hi; k < len(s.toks); k++ {
		if s.isPunct(k) {
			// A comma inside a list of claims ("HIPAA certified, GDPR
			// certified and NDAA certified are phrases to avoid") does
			// not end the clause.
			if s.punct(k) == ',' && (s.flag(k+1)&fHit != 0 || (s.is(k+1, "and") || s.is(k+1, "or")) && s.flag(k+2)&fHit != 0) {
				continue
			}
			switch s.punct(k) {
			case ',', ';', ':', '(', ')', '.', '!', '?', '\u2013', '\u2014', '|':
				return false
			}
			continue
		}
		f := s.toks[k].Flags
		if f&fMeta != 0 {
			return copula || content < 3
		}
		if f&fBreak != 0 {
			return false
		}
		if f&fCopula != 0 {
			copula = true
		} else if f&(fDet|fAdv|fPrep|fNeg|fGeneric|fIndef|fModal) == 0 {
			content++
		}
	}
	return false
}

var metaAfterOnly = vocabSet("meta_after_only")

// listAfterColon reports that the ';' at token k separates items of a
// list opened by a colon earlier in the sentence ("Never claim: a; b; c").
func (s *sentence) listAfterColon(k int) bool {
	for j := k - 1; j >= 0; j-- {
		switch s.punct(j) {
		case ':':
			return true
		case '.', '!', '?':
			return false
		}
	}
	return false
}

// asked reports whether token i is inside a question.
func (s *sentence) asked(i int) bool {
	for _, q := range s.questions {
		if i >= q[0] && i <= q[1] {
			return true
		}
	}
	return false
}

// generic: the scheme opens an indefinite noun phrase that is not a
// predicate ("A SOC 2 certified vendor has ..." but not "Acme is a
// GDPR-certified company").
func (s *sentence) generic(a int) bool {
	k := a - 1
	for k >= 0 && s.flag(k)&fAdv != 0 {
		k--
	}
	if k < 0 || s.flag(k)&fIndef == 0 {
		return false
	}
	return s.flag(k-1)&fCopula == 0 && !s.is(k-1, "as")
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
