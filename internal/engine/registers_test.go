package engine

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// Register checks on real entries of the snapshots in internal/registers/data
// (NIST CMVP of 2026-03-29, FedRAMP Marketplace of 2026-05-30).

var (
	afterSunset  = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) // FIPS 140-2 all Historical
	beforeSunset = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
)

type regCase struct {
	name, site, text string
	date             time.Time
	verified         bool     // a verification, no finding on the claim
	rule, result     string   // the register finding expected (when !verified)
	ids              []string // entry ids the register object must hold
	says             []string // phrases the message or explanation must hold
}

func TestRegisterChecks(t *testing.T) {
	cases := []regCase{
		{name: "active FIPS 140-3 certificates", site: "www.wolfssl.com", text: "wolfCrypt is FIPS 140-3 validated.", date: afterSunset,
			verified: true, ids: []string{"4718", "5041"}, says: []string{"active FIPS 140-3 certificates for wolfSSL Inc.: #4718, #5041", "2026-03-29"}},
		{name: "third party named in the sentence", site: "blog.example.org", text: "We run on AWS GovCloud, FedRAMP High authorised.", date: afterSunset,
			verified: true, ids: []string{"F1603047866"}, says: []string{"FedRAMP Authorized (FedRAMP High)"}},
		{name: "RHEL's FIPS-certified libraries", site: "www.redhat.com", text: "RHEL's FIPS-certified libraries are used everywhere.", date: afterSunset,
			verified: true, says: []string{"active FIPS 140-3 certificates for Red Hat"}},
		{name: "FIPS 140-2 only, after 2026-09-21", site: "www.rsa.com", text: "Our toolkit is FIPS 140-2 validated.", date: afterSunset,
			rule: "registers/cmvp-historical", result: "historical", ids: []string{"4197"}, says: []string{"#4197", "since 21 September 2026"}},
		{name: "FIPS 140-2 only, before 2026-09-21", site: "www.rsa.com", text: "Our toolkit is FIPS 140-2 validated.", date: beforeSunset,
			verified: true, ids: []string{"4197"}},
		{name: "modules in process only", site: "www.zimperium.com", text: "Zimperium's mobile security engine is FIPS 140-3 validated.", date: afterSunset,
			rule: "registers/cmvp-in-process", result: "in-process", says: []string{"Modules In Process", "not validated"}},
		{name: "domain not listed", site: "www.example.com", text: "Our appliance is FIPS 140-3 validated.", date: afterSunset,
			rule: "registers/cmvp-not-listed", result: "not-listed", says: []string{"lists no FIPS 140 certificate for a vendor whose website is on example.com", "2026-03-29", "certificate number"}},
		{name: "certificate of another vendor", site: "www.redhat.com", text: "Our OpenSSL provider is FIPS 140-3 validated (certificate #4718).", date: afterSunset,
			rule: "registers/cmvp-other-vendor", result: "other-vendor", ids: []string{"4718"}, says: []string{"wolfSSL Inc.'s \"wolfCrypt\""}},
		{name: "certificate number in the same block", site: "www.wolfssl.com", text: "wolfCrypt is FIPS 140-3 validated. See CMVP certificate #4718 for details.", date: afterSunset,
			verified: true, ids: []string{"4718"}},
		{name: "certificate number that does not exist", site: "www.wolfssl.com", text: "wolfCrypt is FIPS 140-3 validated (cert. no. 99999).", date: afterSunset,
			rule: "registers/cmvp-not-listed", result: "not-listed", says: []string{"no certificate #99999"}},
		{name: "FedRAMP Authorized offering", site: "www.akamai.com", text: "Akamai's content delivery services are FedRAMP authorized.", date: afterSunset,
			verified: true, ids: []string{"F1206061353"}},
		{name: "FedRAMP Certified label", site: "www.akamai.com", text: "Our platform is FedRAMP Certified.", date: afterSunset,
			verified: true, ids: []string{"F1206061353"}},
		{name: "In Process offering claimed as authorised", site: "www.walkme.com", text: "WalkMe is FedRAMP authorized.", date: afterSunset,
			rule: "registers/fedramp-status-mismatch", result: "status-mismatch", ids: []string{"FR1935661915"}, says: []string{"FedRAMP In Process, not FedRAMP Authorized"}},
		{name: "In Process offering claimed as in process", site: "www.walkme.com", text: "WalkMe DAP is FedRAMP In Process.", date: afterSunset,
			verified: true, ids: []string{"FR1935661915"}},
		{name: "absent from the Marketplace, FedRAMP compliant", site: "www.example.com", text: "Our platform is FedRAMP compliant.", date: afterSunset,
			rule: "registers/fedramp-not-listed", result: "not-listed", says: []string{"lists no offering from a vendor whose website is on example.com"}},
		{name: "package id checked directly", site: "", text: "Our service is FedRAMP authorized (package F1206061353).", date: afterSunset,
			verified: true, ids: []string{"F1206061353"}},
		{name: "package id of another provider", site: "www.walkme.com", text: "WalkMe is FedRAMP authorized, package ID F1206061353.", date: afterSunset,
			rule: "registers/fedramp-other-vendor", result: "other-vendor", ids: []string{"F1206061353"}, says: []string{"Akamai's"}},
		{name: "High claimed, Moderate listed", site: "www.akamai.com", text: "Akamai is FedRAMP High authorized.", date: afterSunset,
			rule: "registers/fedramp-status-mismatch", result: "status-mismatch", says: []string{"none at High"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Default().Check(c.text, Options{Site: c.site, Date: c.date})
			if err != nil {
				t.Fatal(err)
			}
			var regF []Finding
			for _, f := range res.Findings {
				if f.Pack == RegistersPack {
					regF = append(regF, f)
				}
			}
			var reg *Register
			var text string
			if c.verified {
				if len(res.Verifications) != 1 || len(regF) != 0 {
					t.Fatalf("want one verification and no register finding, got %+v / %v", res.Verifications, rulesOf(res.Findings))
				}
				for _, f := range res.Findings {
					if f.Start == res.Verifications[0].Start {
						t.Errorf("a verified claim keeps a wording finding: %s", f.Rule)
					}
				}
				v := res.Verifications[0]
				reg, text = v.Register, v.Message
				if reg.Result != ResultListed || len(v.Sources) == 0 || !strings.HasPrefix(v.Sources[0].URL, "https://") {
					t.Errorf("verification %+v", v)
				}
			} else {
				if len(res.Verifications) != 0 || len(regF) != 1 {
					t.Fatalf("want one register finding, got %v / %+v", rulesOf(res.Findings), res.Verifications)
				}
				f := regF[0]
				if f.Rule != c.rule || f.Register.Result != c.result {
					t.Errorf("got %s %s, want %s %s", f.Rule, f.Register.Result, c.rule, c.result)
				}
				if f.Verify == nil || len(f.Sources) == 0 {
					t.Errorf("finding without verify or sources: %+v", f)
				}
				reg, text = f.Register, f.Message+" "+f.Explanation+" "+f.Suggestion
			}
			if reg.Snapshot == "" || reg.Register == "" {
				t.Errorf("register object %+v", reg)
			}
			have := map[string]bool{}
			for _, e := range reg.Entries {
				have[e.ID] = true
				if !strings.HasPrefix(e.URL, "https://") || e.Status == "" || e.Vendor == "" {
					t.Errorf("entry %+v", e)
				}
			}
			for _, id := range c.ids {
				if !have[id] {
					t.Errorf("entries %+v lack %s", reg.Entries, id)
				}
			}
			for _, s := range c.says {
				if !strings.Contains(text, s) {
					t.Errorf("card %q does not say %q", text, s)
				}
			}
		})
	}
}

// Claims that are not claims, or not checkable, get no register result.
func TestRegisterNonClaims(t *testing.T) {
	for _, text := range []string{
		"Our appliance is not FIPS 140-3 validated.",
		"Is your module FIPS 140-3 validated?",
		"We are pursuing FedRAMP authorization.",
		"FIPS 197 specifies AES.",
		"Avoid saying \"FedRAMP compliant\" in marketing copy.",
		"Our FIPS mode uses approved algorithms.",
	} {
		res, err := Default().Check(text, Options{Site: "www.example.com", Date: afterSunset})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Pack == RegistersPack {
				t.Errorf("%q: register finding %s", text, f.Rule)
			}
		}
		if len(res.Verifications) > 0 {
			t.Errorf("%q: verification %+v", text, res.Verifications)
		}
	}
}

// Without a site or a name, the wording rules stand and the card says how
// to check the register.
func TestRegisterUnidentifiedVendor(t *testing.T) {
	res, err := Default().Check("The appliance is FIPS 140-2 compliant.", Options{Date: afterSunset})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Verifications) != 0 {
		t.Fatalf("verification without a vendor: %+v", res.Verifications)
	}
	found := false
	for _, f := range res.Findings {
		if f.Pack == RegistersPack {
			t.Errorf("register finding without a vendor: %s", f.Rule)
		}
		if strings.Contains(f.Explanation, "could not check this claim against the NIST CMVP register") {
			found = true
		}
	}
	if !found {
		t.Errorf("no wording finding says the register could not be checked: %v", rulesOf(res.Findings))
	}
}

// The registers pack can be turned off, and a name given as the site
// (og:site_name) identifies the vendor.
func TestRegisterPackOffAndSiteName(t *testing.T) {
	res, _ := Default().Check("Our appliance is FIPS 140-3 validated.", Options{Site: "www.example.com", Packs: []string{"validation"}, Date: afterSunset})
	for _, f := range res.Findings {
		if f.Pack == RegistersPack {
			t.Errorf("registers pack off, finding %s", f.Rule)
		}
	}
	res, _ = Default().Check("Our libraries are FIPS 140-3 validated.", Options{Site: "Red Hat", Date: afterSunset})
	if len(res.Verifications) != 1 {
		t.Errorf("site name Red Hat: %+v %v", res.Verifications, rulesOf(res.Findings))
	}
}

// Cards say when a snapshot is older than 90 days, and not before.
func TestRegisterSnapshotAge(t *testing.T) {
	fresh := time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)
	res, _ := Default().Check("wolfCrypt is FIPS 140-3 validated.", Options{Site: "wolfssl.com", Date: fresh})
	if len(res.Verifications) != 1 || strings.Contains(res.Verifications[0].Message, "days old") {
		t.Errorf("fresh snapshot: %+v", res.Verifications)
	}
	res, _ = Default().Check("wolfCrypt is FIPS 140-3 validated.", Options{Site: "wolfssl.com", Date: afterSunset})
	if len(res.Verifications) != 1 || !strings.Contains(res.Verifications[0].Message, "247 days old") {
		t.Errorf("old snapshot: %+v", res.Verifications)
	}
}

// A certificate number is checked even when the vendor is unknown: its
// standard against the claim's, then its status. IP and bare hosts are no
// vendor's site.
func TestRegisterCertNumberWithoutVendor(t *testing.T) {
	for site, want := range map[string]string{"": "status-mismatch", "127.0.0.1": "status-mismatch", "localhost": "status-mismatch"} {
		res, _ := Default().Check("The module in the N-200 gateway was validated under FIPS 140-3 (CMVP certificate #4821).", Options{Site: site, Date: afterSunset})
		var got []string
		for _, f := range res.Findings {
			if f.Register != nil {
				got = append(got, f.Register.Result)
				if !strings.Contains(f.Message, "#4821 (Siemens Government Technologies) is a FIPS 140-2 certificate, not FIPS 140-3") {
					t.Errorf("message %q", f.Message)
				}
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("site %q: %v", site, got)
		}
	}
	for _, site := range []string{"127.0.0.1", "someone.github.io", "github.com", "medium.com"} {
		res, _ := Default().Check("Our appliance is FIPS 140-3 validated.", Options{Site: site, Date: afterSunset})
		for _, f := range res.Findings {
			if f.Register != nil {
				t.Errorf("%s identified a vendor: %s", site, f.Message)
			}
		}
	}
}

// BenchmarkRegisterClaim is the register pass on one claim (the snapshots
// already loaded): find the claim, identify the vendor, look it up.
func BenchmarkRegisterClaim(b *testing.B) {
	e := Default()
	text := "wolfCrypt is FIPS 140-3 validated (certificate #4718). We run on AWS GovCloud, FedRAMP High authorised."
	opt := Options{Site: "www.wolfssl.com", Date: afterSunset}
	if _, vs := e.registerPass(text, nil, opt, afterSunset); len(vs) != 2 {
		b.Fatalf("verifications %+v", vs)
	}
	b.ResetTimer()
	for b.Loop() {
		e.registerPass(text, nil, opt, afterSunset)
	}
}

// Offsets of register results are UTF-16 offsets into the whole text,
// also after non-ASCII text and for later claims.
func TestRegisterOffsetsUTF16(t *testing.T) {
	text := "Ünïcödé 😀 intro.\nwolfCrypt is FIPS 140-3 validated.\n😀😀 More text.\nOur appliance is FIPS 140-3 validated."
	res, _ := Default().Check(text, Options{Site: "www.wolfssl.com", Date: afterSunset})
	u16 := utf16.Encode([]rune(text))
	slice := func(a, b int) string { return string(utf16.Decode(u16[a:b])) }
	if len(res.Verifications) != 2 {
		t.Fatalf("verifications %+v", res.Verifications)
	}
	for _, v := range res.Verifications {
		if got := slice(v.Claim.Start, v.Claim.End); got != "FIPS 140-3 validated" {
			t.Errorf("claim %q", got)
		}
		if got := slice(v.Start, v.End); !strings.HasSuffix(got, "FIPS 140-3 validated.") {
			t.Errorf("sentence %q", got)
		}
	}
}

// FuzzRegisterCheck: any text and site, no panic; register results lie
// inside the text, claims inside their sentences.
func FuzzRegisterCheck(f *testing.F) {
	f.Add("wolfCrypt is FIPS 140-3 validated (certificate #4718).", "www.wolfssl.com")
	f.Add("We run on AWS GovCloud, FedRAMP High authorised, package F1603047866.", "")
	f.Add("FIPS-140-2 certified\u00a0FedRAMP\xff ready, cert. no. 1", "Red Hat")
	f.Add("Cisco Systems FIPS 140 validated", "[::1]:80")
	f.Fuzz(func(t *testing.T, text, site string) {
		res, err := Default().Check(text, Options{Site: site, Date: afterSunset})
		if err != nil {
			t.Fatal(err)
		}
		n := len(utf16.Encode([]rune(text)))
		for _, v := range res.Verifications {
			if v.Start < 0 || v.End > n || v.Claim.Start < v.Start || v.Claim.End > v.End || v.Claim.Start >= v.Claim.End || v.Register == nil {
				t.Fatalf("verification %+v in %d units", v, n)
			}
		}
		for _, f := range res.Findings {
			if f.Start < 0 || f.End > n || f.Claim.Start < f.Start || f.Claim.End > f.End {
				t.Fatalf("finding %+v in %d units", f, n)
			}
		}
	})
}
