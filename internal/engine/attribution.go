// Attribution: what a certificate is attributed to (product, organisation
// or person), by the head noun of the claim's subject or object.

package engine

import (
	"strings"

	txt "github.com/certscope/certscope/internal/text"
)

// head classes for the scope check.
const (
	headNone = iota
	headProduct
	headOrg
	headPlatform // a platform the organisation runs: its certificate may cover operating it
	headPerson
)

func headOf(f uint64) int {
	switch {
	case f&fPerson != 0:
		return headPerson
	case f&fProduct != 0:
		return headProduct
	case f&fPlatform != 0:
		return headPlatform
	case f&(fOrg|fFirst) != 0:
		return headOrg
	}
	return headNone
}

// attributedTo finds what a certificate is attributed to: the noun after
// the verb ("certified products", "certified software developers"),
// else the subject before a copula ("our cameras are ... certified"), else
// a noun right before a participle ("products certified to ...").
func (s *sentence) attributedTo(schemeLo, v int) (kind int, headTok int) {
	if v >= schemeLo { // verb after (or inside) the scheme name
		kind, headTok = headNone, -1
		unknown := 0
		for k := v + 1; k < len(s.toks) && k < v+8; k++ {
			t := s.toks[k]
			if t.Kind == txt.Punct {
				if r := s.punct(k); r == '-' || r == '/' {
					continue
				}
				break
			}
			f := t.Flags
			if f&fDet != 0 {
				break // "certified data centres host our SaaS": a new noun phrase
			}
			if h := headOf(f); h != headNone {
				// The last noun of a compound is its head:
				// "software developers", "software development process".
				kind, headTok, unknown = h, k, 0
				continue
			}
			if f&(fPrep|fDet|fCopula|fBreak|verbMask|fNeg|fIndef|fFirst|fPossess) != 0 || s.is(k, "and") || s.is(k, "or") || s.is(k, "that") || s.is(k, "which") || s.is(k, "from") {
				break
			}
			unknown++
			if unknown > 3 || kind != headNone && unknown > 1 {
				break
			}
		}
		if kind != headNone {
			return kind, headTok
		}
	}
	// The subject: back from the earlier of scheme and verb.
	from := schemeLo
	if v < from {
		from = v
	}
	k := from - 1
	// Skip versions, other schemes and coordinated predicates: "is GDPR
	// compliant and ISO 27001 certified".
	for k >= 0 && (s.flag(k)&(fAdv|fSch|fNum|fSkip|verbMask) != 0 || s.is(k, "and") || isQuoteRune(s.punct(k)) || s.punct(k) == '&' || s.punct(k) == '-' || s.punct(k) == ',' && s.flag(k-1)&(fSch|verbMask) != 0) {
		k--
	}
	if k < 0 {
		return headNone, -1
	}
	// A coordinated predicate: "are signed and ISO 27001 certified",
	// "are fast, secure and ISO 27001 certified".
	if s.is(k+1, "and") || s.punct(k+1) == ',' {
		j := k
		for j >= 0 && j > k-6 && (s.toks[j].Kind == txt.Word && s.flag(j)&^fAdv == 0 || s.punct(j) == ',') {
			j--
		}
		if j >= 0 && j < k && s.flag(j)&fCopula != 0 {
			k = j
		}
	}
	if s.flag(k)&fCopula != 0 {
		return s.subjectOf(k)
	}
	// A headline's dash or colon links a product to its predicate:
	// "Acme Pro Series NVRs — now ISO 27001 certified!".
	if r := s.punct(k); (r == '\u2014' || r == '\u2013' || r == ':') && v > schemeLo {
		if h := headOf(s.flag(k - 1)); h == headProduct || h == headPlatform {
			return h, k - 1
		}
	}
	if v < schemeLo { // participle: "products certified to ISO 9001"
		if h := headOf(s.flag(k)); h != headNone {
			return h, k
		}
	}
	return headNone, -1
}

// subjectOf finds the head noun of the subject of the verb at token k,
// scanning left. The head of "the company behind the X200 router" is
// "company": a noun left of a preposition wins over the nouns after it.
// A relative clause is skipped: "the team that builds our routers",
// "every device we ship". A complementiser "that" ("we guarantee that
// our cameras are ...") ends the subject.
func (s *sentence) subjectOf(k int) (kind int, headTok int) {
	kind, headTok = headNone, -1
	for j := k - 1; j >= 0 && j >= k-10; j-- {
		if s.isPunct(j) {
			if r := s.punct(j); r == '\'' || r == '\u2019' || r == '-' {
				continue
			}
			break
		}
		f := s.toks[j].Flags
		w := s.w(j)
		if w == "that" || w == "which" || w == "who" {
			if h := headOf(s.flag(j - 1)); h != headNone && j < k-1 {
				return h, j - 1 // relative clause: its antecedent is the head
			}
			break
		}
		// "device we ship is": a pronoun subject inside the noun phrase.
		if f&fPronoun != 0 && f&fDet == 0 && j < k-1 && kind == headNone {
			if h := headOf(s.flag(j - 1)); h != headNone {
				return h, j - 1
			}
		}
		if w == "whose" {
			break // "a team whose ISMS is ...": the ISMS is the subject
		}
		if nounPreps[w] {
			// A noun right before the preposition heads the phrase;
			// keep this one as the fallback ("In 2024 our cameras are").
			if headOf(s.flag(j-1)) != headNone {
				if h, t := s.subjectOf(j); h != headNone {
					return h, t
				}
			}
			break
		}
		if h := headOf(f); h != headNone {
			if kind == headNone {
				kind, headTok = h, j
				// "Northwind Devices holds ...": a product word inside a
				// company name names the company.
				if h == headProduct && s.properName(j) {
					kind = headOrg
				}
			}
			continue
		}
		if kind != headNone && (f&(fCopula|verbMask|fBreak|fPossess) != 0 || s.is(j, "and")) {
			break
		}
		if f&(fCopula|fNeg|fAdv|fDet|fIndef|fFirst) != 0 || s.is(j, "and") || s.is(j, "also") {
			continue
		}
		if f&fBreak != 0 {
			break
		}
	}
	return kind, headTok
}

// nounPreps introduce a noun phrase's complement: "the manufacturer of
// our sensors", "the company behind the X200".
var nounPreps = vocabSet("noun_preposition")

// properName reports a capitalised word after another capitalised word
// that is not a determiner, in a sentence that is not in title case
// ("Northwind Devices holds ..."; not "Hikvision Cameras Now Certified",
// not "Our Cameras are ...").
func (s *sentence) properName(j int) bool {
	upper := func(i int) bool {
		if i < 0 || i >= len(s.toks) || s.toks[i].Kind != txt.Word {
			return false
		}
		c := s.text[s.toks[i].Start]
		return c >= 'A' && c <= 'Z'
	}
	if !upper(j) || !upper(j-1) || s.flag(j-1)&(fDet|fFirst|fIndef|fNum) != 0 {
		return false
	}
	// An acronym ("NVR") or a model code before it ("X200 NVR") is a
	// product, not part of a name.
	t, p := s.text[s.toks[j].Start:s.toks[j].End], s.text[s.toks[j-1].Start:s.toks[j-1].End]
	if strings.ToUpper(t) == t || strings.ContainsAny(p, "0123456789") {
		return false
	}
	// Title case: every word of four letters or more is capitalised.
	for i, t := range s.toks {
		if i > 0 && t.Kind == txt.Word && t.End-t.Start >= 4 && !upper(i) && s.flag(i)&fNum == 0 {
			return true
		}
	}
	return false
}
