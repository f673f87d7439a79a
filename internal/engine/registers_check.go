package engine

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/registers"
)

// regOutcome is the register's verdict on one claim; result "" means the
// vendor could not be identified (the wording rules stand alone).
type regOutcome struct {
	result, rule, title, message, explain, suggest string
	entries                                        []RegisterEntry
}

// vendorID is who a claim is about, as far as the registers can tell.
type vendorID struct {
	name string // as the card names it
	v    registers.Vendor
	keys map[string]bool // normalised names and domains that are this vendor
}

// identify names the vendor: a register name in the sentence first (the
// claim may be about a third party: "we run on AWS GovCloud, FedRAMP High
// authorised"), then the site.
func identify(db *registers.DB, reg, text string, c regClaim, site string) (vendorID, bool) {
	id := vendorID{keys: map[string]bool{}}
	hits := db.FindNames(reg, text[c.start:c.end])
	// A name right after another's possessive is a component of that
	// party's product ("RHEL's FIPS-validated OpenSSL libraries" are Red
	// Hat's module, not the OpenSSL project's): it does not name the vendor.
	hits = slices.DeleteFunc(hits, func(h registers.NameHit) bool {
		return afterPossessive(text[c.start:c.end], h.Start)
	})
	if len(hits) > 0 {
		id.name = text[c.start+hits[0].Start : c.start+hits[0].End]
		id.v.Key = hits[0].Norm
		for _, h := range hits {
			v := db.ByName(h.Norm)
			id.keys[h.Norm] = true
			id.v.Certs = append(id.v.Certs, v.Certs...)
			id.v.Queue = append(id.v.Queue, v.Queue...)
			id.v.Offerings = append(id.v.Offerings, v.Offerings...)
		}
		id.addKeys()
		return id, true
	}
	if site == "" {
		return id, false
	}
	if !strings.Contains(site, ".") { // a site's name (og:site_name), not a host
		id.name = site
		if n := registers.NormName(site); db.HasName(reg, n) {
			id.v = db.ByName(n)
			id.keys[n] = true
			id.addKeys()
		}
		return id, true
	}
	id.name = "a vendor whose website is on " + displayHost(site)
	if v, dom := db.ByDomain(site); dom != "" && (reg == registers.CMVP && len(v.Certs)+len(v.Queue) > 0 || reg == registers.FedRAMP && len(v.Offerings) > 0) {
		id.v = v
		id.keys[dom] = true
		id.addKeys()
		id.name = vendorName(reg, v, displayHost(site))
		return id, true
	}
	// A queued module has no website: try the site's name ("zimperium.com").
	labels := strings.Split(site, ".")
	for i := len(labels) - 2; i >= 0; i-- {
		l := labels[i]
		if len(l) < 3 || l == "www" {
			continue
		}
		if db.HasName(reg, l) {
			id.v = db.ByName(l)
			id.keys[l] = true
			id.addKeys()
			id.name = vendorName(reg, id.v, l)
			return id, true
		}
	}
	return id, true // identified by site, listed nowhere
}

// afterPossessive reports whether the word before s[i:] ends in 's or ’s
// (with words such as "FIPS-validated" between).
func afterPossessive(s string, i int) bool {
	before := strings.Fields(s[:i])
	for k := len(before) - 1; k >= 0 && k >= len(before)-3; k-- {
		w := before[k]
		if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
			return true
		}
	}
	return false
}

// addKeys records the names and domains of the vendor's entries, so that
// a certificate of the same vendor under another spelling still matches.
func (id *vendorID) addKeys() {
	for _, c := range id.v.Certs {
		if c.Domain != "" {
			id.keys[c.Domain] = true
		}
		if len(c.Keys) > 0 {
			id.keys[c.Keys[0]] = true
		}
	}
	for _, o := range id.v.Offerings {
		if o.Domain != "" {
			id.keys[o.Domain] = true
		}
		if len(o.Keys) > 0 {
			id.keys[o.Keys[0]] = true // the provider's name
		}
	}
}

func vendorName(reg string, v registers.Vendor, fallback string) string {
	if reg == registers.CMVP {
		if len(v.Certs) > 0 {
			return v.Certs[len(v.Certs)-1].Vendor
		}
		if len(v.Queue) > 0 {
			return v.Queue[0].Vendor
		}
	} else if len(v.Offerings) > 0 {
		return v.Offerings[0].CSP
	}
	return fallback
}

// block is the line around [start, end), at most 2000 bytes each way:
// the text hosts extract from HTML puts each block element on a line of
// its own, and a check of a text must equal the checks of its lines (the
// engine may cut a long text at a newline).
func block(text string, start, end int) (int, int) {
	lo := max(0, start-2000)
	if i := strings.LastIndexByte(text[lo:start], '\n'); i >= 0 {
		lo += i + 1
	}
	hi := min(len(text), end+2000)
	if i := strings.IndexByte(text[end:hi], '\n'); i >= 0 {
		hi = end + i
	}
	return lo, hi
}

// certNumbers finds CMVP certificate numbers: "certificate #4718",
// "Cert. No. 4718", "CMVP #4718", "certificate number 4718".
func certNumbers(s string) []int {
	var out []int
	low := strings.ToLower(s)
	for i := 0; i < len(low); i++ {
		var n int
		switch {
		case strings.HasPrefix(low[i:], "certificate"):
			n = len("certificate")
		case strings.HasPrefix(low[i:], "cert"):
			n = len("cert")
		case strings.HasPrefix(low[i:], "cmvp"):
			n = len("cmvp")
		default:
			continue
		}
		if wordAt(low, i-1) {
			continue
		}
		j := i + n
		if j < len(low) && low[j] == 's' {
			j++
		}
		for k := 0; k < 4 && j < len(low); k++ {
			for j < len(low) && strings.IndexByte(" .:#\u00a0", low[j]) >= 0 {
				j++
			}
			switch {
			case strings.HasPrefix(low[j:], "number"):
				j += len("number")
			case strings.HasPrefix(low[j:], "no") && !wordAt(low, j+2):
				j += 2
			case strings.HasPrefix(low[j:], "nr") && !wordAt(low, j+2):
				j += 2
			case strings.HasPrefix(low[j:], "certificate"):
				j += len("certificate")
			}
		}
		d := j
		for d < len(low) && low[d] >= '0' && low[d] <= '9' {
			d++
		}
		if d > j && d-j <= 5 && !wordAt(low, d) {
			if v, err := strconv.Atoi(low[j:d]); err == nil && v > 0 {
				out = append(out, v)
			}
			i = d - 1
		}
	}
	return out
}

// packageIDs finds FedRAMP package ids: F1234567890, FR1234567890.
func packageIDs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != 'F' || wordAt(s, i-1) {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == 'R' {
			j++
		}
		d := j
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		if d-j != 10 {
			continue
		}
		if d < len(s) && s[d] >= 'A' && s[d] <= 'Z' {
			d++
		}
		if !wordAt(s, d) {
			out = append(out, s[i:d])
		}
	}
	return out
}

func certEntry(c *registers.Cert, today time.Time) RegisterEntry {
	return RegisterEntry{ID: strconv.Itoa(c.Number), Name: c.Module, Vendor: c.Vendor, Status: certStatus(c, today),
		Standard: c.Standard, URL: registers.CertURL(c.Number), Date: c.Last}
}

// certStatus is the certificate's status on the check date: every FIPS
// 140-2 certificate is Historical from 2026-09-21, whatever the snapshot.
func certStatus(c *registers.Cert, today time.Time) string {
	if c.Status == "Active" && c.Standard != "FIPS 140-3" && !today.Before(fips140_2Historical) {
		return "Historical"
	}
	return c.Status
}

func certList(es []RegisterEntry) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("#" + e.ID)
	}
	return b.String()
}

// newest keeps the last n entries (the certificates are in number order,
// so the newest).
func newest(es []RegisterEntry, n int) []RegisterEntry {
	if len(es) > n {
		return es[len(es)-n:]
	}
	return es
}

const maxEntries = 5

func checkCMVP(db *registers.DB, text string, c regClaim, site string, today time.Time) regOutcome {
	id, ok := identify(db, registers.CMVP, text, c, site)
	bs, be := block(text, c.start, c.end)
	if nums := certNumbers(text[bs:be]); len(nums) > 0 {
		return checkCertNumber(db, id, ok, nums[0], c, today)
	}
	if !ok {
		return regOutcome{}
	}
	var active3, active2, old2, other []RegisterEntry
	for _, ct := range id.v.Certs {
		e := certEntry(ct, today)
		switch {
		case e.Status == "Active" && ct.Standard == "FIPS 140-3":
			active3 = append(active3, e)
		case e.Status == "Active":
			active2 = append(active2, e)
		case ct.Standard == "FIPS 140-2" && ct.Status != "Revoked":
			old2 = append(old2, e)
		default:
			other = append(other, e)
		}
	}
	var queued []RegisterEntry
	for _, q := range id.v.Queue {
		queued = append(queued, RegisterEntry{ID: "", Name: q.Module, Vendor: q.Vendor, Status: q.Status, Standard: q.Standard, URL: registers.QueueURL})
	}
	listed := func(es []RegisterEntry, what string) regOutcome {
		es = newest(es, maxEntries)
		return regOutcome{result: ResultListed, title: "Listed in the NIST CMVP register", entries: es,
			message: "The NIST CMVP register lists " + what + " for " + id.name + ": " + certList(es) + "."}
	}
	switch {
	case c.kind == "in-process" && len(queued) > 0:
		es := newest(queued, maxEntries)
		return regOutcome{result: ResultListed, title: "Listed in the NIST CMVP Modules In Process list", entries: es,
			message: "The NIST CMVP Modules In Process list includes " + plural(len(queued), "module") + " from " + id.name + "."}
	case len(active3) > 0 && c.std != "FIPS 140-2":
		return listed(active3, "active FIPS 140-3 certificates")
	case len(active2) > 0 && c.std != "FIPS 140-3":
		return listed(active2, "active FIPS 140-2 certificates")
	case len(active2)+len(old2) > 0:
		hist := newest(append(append([]RegisterEntry{}, old2...), active2...), maxEntries)
		if len(active2) > 0 { // a FIPS 140-3 claim on FIPS 140-2 certificates, before 2026-09-21
			return regOutcome{result: ResultStatusMismatch, rule: "registers/cmvp-status-mismatch", entries: newest(active2, maxEntries),
				message: "The NIST CMVP register lists FIPS 140-2 certificates for " + id.name + " (" + certList(newest(active2, maxEntries)) + "), not FIPS 140-3 ones.",
				explain: "A FIPS 140-3 claim needs a FIPS 140-3 certificate; the vendor's certificates are for the older standard.",
				suggest: "Name the standard and certificate number: \"FIPS 140-2 validated (certificate #" + active2[len(active2)-1].ID + ")\"."}
		}
		msg := "The NIST CMVP register lists only Historical FIPS 140-2 certificates for " + id.name + " (" + certList(hist) + ")"
		if !today.Before(fips140_2Historical) {
			msg += "; every FIPS 140-2 certificate has been on the Historical list since 21 September 2026"
		}
		if len(active3) > 0 {
			msg = "The claim names FIPS 140-2, and the NIST CMVP register's FIPS 140-2 certificates for " + id.name + " (" + certList(hist) + ") are Historical"
		}
		return regOutcome{result: ResultHistorical, rule: "registers/cmvp-historical", entries: hist, message: msg + ".",
			explain: "NIST places a module on the Historical list when its validation lapses; it is not to be included in new procurements. A current FIPS claim needs an active FIPS 140-3 certificate.",
			suggest: "Cite an active FIPS 140-3 certificate by number, or say which standard the module was validated under and that the validation is historical."}
	case len(queued) > 0:
		es := newest(queued, maxEntries)
		return regOutcome{result: ResultInProcess, rule: "registers/cmvp-in-process", entries: es,
			message: "The NIST CMVP register has no certificate for " + id.name + "; " + plural(len(queued), "module") + " from it are on the Modules In Process list (" + es[0].Status + ").",
			explain: "A module in process is being tested or reviewed; it is not validated until NIST issues a certificate.",
			suggest: "Say the module is in the CMVP process (\"FIPS 140-3 validation in process\") until a certificate is issued."}
	case len(active3) > 0 && c.std == "FIPS 140-2":
		return listed(active3, "active FIPS 140-3 certificates") // FIPS 140-3 supersedes the claimed 140-2
	}
	es := newest(other, maxEntries)
	msg := "The NIST CMVP register lists no FIPS 140 certificate for " + id.name + "."
	if len(other) > 0 {
		msg = "The NIST CMVP register lists no active FIPS 140 certificate for " + id.name + "; its certificates (" + certList(es) + ") are Historical or Revoked."
	}
	return regOutcome{result: ResultNotListed, rule: "registers/cmvp-not-listed", entries: es, message: msg,
		explain: "A FIPS 140 claim holds for a cryptographic module with a CMVP certificate, which the register lists by number and vendor; a module the vendor licenses from another company is listed under that company's name.",
		suggest: "Ask the vendor for the CMVP certificate number, and cite it with the claim."}
}

func checkCertNumber(db *registers.DB, id vendorID, known bool, n int, c regClaim, today time.Time) regOutcome {
	num := "#" + strconv.Itoa(n)
	ct, ok := db.Cert(n)
	if !ok {
		return regOutcome{result: ResultNotListed, rule: "registers/cmvp-not-listed",
			message: "The NIST CMVP register has no certificate " + num + ".",
			explain: "CMVP certificates are numbered; the number cited is not one of them, so the claim cannot be checked against it.",
			suggest: "Ask the vendor for the correct CMVP certificate number."}
	}
	e := certEntry(ct, today)
	es := []RegisterEntry{e}
	if known && len(id.keys) > 0 && !id.keys[ct.Domain] && !anyKey(id.keys, ct.Keys) {
		return regOutcome{result: ResultOtherVendor, rule: "registers/cmvp-other-vendor", entries: es,
			message: "CMVP certificate " + num + " is " + ct.Vendor + "'s " + moduleName(ct) + ", not a module from " + id.name + ".",
			explain: "A certificate covers the module it names, from the vendor it names; a product that embeds another vendor's validated module should name that module and vendor.",
			suggest: "Name the module and its vendor with the certificate number: \"uses " + ct.Vendor + "'s " + moduleName(ct) + " (CMVP certificate " + num + ")\"."}
	}
	switch {
	case c.std != "" && c.std != ct.Standard:
		msg := "CMVP certificate " + num + " (" + ct.Vendor + ") is a " + ct.Standard + " certificate, not " + c.std + "."
		if e.Status != "Active" {
			msg = "CMVP certificate " + num + " (" + ct.Vendor + ") is a " + ct.Standard + " certificate, not " + c.std + ", and it is " + e.Status + "."
		}
		return regOutcome{result: ResultStatusMismatch, rule: "registers/cmvp-status-mismatch", entries: es, message: msg,
			explain: "A certificate is issued under one standard; the claim names another.",
			suggest: "Cite a " + c.std + " certificate of the module, or name the standard on this one."}
	case e.Status == "Historical" || e.Status == "Revoked":
		msg := "CMVP certificate " + num + " (" + ct.Vendor + ", " + ct.Standard + ") is " + e.Status + "."
		if ct.Status == "Active" {
			msg = "CMVP certificate " + num + " (" + ct.Vendor + ") is a FIPS 140-2 certificate: every FIPS 140-2 certificate has been on the Historical list since 21 September 2026."
		}
		return regOutcome{result: ResultHistorical, rule: "registers/cmvp-historical", entries: es, message: msg,
			explain: "NIST places a module on the Historical list when its validation lapses; it is not to be included in new procurements.",
			suggest: "Cite an active FIPS 140-3 certificate, or say the validation is historical."}
	}
	return regOutcome{result: ResultListed, title: "Listed in the NIST CMVP register", entries: es,
		message: "CMVP certificate " + num + " is an active " + ct.Standard + " certificate for " + ct.Vendor + "'s " + moduleName(ct) + "."}
}

func offEntry(o *registers.Offering) RegisterEntry {
	st := o.Status
	if st == "FRR" {
		st = "FedRAMP Ready"
	}
	d := o.AuthDate
	if d == "" {
		d = o.StatusDate
	}
	return RegisterEntry{ID: o.ID, Name: o.CSO, Vendor: o.CSP, Status: st, Standard: "FedRAMP " + o.Impact, URL: o.URL(), Date: d}
}

func checkFedRAMP(db *registers.DB, text string, c regClaim, site string) regOutcome {
	id, ok := identify(db, registers.FedRAMP, text, c, site)
	bs, be := block(text, c.start, c.end)
	offs := id.v.Offerings
	if ids := packageIDs(text[bs:be]); len(ids) > 0 {
		o, found := db.Offering(ids[0])
		if !found {
			return regOutcome{result: ResultNotListed, rule: "registers/fedramp-not-listed",
				message: "The FedRAMP Marketplace lists no offering with package ID " + ids[0] + ".",
				explain: "Every offering on the Marketplace has a package ID; the one cited is not among them.",
				suggest: "Ask the provider for its Marketplace listing."}
		}
		if ok && len(id.keys) > 0 && !id.keys[o.Domain] && !anyKey(id.keys, o.Keys) {
			return regOutcome{result: ResultOtherVendor, rule: "registers/fedramp-other-vendor", entries: []RegisterEntry{offEntry(o)},
				message: "FedRAMP package " + o.ID + " is " + o.CSP + "'s \"" + o.CSO + "\", not an offering of " + id.name + ".",
				explain: "A FedRAMP authorisation covers the cloud service offering it names; a service that runs on another provider's authorised offering inherits some controls but is not itself authorised.",
				suggest: "Say which authorised service it runs on: \"hosted on " + o.CSO + " (FedRAMP " + o.Impact + ")\"."}
		}
		offs = []*registers.Offering{o}
		ok = true
		if id.name == "" || strings.HasPrefix(id.name, "a vendor") {
			id.name = o.CSP
		}
	}
	if !ok {
		return regOutcome{}
	}
	var auth, ready, inproc []RegisterEntry
	for _, o := range offs {
		switch o.Status {
		case "FedRAMP Authorized":
			auth = append(auth, offEntry(o))
		case "FRR":
			ready = append(ready, offEntry(o))
		case "FedRAMP In Process":
			inproc = append(inproc, offEntry(o))
		}
	}
	listed := func(es []RegisterEntry, status string) regOutcome {
		es = newest(es, maxEntries)
		msg := "The FedRAMP Marketplace lists " + es[0].Vendor + "'s \"" + es[0].Name + "\" as " + status + " (" + es[0].Standard + ")."
		if len(es) > 1 {
			msg = "The FedRAMP Marketplace lists " + strconv.Itoa(len(es)) + " offerings from " + es[0].Vendor + " as " + status + ", among them \"" + es[0].Name + "\" (" + es[0].Standard + ")."
		}
		return regOutcome{result: ResultListed, title: "Listed on the FedRAMP Marketplace", entries: es, message: msg}
	}
	if len(auth) > 0 && c.high {
		high := auth[:0:0]
		for _, e := range auth {
			if e.Standard == "FedRAMP High" {
				high = append(high, e)
			}
		}
		if len(high) == 0 && c.kind != "in-process" && c.kind != "ready" {
			es := newest(auth, maxEntries)
			return regOutcome{result: ResultStatusMismatch, rule: "registers/fedramp-status-mismatch", entries: es,
				message: "The FedRAMP Marketplace lists " + id.name + "'s authorised offerings at " + es[0].Standard + " impact, none at High.",
				explain: "A FedRAMP authorisation is granted at one impact level (Low, Moderate or High); the claim names a higher level than the Marketplace lists.",
				suggest: "Name the impact level the Marketplace lists: \"FedRAMP " + strings.TrimPrefix(es[0].Standard, "FedRAMP ") + " authorized\"."}
		}
		if len(high) > 0 {
			auth = high
		}
	}
	switch {
	case len(auth) > 0:
		return listed(auth, "FedRAMP Authorized")
	case c.kind == "ready" && len(ready) > 0:
		return listed(ready, "FedRAMP Ready")
	case c.kind == "in-process" && len(inproc)+len(ready) > 0:
		return listed(append(inproc, ready...), "In Process or Ready")
	case len(inproc)+len(ready) > 0:
		es := newest(append(inproc, ready...), maxEntries)
		return regOutcome{result: ResultStatusMismatch, rule: "registers/fedramp-status-mismatch", entries: es,
			message: "The FedRAMP Marketplace lists " + id.name + "'s \"" + es[0].Name + "\" as " + es[0].Status + ", not FedRAMP Authorized.",
			explain: "FedRAMP Ready and In Process are steps towards an authorisation; a service is authorised (FedRAMP Certified since June 2026) only when the Marketplace lists it as Authorized.",
			suggest: "Use the Marketplace status: \"" + es[0].Status + "\"."}
	}
	return regOutcome{result: ResultNotListed, rule: "registers/fedramp-not-listed",
		message: "The FedRAMP Marketplace lists no offering from " + id.name + ".",
		explain: "A FedRAMP claim holds for a cloud service offering the Marketplace lists as Ready, In Process or Authorized; \"FedRAMP compliant\" is not a FedRAMP status, and a service hosted on an authorised platform is not itself authorised.",
		suggest: "Name the authorised platform the service runs on, or the service's own Marketplace status and package ID."}
}

// wordAt reports a letter or digit at s[i] (false out of range).
func wordAt(s string, i int) bool {
	return i >= 0 && i < len(s) && isWordByteAt(s, i)
}

// plural is "1 module", "3 modules".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// anyKey reports whether one of ks is in set.
func anyKey(set map[string]bool, ks []string) bool {
	for _, k := range ks {
		if set[k] {
			return true
		}
	}
	return false
}

// moduleName quotes a certificate's module name ("module" when the
// snapshot does not keep it).
func moduleName(c *registers.Cert) string {
	if c.Module == "" {
		return "module"
	}
	return "\"" + c.Module + "\""
}
