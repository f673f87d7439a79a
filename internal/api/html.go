package api

import "github.com/certscope/certscope/internal/htmltext"

// extractText returns the visible text of an HTML document, the same text
// `certscope check` sees; finding offsets refer to it.
func extractText(doc string) string {
	return htmltext.FromHTML([]byte(doc)).String()
}
