package registers

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// legal are company-form words dropped from the end of a vendor name
// ("Red Hat, Inc." -> "red hat"), as single tokens after punctuation is
// removed ("S.A." -> "s a").
var legal = map[string]bool{
	"inc": true, "incorporated": true, "ltd": true, "limited": true, "llc": true, "corp": true,
	"corporation": true, "co": true, "company": true, "gmbh": true, "ag": true, "sa": true,
	"plc": true, "bv": true, "nv": true, "oy": true, "oyj": true, "ab": true, "as": true,
	"asa": true, "kk": true, "pty": true, "pte": true, "srl": true, "spa": true, "sas": true,
	"lp": true, "llp": true, "ltda": true, "sarl": true, "se": true, "kg": true, "mbh": true,
	"s": true, "a": true, "b": true, "v": true, "n": true, "r": true, "tm": true, "d": true,
	"o": true, "l": true, "c": true,
}

// generic trailing words that a vendor is also known without ("Cisco
// Systems" is "Cisco").
var generic = map[string]bool{
	"systems": true, "technologies": true, "technology": true, "software": true, "networks": true,
	"international": true, "group": true, "holdings": true, "labs": true, "laboratories": true,
	"solutions": true, "electronics": true, "communications": true, "semiconductor": true,
	"semiconductors": true, "security": true, "computer": true, "america": true, "usa": true,
	"us": true, "government": true, "federal": true, "global": true,
}

// common are single words that name a vendor in a register but mostly
// mean something else in a sentence ("Standard", "RSA" the algorithm,
// "HSM"); they never identify a vendor alone. Picked by reading every
// single-word vendor key of the snapshots.
var common = map[string]bool{}

func init() {
	for _, w := range strings.Fields(commonWords) {
		common[w] = true
	}
}

const commonWords = `fips cloud secure security data network service services software system
systems the our we platform apps box gov government federal digital
global one link open core edge key safe smart net web mobile enterprise
access identity trust guard all first us usa america national general
unified integrated advanced modern public private crypto cryptographic
module modules certified absolute acumen aces api apple arm automation
axis axon bull canon code concur cora dallas dream distributed economic
elastic encryption esper extreme focus forum fortress foundry funk
gallery good guidance halo harris hub huddle information infosec
intrepid ionic island juniper keeper kudo loop lucid lumen mercury
merlin microwave mimic mist mojo nucleus optica oracle orca ovation
persistent persona phoenix poly pragma precisely progress quantum ramp
ribbon ripcord sand sharp silk slack standard symbol tango technical
trapeze united uptake valid voltage zinc singapore beijing information
transform authentic precision intelligence rapid route compass hsm dss
pgp rsa aes cgi hid itt psi tps srr rmw nst smx xai ctds dtc egs hcl lmi
omb pesa ptc qsc usu msm cfi gdc nec ncr pty emc aep sap ups tls ssl vpn
sso mdm iam kms nist ato`

// wordLen is the length of the letter or digit at s[i], 0 for anything
// else: ASCII rules plus any non-ASCII rune but a few marks seen in
// vendor names (®, ™, no-break space, typographic quotes and dashes).
// Unicode's tables would add to engine.wasm.
func wordLen(s string, i int) int {
	c := s[i]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return 1
	}
	if c < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError, r == '®', r == '™', r == '\u00a0', r >= 0x2000 && r <= 0x206f: // general punctuation
		return 0
	}
	return n
}

// words lower-cases s and splits it at anything but letters and digits
// ("AT&T" -> at, t; "Red Hat(R)" -> red, hat, r; "Red Hat®" -> red, hat).
func words(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if wordLen(s, i) == 0 {
			i++
			continue
		}
		j := i
		for j < len(s) {
			n := wordLen(s, j)
			if n == 0 {
				break
			}
			j += n
		}
		out = append(out, strings.ToLower(s[i:j]))
		i = j
	}
	return out
}

// NormName is a vendor name lower-cased, without punctuation, a leading
// "the", parentheses or trailing legal forms ("Red Hat(R), Inc." -> "red hat").
func NormName(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i] + " " + s[strings.LastIndexByte(s, ')')+1:]
	}
	return strings.Join(trimLegal(words(s)), " ")
}

func trimLegal(ws []string) []string {
	for len(ws) > 1 && legal[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) > 1 && ws[0] == "the" {
		ws = ws[1:]
	}
	return ws
}

// NameKeys are the index keys for a vendor: its normalised name, the name
// without a generic last word ("cisco"), and a parenthesised short form
// ("Advanced Micro Devices (AMD)" -> "amd").
func NameKeys(vendor string) []string {
	var keys []string
	add := func(k string) {
		if len(k) < 3 || !strings.Contains(k, " ") && (common[k] || strings.Trim(k, "0123456789") == "") {
			return
		}
		for _, x := range keys {
			if x == k {
				return
			}
		}
		keys = append(keys, k)
	}
	n := NormName(vendor)
	add(n)
	if ws := strings.Fields(n); len(ws) > 1 && generic[ws[len(ws)-1]] && len(ws[0]) >= 3 {
		add(strings.Join(ws[:len(ws)-1], " "))
	}
	if i, j := strings.IndexByte(vendor, '('), strings.LastIndexByte(vendor, ')'); i >= 0 && j > i {
		add(strings.Join(trimLegal(words(vendor[i+1:j])), " "))
	}
	return keys
}

// OfferingKeys are the keys of a FedRAMP offering: its provider's and,
// from its own name, those of two words or more.
func OfferingKeys(csp, cso string) []string {
	ks := NameKeys(csp)
	for _, k := range productKeys(cso) {
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	return ks
}

// productKeys are the keys for a FedRAMP offering's name ("AWS GovCloud
// (US)" -> "aws govcloud"): only names of two words or more, so that a
// product called "Connect" does not match every sentence.
func productKeys(cso string) []string {
	var keys []string
	for _, k := range NameKeys(cso) {
		if strings.Contains(k, " ") {
			keys = append(keys, k)
		}
	}
	return keys
}

// NameHit is a register name found in a text, at bytes [Start, End).
type NameHit struct {
	Start, End int
	Norm       string
}

// FindNames returns the indexed names of reg mentioned in text, longest
// first at each position, left to right. A name must start with a capital
// letter or digit as written (a proper name, not the common word).
func (db *DB) FindNames(reg, text string) []NameHit {
	type tok struct {
		start, end int
		w          string
	}
	var toks []tok
	for i := 0; i < len(text); {
		if wordLen(text, i) == 0 {
			i++
			continue
		}
		j := i
		for j < len(text) {
			n := wordLen(text, j)
			if n == 0 {
				break
			}
			j += n
		}
		toks = append(toks, tok{i, j, strings.ToLower(text[i:j])})
		i = j
	}
	var hits []NameHit
	for i := 0; i < len(toks); i++ {
		if c := text[toks[i].start]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || !db.firstWords[toks[i].w] {
			continue
		}
		for n := min(db.maxWords, len(toks)-i); n >= 1; n-- {
			ws := make([]string, n)
			for k := range ws {
				ws[k] = toks[i+k].w
			}
			k := strings.Join(trimLegal(ws), " ")
			if n == 1 && common[k] {
				continue
			}
			if db.HasName(reg, k) {
				hits = append(hits, NameHit{toks[i].start, toks[i+n-1].end, k})
				i += n - 1
				break
			}
		}
	}
	return hits
}
