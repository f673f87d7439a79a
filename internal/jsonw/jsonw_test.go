package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

// want encodes s with encoding/json, with or without HTML escaping.
func want(t *testing.T, s string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ slash`, "<b>&amp;</b>", "tab\tnl\n\x00\x1f", "\u2028\u2029", "emoji 🛡️", "bad \xff\xfe utf8", "\u202Eelbakcahnu"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, esc := range []bool{false, true} {
			if got, w := string(AppendString(nil, s, esc)), want(t, s, esc); got != w {
				t.Fatalf("AppendString(%q, %v) = %s, encoding/json gives %s", s, esc, got, w)
			}
		}
	})
}
