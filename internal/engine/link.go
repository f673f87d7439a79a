// Claim linking: the claim verb tied to a scheme hit, certificate numbers.

package engine

import (
	"strings"

	txt "github.com/certscope/certscope/internal/text"
)

// certNumber reports a certificate number in the sentence or in the rest
// of its block (the line it is on: "... FIPS 140-3 validated. See
// certificate #4745."): "#4440", "certificate 4440", "cert. no. 1234".
func (s *sentence) certNumber() bool {
	if blockCertNumber(s.text, s.start, s.end) {
		return true
	}
	for i := range s.toks {
		if s.punct(i) == '#' && s.flag(i+1)&fNum != 0 {
			return true
		}
		if (s.is(i, "certificate") || s.is(i, "cert")) && (s.flag(i+1)&fNum != 0 || s.is(i+1, "no") || s.is(i+1, "number")) {
			return true
		}
	}
	return false
}

// linkVerb finds the claim verb (one of mask) tied to the hit covering
// tokens [a, b): inside the hit ("Type II certification"), after it
// past versions, levels and other schemes ("ISO 9001:2015 & ISO 14001
// certified", "FIPS 140-2 Level 3 validated"), or before it through a
// preposition ("certified to ISO/IEC 27001", "complies with the ...").
func (s *sentence) linkVerb(a, b int, mask uint64) int {
	for k := a; k < b; k++ {
		if s.toks[k].Flags&mask != 0 {
			return k
		}
	}
	depth := 0
	for k, n := b, 0; k < len(s.toks) && n < 16; k, n = k+1, n+1 {
		t := s.toks[k]
		if t.Kind == txt.Punct {
			switch s.punct(k) {
			case '(':
				depth++
				continue
			case ')':
				if depth > 0 {
					depth--
					continue
				}
			case ':', '-', '/', '&', ',', '+', '*', '\'', '"', '\u2018', '\u2019', '\u201C', '\u201D', '\u2010', '\u2011', '\u2013':
				continue
			default:
				if depth > 0 {
					continue
				}
			}
			break
		}
		if depth > 0 {
			continue
		}
		if t.Flags&mask != 0 {
			return k
		}
		if t.Flags&(fNum|fSch|fSkip|fAdv) != 0 || s.is(k, "and") || s.is(k, "or") || s.is(k, "plus") {
			continue
		}
		break
	}
	for k, n := a-1, 0; k >= 0 && n < 8; k, n = k-1, n+1 {
		t := s.toks[k]
		if t.Kind == txt.Punct {
			switch s.punct(k) {
			case ',', '&', '-', '/', '\'', '"', '\u2018', '\u2019', '\u201C', '\u201D':
				continue
			}
			return s.labelVerb(a, mask)
		}
		if t.Flags&mask != 0 {
			// A verb that directly follows another scheme's name is that
			// scheme's ("ISO 27001 certification and SOC 2 audit").
			if k < a-1 && s.followsScheme(k) {
				return -1
			}
			// Only through a preposition or directly adjacent.
			return k
		}
		if t.Flags&(fPrep|fDet|fAdv|fNum|fSch|fSkip) != 0 || s.is(k, "and") || s.is(k, "or") {
			continue
		}
		return s.labelVerb(a, mask)
	}
	return s.labelVerb(a, mask)
}

// labelVerb finds a label that a list of schemes sits under, in the same
// line: "Certifications: HIPAA, ISO 27001", "Current certifications:
// ISO/IEC 27001:2013 and ISO 9001:2015". The label is the claim verb.
func (s *sentence) labelVerb(a int, mask uint64) int {
	// A record's status: { name: 'SOC 2 Type II', status: 'Certified' }.
	for k := a + 1; k+3 < len(s.toks); k++ {
		if s.is(k, "status") && s.punct(k+1) == ':' && isQuoteRune(s.punct(k+2)) && s.flag(k+3)&mask&^fNoun != 0 {
			return k + 3
		}
	}
	for k := a - 1; k >= 0; k-- {
		if s.isPunct(k) {
			switch s.punct(k) {
			case ':':
				if s.flag(k-1)&mask != 0 && s.flag(k-1)&fNoun != 0 {
					return k - 1
				}
				return -1
			case ',', '&', '/', '-', '(', ')', '*', '+', '\u2022':
			default:
				return -1
			}
			continue
		}
		if s.flag(k)&(fNum|fSch|fSkip) == 0 && !s.is(k, "and") {
			return -1
		}
	}
	// A list item of schemes under a "Certifications:" heading
	// (block.go): the scheme's first token stands for the heading's verb.
	if s.headVerbs&mask != 0 {
		return a
	}
	return -1
}

// followsScheme reports whether token k comes right after a scheme name,
// past its version and level words ("ISO 27001:2022 certification").
func (s *sentence) followsScheme(k int) bool {
	for j := k - 1; j >= 0; j-- {
		f := s.flag(j)
		if f&fSch != 0 {
			return true
		}
		if f&(fNum|fSkip) != 0 || s.punct(j) == ':' || s.punct(j) == '-' {
			continue
		}
		return false
	}
	return false
}

// nounOK: a noun-form claim ("HIPAA certification") counts only with a
// first-person, possession or product word in the sentence.
func (s *sentence) nounOK(v int) bool {
	if s.toks[v].Flags&fNoun == 0 || s.punct(v+1) == ':' {
		return true // a verb, or a label over a list ("Certifications: ...")
	}
	if s.all&(fFirst|fProduct) != 0 {
		return true
	}
	// A possession verb, not an auxiliary: "has emerged" is not "has".
	for k, t := range s.toks {
		if t.Flags&fPossess != 0 && !(s.flag(k)&fCopula != 0 || participle(s.w(k+1)) && (s.is(k, "has") || s.is(k, "have") || s.is(k, "had"))) {
			return true
		}
	}
	return false
}

// participle reports a word that looks like a past participle.
func participle(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en")) || w == "been"
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

// blockCertNumber looks for a certificate number in the other sentences
// of the line around [start, end), within 200 bytes either side.
func blockCertNumber(text string, start, end int) bool {
	lo, hi := max(start-200, 0), min(end+200, len(text))
	if i := strings.LastIndexByte(text[lo:start], '\n'); i >= 0 {
		lo += i + 1
	}
	if i := strings.IndexByte(text[end:hi], '\n'); i >= 0 {
		hi = end + i
	}
	return hasCertNumber(text[lo:start]) || hasCertNumber(text[end:hi])
}

// hasCertNumber: "#1234" or "certificate [no.|number|#] 1234" in b
// (IndexByte and Index jump between candidates).
func hasCertNumber(b string) bool {
	for i := strings.IndexByte(b, '#'); i >= 0; {
		if i+1 < len(b) && isDigit(b[i+1]) {
			return true
		}
		k := strings.IndexByte(b[i+1:], '#')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	for _, pat := range [...]string{"ert", "ERT"} {
		for off := 0; off < len(b); {
			k := strings.Index(b[off:], pat)
			if k < 0 {
				break
			}
			if i := off + k - 1; i >= 0 && b[i]|0x20 == 'c' && certNumberAt(b, i+4) {
				return true
			}
			off += k + len(pat)
		}
	}
	return false
}

// certNumberAt: after "cert" at j, the rest of the word ("ificate",
// "."), then a number or "no"/"number".
func certNumberAt(b string, j int) bool {
	for j < len(b) && (isLetter(b[j]) || b[j] == '.') {
		j++
	}
	for j < len(b) && (b[j] == ' ' || b[j] == '#' || b[j] == ':') {
		j++
	}
	if w := strings.ToLower(b[j:min(j+6, len(b))]); strings.HasPrefix(w, "no") || strings.HasPrefix(w, "number") {
		return true
	}
	return j < len(b) && isDigit(b[j])
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
