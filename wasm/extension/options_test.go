package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// parseOptions must accept exactly what json.Unmarshal into checkOptions
// accepts, with the same result.

var optionSeeds = []string{
	`{}`, `null`, ` {"packs":["scope","terms"],"date":"2026-01-02","url":"https://example.com/"} `,
	`{"packs":null}`, `{"packs":[]}`, `{"Packs":["a"],"DATE":"d","Url":"u"}`, `{"packſ":["long s"]}`,
	`{"packs":["a","b"],"packs":[null]}`, `{"packs":["a","b"],"packs":[],"packs":[null,null]}`,
	`{"date":"x","date":null}`, `{"other":{"nested":[1,2.5e-3,true,false,null,"s"]},"url":"u"}`,
	`{"url":"\u0041\ud83d\ude00\ud800x\udc00\\\/\b\f\n\r\t"}`, `{"url":"\ud800\u0041"}`, "{\"url\":\"bad \xff utf8\"}",
	`{"packs":"scope"}`, `{"packs":[1]}`, `{"date":5}`, `{"url":true}`, `[1,2]`, `"s"`, `1`, `true`,
	`{`, `{"packs":[}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a" 1}`, `{"a":1,}`, `{,}`,
	`{"a":"\x"}`, "{\"a\":\"ctl\x01\"}", `{"a":"\u12"}`, `{} {}`, `{}x`, `nul`, ``, ` `, `{"a":[1,]}`,
	`{"a":tru}`, `{"a":nulll}`, `{"compact":true}`, `{"compact":false}`, `{"compact":null}`,
	`{"compact":true,"compact":null}`, `{"compact":1}`, `{"compact":"true"}`, `{"Compact":truex}`, `{"compact":fals}`, `{"a":-0.5E+10}`, `{"\u0070acks":["escaped key"]}`,
}

func unmarshalOptions(s string) (checkOptions, error) {
	var o checkOptions
	err := json.Unmarshal([]byte(s), &o)
	return o, err
}

func checkParity(t *testing.T, s string) {
	t.Helper()
	want, wantErr := unmarshalOptions(s)
	got, gotErr := parseOptions(s)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, encoding/json says %v", s, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %#v, encoding/json gives %#v", s, got, want)
	}
}

func TestParseOptionsMatchesEncodingJSON(t *testing.T) {
	for _, s := range optionSeeds {
		checkParity(t, s)
	}
	// encoding/json's nesting limit.
	for _, depth := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		checkParity(t, `{"x":`+strings.Repeat("[", depth-1)+strings.Repeat("]", depth-1)+`}`)
	}
}

func FuzzParseOptions(f *testing.F) {
	for _, s := range optionSeeds {
		f.Add(s)
	}
	f.Fuzz(checkParity)
}

func TestFoldKey(t *testing.T) {
	for k, want := range map[string]string{"packs": "PACKS", "PaCkS": "PACKS", "packſ": "PACKS", "url": "URL", "compact": "COMPACT", "Ü": "Ü"} {
		if got := foldKey(k); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", k, got, want)
		}
	}
}
