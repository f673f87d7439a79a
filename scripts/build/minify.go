package main

import (
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// Minify kinds, by file extension; they are also the report's keys.
var kindByExt = map[string]string{
	".js": "js", ".mjs": "js", ".css": "css", ".html": "html", ".htm": "html",
	".json": "json", ".svg": "svg",
}

var mimeByKind = map[string]string{
	"js": "text/javascript", "css": "text/css", "html": "text/html",
	"json": "application/json", "svg": "image/svg+xml",
}

func minifyKind(name string) string { return kindByExt[strings.ToLower(path.Ext(name))] }

type minifier struct{ m *minify.M }

func newMinifier() *minifier {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	// Keep the document skeleton and quotes: extension pages are small and
	// the e2e tests select by them; savings come from whitespace and scripts.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	// The HTML minifier looks a <script type="module"> body up by its type.
	m.AddFunc("module", js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFunc("importmap", json.Minify)
	return &minifier{m}
}

func (mi *minifier) file(kind string, data []byte) ([]byte, error) {
	out, err := mi.m.Bytes(mimeByKind[kind], data)
	if err != nil {
		return nil, err
	}
	if len(out) > len(data) { // never ship a larger file
		return data, nil
	}
	return out, nil
}
