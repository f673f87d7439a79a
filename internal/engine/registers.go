package engine

// The registers pack: FIPS 140 and FedRAMP claims checked against offline
// snapshots of the official registers (package registers). A claim the
// register supports becomes a Verification and loses its wording findings;
// one it contradicts gets a finding with a Register object. This runs after
// the wording rules, on its own scan of the text, so the rest of the engine
// does not change.

import (
	"strconv"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/registers"
	txt "github.com/certscope/certscope/internal/text"
)

// RegistersPack is the id of the pack of register checks.
const RegistersPack = "registers"

// Register results.
const (
	ResultListed         = "listed"
	ResultNotListed      = "not-listed"
	ResultHistorical     = "historical"
	ResultInProcess      = "in-process"
	ResultStatusMismatch = "status-mismatch"
	ResultOtherVendor    = "other-vendor"
)

// Register is what an official register says about a claim.
type Register struct {
	Register string          `json:"register"` // registers.CMVP or registers.FedRAMP
	Snapshot string          `json:"snapshot"` // YYYY-MM-DD
	Result   string          `json:"result"`
	Entries  []RegisterEntry `json:"entries"`
}

// RegisterEntry is one certificate, queued module or Marketplace offering.
type RegisterEntry struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Vendor   string `json:"vendor"`
	Status   string `json:"status"`
	Standard string `json:"standard"`
	URL      string `json:"url"`
	Date     string `json:"date,omitempty"` // last validation, authorisation or status date
}

// Verification is a claim the register supports: not a finding.
type Verification struct {
	Scheme   string    `json:"scheme"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	Claim    Span      `json:"claim"`
	Title    string    `json:"title"`
	Message  string    `json:"message"`
	Sources  []Source  `json:"sources"`
	Register *Register `json:"register"`
}

// fips140_2Historical is the day every FIPS 140-2 certificate moved to the
// Historical list (CMVP announcement; kb fips-140-2).
var fips140_2Historical = time.Date(2026, 9, 21, 0, 0, 0, 0, time.UTC)

// staleAfter is the snapshot age from which cards say so.
const staleAfter = 90 * 24 * time.Hour

// Register rules: id -> severity and title (the message is per claim).
var registerRules = []RuleInfo{
	{ID: "registers/cmvp-not-listed", Severity: SeverityMedium, Title: "Not in the NIST CMVP register",
		Message: "The NIST CMVP register lists no active FIPS 140 certificate for the vendor, or none with the number cited."},
	{ID: "registers/cmvp-historical", Severity: SeverityMedium, Title: "FIPS 140 certificate on the Historical list",
		Message: "The vendor's FIPS 140 certificates are on the Historical list (every FIPS 140-2 certificate since 21 September 2026)."},
	{ID: "registers/cmvp-in-process", Severity: SeverityHigh, Title: "Module in process, not validated",
		Message: "The vendor's module is on the CMVP Modules In Process list: in process is not validated."},
	{ID: "registers/cmvp-other-vendor", Severity: SeverityHigh, Title: "Certificate of another vendor",
		Message: "The CMVP certificate cited belongs to another vendor's module."},
	{ID: "registers/cmvp-status-mismatch", Severity: SeverityMedium, Title: "Certificate does not match the claim",
		Message: "The CMVP certificate is for another FIPS 140 standard than the one claimed."},
	{ID: "registers/fedramp-not-listed", Severity: SeverityHigh, Title: "Not on the FedRAMP Marketplace",
		Message: "The FedRAMP Marketplace lists no offering from the provider, or none with the package ID cited."},
	{ID: "registers/fedramp-status-mismatch", Severity: SeverityHigh, Title: "FedRAMP status does not match the claim",
		Message: "The FedRAMP Marketplace lists the offering as Ready or In Process, or at a lower impact level, not as the claim says."},
	{ID: "registers/fedramp-other-vendor", Severity: SeverityHigh, Title: "FedRAMP package of another provider",
		Message: "The FedRAMP package ID cited belongs to another provider's offering."},
}

// addRegistersPack registers the pack (on by default) and its rules.
func (e *Engine) addRegistersPack() {
	if _, dup := e.packIdx[RegistersPack]; dup {
		return
	}
	e.packIdx[RegistersPack] = len(e.packs)
	e.packs = append(e.packs, PackInfo{ID: RegistersPack, Name: "Official registers",
		Description: "FIPS 140 and FedRAMP claims checked against snapshots of the NIST CMVP register and the FedRAMP Marketplace.",
		Rules:       len(registerRules), Default: true})
	for _, r := range registerRules {
		r.Pack = RegistersPack
		reg := registers.CMVP
		if strings.HasPrefix(r.ID, "registers/fedramp") {
			reg = registers.FedRAMP
		}
		r.Sources = registerSources(reg, nil)
		e.infos = append(e.infos, r)
	}
}

// regClaim is one FIPS or FedRAMP claim found by the register scan.
type regClaim struct {
	reg                      string // registers.CMVP or registers.FedRAMP
	kind                     string // validated, in-process, authorized, ready, compliant
	std                      string // "FIPS 140-2", "FIPS 140-3" or "" (FIPS only)
	high                     bool   // "FedRAMP High"
	start, end, cstart, cend int    // bytes
}

// maxRegisterClaims caps the register claims checked in one text.
const maxRegisterClaims = 200

// registerPass runs the register checks: findings to add, verifications,
// and the wording findings it leaves (a supported claim loses them).
func (e *Engine) registerPass(text string, fs []Finding, opt Options, today time.Time) ([]Finding, []Verification) {
	vs := []Verification{}
	claims := e.registerClaims(text)
	if len(claims) == 0 {
		return fs, vs
	}
	// A text with hundreds of FIPS or FedRAMP claims is a list or an
	// attack, not a vendor's page: past maxRegisterClaims the claims keep
	// their wording findings only, which bounds the work and the memory
	// (in wasm, memory never shrinks).
	if len(claims) > maxRegisterClaims {
		claims = claims[:maxRegisterClaims]
	}
	db, err := registers.Default()
	if err != nil {
		return fs, vs
	}
	site := siteHost(opt.Site)
	var added []Finding
	var unchecked [][2]int // UTF-16 sentence spans whose vendor is unknown
	// Claims come in text order: UTF-16 offsets are counted on from the
	// previous claim, not from the start (a long page has many claims).
	lastByte, lastUnits := 0, 0
	for _, c := range claims {
		o := regOutcome{}
		if c.reg == registers.CMVP {
			o = checkCMVP(db, text, c, site, today)
		} else {
			o = checkFedRAMP(db, text, c, site)
		}
		start := lastUnits + txt.Units(text[lastByte:c.start])
		lastByte, lastUnits = c.start, start
		end := start + txt.Units(text[c.start:c.end])
		cs := start + txt.Units(text[c.start:c.cstart])
		ce := cs + txt.Units(text[c.cstart:c.cend])
		if o.result == "" {
			unchecked = append(unchecked, [2]int{start, end})
			continue
		}
		snap := db.CMVP
		if c.reg == registers.FedRAMP {
			snap = db.FedRAMP
		}
		reg := &Register{Register: c.reg, Snapshot: snap.Date, Result: o.result, Entries: o.entries}
		if reg.Entries == nil {
			reg.Entries = []RegisterEntry{}
		}
		msg := o.message + " " + snapshotNote(snap, today)
		srcs := registerSources(c.reg, o.entries)
		scheme := "fedramp"
		if c.reg == registers.CMVP {
			scheme = "fips-140-3"
			if c.std == "FIPS 140-2" {
				scheme = "fips-140-2"
			}
		}
		if o.result == ResultListed {
			vs = append(vs, Verification{Scheme: scheme, Start: start, End: end, Claim: Span{cs, ce},
				Title: o.title, Message: msg, Sources: srcs, Register: reg})
			continue
		}
		rule := o.rule
		sev, title := SeverityMedium, o.title
		for _, r := range registerRules {
			if r.ID == rule {
				sev = r.Severity
				if title == "" {
					title = r.Title
				}
			}
		}
		added = append(added, Finding{Rule: rule, Pack: RegistersPack, Severity: sev, Scheme: scheme,
			Start: start, End: end, Claim: Span{cs, ce}, Title: title, Message: o.message,
			Explanation: o.explain + " " + snapshotNote(snap, today), Suggestion: o.suggest,
			Sources: srcs, Verify: registerVerify(c.reg), Register: reg})
	}
	// A supported claim never also gets a wording finding about it: one
	// about the same scheme in its sentence, or a scheme-less one on its
	// words. Another scheme's claim sharing the words ("HIPAA & FedRAMP
	// certified") keeps its finding.
	kept := fs[:0:0]
	for _, f := range fs {
		drop := false
		for _, v := range vs {
			if f.Start == v.Start && (sameFamily(f.Scheme, v.Scheme) || f.Scheme == "" && f.Claim.Start < v.Claim.End && v.Claim.Start < f.Claim.End) {
				drop = true
				break
			}
		}
		if drop {
			continue
		}
		for _, u := range unchecked {
			if f.Start == u[0] && f.End == u[1] && (isFIPS(f.Scheme) || f.Scheme == "fedramp") {
				f.Explanation = strings.TrimSpace(f.Explanation + " " + uncheckedNote(f.Scheme))
				break
			}
		}
		kept = append(kept, f)
	}
	if len(added) > 0 {
		kept = append(kept, added...)
		sortFindings(kept)
	}
	return kept, vs
}

func isFIPS(scheme string) bool { return strings.HasPrefix(scheme, "fips-140") }

func sameFamily(a, b string) bool { return a == b || isFIPS(a) && isFIPS(b) }

// uncheckedNote tells the reader how to check the claim themselves.
func uncheckedNote(scheme string) string {
	if scheme == "fedramp" {
		return "CertScope could not check this claim against the FedRAMP Marketplace because the text does not say whose cloud service it is; search the Marketplace (" + registers.MarketplaceURL + ") for the provider."
	}
	return "CertScope could not check this claim against the NIST CMVP register because the text does not say whose module it is; search the register (" + registers.CMVPSearchURL + ") by vendor or certificate number."
}

func snapshotNote(s registers.Snapshot, today time.Time) string {
	name := "NIST CMVP register"
	if s.Register == registers.FedRAMP {
		name = "FedRAMP Marketplace"
	}
	note := "Checked against CertScope's copy of the " + name + " of " + s.Date + "."
	if d, err := time.Parse("2006-01-02", s.Date); err == nil && today.Sub(d) > staleAfter {
		note += " That copy is " + strconv.Itoa(int(today.Sub(d).Hours()/24)) + " days old: the live register may have changed."
	}
	return note
}

func registerVerify(reg string) *Verify {
	if reg == registers.FedRAMP {
		return &Verify{Name: "FedRAMP Marketplace", URL: registers.MarketplaceURL}
	}
	return &Verify{Name: "NIST CMVP validated modules search", URL: registers.CMVPSearchURL}
}

// registerSources cites the register pages of the entries (at most three),
// or the register itself.
func registerSources(reg string, es []RegisterEntry) []Source {
	var out []Source
	for _, en := range es {
		if len(out) == 3 {
			break
		}
		t := "FedRAMP Marketplace: " + en.Vendor + " " + en.Name
		if reg == registers.CMVP {
			t = "NIST CMVP certificate #" + en.ID
			if en.URL == registers.QueueURL {
				t = "NIST CMVP Modules In Process list"
			}
		}
		out = append(out, Source{Title: t, URL: en.URL})
	}
	if len(out) == 0 {
		v := registerVerify(reg)
		out = append(out, Source{Title: v.Name, URL: v.URL})
	}
	return out
}

// siteHost reduces a site (host, URL or name) to a lower-case host.
func siteHost(site string) string {
	s := strings.TrimSpace(site)
	if !strings.Contains(s, ".") {
		// A name ("Red Hat", og:site_name) is kept as written; a bare
		// lower-case host ("localhost") names no vendor.
		if strings.ContainsAny(s, " ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return s
		}
		return ""
	}
	s = strings.ToLower(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[i:], "]") {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	// An IP address or a single label is no vendor's site (test servers,
	// intranets).
	if s == "" || !strings.Contains(s, ".") || strings.Trim(s, "0123456789.") == "" || strings.HasPrefix(s, "[") {
		return ""
	}
	// On a platform of other people's pages (code hosting, blogs, press
	// wires, forums, encyclopaedias) the host is not who makes the claim.
	for _, p := range platforms {
		if s == p || strings.HasSuffix(s, "."+p) {
			return ""
		}
	}
	return s
}

var platforms = strings.Fields(`github.com github.io gitlab.com bitbucket.org sourceforge.net npmjs.com pypi.org
pkg.go.dev medium.com substack.com wordpress.com blogspot.com tumblr.com linkedin.com reddit.com
x.com twitter.com facebook.com youtube.com wikipedia.org stackoverflow.com stackexchange.com
news.ycombinator.com prnewswire.com businesswire.com globenewswire.com einpresswire.com
accesswire.com prweb.com quora.com`)

// displayHost is the host as a card names it.
func displayHost(h string) string { return strings.TrimPrefix(h, "www.") }

// registerClaims finds FIPS 140 and FedRAMP claims: a mention with a
// claim word in its sentence, not negated, asked, quoted, talked about or
// (except "in process" itself) hedged.
func (e *Engine) registerClaims(text string) []regClaim {
	var out []regClaim
	lo := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != 'f' && c != 'F' {
			continue
		}
		reg := ""
		switch {
		case hasFoldPrefix(text[i:], "fips") && !wordAt(text, i-1):
			reg = registers.CMVP
		case hasFoldPrefix(text[i:], "fedramp") && !wordAt(text, i-1):
			reg = registers.FedRAMP
		default:
			continue
		}
		if i < lo {
			continue
		}
		start, end := txt.Sentence(text, i, lo)
		if end <= i {
			continue
		}
		cl, ok := e.registerClaim(text, start, end, i, reg)
		lo = end
		i = end - 1
		if ok {
			out = append(out, cl)
		}
	}
	return out
}

// hasFoldPrefix reports whether s starts with the lower-case ASCII word p
// in any case (strings.EqualFold would link Unicode's case tables).
func hasFoldPrefix(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := s[i]; c != p[i] && c+'a'-'A' != p[i] {
			return false
		}
	}
	return true
}

// registerClaim analyses the sentence [start, end) around a mention at
// byte pos: the first FIPS 140 or FedRAMP mention with a claim word.
func (e *Engine) registerClaim(text string, start, end, pos int, reg string) (regClaim, bool) {
	sc, _ := e.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer e.pool.Put(sc)
	s := e.prepare(sc, text, start, end, nil)
	for m := range s.toks {
		w := s.w(m)
		if w != "fips" && w != "fedramp" {
			continue
		}
		c := regClaim{reg: registers.CMVP, start: start, end: end}
		hi := m + 1 // end of the mention (version, level)
		if w == "fedramp" {
			c.reg = registers.FedRAMP
			for _, lvl := range []string{"high", "moderate", "low", "li"} {
				if s.is(hi, lvl) {
					c.high = lvl == "high"
					hi++
				}
			}
		} else {
			// "FIPS 140-2", "FIPS-140-3", "FIPS PUB 140-3", "FIPS 140"; not FIPS 197.
			k := hi
			if s.punct(k) == '-' {
				k++
			}
			if s.is(k, "pub") {
				k++
			}
			switch {
			case s.is(k, "140"):
				k++
				if s.punct(k) == '-' && (s.is(k+1, "2") || s.is(k+1, "3")) {
					c.std = "FIPS 140-" + s.w(k+1)
					k += 2
				}
				hi = k
			case s.flag(k)&fNum != 0:
				continue // another FIPS standard
			}
		}
		bare := c.reg == registers.CMVP && !s.is(hi-1, "140") && c.std == ""
		kind, v := claimWord(s, c.reg, m, hi)
		// A bare "FIPS" claims only with its word next to it ("FIPS
		// validated", "FIPS-certified"), not "FIPS mode uses approved ...".
		if bare && kind != "" && (v > hi+1 || v == hi+1 && s.punct(hi) != '-' || v < m-1) {
			kind = ""
		}
		if kind == "" {
			continue
		}
		c.kind = kind
		lo, h := m, hi
		if v < m {
			lo = v
		} else if v >= hi {
			h = v + 1
			if kind == "in-process" && s.is(v, "in") {
				h = v + 2
				if s.punct(v+1) == '-' {
					h = v + 3
				}
			}
		}
		if h > len(s.toks) {
			h = len(s.toks)
		}
		// A sentence that itself says the validation is historical or
		// revoked (statusWords) reports the status; it does not claim a current one.
		if s.meta(lo, h) || s.asked(lo) || s.notCopy || s.anyQuoted(lo, h) || s.negated(lo) || kind != "in-process" && s.hedged(lo, h) ||
			c.reg == registers.CMVP && s.hasWord(statusWords) {
			return regClaim{}, false
		}
		c.cstart, c.cend = s.toks[lo].Start, s.toks[h-1].End
		if c.reg != reg {
			// The sentence was found from its other register's mention;
			// one claim per sentence is checked.
			_ = reg
		}
		return c, true
	}
	return regClaim{}, false
}

// claimWord finds the claim word tied to the mention [m, hi): within a
// few tokens after it ("FIPS 140-3 validated", "FedRAMP High authorised")
// or just before it ("validated to FIPS 140-3", "a FedRAMP-authorized").
func claimWord(s *sentence, reg string, m, hi int) (kind string, at int) {
	class := func(k int) string {
		w := s.w(k)
		if w == "in" && (s.is(k+1, "process") || s.punct(k+1) == '-' && s.is(k+2, "process")) {
			return "in-process"
		}
		if reg == registers.CMVP {
			switch w {
			case "validated", "validation", "certified", "certification", "certificate", "certificates", "approved", "accredited":
				return "validated"
			case "compliant", "compliance", "conformant", "conforms", "meets", "complies":
				return "compliant"
			case "pending":
				return "in-process"
			}
			return ""
		}
		switch w {
		case "authorized", "authorised", "authorization", "authorisation", "ato", "certified", "certification", "approved":
			return "authorized"
		case "ready":
			return "ready"
		case "compliant", "compliance", "accredited", "listed":
			return "compliant"
		}
		return ""
	}
	for k := hi; k < len(s.toks) && k < hi+6; k++ {
		if r := s.punct(k); r == '.' || r == ';' || r == ':' || r == '(' {
			break
		}
		if kd := class(k); kd != "" {
			return kd, k
		}
	}
	for k := m - 1; k >= 0 && k >= m-4; k-- {
		if r := s.punct(k); r == '.' || r == ';' || r == ',' {
			break
		}
		if kd := class(k); kd != "" {
			return kd, k
		}
	}
	return "", 0
}

// statusWords state a lapsed validation.
var statusWords = []string{"historical", "revoked", "sunset"}
