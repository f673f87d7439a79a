package engine

import (
	"strings"
	"time"

	txt "github.com/certscope/certscope/internal/text"
)

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
		// The version follows the scheme ("PCI DSS 3.2.1"), or the claim
		// verb when it is named as one ("certified against the latest
		// version (v3.2.1)"; not "certified since 2013"); another scheme
		// ends the search.
		found, pastVerb := false, false
		for k := b; k < len(s.toks) && k < b+12; k++ {
			if s.toks[k].Flags&fSch != 0 {
				break
			}
			if s.toks[k].Flags&verbMask != 0 {
				pastVerb = true
			}
			vword := s.toks[k].Kind == txt.Word && s.low[s.toks[k].Start-s.start] == 'v' && s.toks[k].End-s.toks[k].Start > 1
			if s.toks[k].Flags&fNum == 0 && !vword {
				continue
			}
			if pastVerb && !vword && !s.is(k-1, "version") {
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
	if s.all&fRetro != 0 || s.suppressed(lo, hi) || s.definitional(a, b) {
		return 0, 0, false
	}
	return lo, hi, true
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

var renewWords = vocabWords("renewal")
