// Package regsrc turns the official register downloads (NIST's CMVP
// pages, or the NIST-CMVP-API scraper's JSON; the FedRAMP Marketplace feed)
// into the compact snapshot format that package registers reads and embeds,
// and validates a new snapshot before it replaces the old one. It is
// native-only (encoding/json, net/http, publicsuffix): the wasm engine
// links package registers alone.
package regsrc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/publicsuffix"

	"github.com/certscope/certscope/internal/registers"
)

// CMVPCert is one certificate as the source publishes it (the fields we keep).
type CMVPCert struct {
	Cert            int      `json:"cert"`
	Status          string   `json:"status"`
	Standard        string   `json:"standard"`
	Vendor          string   `json:"vendor"`
	VendorWebsite   string   `json:"vendor_website"`
	Module          string   `json:"module"`
	ValidationDates []string `json:"validation_dates"`
	SunsetDate      *string  `json:"sunset_date"`
}

// CMVPInProcess is one module in the CMVP queue.
type CMVPInProcess struct {
	Module   string `json:"module"`
	Vendor   string `json:"vendor"`
	Standard string `json:"standard"`
	Status   string `json:"status"`
}

// FedRAMPFeed is fedramp-products.json.
type FedRAMPFeed struct {
	Metadata struct {
		ExportTimestamp string `json:"export_timestamp"`
		TotalProducts   int    `json:"total_products"`
	} `json:"metadata"`
	Products []FedRAMPProduct `json:"products"`
}

// FedRAMPProduct is one cloud service offering.
type FedRAMPProduct struct {
	ID           string `json:"id"`
	CSP          string `json:"csp"`
	CSO          string `json:"cso"`
	PublicStatus string `json:"public_status"`
	ImpactLevel  string `json:"impact_level"`
	AuthDate     string `json:"auth_date"`
	StatusDate   string `json:"status_updated_date"`
	Website      string `json:"website"`
}

// Domain returns the registrable domain (eTLD+1) of a website or host,
// or "" when it has none.
func Domain(site string) string {
	site = strings.TrimSpace(strings.ToLower(site))
	if site == "" {
		return ""
	}
	if !strings.Contains(site, "://") {
		site = "http://" + site
	}
	u, err := url.Parse(site)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(strings.TrimSuffix(u.Hostname(), "."))
	if err != nil {
		return ""
	}
	return d
}

// field cleans a value for the tab-separated format.
func field(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return ' '
		case '`':
			return '\''
		}
		// Control and format characters (mojibake in a few module names)
		// are dropped: the data becomes a Go raw string.
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// usDate turns "12/7/2022" into "2022-12-07" ("" when it is not a date).
func usDate(s string) string {
	t, err := time.Parse("1/2/2006", strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// isoDay turns "2013-08-23T04:00:00.000Z" into "2013-08-23".
func isoDay(s string) string {
	if len(s) >= 10 {
		if _, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return s[:10]
		}
	}
	return ""
}

// CMVP writes the compact CMVP snapshot from the source JSON lines
// (certificates.jsonl and modules-in-process.jsonl; a JSON array of the
// same objects is accepted too).
func CMVP(certs, inProcess []byte, snapshot, source string) ([]byte, error) {
	var cs []CMVPCert
	if err := decodeList(certs, &cs); err != nil {
		return nil, errors.New("cmvp certificates: " + err.Error())
	}
	var ps []CMVPInProcess
	if err := decodeList(inProcess, &ps); err != nil {
		return nil, errors.New("cmvp modules in process: " + err.Error())
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Cert < cs[j].Cert })
	var b bytes.Buffer
	header(&b, registers.CMVP, snapshot, source)
	byName := map[string]string{} // normalised vendor -> domain, for the queue
	// Vendors once each (V lines, numbered in order); certificates refer
	// to them by number. Status and standard as one letter or digit.
	vendorIdx := map[[2]string]int{}
	var lines bytes.Buffer
	for _, c := range cs {
		// A few old certificates have no vendor on their page: kept, their
		// numbers exist.
		if c.Cert <= 0 || c.Status == "" || !strings.HasPrefix(c.Standard, "FIPS 140-") || len(c.Standard) != len("FIPS 140-2") {
			return nil, errors.New("cmvp certificate " + strconv.Itoa(c.Cert) + ": missing number, status or standard")
		}
		status := ""
		switch c.Status {
		case "Active":
			status = "A"
		case "Historical":
			status = "H"
		case "Revoked":
			status = "R"
		default:
			return nil, errors.New("cmvp certificate " + strconv.Itoa(c.Cert) + ": unknown status " + strconv.Quote(c.Status))
		}
		d := Domain(c.VendorWebsite)
		if n := registers.NormName(c.Vendor); d != "" && byName[n] == "" {
			byName[n] = d
		}
		k := [2]string{field(c.Vendor), d}
		vi, ok := vendorIdx[k]
		if !ok {
			vi = len(vendorIdx)
			vendorIdx[k] = vi
			line(&b, "V", k[0], k[1], strings.Join(registers.NameKeys(k[0]), "|"))
		}
		last := ""
		if n := len(c.ValidationDates); n > 0 {
			last = usDate(c.ValidationDates[n-1])
		}
		sunset := ""
		if c.SunsetDate != nil && status == "A" {
			sunset = usDate(*c.SunsetDate)
		}
		module := c.Module
		// Certificates historical for ten years and more keep their
		// number, vendor and dates but not their module name (its page
		// has it): 95 KB less in engine.wasm, which has a size budget.
		if status != "A" && last < oldModules {
			module = ""
		}
		line(&lines, "C", strconv.Itoa(c.Cert), status, c.Standard[len("FIPS 140-"):], strconv.Itoa(vi), module, last, sunset)
	}
	b.Write(lines.Bytes())
	for _, p := range ps {
		if p.Module == "" || p.Vendor == "" {
			return nil, errors.New("cmvp module in process without module or vendor")
		}
		line(&b, "P", p.Module, p.Vendor, byName[registers.NormName(p.Vendor)], p.Standard, p.Status, strings.Join(registers.NameKeys(field(p.Vendor)), "|"))
	}
	return b.Bytes(), nil
}

// oldModules: historical certificates last validated before this day are
// kept without their module name.
const oldModules = "2016-01-01"

// fedrampStatus codes the Marketplace's public statuses (package
// registers decodes them).
var fedrampStatus = map[string]string{"FedRAMP Authorized": "A", "FedRAMP In Process": "P", "FRR": "R", "No Status Found": "N", "": ""}

// FedRAMP writes the compact Marketplace snapshot from the feed.
func FedRAMP(feed []byte, source string) ([]byte, error) {
	var f FedRAMPFeed
	if err := json.Unmarshal(feed, &f); err != nil {
		return nil, errors.New("fedramp products: " + err.Error())
	}
	snap := isoDay(f.Metadata.ExportTimestamp)
	if snap == "" {
		return nil, errors.New("fedramp products: no export_timestamp")
	}
	if f.Metadata.TotalProducts != len(f.Products) {
		return nil, errors.New("fedramp products: metadata says " + strconv.Itoa(f.Metadata.TotalProducts) + " products, the file holds " + strconv.Itoa(len(f.Products)))
	}
	var b bytes.Buffer
	header(&b, registers.FedRAMP, snap, source)
	for _, p := range f.Products {
		if p.ID == "" || p.CSP == "" {
			return nil, errors.New("fedramp product " + strconv.Quote(p.ID) + ": no id or no provider")
		}
		st, ok := fedrampStatus[p.PublicStatus]
		if !ok {
			return nil, errors.New("fedramp product " + strconv.Quote(p.ID) + ": unknown status " + strconv.Quote(p.PublicStatus))
		}
		auth, upd := isoDay(p.AuthDate), isoDay(p.StatusDate)
		if upd == auth {
			upd = "=" // the status date is the authorisation date
		}
		line(&b, "O", p.ID, p.CSP, p.CSO, st, p.ImpactLevel, auth, upd, Domain(p.Website),
			strings.Join(registers.OfferingKeys(field(p.CSP), field(p.CSO)), "|"))
	}
	return b.Bytes(), nil
}

func header(b *bytes.Buffer, reg, snapshot, source string) {
	b.WriteString("#register\t" + reg + "\n#snapshot\t" + snapshot + "\n#source\t" + source + "\n")
}

func line(b *bytes.Buffer, kind string, fs ...string) {
	b.WriteString(kind)
	for _, f := range fs {
		b.WriteByte('\t')
		b.WriteString(field(f))
	}
	b.WriteByte('\n')
}

// decodeList reads JSON lines, or one JSON array.
func decodeList[T any](data []byte, out *[]T) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return errors.New("empty")
	}
	if data[0] == '[' {
		return json.Unmarshal(data, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(l, &v); err != nil {
			return errors.New("line " + strconv.Itoa(n) + ": " + err.Error())
		}
		*out = append(*out, v)
	}
	return sc.Err()
}
