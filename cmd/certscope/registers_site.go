package main

import "github.com/certscope/certscope/internal/registers/pagesite"

// htmlSite is the site an HTML page declares for itself.
func htmlSite(src []byte) string { return pagesite.FromHTML(src) }
