//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"testing"

	"github.com/certscope/certscope/internal/engine"
)

// These run under Node via go_js_wasm_exec and exercise the real
// syscall/js binding as the service worker calls it.
func binding(t *testing.T) js.Value {
	t.Helper()
	register(newHost())
	cs := js.Global().Get("certscope")
	if cs.Type() != js.TypeObject {
		t.Fatalf("globalThis.certscope not set")
	}
	return cs
}

func TestBindingCheck(t *testing.T) {
	cs := binding(t)
	out := cs.Call("check", "Our cameras are unhackable. 😀 Done.", `{"packs":[]}`).String()
	var res engine.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// JS counts UTF-16 units: the emoji is 2 units.
	if want := js.Global().Get("String").New("Our cameras are unhackable. 😀 Done.").Get("length").Int(); res.Stats.Units != want || want != 36 {
		t.Errorf("units = %d, want %d", res.Stats.Units, want)
	}
}

func TestBindingBadArgumentsDoNotThrow(t *testing.T) {
	cs := binding(t)
	for _, args := range [][]any{
		{},
		{42},
		{"text", 42},
		{"text", "{not json"},
		{js.Null(), js.Undefined()},
		{"text", `{"packs":["nope"]}`},
	} {
		v := cs.Call("check", args...)
		if v.Type() != js.TypeString {
			t.Fatalf("args %v: want a string, got %v", args, v.Type())
		}
		s := v.String()
		if !strings.HasPrefix(s, `{"error"`) && !strings.Contains(s, `"findings"`) {
			t.Errorf("args %v: got %s", args, s)
		}
	}
}

func TestBindingPacksRulesVersion(t *testing.T) {
	cs := binding(t)
	if !strings.HasPrefix(cs.Call("packs").String(), "[") {
		t.Error("packs is not a JSON array")
	}
	if !strings.HasPrefix(cs.Call("rules").String(), "[") {
		t.Error("rules is not a JSON array")
	}
	if cs.Get("version").String() == "" {
		t.Error("empty version")
	}
}

// Offsets are UTF-16 code units: slicing the JS string with them gives
// back the claim, even after astral characters.
func TestBindingOffsetsAreUTF16(t *testing.T) {
	cs := binding(t)
	text := "😀 Ünïcode 😀😀 — our firmware is unhackable."
	var res engine.Result
	if err := json.Unmarshal([]byte(cs.Call("check", text, "").String()), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no finding for an unhackable claim")
	}
	s := js.Global().Get("String").New(text)
	f := res.Findings[0]
	claim := s.Call("substring", f.Claim.Start, f.Claim.End).String()
	sentence := s.Call("substring", f.Start, f.End).String()
	if !strings.Contains(strings.ToLower(claim), "unhackable") || !strings.Contains(sentence, claim) {
		t.Errorf("claim %q in sentence %q", claim, sentence)
	}
}
