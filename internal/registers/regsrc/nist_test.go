package regsrc

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The recorded csrc.nist.gov pages (testdata/registers/nist, see the
// README there): search results and Modules In Process as NIST served
// them, trimmed to a few rows; one certificate page reconstructed.
func nistFixture(t *testing.T, name string) []byte { return readFixture(t, "nist/"+name) }

// nistServer serves the recorded pages at NIST's paths, with per-key
// overrides ("search-Historical", "mip", "certificate", "fedramp"). It
// counts the certificate pages asked for.
func nistServer(t *testing.T, override map[string]func(w http.ResponseWriter)) (Sources, *int32) {
	t.Helper()
	var certPages int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, file := "", ""
		switch p := r.URL.Path; {
		case p == "/cmvp/validated-modules/search" && r.URL.Query().Get("SearchMode") == "Advanced":
			st := r.URL.Query().Get("CertificateStatus")
			key, file = "search-"+st, "nist/search-"+strings.ToLower(st)+".html"
		case p == "/cmvp/modules-in-process/modules-in-process-list":
			key, file = "mip", "nist/modules-in-process.html"
		case strings.HasPrefix(p, "/cmvp/certificate/"):
			atomic.AddInt32(&certPages, 1)
			key, file = "certificate", "nist/certificate-"+strings.TrimPrefix(p, "/cmvp/certificate/")+".html"
		case p == "/fedramp-products.json":
			key, file = "fedramp", "fedramp-products.json"
		}
		if f := override[key]; f != nil {
			f(w)
			return
		}
		b, err := os.ReadFile(fixtures + file)
		if file == "" || err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return Sources{CMVP: "nist", NIST: srv.URL + "/cmvp", FedRAMP: srv.URL + "/fedramp-products.json",
		Now: func() time.Time { return time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC) }}, &certPages
}

// pageCerts are the certificates on the recorded search pages.
var pageCerts = []string{"3651", "3093", "3090", "3850", "3518", // active
	"3095", "3197", "2630", "2721", "2997", "2441", "2711", "2779", "2860", "2665", "3141", "2590", "3493", "3495", "3711", "3176", "3488"} // historical

// nistOldSnapshot is the snapshot in use for the NIST tests: the
// built-in snapshot's entries for the certificates on the recorded
// pages except 3651 (whose certificate page the update must read), and
// its first 12 modules in process, dated 2026-01-01.
func nistOldSnapshot(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	emb, err := os.ReadFile("../data/nist-cmvp.tsv")
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, c := range pageCerts[1:] {
		keep[c] = true
	}
	var b bytes.Buffer
	queued := 0
	for _, l := range strings.SplitAfter(string(emb), "\n") {
		f := strings.Split(l, "\t")
		switch {
		case strings.HasPrefix(l, "#snapshot"):
			l = "#snapshot\t2026-01-01\n"
		case f[0] == "C" && !keep[f[1]]:
			continue
		case f[0] == "P":
			if queued++; queued > 12 {
				continue
			}
		}
		b.WriteString(l)
	}
	_, _, files := oldSnapshot(t)
	files[CMVPFile] = b.Bytes()
	dir := t.TempDir()
	for n, data := range files {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

func TestParseNISTPages(t *testing.T) {
	rows, err := parseSearch(nistFixture(t, "search-active.html"), "Active")
	if err != nil {
		t.Fatal(err)
	}
	want := searchRow{Cert: 3651, Vendor: "Microsoft Corporation", Module: "Secure Kernel Code Integrity", Dates: []string{"05/07/2020", "10/05/2022"}, Status: "Active"}
	if len(rows) != 5 || !reflect.DeepEqual(rows[0], want) {
		t.Errorf("active: %d rows, first %+v", len(rows), rows[0])
	}
	if rows, err := parseSearch(nistFixture(t, "search-historical.html"), "Historical"); err != nil || len(rows) != 17 || rows[16].Cert != 3488 {
		t.Errorf("historical: %d rows, %v", len(rows), err)
	}
	if rows, err := parseSearch(nistFixture(t, "search-revoked.html"), "Revoked"); err != nil || len(rows) != 0 {
		t.Errorf("revoked: %d rows, %v", len(rows), err)
	}
	// The active page on the Historical list: a status mismatch.
	if _, err := parseSearch(nistFixture(t, "search-active.html"), "Historical"); err == nil {
		t.Error("active rows accepted as historical")
	}
	q, err := parseMIP(nistFixture(t, "modules-in-process.html"))
	if err != nil {
		t.Fatal(err)
	}
	first := CMVPInProcess{Module: "Thunder Series TH3040S, TH5440S, TH5840S and TH7440S-11", Vendor: "A10 Networks, Inc.", Standard: "FIPS 140-2", Status: "Coordination"}
	if len(q) != 12 || q[0] != first {
		t.Errorf("modules in process: %d, first %+v", len(q), q[0])
	}
	p, err := parseCertPage(nistFixture(t, "certificate-3651.html"))
	if err != nil {
		t.Fatal(err)
	}
	if p != (certPage{Standard: "FIPS 140-2", Status: "Active", Sunset: "9/21/2026", Website: "http://www.microsoft.com", Vendor: "Microsoft Corporation"}) {
		t.Errorf("certificate page %+v", p)
	}
}

func TestUpdateFromNISTPages(t *testing.T) {
	src, certPages := nistServer(t, nil)
	dir, _ := nistOldSnapshot(t)
	prev, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	n, err := Update(context.Background(), http.DefaultClient, src, dir, prev, func(l string) { lines = append(lines, l) })
	if err != nil {
		t.Fatal(err)
	}
	db, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if db.CMVP.Date != "2026-03-30" || n.Certs != 22 || n.Active != 5 || n.Queue != 12 {
		t.Errorf("date %s, counts %+v", db.CMVP.Date, n)
	}
	if *certPages != 1 {
		t.Errorf("%d certificate pages read, want 1 (3651, new to the snapshot)", *certPages)
	}
	// From its certificate page:
	if c, ok := db.Cert(3651); !ok || c.Standard != "FIPS 140-2" || c.Domain != "microsoft.com" || c.Status != "Active" || c.Sunset != "2026-09-21" || c.Last != "2022-10-05" {
		t.Errorf("3651: %+v", c)
	}
	// Carried over from the snapshot in use, status from the search:
	if c, ok := db.Cert(3850); !ok || c.Standard != "FIPS 140-2" || c.Domain != "docusign.com" || c.Status != "Active" || c.Module != "DocuSign Signature Appliance" {
		t.Errorf("3850: %+v", c)
	}
	if c, ok := db.Cert(3488); !ok || c.Status != "Historical" {
		t.Errorf("3488: %+v", c)
	}
	if q := db.Queue[0]; q.Vendor != "A10 Networks, Inc." || q.Status != "Coordination" {
		t.Errorf("queue[0] %+v", q)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "downloading CMVP Active certificates from "+src.NIST+"/validated-modules/search?SearchMode=Advanced&CertificateStatus=Active") {
		t.Errorf("progress %q", lines)
	}
}

func TestUpdateFromNISTFailuresKeepTheOldSnapshot(t *testing.T) {
	hist := nistFixture(t, "search-historical.html")
	mip := nistFixture(t, "modules-in-process.html")
	// A consistent page of 2 historical certificates: 7 certificates in
	// all against 21, outside the plausible range.
	third := bytes.Index(hist, []byte(`<tr id="cert-row-894"`))
	end := bytes.Index(hist, []byte("</tbody>"))
	if third < 0 || end < third {
		t.Fatal("fixture layout changed")
	}
	two := append(append([]byte{}, hist[:third]...), hist[end:]...)
	two = bytes.Replace(two, []byte(`data-total-records="17"`), []byte(`data-total-records="2"`), 1)
	write := func(b []byte) func(w http.ResponseWriter) { return func(w http.ResponseWriter) { w.Write(b) } }
	cases := map[string]struct {
		override map[string]func(w http.ResponseWriter)
		want     string
	}{
		"malformed search page":        {map[string]func(w http.ResponseWriter){"search-Active": write([]byte("<html><body>Too many requests</body></html>"))}, "no search results table"},
		"truncated search page":        {map[string]func(w http.ResponseWriter){"search-Historical": write(hist[:len(hist)*2/3])}, "Historical search results"},
		"search page cut between rows": {map[string]func(w http.ResponseWriter){"search-Historical": write(hist[:third])}, "holds 2 of the 17 certificates"},
		"connection cut short": {map[string]func(w http.ResponseWriter){"search-Revoked": func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "100000")
			w.Write(nistFixture(t, "search-revoked.html")[:5000])
		}}, "CMVP Revoked certificates"},
		"truncated modules in process": {map[string]func(w http.ResponseWriter){"mip": write(mip[:len(mip)/2])}, "modules in process"},
		"malformed certificate page":   {map[string]func(w http.ResponseWriter){"certificate": write([]byte("<html><body><p>Certificate not found</p></body></html>"))}, "certificate page 3651"},
		"certificate page error":       {map[string]func(w http.ResponseWriter){"certificate": func(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }}, "certificate 3651"},
		"counts out of range":          {map[string]func(w http.ResponseWriter){"search-Historical": write(two)}, "plausible"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			src, _ := nistServer(t, c.override)
			dir, files := nistOldSnapshot(t)
			prev, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Update(context.Background(), http.DefaultClient, src, dir, prev, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want one mentioning %q", err, c.want)
			}
			unchanged(t, dir, files)
		})
	}
}

func TestUpdateBoundsCertificatePages(t *testing.T) {
	src, certPages := nistServer(t, nil)
	src.CertPages = 0
	dir, files := nistOldSnapshot(t)
	// Against a snapshot without any of these certificates, 22 pages
	// would be needed: more than a bound of 5.
	src.CertPages = 5
	prev, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	prev.Certs = nil
	if _, err := Update(context.Background(), http.DefaultClient, src, dir, prev, nil); err == nil || !strings.Contains(err.Error(), "22 certificates are new") {
		t.Fatalf("err %v", err)
	}
	if *certPages != 0 {
		t.Errorf("%d certificate pages read", *certPages)
	}
	unchanged(t, dir, files)
}
