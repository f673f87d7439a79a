//go:build !(js && wasm)

package kb

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDataLoadsStrictly(t *testing.T) {
	var list []Scheme
	dec := json.NewDecoder(bytes.NewReader(schemesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(All()) {
		t.Fatalf("decoded %d schemes, All() has %d", len(list), len(All()))
	}
}

func TestValidate(t *testing.T) {
	if err := Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateCatchesProblems(t *testing.T) {
	good := Scheme{ID: "x", Name: "X", Scope: "product", Covers: "c", Checked: "2026-12-04",
		Sources: []Source{{Title: "t", URL: "https://example.org/", Quote: "q"}}}
	if err := validate([]Scheme{good}); err != nil {
		t.Fatalf("good scheme rejected: %v", err)
	}
	cases := map[string]func(s *Scheme){
		"missing id":   func(s *Scheme) { s.ID = "" },
		"missing name": func(s *Scheme) { s.Name = "" },
		"scope":        func(s *Scheme) { s.Scope = "gadget" },
		"covers":       func(s *Scheme) { s.Covers = " " },
		"YYYY-MM-DD":   func(s *Scheme) { s.Dates = []DatedFact{{Date: "2025-10", Fact: "f"}} },
		"https source": func(s *Scheme) { s.Sources[0].URL = "http://example.org/" },
		"no quote":     func(s *Scheme) { s.Sources[0].Quote = "" },
		"register":     func(s *Scheme) { s.Register = &Register{Name: "r", URL: "example.org"} },
		"checked":      func(s *Scheme) { s.Checked = "04/12/2026" },
		"scan name":    func(s *Scheme) { s.Names = []string{"<b>"} },
		"evidence":     func(s *Scheme) { s.Evidence = "diploma" },
		"unverified":   func(s *Scheme) { s.Unverified = []string{"mood"} },
	}
	for name, mutate := range cases {
		s := good
		s.Sources = append([]Source(nil), good.Sources...)
		mutate(&s)
		if err := validate([]Scheme{s}); err == nil {
			t.Errorf("%s: not caught", name)
		}
	}
	if err := validate([]Scheme{good, good}); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate id not caught: %v", err)
	}
}

// Facts the research marked unverified must not reach a card.
func TestNoUnverifiedText(t *testing.T) {
	for _, s := range All() {
		s.Unverified = nil // the field that marks them is not text
		b, _ := json.Marshal(s)
		if strings.Contains(strings.ToLower(string(b)), "unverified") {
			t.Errorf("%s mentions %q", s.ID, "unverified")
		}
		if s.NotMeaning == "" {
			t.Errorf("%s: missing not_meaning", s.ID)
		}
	}
}

// The engine and the cards refer to these ids.
func TestReferencedIDs(t *testing.T) {
	for _, id := range []string{"cyber-essentials", "cyber-essentials-plus", "iso-iec-27001", "iso-9001",
		"iso-management-systems", "soc-2", "fips-140-2", "fips-140-3", "hipaa", "gdpr-art42", "ccpa",
		"ndaa-889", "taa", "pci-dss", "privacy-shield-dpf", "eu-cra", "military-grade-encryption",
		"bank-level-security", "unhackable-claims", "uk-gov-ncsc-endorsement", "common-criteria"} {
		if _, ok := Get(id); !ok {
			t.Errorf("missing scheme %q", id)
		}
	}
	if _, ok := Get("no-such-scheme"); ok {
		t.Error("Get found a scheme that does not exist")
	}
}

func TestLawEntriesAndScopes(t *testing.T) {
	n := 0
	for _, s := range All() {
		if strings.HasPrefix(s.ID, "law-") {
			n++
			if s.Scope != "law" {
				t.Errorf("%s: scope %q, want law", s.ID, s.Scope)
			}
		}
	}
	if n < 4 {
		t.Errorf("found %d law-* entries, want 4", n)
	}
	ce, _ := Get("cyber-essentials")
	if ce.Scope != "organisation" || ce.Register == nil || ce.Register.URL != "https://iasme.co.uk/cyber-essentials/" {
		t.Errorf("cyber-essentials: %+v", ce)
	}
}

func TestAllSortedAndGetConsistent(t *testing.T) {
	all := All()
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Fatalf("not sorted at %d: %s >= %s", i, all[i-1].ID, all[i].ID)
		}
	}
	for _, s := range all {
		g, ok := Get(s.ID)
		if !ok || !reflect.DeepEqual(g, s) {
			t.Errorf("Get(%q) disagrees with All()", s.ID)
		}
	}
}
