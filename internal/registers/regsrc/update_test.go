package regsrc

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/registers"
)

const fixtures = "../../../testdata/registers/"

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixtures + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recorded serves the recorded downloads, with per-path overrides.
func recorded(t *testing.T, override map[string]func(w http.ResponseWriter)) (*httptest.Server, Sources) {
	files := map[string][]byte{}
	for _, n := range []string{"modules.json", "historical-modules.json", "modules-in-process.json", "fedramp-products.json"} {
		files["/"+n] = readFixture(t, n)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := override[r.URL.Path]; f != nil {
			f(w)
			return
		}
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv, Sources{CMVPBase: srv.URL, FedRAMP: srv.URL + "/fedramp-products.json"}
}

// oldSnapshot writes a previous snapshot made from the fixtures, dated
// earlier, into a new directory, and returns it with its files' bytes.
func oldSnapshot(t *testing.T) (string, *registers.DB, map[string][]byte) {
	t.Helper()
	c, err := CMVPFromLists(readFixture(t, "modules.json"), readFixture(t, "historical-modules.json"), readFixture(t, "modules-in-process.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := FedRAMP(readFixture(t, "fedramp-products.json"), "https://example.org/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	c = bytes.Replace(c, []byte("#snapshot\t2026-03-29"), []byte("#snapshot\t2026-01-01"), 1)
	f = bytes.Replace(f, []byte("#snapshot\t2026-05-30"), []byte("#snapshot\t2026-01-01"), 1)
	dir := t.TempDir()
	files := map[string][]byte{CMVPFile: c, FedRAMPFile: f}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, db, files
}

// unchanged checks that dir holds exactly the old files and no leftovers.
func unchanged(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(files) {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v", names)
	}
	for n, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s changed (err %v)", n, err)
		}
	}
}

func TestUpdateSuccess(t *testing.T) {
	_, src := recorded(t, nil)
	src.CMVP = "scraper"
	dir, prev, _ := oldSnapshot(t)
	var lines []string
	n, err := Update(context.Background(), http.DefaultClient, src, dir, prev, func(l string) { lines = append(lines, l) })
	if err != nil {
		t.Fatal(err)
	}
	db, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if db.CMVP.Date != "2026-03-29" || db.FedRAMP.Date != "2026-05-30" {
		t.Errorf("dates %s %s", db.CMVP.Date, db.FedRAMP.Date)
	}
	if n.Certs != 80 || n.Queue != 12 || n.Offerings != 40 || len(db.Certs) != 80 {
		t.Errorf("counts %+v", n)
	}
	if c, ok := db.Cert(4718); !ok || c.Vendor != "wolfSSL Inc." || c.Status != "Active" {
		t.Errorf("certificate 4718: %+v", c)
	}
	if len(lines) < 5 || !strings.Contains(strings.Join(lines, "\n"), "downloading CMVP active modules") {
		t.Errorf("progress %q", lines)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("%d files in the directory, want 2", len(ents))
	}
}

func TestUpdateFailuresKeepTheOldSnapshot(t *testing.T) {
	feed := readFixture(t, "fedramp-products.json")
	few := bytes.Replace(feed, []byte(`"total_products": 40`), []byte(`"total_products": 3`), 1)
	// Keep the first three products: cut after the third "id".
	parts := bytes.SplitN(few, []byte(`{
   "id"`), 5)
	few = append(bytes.Join(parts[:4], []byte(`{
   "id"`)), nil...)
	few = append(bytes.TrimRight(bytes.TrimSpace(few), ","), []byte("]}")...)
	cases := map[string]map[string]func(w http.ResponseWriter){
		"malformed": {"/modules.json": func(w http.ResponseWriter) { w.Write([]byte("<html>rate limited</html>")) }},
		"truncated body": {"/fedramp-products.json": func(w http.ResponseWriter) {
			w.Write(feed[:len(feed)/2])
		}},
		"connection cut short": {"/historical-modules.json": func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "1000000")
			w.Write([]byte(`{"metadata": {}, "modules": [`))
		}},
		"server error":        {"/modules-in-process.json": func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) }},
		"counts out of range": {"/fedramp-products.json": func(w http.ResponseWriter) { w.Write(few) }},
	}
	for name, override := range cases {
		t.Run(name, func(t *testing.T) {
			_, src := recorded(t, override)
			src.CMVP = "scraper"
			dir, prev, files := oldSnapshot(t)
			_, err := Update(context.Background(), http.DefaultClient, src, dir, prev, nil)
			if err == nil {
				t.Fatal("update succeeded")
			}
			if name == "counts out of range" && !strings.Contains(err.Error(), "plausible") {
				t.Errorf("error %v", err)
			}
			unchanged(t, dir, files)
		})
	}
}

func TestUpdateRejectsAnOlderDownload(t *testing.T) {
	_, src := recorded(t, nil)
	src.CMVP = "scraper"
	dir, _, files := oldSnapshot(t)
	c, _ := os.ReadFile(filepath.Join(dir, CMVPFile))
	f, _ := os.ReadFile(filepath.Join(dir, FedRAMPFile))
	prev, err := registers.Parse(strings.Replace(string(c), "2026-01-01", "2026-12-01", 1), string(f))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Update(context.Background(), http.DefaultClient, src, dir, prev, nil); err == nil || !strings.Contains(err.Error(), "older") {
		t.Fatalf("err %v", err)
	}
	unchanged(t, dir, files)
}

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"http://www.entrust.com":       "entrust.com",
		"https://www.akamai.com/legal": "akamai.com",
		"www.example.co.uk":            "example.co.uk",
		"":                             "",
	} {
		if got := Domain(in); got != want {
			t.Errorf("Domain(%q) = %q, want %q", in, got, want)
		}
	}
}
