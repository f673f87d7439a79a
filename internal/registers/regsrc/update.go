package regsrc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/registers"
)

// Sources are where Update downloads from.
type Sources struct {
	// CMVP chooses the CMVP source: "nist" (the default) reads NIST's own
	// pages under NIST; "scraper" reads the JSON lists under CMVPBase.
	CMVP string
	// NIST is the CMVP project on csrc.nist.gov (NISTBase): the
	// validated-modules search, certificate pages, Modules In Process.
	NIST string
	// CertPages bounds the certificate pages read (0: DefaultCertPages).
	CertPages int
	// CMVPBase holds modules.json, historical-modules.json and
	// modules-in-process.json as published by the NIST-CMVP-API scraper
	// of csrc.nist.gov (a third party's copy; used with CMVP "scraper").
	CMVPBase string
	// FedRAMP is the Marketplace feed, fedramp-products.json.
	FedRAMP string
	// Now dates a snapshot read from NIST's pages (nil: time.Now).
	Now func() time.Time
}

// DefaultSources are the public sources.
var DefaultSources = Sources{
	CMVP:     "nist",
	NIST:     NISTBase,
	CMVPBase: "https://raw.githubusercontent.com/ethanolivertroy/NIST-CMVP-API/main/api",
	FedRAMP:  "https://raw.githubusercontent.com/FedRAMP/marketplace-fedramp-gov-data/main/fedramp-products.json",
}

// File names of the snapshots in a directory.
const (
	CMVPFile    = "nist-cmvp.tsv"
	FedRAMPFile = "fedramp-marketplace.tsv"
)

// maxDownload bounds one download (the CMVP historical list is ~6 MB).
const maxDownload = 64 << 20

// Progress receives one line per step.
type Progress func(line string)

// Counts summarise a snapshot.
type Counts struct {
	Certs, Active, Queue, Offerings, Authorized int
}

// Count counts what a DB holds.
func Count(db *registers.DB) Counts {
	c := Counts{Certs: len(db.Certs), Queue: len(db.Queue), Offerings: len(db.Offerings)}
	for _, x := range db.Certs {
		if x.Status == "Active" {
			c.Active++
		}
	}
	for _, o := range db.Offerings {
		if o.Status == "FedRAMP Authorized" {
			c.Authorized++
		}
	}
	return c
}

// Load reads the snapshots in dir.
func Load(dir string) (*registers.DB, error) {
	c, err := os.ReadFile(filepath.Join(dir, CMVPFile))
	if err != nil {
		return nil, err
	}
	f, err := os.ReadFile(filepath.Join(dir, FedRAMPFile))
	if err != nil {
		return nil, err
	}
	return registers.Parse(string(c), string(f))
}

// Update downloads both registers, converts and validates them against
// prev (the snapshot in use), and only then replaces the files in dir,
// each by an atomic rename. Any failure leaves dir as it was.
func Update(ctx context.Context, client *http.Client, src Sources, dir string, prev *registers.DB, progress Progress) (Counts, error) {
	if progress == nil {
		progress = func(string) {}
	}
	get := func(name, url string) ([]byte, error) {
		progress("downloading " + name + " from " + url)
		b, err := fetch(ctx, client, url)
		if err != nil {
			return nil, errors.New(name + ": " + err.Error())
		}
		progress("  " + name + ": " + strconv.Itoa(len(b)) + " bytes")
		return b, nil
	}
	var cmvp []byte
	var err error
	switch src.CMVP {
	case "", "nist":
		now := time.Now
		if src.Now != nil {
			now = src.Now
		}
		pages := src.CertPages
		if pages <= 0 {
			pages = DefaultCertPages
		}
		nist := src.NIST
		if nist == "" {
			nist = NISTBase
		}
		cmvp, err = cmvpFromNIST(ctx, client, nist, prev, pages, now().UTC().Format("2006-01-02"), get, progress)
	case "scraper":
		cmvp, err = cmvpFromScraper(src.CMVPBase, prev, get)
	default:
		err = errors.New("unknown CMVP source " + strconv.Quote(src.CMVP) + " (valid: nist, scraper)")
	}
	if err != nil {
		return Counts{}, err
	}
	feed, err := get("FedRAMP Marketplace", src.FedRAMP)
	if err != nil {
		return Counts{}, err
	}
	progress("converting and validating")
	fed, err := FedRAMP(feed, src.FedRAMP)
	if err != nil {
		return Counts{}, err
	}
	db, err := registers.Parse(string(cmvp), string(fed))
	if err != nil {
		return Counts{}, err
	}
	n := Count(db)
	if err := Plausible(prev, db); err != nil {
		return n, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return n, err
	}
	// Write both, then rename both: a failed write leaves no trace.
	tmpC, err := writeTemp(dir, CMVPFile, cmvp)
	if err != nil {
		return n, err
	}
	tmpF, err := writeTemp(dir, FedRAMPFile, fed)
	if err != nil {
		os.Remove(tmpC)
		return n, err
	}
	if err := os.Rename(tmpC, filepath.Join(dir, CMVPFile)); err != nil {
		os.Remove(tmpC)
		os.Remove(tmpF)
		return n, err
	}
	if err := os.Rename(tmpF, filepath.Join(dir, FedRAMPFile)); err != nil {
		os.Remove(tmpF)
		return n, err
	}
	progress("replaced " + dir + ": CMVP " + db.CMVP.Date + ", FedRAMP " + db.FedRAMP.Date)
	return n, nil
}

func writeTemp(dir, name string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func fetch(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "certscope-registers-update")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New("HTTP " + resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if err != nil {
		return nil, err // includes a connection cut short of Content-Length
	}
	if len(b) > maxDownload {
		return nil, errors.New("larger than " + strconv.Itoa(maxDownload>>20) + " MB")
	}
	return b, nil
}

// Plausible rejects a new snapshot that is older than the previous one or
// whose counts moved more than registers move between refreshes:
// certificates are never deleted (historical ones stay listed), the queue
// and the Marketplace change by a fraction.
func Plausible(prev, next *registers.DB) error {
	if prev == nil {
		return nil
	}
	if next.CMVP.Date < prev.CMVP.Date || next.FedRAMP.Date < prev.FedRAMP.Date {
		return errors.New("the download is older than the snapshot in use (CMVP " + next.CMVP.Date + " < " + prev.CMVP.Date + " or FedRAMP " + next.FedRAMP.Date + " < " + prev.FedRAMP.Date + ")")
	}
	p, n := Count(prev), Count(next)
	check := func(what string, old, now int, lo, hi float64) error {
		if float64(now) < lo*float64(old) || float64(now) > hi*float64(old)+50 {
			return errors.New(what + ": " + strconv.Itoa(now) + " against " + strconv.Itoa(old) + " in the snapshot in use, outside the plausible range")
		}
		return nil
	}
	for _, err := range []error{
		check("CMVP certificates", p.Certs, n.Certs, 0.98, 1.25),
		check("CMVP active certificates", p.Active, n.Active, 0.5, 1.5),
		check("CMVP modules in process", p.Queue, n.Queue, 0.5, 2),
		check("FedRAMP offerings", p.Offerings, n.Offerings, 0.8, 1.5),
		check("FedRAMP authorized offerings", p.Authorized, n.Authorized, 0.8, 1.5),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// listModule is one row of the scraper's modules.json or
// historical-modules.json.
type listModule struct {
	Number     string `json:"Certificate Number"`
	Vendor     string `json:"Vendor Name"`
	Module     string `json:"Module Name"`
	Validation string `json:"Validation Date"`
	Standard   string `json:"standard"`
	Status     string `json:"status"`
	Sunset     string `json:"sunset_date"`
}

type listQueued struct {
	Module   string `json:"Module Name"`
	Vendor   string `json:"Vendor Name"`
	Standard string `json:"Standard"`
	Status   string `json:"Status"`
}

// listFile is any of the scraper's list files: metadata and one list.
type listFile struct {
	Metadata struct {
		GeneratedAt string `json:"generated_at"`
	} `json:"metadata"`
	Modules           []listModule `json:"modules"`
	HistoricalModules []listModule `json:"historical_modules"`
	InProcess         []listQueued `json:"modules_in_process"`
}

// cmvpFromScraper downloads and converts the NIST-CMVP-API lists.
func cmvpFromScraper(base string, prev *registers.DB, get func(name, url string) ([]byte, error)) ([]byte, error) {
	base = strings.TrimSuffix(base, "/")
	active, err := get("CMVP active modules", base+"/modules.json")
	if err != nil {
		return nil, err
	}
	hist, err := get("CMVP historical modules", base+"/historical-modules.json")
	if err != nil {
		return nil, err
	}
	queue, err := get("CMVP modules in process", base+"/modules-in-process.json")
	if err != nil {
		return nil, err
	}
	return CMVPFromLists(active, hist, queue, prev)
}

// CMVPFromLists converts the scraper's list files. Vendor websites are
// only on the certificate pages: vendor domains are carried over from
// the previous snapshot by vendor name.
func CMVPFromLists(active, historical, inProcess []byte, prev *registers.DB) ([]byte, error) {
	var a, h, q listFile
	for _, x := range []struct {
		name string
		data []byte
		into *listFile
	}{{"modules.json", active, &a}, {"historical-modules.json", historical, &h}, {"modules-in-process.json", inProcess, &q}} {
		if err := json.Unmarshal(x.data, x.into); err != nil {
			return nil, errors.New("CMVP " + x.name + ": " + err.Error())
		}
	}
	gen := a.Metadata.GeneratedAt
	if len(gen) < 10 {
		return nil, errors.New("CMVP modules.json: no metadata.generated_at")
	}
	if _, err := time.Parse("2006-01-02", gen[:10]); err != nil {
		return nil, errors.New("CMVP modules.json: bad metadata.generated_at " + strconv.Quote(gen))
	}
	if len(a.Modules) == 0 || len(h.Modules)+len(h.HistoricalModules) == 0 || len(q.InProcess) == 0 {
		return nil, errors.New("CMVP lists: an empty list (active " + strconv.Itoa(len(a.Modules)) + ", historical " + strconv.Itoa(len(h.Modules)+len(h.HistoricalModules)) + ", in process " + strconv.Itoa(len(q.InProcess)) + ")")
	}
	domains := map[string]string{}
	if prev != nil {
		for _, c := range prev.Certs {
			if c.Domain != "" {
				domains[registers.NormName(c.Vendor)] = c.Domain
			}
		}
	}
	var certs []CMVPCert
	seen := map[int]bool{}
	for _, list := range [][]listModule{a.Modules, h.Modules, h.HistoricalModules} {
		for _, m := range list {
			n, err := strconv.Atoi(strings.TrimSpace(m.Number))
			if err != nil || n <= 0 {
				return nil, errors.New("CMVP list: bad certificate number " + strconv.Quote(m.Number))
			}
			if seen[n] {
				continue
			}
			seen[n] = true
			c := CMVPCert{Cert: n, Status: m.Status, Standard: m.Standard, Vendor: m.Vendor, Module: m.Module}
			if c.Vendor != "" {
				if d := domains[registers.NormName(c.Vendor)]; d != "" {
					c.VendorWebsite = "https://" + d
				}
			}
			if m.Validation != "" {
				c.ValidationDates = []string{m.Validation}
			}
			if m.Sunset != "" {
				s := m.Sunset
				c.SunsetDate = &s
			}
			certs = append(certs, c)
		}
	}
	var queued []CMVPInProcess
	for _, m := range q.InProcess {
		queued = append(queued, CMVPInProcess{Module: m.Module, Vendor: strings.TrimSuffix(m.Vendor, "View Contacts"),
			Standard: m.Standard, Status: strings.Join(strings.Fields(m.Status), " ")})
	}
	cs, err := json.Marshal(certs)
	if err != nil {
		return nil, err
	}
	qs, err := json.Marshal(queued)
	if err != nil {
		return nil, err
	}
	return CMVP(bytes.TrimSpace(cs), qs, gen[:10], registers.CMVPSearchURL)
}
