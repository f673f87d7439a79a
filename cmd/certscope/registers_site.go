package main

import (
	"path/filepath"
	"strings"

	"github.com/certscope/certscope/internal/registers/pagesite"
)

// isHTMLInput reports whether extract reads name as HTML.
func isHTMLInput(name string, src []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return name == "-" && looksLikeHTML(src)
}

// htmlSite is the site an HTML page declares for itself.
func htmlSite(src []byte) string { return pagesite.FromHTML(src) }
