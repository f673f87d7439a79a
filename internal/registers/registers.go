// Package registers holds offline snapshots of two official certification
// registers, the NIST CMVP (FIPS 140 module certificates and the modules in
// process) and the FedRAMP Marketplace, and indexes them by certificate or
// package number, by vendor registrable domain and by normalised vendor or
// product name. The snapshots are generated Go strings (data_gen.go, from
// data/*.tsv): no embed or encoding/json, so engine.wasm stays small.
package registers

import (
	"errors"
	"strconv"
	"strings"
	"sync"
)

// Register ids, as findings name them.
const (
	CMVP    = "nist-cmvp"
	FedRAMP = "fedramp-marketplace"
)

// Snapshot says which copy of a register is loaded.
type Snapshot struct {
	Register string // CMVP or FedRAMP
	Date     string // YYYY-MM-DD
	Source   string // where it was downloaded from
}

// Cert is one CMVP validation certificate.
type Cert struct {
	Number                 int
	Status                 string   // Active, Historical, Revoked (as of the snapshot)
	Standard               string   // FIPS 140-1, FIPS 140-2, FIPS 140-3
	Vendor, Domain, Module string   // Module is "" for certificates historical since before 2016
	Last, Sunset           string   // last validation date, sunset date (active ones): YYYY-MM-DD or ""
	Keys                   []string // the vendor's name keys (NameKeys), shared by its certificates
}

// CertURL is a certificate's page on csrc.nist.gov.
func CertURL(n int) string {
	return "https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/" + strconv.Itoa(n)
}

// Queued is one module in the CMVP's Modules In Process list.
type Queued struct {
	Module, Vendor, Domain, Standard, Status string
	Keys                                     []string // the vendor's name keys
}

// QueueURL is the Modules In Process list.
const QueueURL = "https://csrc.nist.gov/Projects/cryptographic-module-validation-program/modules-in-process/modules-in-process-list"

// CMVPSearchURL is the CMVP validated modules search.
const CMVPSearchURL = "https://csrc.nist.gov/projects/cryptographic-module-validation-program/validated-modules/search"

// MarketplaceURL is the FedRAMP Marketplace.
const MarketplaceURL = "https://marketplace.fedramp.gov/products"

// Offering is one FedRAMP cloud service offering.
type Offering struct {
	ID, CSP, CSO string
	Status       string // public status: "FedRAMP Authorized", "FedRAMP In Process", "FRR", ...
	Impact       string // Low, Moderate, High, Li-SaaS
	AuthDate     string // YYYY-MM-DD or ""
	StatusDate   string
	Domain       string
	Keys         []string // the provider's and the offering's name keys
}

// URL is the offering's Marketplace page.
func (o *Offering) URL() string { return "https://marketplace.fedramp.gov/products/" + o.ID }

// DB is a loaded pair of snapshots with their indexes. Read-only once
// built; safe for concurrent use.
type DB struct {
	CMVP, FedRAMP Snapshot
	Certs         []Cert
	Queue         []Queued
	Offerings     []Offering

	certByNum   []int32 // certificate number -> index + 1 (0: none)
	offByID     map[string]int32
	certsByDom  map[string][]int32
	queueByDom  map[string][]int32
	offsByDom   map[string][]int32
	certsByName map[string][]int32
	queueByName map[string][]int32
	offsByName  map[string][]int32
	maxWords    int             // longest indexed name, in words
	firstWords  map[string]bool // first word of every indexed name
}

var (
	defOnce sync.Once
	defDB   *DB
	defErr  error
)

// loader, when set, supplies the snapshots instead of the embedded ones
// (the CLI's refreshed copy); nil or an error falls back to them.
var loader func() *DB

// SetLoader makes Default ask f first. It has effect only before
// Default's first use.
func SetLoader(f func() *DB) { loader = f }

// Default returns the snapshots in use, parsed and indexed on first use:
// the loader's, else the embedded ones.
func Default() (*DB, error) {
	defOnce.Do(func() {
		if loader != nil {
			if db := loader(); db != nil {
				defDB = db
				return
			}
		}
		defDB, defErr = Parse(cmvpData, fedrampData)
	})
	return defDB, defErr
}

// Embedded returns the dates and sources of the embedded snapshots from
// their headers, without parsing them.
func Embedded() (cmvp, fedramp Snapshot) {
	return header(cmvpData), header(fedrampData)
}

func header(data string) Snapshot {
	var s Snapshot
	var f [12]string
	for i := 0; i < 3 && data != ""; i++ {
		l := data
		if j := strings.IndexByte(data, '\n'); j >= 0 {
			l, data = data[:j], data[j+1:]
		}
		if split(l, f[:]) != 2 {
			continue
		}
		switch f[0] {
		case "#register":
			s.Register = f[1]
		case "#snapshot":
			s.Date = f[1]
		case "#source":
			s.Source = f[1]
		}
	}
	return s
}

// Parse builds a DB from the compact CMVP and FedRAMP snapshots.
func Parse(cmvp, fedramp string) (*DB, error) {
	db := &DB{
		offByID:    map[string]int32{},
		certsByDom: map[string][]int32{}, queueByDom: map[string][]int32{}, offsByDom: map[string][]int32{},
		certsByName: map[string][]int32{}, queueByName: map[string][]int32{}, offsByName: map[string][]int32{},
	}
	// Sized up front: growing the slices and maps was half the time.
	// (An upper bound from the size: counting lines with strings.Count
	// was a tenth of the load time in wasm.)
	db.Certs = make([]Cert, 0, len(cmvp)/64)
	db.certByNum = make([]int32, 0, len(db.Certs)+len(db.Certs)/8)
	db.Queue = make([]Queued, 0, 512)
	db.Offerings = make([]Offering, 0, len(fedramp)/96)
	db.offByID = make(map[string]int32, cap(db.Offerings))
	if err := db.parse(cmvp, CMVP); err != nil {
		return nil, err
	}
	if err := db.parse(fedramp, FedRAMP); err != nil {
		return nil, err
	}
	return db, nil
}

func (db *DB) parse(data, reg string) error {
	snap := Snapshot{}
	var f [12]string
	// Name keys were computed when the snapshot was built (normalising
	// names here took most of the load time in wasm).
	keysOf := func(field string) []string {
		if field == "" {
			return nil
		}
		ks := make([]string, 0, strings.Count(field, "|")+1)
		for field != "" {
			k := field
			if i := strings.IndexByte(field, '|'); i >= 0 {
				k, field = field[:i], field[i+1:]
			} else {
				field = ""
			}
			ks = append(ks, k)
			db.noteWords(k)
		}
		return ks
	}
	// Vendors come first (V lines), each indexed once; certificates refer
	// to them by number: no map operation per certificate.
	type group struct {
		vendor, domain string
		keys           []string
		certs          []int32
	}
	var groups []*group
	for ln := 1; data != ""; ln++ {
		var l string
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, ""
		}
		if l == "" {
			continue
		}
		n := split(l, f[:])
		bad := func(what string) error {
			return errors.New("registers: " + reg + " line " + strconv.Itoa(ln) + ": " + what)
		}
		switch f[0] {
		case "#register":
			snap.Register = f[1]
		case "#snapshot":
			snap.Date = f[1]
		case "#source":
			snap.Source = f[1]
		case "V":
			if n != 4 || reg != CMVP {
				return bad("want 4 fields in a vendor line")
			}
			groups = append(groups, &group{vendor: f[1], domain: f[2], keys: keysOf(f[3])})
		case "C":
			if n != 8 || reg != CMVP {
				return bad("want 8 fields in a CMVP certificate line")
			}
			num, err := strconv.Atoi(f[1])
			if err != nil || num <= 0 || num > 1<<20 {
				return bad("bad certificate number")
			}
			vi, err := strconv.Atoi(f[4])
			if err != nil || vi < 0 || vi >= len(groups) {
				return bad("bad vendor number")
			}
			status, ok := statuses[f[2]]
			std, ok2 := standards[f[3]]
			if !ok || !ok2 {
				return bad("bad status or standard")
			}
			g := groups[vi]
			c := Cert{Number: num, Status: status, Standard: std, Vendor: g.vendor, Domain: g.domain, Module: f[5], Last: f[6], Sunset: f[7], Keys: g.keys}
			i := int32(len(db.Certs))
			db.Certs = append(db.Certs, c)
			for len(db.certByNum) <= num {
				db.certByNum = append(db.certByNum, 0)
			}
			db.certByNum[num] = i + 1
			g.certs = append(g.certs, i)
		case "P":
			if n != 7 || reg != CMVP {
				return bad("want 7 fields in a module-in-process line")
			}
			q := Queued{Module: f[1], Vendor: f[2], Domain: f[3], Standard: f[4], Status: f[5], Keys: keysOf(f[6])}
			i := int32(len(db.Queue))
			db.Queue = append(db.Queue, q)
			if q.Domain != "" {
				db.queueByDom[q.Domain] = append(db.queueByDom[q.Domain], i)
			}
			for _, k := range q.Keys {
				db.queueByName[k] = appendOnce(db.queueByName[k], i)
			}
		case "O":
			if n != 10 || reg != FedRAMP {
				return bad("want 10 fields in an offering line")
			}
			status, ok := offeringStatuses[f[4]]
			if !ok {
				return bad("bad status")
			}
			upd := f[7]
			if upd == "=" {
				upd = f[6]
			}
			o := Offering{ID: f[1], CSP: f[2], CSO: f[3], Status: status, Impact: f[5], AuthDate: f[6], StatusDate: upd, Domain: f[8], Keys: keysOf(f[9])}
			i := int32(len(db.Offerings))
			db.Offerings = append(db.Offerings, o)
			db.offByID[o.ID] = i
			if o.Domain != "" {
				db.offsByDom[o.Domain] = append(db.offsByDom[o.Domain], i)
			}
			for _, k := range o.Keys {
				db.offsByName[k] = appendOnce(db.offsByName[k], i)
			}
		default:
			return bad("unknown line kind " + strconv.Quote(f[0]))
		}
	}
	for _, g := range groups {
		if g.domain != "" {
			db.certsByDom[g.domain] = append(db.certsByDom[g.domain], g.certs...)
		}
		for _, k := range g.keys {
			db.certsByName[k] = append(db.certsByName[k], g.certs...)
		}
	}
	if snap.Register != reg || len(snap.Date) != 10 || !strings.HasPrefix(snap.Source, "http") {
		return errors.New("registers: " + reg + ": missing or wrong #register, #snapshot or #source header")
	}
	if reg == CMVP {
		db.CMVP = snap
	} else {
		db.FedRAMP = snap
	}
	return nil
}

func (db *DB) noteWords(k string) {
	if n := strings.Count(k, " ") + 1; n > db.maxWords {
		db.maxWords = n
	}
	first := k
	if i := strings.IndexByte(k, ' '); i >= 0 {
		first = k[:i]
	}
	if db.firstWords == nil {
		db.firstWords = map[string]bool{}
	}
	db.firstWords[first] = true
}

func appendOnce(s []int32, i int32) []int32 {
	if n := len(s); n > 0 && s[n-1] == i {
		return s
	}
	return append(s, i)
}

// One-letter codes of the snapshot format.
var (
	statuses  = map[string]string{"A": "Active", "H": "Historical", "R": "Revoked"}
	standards = map[string]string{"1": "FIPS 140-1", "2": "FIPS 140-2", "3": "FIPS 140-3"}
	// The Marketplace's public statuses; FRR is FedRAMP Ready.
	offeringStatuses = map[string]string{"A": "FedRAMP Authorized", "P": "FedRAMP In Process", "R": "FRR", "N": "No Status Found", "": ""}
)

// split cuts a tab-separated line into f, returning the field count (0
// when there are more fields than f holds).
func split(l string, f []string) int {
	n := 0
	for {
		if n == len(f) {
			return 0
		}
		i := strings.IndexByte(l, '\t')
		if i < 0 {
			f[n] = l
			return n + 1
		}
		f[n], l = l[:i], l[i+1:]
		n++
	}
}

// Cert returns the certificate with number n.
func (db *DB) Cert(n int) (*Cert, bool) {
	if n <= 0 || n >= len(db.certByNum) || db.certByNum[n] == 0 {
		return nil, false
	}
	return &db.Certs[db.certByNum[n]-1], true
}

// Offering returns the offering with package id id (F1234567890).
func (db *DB) Offering(id string) (*Offering, bool) {
	i, ok := db.offByID[id]
	if !ok {
		return nil, false
	}
	return &db.Offerings[i], true
}

// Vendor is what the registers list for one vendor (by domain or name).
type Vendor struct {
	Key       string // the domain or normalised name matched
	Certs     []*Cert
	Queue     []*Queued
	Offerings []*Offering
}

// ByDomain returns what the registers list for the registrable domain
// of host ("www.redhat.com" -> redhat.com). Index keys are registrable
// domains, so the longest indexed suffix of host is its registrable domain.
func (db *DB) ByDomain(host string) (v Vendor, domain string) {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	for h := host; h != ""; {
		if db.certsByDom[h] != nil || db.queueByDom[h] != nil || db.offsByDom[h] != nil {
			return db.collect(h, db.certsByDom[h], db.queueByDom[h], db.offsByDom[h]), h
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return Vendor{}, ""
}

// ByName returns what the registers list under a normalised name.
func (db *DB) ByName(norm string) Vendor {
	return db.collect(norm, db.certsByName[norm], db.queueByName[norm], db.offsByName[norm])
}

func (db *DB) collect(key string, cs, qs, os []int32) Vendor {
	v := Vendor{Key: key}
	for _, i := range cs {
		v.Certs = append(v.Certs, &db.Certs[i])
	}
	for _, i := range qs {
		v.Queue = append(v.Queue, &db.Queue[i])
	}
	for _, i := range os {
		v.Offerings = append(v.Offerings, &db.Offerings[i])
	}
	return v
}

// HasName reports whether a normalised name is indexed in a register.
func (db *DB) HasName(reg, norm string) bool {
	if reg == CMVP {
		return db.certsByName[norm] != nil || db.queueByName[norm] != nil
	}
	return db.offsByName[norm] != nil
}

// MaxWords is the length in words of the longest indexed name.
func (db *DB) MaxWords() int { return db.maxWords }

// SetData supplies the snapshots as the TSV text of data/*.tsv, for a
// binary built without them (certscope_nodata). It is parsed on first use,
// like the embedded ones; it has effect only before Default's first use.
func SetData(cmvp, fedramp string) {
	SetLoader(func() *DB {
		db, err := Parse(cmvp, fedramp)
		if err != nil {
			return nil
		}
		return db
	})
}
