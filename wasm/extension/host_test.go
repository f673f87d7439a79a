package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/engine"
)

func newHost() host { return host{eng: engine.Default()} }

func TestCheckReturnsFindingsJSON(t *testing.T) {
	out := newHost().Check("Our cameras are unhackable.", `{"date":"2026-01-02","url":"https://example.com/"}`)
	var res engine.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not a result: %v: %s", err, out)
	}
	if res.Findings == nil {
		t.Fatalf("findings must be an array, got %s", out)
	}
	if res.Stats.Units != len("Our cameras are unhackable.") {
		t.Errorf("units = %d", res.Stats.Units)
	}
	if !strings.Contains(out, `"findings":[`) {
		t.Errorf("findings not an array: %s", out)
	}
}

func TestCheckEmptyTextAndOptions(t *testing.T) {
	out := newHost().Check("", "")
	if !strings.Contains(out, `"findings":[]`) {
		t.Fatalf("want empty findings array, got %s", out)
	}
}

func TestCheckErrors(t *testing.T) {
	h := newHost()
	for _, c := range []struct{ opts, code string }{
		{`{`, "bad_options"},
		{`[1,2]`, "bad_options"},
		{`{"date":"yesterday"}`, "bad_options"},
		{`{"packs":["no-such-pack"]}`, "unknown_pack"},
	} {
		out := h.Check("text", c.opts)
		var e errResponse
		if err := json.Unmarshal([]byte(out), &e); err != nil || e.Error.Code != c.code {
			t.Errorf("opts %s: want error %s, got %s", c.opts, c.code, out)
		}
	}
}

func TestCheckTooLarge(t *testing.T) {
	out := newHost().Check(strings.Repeat("a", 3*maxUnits+1), "")
	if !strings.Contains(out, `"too_large"`) {
		t.Fatalf("want too_large, got %.200s", out)
	}
}

func TestGuardRecoversWithoutLeakingInput(t *testing.T) {
	const page = "Our secret roadmap: unhackable 😀"
	out := guard(page, func() string { panic("boom: " + page) })
	var e errResponse
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.Error.Code != "engine_panic" {
		t.Fatalf("got %s", out)
	}
	if strings.Contains(out, "secret") || strings.Contains(out, "boom") {
		t.Errorf("panic report quotes the input: %s", out)
	}
	in := e.Error.Input
	if in == nil || in.Bytes != len(page) || in.Units != 33 || len(in.FNV) != 16 {
		t.Errorf("input identity %+v", in)
	}
	// The same input gives the same hash (a report can be matched to a
	// page the user chooses to share), a different one another.
	if again := guard(page, func() string { panic("x") }); !strings.Contains(again, in.FNV) {
		t.Errorf("hash not stable: %s", again)
	}
	if other := guard(page+".", func() string { panic("x") }); strings.Contains(other, in.FNV) {
		t.Errorf("hash does not tell inputs apart: %s", other)
	}
	if !strings.Contains(e.Error.Message, "TestGuardRecoversWithoutLeakingInput") {
		t.Errorf("panic site not named: %s", e.Error.Message)
	}
}

func TestGuardKeepsRuntimeErrors(t *testing.T) {
	out := guard("abc", func() string {
		var s []int
		return fmt.Sprint(s[len("abc")])
	})
	if !strings.Contains(out, "index out of range") {
		t.Errorf("runtime error not reported: %s", out)
	}
}

func TestCheckPanicIsReported(t *testing.T) {
	testPanic = func(text string) {
		if strings.Contains(text, "PANIC") {
			panic(text)
		}
	}
	defer func() { testPanic = nil }()
	h := newHost()
	if out := h.Check("please PANIC here", ""); !strings.Contains(out, `"engine_panic"`) || strings.Contains(out, "please") {
		t.Errorf("got %s", out)
	}
	if out := h.Check("Our cameras are unhackable.", ""); !strings.Contains(out, `"findings":[{`) {
		t.Errorf("the host must keep working after a panic: %s", out)
	}
}

func TestPacksAndRules(t *testing.T) {
	h := newHost()
	var packs []engine.PackInfo
	if err := json.Unmarshal([]byte(h.Packs()), &packs); err != nil || len(packs) == 0 {
		t.Fatalf("packs: %v %s", err, h.Packs())
	}
	var rules []engine.RuleInfo
	if err := json.Unmarshal([]byte(h.Rules()), &rules); err != nil || len(rules) == 0 {
		t.Fatalf("rules: %v %s", err, h.Rules())
	}
	// Every rule belongs to a listed pack.
	ids := map[string]bool{}
	for _, p := range packs {
		ids[p.ID] = true
	}
	for _, r := range rules {
		if !ids[r.Pack] {
			t.Errorf("rule %s names unknown pack %s", r.ID, r.Pack)
		}
	}
}
