package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

var indentSeeds = []string{
	`{}`, `[]`, `{"a":1}`, `{"a":[],"b":{},"c":[1,2,{"d":null}]}`, `"s"`, `1.5e3`, `true`,
	`{"title":"x","sources":[{"title":"t","url":"https://a/?q={}[],:","quote":"say \"hi\", [ok]: \\"}],"verify":{"name":"n","url":"u"}}`,
	`[[[]],[{}],{"k":[{}]}]`, `{"x":0,"title":"a\u2028b"}`, ` { "a" : [ 1 , 2 ] } `,
}

func indentParity(t *testing.T, src string) {
	t.Helper()
	// Indent takes compact JSON, what its callers write.
	var compact bytes.Buffer
	if json.Compact(&compact, []byte(src)) != nil {
		return
	}
	var want bytes.Buffer
	if err := json.Indent(&want, compact.Bytes(), "    ", "  "); err != nil {
		t.Fatal(err)
	}
	if got := Indent(nil, compact.Bytes(), "    ", "  "); string(got) != want.String() {
		t.Errorf("Indent(%s):\n got %s\nwant %s", src, got, want.String())
	}
}

func TestIndentMatchesEncodingJSON(t *testing.T) {
	for _, s := range indentSeeds {
		indentParity(t, s)
	}
}

func FuzzIndent(f *testing.F) {
	for _, s := range indentSeeds {
		f.Add(s)
	}
	f.Fuzz(indentParity)
}
