package main

import (
	"encoding/json"
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

func TestGuardRecovers(t *testing.T) {
	out := guard(func() string { panic("boom") })
	if !strings.Contains(out, `"internal"`) || !strings.Contains(out, "boom") {
		t.Fatalf("got %s", out)
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
