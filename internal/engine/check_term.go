package engine

import (
	"strings"

	txt "github.com/certscope/certscope/internal/text"
)

// checkTerm: a phrase that is a claim by itself ("unhackable").
func (s *sentence) checkTerm(r *rule, a, b int) (int, int, bool) {
	if s.headMention || s.meta(a, b) || s.asked(a) || s.notCopy || a > s.comment || s.anyQuoted(a, b) || s.negated(a) || s.hedgedMask(a, b, fHedgeB|fReq|fGeneric) {
		return 0, 0, false
	}
	// "his unhackable wallet", "their military-grade encryption": a
	// third party's claim reported; "the only unbreakable cipher is the
	// one-time pad": a general statement.
	if s.reported(a) || s.onlyIs(a, b) || s.bounded(a, b) || s.identifierArg(a, b) {
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
		// So is a term that is the whole line ("100% Secure" beside a
		// check mark).
		slogan := a == 0 && (b == len(s.toks) || b == len(s.toks)-1 && (s.punct(b) == '.' || s.punct(b) == '!'))
		if !other && !slogan {
			return 0, 0, false
		}
	}
	return a, b, true
}

// reported: a third person's possessive ("his", "her", "their") owns the
// claimed thing, or a named one in a sentence about claims.
func (s *sentence) reported(a int) bool {
	k := a - 1
	for k >= 0 && s.flag(k)&fAdv != 0 {
		k--
	}
	if thirdPossessive[s.w(k)] {
		return true
	}
	// A named owner ("Bitfi's unhackable wallet") is a report when the
	// sentence also talks about claims ("... has dropped the claim").
	if w := s.w(k); k >= 0 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s")) {
		c := s.text[s.toks[k].Start]
		return c >= 'A' && c <= 'Z' && s.all&fMeta != 0
	}
	return false
}

var thirdPossessive = vocabSet("third_possessive")

// onlyIs: "the only <term> <noun> is ...", a definition of what could
// deserve the term, not a claim that something does.
func (s *sentence) onlyIs(a, b int) bool {
	k := a - 1
	for k >= 0 && k >= a-3 && s.flag(k)&fAdv == 0 && !s.is(k, "only") && !s.isPunct(k) {
		k--
	}
	if !s.is(k, "only") || !s.is(k-1, "the") {
		return false
	}
	for j := b; j < len(s.toks) && j <= b+3; j++ {
		if s.flag(j)&fCopula != 0 {
			return true
		}
	}
	return false
}

// bounded: an absolute softened by an approximator and bounded by a
// condition ("practically impossible for anyone to access your files
// without your password", "virtually unbreakable with current
// technology") states a limit, not a guarantee.
func (s *sentence) bounded(a, b int) bool {
	// "no one can access your account without the code" describes how
	// access works: the condition alone bounds it.
	access := false
	for k := a; k < b; k++ {
		access = access || s.is(k, "access") || s.is(k, "accessed")
	}
	if !approximators[s.w(a-1)] && !approximators[s.w(a)] && !access {
		return false
	}
	// "Even if someone knew the name, they would not be able to access it."
	for k := 0; access && k < a; k++ {
		if s.is(k, "if") {
			return true
		}
	}
	for k := b; k < len(s.toks); k++ {
		w := s.w(k)
		if conditions[w] && (w != "current" && w != "today's" && w != "existing" || s.is(k-1, "with")) {
			return true
		}
	}
	return false
}

var approximators, conditions = vocabSet("approximator"), vocabSet("condition")

// identifierArg: the term alone, in lower case, as a quoted argument of a
// call or a key's value (setMode("unhackable"), password: 'uncrackable')
// is an identifier, a state or a value in code, not copy a reader sees
// (badges and titles are capitalised).
func (s *sentence) identifierArg(a, b int) bool {
	if p := s.punct(a - 2); !isQuoteRune(s.punct(a-1)) || !isQuoteRune(s.punct(b)) || p != '(' && p != ':' && p != '=' {
		return false
	}
	lo, hi := s.toks[a].Start, s.toks[b-1].End
	return strings.ToLower(s.text[lo:hi]) == s.text[lo:hi] && !strings.ContainsAny(s.text[lo:hi], " \t")
}
