package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps a snapshot refreshed on this machine (in the user cache
// directory) out of the tests: they check the built-in one.
func TestMain(m *testing.M) {
	os.Setenv("CERTSCOPE_REGISTERS", filepath.Join(os.TempDir(), "certscope-no-such-registers-dir"))
	os.Exit(m.Run())
}

// The register contract as tests outside the project read it:
// files[].findings[].register and files[].verifications[].
type regJSON struct {
	Files []struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Register *struct {
				Register, Snapshot, Result string
				Entries                    []struct{ ID, Name, Vendor, Status, Standard, URL string }
			} `json:"register"`
		} `json:"findings"`
		Verifications []struct {
			Claim    struct{ Start, End int } `json:"claim"`
			Register struct {
				Register, Snapshot, Result string
				Entries                    []struct{ ID, URL string }
			} `json:"register"`
		} `json:"verifications"`
	} `json:"files"`
}

func TestCheckSiteJSON(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "page.txt")
	os.WriteFile(f, []byte("wolfCrypt is FIPS 140-3 validated.\nOur appliance is FIPS 140-2 validated.\n"), 0o644)
	code, out, _ := runCLI(t, "", "check", "--site", "www.wolfssl.com", "--format", "json", "--date", "2026-12-01", f)
	var r regJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if code != exitFindings || len(r.Files) != 1 || len(r.Files[0].Verifications) != 1 {
		t.Fatalf("exit %d, %s", code, out)
	}
	v := r.Files[0].Verifications[0]
	if v.Register.Register != "nist-cmvp" || v.Register.Result != "listed" || v.Register.Snapshot != "2026-03-29" || v.Register.Entries[0].ID == "" {
		t.Errorf("verification %+v", v)
	}
	// wolfSSL's certificates are FIPS 140-3: its FIPS 140-2 claim is historical.
	var regs []string
	for _, f := range r.Files[0].Findings {
		if f.Register != nil {
			regs = append(regs, f.Rule+" "+f.Register.Result)
		}
	}
	if len(regs) != 1 || regs[0] != "registers/cmvp-historical historical" {
		t.Errorf("register findings %v", regs)
	}
}

func TestCheckJSONLSite(t *testing.T) {
	in := `{"id": 1, "text": "Akamai is FedRAMP authorized.", "site": "www.akamai.com"}
{"id": 2, "text": "Our platform is FedRAMP compliant.", "site": "www.example.com"}
{"id": 3, "text": "Our platform is FedRAMP compliant."}
`
	_, out, _ := runCLI(t, in, "check", "--jsonl", "--date", "2026-12-01")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %s", len(lines), out)
	}
	type line struct {
		ID       int `json:"id"`
		Findings []struct {
			Rule     string
			Register *struct{ Result string }
		} `json:"findings"`
		Verifications []struct{ Register struct{ Result string } } `json:"verifications"`
	}
	var l [3]line
	for i := range lines {
		if err := json.Unmarshal([]byte(lines[i]), &l[i]); err != nil {
			t.Fatal(err)
		}
	}
	if len(l[0].Verifications) != 1 || len(l[0].Findings) != 0 {
		t.Errorf("line 1: %s", lines[0])
	}
	hasReg := func(x line) bool {
		for _, f := range x.Findings {
			if f.Register != nil && f.Register.Result == "not-listed" {
				return true
			}
		}
		return false
	}
	if !hasReg(l[1]) || hasReg(l[2]) || l[2].Verifications == nil {
		t.Errorf("lines 2 and 3: %s / %s", lines[1], lines[2])
	}
}

func TestCheckHTMLCanonicalSite(t *testing.T) {
	dir := t.TempDir()
	for name, head := range map[string]string{
		"canonical.html": `<link rel="canonical" href="https://www.akamai.com/products/cdn">`,
		"ogurl.html":     `<meta property="og:url" content="https://www.akamai.com/x">`,
		"ogname.html":    `<meta property="og:site_name" content="Akamai">`,
	} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte("<html><head>"+head+"</head><body><p>Our platform is FedRAMP authorized.</p></body></html>"), 0o644)
		_, out, _ := runCLI(t, "", "check", "--format", "json", f)
		var r regJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Files[0].Verifications) != 1 {
			t.Errorf("%s: %s", name, out)
		}
	}
}

func TestRegistersListAndUpdate(t *testing.T) {
	code, out, _ := runCLI(t, "", "registers")
	if code != 0 || !strings.Contains(out, "nist-cmvp            2026-03-29  5204 certificates (1073 active), 333 modules in process") ||
		!strings.Contains(out, "fedramp-marketplace  2026-05-30  797 offerings (510 FedRAMP Authorized)") {
		t.Fatalf("exit %d: %s", code, out)
	}
	files := map[string][]byte{}
	for _, n := range []string{"modules.json", "historical-modules.json", "modules-in-process.json", "fedramp-products.json"} {
		b, err := os.ReadFile("../../testdata/registers/" + n)
		if err != nil {
			t.Fatal(err)
		}
		files["/"+n] = b
	}
	broken := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := files[r.URL.Path]
		if broken && r.URL.Path == "/fedramp-products.json" {
			b = b[:len(b)/3]
		}
		w.Write(b)
	}))
	defer srv.Close()
	dir := t.TempDir()
	// Against the built-in snapshot, the 80-certificate recording is
	// implausibly small: refused, nothing written.
	code, _, errOut := runCLI(t, "", "registers", "update", "--dir", dir, "--cmvp-source", "scraper", "--cmvp-base", srv.URL, "--fedramp-url", srv.URL+"/fedramp-products.json")
	if code == 0 || !strings.Contains(errOut, "plausible") || !strings.Contains(errOut, "downloading") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("a refused update wrote %d files", len(ents))
	}
	// Against a small previous snapshot in DIR it is accepted.
	for _, n := range []string{"nist-cmvp.tsv", "fedramp-marketplace.tsv"} {
		b, _ := os.ReadFile("../../testdata/registers/previous-" + n)
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	code, out, errOut = runCLI(t, "", "registers", "update", "--dir", dir, "--cmvp-source", "scraper", "--cmvp-base", srv.URL, "--fedramp-url", srv.URL+"/fedramp-products.json")
	if code != 0 || !strings.Contains(out, "80 certificates") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "", "registers", "--dir", dir)
	if code != 0 || !strings.Contains(out, "80 certificates (40 active), 12 modules in process") {
		t.Errorf("list: %s", out)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "fedramp-marketplace.tsv"))
	broken = true
	if code, _, _ = runCLI(t, "", "registers", "update", "--dir", dir, "--cmvp-source", "scraper", "--cmvp-base", srv.URL, "--fedramp-url", srv.URL+"/fedramp-products.json"); code == 0 {
		t.Error("a truncated download was accepted")
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "fedramp-marketplace.tsv")); string(after) != string(before) {
		t.Error("a truncated download replaced the snapshot")
	}
}

// The engine uses a refreshed snapshot only when it is valid and no older
// than the built-in one.
func TestNewerSnapshot(t *testing.T) {
	if newerSnapshot(t.TempDir()) != nil {
		t.Error("an empty directory gave a snapshot")
	}
	dir := t.TempDir()
	c, _ := os.ReadFile("../../internal/registers/data/nist-cmvp.tsv")
	f, _ := os.ReadFile("../../internal/registers/data/fedramp-marketplace.tsv")
	write := func(c, f string) {
		os.WriteFile(filepath.Join(dir, "nist-cmvp.tsv"), []byte(c), 0o644)
		os.WriteFile(filepath.Join(dir, "fedramp-marketplace.tsv"), []byte(f), 0o644)
	}
	write(strings.Replace(string(c), "#snapshot\t2026-03-29", "#snapshot\t2026-11-01", 1), string(f))
	if db := newerSnapshot(dir); db == nil || db.CMVP.Date != "2026-11-01" {
		t.Errorf("a newer snapshot was not used: %+v", db)
	}
	write(strings.Replace(string(c), "#snapshot\t2026-03-29", "#snapshot\t2025-01-01", 1), string(f))
	if newerSnapshot(dir) != nil {
		t.Error("an older snapshot was used")
	}
	write(string(c[:len(c)/2]), string(f))
	if newerSnapshot(dir) != nil {
		t.Error("a truncated snapshot was used")
	}
}

// By default the CMVP part reads NIST's pages (--nist-url): against the
// built-in snapshot the 22-certificate recording is implausibly small,
// so nothing is written.
func TestRegistersUpdateReadsNISTPagesByDefault(t *testing.T) {
	pages := map[string]string{
		"/cmvp/modules-in-process/modules-in-process-list": "nist/modules-in-process.html",
		"/fedramp-products.json":                           "fedramp-products.json",
	}
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.RequestURI())
		f := pages[r.URL.Path]
		if r.URL.Path == "/cmvp/validated-modules/search" {
			f = "nist/search-" + strings.ToLower(r.URL.Query().Get("CertificateStatus")) + ".html"
		}
		b, err := os.ReadFile("../../testdata/registers/" + f)
		if f == "" || err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	defer srv.Close()
	dir := t.TempDir()
	code, _, errOut := runCLI(t, "", "registers", "update", "--dir", dir, "--nist-url", srv.URL+"/cmvp", "--fedramp-url", srv.URL+"/fedramp-products.json")
	if code == 0 || !strings.Contains(errOut, "CMVP certificates: 22 against 5204") || !strings.Contains(errOut, "downloading CMVP Historical certificates") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(paths) != 5 || paths[0] != "/cmvp/validated-modules/search?SearchMode=Advanced&CertificateStatus=Active&ValidationYear=0" {
		t.Errorf("requests %q", paths)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("a refused update wrote %d files", len(ents))
	}
}
