package regsrc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/certscope/certscope/internal/registers"
)

// NISTBase is the CMVP project on csrc.nist.gov: the validated-modules
// search, the certificate pages and the Modules In Process list.
const NISTBase = "https://csrc.nist.gov/projects/cryptographic-module-validation-program"

// cmvpStatuses are the search's Validation Status values; each is one
// results page (NIST shows every match on one page: the table's
// data-total-records equals its rows).
var cmvpStatuses = []string{"Active", "Historical", "Revoked"}

// DefaultCertPages bounds the certificate pages one update reads.
const DefaultCertPages = 600

// searchRow is one row of the validated-modules search results.
type searchRow struct {
	Cert           int
	Vendor, Module string
	Dates          []string // validation dates, as shown (M/D/YYYY)
	Status         string
}

// certPage is what a certificate page adds to the search table.
type certPage struct {
	Standard, Status, Sunset, Website, Vendor string
}

func parseHTML(b []byte) (*html.Node, error) {
	return html.Parse(bytes.NewReader(b))
}

// walk calls f on n and its descendants, depth first, until f returns false.
func walk(n *html.Node, f func(*html.Node) bool) bool {
	if !f(n) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !walk(c, f) {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// find returns the first element below n (n included) that ok accepts.
func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && ok(x) {
			found = x
			return false
		}
		return true
	})
	return found
}

// children returns n's element children named tag.
func children(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	}
	return out
}

// text is n's text with white space collapsed; invisible labels
// ("View Contacts" under the Modules In Process vendor) are left out.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && (hasClass(x, "element-invisible") || x.Data == "script") {
			return false
		}
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// cellLines is a cell's text split at <br> (the validation dates).
func cellLines(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	walk(n, func(x *html.Node) bool {
		switch {
		case x.Type == html.ElementNode && x.Data == "br":
			flush()
		case x.Type == html.TextNode:
			cur.WriteString(x.Data)
		}
		return true
	})
	flush()
	return out
}

// columns maps a table's column titles to their positions.
func columns(table *html.Node) map[string]int {
	cols := map[string]int{}
	if th := find(table, func(x *html.Node) bool { return x.Data == "thead" }); th != nil {
		if tr := find(th, func(x *html.Node) bool { return x.Data == "tr" }); tr != nil {
			for i, c := range children(tr, "th") {
				cols[text(c)] = i
			}
		}
	}
	return cols
}

func bodyRows(table *html.Node) []*html.Node {
	tb := find(table, func(x *html.Node) bool { return x.Data == "tbody" })
	if tb == nil {
		return nil
	}
	return children(tb, "tr")
}

// parseSearch reads one validated-modules search results page. It fails
// on a page without the results table (an error or rate-limit page) and
// on one holding fewer rows than the number of matches it announces (a
// truncated download).
func parseSearch(b []byte, status string) ([]searchRow, error) {
	doc, err := parseHTML(b)
	if err != nil {
		return nil, err
	}
	div := find(doc, func(x *html.Node) bool { return attr(x, "id") == "divResults" })
	table := find(doc, func(x *html.Node) bool { return attr(x, "id") == "searchResultsTable" })
	if div == nil || table == nil {
		return nil, errors.New("no search results table")
	}
	total, err := strconv.Atoi(attr(div, "data-total-records"))
	if err != nil {
		return nil, errors.New("no data-total-records on the results")
	}
	cols := columns(table)
	for _, h := range []string{"Certificate Number", "Vendor Name", "Module Name", "Validation Date"} {
		if _, ok := cols[h]; !ok {
			return nil, errors.New("no " + strconv.Quote(h) + " column")
		}
	}
	var rows []searchRow
	for _, tr := range bodyRows(table) {
		tds := children(tr, "td")
		cell := func(h string) *html.Node {
			if i, ok := cols[h]; ok && i < len(tds) {
				return tds[i]
			}
			return nil
		}
		num := cell("Certificate Number")
		if num == nil || cell("Validation Date") == nil {
			return nil, errors.New("a results row with " + strconv.Itoa(len(tds)) + " cells")
		}
		n, err := strconv.Atoi(text(num))
		if err != nil || n <= 0 {
			return nil, errors.New("bad certificate number " + strconv.Quote(text(num)))
		}
		r := searchRow{Cert: n, Vendor: text(cell("Vendor Name")), Module: text(cell("Module Name")),
			Dates: cellLines(cell("Validation Date")), Status: status}
		if s := cell("Status"); s != nil && text(s) != "" {
			r.Status = text(s)
		}
		if r.Status != status {
			return nil, errors.New("certificate " + strconv.Itoa(n) + " is " + strconv.Quote(r.Status) + " on the " + status + " list")
		}
		rows = append(rows, r)
	}
	if len(rows) != total {
		return nil, errors.New("the page holds " + strconv.Itoa(len(rows)) + " of the " + strconv.Itoa(total) + " certificates it lists")
	}
	return rows, nil
}

// parseCertPage reads a certificate page's Details and Vendor panels.
func parseCertPage(b []byte) (certPage, error) {
	var p certPage
	doc, err := parseHTML(b)
	if err != nil {
		return p, err
	}
	panel := func(title string) *html.Node {
		return find(doc, func(x *html.Node) bool {
			if !hasClass(x, "panel") {
				return false
			}
			h := find(x, func(y *html.Node) bool { return hasClass(y, "panel-title") })
			return h != nil && text(h) == title
		})
	}
	details, vendor := panel("Details"), panel("Vendor")
	if details == nil || vendor == nil {
		return p, errors.New("no Details or Vendor panel")
	}
	var rows []*html.Node
	walk(details, func(x *html.Node) bool {
		if x.Type == html.ElementNode && hasClass(x, "row") {
			rows = append(rows, x)
		}
		return true
	})
	for _, r := range rows {
		cols := children(r, "div")
		if len(cols) < 2 {
			continue
		}
		v := text(cols[1])
		switch strings.TrimSuffix(text(cols[0]), ":") {
		case "Standard":
			p.Standard = v
		case "Status":
			p.Status = v
		case "Sunset Date":
			p.Sunset = v
		}
	}
	if body := find(vendor, func(x *html.Node) bool { return hasClass(x, "panel-body") }); body != nil {
		if a := find(body, func(x *html.Node) bool { return x.Data == "a" && attr(x, "href") != "" }); a != nil {
			p.Website, p.Vendor = attr(a, "href"), text(a)
		}
	}
	if !strings.HasPrefix(p.Standard, "FIPS 140-") {
		return p, errors.New("no FIPS 140 standard in the Details panel")
	}
	return p, nil
}

// parseMIP reads the Modules In Process list. Its footer says how many
// modules it displays: fewer rows means a truncated download.
func parseMIP(b []byte) ([]CMVPInProcess, error) {
	doc, err := parseHTML(b)
	if err != nil {
		return nil, err
	}
	table := find(doc, func(x *html.Node) bool {
		if x.Data != "table" {
			return false
		}
		c := columns(x)
		_, m := c["Module Name"]
		_, v := c["Vendor Name"]
		return m && v
	})
	if table == nil {
		return nil, errors.New("no Modules In Process table")
	}
	cols := columns(table)
	displayed := -1
	if tf := find(table, func(x *html.Node) bool { return x.Data == "tfoot" }); tf != nil {
		for _, tr := range children(tf, "tr") {
			if tds := children(tr, "td"); len(tds) == 2 && text(tds[0]) == "Displayed" {
				displayed, _ = strconv.Atoi(text(tds[1]))
			}
		}
	}
	var out []CMVPInProcess
	for _, tr := range bodyRows(table) {
		tds := children(tr, "td")
		get := func(h string) string {
			if i, ok := cols[h]; ok && i < len(tds) {
				return text(tds[i])
			}
			return ""
		}
		q := CMVPInProcess{Module: get("Module Name"), Vendor: get("Vendor Name"), Standard: get("Standard"), Status: get("Status")}
		if q.Module == "" || q.Vendor == "" {
			return nil, errors.New("a Modules In Process row without module or vendor")
		}
		out = append(out, q)
	}
	if displayed < 0 {
		return nil, errors.New("no Displayed count under the Modules In Process table")
	}
	if len(out) != displayed {
		return nil, errors.New("the Modules In Process page holds " + strconv.Itoa(len(out)) + " of the " + strconv.Itoa(displayed) + " modules it displays")
	}
	return out, nil
}

// latestUS returns the latest of M/D/YYYY dates, as M/D/YYYY.
func latestUS(ds []string) string {
	best, bestISO := "", ""
	for _, d := range ds {
		if iso := usDate(d); iso != "" && iso > bestISO {
			best, bestISO = d, iso
		}
	}
	return best
}

// cmvpFromNIST downloads the three search lists and the Modules In
// Process list, and the certificate page of each certificate the
// previous snapshot does not hold (standard, vendor website and sunset
// date are not in the search table; for known certificates they are
// carried over). At most maxPages certificate pages are read.
func cmvpFromNIST(ctx context.Context, client *http.Client, base string, prev *registers.DB, maxPages int, today string, get func(name, url string) ([]byte, error), progress Progress) ([]byte, error) {
	base = strings.TrimSuffix(base, "/")
	var rows []searchRow
	seen := map[int]bool{}
	for _, st := range cmvpStatuses {
		b, err := get("CMVP "+st+" certificates", base+"/validated-modules/search?SearchMode=Advanced&CertificateStatus="+st+"&ValidationYear=0")
		if err != nil {
			return nil, err
		}
		rs, err := parseSearch(b, st)
		if err != nil {
			return nil, errors.New("CMVP " + st + " search results: " + err.Error())
		}
		progress("  " + strconv.Itoa(len(rs)) + " " + st + " certificates")
		for _, r := range rs {
			if seen[r.Cert] {
				return nil, errors.New("CMVP certificate " + strconv.Itoa(r.Cert) + " is on two lists")
			}
			seen[r.Cert] = true
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, errors.New("CMVP search: no certificates")
	}
	b, err := get("CMVP modules in process", base+"/modules-in-process/modules-in-process-list")
	if err != nil {
		return nil, err
	}
	queue, err := parseMIP(b)
	if err != nil {
		return nil, errors.New("CMVP modules in process: " + err.Error())
	}
	progress("  " + strconv.Itoa(len(queue)) + " modules in process")

	known := map[int]*registers.Cert{}
	domains := map[string]string{}
	if prev != nil {
		for i := range prev.Certs {
			c := &prev.Certs[i]
			known[c.Number] = c
			if c.Domain != "" {
				domains[registers.NormName(c.Vendor)] = c.Domain
			}
		}
	}
	var missing []int
	for _, r := range rows {
		if known[r.Cert] == nil {
			missing = append(missing, r.Cert)
		}
	}
	if len(missing) > maxPages {
		return nil, errors.New("CMVP: " + strconv.Itoa(len(missing)) + " certificates are new to the snapshot, more than the " + strconv.Itoa(maxPages) + " certificate pages allowed (--cmvp-pages)")
	}
	pages := map[int]certPage{}
	for i, n := range missing {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if i%25 == 0 {
			progress("  certificate pages: " + strconv.Itoa(i) + " of " + strconv.Itoa(len(missing)))
		}
		b, err := fetch(ctx, client, base+"/certificate/"+strconv.Itoa(n))
		if err != nil {
			return nil, errors.New("CMVP certificate " + strconv.Itoa(n) + ": " + err.Error())
		}
		p, err := parseCertPage(b)
		if err != nil {
			return nil, errors.New("CMVP certificate page " + strconv.Itoa(n) + ": " + err.Error())
		}
		pages[n] = p
	}

	var certs []CMVPCert
	for _, r := range rows {
		c := CMVPCert{Cert: r.Cert, Status: r.Status, Vendor: r.Vendor, Module: r.Module}
		if d := latestUS(r.Dates); d != "" {
			c.ValidationDates = []string{d}
		}
		var sunset string
		if p, ok := pages[r.Cert]; ok {
			c.Standard, c.VendorWebsite, sunset = p.Standard, p.Website, p.Sunset
		} else {
			k := known[r.Cert]
			c.Standard = k.Standard
			if k.Domain != "" {
				c.VendorWebsite = "https://" + k.Domain
			}
			if k.Sunset != "" {
				if t, err := time.Parse("2006-01-02", k.Sunset); err == nil {
					sunset = t.Format("1/2/2006")
				}
			}
		}
		if c.VendorWebsite == "" {
			if d := domains[registers.NormName(c.Vendor)]; d != "" {
				c.VendorWebsite = "https://" + d
			}
		}
		if sunset != "" {
			c.SunsetDate = &sunset
		}
		certs = append(certs, c)
	}
	sort.Slice(certs, func(i, j int) bool { return certs[i].Cert < certs[j].Cert })
	cs, err := json.Marshal(certs)
	if err != nil {
		return nil, err
	}
	qs, err := json.Marshal(queue)
	if err != nil {
		return nil, err
	}
	return CMVP(cs, qs, today, registers.CMVPSearchURL)
}
