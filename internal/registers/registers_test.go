package registers

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestDefaultSnapshots(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(db.Certs) != 5204 || len(db.Queue) != 333 || len(db.Offerings) != 797 {
		t.Errorf("counts %d certificates, %d in process, %d offerings", len(db.Certs), len(db.Queue), len(db.Offerings))
	}
	if db.CMVP.Date != "2026-03-29" || db.FedRAMP.Date != "2026-05-30" {
		t.Errorf("snapshot dates %+v %+v", db.CMVP, db.FedRAMP)
	}
	for _, s := range []Snapshot{db.CMVP, db.FedRAMP} {
		if !strings.HasPrefix(s.Source, "https://") {
			t.Errorf("snapshot without source: %+v", s)
		}
	}
	c, ok := db.Cert(4718)
	if !ok || c.Vendor != "wolfSSL Inc." || c.Standard != "FIPS 140-3" || c.Status != "Active" || c.Domain != "wolfssl.com" {
		t.Errorf("certificate 4718: %+v", c)
	}
	if CertURL(4718) != "https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/4718" {
		t.Error(CertURL(4718))
	}
	if _, ok := db.Cert(99999); ok {
		t.Error("certificate 99999 exists")
	}
	o, ok := db.Offering("F1206061353")
	if !ok || o.CSP != "Akamai" || o.Status != "FedRAMP Authorized" || o.URL() != "https://marketplace.fedramp.gov/products/F1206061353" {
		t.Errorf("offering: %+v", o)
	}
}

func TestByDomainAndName(t *testing.T) {
	db, _ := Default()
	v, dom := db.ByDomain("WWW.RedHat.com.")
	if dom != "redhat.com" || len(v.Certs) != 80 {
		t.Errorf("redhat.com: %q, %d certificates", dom, len(v.Certs))
	}
	if _, dom := db.ByDomain("example.com"); dom != "" {
		t.Errorf("example.com matched %q", dom)
	}
	if v := db.ByName("red hat"); len(v.Certs) != 80 {
		t.Errorf("red hat: %d certificates", len(v.Certs))
	}
	if v := db.ByName("zimperium"); len(v.Queue) == 0 || len(v.Offerings) == 0 || len(v.Certs) != 0 {
		t.Errorf("zimperium: %+v", v)
	}
	if v := db.ByName("amd"); len(v.Certs)+len(v.Queue) == 0 {
		t.Error("the parenthesised short name AMD is not indexed")
	}
}

func TestNormName(t *testing.T) {
	for in, want := range map[string]string{
		"Red Hat(R), Inc.":                 "red hat",
		"Red Hat®, Inc.":                   "red hat",
		"Samsung Electronics Co., Ltd.":    "samsung electronics",
		"Amazon Web Services, Inc":         "amazon web services",
		"Thales DIS (Singapore) Pte. Ltd.": "thales dis",
		"SafeLogic GmbH":                   "safelogic",
		"The Boeing Company":               "boeing",
		"Atos S.A.":                        "atos",
	} {
		if got := NormName(in); got != want {
			t.Errorf("NormName(%q) = %q, want %q", in, got, want)
		}
	}
	if k := NameKeys("Cisco Systems, Inc."); len(k) != 2 || k[1] != "cisco" {
		t.Errorf("NameKeys(Cisco Systems, Inc.) = %q", k)
	}
}

func TestFindNames(t *testing.T) {
	db, _ := Default()
	hits := db.FindNames(FedRAMP, "We run on AWS GovCloud, FedRAMP High authorised.")
	if len(hits) != 1 || hits[0].Norm != "aws govcloud" {
		t.Errorf("AWS GovCloud: %+v", hits)
	}
	// Lower-case common words are not names.
	if hits := db.FindNames(CMVP, "our cloud is secure and uses a hardware security module"); len(hits) != 0 {
		t.Errorf("common words matched: %+v", hits)
	}
	if hits := db.FindNames(CMVP, "Red Hat's libraries"); len(hits) != 1 || hits[0].Norm != "red hat" {
		t.Errorf("Red Hat: %+v", hits)
	}
}

func TestParseRejectsBadSnapshots(t *testing.T) {
	good := "#register\tnist-cmvp\n#snapshot\t2026-03-29\n#source\thttps://csrc.nist.gov/\nV\tVendor\tv.com\tvendor\nC\t1\tA\t3\t0\tM\t\t\n"
	fed := "#register\tfedramp-marketplace\n#snapshot\t2026-05-30\n#source\thttps://x/\nO\tF1\tP\tS\tA\tLow\t\t\tp.com\tp\n"
	if _, err := Parse(good, fed); err != nil {
		t.Fatalf("good snapshot: %v", err)
	}
	for name, bad := range map[string]string{
		"no header":    "V\tVendor\tv.com\tvendor\nC\t1\tA\t3\t0\tM\t\t\n",
		"short line":   good + "C\t2\tActive\n",
		"bad number":   good + "C\tx\tA\t3\t0\tM\t\t\n",
		"bad vendor":   good + "C\t2\tA\t3\t7\tM\t\t\n",
		"bad status":   good + "C\t2\tX\t3\t0\tM\t\t\n",
		"unknown kind": good + "Z\t1\n",
		"truncated":    good[:40],
	} {
		if _, err := Parse(bad, fed); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// TestParseBudget: parsing and indexing the snapshots stays inside the
// 30 ms budget natively (in wasm: GOOS=js GOARCH=wasm go test -bench Load,
// see docs/registers.md).
func TestParseBudget(t *testing.T) {
	best := time.Hour
	for range 3 {
		runtime.GC()
		t0 := time.Now()
		if _, err := Parse(cmvpData, fedrampData); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(t0))
	}
	t.Logf("parse and index: %v (budget 30 ms in wasm; measured with the benchmark, docs/registers.md)", best)
	// On a shared, loaded machine a timing is noisy: fail only on a gross
	// regression (the best of three runs natively is ~9 ms when idle).
	if best > 150*time.Millisecond {
		t.Errorf("parse and index took %v", best)
	}
}

// BenchmarkLoad is what Default does once: parse and index.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(cmvpData, fedrampData); err != nil {
			b.Fatal(err)
		}
	}
}
